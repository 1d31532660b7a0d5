/*
 * rebase.c - rewrite a file's relative paths for the project directory
 * (see rebase.h).  Which keys hold paths is rebase_rules[] in keys.c; this
 * file knows how each kind of value holds them.
 */
#include "compose/rebase.h"
#include "base/arena.h"
#include "compose/keys.h"
#include "compose/volumes.h"
#include "yaml/build.h"

#include <string.h>

static int is_relative(const char *p)
{
	return p[0] && p[0] != '/' && p[0] != '~' && !strstr(p, "://") && p[0] != '$';
}

const char *cl_path_rebase(struct arena *a, const char *dir, const char *p)
{
	if (!is_relative(p) || !strcmp(dir, "."))
		return p;
	/* segments of dir then p, with "." dropped and "x/.." collapsed */
	char *joined = arena_printf(a, "%s/%s", dir, p);
	const char **seg = arena_alloc(a, (strlen(joined) / 2 + 2) * sizeof *seg);
	size_t n = 0;
	for (char *s = joined, *slash; s; s = slash ? slash + 1 : NULL) {
		slash = strchr(s, '/');
		if (slash)
			*slash = '\0';
		if (!*s || !strcmp(s, "."))
			continue;
		if (!strcmp(s, "..") && n && strcmp(seg[n - 1], ".."))
			n--;
		else
			seg[n++] = s;
	}
	size_t len = 3;
	for (size_t i = 0; i < n; i++)
		len += strlen(seg[i]) + 1;
	char *out = arena_alloc(a, len);
	strcpy(out, n && !strcmp(seg[0], "..") ? "" : "./");
	for (size_t i = 0; i < n; i++) {
		if (i)
			strcat(out, "/");
		strcat(out, seg[i]);
	}
	if (!n)
		strcpy(out, ".");
	return out;
}

static const struct ynode *with_text(struct arena *a, const struct ynode *n, const char *text)
{
	if (!strcmp(text, n->scalar.s))
		return n;
	return y_scalar_like(a, n, text, strlen(text));
}

/* A path scalar rebased; anything else as it is. */
static const struct ynode *path_value(struct arena *a, const struct ynode *n, const char *dir)
{
	if (n->kind != Y_SCALAR || n->style == YS_EMPTY)
		return n;
	return with_text(a, n, cl_path_rebase(a, dir, n->scalar.s));
}

/* The mapping with the values of some keys passed through fn. */
static const struct ynode *map_with(struct arena *a, const struct ynode *map, const char *dir,
				    const char *const *keys,
				    const struct ynode *(*fn)(struct arena *, const struct ynode *,
							      const char *))
{
	if (map->kind != Y_MAP)
		return map;
	struct ybuild b;
	memset(&b, 0, sizeof b);
	int changed = 0;
	for (uint32_t i = 0; i < map->map.n; i++) {
		const struct yentry *e = &map->map.entries[i];
		const struct ynode *v = e->value;
		for (const char *const *k = keys; *k; k++)
			if (y_streq(e->key, *k))
				v = fn(a, v, dir);
		changed |= v != e->value;
		yb_entry(a, &b, e->key, v, e->via);
	}
	return changed ? yb_map(a, map, &b) : map;
}

static const struct ynode *each_item(struct arena *a, const struct ynode *seq, const char *dir,
				     const struct ynode *(*fn)(struct arena *, const struct ynode *,
							       const char *))
{
	if (seq->kind != Y_SEQ)
		return fn(a, seq, dir);
	struct ybuild b;
	memset(&b, 0, sizeof b);
	int changed = 0;
	for (uint32_t i = 0; i < seq->seq.n; i++) {
		const struct ynode *it = y_deref(seq->seq.items[i], NULL, NULL);
		const struct ynode *v = fn(a, it, dir);
		changed |= v != it;
		yb_item(a, &b, v != it ? v : seq->seq.items[i], y_seq_item_via(seq, i));
	}
	return changed ? yb_seq(a, seq, &b) : seq;
}

static const struct ynode *build(struct arena *a, const struct ynode *n, const char *dir)
{
	static const char *const keys[] = { "context", NULL };
	return n->kind == Y_SCALAR ? path_value(a, n, dir) : map_with(a, n, dir, keys, path_value);
}

static const struct ynode *env_file_item(struct arena *a, const struct ynode *n, const char *dir)
{
	static const char *const keys[] = { "path", NULL };
	return n->kind == Y_SCALAR ? path_value(a, n, dir) : map_with(a, n, dir, keys, path_value);
}

static const struct ynode *env_file(struct arena *a, const struct ynode *n, const char *dir)
{
	return each_item(a, n, dir, env_file_item);
}

/* "./conf:/etc/app:ro" -> "./base/conf:/etc/app:ro"; named volumes stay. */
static const struct ynode *volume_item(struct arena *a, const struct ynode *n, const char *dir)
{
	if (n->kind == Y_MAP) {
		const struct yentry *t = y_get(n, "type");
		if (!t || !y_streq(t->value, "bind"))
			return n;
		static const char *const keys[] = { "source", NULL };
		return map_with(a, n, dir, keys, path_value);
	}
	if (n->kind != Y_SCALAR || n->style == YS_EMPTY)
		return n;
	struct cl_mount m;
	memset(&m, 0, sizeof m);
	if (cl_parse_mount(a, n->scalar.s, &m) || m.type != CL_MOUNT_BIND || !m.source)
		return n;
	const char *rest = n->scalar.s + strlen(m.source);
	return with_text(a, n, arena_printf(a, "%s%s", cl_path_rebase(a, dir, m.source), rest));
}

static const struct ynode *volumes(struct arena *a, const struct ynode *n, const char *dir)
{
	return n->kind == Y_SEQ ? each_item(a, n, dir, volume_item) : n;
}

struct rwalk {
	struct arena *a;
	const char *dir;
	const char *path[CL_KEY_DEPTH];
	uint32_t depth;
};

/* The mapping with the values of the keys keys.c names rebased. */
static const struct ynode *walk(struct rwalk *w, const struct ynode *map)
{
	if (map->kind != Y_MAP)
		return map;
	struct ybuild b;
	memset(&b, 0, sizeof b);
	int changed = 0;
	for (uint32_t i = 0; i < map->map.n; i++) {
		const struct yentry *e = &map->map.entries[i];
		const struct ynode *v = e->value;
		if (w->depth < CL_KEY_DEPTH) {
			w->path[w->depth++] = e->key->kind == Y_SCALAR ? e->key->scalar.s : "";
			int below;
			switch (cl_key_rebase(w->path, w->depth, &below)) {
			case RB_NONE:
				if (below)
					v = walk(w, v);
				break;
			case RB_PATH:
				v = path_value(w->a, v, w->dir);
				break;
			case RB_BUILD:
				v = build(w->a, v, w->dir);
				break;
			case RB_ENV_FILE:
				v = env_file(w->a, v, w->dir);
				break;
			case RB_VOLUMES:
				v = volumes(w->a, v, w->dir);
				break;
			}
			w->depth--;
		}
		changed |= v != e->value;
		yb_entry(w->a, &b, e->key, v, e->via);
	}
	return changed ? yb_map(w->a, map, &b) : map;
}

const struct ynode *compose_rebase(struct arena *a, const struct ynode *doc, const char *dir)
{
	if (!doc || !strcmp(dir, "."))
		return doc;
	struct rwalk w = { a, dir, { NULL }, 0 };
	return walk(&w, doc);
}
