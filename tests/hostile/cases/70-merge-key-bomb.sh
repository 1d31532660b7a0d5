# tags: large
# Merge keys that merge the previous anchor twice (2^n paths through a
# 1 KB file): every stage works on each shared collection once, so 24
# levels cost what 12 do.
good_compose small.yml
cl_peak -q small.yml
base=$peak
bomb() {
	echo 'x-a0: &a0 {k0: 1}'
	i=1
	while [ "$i" -le "$1" ]; do
		printf 'x-a%d: &a%d\n  l:\n    <<: *a%d\n  r:\n    <<: *a%d\n' "$i" "$i" $((i - 1)) $((i - 1))
		i=$((i + 1))
	done
	printf 'services:\n  web:\n    image: nginx:1.25\n    x-deep:\n      <<: *a%d\n' "$1"
}
bomb 12 >a.yml
bomb 24 >b.yml
cl_peak -q a.yml
expect_rc 0
m1=$peak
cl_peak -q b.yml
expect_rc 0
expect_out '^b\.yml:[0-9]+:12: .*CL201'
expect_linear "merge-key bomb" "$base" "$m1" "$peak"
