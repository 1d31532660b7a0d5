# Paths found by discovery or named inside a file must be regular files: a
# FIFO is CL000 at once (exit 2), never opened for reading (which would
# hang), and the rest of the run goes on.
CL_TIMEOUT=10
mkdir -p scan/a scan/b
good_compose scan/a/compose.yml
mkfifo scan/b/compose.yml
cl -q scan
expect_rc 2
expect_out "^scan/b/compose\.yml: error: cannot read 'scan/b/compose\.yml': not a regular file.*\[CL000 "
expect_out '^scan/a/compose\.yml:3:12: .*CL201'

# the project's .env, a service's env_file, an include, an extends file
for what in env env_file include extends; do
	rm -rf p && mkdir p
	case $what in
	env) good_compose p/compose.yml; mkfifo p/.env; fifo=p/.env ;;
	env_file) printf 'services:\n  web:\n    image: nginx:1.25\n    env_file: w.env\n' >p/compose.yml
		mkfifo p/w.env; fifo=p/w.env ;;
	include) printf 'include:\n  - i.yml\nservices:\n  web:\n    image: nginx:1.25\n' >p/compose.yml
		mkfifo p/i.yml; fifo=p/i.yml ;;
	extends) printf 'services:\n  web:\n    image: nginx:1.25\n  x:\n    extends:\n      file: b.yml\n      service: b\n' >p/compose.yml
		mkfifo p/b.yml; fifo=p/b.yml ;;
	esac
	cl -q p/compose.yml
	expect_rc 2
	grep -q "^$fifo: error: cannot read '$fifo': not a regular file.*\[CL000 " "$OUT" ||
		failure "$what: no CL000 for the FIFO"
	grep -Eq '^p/compose\.yml:[0-9]+:12: .*CL201' "$OUT" || failure "$what: compose.yml not linted"
done

# the default compose file of the current directory
mkdir cwd && mkfifo cwd/compose.yaml
(cd cwd && _cl "$CL" -q)
expect_rc 2
expect_out "^compose\.yaml: error: .*not a regular file.*\[CL000 "

# a policy's include
mkfifo inc.pol
printf 'policy "p" {\n  include "inc.pol"\n}\n' >main.pol
good_compose compose.yml
cl -q --policy main.pol compose.yml
expect_rc 2
expect_err "cannot read included policy '(\./)?inc\.pol': not a regular file"
