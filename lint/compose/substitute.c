/*
 * substitute.c - interpolate every value of a document (see substitute.h).
 */
#include "compose/substitute.h"
#include "base/arena.h"
#include "base/ptrmap.h"
#include "yaml/build.h"

#include <stdlib.h>
#include <string.h>

struct subst {
	struct arena *a;
	const struct cl_env *env;
	struct cl_diags *problems;
	struct ptrmap memo; /* collections already substituted */
	uint32_t depth;     /* collections being walked, aliases followed */
	int too_deep;
};

static const struct yvia *variable_links(struct subst *z, const struct cl_interp *r)
{
	const struct yvia *chain = NULL, **tail = &chain;
	for (uint32_t i = 0; i < r->nuses; i++) {
		const struct cl_interp_use *u = &r->uses[i];
		if (u->state == CL_ENV_UNSET || !cl_span_valid(&u->at))
			continue;
		int seen = 0;
		for (uint32_t j = 0; j < i && !seen; j++)
			seen = !strcmp(r->uses[j].name, u->name) && cl_span_valid(&r->uses[j].at) &&
			       r->uses[j].state != CL_ENV_UNSET;
		if (seen)
			continue;
		/* in evaluation order: the first variable of the value is the first note */
		struct yvia *v = y_variable_link(z->a, u->name, &u->at, NULL);
		*tail = v;
		tail = &v->next;
	}
	return chain;
}

static const struct ynode *scalar(struct subst *z, const struct ynode *n)
{
	if (n->style == YS_EMPTY || !memchr(n->scalar.s, '$', n->scalar.len))
		return n;
	struct cl_interp r;
	cl_interpolate(z->a, n->scalar.s, n->scalar.len, z->env, &r);
	for (uint32_t i = 0; i < r.errors.n; i++) {
		const struct cl_diag *e = &r.errors.v[i];
		struct cl_span at = y_subspan(n, e->at.start.off, e->at.end.off);
		cl_diag_add(z->problems, CP_INTERPOLATION, &at, "%s", e->msg);
	}
	for (uint32_t i = 0; i < r.nuses; i++) {
		const struct cl_interp_use *u = &r.uses[i];
		if (!u->unknown)
			continue;
		struct cl_span at = y_subspan(n, u->off, u->end);
		cl_diag_add(z->problems, CP_UNSET_VARIABLE, &at,
			    "variable '%s' is not set and has no default; "
			    "compose would use an empty string", u->name);
	}
	if (r.len == n->scalar.len && !memcmp(r.value, n->scalar.s, r.len) && !r.unknown &&
	    !r.errors.n && !r.nuses)
		return n;  /* "$$" aside, nothing to substitute */
	struct ynode *out = y_scalar_like(z->a, n, r.value, r.len);
	out->unknown = (uint8_t)(r.unknown || r.errors.n);
	out->origin = variable_links(z, &r);
	/* "${X}" is a string whatever X holds; a plain scalar stays plain so
	 * that typing (numbers, booleans) applies to the result, as in compose */
	return out;
}

static const struct ynode *walk(struct subst *z, const struct ynode *n);
static const struct ynode *walk_shared(struct subst *z, const struct ynode *n);

static const struct ynode *walk_node(struct subst *z, const struct ynode *n)
{
	switch (n->kind) {
	case Y_SCALAR:
		return scalar(z, n);
	case Y_ALIAS: {
		const struct ynode *t = walk(z, n->alias.target);
		if (t == n->alias.target)
			return n;
		struct ynode *al = arena_alloc(z->a, sizeof *al);
		*al = *n;
		al->alias.target = t;
		return al;
	}
	case Y_SEQ: {
		/* copied only from the first item that changed: a document with
		 * nothing to interpolate costs no memory */
		struct ybuild b;
		memset(&b, 0, sizeof b);
		uint32_t i = 0;
		const struct ynode *it = NULL;
		for (; i < n->seq.n; i++)
			if ((it = walk(z, n->seq.items[i])) != n->seq.items[i])
				break;
		if (i == n->seq.n)
			return n;
		for (uint32_t j = 0; j < i; j++)
			yb_item(z->a, &b, n->seq.items[j], y_seq_item_via(n, j));
		yb_item(z->a, &b, it, y_seq_item_via(n, i));
		for (i++; i < n->seq.n; i++)
			yb_item(z->a, &b, walk(z, n->seq.items[i]), y_seq_item_via(n, i));
		return yb_seq(z->a, n, &b);
	}
	case Y_MAP: {
		struct ybuild b;
		memset(&b, 0, sizeof b);
		const struct yentry *e = n->map.entries;
		uint32_t i = 0;
		const struct ynode *v = NULL;
		for (; i < n->map.n; i++)
			if ((v = walk(z, e[i].value)) != e[i].value)
				break;
		if (i == n->map.n)
			return n;
		for (uint32_t j = 0; j < i; j++)
			yb_entry(z->a, &b, e[j].key, e[j].value, e[j].via);
		yb_entry(z->a, &b, e[i].key, v, e[i].via);
		for (i++; i < n->map.n; i++)
			yb_entry(z->a, &b, e[i].key, walk(z, e[i].value), e[i].via);
		struct ynode *m = (struct ynode *)yb_map(z->a, n, &b);
		m->map.pairs = n->map.pairs;  /* as written: unchanged */
		m->map.npairs = n->map.npairs;
		return m;
	}
	}
	return n;
}

static const struct ynode *walk(struct subst *z, const struct ynode *n)
{
	if (z->depth >= Y_MAX_EFFECTIVE_DEPTH) {
		if (!z->too_deep)
			cl_diag_add(z->problems, CP_LIMIT, &n->span,
				    "values nest deeper than %u levels through "
				    "aliases; the rest is not interpolated", Y_MAX_EFFECTIVE_DEPTH);
		z->too_deep = 1;
		return n;
	}
	z->depth++;
	const struct ynode *r = walk_shared(z, n);
	z->depth--;
	return r;
}

static const struct ynode *walk_shared(struct subst *z, const struct ynode *n)
{
	/* merge keys share a collection between mappings without an anchor
	 * on it, so every collection is worked on once, not once per path */
	if (n->kind == Y_SCALAR)
		return walk_node(z, n);
	const struct ynode *seen = ptrmap_get(&z->memo, n);
	if (seen)
		return seen;
	const struct ynode *out = walk_node(z, n);
	ptrmap_put(&z->memo, n, out);
	return out;
}

const struct ynode *compose_substitute(struct arena *a, const struct ynode *root,
				       const struct cl_env *env, struct cl_diags *problems)
{
	if (!root)
		return NULL;
	struct subst z = { a, env, problems, PTRMAP_INIT, 0, 0 };
	const struct ynode *out = walk(&z, root);
	ptrmap_release(&z.memo);
	return out;
}
