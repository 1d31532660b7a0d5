/* check.c - cl_report(): turn a rule's verdict into a positioned finding. */
#include "rules/check.h"
#include "base/arena.h"

#include <stdarg.h>
#include <string.h>

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

static void add_chain(struct cl_ctx *ctx, struct cl_finding *f, const struct yvia *via)
{
	uint32_t n = 0;
	for (const struct yvia *v = via; v; v = v->next)
		n++;
	if (!n)
		return;
	f->related = arena_alloc(ctx->a, (CHAIN_HEAD + 1) * sizeof *f->related);
	uint32_t i = 0;
	for (const struct yvia *v = via; v; v = v->next, i++) {
		int last = v->next == NULL;
		if (i >= CHAIN_HEAD && !last)
			continue;
		struct cl_related *rel = &f->related[f->nrelated++];
		rel->at = v->site->span;
		/* the service's name belongs to the outermost link: the use site */
		rel->message = via_message(ctx->a, v, last ? f->service : NULL);
		if (last && n > CHAIN_HEAD + 1)
			rel->message = arena_printf(ctx->a, "%s (after %u more nested links)",
						    rel->message, n - CHAIN_HEAD - 1);
	}
}

struct cl_finding *cl_emit(struct cl_ctx *ctx, const struct cl_rule *rule, enum cl_severity sev,
			   const char *object, const struct cl_val *at,
			   const struct cl_span *fallback, const char *message)
{
	struct cl_finding *f = cl_findings_add(ctx->out);
	f->rule = rule;
	f->severity = sev;
	f->service = object;
	f->message = message;
	if (at && at->node) {
		f->at = at->node->span;
		/* the value's own links (where its variables are set) come first */
		add_chain(ctx, f, at->node->origin ? y_via_concat(ctx->a, at->node->origin, at->via)
						   : at->via);
	} else if (at && at->key) {
		f->at = at->key->span;
	} else if (fallback) {
		f->at = *fallback;
	} else {
		memset(&f->at, 0, sizeof f->at);
		f->at.file = ctx->file;
	}
	return f;
}

struct cl_finding *cl_report(struct cl_ctx *ctx, enum cl_rule_index r, const char *object,
			     const struct cl_span *fallback, const struct cl_val *at,
			     const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	const char *msg = arena_vprintf(ctx->a, fmt, ap);
	va_end(ap);
	return cl_emit(ctx, &cl_rules[r], ctx->severity ? ctx->severity[r] : cl_rules[r].severity,
		       object, at, fallback, msg);
}

void cl_add_related(struct cl_ctx *ctx, struct cl_finding *f, const struct cl_val *at,
		    const char *msg)
{
	if (!at || !at->node)
		return;
	struct cl_related *r = arena_alloc(ctx->a, (f->nrelated + 1) * sizeof *r);
	if (f->nrelated)
		memcpy(r, f->related, f->nrelated * sizeof *r);
	r[f->nrelated].at = at->node->span;
	r[f->nrelated].message = arena_strdup(ctx->a, msg);
	f->related = r;
	f->nrelated++;
}
