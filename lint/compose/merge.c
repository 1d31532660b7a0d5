/*
 * merge.c - the Compose merge rules on YAML trees (see merge.h).
 *
 * A value taken whole from one side is shared, not copied; only the
 * collections that combine both sides are derived.  Keys of mappings are
 * found through a hash when a mapping is large, so a hostile file with
 * 100000 keys on each side merges in linear time.
 */
#include "compose/merge.h"
#include "base/arena.h"
#include "base/hash.h"
#include "compose/keys.h"
#include "compose/ports.h"
#include "compose/volumes.h"
#include "yaml/build.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_PATH 80u

struct mctx {
	struct arena *a;
	const char *path[MAX_PATH];
	uint32_t depth;
};

/* A value and the chain that brought it to its side of the merge. */
struct side {
	const struct ynode *n;
	const struct yvia *via;
};

static const struct yvia *chain(struct arena *a, const struct yvia *inner,
				const struct yvia *outer)
{
	return outer ? y_via_concat(a, inner, outer) : inner;
}

/*
 * A merged collection stands where one side wrote it: the base's place for
 * an override file (where it was first written), the local side's when the
 * base was inherited (through extends, include, or a YAML merge key).
 */
static int inherited(const struct side *b)
{
	return b->via != NULL;
}

static int has_tag(const struct ynode *n, const char *tag)
{
	return n && n->tag && !strcmp(n->tag, tag);
}

static const char *text_of(const struct ynode *n)
{
	return n && n->kind == Y_SCALAR && n->style != YS_EMPTY ? n->scalar.s : NULL;
}

/* ---- mappings -------------------------------------------------------------- */

/* The entries of a mapping, findable by key. */
struct keyindex {
	const struct ynode *map;
	uint32_t *slot;  /* entry index + 1; 0 = empty; NULL for small mappings */
	uint32_t cap;
};

static int key_eq(const struct ynode *k, const struct ynode *other)
{
	return k->kind == Y_SCALAR && other->kind == Y_SCALAR && k->scalar.len == other->scalar.len &&
	       !memcmp(k->scalar.s, other->scalar.s, k->scalar.len);
}

static void index_init(struct keyindex *ix, const struct ynode *map)
{
	ix->map = map;
	ix->slot = NULL;
	ix->cap = 0;
	if (map->map.n <= 16)
		return;
	ix->cap = 32;
	while (ix->cap < map->map.n * 2)
		ix->cap *= 2;
	ix->slot = xcalloc(ix->cap, sizeof *ix->slot);
	for (uint32_t i = 0; i < map->map.n; i++) {
		const struct ynode *k = map->map.entries[i].key;
		if (k->kind != Y_SCALAR)
			continue;
		uint32_t h = cl_hash_bytes(k->scalar.s, k->scalar.len) & (ix->cap - 1);
		while (ix->slot[h])
			h = (h + 1) & (ix->cap - 1);
		ix->slot[h] = i + 1;
	}
}

/* The first entry with key k, or -1. */
static long index_find(const struct keyindex *ix, const struct ynode *k)
{
	const struct ynode *m = ix->map;
	if (!ix->slot) {
		for (uint32_t i = 0; i < m->map.n; i++)
			if (key_eq(m->map.entries[i].key, k))
				return i;
		return -1;
	}
	if (k->kind != Y_SCALAR)
		return -1;
	long best = -1;
	for (uint32_t h = cl_hash_bytes(k->scalar.s, k->scalar.len) & (ix->cap - 1); ix->slot[h];
	     h = (h + 1) & (ix->cap - 1)) {
		uint32_t i = ix->slot[h] - 1;
		if (key_eq(m->map.entries[i].key, k) && (best < 0 || i < (uint32_t)best))
			best = i;
	}
	return best;
}

static struct side merge_value(struct mctx *m, const struct side *b, const struct side *o);

static void push_key(struct mctx *m, const struct ynode *k)
{
	/* deeper than any compose rule looks: keep counting, match nothing */
	m->path[m->depth < MAX_PATH ? m->depth : MAX_PATH - 1] =
		k->kind == Y_SCALAR ? k->scalar.s : "";
	m->depth++;
}

static void pop_key(struct mctx *m)
{
	m->depth--;
}

