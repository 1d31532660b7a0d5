# tags: large
# One n-key environment aliased by n/25 services: it is normalized once and
# shared, not copied per service (the input doubles, so does the memory).
good_compose small.yml
cl_peak -q small.yml
base=$peak
gen() {
	awk -v n="$1" 'BEGIN {
		print "x-env: &env"
		for (i = 0; i < n; i++) printf "  K%d: v\n", i
		print "services:"
		for (i = 0; i < n / 25; i++) printf "  s%d:\n    image: nginx:1.25\n    environment: *env\n", i
	}'
}
gen 2000 >a.yml
gen 4000 >b.yml
cl_peak -q a.yml
expect_rc 0
m1=$peak
cl_peak -q b.yml
expect_out '^b\.yml:4004:12: .*CL201'
expect_linear "aliased environment" "$base" "$m1" "$peak"
