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

struct rwalk {
	struct arena *a;
	const char *dir;
	const char *path[CL_KEY_DEPTH];
	uint32_t depth;
};

static const struct ynode *walk_map(struct rwalk *w, const struct ynode *map);

/* "./conf:/etc/app:ro" -> "./base/conf:/etc/app:ro"; named volumes stay. */
static const struct ynode *volume_item(struct rwalk *w, const struct ynode *n)
{
	if (n->kind == Y_MAP) {
		const struct yentry *t = y_get(n, "type");
		return t && y_streq(t->value, "bind") ? walk_map(w, n) : n;
	}
	if (n->kind != Y_SCALAR || n->style == YS_EMPTY)
		return n;
	struct cl_mount m;
	memset(&m, 0, sizeof m);
	if (cl_parse_mount(w->a, n->scalar.s, &m) || m.type != CL_MOUNT_BIND || !m.source)
		return n;
	const char *rest = n->scalar.s + strlen(m.source);
	return with_text(w->a, n, arena_printf(w->a, "%s%s", cl_path_rebase(w->a, w->dir, m.source),
					       rest));
}

/* The value at w's path, with what keys.c names in it rebased. */
static const struct ynode *rebase_value(struct rwalk *w, const struct ynode *n, int in_list)
{
	int below;
	enum cl_rebase how = cl_key_rebase(w->path, w->depth, &below);
	if (how == RB_MOUNTS && (in_list || n->kind != Y_SEQ))
		return in_list ? volume_item(w, n) : n;
	switch (n->kind) {
	case Y_SCALAR:
		return how == RB_PATH || how == RB_PATHS ? path_value(w->a, n, w->dir) : n;
	case Y_MAP:
		return below ? walk_map(w, n) : n;
	case Y_SEQ:
		break;
	default:
		return n;
	}
	if (in_list || (how != RB_PATHS && how != RB_MOUNTS))
		return n;
	/* a list of paths or mounts: each item at the list's path */
	struct ybuild b;
	memset(&b, 0, sizeof b);
	int changed = 0;
	for (uint32_t i = 0; i < n->seq.n; i++) {
		const struct ynode *it = y_deref(n->seq.items[i], NULL, NULL);
		const struct ynode *v = rebase_value(w, it, 1);
		changed |= v != it;
		yb_item(w->a, &b, v != it ? v : n->seq.items[i], y_seq_item_via(n, i));
	}
	return changed ? yb_seq(w->a, n, &b) : n;
}

/* The mapping with the values of the keys keys.c names rebased. */
static const struct ynode *walk_map(struct rwalk *w, const struct ynode *map)
{
	struct ybuild b;
	memset(&b, 0, sizeof b);
	int changed = 0;
	for (uint32_t i = 0; i < map->map.n; i++) {
		const struct yentry *e = &map->map.entries[i];
		const struct ynode *v = e->value;
		if (w->depth < CL_KEY_DEPTH) {
			w->path[w->depth++] = e->key->kind == Y_SCALAR ? e->key->scalar.s : "";
			v = rebase_value(w, v, 0);
			w->depth--;
		}
		changed |= v != e->value;
		yb_entry(w->a, &b, e->key, v, e->via);
	}
	return changed ? yb_map(w->a, map, &b) : map;
}

const struct ynode *compose_rebase(struct arena *a, const struct ynode *doc, const char *dir)
{
	if (!doc || doc->kind != Y_MAP || !strcmp(dir, "."))
		return doc;
	struct rwalk w = { a, dir, { NULL }, 0 };
	return walk_map(&w, doc);
}
