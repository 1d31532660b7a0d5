# --timeout: standard input that arrives after the time limit; the run
# stops at its next step (whatever the machine's speed), reports the files
# before with CL004 at the file it stopped in, and exits 2.
good_compose small.yml
mkfifo slow
(sleep 3; cat small.yml) >slow &
CL_STDIN=slow
# a stop leaves the buffers of the step it cut short to the process's end
ASAN_OPTIONS=detect_leaks=0
export ASAN_OPTIONS
cl -q --timeout 1 small.yml -
unset ASAN_OPTIONS
CL_STDIN=/dev/null
wait
expect_rc 2
expect_out '^<stdin>:1:1: error: the run stopped at the time limit of 1 seconds \(--timeout\); .*\[CL004 '
expect_out '^small\.yml:3:12: .*CL201'
cl -q --timeout soon small.yml
expect_rc 2
