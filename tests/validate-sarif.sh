#!/bin/sh
# Validate composelint's SARIF output for real.
# usage: tests/validate-sarif.sh BIN
#
# Generates SARIF for a set of cases (the Mailu stack with its policy, the
# built-in rule fixtures, hostile text and file names, suppressions, an
# unreadable file, stdin, an absolute path, and every golden case that
# lints), then checks each log four ways:
#
#   deterministic  a second run gives byte-identical output
#   semantics      what the schema cannot say: ruleIndex points at the rule
#                  named by ruleId, one location per result, regions that do
#                  not end before they start, fingerprints, and what each
#                  case expects (suppressions, URIs, executionSuccessful...)
#   schema         the OASIS SARIF 2.1.0 JSON schema (Draft 4) with URI
#                  format checks: python3 with jsonschema and rfc3987
#   multitool      Microsoft's SARIF Multitool, SARIF and GitHub rule sets;
#                  any error fails, warnings are printed
#
# SARIF_SCHEMA names the schema (default ../shared/schemas/sarif-schema-2.1.0.json
# from the repository root; the project does not ship a copy).  The tools
# come from scripts/install-validators.  A missing tool or schema skips its
# check with a message; REQUIRE_VALIDATORS=1 (for CI) makes that a failure.
# Closes with "sarif: N passed, N failed", N counting checks.
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$(cd "$(dirname "$0")/.." && pwd)
schema=${SARIF_SCHEMA:-$root/../shared/schemas/sarif-schema-2.1.0.json}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0 n=0

ok() { pass=$((pass + 1)); }
not_ok() { fail=$((fail + 1)); echo "sarif: FAIL $*"; }
skipped() {
	echo "sarif: $*"
	[ -n "$REQUIRE_VALIDATORS" ] && not_ok "REQUIRE_VALIDATORS is set and a check was skipped"
}

# ---- generate -----------------------------------------------------------------

# gen NAME DIR EXPECT ARGS...: run the binary in DIR twice; keep the log as
# $tmp/logs/NAME.sarif and the case's expectations (words for the checker).
mkdir -p "$tmp/logs"
: >"$tmp/cases"
gen() {
	name=$1 dir=$2 expect=$3
	shift 3
	(cd "$dir" && "$bin" "$@" --color=never) <"${stdin:-/dev/null}" >"$tmp/logs/$name.sarif" 2>"$tmp/err"
	rc=$?
	(cd "$dir" && "$bin" "$@" --color=never) <"${stdin:-/dev/null}" >"$tmp/again" 2>/dev/null
	record "$name" "$rc" "$expect"
}
record() {
	name=$1 rc=$2 expect=$3
	n=$((n + 1))
	if [ "$rc" -gt 2 ] || [ ! -s "$tmp/logs/$name.sarif" ]; then
		not_ok "$name: exit $rc and no SARIF: $(head -c 300 "$tmp/err")"
		rm -f "$tmp/logs/$name.sarif"
		return
	fi
	if cmp -s "$tmp/logs/$name.sarif" "$tmp/again"; then
		ok
	else
		not_ok "$name: deterministic: a second run differs"
		diff "$tmp/logs/$name.sarif" "$tmp/again" | head -10
	fi
	echo "$name rc=$rc $expect" >>"$tmp/cases"
}

gen mailu "$root" "suppression=external rc=1" \
	--policy policies/mailu.pol --format sarif tests/fixtures/mailu/docker-compose.yml
gen builtin "$root" "rc=1 security" --format sarif tests/fixtures/builtin/*.yml
gen hostile "$root/tests/golden/sarif-hostile" \
	"suppression=inSource suppression=external uri=my%20compose%20%231.yml hostile" \
	--policy hostile.pol --format sarif 'my compose #1.yml'
gen unreadable "$root/tests/golden/sarif-unreadable" "incomplete rc=2" \
	--format sarif compose.yml missing.yml
stdin=$root/tests/fixtures/builtin/CL201-image-not-pinned.yml
gen stdin "$root" "uri=stdin" --format sarif -
stdin=
gen absolute / "absolute" --format sarif "$root/tests/fixtures/builtin/CL402-docker-socket.yml"
# A file whose name needs more than a space and a '#', outside the golden tree.
mkdir -p "$tmp/odd dir"
cp "$root/tests/fixtures/builtin/CL301-privileged.yml" "$tmp/odd dir/a:b%c [ü]?.yml"
gen odd-name "$tmp" "uri=odd%20dir/a%3Ab%25c%20%5B%C3%BC%5D%3F.yml" \
	--format sarif "./odd dir/a:b%c [ü]?.yml"

# Every golden case that lints, with its own arguments and --format sarif
# (cases that choose a format or run `composelint test` are left out).
for dir in "$root"/tests/golden/*/; do
	case=$(basename "$dir")
	case $case in sarif-*) continue ;; esac
	args=compose.yml
	[ -f "$dir/args" ] && args=$(cat "$dir/args")
	case " $args " in *" --format"* | *" -o "* | *" --output"* | *" test "*) continue ;; esac
	in=/dev/null
	[ -f "$dir/stdin" ] && in="$dir/stdin"
	(cd "$dir" && eval "\"\$bin\" $args --format sarif --color=never") <"$in" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ "$rc" -gt 2 ]; then  # a crash, or a sanitizer's verdict
		not_ok "golden-$case: exit $rc: $(head -c 300 "$tmp/err")"
		continue
	fi
	head -c 1 "$tmp/out" | grep -q '{' || continue  # --help, --version, policy errors
	cp "$tmp/out" "$tmp/logs/golden-$case.sarif"
	(cd "$dir" && eval "\"\$bin\" $args --format sarif --color=never") <"$in" >"$tmp/again" 2>/dev/null
	record "golden-$case" "$rc" ""
