# A report never replaces an input the run did not get to read: a run
# stopped early by --max-memory has not read its last files, and a report
# named like one of them is refused before anything is linted.
good_compose small.yml
good_compose other.yml
shared_env_compose big.yml
keep other.yml
ASAN_OPTIONS=detect_leaks=0
export ASAN_OPTIONS
cl -q --max-memory 3M small.yml big.yml other.yml --format json:other.yml
unset ASAN_OPTIONS
expect_rc 2
expect_err "refusing to write a report to 'other.yml'"
expect_kept
