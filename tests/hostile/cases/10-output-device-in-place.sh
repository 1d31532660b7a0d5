# Output paths that are not regular files are written in place: a device
# stays a device (/dev/full reports its error, exit 2), /dev/stdout stays a
# symbolic link.  As root, in a private mount namespace on a tmpfs of its
# own, so a regression cannot replace the machine's /dev entries.
[ "$(id -u)" -eq 0 ] || skip "needs root for mknod in a private mount namespace"
unshare -m true 2>/dev/null || skip "unshare -m is not available"
good_compose compose.yml
mkdir dev
unshare -m sh -c '
	d=$1 cl=$2 meta=$3
	mount -t tmpfs hostile "$d" || exit 99
	mknod "$d/full" c 1 7 && mknod "$d/null" c 1 3 && ln -s /proc/self/fd/1 "$d/stdout" || exit 98
	"$cl" -q --format json:"$d/full" compose.yml >"$meta/full.out" 2>"$meta/full.err"
	echo $? >"$meta/full.rc"
	"$cl" -q -o "$d/null" compose.yml >"$meta/null.out" 2>"$meta/null.err"
	echo $? >"$meta/null.rc"
	"$cl" -q --format sarif:"$d/stdout" compose.yml >"$meta/stdout.out" 2>"$meta/stdout.err"
	echo $? >"$meta/stdout.rc"
	stat -c "%n %F" "$d/full" "$d/null" "$d/stdout" | sed "s|^$d/||" >"$meta/types"
' hostile "$PWD/dev" "$CL" "$META"
ns=$?
[ "$ns" -ne 99 ] || skip "cannot mount a tmpfs in the namespace"
expect "namespace setup failed ($ns)" [ "$ns" -eq 0 ]
expect "/dev/full: exit $(cat "$META/full.rc"), expected 2" [ "$(cat "$META/full.rc")" = 2 ]
expect "/dev/full: the error is not reported" grep -q "No space left on device" "$META/full.err"
expect "-o /dev/null: exit $(cat "$META/null.rc"), expected 0" [ "$(cat "$META/null.rc")" = 0 ]
expect "/dev/stdout: exit $(cat "$META/stdout.rc"), expected 0" [ "$(cat "$META/stdout.rc")" = 0 ]
expect "/dev/stdout: no SARIF on stdout" grep -q '"version": "2.1.0"' "$META/stdout.out"
expect "full is no longer a device" grep -qx "full character special file" "$META/types"
expect "null is no longer a device" grep -qx "null character special file" "$META/types"
expect "stdout is no longer a symbolic link" grep -qx "stdout symbolic link" "$META/types"