done

# ---- semantics and schema -----------------------------------------------------

cat >"$tmp/check.py" <<'EOF'
import json, re, sys

schema_path, cases_path, logdir = sys.argv[1], sys.argv[2], sys.argv[3]
validator = None
if schema_path != "-":
    import jsonschema
    with open(schema_path, encoding="utf-8") as f:
        schema = json.load(f)
    # every format jsonschema knows: Draft 4 itself has no uri-reference, which
    # the SARIF schema uses for artifactLocation.uri
    checker = jsonschema.FormatChecker()
    if "uri" not in checker.checkers or "uri-reference" not in checker.checkers:
        print("sarif: FAIL schema: the format checker cannot check URIs (rfc3987 missing?)")
        sys.exit(1)
    validator = jsonschema.Draft4Validator(schema, format_checker=checker)

def semantics(log, raw, rc, expect):
    errs = []
    def need(cond, what):
        if not cond:
            errs.append(what)
    need(raw.endswith(b"\n") and not raw.endswith(b"\n\n"), "no single final newline")
    need(log.get("$schema") == "https://json.schemastore.org/sarif-2.1.0.json", "$schema")
    need(log.get("version") == "2.1.0", "version")
    runs = log.get("runs", [])
    need(len(runs) == 1, "not exactly one run")
    if not runs:
        return errs
    run = runs[0]
    driver = run["tool"]["driver"]
    rules = driver.get("rules", [])
    ids = [r["id"] for r in rules]
    need(len(ids) == len(set(ids)), "repeated rule ids")
    need(driver.get("name") == "composelint" and driver.get("semanticVersion"), "driver")
    need(run.get("columnKind") == "unicodeCodePoints", "columnKind")
    for r in rules:
        tags = r.get("properties", {}).get("tags", [])
        need(len(tags) == len(set(tags)) and len(tags) <= 20, "rule %s: tags" % r["id"])
        need(r.get("name") != r["id"], "rule %s: name equals id" % r["id"])
        for k in ("shortDescription", "fullDescription", "help"):
            need(r.get(k, {}).get("text"), "rule %s: no %s" % (r["id"], k))
        # GitHub's limits
        need(len(r.get("name", "")) <= 255, "rule %s: name too long" % r["id"])
        for k in ("shortDescription", "fullDescription"):
            need(len(r.get(k, {}).get("text", "")) <= 1024, "rule %s: %s too long" % (r["id"], k))
        sev = r.get("properties", {}).get("security-severity")
        need(sev is None or ("security" in tags and sev in ("8.0", "5.0", "2.0")),
             "rule %s: security-severity" % r["id"])

    def region_ok(where, loc):
        pl = loc.get("physicalLocation", {})
        need(pl.get("artifactLocation", {}).get("uri"), where + ": no uri")
        al = pl.get("artifactLocation", {})
        if al.get("uri", "").startswith("file:"):
            need("uriBaseId" not in al, where + ": absolute uri with a uriBaseId")
        else:
            need(al.get("uriBaseId") == "%SRCROOT%", where + ": relative uri without %SRCROOT%")
        reg = pl.get("region")
        if reg is None:
            return
        s = (reg["startLine"], reg.get("startColumn", 1))
        e = (reg.get("endLine", reg["startLine"]), reg.get("endColumn", s[1]))
        need(s[0] >= 1 and s[1] >= 1 and e >= s, where + ": region %r" % (reg,))

    kinds = set()
    for i, res in enumerate(run.get("results", [])):
        where = "results[%d]" % i
        ix = res.get("ruleIndex")
        need(ix is not None and 0 <= ix < len(rules) and rules[ix]["id"] == res.get("ruleId"),
             where + ": ruleIndex does not name ruleId")
        need(res.get("level") in ("error", "warning", "note"), where + ": level")
        need(res.get("message", {}).get("text"), where + ": message")
        need(len(res.get("locations", [])) == 1, where + ": not one location")
        for loc in res.get("locations", []) + res.get("relatedLocations", []):
            region_ok(where, loc)
        fp = res.get("partialFingerprints", {})
        need(re.fullmatch(r"[0-9a-f]{16}", fp.get("composelint/v1", "")), where + ": fingerprint")
        for s in res.get("suppressions", []):
            kinds.add(s.get("kind"))
            need(s.get("status") == "accepted", where + ": suppression status")
            if "location" in s:
                region_ok(where + " suppression", s["location"])
    inv = run.get("invocations", [])
    need(len(inv) == 1, "not one invocation")
    notes = inv[0].get("toolExecutionNotifications", []) if inv else []
    for i, nt in enumerate(notes):
        ar = nt.get("associatedRule", {})
        need(0 <= ar.get("index", -1) < len(rules) and rules[ar["index"]]["id"] == ar.get("id"),
             "notification %d: associatedRule" % i)
    def keys(v):
        if isinstance(v, dict):
            for k, x in v.items():
                yield k
                yield from keys(x)
        elif isinstance(v, list):
            for x in v:
                yield from keys(x)
    need(not any(k.endswith("TimeUtc") or k == "timeUtc" for k in keys(log)), "a timestamp")

    for word in expect:
        key, _, val = word.partition("=")
        if key == "suppression":
            need(val in kinds, "no %s suppression" % val)
        elif key == "uri":
            uris = {l["physicalLocation"]["artifactLocation"]["uri"]
                    for r in run["results"] for l in r["locations"]}
            need(val in uris, "no location with uri %s (have %s)" % (val, sorted(uris)))
        elif key == "incomplete":
            need(inv and inv[0].get("executionSuccessful") is False, "executionSuccessful is not false")
            need(notes and all(nt.get("level") == "error" for nt in notes), "no error notification")
        elif key == "absolute":
            need(inv and inv[0].get("workingDirectory", {}).get("uri", "").startswith("file:///"),
                 "no workingDirectory")
        elif key == "security":
            need(any("security-severity" in r.get("properties", {}) for r in rules), "no security rule")
        elif key == "hostile":
            msgs = [r["message"]["text"] for r in run["results"]]
            for needle in ('say "hi" \\ back', "\x07", "\x1b", "\u2028", "]]>", "🐳", "中文"):
                need(any(needle in m for m in msgs), "hostile text %r lost" % needle)
            need(any(len(m) > 6000 for m in msgs), "the long value was cut")
            need(any(len(r.get("name", "")) == 255 and r["name"].endswith("...") for r in rules)
                 and any(len(r["fullDescription"]["text"]) == 1024 for r in rules),
                 "long name or description not cut to GitHub's limit")
            need(any(r.get("helpUri", "").startswith("https://example.com/rules/echo%20page") for r in rules),
                 "policy url not percent-encoded")
        elif key == "rc":
            need(word == rc, "%s, expected %s" % (rc, word))
    if inv:
        need(inv[0].get("executionSuccessful") is (rc != "rc=2"), "executionSuccessful with " + rc)
    return errs

