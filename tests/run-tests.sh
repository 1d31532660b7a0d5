#!/bin/sh
# The whole suite: unit tests, end-to-end cases (golden and compose project
# cases, with the docker-compose oracle), policy tests, report validators,
# many findings in one file, meta checks, the include rules of lint/, the
# hostile-input matrix (SAN set: the sanitizer build, large cases left out).
# Closes with one "N passed, N failed" line over everything.
# usage: tests/run-tests.sh BUILD_DIR
build=${1:-build}
here=$(dirname "$0")
log=$(mktemp)
part=$(mktemp)
trap 'rm -f "$log" "$part"' EXIT
status=0
step() {
	"$@" >"$part" 2>&1 || status=1
	cat "$part"
	cat "$part" >>"$log"
}
set -- "$build"/tests/test_*
[ -e "$1" ] || set --
step sh "$here/run-unit.sh" "$@"
step sh "$here/run-cases.sh" "$build/composelint" "$here/golden" "$here/compose"
step sh "$here/run-policy-tests.sh" "$build/composelint"
step sh "$here/run-validators.sh" "$build/composelint"
step sh "$here/run-many-findings.sh" "$build/composelint"
step sh "$here/meta.sh"
step sh "$here/meta-cli.sh"
step sh "$here/deps.sh"
step sh "$here/hostile/run.sh" "$build/composelint"
p=0 f=0
for x in $(sed -n 's/^[a-z]*: \([0-9]*\) passed, \([0-9]*\) failed$/\1:\2/p' "$log"); do
	p=$((p + ${x%%:*})); f=$((f + ${x##*:}))
done
echo "total: $p passed, $f failed"
exit $status
