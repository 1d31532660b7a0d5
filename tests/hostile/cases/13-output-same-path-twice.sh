# Two reports naming one file are a usage error (exit 2), whatever the
# spelling; nothing is written.
good_compose compose.yml
mkdir out
cl -q --format json:out/r --format sarif:./out/../out/r compose.yml
expect_rc 2
expect_err "same file"
expect "a report was written" [ ! -e out/r ]
cl -q --format json:out/r -o out/r compose.yml
expect_rc 2
