#!/bin/sh
# Validate the JUnit report, and the other XML, JSON and line formats beside
# it, on inputs meant to break them.
#
#   sh tests/validate-junit.sh BIN
#
# For every input (the Mailu stack with its policy, each built-in fixture,
# hostile names, values, reasons and bytes) and every machine format:
#   junit        valid against the Jenkins xUnit JUnit schema (xmllint); its
#                counts agree with its test cases and with the JSON report
#   checkstyle   well-formed XML (xmllint)
#   json         parses (python3)
#   codeclimate  parses (python3)
#   github       every line has the workflow-command shape, no raw control
#                character
#   all          valid UTF-8 (python3); two runs give the same bytes
# then that the reports of one run written to files (--format F:PATH,
# --output) are the same bytes as each format alone on stdout, that files get
# no colour, and that no temporary file is left behind.
#
# JUNIT_XSD overrides the schema (default: ../shared/schemas/jenkins-junit-10.xsd
# beside the repository).  A missing tool or schema skips the checks that
# need it, said on a "junit: skipped:" line; REQUIRE_VALIDATORS=1 (for CI)
# makes each skip a failure.  Closes with
# "junit: N passed, N failed" and exits non-zero on any failure.
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$(cd "$(dirname "$0")/.." && pwd)
xsd=${JUNIT_XSD:-$root/../shared/schemas/jenkins-junit-10.xsd}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
tab=$(printf '\t')

bad() { fail=$((fail + 1)); echo "junit: FAIL: $*"; }
check() {  # check WHAT COMMAND...: passes when COMMAND succeeds
	what=$1
	shift
	if "$@" >"$tmp/check.log" 2>&1; then
		pass=$((pass + 1))
	else
		bad "$what"
		sed 's/^/    /' "$tmp/check.log" | head -20
	fi
}

have_xmllint=0 have_xsd=0 have_python=0
command -v xmllint >/dev/null 2>&1 && have_xmllint=1
[ -r "$xsd" ] && have_xsd=1
command -v python3 >/dev/null 2>&1 && have_python=1
skipped() {
	echo "junit: skipped: $*"
	[ -z "$REQUIRE_VALIDATORS" ] || bad "REQUIRE_VALIDATORS is set and a check was skipped"
}
[ $have_xmllint = 1 ] ||
	skipped "xmllint not found (Debian: libxml2-utils): no JUnit schema or XML well-formedness checks"
[ $have_xmllint = 0 ] || [ $have_xsd = 1 ] ||
	skipped "no JUnit schema at $xsd (set JUNIT_XSD): no JUnit schema checks"
[ $have_python = 1 ] ||
	skipped "python3 not found: no JSON, UTF-8 or JUnit count checks"

# Python starts slowly on some hosts, so its checks are queued in py.todo,
# one per line (KIND<TAB>LABEL<TAB>FILE...), and run in one process at the end.
#   utf8   FILE is valid UTF-8
#   json   FILE parses as JSON
#   junit  FILE's structure beyond the schema: counts agree with the test
#          cases, one result per test case, classname = suite name, no
#          timestamp, hostname or time, totals agree with the JSON report FILE2
cat >"$tmp/checks.py" <<'PY'
import json, sys
import xml.etree.ElementTree as ET

