# A write to a full or closed standard output is reported (exit 2, a
# message on stderr) for every command, --help, --version and --list-rules
# included.
good_compose compose.yml
mkdir fx && good_compose fx/a.yml
for args in --help --version --list-rules "-q compose.yml" "--format json compose.yml" \
	    "config compose.yml" "test fx"; do
	# shellcheck disable=SC2086
	$CL $args >/dev/full 2>"$ERR"
	st=$?
	[ "$st" = 2 ] || failure "$args >/dev/full: exit $st, expected 2"
	grep -q "cannot write to standard output" "$ERR" || failure "$args >/dev/full: not reported"
	# shellcheck disable=SC2086
	$CL $args >&- 2>"$ERR"
	st=$?
	[ "$st" = 2 ] || failure "$args >&-: exit $st, expected 2"
	grep -q "cannot write to standard output" "$ERR" || failure "$args >&-: not reported"
done
