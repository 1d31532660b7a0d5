/* build.c - derived YAML nodes (see build.h). */
#include "yaml/build.h"
#include "base/vec.h"
#include "base/arena.h"

#include <string.h>

/* A sequence's items and vias are parallel arrays of one length: both grow
 * to the same capacity. */
static void reserve(struct arena *a, struct ybuild *b, int map)
{
	if (map) {
		b->entries = vec_grow(a, b->entries, sizeof *b->entries, b->n, &b->cap, sizeof b->cap);
		return;
	}
	uint32_t cap = b->cap;
	b->items = vec_grow(a, b->items, sizeof *b->items, b->n, &b->cap, sizeof b->cap);
	b->vias = vec_grow(a, b->vias, sizeof *b->vias, b->n, &cap, sizeof cap);
}

void yb_entry(struct arena *a, struct ybuild *b, const struct ynode *key,
	      const struct ynode *value, const struct yvia *via)
{
	reserve(a, b, 1);
	struct yentry *e = &b->entries[b->n++];
	e->key = key;
	e->value = value;
	e->via = via;
}

void yb_item(struct arena *a, struct ybuild *b, const struct ynode *item, const struct yvia *via)
{
	reserve(a, b, 0);
	b->items[b->n] = item;
	b->vias[b->n] = via;
	b->n++;
	b->any_via |= via != NULL;
}

static struct ynode *like_node(struct arena *a, const struct ynode *like, enum ykind kind)
{
	struct ynode *n = arena_alloc(a, sizeof *n);
	n->kind = (uint8_t)kind;
	if (like) {
		n->style = like->kind == (uint8_t)kind ? like->style : (kind == Y_SCALAR ? YS_PLAIN : YS_BLOCK);
		n->span = like->span;
		n->tag = like->tag;
		n->anchor = like->anchor;
	} else {
		n->style = kind == Y_SCALAR ? YS_PLAIN : YS_BLOCK;
	}
	return n;
}

const struct ynode *yb_map(struct arena *a, const struct ynode *like, const struct ybuild *b)
{
	struct ynode *n = like_node(a, like, Y_MAP);
	n->map.entries = b->entries;
	n->map.n = b->n;
	return n;
}

const struct ynode *yb_seq(struct arena *a, const struct ynode *like, const struct ybuild *b)
{
	struct ynode *n = like_node(a, like, Y_SEQ);
	n->seq.items = b->items;
	n->seq.n = b->n;
	n->seq.vias = b->any_via ? b->vias : NULL;
	return n;
}

const struct ynode *yb_replace(struct arena *a, const struct ynode *map,
			       const struct yentry *which, const struct ynode *value)
{
	struct ybuild b;
	memset(&b, 0, sizeof b);
	for (uint32_t i = 0; i < map->map.n; i++) {
		const struct yentry *e = &map->map.entries[i];
		yb_entry(a, &b, e->key, e == which ? value : e->value, e->via);
	}
	return yb_map(a, map, &b);
}

struct ynode *y_scalar_like(struct arena *a, const struct ynode *like, const char *s, size_t len)
{
	struct ynode *n = like_node(a, like, Y_SCALAR);
	char *copy = arena_strndup(a, s, len);
	n->scalar.s = copy;
	n->scalar.len = len;
	if (like && like->kind == Y_SCALAR) {
		n->scalar.raw = like->scalar.raw;
		n->scalar.raw_len = like->scalar.raw_len;
		n->origin = like->origin;
		n->unknown = like->unknown;
	} else {
		n->scalar.raw = copy;
		n->scalar.raw_len = len;
	}
	return n;
}

struct yvia *y_variable_link(struct arena *a, const char *name, const struct cl_span *at,
			     const struct yvia *next)
{
	struct ynode *site = arena_alloc(a, sizeof *site);
	site->kind = Y_SCALAR;
	site->style = YS_PLAIN;
	site->span = *at;
	site->scalar.len = strlen(name);
	site->scalar.s = site->scalar.raw = arena_strndup(a, name, site->scalar.len);
	site->scalar.raw_len = site->scalar.len;
	return (struct yvia *)y_via_push(a, YV_VARIABLE, site, next);
}

const struct ynode *y_null_at(struct arena *a, const struct cl_span *at)
{
	struct ynode *n = arena_alloc(a, sizeof *n);
	n->kind = Y_SCALAR;
	n->style = YS_EMPTY;
	n->span = *at;
	n->scalar.s = "";
	n->scalar.raw = "";
	return n;
}
