# A directory scan never skips an unreadable subdirectory silently: CL000
# names it and the run exits 2; the readable projects are still linted.
# As nobody when root (root reads everything).
mkdir -p scan/a scan/locked/b
good_compose scan/a/compose.yml
good_compose scan/locked/b/compose.yml
chmod 000 scan/locked
cl_as_nobody -q scan
chmod 755 scan/locked
expect_rc 2
expect_out "^scan/locked: error: cannot read directory 'scan/locked': Permission denied; not searched \[CL000 "
expect_out '^scan/a/compose\.yml:3:12: .*CL201'