static struct side merge_maps(struct mctx *m, const struct side *b, const struct side *o)
{
	const struct ynode *bn = b->n, *on = o->n;
	struct keyindex ix;
	index_init(&ix, on);
	char *used = xcalloc(on->map.n ? on->map.n : 1, 1);
	struct ybuild out;
	memset(&out, 0, sizeof out);
	for (uint32_t i = 0; i < bn->map.n; i++) {
		const struct yentry *e = &bn->map.entries[i];
		struct side be = { e->value, chain(m->a, e->via, b->via) };
		long j = index_find(&ix, e->key);
		if (j < 0) {
			yb_entry(m->a, &out, e->key, be.n, be.via);
			continue;
		}
		used[j] = 1;
		const struct yentry *oe = &on->map.entries[j];
		struct side oside = { oe->value, chain(m->a, oe->via, o->via) };
		if (has_tag(oe->value, "!reset"))
			continue;
		if (has_tag(oe->value, "!override")) {
			yb_entry(m->a, &out, oe->key, oside.n, oside.via);
			continue;
		}
		push_key(m, e->key);
		struct side r = merge_value(m, &be, &oside);
		pop_key(m);
		yb_entry(m->a, &out, r.n == oside.n || inherited(&be) ? oe->key : e->key, r.n, r.via);
	}
	for (uint32_t j = 0; j < on->map.n; j++) {
		const struct yentry *oe = &on->map.entries[j];
		if (used[j] || has_tag(oe->value, "!reset"))
			continue;
		/* a key written twice in the override (CL002): the first counts */
		if (index_find(&ix, oe->key) != (long)j)
			continue;
		yb_entry(m->a, &out, oe->key, oe->value, chain(m->a, oe->via, o->via));
	}
	xfree(used);
	xfree(ix.slot);
	struct side r = { yb_map(m->a, inherited(b) ? on : bn, &out), NULL };
	return r;
}

/* ---- sequences ------------------------------------------------------------- */

/* A value as a list: a scalar is a list of one, null an empty list. */
struct list {
	const struct ynode *const *items;
	const struct yvia *const *vias;
	uint32_t n;
	const struct ynode *one;
};

static int as_list(const struct ynode *n, struct list *l)
{
	memset(l, 0, sizeof *l);
	if (!n || y_is_null(n))
		return 1;
	if (n->kind == Y_SEQ) {
		l->items = n->seq.items;
		l->vias = n->seq.vias;
		l->n = n->seq.n;
		return 1;
	}
	if (n->kind == Y_SCALAR) {
		l->one = n;
		l->items = &l->one;
		l->n = 1;
		return 1;
	}
	return 0;
}

static struct side append(struct mctx *m, const struct side *b, const struct side *o,
			  const struct list *bl, const struct list *ol)
{
	struct ybuild out;
	memset(&out, 0, sizeof out);
	for (uint32_t i = 0; i < bl->n; i++)
		yb_item(m->a, &out, bl->items[i],
			chain(m->a, bl->vias ? bl->vias[i] : NULL, b->via));
	for (uint32_t i = 0; i < ol->n; i++)
		yb_item(m->a, &out, ol->items[i],
			chain(m->a, ol->vias ? ol->vias[i] : NULL, o->via));
	struct side r = { yb_seq(m->a, b->n && b->n->kind == Y_SEQ && !inherited(b) ? b->n : o->n, &out), NULL };
	return r;
}

/* The identity of a list item under the rule, or NULL when it has none
 * (such items are always kept). */
