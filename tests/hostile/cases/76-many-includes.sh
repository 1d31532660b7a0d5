# tags: large
# Thousands of `include` items, each a file with one service: each include
# costs what it brings (the project's merged resources are not rebuilt per
# item, its file cache grows geometrically), so memory is linear in their
# number.
gen() {
	mkdir "$2"
	awk -v n="$1" -v dir="$2" 'BEGIN {
		print "include:" > (dir "/compose.yml")
		for (i = 0; i < n; i++) {
			printf "  - inc%d.yml\n", i > (dir "/compose.yml")
			f = dir "/inc" i ".yml"
			printf "services:\n  s%d:\n    image: nginx:1.25\n", i > f
			close(f)
		}
		print "services:\n  web:\n    image: nginx:1.25" > (dir "/compose.yml")
	}'
}
expect_linear "many includes" 1500 0
expect_out "^n2/inc2999\\.yml:2:3: .*'s2999'"
