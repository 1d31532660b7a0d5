#!/bin/sh
# Compose project semantics: `composelint config` over the cases in
# tests/compose/, each checked against its blessed output and, where the case
# says so, against docker-compose v1 as an oracle.
#
# usage: tests/run-compose-tests.sh COMPOSELINT
#
# A case is a directory tests/compose/CASE/ holding:
#   args          the arguments after `composelint config`, one line, split on
#                 blanks (no quoting); may be empty
#   env           optional: NAME=VALUE lines, the only variables (with PATH)
#                 that either tool sees; the host environment never leaks in
#   expected.yml  exact standard output (standard error must then match
#                 expected.err, absent meaning empty)
#   expected.out  instead of expected.yml: exact standard output followed by
#                 standard error, captured together (error cases)
#   expected.rc   exact exit status (absent: 0)
#   oracle        marker: also run `docker-compose ARGS config` (ARGS from
#                 oracle-args when present, else args) and compare both
#                 outputs after tests/compose/canon.py has made them canonical
#                 (relative paths in composelint's output are read as relative
#                 to the project directory: --project-directory, else the case)
#   about         what the case pins and what compose v2 does (for review)
#
# Both tools run inside the case directory.  The case directory's absolute
# path is replaced by $CASE in composelint's output before it is compared or
# blessed, so expected files do not depend on where the repository lives.
#
# Cases named error-* use expected.out.  BLESS=1 rewrites expected.yml and
# expected.err, or expected.out, and expected.rc (removed when 0) from
# composelint's current output: review the diff.  Without docker-compose (or
# without python3 and PyYAML for canon.py) the oracle comparisons are skipped
# with one message; REQUIRE_ORACLE=1 (for CI) makes that a failure.
# VALGRIND=1 runs composelint under valgrind (any memory error or leak exits
# 99, so the case fails).  Closes with "compose: N passed, M failed".
if [ $# -ne 1 ]; then
	echo "usage: $0 COMPOSELINT" >&2
	exit 2
fi
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$(cd "$(dirname "$0")" && pwd)/compose
canon=$root/canon.py
# the composelint command line, before `config`
set -- "$bin"
if [ -n "$VALGRIND" ]; then
	set -- valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect "$bin"
fi
pass=0 fail=0 n=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

ok() { n=$((n + 1)); pass=$((pass + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); fail=$((fail + 1)); echo "not ok $n - $1"; }

# in_case DIR CMD...: run CMD in DIR with only PATH and DIR/env in its
# environment.  The env lines are put in front of CMD as NAME=VALUE operands
# of env(1), so values keep their blanks and are never parsed by a shell.
in_case() (
	cd "$1" || exit 125
	shift
	if [ -f ./env ]; then
		count=$#
		while IFS= read -r line || [ -n "$line" ]; do
			case $line in
			'' | '#'*) continue ;;
			[A-Za-z_]*=*) set -- "$@" "$line" ;;
			*) echo "in_case: bad line in env: $line" >&2; exit 125 ;;
			esac
		done <./env
		# rotate the command words behind the variables
		i=0
		while [ "$i" -lt "$count" ]; do
			set -- "$@" "$1"
			shift
			i=$((i + 1))
		done
	fi
	exec env -i PATH="$PATH" "$@"
)

# sed_literal STRING: STRING as a sed basic regular expression matching itself
sed_literal() {
	printf '%s\n' "$1" | sed 's/[][\.*^$]/\\&/g'
}

# portable FILE DIR: replace DIR's absolute path(s) in FILE with $CASE
portable() {
	logical=$(cd "$2" && pwd -L)
	physical=$(cd "$2" && pwd -P)
	sep=$(printf '\001')
	for p in "$physical" "$logical"; do
		sed "s${sep}$(sed_literal "$p")${sep}\$CASE${sep}g" "$1" >"$1.tmp" && mv "$1.tmp" "$1"
	done
}