static const char *item_key(struct mctx *m, enum cl_merge_rule rule, const struct ynode *it)
{
	it = y_deref(it, NULL, NULL);
	const char *s = text_of(it);
	switch (rule) {
	case MR_SET:
	case MR_KV:
		if (!s)
			return NULL;
		{
			const char *eq = strchr(s, '=');
			return eq ? arena_strndup(m->a, s, (size_t)(eq - s)) : s;
		}
	case MR_HOSTS:
	case MR_ENV_FILE:
		if (s)
			return s;
		if (rule == MR_ENV_FILE && it->kind == Y_MAP) {
			const struct yentry *e = y_get(it, "path");
			return e ? text_of(e->value) : NULL;
		}
		return NULL;
	case MR_PORTS: {
		struct cl_port p;
		memset(&p, 0, sizeof p);
		if (s) {
			if (cl_parse_port(m->a, s, &p))
				return s;
		} else if (it->kind == Y_MAP) {
			const struct yentry *t = y_get(it, "target"), *pb = y_get(it, "published"),
					    *h = y_get(it, "host_ip"), *pr = y_get(it, "protocol");
			return arena_printf(m->a, "%s|%s|%s|%s",
					    h && text_of(h->value) ? text_of(h->value) : "0.0.0.0",
					    pb && text_of(pb->value) ? text_of(pb->value) : "",
					    t && text_of(t->value) ? text_of(t->value) : "",
					    pr && text_of(pr->value) ? text_of(pr->value) : "tcp");
		} else {
			return NULL;
		}
		char pub[32] = "", tgt[32];
		if (p.published_lo)
			snprintf(pub, sizeof pub, p.published_lo == p.published_hi ? "%u" : "%u-%u",
				 p.published_lo, p.published_hi);
		snprintf(tgt, sizeof tgt, p.target_lo == p.target_hi ? "%u" : "%u-%u", p.target_lo,
			 p.target_hi);
		/* compose fills the defaults in before it compares */
		return arena_printf(m->a, "%s|%s|%s|%s", p.host_ip ? p.host_ip : "0.0.0.0", pub, tgt,
				    p.protocol ? p.protocol : "tcp");
	}
	case MR_MOUNTS:
		if (s) {
			struct cl_mount mt;
			memset(&mt, 0, sizeof mt);
			return cl_parse_mount(m->a, s, &mt) ? s : mt.target;
		}
		if (it->kind == Y_MAP) {
			const struct yentry *t = y_get(it, "target");
			return t ? text_of(t->value) : NULL;
		}
		return NULL;
	case MR_DEVICES:
		if (s) {
			const char *c = strchr(s, ':');
			if (!c)
				return s;
			const char *c2 = strchr(c + 1, ':');
			return c2 ? arena_strndup(m->a, c + 1, (size_t)(c2 - c - 1)) : c + 1;
		}
		if (it->kind == Y_MAP) {
			const struct yentry *t = y_get(it, "target");
			return t ? text_of(t->value) : NULL;
		}
		return NULL;
	case MR_SECRETS:
	case MR_CONFIGS: {
		const char *dir = rule == MR_SECRETS ? "/run/secrets" : "";
		if (s)
			return arena_printf(m->a, "%s/%s", dir, s);
		if (it->kind == Y_MAP) {
			const struct yentry *t = y_get(it, "target"), *src = y_get(it, "source");
			if (t && text_of(t->value))
				return text_of(t->value);
			if (src && text_of(src->value))
				return arena_printf(m->a, "%s/%s", dir, text_of(src->value));
		}
		return NULL;
	}
	case MR_SUBNETS:
		if (it->kind == Y_MAP) {
			const struct yentry *sn = y_get(it, "subnet");
			return sn ? text_of(sn->value) : NULL;
		}
		return NULL;
	default:
		return NULL;
	}
}

/* Both lists, each item replacing an earlier one with the same identity at
 * the earlier one's place. */
static struct side unique(struct mctx *m, enum cl_merge_rule rule, const struct side *b,
			  const struct side *o, const struct list *bl, const struct list *ol)
{
	uint32_t total = bl->n + ol->n;
	const char **keys = xcalloc(total ? total : 1, sizeof *keys);
	struct ybuild out;
	memset(&out, 0, sizeof out);
	/* identities of the items kept so far, hashed */
	uint32_t cap = 16;
	while (cap < total * 2)
		cap *= 2;
	uint32_t *slot = xcalloc(cap, sizeof *slot);
	for (uint32_t i = 0; i < total; i++) {
		int from_base = i < bl->n;
		const struct list *l = from_base ? bl : ol;
		uint32_t k = from_base ? i : i - bl->n;
		const struct ynode *it = l->items[k];
		const struct yvia *via = chain(m->a, l->vias ? l->vias[k] : NULL,
					       from_base ? b->via : o->via);
		const char *key = item_key(m, rule, it);
		if (key) {
			uint32_t h = cl_hash_bytes(key, strlen(key)) & (cap - 1);
			for (; slot[h]; h = (h + 1) & (cap - 1)) {
				uint32_t at = slot[h] - 1;
				if (strcmp(keys[at], key))
					continue;
				const struct ynode *prev = y_deref(out.items[at], NULL, NULL);
				const struct ynode *cur = y_deref(it, NULL, NULL);
				if (rule == MR_SUBNETS && prev->kind == Y_MAP && cur->kind == Y_MAP) {
					/* the same subnet: the later settings over the earlier */
					struct side was = { prev, out.vias[at] };
					struct side now = { cur, via };
					struct side r = merge_maps(m, &was, &now);
					it = r.n;
					via = r.via;
				}
				out.items[at] = it;
				out.vias[at] = via;
				out.any_via |= via != NULL;
				break;
			}
			if (slot[h])
				continue;
			slot[h] = out.n + 1;
			keys[out.n] = key;
		}
		yb_item(m->a, &out, it, via);
	}
	xfree(slot);
	xfree(keys);
	struct side r = { yb_seq(m->a, b->n && b->n->kind == Y_SEQ && !inherited(b) ? b->n : o->n, &out), NULL };
	return r;
}

