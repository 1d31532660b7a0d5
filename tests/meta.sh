#!/bin/sh
# Completeness checks that keep the rule registry, its docs and its tests in
# step, for every rule in rules.def (lint/core/, or lint/rules/):
#   - a page docs/rules/<ID>.md and a row in docs/rules/README.md;
#   - an INPUT_RULE (raised while loading): a golden case
#     tests/golden/<ID>-bad* whose expected output reports it;
#   - a RULE or POLICY_RULE: two `composelint test` fixtures in
#     tests/fixtures/builtin/, one that catches it (<ID>-*.yml with an
#     `# expect:` naming it) and one that must stay clean of it
#     (<ID>-clean*.yml, no expectation naming it; tests/run-policy-tests.sh
#     fails on any finding the file does not expect).
# Every POLICY_RULE row is implemented by exactly one rule of
# policies/builtin, and every rule there has a row.  Every policy function
# (lint/policy/functions.c) has its row in docs/policy-language.md.
root=$(cd "$(dirname "$0")/.." && pwd)
pass=0 fail=0
check() {
	if [ "$1" = 0 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "meta: $2"; fi
}
def=
for d in "$root/lint/core/rules.def" "$root/lint/rules/rules.def"; do
	[ -f "$d" ] && { def=$d; break; }
done
[ -n "$def" ]; check $? "no rules.def in lint/core/ or lint/rules/"
fixtures=$root/tests/fixtures/builtin
# expects ID FILE: FILE has an `# expect:` annotation naming ID
expects() {
	grep -q "# *expect: *\([A-Za-z0-9_/.-]*, *\)*$1 *\(,\|\$\)" "$2"
}
ids=$(sed -n 's/^\([A-Z_]*\)RULE(\(CL[0-9]*\),.*/\2/p' "$def")
[ -n "$ids" ]; check $? "no rules found in $def"
for id in $ids; do
	[ -f "$root/docs/rules/$id.md" ]; check $? "$id has no docs/rules/$id.md"
	grep -q "\[$id\]" "$root/docs/rules/README.md" 2>/dev/null; check $? "$id is not in docs/rules/README.md"
	if grep -q "^INPUT_RULE($id," "$def"; then
		found=1
		for d in "$root"/tests/golden/"$id"-bad*/; do
			[ -f "$d/expected.out" ] && grep -q "\[$id " "$d/expected.out" "$d/expected.err" && found=0
		done
		check $found "$id has no tests/golden/$id-bad* case that reports it"
		continue
	fi
	found=1
	for f in "$fixtures/$id"-*.yml; do
		case $f in "$fixtures/$id"-clean*) continue ;; esac
		[ -f "$f" ] && expects "$id" "$f" && found=0
	done
	check $found "$id has no fixture tests/fixtures/builtin/$id-*.yml with '# expect: $id'"
	found=1
	for f in "$fixtures/$id"-clean*.yml; do
		[ -f "$f" ] && ! expects "$id" "$f" && found=0
	done
	check $found "$id has no clean fixture tests/fixtures/builtin/$id-clean*.yml (without '# expect: $id')"
done
for id in $(sed -n 's/^POLICY_RULE(\(CL[0-9]*\),.*/\1/p' "$def"); do
	n=$(cat "$root"/policies/builtin/*.pol | grep -c "^ *rule \"$id\"")
	[ "$n" = 1 ]; check $? "$id is a POLICY_RULE but policies/builtin defines it $n times"
done
for id in $(sed -n 's/^ *rule "\([^"]*\)".*/\1/p' "$root"/policies/builtin/*.pol); do
	grep -q "^POLICY_RULE($id," "$def"; check $? "policies/builtin rule $id has no POLICY_RULE row"
done
fns=$(sed -n 's/^\t{ "\([a-z_]*\)", [0-9]*, {.*/\1/p' "$root/lint/policy/functions.c")
[ -n "$fns" ]; check $? "no functions found in lint/policy/functions.c"
for fn in $fns; do
	grep -q "^| \`$fn(" "$root/docs/policy-language.md"; check $? "function $fn() has no row in docs/policy-language.md"
done
echo "meta: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
