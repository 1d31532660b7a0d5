#!/bin/sh
# Build the libFuzzer harnesses and run each for a while.
#
#   sh tests/fuzz/run.sh [SECONDS] [HARNESS...]
#
# SECONDS defaults to 60; HARNESS to every tests/fuzz/fuzz_*.c.  Needs
# clang with libFuzzer (Debian: clang, libclang-rt-dev; `sh
# scripts/install-deps fuzz`) and the generated built-in policies (`make`
# makes build/gen/builtin_policies.c; `make fuzz` runs this script).
#
# Environment:
#   CC          clang binary (default: clang, else clang-14)
#   FUZZ_OUT    build and work directory (default: build/fuzz)
#   FUZZ_JOBS   harnesses fuzzed at the same time (default: 1)
#   FUZZ_FLAGS  extra libFuzzer flags, e.g. "-max_len=65536 -jobs=2"
#   FUZZ_GEN    the generated built-in policies (default:
#               build/gen/builtin_policies.c)
#   BUILD_ONLY  set to 1: build, do not run
#
# Each harness keeps its growing corpus in $FUZZ_OUT/corpus/HARNESS (the
# seeds in tests/fuzz/seeds/HARNESS are read, never written) and writes
# crashes, timeouts, leaks and sanitizer reports as
# $FUZZ_OUT/artifacts/HARNESS/{crash,timeout,leak,oom}-SHA1 with the log
# next to them.  Reproduce one with: $FUZZ_OUT/HARNESS FILE
set -eu

top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
secs=${1:-60}
[ $# -gt 0 ] && shift
harnesses=$*
[ -n "$harnesses" ] || harnesses=$(cd tests/fuzz && ls fuzz_*.c | sed 's/\.c$//')
out=${FUZZ_OUT:-build/fuzz}
case $out in /*) ;; *) out=$top/$out ;; esac
jobs=${FUZZ_JOBS:-1}

if [ -z "${CC:-}" ] || [ "$CC" = cc ]; then
	CC=clang
	command -v clang >/dev/null 2>&1 || CC=clang-14
fi
gen=${FUZZ_GEN:-build/gen/builtin_policies.c}
if [ ! -f "$gen" ]; then
	echo "run.sh: $gen is missing; run 'make' first" >&2
	exit 2
fi

std="-std=c11 -D_POSIX_C_SOURCE=200809L -DPCRE2_CODE_UNIT_WIDTH=8"
warn="-Wall -Wextra -Werror -Wstrict-prototypes -Wformat=2 -Wshadow -Wvla"
san="-g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all"
pc=$(pkg-config --cflags libfyaml libpcre2-8)
libs="$(pkg-config --libs libfyaml libpcre2-8) -lm"
version=$(cat VERSION)

# The library once, instrumented for coverage (fuzzer-no-link), then one
# link per harness.
mkdir -p "$out/obj"
srcs="$(find lint -name '*.c' ! -path 'lint/cli/*' | sort) $gen"
objs=
for s in $srcs; do
	o=$out/obj/$(echo "$s" | tr / _ | sed 's/\.c$/.o/')
	objs="$objs $o"
	# rebuild when the source or any header of lint/ is newer
	if [ ! -f "$o" ] || [ "$s" -nt "$o" ] || [ -n "$(find lint -name '*.h' -newer "$o" | head -1)" ]; then
		# shellcheck disable=SC2086
		$CC $std $warn $san -fsanitize=fuzzer-no-link -Ilint $pc \
			-DCL_VERSION="\"$version\"" -c -o "$o" "$s"
	fi
done
for h in $harnesses; do
	[ -f "tests/fuzz/$h.c" ] || { echo "run.sh: no harness tests/fuzz/$h.c" >&2; exit 2; }
	# shellcheck disable=SC2086
	$CC $std $warn $san -fsanitize=fuzzer -Ilint $pc -o "$out/$h" "tests/fuzz/$h.c" $objs $libs
	echo "built $out/$h"
done
[ "${BUILD_ONLY:-0}" = 1 ] && exit 0

# tests/fuzz/NAME.dict for fuzz_NAME when there is one, else compose.dict
dict_of() {
	d=$top/tests/fuzz/${1#fuzz_}.dict
	[ -f "$d" ] || d=$top/tests/fuzz/compose.dict
	echo "$d"
}

# leaks inside libraries that are not ours (see lsan.supp); a caller's
# LSAN_OPTIONS come first
LSAN_OPTIONS="${LSAN_OPTIONS:+$LSAN_OPTIONS:}suppressions=$top/tests/fuzz/lsan.supp"
export LSAN_OPTIONS

run_one() {
	h=$1
	mkdir -p "$out/corpus/$h" "$out/artifacts/$h" "$out/scratch/$h"
	echo "fuzzing $h for ${secs}s (log: $out/$h.log)"
	# an empty scratch directory: a fuzzed `include "x"` finds nothing there
	# shellcheck disable=SC2086
	(cd "$out/scratch/$h" && "$out/$h" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
		-max_len="${FUZZ_MAX_LEN:-16384}" -print_final_stats=1 \
		-dict="$(dict_of "$h")" -artifact_prefix="$out/artifacts/$h/" ${FUZZ_FLAGS:-} \
		"$out/corpus/$h" "$top/tests/fuzz/seeds/$h") >"$out/$h.log" 2>&1
	rc=$?
	# the last progress line: executions, coverage, corpus, speed
	grep -E '^#[0-9]+' "$out/$h.log" | tail -1 | sed "s/^/  $h: /"
	grep -E '^stat::(number_of_executed_units|peak_rss_mb)' "$out/$h.log" | sed "s/^/  $h: /"
	if [ $rc -ne 0 ]; then
		echo "  $h: FAILED (exit $rc); see $out/$h.log and $out/artifacts/$h/" >&2
		return 1
	fi
}

failed=0
set +e
if [ "$jobs" -le 1 ]; then
	for h in $harnesses; do
		run_one "$h" || failed=1
	done
else
	# at most $jobs at once, in waves
	set -- $harnesses
	while [ $# -gt 0 ]; do
		pids=
		k=0
		while [ $# -gt 0 ] && [ $k -lt "$jobs" ]; do
			run_one "$1" &
			pids="$pids $!"
			shift
			k=$((k + 1))
		done
		for p in $pids; do
			wait "$p" || failed=1
		done
	done
fi
exit $failed
