/*
 * tree.c - reading our YAML tree: typing of plain scalars, alias and merge
 * chains, lookups.
 *
 * libfyaml never types scalars.  Compose reads YAML with YAML 1.1 habits
 * (yes/no/on/off are booleans in go-yaml v2 and PyYAML), so these helpers
 * accept both the 1.2 core forms and the 1.1 spellings, and only for plain
 * scalars: a quoted "true" is a string in YAML, though compose coerces it
 * for boolean fields, which is why y_bool() accepts quoted forms too.
 */
#include "yaml/tree.h"
#include "base/arena.h"
#include "base/utf8.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static int eq_any(const char *s, size_t len, const char *const *words)
{
	for (; *words; words++)
		if (strlen(*words) == len && !memcmp(s, *words, len))
			return 1;
	return 0;
}

int y_is_null(const struct ynode *n)
{
	static const char *const nulls[] = { "~", "null", "Null", "NULL", NULL };
	if (!n)
		return 1;
	if (n->kind == Y_ALIAS)
		n = n->alias.target;
	if (n->kind != Y_SCALAR)
		return 0;
	if (n->style == YS_EMPTY)
		return 1;
	return n->style == YS_PLAIN && eq_any(n->scalar.s, n->scalar.len, nulls);
}

int y_bool(const struct ynode *n, int *out)
{
	static const char *const yes[] = { "true", "True", "TRUE", "yes", "Yes", "YES",
					   "on", "On", "ON", "y", "Y", NULL };
	static const char *const no[] = { "false", "False", "FALSE", "no", "No", "NO",
					  "off", "Off", "OFF", "n", "N", NULL };
	if (!n || n->kind != Y_SCALAR || n->style == YS_EMPTY)
		return 0;
	if (eq_any(n->scalar.s, n->scalar.len, yes)) {
		*out = 1;
		return 1;
	}
	if (eq_any(n->scalar.s, n->scalar.len, no)) {
		*out = 0;
		return 1;
	}
	return 0;
}

int y_int(const struct ynode *n, long long *out)
{
	if (!n || n->kind != Y_SCALAR || n->style == YS_EMPTY || n->scalar.len == 0 ||
	    n->scalar.len > 30 || memchr(n->scalar.s, '\0', n->scalar.len))
		return 0;
	const char *s = n->scalar.s;
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (errno || end == s || *end || (*s != '-' && *s != '+' && (*s < '0' || *s > '9')))
		return 0;
	*out = v;
	return 1;
}

int y_number(const struct ynode *n, double *out)
{
	if (!n || n->kind != Y_SCALAR || n->style == YS_EMPTY || n->scalar.len == 0 ||
	    n->scalar.len > 60 || memchr(n->scalar.s, '\0', n->scalar.len))
		return 0;
	const char *s = n->scalar.s;
	if (!((*s >= '0' && *s <= '9') || *s == '-' || *s == '+' || *s == '.'))
		return 0;
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (errno || end == s || *end || !isfinite(v))
		return 0;
	*out = v;
	return 1;
}

int y_streq(const struct ynode *n, const char *s)
{
	if (!n || n->kind != Y_SCALAR)
		return 0;
	size_t len = strlen(s);
	return n->scalar.len == len && !memcmp(n->scalar.s, s, len);
}

const struct yvia *y_via_push(struct arena *a, enum yvia_kind kind,
			      const struct ynode *site, const struct yvia *next)
{
	struct yvia *v = arena_alloc(a, sizeof *v);
	v->kind = kind;
	v->site = site;
	v->next = next;
	return v;
}

const struct yvia *y_via_concat(struct arena *a, const struct yvia *inner,
				const struct yvia *outer)
{
	if (!inner)
		return outer;
	return y_via_push(a, inner->kind, inner->site, y_via_concat(a, inner->next, outer));
}

const struct ynode *y_deref(const struct ynode *n, struct arena *a, const struct yvia **via)
{
	if (n && n->kind == Y_ALIAS) {
		if (via)
			*via = y_via_push(a, YV_ALIAS, n, *via);
		n = n->alias.target;
	}
	return n;
}

const struct yentry *y_get(const struct ynode *map, const char *key)
{
	if (!map || map->kind != Y_MAP)
		return NULL;
	size_t len = strlen(key);
	for (uint32_t i = 0; i < map->map.n; i++) {
		const struct ynode *k = map->map.entries[i].key;
		if (k->kind == Y_SCALAR && k->scalar.len == len && !memcmp(k->scalar.s, key, len))
			return &map->map.entries[i];
	}
	return NULL;
}

const char *y_kind_name(const struct ynode *n)
{
	if (!n)
		return "nothing";
	if (n->kind == Y_ALIAS)
		n = n->alias.target;
	switch (n->kind) {
	case Y_SEQ:
		return "a list";
	case Y_MAP:
		return "a mapping";
	default:
		if (y_is_null(n))
			return "null";
		return "a string";
	}
}

struct cl_span y_rawspan(const struct ynode *n, size_t off, size_t end)
{
	struct cl_span sp = n->span;
	if (n->kind != Y_SCALAR || sp.start.line != sp.end.line || !n->scalar.raw ||
	    end > n->scalar.raw_len || off > end)
		return sp;
	/* the raw text starts after an opening quote */
	uint32_t q = n->style == YS_SINGLE || n->style == YS_DOUBLE;
	uint32_t cols_off = 0, cols_end = 0;
	for (size_t i = 0; i < end; i++) {
		int lead = !utf8_is_continuation((unsigned char)n->scalar.raw[i]);
		cols_end += (uint32_t)lead;
		if (i < off)
			cols_off += (uint32_t)lead;
	}
	sp.start.off = n->span.start.off + q + (uint32_t)off;
	sp.end.off = n->span.start.off + q + (uint32_t)end;
	sp.start.col = n->span.start.col + q + cols_off;
	sp.end.col = n->span.start.col + q + cols_end;
	return sp;
}

struct cl_span y_subspan(const struct ynode *n, size_t off, size_t end)
{
	if (n->kind != Y_SCALAR || !n->scalar.raw || n->scalar.raw_len != n->scalar.len ||
	    memcmp(n->scalar.raw, n->scalar.s, n->scalar.len))
		return n->span;
	return y_rawspan(n, off, end);
}