passed = failed = 0
for line in open(cases_path, encoding="utf-8"):
    words = line.split()
    name, rc, expect = words[0], words[1], words[2:]
    path = "%s/%s.sarif" % (logdir, name)
    raw = open(path, "rb").read()
    try:
        log = json.loads(raw.decode("utf-8"))
    except ValueError as e:
        print("sarif: FAIL %s: not JSON: %s" % (name, e))
        failed += 1
        continue
    errs = semantics(log, raw, rc, expect)
    if errs:
        failed += 1
        print("sarif: FAIL %s: semantics: %s" % (name, "; ".join(errs[:5])))
    else:
        passed += 1
    if validator is not None:
        problems = sorted(validator.iter_errors(log), key=lambda e: list(e.absolute_path))
        if problems:
            failed += 1
            for p in problems[:5]:
                print("sarif: FAIL %s: schema: /%s: %s" % (name, "/".join(map(str, p.absolute_path)),
                                                       p.message[:300]))
        else:
            passed += 1
print("checks %d %d" % (passed, failed))
EOF

py=
for p in python3 /usr/bin/python3; do
	if "$p" -c 'import jsonschema, rfc3987' 2>/dev/null; then
		py=$p
		break
	fi
done
schema_arg=-
if [ ! -f "$schema" ]; then
	skipped "schema check skipped: no schema at $schema"
