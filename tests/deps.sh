#!/bin/sh
# The folders of lint/ depend one way: each may include its own headers and
# those of the folders listed for it here, nothing else.  Every quoted #include of every file under lint/ is held to
# this table; a folder missing from it fails, so a new folder must say what
# it may include.
root=$(cd "$(dirname "$0")/.." && pwd)
allowed() {
	case $1 in
	base) echo "" ;;
	core) echo "base" ;;
	yaml) echo "base" ;;
	compose) echo "yaml base" ;;
	rules) echo "compose yaml core base" ;;
	policy) echo "compose yaml core base" ;;
	engine) echo "rules policy compose yaml core base" ;;
	report) echo "core base" ;;
	cli) echo "engine report rules policy compose yaml core base" ;;
	*) echo "?" ;;
	esac
}
pass=0 fail=0
for dir in "$root"/lint/*/; do
	from=$(basename "$dir")
	ok=$(allowed "$from")
	if [ "$ok" = "?" ]; then
		fail=$((fail + 1))
		echo "deps: lint/$from/ is not in tests/deps.sh: say what it may include"
		continue
	fi
	for f in $(find "$dir" -type f \( -name '*.c' -o -name '*.h' -o -name '*.def' \) | sort); do
		for inc in $(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' "$f"); do
			case $inc in
			*/*) to=${inc%%/*} ;;
			*) to=$from ;;  # beside the file
			esac
			good=1
			[ "$to" = "$from" ] && good=0
			for a in $ok; do
				[ "$to" = "$a" ] && good=0
			done
			if [ $good = 0 ]; then
				pass=$((pass + 1))
			else
				fail=$((fail + 1))
				echo "deps: ${f#"$root"/} includes \"$inc\"; $from may include only: ${ok:-nothing}"
			fi
		done
	done
done
echo "deps: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
