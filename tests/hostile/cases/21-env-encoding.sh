# NUL bytes and invalid UTF-8 in a .env are CL005 at the byte, as in compose
# files; the file is not read (a NUL would cut the value short).
mkdir p
printf 'services:\n  web:\n    image: nginx:1.25\n    network_mode: ${NM}\n' >p/compose.yml
printf 'A=1\nNM=ho\000st\n' >p/.env
cl -q p/compose.yml
expect_rc 1
expect_out '^p/\.env:2:6: error: NUL byte in a \.env file \(byte offset 9\) \[CL005 '
expect_out '^p/compose\.yml:3:12: .*CL201'
printf 'A=1\nNM=h\303(ost\n' >p/.env
cl -q p/compose.yml
expect_rc 1
expect_out '^p/\.env:2:5: error: invalid UTF-8 .*\(byte offset 8\) \[CL005 '
printf 'NM=h\377\n' >web.env
rm p/.env
cl -q --env-file web.env p/compose.yml
expect_rc 1
expect_out '^web\.env:1:5: error: .*\[CL005 '
