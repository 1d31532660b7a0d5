# --max-memory: the run stops before the allocation that would pass it,
# reports the findings so far with CL004 at the file it stopped in, and
# exits 2; a bad size is a usage error.
good_compose small.yml
shared_env_compose big.yml
# a stop leaves the buffers of the step it cut short to the process's end
ASAN_OPTIONS=detect_leaks=0
export ASAN_OPTIONS
cl -q --max-memory 3M small.yml big.yml
unset ASAN_OPTIONS
expect_rc 2
expect_out "^big\\.yml:1:1: error: the run stopped: composelint's memory reached the limit of 3145728 bytes \\(--max-memory\\); .*\\[CL004 "
expect_out '^small\.yml:3:12: .*CL201'
cl -q --max-memory 2X small.yml
expect_rc 2
expect_err "^composelint: --max-memory takes a size in bytes"
cl -q --max-memory 0 small.yml
expect_rc 0
