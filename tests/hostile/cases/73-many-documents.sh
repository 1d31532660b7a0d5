# tags: large
# Many `---` documents in one file: the loader's list of documents grows
# geometrically, so memory is linear in their number.
good_compose small.yml
cl_peak -q small.yml
base=$peak
gen() {
	awk -v n="$1" 'BEGIN { for (i = 0; i < n; i++) printf "---\na%d: 1\n", i }'
}
gen 8000 >a.yml
gen 16000 >b.yml
cl_peak -q a.yml
expect_rc 1
m1=$peak
cl_peak -q b.yml
expect_rc 1
expect_out '^b\.yml:3:1: warning: only the first YAML document of a compose file is used'
expect_linear "many documents" "$base" "$m1" "$peak"
