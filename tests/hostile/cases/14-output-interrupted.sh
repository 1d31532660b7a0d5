# A fatal signal while reports are being written removes the temporary
# files: the earlier report stays as it was, no *.tmp.* is left.  The run
# is held open by a FIFO output nobody reads (opened after the regular
# file's temporary file exists).  SIGINT is in tests/unit/test_atomic.c: a
# shell that was itself started in the background cannot deliver it (its
# jobs ignore SIGINT).
good_compose compose.yml
echo '{"old": true}' >r.json
keep r.json
mkfifo block
for sig in TERM HUP; do
	"$CL" -q --format json:r.json --format sarif:block compose.yml >/dev/null 2>&1 &
	pid=$!
	i=0
	until ls r.json.tmp.* >/dev/null 2>&1 || [ $i -ge 100 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	expect "SIG$sig: no temporary file appeared" ls r.json.tmp.* >/dev/null 2>&1
	kill -s "$sig" "$pid"
	i=0
	while kill -0 "$pid" 2>/dev/null && [ $i -lt 50 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	if kill -0 "$pid" 2>/dev/null; then
		failure "SIG$sig did not end the run"
		kill -s KILL "$pid"
	fi
	wait "$pid"
	st=$?
	expect "SIG$sig: exit status $st, not death by the signal" [ "$st" -gt 128 ]
	expect "SIG$sig: a temporary file was left" [ -z "$(ls r.json.tmp.* 2>/dev/null)" ]
done
expect_kept
