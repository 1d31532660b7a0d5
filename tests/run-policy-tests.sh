#!/bin/sh
# Policy tests with `composelint test`: the annotated fixtures of every
# built-in rule and of policies/mailu.pol.  Closes with the runner's own
# "test: N passed, N failed" line per suite.
bin=$1
root=$(cd "$(dirname "$0")/.." && pwd)
status=0
cd "$root" || exit 2
"$bin" test --color=never tests/fixtures/builtin || status=1
# the fixed stack reads its secrets' variables at deploy time
"$bin" test --color=never --policy policies/mailu.pol \
	--env-file tests/fixtures/mailu/deploy.env.example \
	tests/fixtures/mailu/cases tests/fixtures/mailu/docker-compose.fixed.yml || status=1
exit $status
