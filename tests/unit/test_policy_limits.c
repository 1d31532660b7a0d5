/*
 * test_policy_limits.c - policies stay within bounded stack, time and
 * memory whatever they and the compose file hold: nesting is a policy
 * error, long `and`/`or` chains work, a rule's regex work is budgeted, and
 * one rule's evaluation memory is released before the next rule runs.
 * Inputs are generated here; none is large enough to slow the sanitizer
 * build down.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/strbuf.h"
#include "engine/engine.h"
#include "policy/policy.h"

/* ---- helpers ------------------------------------------------------------ */

/* A policy with one rule whose requirement is `cond`. */
static char *policy_with(const char *cond)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb, "policy \"p\" {\n  rule \"x\" {\n    for service\n    require %s\n  }\n}\n",
		    cond);
	return strbuf_detach(&sb, NULL);
}

/* `n` copies of `open`, `inner`, then `n` copies of `close`. */
static char *nest(unsigned n, const char *open, const char *inner, const char *close)
{
	struct strbuf sb = STRBUF_INIT;
	for (unsigned i = 0; i < n; i++)
		strbuf_addstr(&sb, open);
	strbuf_addstr(&sb, inner);
	for (unsigned i = 0; i < n; i++)
		strbuf_addstr(&sb, close);
	return strbuf_detach(&sb, NULL);
}

/* A run with `policy` as its only policy; 0 when it loaded cleanly. */
static int run_load(struct cl_run *run, const char *policy)
{
	cl_run_init(run);
	run->policies->today = "2027-01-01";
	pol_set_explicit(run->policies);
	return pol_set_load_text(run->policies, "p.pol", policy, strlen(policy));
}

static void run_lint(struct cl_run *run, const char *yaml)
{
	cl_run_buffer(run, "c.yml", yaml, strlen(yaml));
	cl_run_finish(run);
}

/* Findings of rule `id` whose message contains `text` (any, when NULL). */
static unsigned count(const struct cl_run *run, const char *id, const char *text)
{
	unsigned n = 0;
	for (size_t i = 0; i < run->findings.n; i++) {
		const struct cl_finding *f = &run->findings.v[i];
		n += !strcmp(f->rule->id, id) && (!text || strstr(f->message, text));
	}
	return n;
}

/* ---- nesting -------------------------------------------------------------- */

/* Each construct that nests: as deep as the limit loads (or fails for
 * another reason), 50,000 levels are one error at the first level too
 * many, not a stack overflow. */
static void test_nesting_is_bounded(void **state)
{
	(void)state;
	static const struct {
		const char *prefix, *open, *inner, *close, *suffix;
		unsigned levels;  /* per copy of open */
		int valid;        /* at the limit, the policy is otherwise valid */
	} kinds[] = {
		{ "", "(", "image == \"a\"", ")", "", 1, 1 },
		{ "", "not ", "image == \"a\"", "", "", 1, 1 },
		{ "", "lower(", "image", ")", " == \"a\"", 1, 1 },
		{ "image in ", "[", "\"a\"", "]", "", 1, 0 },  /* nested lists parse, then are refused */
		{ "", "(not ", "image == \"a\"", ")", "", 2, 1 },
	};
	for (size_t k = 0; k < sizeof kinds / sizeof *kinds; k++) {
		unsigned copies[] = { POL_MAX_NESTING / kinds[k].levels, 50000 };
		for (int d = 0; d < 2; d++) {
			char *mid = nest(copies[d], kinds[k].open, kinds[k].inner, kinds[k].close);
			struct strbuf sb = STRBUF_INIT;
			strbuf_addf(&sb, "%s%s%s", kinds[k].prefix, mid, kinds[k].suffix);
			char *pol = policy_with(sb.buf);
			struct cl_run run;
			int rc = run_load(&run, pol);
			struct pol_set *ps = run.policies;
			unsigned deep = 0;
			for (uint32_t i = 0; i < ps->errors.n; i++)
				deep += strstr(ps->errors.v[i].msg, "nested deeper than 64 levels") != NULL;
			if (!d) {
				assert_int_equal(deep, 0);
				if (kinds[k].valid)
					assert_int_equal(rc, 0);
			} else {
				assert_int_not_equal(rc, 0);
				assert_int_equal(ps->errors.n, 1);
				assert_int_equal(deep, 1);
				/* at the opener one level too deep: "    require " is 12 columns */
				const struct cl_diag *e = &ps->errors.v[0];
				assert_int_equal(e->at.start.line, 4);
				assert_int_equal(e->at.start.col, 13 + strlen(kinds[k].prefix) +
						 copies[0] * strlen(kinds[k].open));
			}
			cl_run_release(&run);
			free(pol);
			strbuf_release(&sb);
			free(mid);
		}
	}
}

/* 50,000 terms joined by `and` (or `or`) are a balanced tree: they load,
 * and they decide as a chain does. */
static void test_long_chains_work(void **state)
{
	(void)state;
	static const char *const words[] = { " and ", " or " };
	for (int w = 0; w < 2; w++) {
		struct strbuf sb = STRBUF_INIT;
		for (unsigned i = 0; i < 50000; i++)
			strbuf_addf(&sb, "%simage != \"v%u\"", i ? words[w] : "", i);
		char *pol = policy_with(sb.buf);
		strbuf_release(&sb);
		struct cl_run run;
		assert_int_equal(run_load(&run, pol), 0);
		/* v49999 fails the last term of the `and`; every term of the `or` holds for w */
		run_lint(&run, "services:\n  v:\n    image: v49999\n  w:\n    image: w\n");
		assert_int_equal(count(&run, "x", "service 'v'"), w == 0);
		assert_int_equal(count(&run, "x", "service 'w'"), 0);
		/* the message quotes a long requirement only in part */
		for (size_t i = 0; i < run.findings.n; i++)
			assert_true(strlen(run.findings.v[i].message) < 300);
		cl_run_release(&run);
		free(pol);
	}
}

