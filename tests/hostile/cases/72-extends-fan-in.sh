# tags: large
# n/25 services extending one with an n-key environment: the inherited
# environment is shared, not copied per service.
good_compose small.yml
cl_peak -q small.yml
base=$peak
gen() {
	awk -v n="$1" 'BEGIN {
		print "services:\n  base:\n    image: nginx:1.25\n    environment:"
		for (i = 0; i < n; i++) printf "      K%d: v\n", i
		for (i = 0; i < n / 25; i++) printf "  s%d:\n    extends: base\n", i
	}'
}
gen 2000 >a.yml
gen 4000 >b.yml
cl_peak -q a.yml
expect_rc 0
m1=$peak
cl_peak -q b.yml
expect_rc 0
expect_out "^b\\.yml:4005:3: .*'s0'"
expect_linear "extends fan-in" "$base" "$m1" "$peak"
