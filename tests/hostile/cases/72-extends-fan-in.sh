# tags: large
# n/25 services extending one with an n-key environment: the inherited
# environment is shared, not copied per service.
gen() {
	mkdir "$2"
	awk -v n="$1" 'BEGIN {
		print "services:\n  base:\n    image: nginx:1.25\n    environment:"
		for (i = 0; i < n; i++) printf "      K%d: v\n", i
		for (i = 0; i < n / 25; i++) printf "  s%d:\n    extends: base\n", i
	}' >"$2/compose.yml"
}
expect_linear "extends fan-in" 2000 0
expect_out "^n2/compose\\.yml:4005:3: .*'s0'"