/* ---- the regex budget ------------------------------------------------------- */

/* A budget that runs out stops the rule: one CL004 finding at the value
 * whose match it could not pay for, naming the rule; other rules run on. */
static void test_budget_stops_the_rule(void **state)
{
	(void)state;
	const char *pol = "policy \"p\" {\n"
			  "  rule \"x\" { for service require image =~ /^nginx/ }\n"
			  "  rule \"y\" { for service require image == \"none\" }\n"
			  "}\n";
	struct cl_run run;
	assert_int_equal(run_load(&run, pol), 0);
	/* two quick matches cost PREGEX_FIRST_LIMIT each; the third runs
	 * on what is left; the fourth finds nothing left */
	run.policies->rule_budget = 2 * PREGEX_FIRST_LIMIT + PREGEX_FIRST_LIMIT / 2;
	run_lint(&run, "services:\n  a:\n    image: nginx\n  b:\n    image: nginx\n"
		       "  c:\n    image: nginx\n  d:\n    image: nginx\n  e:\n    image: redis\n");
	assert_int_equal(count(&run, "CL004", NULL), 1);
	assert_int_equal(count(&run, "CL004", "rule 'x' could not be decided: it spent its regular "
			       "expression budget of 250 match-limit units"), 1);
	const struct cl_finding *f = NULL;
	for (size_t i = 0; i < run.findings.n; i++)
		if (!strcmp(run.findings.v[i].rule->id, "CL004"))
			f = &run.findings.v[i];
	assert_non_null(f);
	assert_int_equal(f->at.start.line, 9);  /* d's image */
	assert_int_equal(count(&run, "x", NULL), 0);  /* e is never judged */
	assert_int_equal(count(&run, "y", NULL), 5);
	cl_run_release(&run);
}

/* Many values, each a match that runs into the match limit: the default
 * budget ends the rule long before it has tried them all. */
static void test_budget_bounds_slow_matches(void **state)
{
	(void)state;
	enum { N = 2000 };
	struct strbuf sb = STRBUF_INIT;
	strbuf_addstr(&sb, "services:\n  s:\n    labels:\n");
	for (unsigned i = 0; i < N; i++)
		strbuf_addf(&sb, "      k%u: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!\n", i);
	const char *pol = "policy \"p\" {\n"
			  "  rule \"x\" { for service each labels.* require value =~ /^(a+)+$/ }\n"
			  "}\n";
	struct cl_run run;
	assert_int_equal(run_load(&run, pol), 0);
	run_lint(&run, sb.buf);
	strbuf_release(&sb);
	unsigned limits = count(&run, "CL004", "hit its match limit");
	assert_int_equal(count(&run, "CL004", "spent its regular expression budget"), 1);
	assert_true(limits > 0);
	assert_true(limits <= POL_RULE_BUDGET / PREGEX_MATCH_LIMIT);
	cl_run_release(&run);
}

/* ---- memory ------------------------------------------------------------------ */

/*
 * The bytes a run holds after linting n services with n rules, plus the
 * most one rule's evaluation held at once.  Every rule visits every
 * service: kept across rules, evaluation memory would grow with n * n.
 */
static size_t bytes_for(unsigned n)
{
	struct strbuf pol = STRBUF_INIT, yaml = STRBUF_INIT;
	strbuf_addstr(&pol, "policy \"p\" {\n");
	for (unsigned i = 0; i < n; i++)
		strbuf_addf(&pol, "  rule \"r%u\" { for service each labels[/^l/] "
			    "require value =~ /^v/ and image like \"nginx*\" }\n", i);
	strbuf_addstr(&pol, "}\n");
	strbuf_addstr(&yaml, "services:\n");
	for (unsigned i = 0; i < n; i++)
		strbuf_addf(&yaml, "  s%u:\n    image: nginx:%u\n    labels: {l1: v, l2: v}\n", i, i);
	struct cl_run run;
	assert_int_equal(run_load(&run, pol.buf), 0);
	run_lint(&run, yaml.buf);
	assert_int_equal(run.findings.n, 0);
	size_t bytes = arena_used(run.a) + run.policies->scratch_peak;
	cl_run_release(&run);
	strbuf_release(&pol);
	strbuf_release(&yaml);
	return bytes;
}

static void test_rule_memory_is_released(void **state)
{
	(void)state;
	size_t small = bytes_for(50), large = bytes_for(200);
	/* linear in the input: 4 times the input, about 4 times the bytes
	 * (quadratic would be 16) */
	if (large > 6 * small)
		fail_msg("50 rules on 50 services: %zu bytes; 200 on 200: %zu (%.1f times)", small,
			 large, (double)large / (double)small);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nesting_is_bounded),
		cmocka_unit_test(test_long_chains_work),
		cmocka_unit_test(test_budget_stops_the_rule),
		cmocka_unit_test(test_budget_bounds_slow_matches),
		cmocka_unit_test(test_rule_memory_is_released),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
