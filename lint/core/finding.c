/* finding.c - the findings list: append, sort, merge (see finding.h). */
#include "core/finding.h"
#include "base/arena.h"
#include "base/vec.h"

#include <stdlib.h>
#include <string.h>

static struct cl_finding *add(struct cl_findings *f)
{
	return VEC_PUSH(f->v, f->n, f->cap);
}

struct cl_finding *cl_raise(struct cl_findings *out, const struct cl_rule_state *rules,
			    const struct cl_rule *rule, const struct cl_span *at,
			    struct cl_related *related, uint32_t nrelated, const char *object,
			    const char *message)
{
	if (!cl_rule_on(rules, rule))
		return NULL;
	struct cl_finding *f = add(out);
	f->rule = rule;
	f->severity = cl_rule_severity(rules, rule);
	f->at = *at;
	f->message = message;
	f->service = object;
	f->related = nrelated ? related : NULL;
	f->nrelated = nrelated;
	return f;
}

void cl_findings_append(struct cl_findings *f, const struct cl_finding *x)
{
	*add(f) = *x;
}

void cl_findings_release(struct cl_findings *f)
{
	xfree(f->v);
	f->v = NULL;
	f->n = f->cap = 0;
}

static int cmp_u32(uint32_t a, uint32_t b)
{
	return (a > b) - (a < b);
}

static int span_cmp(const struct cl_span *a, const struct cl_span *b)
{
	int c;
	if ((c = cmp_u32(a->file, b->file)) || (c = cmp_u32(a->start.line, b->start.line)) ||
	    (c = cmp_u32(a->start.col, b->start.col)) || (c = cmp_u32(a->end.line, b->end.line)))
		return c;
	return cmp_u32(a->end.col, b->end.col);
}

static int finding_cmp(const void *pa, const void *pb)
{
	const struct cl_finding *a = pa, *b = pb;
	int c = span_cmp(&a->at, &b->at);
	if (c)
		return c;
	if ((c = strcmp(a->rule->id, b->rule->id)))
		return c;
	if ((c = strcmp(a->message, b->message)))
		return c;
	if (a->suppressed != b->suppressed)
		return a->suppressed < b->suppressed ? -1 : 1;
	/* a stable tie-break, so merged related lists come out in a fixed order */
	if ((c = strcmp(a->service ? a->service : "", b->service ? b->service : "")))
		return c;
	if (a->nrelated && b->nrelated)
		return span_cmp(&a->related[0].at, &b->related[0].at);
	return cmp_u32(a->nrelated, b->nrelated);
}

static int related_cmp(const void *pa, const void *pb)
{
	const struct cl_related *a = pa, *b = pb;
	int c = span_cmp(&a->at, &b->at);
	return c ? c : strcmp(a->message, b->message);
}

/* One finding per written value, but never across a suppression: an
 * exception for one service must not hide another's finding. */
static int same_finding(const struct cl_finding *a, const struct cl_finding *b)
{
	return a->rule == b->rule && !span_cmp(&a->at, &b->at) && !strcmp(a->message, b->message) &&
	       a->suppressed == b->suppressed &&
	       (a->suppress_reason == b->suppress_reason ||
		(a->suppress_reason && b->suppress_reason &&
		 !strcmp(a->suppress_reason, b->suppress_reason)));
}

void cl_findings_finish(struct cl_findings *f, struct arena *a)
{
	if (!f->n)
		return;
	qsort(f->v, f->n, sizeof *f->v, finding_cmp);
	size_t out = 0;
	for (size_t i = 0, j; i < f->n; i = j) {
		/* [i, j): one value written once and reported for each of its
		 * uses; they become one finding with every use site related */
		uint32_t nrel = f->v[i].nrelated;
		for (j = i + 1; j < f->n && same_finding(&f->v[i], &f->v[j]); j++)
			nrel += f->v[j].nrelated;
		struct cl_finding merged = f->v[i];
		if (j > i + 1) {
			struct cl_related *r = arena_alloc(a, (nrel ? nrel : 1) * sizeof *r);
			uint32_t k = 0;
			for (size_t m = i; m < j; m++) {
				if (f->v[m].nrelated)  /* related may be NULL: no memcpy from it */
					memcpy(r + k, f->v[m].related, f->v[m].nrelated * sizeof *r);
				k += f->v[m].nrelated;
				if (merged.service && f->v[m].service && strcmp(merged.service, f->v[m].service))
					merged.service = NULL;  /* about several services now */
			}
			merged.related = r;
			merged.nrelated = nrel;
		}
		f->v[out++] = merged;
	}
	f->n = out;
	for (size_t i = 0; i < f->n; i++) {
		struct cl_finding *x = &f->v[i];
		if (x->nrelated < 2)
			continue;
		qsort(x->related, x->nrelated, sizeof *x->related, related_cmp);
		uint32_t k = 1;
		for (uint32_t j = 1; j < x->nrelated; j++)
			if (related_cmp(&x->related[j], &x->related[k - 1]))
				x->related[k++] = x->related[j];
		x->nrelated = k;
	}
}

size_t cl_findings_count(const struct cl_findings *f, enum cl_severity s)
{
	size_t n = 0;
	for (size_t i = 0; i < f->n; i++)
		n += f->v[i].severity == s && !f->v[i].suppressed;
	return n;
}

size_t cl_findings_suppressed(const struct cl_findings *f)
{
	size_t n = 0;
	for (size_t i = 0; i < f->n; i++)
		n += f->v[i].suppressed != CL_SUPP_NONE;
	return n;
}
