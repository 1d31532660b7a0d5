# tags: large
# One n-key environment aliased by n/25 services: it is normalized once and
# shared, not copied per service (the input doubles, so does the memory).
gen() {
	mkdir "$2"
	awk -v n="$1" 'BEGIN {
		print "x-env: &env"
		for (i = 0; i < n; i++) printf "  K%d: v\n", i
		print "services:"
		for (i = 0; i < n / 25; i++) printf "  s%d:\n    image: nginx:1.25\n    environment: *env\n", i
	}' >"$2/compose.yml"
}
# 4000 keys times 160 services: more than the schema check walks (CL003)
expect_linear "aliased environment" 2000 0 1
expect_out '^n2/compose\.yml:4004:12: .*CL201'
