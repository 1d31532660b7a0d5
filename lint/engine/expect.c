/*
 * expect.c - comparing a fixture's `# expect:` annotations with its
 * findings (see expect.h).
 */
#include "engine/expect.h"
#include "base/arena.h"
#include "base/vec.h"
#include "engine/suppress.h"
#include "core/rule.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define problem(r, at, ...) cl_diag_add(&(r)->problems, 0, &(at), __VA_ARGS__)

/* An id written in a comment names this finding's rule. */
static int names_rule(const char *written, const struct cl_rule *rule)
{
	return !strcasecmp(written, rule->id) || !strcmp(written, rule->name);
}

static int problem_cmp(const void *pa, const void *pb)
{
	const struct cl_diag *a = pa, *b = pb;
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
	cl_diags_init(&out->problems, a);
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
			problem(out, cs[k].at, "this expectation applies to no line%s",
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
			struct cl_expect *e = ARENA_VEC_PUSH(a, ex, nex, cap);
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
			problem(out, x->at, "unexpected %s finding: %s", x->rule->id, x->message);
	}
	for (uint32_t k = 0; k < nex; k++)
		if (!ex[k].matched)
			problem(out, ex[k].at, "expected a %s finding on line %u, found none",
				ex[k].rule, ex[k].line);
	if (none && nex)
		problem(out, ex[0].at, "'expect-none' and 'expect:' in one file contradict each other");
	/* by line and column, then by message: not cl_diags_sort()'s order of
	 * discovery, so that the report does not depend on the findings' order */
	if (out->problems.n > 1)
		qsort(out->problems.v, out->problems.n, sizeof *out->problems.v, problem_cmp);
	return out->problems.n;
}
