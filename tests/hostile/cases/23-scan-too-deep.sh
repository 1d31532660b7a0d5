# Directories deeper than the scan's depth limit (64) are named in a CL004
# finding and the run exits 2; shallower projects are still linted.
mkdir -p scan/a
good_compose scan/a/compose.yml
d=scan/deep
i=0
while [ $i -lt 70 ]; do d=$d/d; i=$((i + 1)); done
mkdir -p "$d"
good_compose "$d/compose.yml"
cl -q scan
expect_rc 2
expect_out "^scan/deep(/d)+: error: directory 'scan/deep(/d)+' is nested more than 64 levels below 'scan'; not searched \[CL004 "
expect_out '^scan/a/compose\.yml:3:12: .*CL201'