/* ---- list <-> mapping -------------------------------------------------------- */

/*
 * A "K=V" list item as a mapping entry: the key and the value get spans of
 * their own inside the item when it is written on one line, so a finding on
 * the value points after the '='.
 */
static void item_as_entry(struct mctx *m, struct ybuild *out, const struct ynode *it,
			  const struct yvia *via, int hosts)
{
	const struct yvia *ivia = via;
	it = y_deref(it, m->a, &ivia);
	const char *s = text_of(it);
	if (!s)
		return;
	const char *sep = strchr(s, '=');
	if (hosts && !sep)
		sep = strchr(s, ':');
	size_t klen = sep ? (size_t)(sep - s) : it->scalar.len;
	/* where the written text still starts with "KEY=", the parts have
	 * exact spans even when the value was interpolated */
	const char *raw = it->scalar.raw;
	int exact = raw && it->scalar.raw_len > klen && !memcmp(raw, s, klen + (sep != NULL));
	struct ynode *k = y_scalar_like(m->a, it, s, klen);
	k->span = exact ? y_rawspan(it, 0, klen) : it->span;
	k->scalar.raw = k->scalar.s;
	k->scalar.raw_len = klen;
	k->origin = NULL;
	k->unknown = 0;
	const struct ynode *v;
	if (sep) {
		size_t off = klen + 1;
		struct ynode *vn = y_scalar_like(m->a, it, s + off, it->scalar.len - off);
		vn->span = exact ? y_rawspan(it, off, it->scalar.raw_len) : it->span;
		if (exact) {
			vn->scalar.raw = raw + off;
			vn->scalar.raw_len = it->scalar.raw_len - off;
		}
		vn->style = YS_DOUBLE;  /* a list value is a string whatever it looks like */
		v = vn;
	} else {
		v = y_null_at(m->a, &it->span);
	}
	yb_entry(m->a, out, k, v, ivia);
}

/* A mapping of names from a list ("- db" -> "db:"). */
static const struct ynode *as_map(struct mctx *m, const struct ynode *n, int split, int hosts)
{
	if (!n || n->kind == Y_MAP)
		return n;
	struct list l;
	if (!as_list(n, &l))
		return n;
	struct ybuild out;
	memset(&out, 0, sizeof out);
	for (uint32_t i = 0; i < l.n; i++) {
		const struct yvia *via = l.vias ? l.vias[i] : NULL;
		if (split) {
			item_as_entry(m, &out, l.items[i], via, hosts);
			continue;
		}
		const struct ynode *it = y_deref(l.items[i], m->a, &via);
		if (!text_of(it))
			continue;
		yb_entry(m->a, &out, it, y_null_at(m->a, &it->span), via);
	}
	return yb_map(m->a, n, &out);
}

/* ---- one value over another --------------------------------------------------- */

