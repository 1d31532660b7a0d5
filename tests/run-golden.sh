#!/bin/sh
# Golden end-to-end cases: each directory under tests/golden/ is one case.
#
#   args          the command line after `composelint` (default: compose.yml)
#   stdin         fed to standard input when present
#   expected.out  exact standard output
#   expected.err  exact standard error (absent: must be empty)
#   expected.rc   exact exit status
#
# The binary runs inside the case directory with --color=never appended, so
# paths in the output are relative and stable.  BLESS=1 rewrites the expected
# files from the actual output (review the diff); VALGRIND=1 runs each case
# under valgrind and fails on any memory error or leak.
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$(cd "$(dirname "$0")" && pwd)/golden
pass=0 fail=0 n=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for dir in "$root"/*/; do
	case=$(basename "$dir")
	n=$((n + 1))
	args=compose.yml
	[ -f "$dir/args" ] && args=$(cat "$dir/args")
	in=/dev/null
	[ -f "$dir/stdin" ] && in="$dir/stdin"
	run="$bin"
	[ -n "$VALGRIND" ] && run="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect $bin"
	# shellcheck disable=SC2086
	(cd "$dir" && eval "$run $args --color=never") <"$in" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ -n "$BLESS" ]; then
		cp "$tmp/out" "$dir/expected.out"
		if [ -s "$tmp/err" ]; then cp "$tmp/err" "$dir/expected.err"; else rm -f "$dir/expected.err"; fi
		echo "$rc" >"$dir/expected.rc"
	fi
	ok=1 why=
	[ -f "$dir/expected.rc" ] || { ok=0; why="no expected.rc"; }
	if [ $ok = 1 ] && [ "$rc" != "$(cat "$dir/expected.rc")" ]; then
		ok=0; why="exit $rc, expected $(cat "$dir/expected.rc")"
	fi
	if [ $ok = 1 ] && ! cmp -s "$tmp/out" "$dir/expected.out"; then
		ok=0; why="stdout differs"; diff -u "$dir/expected.out" "$tmp/out" | head -40
	fi
	experr=/dev/null
	[ -f "$dir/expected.err" ] && experr="$dir/expected.err"
	if [ $ok = 1 ] && ! cmp -s "$tmp/err" "$experr"; then
		ok=0; why="stderr differs"; diff -u "$experr" "$tmp/err" | head -40
	fi
	if [ $ok = 1 ]; then
		pass=$((pass + 1)); echo "ok $n - $case"
	else
		fail=$((fail + 1)); echo "not ok $n - $case: $why"
	fi
done
echo "golden: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
