# A report never replaces a file the run reads: the compose file (by a typo
# of -o for -f, or named as the input), an override, an include, an extends
# file, an env_file, the .env, a policy.  Refused with exit 2, file intact.
mkdir p
cat >p/compose.yml <<'YML'
include:
  - inc.yml
services:
  web:
    image: nginx:1.25
    env_file: web.env
  app:
    extends:
      file: base.yml
      service: base
YML
printf 'services:\n  web:\n    read_only: true\n' >p/compose.override.yml
printf 'services:\n  inc:\n    image: busybox:1\n' >p/inc.yml
printf 'services:\n  base:\n    image: alpine:3\n' >p/base.yml
printf 'A=1\n' >p/web.env
printf 'B=2\n' >p/.env
cat >policy.pol <<'POL'
policy "p" {
  rule "p/image" warning {
    message "no image"
    for service
    require image exists
  }
}
POL
keep p/compose.yml p/compose.override.yml p/inc.yml p/base.yml p/web.env p/.env policy.pol
for victim in p/compose.yml p/compose.override.yml p/inc.yml p/base.yml p/web.env p/.env; do
	cl -q -o "$victim" p/compose.yml
	expect_rc 2
	expect_err "refusing to write a report to '$victim'"
done
cl -q --format json:./p/../p/compose.yml p/compose.yml
expect_rc 2
cl -q --policy policy.pol --format sarif:policy.pol p/compose.yml
expect_rc 2
expect_err "refusing to write a report to 'policy.pol'"
(cd p && _cl "$CL" -q -o compose.yml)  # the typo: -o for -f, default discovery
expect_rc 2
expect_kept
