# Paths given on the command line may be anything readable: standard input,
# a FIFO with a writer, a device; read with the same size limit (CL004).
CL_TIMEOUT=10
printf 'services:\n  web:\n    image: nginx:1.25\n    network_mode: ${NM}\n' >compose.yml
printf 'NM=host\n' >env
mkfifo c.fifo e.fifo
cat compose.yml >c.fifo &
cat env >e.fifo &
cl -q --env-file e.fifo c.fifo
wait
expect_rc 1
expect_out '^c\.fifo:4:19: error: .*\[CL304 '
CL_STDIN=compose.yml
cl -q -
expect_rc 0
expect_out '^<stdin>:3:12: .*CL201'
CL_STDIN=/dev/null
cl -q --max-file-size 4096 /dev/zero
expect_rc 1
expect_out '^/dev/zero:1:1: error: file is larger than the limit of 4096 bytes; not linted \[CL004 '
cl -q --max-file-size 4096 --env-file /dev/zero compose.yml
expect_rc 1
expect_out '^/dev/zero:1:1: error: .*\[CL004 '
