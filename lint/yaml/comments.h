/*
 * comments.h - the comments of a YAML buffer, with their positions.
 *
 * libfyaml can keep comments, but that support is experimental (and leaks on
 * 0.7.12), so we find them ourselves.  A `#` is a comment when it stands at
 * the start of a line or after a space or a tab, outside every scalar; the
 * comment runs to the end of its line.  What is "inside a scalar" comes from
 * the loaded tree: every scalar written in the documents (keys and values,
 * aliases not followed) covers its span, quotes included; a block scalar
 * covers its content lines, not its header line, so `key: |  # note` is a
 * comment.  A `#` inside `"echo # x"`, `a#b` or `http://x/#frag` is not.
 *
 * Only meaningful for a buffer whose documents all loaded: text of a document
 * that failed to load has no scalar spans to rule it out.
 */
#ifndef CL_YAML_COMMENTS_H
#define CL_YAML_COMMENTS_H

#include <stdint.h>
#include <stddef.h>

#include "base/loc.h"
#include "yaml/tree.h"

struct arena;

struct ycomment {
	struct cl_span at;  /* from the '#' to the last non-blank character of the line */
	const char *text;   /* after '#', trimmed of blanks; NUL-terminated, in the arena */
	uint32_t text_off;  /* byte offset of text[0] in the buffer (at.end.off when empty) */
	int own_line;       /* only blanks precede the '#' on its line */
};

/*
 * yaml_comments() - the comments of buf[0..len), in file order, as an arena
 * array in *out; returns how many.  docs/ndocs are the documents loaded from
 * that same buffer (struct yload's docs), whose scalars are not comments.
 */
uint32_t yaml_comments(struct arena *a, uint32_t file, const char *buf, size_t len,
		       const struct ynode *const *docs, uint32_t ndocs,
		       struct ycomment **out);

#endif