elif [ -z "$py" ]; then
	skipped "schema check skipped: python3 with jsonschema and rfc3987 not found: run scripts/install-validators"
else
	schema_arg=$schema
fi
[ -n "$py" ] || py=python3
if command -v "$py" >/dev/null 2>&1; then
	"$py" "$tmp/check.py" "$schema_arg" "$tmp/cases" "$tmp/logs" >"$tmp/py.out" 2>&1
	grep -v '^checks ' "$tmp/py.out"
	counts=$(sed -n 's/^checks //p' "$tmp/py.out")
	if [ -n "$counts" ]; then
		pass=$((pass + ${counts% *}))
		fail=$((fail + ${counts#* }))
	else
		not_ok "the checker did not finish"
	fi
else
	skipped "semantic and schema checks skipped: no python3"
fi

# ---- Microsoft SARIF Multitool ------------------------------------------------

mt=
for m in "$root"/tools/node_modules/@microsoft/sarif-multitool-*/Sarif.Multitool; do
	[ -f "$m" ] && mt=$m && break
done
if [ -z "$mt" ]; then
	skipped "multitool check skipped: run scripts/install-validators"
else
	[ -x "$mt" ] || chmod 755 "$mt"
	# SARIF2006 fetches every URI over the network: slow, and no verdict on the log.
	printf '{\n  "SARIF2006.UrisShouldBeReachable.Options": {\n    "RuleEnabled": "Disabled"\n  }\n}\n' \
		>"$tmp/multitool.json"
	# Its exit status says nothing about the logs: the verdict is in v.sarif.
	(cd "$tmp/logs" && "$mt" validate ./*.sarif --output "$tmp/v.sarif" --log ForceOverwrite \
		--rule-kind "Sarif;Gh;Ghas" --level "Error;Warning" --config "$tmp/multitool.json") \
		>"$tmp/mt.out" 2>&1
	if [ ! -s "$tmp/v.sarif" ]; then
		not_ok "multitool wrote no log:"
		tail -5 "$tmp/mt.out"
	else
		"$py" - "$tmp/v.sarif" "$tmp/cases" >"$tmp/mt.res" <<'EOF'
import json, os, sys, urllib.parse
log = json.load(open(sys.argv[1], encoding="utf-8"))
names = [l.split()[0] for l in open(sys.argv[2], encoding="utf-8")]
bad, warned = set(), []
for run in log.get("runs", []):
    rules = run.get("tool", {}).get("driver", {}).get("rules", [])
    for inv in run.get("invocations", []):
        for nt in inv.get("toolExecutionNotifications", []):
            if nt.get("level", "warning") == "error":
                print("error - %s" % nt.get("message", {}).get("text", "")[:300])
                bad.add("*")
    for r in run.get("results", []):
        level = r.get("level")
        if level is None:
            ix = r.get("ruleIndex", -1)
            level = (rules[ix].get("defaultConfiguration") or {}).get("level", "warning") \
                if 0 <= ix < len(rules) else "warning"
        uri = r.get("locations", [{}])[0].get("physicalLocation", {}).get("artifactLocation", {}).get("uri", "")
        name = os.path.basename(urllib.parse.unquote(uri))[:-len(".sarif")]
        msg = r.get("message", {})
        text = msg.get("text")
        if text is None:  # a message string of the rule, filled with the arguments
            ix = r.get("ruleIndex", -1)
            strings = rules[ix].get("messageStrings", {}) if 0 <= ix < len(rules) else {}
            text = strings.get(msg.get("id"), {}).get("text", "{0}")
            for i, a in enumerate(msg.get("arguments", [])):
                text = text.replace("{%d}" % i, a)
            text = text.replace("{{", "{").replace("}}", "}")
        if level == "error":
            bad.add(name)
        if level in ("error", "warning"):
            print("%s %s %s: %s" % (level, name, r.get("ruleId"), text[:200]))
for name in names:
    print("verdict %s %s" % (name, "fail" if name in bad or "*" in bad else "pass"))
EOF
		grep -v '^verdict ' "$tmp/mt.res" | sed 's/^/sarif: multitool: /'
		p=$(grep -c '^verdict .* pass$' "$tmp/mt.res")
		f=$(grep -c '^verdict .* fail$' "$tmp/mt.res")
		pass=$((pass + p))
		fail=$((fail + f))
		[ "$f" -eq 0 ] || grep '^verdict .* fail$' "$tmp/mt.res" | sed 's/^verdict /sarif: FAIL multitool: /'
	fi
fi

echo "sarif: $n logs generated"
echo "sarif: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
