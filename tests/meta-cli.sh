#!/bin/sh
# docs/cli.md and the command line agree: every option of
# lint/cli/options.def (long and short form) has its row in docs/cli.md, and
# docs/cli.md names no option the table lacks; the --format row names
# exactly the formats of the reporters' table (lint/report/format.c).
root=$(cd "$(dirname "$0")/.." && pwd)
def=$root/lint/cli/options.def
doc=$root/docs/cli.md
pass=0 fail=0
check() {
	if [ "$1" = 0 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "cli: $2"; fi
}
longs=$(sed -n 's/^OPTION("\([a-z-]*\)".*/\1/p' "$def")
shorts=$(sed -n "s/^OPTION(\"[a-z-]*\", '\(.\)'.*/\1/p" "$def")
[ -n "$longs" ] && [ -n "$shorts" ]; check $? "no options found in $def"
for o in $longs; do
	# the row starts with the option (its short form may come first): a
	# mention in another table is no row
	grep -q "^| \(\`-[a-zA-Z]\`, \)\{0,1\}\`--$o[\` =]" "$doc"; check $? "--$o has no row in docs/cli.md"
done
for o in $shorts; do
	grep -q "^| \`-$o\`" "$doc"; check $? "-$o has no row in docs/cli.md"
done
for o in $(grep -o -- '--[a-z][a-z-]*' "$doc" | sort -u); do
	echo "$longs" | grep -qx -- "${o#--}"; check $? "docs/cli.md names $o, which is not an option"
done
for o in $(grep -o '`-[a-zA-Z][` ]' "$doc" | cut -c3 | sort -u); do
	echo "$shorts" | grep -qx -- "$o"; check $? "docs/cli.md names -$o, which is not an option"
done
formats=$(sed -n 's/^[[:space:]]*\[CL_FMT_[A-Z]*\] = { "\([a-z]*\)".*/\1/p' "$root/lint/report/format.c")
documented=$(grep '^| `--format' "$doc" | sed 's/^[^(]*(\([^)]*\)).*/\1/' | grep -o '`[a-z]*`' | tr -d '`')
[ -n "$formats" ]; check $? "no formats found in lint/report/format.c"
for f in $formats; do
	echo "$documented" | grep -qx "$f"; check $? "docs/cli.md --format does not name the format $f"
done
for f in $documented; do
	echo "$formats" | grep -qx "$f"; check $? "docs/cli.md --format names $f, which is not a format"
done
echo "cli: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