def junit(path, json_path):
    errors = []
    err = errors.append
    top = ET.parse(path).getroot()
    report = json.load(open(json_path, encoding="utf-8"))
    if top.tag != "testsuites":
        err("root is <%s>, not <testsuites>" % top.tag)
    tests = failures = skipped = 0
    suites = top.findall("testsuite")
    if len(suites) != len(list(top)):
        err("<testsuites> holds something other than <testsuite>")
    for s in suites:
        name = s.get("name")
        for a in ("timestamp", "hostname", "time"):
            if s.get(a) is not None:
                err("suite %r has %s" % (name, a))
        cases = s.findall("testcase")
        nf = ns = 0
        for c in cases:
            results = list(c)
            where = "%s / %s" % (name, c.get("name"))
            if len(results) > 1:
                err("%s has %d results" % (where, len(results)))
            if c.get("classname") != name:
                err("%s has classname %r" % (where, c.get("classname")))
            if not c.get("name"):
                err("a test case of %s has no name" % name)
            for r in results:
                if r.tag == "failure":
                    nf += 1
                    if r.get("type") not in ("error", "warning", "note"):
                        err("%s: failure type %r" % (where, r.get("type")))
                    if not r.get("message"):
                        err("%s: failure without a message" % where)
                    if not (r.text or "").startswith(name + ":"):
                        err("%s: failure text does not start with the file" % where)
                elif r.tag == "skipped":
                    ns += 1
                    if not (r.get("message") or "").startswith("suppressed"):
                        err("%s: skipped message %r" % (where, r.get("message")))
                else:
                    err("%s: unexpected <%s>" % (where, r.tag))
        for attr, want in (("tests", len(cases)), ("failures", nf), ("skipped", ns), ("errors", 0)):
            if s.get(attr) != str(want):
                err("suite %r: %s=%r, counted %d" % (name, attr, s.get(attr), want))
        tests += len(cases)
        failures += nf
        skipped += ns
    for attr, want in (("tests", tests), ("failures", failures), ("errors", 0)):
        if top.get(attr) != str(want):
            err("<testsuites> %s=%r, counted %d" % (attr, top.get(attr), want))
    summary = report["summary"]
    unsuppressed = summary["errors"] + summary["warnings"] + summary["notes"]
    if failures != unsuppressed:
        err("%d failures, but the JSON report has %d unsuppressed findings" % (failures, unsuppressed))
    if skipped != summary["suppressed"]:
        err("%d skipped, but the JSON report has %d suppressed" % (skipped, summary["suppressed"]))
    names = [s.get("name") for s in suites]
    if names[:len(report["files"])] != report["files"]:
        err("suites %r do not start with the linted files %r" % (names, report["files"]))
    if len(set(names)) != len(names):
        err("a file has two suites: %r" % names)
    return errors

for line in open(sys.argv[1], encoding="utf-8", errors="surrogateescape"):
    kind, label, *files = line.rstrip("\n").split("\t")
    try:
        if kind == "utf8":
            open(files[0], encoding="utf-8", errors="strict").read()
            problems = []
        elif kind == "json":
            json.load(open(files[0], encoding="utf-8"))
            problems = []
        else:
            problems = junit(files[0], files[1])
    except Exception as e:
        problems = ["%s: %s" % (type(e).__name__, e)]
    print(("FAIL\t" if problems else "PASS\t") + label)
    for p in problems[:10]:
        print("    " + p)
PY
: >"$tmp/py.todo"
todo() {  # todo KIND LABEL FILE...
	[ $have_python = 1 ] || return 0
	line="$1$tab$2"
	shift 2
	for x in "$@"; do line="$line$tab$x"; done
	printf '%s\n' "$line" >>"$tmp/py.todo"
}

# the workflow-command shape; property values carry no ':' or ','
gh_shape='^::(error|warning|notice) file=[^,:]+(,line=[1-9][0-9]*,col=[1-9][0-9]*,endLine=[1-9][0-9]*(,endColumn=[1-9][0-9]*)?)?,title=[^,:]+::.+$'
github_ok() {
	if LC_ALL=C grep -Evn "$gh_shape" "$1"; then
		echo "(the lines above are not workflow commands)"
		return 1
	fi
	if LC_ALL=C grep -n "$(printf '[\001-\010\013-\037\177]')" "$1"; then
		echo "(raw control characters)"
		return 1
	fi
}
xml_ok() { xmllint --noout "$1"; }
xsd_ok() { xmllint --noout --schema "$xsd" "$1"; }
same() { cmp "$1" "$2"; }
no_ansi() { ! grep -q "$(printf '\033')" "$1"; }

