/* origin.c - a value's alias, merge, extends, include and variable links as related locations (see origin.h). */
#include "compose/origin.h"
#include "base/arena.h"

/* How one link of the chain brought the value here, in words. */
static const char *via_message(struct arena *a, const struct yvia *v, const char *service)
{
	const struct ynode *site = v->site;
	const char *how;
	switch (v->kind) {
	case YV_VARIABLE:
		return arena_printf(a, "variable '%s' is set here", site->scalar.s);
	case YV_EXTENDS:
		if (service)
			return arena_printf(a, "service '%s' inherits this value through 'extends' here",
					    service);
		return "inherited through 'extends' here";
	case YV_INCLUDE:
		return "the file is included here";
	case YV_ALIAS:
	case YV_MERGE:
		break;
	}
	if (site->kind == Y_ALIAS)
		how = v->kind == YV_MERGE ? arena_printf(a, "'<<: *%s'", site->alias.name)
					  : arena_printf(a, "alias '*%s'", site->alias.name);
	else
		how = "an inline '<<' mapping";
	if (service)
		return arena_printf(a, "service '%s' inherits this value here, through %s", service, how);
	return arena_printf(a, "inherited here, through %s", how);
}

/*
 * The chain as related locations, innermost first.  A chain through many
 * nested anchors would bury the one link that matters most, the use site
 * inside the service, so long chains keep their first links and the last.
 */
#define CHAIN_HEAD 2

static uint32_t chain(struct arena *a, const struct yvia *via, const char *object,
		      struct cl_related **out)
{
	uint32_t n = 0, k = 0;
	for (const struct yvia *v = via; v; v = v->next)
		n++;
	*out = NULL;
	if (!n)
		return 0;
	struct cl_related *rel = arena_alloc(a, (CHAIN_HEAD + 1) * sizeof *rel);
	uint32_t i = 0;
	for (const struct yvia *v = via; v; v = v->next, i++) {
		int last = v->next == NULL;
		if (i >= CHAIN_HEAD && !last)
			continue;
		rel[k].at = v->site->span;
		/* the service's name belongs to the outermost link: the use site */
		rel[k].message = via_message(a, v, last ? object : NULL);
		if (last && n > CHAIN_HEAD + 1)
			rel[k].message = arena_printf(a, "%s (after %u more nested links)",
						      rel[k].message, n - CHAIN_HEAD - 1);
		k++;
	}
	*out = rel;
	return k;
}

uint32_t compose_origin(struct arena *a, const struct cl_val *at, const char *object,
			const struct cl_span *fallback, struct cl_span *span,
			struct cl_related **related)
{
	*related = NULL;
	if (at && at->node) {
		*span = at->node->span;
		/* the value's own links (where its variables are set) come first */
		return chain(a, at->node->origin ? y_via_concat(a, at->node->origin, at->via) : at->via,
			     object, related);
	}
	if (at && at->key)
		*span = at->key->span;
	else if (fallback)
		*span = *fallback;
	return 0;
}
