#!/bin/sh
# The hostile-input matrix: every case is one file in cases/, run in a fresh
# directory of its own with the helpers of lib.sh.  A case passes when all
# its expectations hold (finding and position, exit status, other files
# still linted, no file changed).  Closes with "hostile: N passed, N failed".
#
# usage: tests/hostile/run.sh COMPOSELINT [CASE...]
#
# Environment: SAN non-empty (the sanitizer build, `make check`): cases
# tagged "large" are left out (they are about memory and time, which that
# build distorts), and runs are bounded by ASan's hard_rss_limit_mb instead
# of `ulimit -v` (ASan cannot run under it).
#
# A case file starts with comment lines; "# tags: large" marks one that
# generates big inputs.  Adding a case: a new file in cases/ (see
# cases/README).
cl_bin=$1
shift
here=$(cd "$(dirname "$0")" && pwd)
case $cl_bin in /*) ;; *) cl_bin=$(pwd)/$cl_bin ;; esac
[ -x "$cl_bin" ] || { echo "hostile: no binary '$cl_bin'"; echo "hostile: 0 passed, 1 failed"; exit 1; }
[ $# -gt 0 ] || set -- "$here"/cases/*.sh

passed=0 failed=0
for c in "$@"; do
	case $c in /*) ;; *) c=$(pwd)/$c ;; esac
	name=$(basename "$c" .sh)
	if [ -n "$SAN" ] && grep -q '^# tags:.*\blarge\b' "$c"; then
		echo "skip $name: large inputs stay out of the sanitizer run"
		continue
	fi
	tmp=$(mktemp -d) || exit 1
	chmod 755 "$tmp"  # some cases run as nobody
	mkdir "$tmp/work" "$tmp/meta"
	chmod 755 "$tmp/work"
	(
		cd "$tmp/work" || exit 1
		CL=$cl_bin META=$tmp/meta HOSTILE=$here
		. "$here/lib.sh"
		. "$c"
		touch "$META/finished"
	) >"$tmp/meta/log" 2>&1
	if [ -s "$tmp/meta/skipped" ]; then
		echo "skip $name: $(cat "$tmp/meta/skipped")"
	elif [ -s "$tmp/meta/failures" ] || ! [ -e "$tmp/meta/finished" ]; then
		failed=$((failed + 1))
		echo "FAIL $name"
		[ -e "$tmp/meta/finished" ] || echo "  the case stopped early"
		sed 's/^/  /' "$tmp/meta/failures" 2>/dev/null
		sed 's/^/  | /' "$tmp/meta/log" | head -20
	else
		passed=$((passed + 1))
		echo "ok $name"
	fi
	chmod -R u+rwx "$tmp" 2>/dev/null
	rm -rf "$tmp"
done
echo "hostile: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