static struct side merge_value(struct mctx *m, const struct side *b, const struct side *o)
{
	const struct ynode *bn = b->n, *on = o->n;
	if (m->depth >= Y_MAX_EFFECTIVE_DEPTH)
		return *o;  /* nested through aliases past any compose field: no rule applies */
	enum cl_merge_rule rule = cl_key_merge_rule(m->path, m->depth);
	if (!on || (y_is_null(on) && !on->tag && rule != MR_REPLACE))
		return *b;
	if (!bn || y_is_null(bn))
		return *o;
	struct list bl, ol;
	switch (rule) {
	case MR_REPLACE:
		return *o;
	case MR_KV:
	case MR_HOSTS:
		if (bn->kind == Y_SEQ && on->kind == Y_SEQ && as_list(bn, &bl) && as_list(on, &ol))
			return unique(m, rule, b, o, &bl, &ol);
		if ((bn->kind == Y_MAP || bn->kind == Y_SEQ) && (on->kind == Y_MAP || on->kind == Y_SEQ)) {
			struct side bm = { as_map(m, bn, 1, rule == MR_HOSTS), b->via };
			struct side om = { as_map(m, on, 1, rule == MR_HOSTS), o->via };
			return merge_maps(m, &bm, &om);
		}
		return *o;
	case MR_NAMES:
		if (bn->kind == Y_SEQ && on->kind == Y_SEQ && as_list(bn, &bl) && as_list(on, &ol))
			return unique(m, MR_SET, b, o, &bl, &ol);
		if ((bn->kind == Y_MAP || bn->kind == Y_SEQ) && (on->kind == Y_MAP || on->kind == Y_SEQ)) {
			struct side bm = { as_map(m, bn, 0, 0), b->via };
			struct side om = { as_map(m, on, 0, 0), o->via };
			return merge_maps(m, &bm, &om);
		}
		return *o;
	case MR_SET:
	case MR_PORTS:
	case MR_MOUNTS:
	case MR_DEVICES:
	case MR_SECRETS:
	case MR_CONFIGS:
	case MR_ENV_FILE:
	case MR_SUBNETS:
		if (as_list(bn, &bl) && as_list(on, &ol))
			return unique(m, rule, b, o, &bl, &ol);
		return *o;
	case MR_BUILD:
		if (bn->kind == Y_SCALAR || on->kind == Y_SCALAR) {
			/* `build: ./dir` is `build: {context: ./dir}` */
			static const char ctx[] = "context";
			struct side bs = *b, os = *o;
			struct side *sides[2] = { &bs, &os };
			for (int i = 0; i < 2; i++) {
				const struct ynode *n = sides[i]->n;
				if (n->kind != Y_SCALAR)
					continue;
				struct ybuild one;
				memset(&one, 0, sizeof one);
				struct ynode *k = y_scalar_like(m->a, n, ctx, sizeof ctx - 1);
				k->origin = NULL;
				k->unknown = 0;
				yb_entry(m->a, &one, k, n, NULL);
				sides[i]->n = yb_map(m->a, n, &one);
			}
			if (bs.n->kind == Y_MAP && os.n->kind == Y_MAP)
				return merge_maps(m, &bs, &os);
			return *o;
		}
		break;
	case MR_LOGGING:
		if (bn->kind == Y_MAP && on->kind == Y_MAP) {
			const struct yentry *bd = y_get(bn, "driver"), *od = y_get(on, "driver");
			const char *bt = bd ? text_of(bd->value) : NULL, *ot = od ? text_of(od->value) : NULL;
			if (bt && ot && strcmp(bt, ot))
				return *o;
		}
		break;
	case MR_DEFAULT:
		break;
	}
	if (bn->kind == Y_MAP && on->kind == Y_MAP)
		return merge_maps(m, b, o);
	if (bn->kind == Y_SEQ && on->kind == Y_SEQ && as_list(bn, &bl) && as_list(on, &ol))
		return append(m, b, o, &bl, &ol);
	return *o;
}

const struct ynode *compose_merge_at(struct arena *a, const char *const *path, uint32_t depth,
				     const struct ynode *base, const struct yvia *base_via,
				     const struct ynode *over, const struct yvia *over_via,
				     const struct yvia **via)
{
	struct mctx *m = xcalloc(1, sizeof *m);
	m->a = a;
	for (uint32_t i = 0; i < depth && i < MAX_PATH; i++)
		m->path[i] = path[i];
	m->depth = depth;
	struct side b = { base, base_via }, o = { over, over_via };
	struct side r = merge_value(m, &b, &o);
	xfree(m);
	if (via)
		*via = r.via;
	return r.n;
}

const struct ynode *compose_merge(struct arena *a, const struct ynode *base,
				  const struct ynode *over)
{
	if (!base)
		return over;
	if (!over)
		return base;
	return compose_merge_at(a, NULL, 0, base, NULL, over, NULL, NULL);
}
