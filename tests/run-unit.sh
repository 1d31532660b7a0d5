#!/bin/sh
# Run the cmocka unit-test binaries given as arguments and close with one
# "N passed, N failed" line counting individual tests.
passed=0 failed=0 broken=0
for t in "$@"; do
	log=$(mktemp)
	"$t" >"$log" 2>&1
	rc=$?
	p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -n 1)
	f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -n 1)
	passed=$((passed + ${p:-0}))
	failed=$((failed + ${f:-0}))
	if [ "$rc" -ne 0 ] || [ -n "$f" ]; then
		cat "$log"
		# a crash outside any test leaves no FAILED line: count the binary
		[ -z "$f" ] && broken=$((broken + 1))
		echo "FAIL: $t (exit $rc)"
	else
		echo "ok: $t (${p:-0} tests)"
	fi
	rm -f "$log"
done
echo "unit: $passed passed, $((failed + broken)) failed"
[ "$failed" -eq 0 ] && [ "$broken" -eq 0 ]
