#!/bin/sh
# Many findings in one file: N one-line services, each with the same five
# findings, reported as text and as JUnit, which quote each finding's source
# line.  Each run is held under ulimit (CPU seconds, address space) so that
# a blow-up fails the case instead of the machine; the outcome asserted is
# the exit status and the number of findings and quoted lines.  That the
# lookup of a line costs the same wherever the line is, is proved without a
# clock by tests/unit/test_source.c.
#
# usage: tests/run-many-findings.sh COMPOSELINT [N]
#   N defaults to 20000; the case that once took 872 s in text output is
#   N=480000 (about 10 MB), which also needs several GB of memory today.
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
n=${2:-20000}
# the sanitizer build cannot run under ulimit -v: a small N, and ASan's own
# limit on resident memory instead
asan=
if ldd "$bin" 2>/dev/null | grep -q libasan; then
	asan=1 n=${2:-2000}
	export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}hard_rss_limit_mb=2048"
fi
pass=0 fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
awk -v n="$n" 'BEGIN { print "services:"; for (i = 0; i < n; i++) printf "  s%d: {image: \"nginx:latest\"}\n", i }' \
	>"$tmp/compose.yml"

# CPU seconds and KiB of address space allowed for N services
cpu=$((60 + n / 1000))
mem=$((2097152 + n * 40))

check() {
	name=$1 want=$2 got=$3
	if [ "$got" = "$want" ]; then
		pass=$((pass + 1)); echo "ok - $name"
	else
		fail=$((fail + 1)); echo "not ok - $name: got $got, want $want"
	fi
}

run() {
	(ulimit -t "$cpu"; [ -n "$asan" ] || ulimit -v "$mem"
	 cd "$tmp" && "$bin" --color=never "$@" compose.yml) >"$tmp/out" 2>"$tmp/err"
}

run
check "text: exit status (warnings only)" 0 $?
check "text: findings" $((n * 5)) "$(grep -c '^compose.yml:[0-9]*:[0-9]*: warning: ' "$tmp/out")"
check "text: source lines" $((n * 5)) "$(grep -c '^ *[0-9]* |   s[0-9]*: {image' "$tmp/out")"
last=$((n + 1))
check "text: the last service's line" 5 "$(grep -c "^ *$last |   s$((n - 1)): {image" "$tmp/out")"

run --format junit
check "junit: exit status (warnings only)" 0 $?
check "junit: failures" $((n * 5)) "$(grep -c '<failure ' "$tmp/out")"
check "junit: the last service's line" 5 "$(grep -c "^ *$last |   s$((n - 1)): {image" "$tmp/out")"

echo "findings: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