# run NAME DIR ARGS...: every machine format of one input, each twice; stdin
# from $STDIN when set.
run() {
	name=$1 dir=$2
	shift 2
	out="$tmp/out/$name"
	mkdir -p "$out"
	for f in junit json checkstyle codeclimate github; do
		(cd "$dir" && "$bin" --format "$f" "$@") <"${STDIN:-/dev/null}" >"$out/$f" 2>"$out/$f.err"
		rc=$?
		(cd "$dir" && "$bin" --format "$f" "$@") <"${STDIN:-/dev/null}" >"$out/$f.2" 2>/dev/null
		# exit 0, 1 or 2 are all answers; a signal or a sanitizer report is not
		if [ "$rc" -gt 2 ] || grep -q 'Sanitizer\|runtime error' "$out/$f.err"; then
			bad "$name: --format $f exited $rc"
			sed 's/^/    /' "$out/$f.err" | head -5
			continue
		fi
		check "$name: $f is the same bytes on a second run" same "$out/$f" "$out/$f.2"
		todo utf8 "$name: $f is UTF-8" "$out/$f"
		case $f in
		junit)
			[ $have_xmllint = 1 ] && [ $have_xsd = 1 ] &&
				check "$name: junit is valid against $(basename "$xsd")" xsd_ok "$out/$f" ;;
		checkstyle)
			[ $have_xmllint = 1 ] && check "$name: checkstyle is well-formed XML" xml_ok "$out/$f" ;;
		json|codeclimate)
			todo json "$name: $f parses as JSON" "$out/$f" ;;
		github)
			check "$name: github lines are workflow commands" github_ok "$out/$f" ;;
		esac
	done
	todo junit "$name: junit counts agree with its test cases and the JSON report" \
		"$out/junit" "$out/json"
}

