/*
 * helpers.c - the shared unit-test helpers (see helpers.h).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "helpers.h"

#include "compose/problem.h"
#include "compose/substitute.h"

void t_yaml_load(struct arena *a, uint32_t file, const char *text, size_t len, struct yload *out)
{
	static const struct ylimits lim = YLIMITS_DEFAULT;
	int rc = yaml_load(a, file, text, len, &lim, out);
	for (uint32_t i = 0; i < out->problems.n; i++)
		print_error("unexpected YAML problem %u:%u %s\n", out->problems.v[i].at.start.line,
			    out->problems.v[i].at.start.col, out->problems.v[i].msg);
	assert_int_equal(rc, 0);
	assert_int_equal(out->problems.n, 0);
}

const struct ynode *t_yaml(struct arena *a, uint32_t file, const char *text, size_t len)
{
	struct yload ld;
	t_yaml_load(a, file, text, len, &ld);
	assert_true(ld.ndocs <= 1);
	return ld.ndocs ? ld.docs[0] : NULL;
}

const struct cv *t_normalize(struct arena *a, uint32_t file, const char *text, size_t len,
			     uint32_t *nproblems)
{
	struct cl_diags problems;
	cl_diags_init(&problems, a);
	const struct ynode *root = compose_substitute(a, t_yaml(a, file, text, len), NULL, &problems);
	if (nproblems) {
		*nproblems = problems.n;
	} else {
		for (uint32_t i = 0; i < problems.n; i++)
			print_error("unexpected interpolation problem %u:%u %s\n", problems.v[i].at.start.line,
				    problems.v[i].at.start.col, problems.v[i].msg);
		assert_int_equal(problems.n, 0);
	}
	int truncated = 1;
	const struct cv *doc = compose_normalize(a, root, &truncated);
	assert_false(truncated);
	return doc;
}

void t_print_policy_errors(const struct pol_set *ps)
{
	for (uint32_t i = 0; i < ps->errors.n; i++)
		print_error("  policy error %u: %u:%u: %s\n", i, ps->errors.v[i].at.start.line,
			    ps->errors.v[i].at.start.col, ps->errors.v[i].msg);
}