# project_dir ARGS...: the --project-directory named in ARGS, else "."
project_dir() {
	pd=.
	while [ $# -gt 0 ]; do
		case $1 in
		--project-directory) [ $# -gt 1 ] && pd=$2 ;;
		--project-directory=*) pd=${1#*=} ;;
		esac
		shift
	done
	echo "$pd"
}

# ---- the oracle: docker-compose v1 and a python3 that can run canon.py ---------
oracle=yes
why_no_oracle=
py=
for p in python3 /usr/bin/python3; do
	if command -v "$p" >/dev/null 2>&1 && "$p" -c 'import yaml' 2>/dev/null; then
		py=$p
		break
	fi
done
if ! command -v docker-compose >/dev/null 2>&1; then
	oracle=no why_no_oracle="docker-compose not found (Debian package docker-compose)"
elif [ -z "$py" ]; then
	oracle=no why_no_oracle="no python3 with PyYAML for canon.py (Debian package python3-yaml)"
fi
if [ $oracle = no ]; then
	echo "compose: oracle comparisons skipped: $why_no_oracle"
	[ "$REQUIRE_ORACLE" = 1 ] && not_ok "oracle required (REQUIRE_ORACLE=1) but unavailable: $why_no_oracle"
else
	# canon.py checks itself first: an oracle is only as honest as its canonicalization
	if "$py" "$canon" --self-test >"$tmp/self" 2>&1; then
		ok "canon.py self-test"
	else
		cat "$tmp/self"
		not_ok "canon.py self-test"
	fi
fi

for dir in "$root"/*/; do
	dir=${dir%/}
	case=$(basename "$dir")
	case $case in _* | .*) continue ;; esac
	if [ ! -f "$dir/args" ]; then
		not_ok "$case: no args file"
		continue
	fi
	args=$(cat "$dir/args")

	# ---- composelint against the blessed output ----
	mode=yml
	if [ -f "$dir/expected.out" ] || [ "${case#error-}" != "$case" ]; then
		mode=out
	fi
	if [ $mode = out ]; then
		# shellcheck disable=SC2086 # args is a word list by definition
		in_case "$dir" "$@" config $args >"$tmp/out" 2>&1
		rc=$?
		: >"$tmp/err"
	else
		# shellcheck disable=SC2086
		in_case "$dir" "$@" config $args >"$tmp/out" 2>"$tmp/err"
		rc=$?
	fi
	cp "$tmp/out" "$tmp/raw"  # unchanged, for the oracle
	portable "$tmp/out" "$dir"
	portable "$tmp/err" "$dir"
	if [ -n "$BLESS" ]; then
		if [ $mode = out ]; then
			cp "$tmp/out" "$dir/expected.out"
			rm -f "$dir/expected.yml" "$dir/expected.err"
		else
			cp "$tmp/out" "$dir/expected.yml"
			if [ -s "$tmp/err" ]; then cp "$tmp/err" "$dir/expected.err"; else rm -f "$dir/expected.err"; fi
		fi
		if [ "$rc" = 0 ]; then rm -f "$dir/expected.rc"; else echo "$rc" >"$dir/expected.rc"; fi
	fi
	want_rc=0
	[ -f "$dir/expected.rc" ] && want_rc=$(cat "$dir/expected.rc")
	why=
	if [ $mode = out ]; then
		expected=$dir/expected.out
	else
		expected=$dir/expected.yml
	fi
	experr=/dev/null
	[ -f "$dir/expected.err" ] && experr=$dir/expected.err
	if [ ! -f "$expected" ]; then
		why="no $(basename "$expected") (bless it: BLESS=1)"
	elif [ "$rc" != "$want_rc" ]; then
		why="exit $rc, expected $want_rc"
		head -20 "$tmp/out" "$tmp/err"
	elif ! cmp -s "$tmp/out" "$expected"; then
		why="output differs"
		diff -u "$expected" "$tmp/out" | head -60
	elif ! cmp -s "$tmp/err" "$experr"; then
		why="stderr differs"
		diff -u "$experr" "$tmp/err" | head -40
	fi
	if [ -z "$why" ]; then ok "$case"; else not_ok "$case: $why"; fi

	# ---- composelint against docker-compose v1 ----
	if [ ! -f "$dir/oracle" ] || [ $oracle = no ]; then
		continue
	fi
	oargs=$args
	[ -f "$dir/oracle-args" ] && oargs=$(cat "$dir/oracle-args")
	# shellcheck disable=SC2086
	in_case "$dir" docker-compose $oargs config >"$tmp/v1" 2>"$tmp/v1err"
	orc=$?
	why=
	if [ "$orc" != 0 ]; then
		why="docker-compose exited $orc"
		head -20 "$tmp/v1err"
	elif [ "$rc" != 0 ]; then
		why="composelint exited $rc"
	else
		# relative paths in composelint's output are relative to the project directory
		# shellcheck disable=SC2086
		pd=$(project_dir $args)
		case $pd in /*) ;; *) pd=$dir/$pd ;; esac
		"$py" "$canon" --case-dir "$dir" --project-dir "$pd" \
			--compare "$tmp/raw" "$tmp/v1" >"$tmp/cmp" 2>&1
		crc=$?
		if [ "$crc" = 1 ]; then
			why="composelint and docker-compose disagree (- composelint, + docker-compose)"
			head -80 "$tmp/cmp"
		elif [ "$crc" != 0 ]; then
			why="canon.py refused an output"
			cat "$tmp/cmp"
		fi
	fi
	if [ -z "$why" ]; then ok "$case (oracle)"; else not_ok "$case (oracle): $why"; fi
done
echo "compose: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
