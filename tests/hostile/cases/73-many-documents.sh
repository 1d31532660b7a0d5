# tags: large
# Many `---` documents in one file: the loader's list of documents grows
# geometrically, so memory is linear in their number.
gen() {
	mkdir "$2"
	awk -v n="$1" 'BEGIN { for (i = 0; i < n; i++) printf "---\na%d: 1\n", i }' >"$2/compose.yml"
}
expect_linear "many documents" 8000 1
expect_out '^n2/compose\.yml:3:1: warning: only the first YAML document of a compose file is used'