# ---- inputs ---------------------------------------------------------------------
cd "$root" || exit 2
run mailu "$root" --policy policies/mailu.pol tests/fixtures/mailu/docker-compose.yml
run mailu-builtin "$root" tests/fixtures/mailu/docker-compose.yml
run builtin-all "$root" tests/fixtures/builtin/*.yml
for y in tests/fixtures/builtin/*.yml; do
	run "builtin-$(basename "$y" .yml)" "$root" "$y"
done
# a finding in a policy file (an expired exception) gets a suite of its own,
# a suppressed finding is skipped, an inherited one names its use sites
run policy-file "$root/tests/golden/format-junit" --today 2027-01-01 --policy policy.pol compose.yml
run clean "$root/tests/fixtures/builtin" CL202-clean-tag.yml
run unreadable "$root/tests/fixtures/builtin" missing.yml CL202-clean-tag.yml
run nul-byte "$root/tests/golden/CL005-bad-nul-byte" compose.yml
run utf16 "$root/tests/golden/CL005-bad-utf16" compose.yml
STDIN=$root/tests/golden/format-junit/compose.yml
run stdin "$root" -
STDIN=

h="$tmp/hostile"
mkdir -p "$h"
# quotes, markup, "]]>", control characters, line separators and
# non-characters (as YAML escapes) in a value, a service name and a
# suppression reason; space, & and < in the file name
cat >"$h/a b&c<d>.yml" <<'EOF'
services:
  "a<b>&c\"d":
    image: "evil\"quote'<b>&amp;]]>\e[31mred\x01\x7f\x85\u2028\u2029\uFFFE\t\r\n%0A::error x:1.0"
    privileged: true  # composelint: disable=CL301 <why> & "because" ]]> it's 100% fine
    cap_add: ["]]><![CDATA[", "&#0;"]
EOF
# raw control characters, and invalid UTF-8, in the file itself
printf 'services:\n  web:  # raw \033[31m escape \001 and \177 here\n    image: nginx:1.25\n' >"$h/raw-control.yml"
printf 'services:\n  web:\n    image: "caf\303\251 \377\376 \355\240\200"\n' >"$h/bad-utf8.yml"
# invalid UTF-8 and markup in a file name
badname=$(printf 'bad\377name<&>.yml')
printf 'services:\n  web:\n    image: nginx:1.25\n' >"$h/$badname"
# a very long message (a 20 000-character image), and a long one-line file
# whose lines are quoted in a window
{
	printf 'services:\n  web:\n    image: "'
	i=0
	while [ $i -lt 200 ]; do
		printf 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'
		i=$((i + 1))
	done
	printf '<&>]]>:1.0"\n'
} >"$h/long.yml"
{
	printf 'services: {web: {image: "nginx:1", privileged: true, x-pad: "'
	i=0
	while [ $i -lt 30 ]; do printf '\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251'; i=$((i + 1)); done
	printf '"}, api: {image: "'
	i=0
	while [ $i -lt 40 ]; do printf 'yyyyyyyyyy'; i=$((i + 1)); done
	printf ':2"}}\n'
} >"$h/minified.yml"
# a policy whose file name, messages and reasons are hostile; its expired
# exception is a finding in the policy file
cat >"$h/pol icy&<x>.pol" <<'EOF'
policy "hostile" {
  include builtin "recommended"

  rule "house/no-evil" {
    message "value '{value}' of {service} holds ]]> & <markup> \"quoted\""
    for service
    forbid image =~ /evil/
    allow service "gone" because "reason with ]]> <b> & \"q\" 'a'" until 2020-01-01
  }
}
EOF
run hostile "$h" --today 2027-01-01 --policy "pol icy&<x>.pol" "a b&c<d>.yml" raw-control.yml \
	bad-utf8.yml "$badname" long.yml minified.yml
run hostile-builtin "$h" "a b&c<d>.yml" raw-control.yml long.yml minified.yml
run hostile-show-suppressed "$h" --show-suppressed "a b&c<d>.yml"

# ---- several reports of one run -------------------------------------------------
m="$tmp/multi"
mkdir -p "$m"
set -- --today 2027-01-01 --policy policies/mailu.pol tests/fixtures/mailu/docker-compose.yml
"$bin" "$@" --format junit:"$m/r.xml" --format json:"$m/r.json" --format checkstyle:"$m/r.cs" \
	--format codeclimate:"$m/r.cc" --format github:"$m/r.gh" --format text:"$m/r.txt" \
	--color=always >"$m/stdout" 2>"$m/err"
check "multi: nothing on standard output when every report has a file" test ! -s "$m/stdout"
for pair in junit:r.xml json:r.json checkstyle:r.cs codeclimate:r.cc github:r.gh; do
	"$bin" "$@" --format "${pair%%:*}" >"$m/alone" 2>/dev/null
	check "multi: ${pair%%:*} in a file is the same bytes as alone on stdout" same "$m/${pair#*:}" "$m/alone"
done
"$bin" "$@" --color=never >"$m/alone" 2>/dev/null
check "multi: text in a file is the same bytes as on stdout without colour" same "$m/r.txt" "$m/alone"
check "multi: no colour in a text file, even with --color=always" no_ansi "$m/r.txt"
check "multi: the summary goes to stderr when no text report is on stdout" grep -q '1 file linted' "$m/err"
"$bin" "$@" --format junit --output "$m/o.xml" >"$m/stdout" 2>/dev/null
check "--output: standard output stays empty" test ! -s "$m/stdout"
"$bin" "$@" --format junit >"$m/alone" 2>/dev/null
check "--output: the file is the same bytes as standard output" same "$m/o.xml" "$m/alone"
echo "an older report, to be replaced whole" >"$m/o.xml"
"$bin" "$@" --format junit:"$m/o.xml" --format json >/dev/null 2>&1
check "an existing report is replaced whole" same "$m/o.xml" "$m/alone"
leftovers=
for x in "$m"/* "$m"/.[!.]*; do
	[ -e "$x" ] || continue
	case ${x##*/} in
	r.xml | r.json | r.cs | r.cc | r.gh | r.txt | err | alone | stdout | o.xml) ;;
	*) leftovers="$leftovers ${x##*/}" ;;
	esac
done
check "no temporary file is left beside the reports${leftovers:+:$leftovers}" test -z "$leftovers"

# ---- the queued Python checks ---------------------------------------------------
if [ -s "$tmp/py.todo" ]; then
	python3 "$tmp/checks.py" "$tmp/py.todo" >"$tmp/py.out" 2>&1
	p=$(grep -c "^PASS$tab" "$tmp/py.out")
	f=$(grep -c "^FAIL$tab" "$tmp/py.out")
	pass=$((pass + p))
	fail=$((fail + f))
	grep -v "^PASS$tab" "$tmp/py.out" | sed "s/^FAIL$tab/junit: FAIL: /"
	n=$(wc -l <"$tmp/py.todo")
	[ $((p + f)) -eq "$n" ] || bad "python checks: $((p + f)) results for $n checks"
fi

echo "junit: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
