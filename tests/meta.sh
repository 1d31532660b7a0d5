#!/bin/sh
# Completeness checks that keep the rule registry, its docs and its tests in
# step: every rule in lint/core/rules.def has a page docs/rules/<ID>.md, a
# row in docs/rules/README.md, a golden case <ID>-bad* whose expected output
# reports it, and (for check rules) a case <ID>-good* whose output does not.
# Every POLICY_RULE row is implemented by exactly one rule of
# policies/builtin, and every rule there has a row.  Every policy function
# (lint/policy/functions.c) has its row in docs/policy-language.md.
root=$(cd "$(dirname "$0")/.." && pwd)
pass=0 fail=0
check() {
	if [ "$1" = 0 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "meta: $2"; fi
}
ids=$(sed -n 's/^\([A-Z_]*\)RULE(\(CL[0-9]*\),.*/\2/p' "$root/lint/core/rules.def")
[ -n "$ids" ]; check $? "no rules found in rules.def"
for id in $ids; do
	[ -f "$root/docs/rules/$id.md" ]; check $? "$id has no docs/rules/$id.md"
	grep -q "\[$id\]" "$root/docs/rules/README.md" 2>/dev/null; check $? "$id is not in docs/rules/README.md"
	found=1
	for d in "$root"/tests/golden/"$id"-bad*/; do
		[ -f "$d/expected.out" ] && grep -q "\[$id " "$d/expected.out" && found=0
	done
	check $found "$id has no tests/golden/$id-bad* case that reports it"
	if grep -q "^\(POLICY_\)\{0,1\}RULE($id," "$root/lint/core/rules.def"; then
		found=1
		for d in "$root"/tests/golden/"$id"-good*/; do
			[ -f "$d/expected.out" ] && ! grep -q "\[$id " "$d/expected.out" && found=0
		done
		check $found "$id has no tests/golden/$id-good* case free of it"
	fi
done
for id in $(sed -n 's/^POLICY_RULE(\(CL[0-9]*\),.*/\1/p' "$root/lint/core/rules.def"); do
	n=$(cat "$root"/policies/builtin/*.pol | grep -c "^ *rule \"$id\"")
	[ "$n" = 1 ]; check $? "$id is a POLICY_RULE but policies/builtin defines it $n times"
done
for id in $(sed -n 's/^ *rule "\([^"]*\)".*/\1/p' "$root"/policies/builtin/*.pol); do
	grep -q "^POLICY_RULE($id," "$root/lint/core/rules.def"; check $? "policies/builtin rule $id has no POLICY_RULE row"
done
fns=$(sed -n 's/^\t{ "\([a-z_]*\)", [0-9]*, {.*/\1/p' "$root/lint/policy/functions.c")
[ -n "$fns" ]; check $? "no functions found in lint/policy/functions.c"
for fn in $fns; do
	grep -q "^| \`$fn(" "$root/docs/policy-language.md"; check $? "function $fn() has no row in docs/policy-language.md"
done
echo "meta: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
