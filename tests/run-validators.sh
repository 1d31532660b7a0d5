#!/bin/sh
# Validate the machine-readable reports against their schemas: runs every
# tests/validate-*.sh with the binary.  Each validator says plainly when a
# tool it needs is missing and what it skipped.
bin=$1
status=0
for v in "$(dirname "$0")"/validate-*.sh; do
	[ -e "$v" ] || continue
	sh "$v" "$bin" || status=1
done
exit $status
