# --timeout: standard input that arrives after the time limit; the run
# stops at its next step (whatever the machine's speed), reports the files
# before with CL004 at the file it stopped in, and exits 2.
good_compose small.yml
mkfifo slow
(sleep 3; cat small.yml) >slow &
CL_STDIN=slow
cl -q --timeout 1 small.yml -
CL_STDIN=/dev/null
wait
expect_rc 2
expect_out '^<stdin>:1:1: error: the run stopped at the time limit of 1 seconds \(--timeout\); .*\[CL004 '
expect_out '^small\.yml:3:12: .*CL201'
cl -q --timeout soon small.yml
expect_rc 2
