# tags: large
# Merge keys that merge the previous anchor twice (2^n paths through a
# 1 KB file): every stage works on each shared collection once, so 24
# levels cost what 12 do.
gen() {
	mkdir "$2"
	{
		echo 'x-a0: &a0 {k0: 1}'
		i=1
		while [ "$i" -le "$1" ]; do
			printf 'x-a%d: &a%d\n  l:\n    <<: *a%d\n  r:\n    <<: *a%d\n' \
				"$i" "$i" $((i - 1)) $((i - 1))
			i=$((i + 1))
		done
		printf 'services:\n  web:\n    image: nginx:1.25\n    x-deep:\n      <<: *a%d\n' "$1"
	} >"$2/compose.yml"
}
expect_linear "merge-key bomb" 12 0
expect_out '^n2/compose\.yml:[0-9]+:12: .*CL201'
