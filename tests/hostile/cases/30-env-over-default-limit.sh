# tags: large
# The default size limit (10 MiB) on a generated 11 MiB .env with the
# deciding variable at its end: CL004, no truncated read, bounded memory.
mkdir p
printf 'services:\n  web:\n    image: nginx:1.25\n    network_mode: ${NM}\n' >p/compose.yml
head -c 11534336 /dev/zero | tr '\0' 'x' | fold -w 100 | sed 's/^/P=/' >p/.env
echo NM=host >>p/.env
CL_MEMORY_MB=512
cl -q p/compose.yml
expect_rc 1
expect_out '^p/\.env:1:1: error: file is larger than the limit of 10485760 bytes; not linted \[CL004 '
expect_out '^p/compose\.yml:3:12: .*CL201'
