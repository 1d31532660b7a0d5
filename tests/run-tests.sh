#!/bin/sh
# The whole suite: unit tests, golden cases, meta checks.  Closes with one
# "N passed, N failed" line over everything.
# usage: tests/run-tests.sh BUILD_DIR
build=${1:-build}
here=$(dirname "$0")
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
sh "$here/run-unit.sh" "$build"/tests/test_* | tee -a "$log" || status=1
sh "$here/run-golden.sh" "$build/composelint" | tee -a "$log" || status=1
sh "$here/meta.sh" | tee -a "$log" || status=1
p=0 f=0
for x in $(sed -n 's/^[a-z]*: \([0-9]*\) passed, \([0-9]*\) failed$/\1:\2/p' "$log"); do
	p=$((p + ${x%%:*})); f=$((f + ${x##*:}))
done
echo "total: $p passed, $f failed"
exit $status
