# Hidden directories and node_modules stay skipped without a word, and an
# empty directory is "no compose files" (exit 2), not a sanitizer abort
# (qsort() of an empty list).
mkdir -p scan/.git scan/node_modules/x scan/a empty
good_compose scan/a/compose.yml
printf 'services: [\n' >scan/.git/compose.yml
printf 'services: [\n' >scan/node_modules/x/compose.yml
cl -q scan
expect_rc 0
expect_out '^scan/a/compose\.yml'
expect_no_out 'node_modules|\.git|CL000|CL004'
cl -q empty
expect_rc 2
expect_err "no compose files under 'empty'"
expect_no_err 'runtime error|Sanitizer'
