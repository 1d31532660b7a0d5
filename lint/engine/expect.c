/*
 * expect.c - comparing a fixture's `# expect:` annotations with its
 * findings (see expect.h).
 */
#include "engine/expect.h"
#include "base/arena.h"
#include "engine/suppress.h"
#include "core/rule.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static void problem(struct arena *a, struct cl_expect_result *r, struct cl_span at,
		    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void problem(struct arena *a, struct cl_expect_result *r, struct cl_span at,
		    const char *fmt, ...)
{
	if (r->n == r->cap) {
		uint32_t cap = r->cap ? r->cap * 2 : 8;
		r->v = arena_grow(a, r->v, r->n * sizeof *r->v, cap * sizeof *r->v);
		r->cap = cap;
	}
	va_list ap;
	va_start(ap, fmt);
	r->v[r->n].at = at;
	r->v[r->n].msg = arena_vprintf(a, fmt, ap);
	va_end(ap);
	r->n++;
}

/* An id written in a comment names this finding's rule. */
static int names_rule(const char *written, const struct cl_rule *rule)
{
	return !strcasecmp(written, rule->id) || !strcmp(written, rule->name);
}

static int problem_cmp(const void *pa, const void *pb)
{
	const struct cl_expect_problem *a = pa, *b = pb;
	if (a->at.start.line != b->at.start.line)
		return a->at.start.line < b->at.start.line ? -1 : 1;
	if (a->at.start.col != b->at.start.col)
		return a->at.start.col < b->at.start.col ? -1 : 1;
	return strcmp(a->msg, b->msg);
}

uint32_t cl_expect_check(struct arena *a, const struct cl_source *src, uint32_t file,
			 const struct ycomment *cs, uint32_t nc, const struct cl_findings *f,
			 struct cl_expect_result *out)
{
	struct cl_expect *ex = NULL;
	uint32_t nex = 0, cap = 0;
	int none = 0;
	memset(out, 0, sizeof *out);
	for (uint32_t k = 0; k < nc; k++) {
		const char *t = cs[k].text;
		if (!strcmp(t, "expect-none") || !strncmp(t, "expect-none ", 12)) {
			none = 1;
			continue;
		}
		if (strncmp(t, "expect:", 7))
			continue;
		int blank = 0;
		uint32_t line = cs[k].own_line ?
				cl_comment_target_line(src->text, src->len, cs, nc, k, &blank) :
				cs[k].at.start.line;
		if (!line) {
			problem(a, out, cs[k].at, "this expectation applies to no line%s",
				blank ? ": a blank line separates it from the line below" : "");
			continue;
		}
		/* the rule list: comma- or blank-separated ids */
		const char *p = t + 7;
		while (*p) {
			while (*p == ' ' || *p == '\t' || *p == ',')
				p++;
			size_t n = strcspn(p, " \t,");
			if (!n)
				break;
			if (nex == cap) {
				cap = cap ? cap * 2 : 8;
				ex = arena_grow(a, ex, nex * sizeof *ex, cap * sizeof *ex);
			}
			struct cl_expect *e = &ex[nex++];
			memset(e, 0, sizeof *e);
			e->rule = arena_strndup(a, p, n);
			e->line = line;
			e->at = cs[k].at;
			p += n;
		}
	}
	out->expectations = nex;

	for (size_t i = 0; i < f->n; i++) {
		const struct cl_finding *x = &f->v[i];
		if (x->at.file != file || x->suppressed)
			continue;
		int expected = 0;
		for (uint32_t k = 0; k < nex; k++) {
			if (ex[k].line == x->at.start.line && names_rule(ex[k].rule, x->rule)) {
				ex[k].matched++;
				expected = 1;
			}
		}
		if (!expected)
			problem(a, out, x->at, "unexpected %s finding: %s", x->rule->id, x->message);
	}
	for (uint32_t k = 0; k < nex; k++)
		if (!ex[k].matched)
			problem(a, out, ex[k].at, "expected a %s finding on line %u, found none",
				ex[k].rule, ex[k].line);
	if (none && nex)
		problem(a, out, ex[0].at, "'expect-none' and 'expect:' in one file contradict each other");
	if (out->n > 1)
		qsort(out->v, out->n, sizeof *out->v, problem_cmp);
	return out->n;
}
