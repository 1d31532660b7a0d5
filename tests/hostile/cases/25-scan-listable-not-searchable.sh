# A directory that can be listed but not searched (mode 644: its names
# are readable, nothing in it can be opened) is named by CL000 and the run
# exits 2, never a silent pass over the files inside it.
mkdir -p scan/a scan/locked/b
good_compose scan/a/compose.yml
good_compose scan/locked/compose.yml
good_compose scan/locked/b/compose.yml
chmod 644 scan/locked
cl_as_nobody -q scan
chmod 755 scan/locked
expect_rc 2
expect_out "^scan/locked: error: cannot read directory 'scan/locked': Permission denied; not searched \[CL000 "
expect_out '^scan/a/compose\.yml:3:12: .*CL201'
