# An empty file, one of comments only and one holding only "---" get the
# same verdict, as docker compose refuses them all: CL003 at 1:1.
: >empty.yml
printf '# nothing here\n' >comments.yml
printf -- '---\n' >dashes.yml
for f in empty comments dashes; do
	cl -q $f.yml
	expect_rc 1
	grep -qx "$f\.yml:1:1: error: the file holds no compose document \[CL003 compose-schema\]" "$OUT" ||
		failure "$f.yml: not the CL003 verdict"
done
