# lib.sh - what a hostile case can say; sourced into each case's shell by
# run.sh, in the case's own empty directory (the current directory).
#
#   cl ARGS...          run composelint bounded in memory and time; sets $rc,
#                       the output in $OUT and $ERR (outside the directory, so
#                       scans never see them); stdin is $CL_STDIN (/dev/null)
#   cl_as_nobody ARGS   the same as user nobody when root (root reads
#                       everything: chmod 000 blocks nothing)
#   expect_rc N         the exit status
#   expect_out ERE      a line of stdout matches (expect_err: stderr)
#   expect_no_out ERE   no line of stdout matches (expect_no_err: stderr)
#   keep FILE...        remember the files as they are now ...
#   expect_kept         ... and check that none changed (or went away)
#   expect TEXT CMD...  CMD succeeds, else TEXT is the failure
#   cl_peak ARGS...     cl, and $peak: the run's peak resident memory in KiB
#   expect_linear WHAT N STATUS [STATUS2]  `gen N DIR` (defined by the case)
#                       makes DIR/compose.yml; it is linted at sizes N and 2N
#                       (exit status STATUS, at 2N STATUS2 when given: n2/
#                       holds the larger input), and the memory beyond a small
#                       file's grows at most 3 times (2 is linear, 4
#                       quadratic); DIR 2N is left for more expectations
#   skip WHY            the case cannot run here (printed, not counted)
#
# Bounds: CL_TIMEOUT seconds (default 30: a hang fails instead of blocking
# the suite), CL_MEMORY_MB of address space (default 2048, `ulimit -v`) in
# the plain build, resident memory under ASan.
CL_TIMEOUT=${CL_TIMEOUT:-30}
CL_MEMORY_MB=${CL_MEMORY_MB:-2048}
CL_STDIN=/dev/null
OUT=$META/out
ERR=$META/err

failure() {
	echo "$*" >>"$META/failures"
}

skip() {
	echo "$*" >"$META/skipped"
	exit 0
}

_cl() {
	if [ -n "$SAN" ]; then
		ASAN_OPTIONS="hard_rss_limit_mb=$CL_MEMORY_MB${ASAN_OPTIONS:+:$ASAN_OPTIONS}" \
			timeout -k 5 "$CL_TIMEOUT" "$@" <"$CL_STDIN" >"$OUT" 2>"$ERR"
	else
		(ulimit -v $((CL_MEMORY_MB * 1024)) && exec timeout -k 5 "$CL_TIMEOUT" "$@") \
			<"$CL_STDIN" >"$OUT" 2>"$ERR"
	fi
	rc=$?
	[ "$rc" -ne 124 ] || failure "timed out after ${CL_TIMEOUT}s: $*"
}

cl() {
	_cl "$CL" "$@"
}

cl_as_nobody() {
	if [ "$(id -u)" -ne 0 ]; then
		_cl "$CL" "$@"
		return
	fi
	command -v setpriv >/dev/null || skip "running as nobody needs setpriv"
	# the binary may sit where nobody cannot reach it
	cp "$CL" "$META/composelint" && chmod 755 "$META/composelint"
	_cl setpriv --reuid=nobody --regid="$(id -g nobody)" --clear-groups "$META/composelint" "$@"
}

expect_rc() {
	[ "$rc" = "$1" ] || failure "exit status $rc, expected $1"
}

_grep() {
	grep -Eq -- "$2" "$1"
}

expect_out() { _grep "$OUT" "$1" || failure "no line of stdout matches: $1"; }
expect_err() { _grep "$ERR" "$1" || failure "no line of stderr matches: $1"; }
expect_no_out() { ! _grep "$OUT" "$1" || failure "a line of stdout matches: $1"; }
expect_no_err() { ! _grep "$ERR" "$1" || failure "a line of stderr matches: $1"; }

keep() {
	for f in "$@"; do
		printf '%s %s\n' "$(cksum <"$f")" "$f" >>"$META/kept"
	done
}

expect_kept() {
	while read -r sum size f; do
		[ -e "$f" ] && [ "$(cksum <"$f")" = "$sum $size" ] || failure "'$f' was changed"
	done <"$META/kept"
}

cl_peak() {
	[ -x "$META/peak" ] || ${CC:-cc} -O2 -o "$META/peak" "$HOSTILE/peak.c" ||
		skip "cannot build the memory probe tests/hostile/peak.c"
	PEAK_FILE=$META/peak.kib
	export PEAK_FILE
	_cl "$META/peak" "$CL" "$@"
	peak=$(cat "$PEAK_FILE" 2>/dev/null || echo 0)
}

expect_linear() {
	good_compose small.yml
	cl_peak -q small.yml
	base=$peak
	gen "$2" n1
	cl_peak -q n1/compose.yml
	expect_rc "$3"
	m1=$peak
	rm -rf n1
	gen $(($2 * 2)) n2
	cl_peak -q n2/compose.yml
	expect_rc "${4:-$3}"
	# growth under 1 MiB is the allocator's noise and counts as 1 MiB
	g1=$((m1 - base)) g2=$((peak - base))
	[ "$g1" -ge 1024 ] || g1=1024
	[ "$g2" -le $((g1 * 3)) ] ||
		failure "$1: memory beyond a small file grew from $((m1 - base)) KiB to $g2 KiB" \
			"when the input doubled"
}

expect() {
	what=$1
	shift
	"$@" || failure "$what"
}

# A compose file with findings of its own, to show it was linted.
good_compose() {
	printf 'services:\n  web:\n    image: nginx:1.25\n' >"$1"
}

# A compose file of 160 services sharing a 4,000-key environment: a few
# megabytes of composelint's memory, for cases about --max-memory.
shared_env_compose() {
	awk 'BEGIN {
		print "x-env: &env"
		for (i = 0; i < 4000; i++) printf "  K%d: v\n", i
		print "services:"
		for (i = 0; i < 160; i++) printf "  s%d:\n    image: nginx:1.25\n    environment: *env\n", i
	}' >"$1"
}
