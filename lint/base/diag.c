/* diag.c - the diagnostics sink (see diag.h). */
#include "base/diag.h"
#include "base/arena.h"
#include "base/vec.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void cl_diags_init(struct cl_diags *d, struct arena *a)
{
	memset(d, 0, sizeof *d);
	d->a = a;
}

struct cl_diag *cl_diag_add(struct cl_diags *d, int kind, const struct cl_span *at,
			    const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	struct cl_diag *g = cl_diag_vadd(d, kind, at, fmt, ap);
	va_end(ap);
	return g;
}

struct cl_diag *cl_diag_vadd(struct cl_diags *d, int kind, const struct cl_span *at,
			     const char *fmt, va_list ap)
{
	const char *msg = arena_vprintf(d->a, fmt, ap);
	uint32_t seq = d->n;
	struct cl_diag *g = ARENA_VEC_PUSH(d->a, d->v, d->n, d->cap);
	g->kind = kind;
	if (at)
		g->at = *at;
	g->msg = msg;
	g->seq = seq;
	return g;
}

void cl_diag_note(struct cl_diags *d, struct cl_diag *g, const struct cl_span *at,
		  const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	const char *msg = arena_vprintf(d->a, fmt, ap);
	va_end(ap);
	/* notes are few (one or two): an exact-size copy per note keeps the struct small */
	struct cl_related *v = arena_grow(d->a, g->notes, g->nnotes * sizeof *v,
				       (g->nnotes + 1) * sizeof *v);
	v[g->nnotes].at = at ? *at : (struct cl_span){ 0 };
	v[g->nnotes].message = msg;
	g->notes = v;
	g->nnotes++;
}

static int cmp_diag(const void *x, const void *y)
{
	const struct cl_diag *a = x, *b = y;
	if (a->at.file != b->at.file)
		return a->at.file < b->at.file ? -1 : 1;
	/* problems with the whole file come before those at a place in it */
	if (cl_span_valid(&a->at) != cl_span_valid(&b->at))
		return cl_span_valid(&a->at) ? 1 : -1;
	if (a->at.start.off != b->at.start.off)
		return a->at.start.off < b->at.start.off ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

void cl_diags_sort(struct cl_diags *d)
{
	if (d->n > 1)
		qsort(d->v, d->n, sizeof *d->v, cmp_diag);
}
