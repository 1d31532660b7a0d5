#!/bin/sh
# End-to-end cases: every directory under each SUITE directory (tests/golden
# for the command line and the output formats, tests/compose for project
# semantics) is one case, and every case has the same layout:
#
#   args          the command line after `composelint`, as shell words
#                 (quotes and ${VAR:-default} work; it is read by sh)
#   stdin         standard input (absent: empty)
#   env           NAME=VALUE lines: with PATH and TMPDIR (a scratch
#                 directory of the run) the only variables composelint sees;
#                 the caller's environment never leaks in
#   expected.out  exact standard output
#   expected.err  exact standard error (an empty file: none)
#   expected.rc   exact exit status
#   oracle        the arguments of `docker-compose` (v1) that must print
#                 the same project as composelint's standard output, after
#                 tests/compose/canon.py has made both canonical (relative
#                 paths in composelint's output are read against the
#                 --project-directory of args, else the case)
#   about         what the case pins, for review
#
# usage: tests/run-cases.sh COMPOSELINT SUITE...
#
# Every case needs args and the three expected files.  composelint and
# docker-compose run inside the case directory; the case directory's
# absolute path is replaced by $CASE in composelint's standard output and
# error before they are compared or blessed, so expected files do not
# depend on where the repository lives.
#
# BLESS=1 rewrites expected.out, expected.err and expected.rc from the
# current output (review the diff).  VALGRIND=1 runs composelint under
# valgrind (a memory error or leak exits 99, so the case fails);
# VALGRIND_SAMPLE=N then runs only every Nth case of each suite (by sorted
# name, always the same ones).  Without docker-compose, or without a
# python3 with PyYAML for canon.py, the oracle comparisons are skipped with
# one message; REQUIRE_ORACLE=1 (for CI) makes that a failure.  Closes with
# "SUITE: N passed, M failed" per suite.
if [ $# -lt 2 ]; then
	echo "usage: $0 COMPOSELINT SUITE..." >&2
	exit 2
fi
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
shift
here=$(cd "$(dirname "$0")" && pwd)
canon=$here/compose/canon.py
run_prefix=$bin
if [ -n "$VALGRIND" ]; then
	run_prefix="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect $bin"
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0

# in_case DIR ARGS CMD...: run CMD followed by the shell words ARGS in DIR,
# with only PATH, TMPDIR and DIR/env in its environment.  The env lines
# become NAME=VALUE operands of env(1), so values keep their blanks; ARGS
# is expanded by a shell inside that environment.
in_case() (
	cd "$1" || exit 125
	words=$2
	shift 2
	count=$#
	set -- "$@" PATH="$PATH" TMPDIR="$tmp/scratch"
	if [ -f ./env ]; then
		while IFS= read -r line || [ -n "$line" ]; do
			case $line in
			'' | '#'*) continue ;;
			[A-Za-z_]*=*) set -- "$@" "$line" ;;
			*) echo "in_case: bad line in env: $line" >&2; exit 125 ;;
			esac
		done <./env
	fi
	# shellcheck disable=SC2016 # expanded by the inner shell
	set -- "$@" sh -c 'w=$1; shift; eval "exec \"\$@\" $w"' sh "$words"
	# rotate the command words behind the variables and the shell
	i=0
	while [ "$i" -lt "$count" ]; do
		set -- "$@" "$1"
		shift
		i=$((i + 1))
	done
	exec env -i "$@"
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

# ---- the oracle: docker-compose v1 and a python3 that can run canon.py ------
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
oracle_checked=no

for suite in "$@"; do
	root=$(cd "$suite" && pwd) || { status=1; continue; }
	label=$(basename "$root")
	pass=0 fail=0 n=0 k=0
	ok() { n=$((n + 1)); pass=$((pass + 1)); echo "ok $n - $1"; }
	not_ok() { n=$((n + 1)); fail=$((fail + 1)); echo "not ok $n - $1"; }

	if [ -n "$(find "$root" -mindepth 2 -maxdepth 2 -name oracle)" ] && [ $oracle_checked = no ]; then
		oracle_checked=yes
		if [ $oracle = no ]; then
			echo "$label: oracle comparisons skipped: $why_no_oracle"
			[ "$REQUIRE_ORACLE" = 1 ] && not_ok "oracle required (REQUIRE_ORACLE=1) but unavailable: $why_no_oracle"
		elif "$py" "$canon" --self-test >"$tmp/self" 2>&1; then
			# an oracle is only as honest as its canonicalization
			ok "canon.py self-test"
		else
			cat "$tmp/self"
			not_ok "canon.py self-test"
		fi
	fi

	for dir in "$root"/*/; do
		dir=${dir%/}
		case=$(basename "$dir")
		k=$((k + 1))
		if [ -n "$VALGRIND" ] && [ -n "$VALGRIND_SAMPLE" ] && [ $(((k - 1) % VALGRIND_SAMPLE)) != 0 ]; then
			continue
		fi
		missing=
		for f in args expected.out expected.err expected.rc; do
			[ -f "$dir/$f" ] || missing="$missing $f"
		done
		if [ -n "$missing" ] && [ -z "$BLESS" ] || [ ! -f "$dir/args" ]; then
			not_ok "$case: missing$missing (a case needs args and the three expected files; BLESS=1 writes those)"
			continue
		fi
		args=$(cat "$dir/args")
		in=/dev/null
		[ -f "$dir/stdin" ] && in=$dir/stdin
		rm -rf "$tmp/scratch" && mkdir "$tmp/scratch"
		# shellcheck disable=SC2086 # run_prefix is a word list
		in_case "$dir" "$args" $run_prefix <"$in" >"$tmp/out" 2>"$tmp/err"
		rc=$?
		cp "$tmp/out" "$tmp/raw"  # unchanged, for the oracle
		portable "$tmp/out" "$dir"
		portable "$tmp/err" "$dir"
		if [ -n "$BLESS" ]; then
			cp "$tmp/out" "$dir/expected.out"
			cp "$tmp/err" "$dir/expected.err"
			echo "$rc" >"$dir/expected.rc"
		fi
		why=
		if [ "$rc" != "$(cat "$dir/expected.rc")" ]; then
			why="exit $rc, expected $(cat "$dir/expected.rc")"
			head -20 "$tmp/out" "$tmp/err"
		elif ! cmp -s "$tmp/out" "$dir/expected.out"; then
			why="stdout differs"
			diff -u "$dir/expected.out" "$tmp/out" | head -60
		elif ! cmp -s "$tmp/err" "$dir/expected.err"; then
			why="stderr differs"
			diff -u "$dir/expected.err" "$tmp/err" | head -40
		fi
		if [ -z "$why" ]; then ok "$case"; else not_ok "$case: $why"; fi

		# ---- composelint against docker-compose v1 ----
		if [ ! -f "$dir/oracle" ] || [ $oracle = no ]; then
			continue
		fi
		in_case "$dir" "$(cat "$dir/oracle")" docker-compose >"$tmp/v1" 2>"$tmp/v1err" </dev/null
		orc=$?
		why=
		if [ "$orc" != 0 ]; then
			why="docker-compose exited $orc"
			head -20 "$tmp/v1err"
		elif [ "$rc" != 0 ]; then
			why="composelint exited $rc"
		else
			# shellcheck disable=SC2086 # args is a word list
			pd=$(eval project_dir $args)
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
	echo "$label: $pass passed, $fail failed"
	[ "$fail" -eq 0 ] || status=1
done
exit $status
