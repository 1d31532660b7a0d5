#!/bin/sh
# Smoke run over the real-world compose corpus, when it is present beside the
# checkout (../shared/corpus/real).  Every file must load without a crash and
# without a YAML-level finding (CL001 syntax, CL002 duplicate key, CL004
# limit, CL005 encoding): the corpus is valid YAML, so any such finding is a
# false positive.  Compose-level findings are expected and only counted.
bin=$1
corpus=${CORPUS:-$(dirname "$0")/../../shared/corpus/real}
if [ ! -d "$corpus" ]; then
	echo "corpus: skipped, no corpus at $corpus"
	exit 0
fi
pass=0 fail=0 findings=0
out=$(mktemp)
trap 'rm -f "$out"' EXIT
for f in "$corpus"/*/*; do
	case "$f" in *.tsv|*.md) continue ;; esac
	"$bin" --quiet --fail-on never --color=never "$f" >"$out" 2>&1
	rc=$?
	if [ $rc -ne 0 ] || grep -q '\[CL00[1245] ' "$out"; then
		fail=$((fail + 1))
		echo "FAIL (exit $rc): $f"
		grep '\[CL00[1245] ' "$out" | head -3
	else
		pass=$((pass + 1))
	fi
	findings=$((findings + $(wc -l <"$out")))
done
echo "corpus: $findings compose-level findings reported in total"
echo "corpus: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
