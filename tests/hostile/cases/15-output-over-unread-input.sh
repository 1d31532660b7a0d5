# A report never replaces an input the run did not get to read: a run
# stopped early by --max-memory has not read its last files, and a report
# named like one of them is refused before anything is linted.
good_compose small.yml
good_compose other.yml
awk 'BEGIN {
	print "x-env: &env"
	for (i = 0; i < 4000; i++) printf "  K%d: v\n", i
	print "services:"
	for (i = 0; i < 160; i++) printf "  s%d:\n    image: nginx:1.25\n    environment: *env\n", i
}' >big.yml
keep other.yml
ASAN_OPTIONS=detect_leaks=0
export ASAN_OPTIONS
cl -q --max-memory 3M small.yml big.yml other.yml --format json:other.yml
unset ASAN_OPTIONS
expect_rc 2
expect_err "refusing to write a report to 'other.yml'"
expect_kept
