# A reader that leaves early (composelint | head) ends the run quietly with
# SIGPIPE's conventional status (141 in the shell), as other tools do; where
# SIGPIPE is ignored it is a write error: exit 2 and a message.
{
	echo 'services:'
	i=0
	while [ $i -lt 3000 ]; do printf '  s%d:\n    image: x\n' $i; i=$((i + 1)); done
} >compose.yml
(yes 2>/dev/null; echo $? >"$META/probe") | head -c 1 >/dev/null
({ "$CL" compose.yml 2>"$ERR"; echo $? >"$META/rc"; } | head -c 1 >/dev/null)
st=$(cat "$META/rc")
if [ "$(cat "$META/probe")" = 141 ]; then
	[ "$st" = 141 ] || failure "exit status $st, expected 141 (SIGPIPE)"
	[ ! -s "$ERR" ] || failure "a message on stderr: $(head -1 "$ERR")"
else
	[ "$st" = 2 ] || failure "SIGPIPE ignored: exit status $st, expected 2"
	grep -q "cannot write to standard output" "$ERR" || failure "SIGPIPE ignored: not reported"
fi
