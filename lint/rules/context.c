/* context.c - raising a C rule's findings at compose values (see context.h). */
#include "rules/context.h"
#include "base/arena.h"
#include "compose/origin.h"

#include <stdarg.h>
#include <string.h>

struct cl_finding *cl_raise_at(struct cl_ctx *ctx, enum cl_rule_index r, const char *object,
			       const struct cl_val *at, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	const char *msg = arena_vprintf(ctx->a, fmt, ap);
	va_end(ap);
	struct cl_span span = { ctx->file, { 0, 0, 0 }, { 0, 0, 0 } };
	struct cl_related *rel;
	uint32_t n = compose_origin(ctx->a, at, object, NULL, &span, &rel);
	return cl_raise(ctx->out, ctx->rules, &cl_rules[r], &span, rel, n, object, msg);
}

void cl_relate(struct cl_ctx *ctx, struct cl_finding *f, const struct cl_val *at, const char *msg)
{
	if (!f || !at || !at->node)
		return;
	struct cl_related *r = arena_alloc(ctx->a, (f->nrelated + 1) * sizeof *r);
	if (f->nrelated)
		memcpy(r, f->related, f->nrelated * sizeof *r);
	r[f->nrelated].at = at->node->span;
	r[f->nrelated].message = arena_strdup(ctx->a, msg);
	f->related = r;
	f->nrelated++;
}
