/*
 * comments.c - find the comments of a YAML buffer (see comments.h).
 *
 * Two steps: collect the byte ranges of every scalar written in the loaded
 * documents, sorted and merged; then scan the buffer once, keeping line and
 * column as yaml_pos_at() counts them, and take every `#` that starts a line
 * or follows a blank and lies outside those ranges.
 */
#include "yaml/comments.h"
#include "base/arena.h"
#include "base/utf8.h"
#include "base/vec.h"

#include <stdlib.h>
#include <string.h>

struct range {
	uint32_t start, end;  /* [start, end) byte offsets */
};

struct ranges {
	struct range *v;
	size_t n, cap;
};

static void range_add(struct ranges *r, uint32_t start, uint32_t end)
{
	if (start >= end)
		return;
	struct range *x = VEC_PUSH(r->v, r->n, r->cap);
	x->start = start;
	x->end = end;
}

/* The bytes of a scalar that cannot hold a comment. */
static void scalar_range(struct ranges *r, const struct ynode *n, const char *buf, size_t len)
{
	uint32_t start = n->span.start.off, end = n->span.end.off;
	if (end > len)
		end = (uint32_t)len;
	if (n->style == YS_EMPTY || n->undefined)
		return;
	if (n->style == YS_LITERAL || n->style == YS_FOLDED) {
		/* the header line (`|-  # comment`) may end with a comment; the
		 * content starts on the next line */
		while (start < end && buf[start] != '\n' && buf[start] != '\r')
			start++;
	}
	range_add(r, start, end);
}

struct nodes {
	const struct ynode **v;
	size_t n, cap;
};

static void push(struct nodes *st, const struct ynode *x)
{
	if (x)
		*VEC_PUSH(st->v, st->n, st->cap) = x;
}

/* Every scalar written in the tree under root (aliases are not followed). */
static void collect(struct ranges *r, const struct ynode *root, const char *buf, size_t len)
{
	struct nodes st = { NULL, 0, 0 };
	push(&st, root);
	while (st.n) {
		const struct ynode *x = st.v[--st.n];
		switch (x->kind) {
		case Y_SCALAR:
			scalar_range(r, x, buf, len);
			break;
		case Y_SEQ:
			for (uint32_t i = 0; i < x->seq.n; i++)
				push(&st, x->seq.items[i]);
			break;
		case Y_MAP:
			for (uint32_t i = 0; i < x->map.npairs; i++) {
				push(&st, x->map.pairs[i].key);
				push(&st, x->map.pairs[i].value);
			}
			break;
		default:
			break;  /* an alias: its `*name` holds no '#' after a blank */
		}
	}
	xfree(st.v);
}

static int range_cmp(const void *pa, const void *pb)
{
	const struct range *a = pa, *b = pb;
	if (a->start != b->start)
		return a->start < b->start ? -1 : 1;
	return (a->end > b->end) - (a->end < b->end);
}

/* Sort and merge overlapping ranges, so one forward pointer can follow them. */
static void ranges_normalize(struct ranges *r)
{
	if (r->n < 2)
		return;
	qsort(r->v, r->n, sizeof *r->v, range_cmp);
	size_t out = 0;
	for (size_t i = 1; i < r->n; i++) {
		if (r->v[i].start < r->v[out].end) {
			if (r->v[i].end > r->v[out].end)
				r->v[out].end = r->v[i].end;
		} else {
			r->v[++out] = r->v[i];
		}
	}
	r->n = out + 1;
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t';
}

uint32_t yaml_comments(struct arena *a, uint32_t file, const char *buf, size_t len,
		       const struct ynode *const *docs, uint32_t ndocs,
		       struct ycomment **out)
{
	struct ranges r = { NULL, 0, 0 };
	for (uint32_t d = 0; d < ndocs; d++)
		collect(&r, docs[d], buf, len);
	ranges_normalize(&r);

	struct ycomment *v = NULL;
	uint32_t nv = 0, cap = 0;
	uint32_t line = 1, col = 1;
	int content = 0;  /* a non-blank byte precedes on this line */
	size_t ri = 0, begin = 0;
	if (len >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3))
		begin = 3;  /* a BOM is not a column, as libfyaml counts */
	for (size_t i = begin; i < len; i++) {
		unsigned char c = (unsigned char)buf[i];
		while (ri < r.n && r.v[ri].end <= i)
			ri++;
		int in_scalar = ri < r.n && r.v[ri].start <= i;
		if (c == '#' && !in_scalar && (i == begin || is_blank(buf[i - 1]) ||
					       buf[i - 1] == '\n' || buf[i - 1] == '\r')) {
			size_t j = i;
			while (j < len && buf[j] != '\n' && buf[j] != '\r')
				j++;
			size_t e = j;  /* trim trailing blanks */
			while (e > i + 1 && is_blank(buf[e - 1]))
				e--;
			size_t t = i + 1;  /* and leading ones */
			while (t < e && is_blank(buf[t]))
				t++;
			struct ycomment *cm = ARENA_VEC_PUSH(a, v, nv, cap);
			cm->at.file = file;
			cm->at.start.off = (uint32_t)i;
			cm->at.start.line = line;
			cm->at.start.col = col;
			for (size_t k = i; k < e; k++)
				col += !utf8_is_continuation((unsigned char)buf[k]);
			cm->at.end.off = (uint32_t)e;
			cm->at.end.line = line;
			cm->at.end.col = col;
			cm->text = arena_strndup(a, buf + t, e - t);
			cm->text_off = (uint32_t)t;
			cm->own_line = !content;
			for (size_t k = e; k < j; k++)
				col += !utf8_is_continuation((unsigned char)buf[k]);
			content = 1;
			i = j - 1;  /* the line break itself is handled below */
			continue;
		}
		if (c == '\n' || (c == '\r' && !(i + 1 < len && buf[i + 1] == '\n'))) {
			line++;
			col = 1;
			content = 0;
		} else if (c != '\r') {
			col += !utf8_is_continuation(c);
			if (!is_blank((char)c))
				content = 1;
		}
	}
	xfree(r.v);
	*out = v;
	return nv;
}
