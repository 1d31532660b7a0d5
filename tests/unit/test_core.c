/*
 * test_core.c - the rule state and cl_raise() (lint/core/): which origin
 * wins whatever the order of the writes, rules that policies define, and
 * the gating and severity every finding gets.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "core/finding.h"
#include "core/rule.h"
#include "core/rule_state.h"

static const struct cl_rule *row(enum cl_rule_index r)
{
	return &cl_rules[r];
}

static void test_defaults(void **state)
{
	(void)state;
	struct cl_rule_state s;
	cl_rule_state_init(&s);
	for (size_t r = 0; r < CL_RULE_COUNT; r++) {
		assert_true(cl_rule_on(&s, &cl_rules[r]));
		assert_int_equal(cl_rule_severity(&s, &cl_rules[r]), cl_rules[r].severity);
		assert_int_equal(cl_rule_setting(&s, &cl_rules[r])->on_from, CL_FROM_DEFAULT);
	}
	cl_rule_state_release(&s);
}

static void test_command_line_wins_whatever_the_order(void **state)
{
	(void)state;
	struct cl_rule_state s;
	cl_rule_state_init(&s);
	/* the command line is parsed before policies load ... */
	cl_rule_set_severity(&s, row(R_CL201), CL_NOTE, CL_FROM_CLI);
	cl_rule_enable(&s, row(R_CL202), 0, CL_FROM_CLI);
	cl_rule_set_severity(&s, row(R_CL201), CL_ERROR, CL_FROM_POLICY);
	cl_rule_enable(&s, row(R_CL202), 1, CL_FROM_POLICY);
	assert_int_equal(cl_rule_severity(&s, row(R_CL201)), CL_NOTE);
	assert_false(cl_rule_on(&s, row(R_CL202)));
	/* ... and a policy written first is still outranked */
	cl_rule_enable(&s, row(R_CL301), 0, CL_FROM_POLICY);
	cl_rule_enable(&s, row(R_CL301), 1, CL_FROM_CLI);
	assert_true(cl_rule_on(&s, row(R_CL301)));
	/* a later default never undoes a policy */
	cl_rule_set_severity(&s, row(R_CL401), CL_ERROR, CL_FROM_POLICY);
	cl_rule_set_severity(&s, row(R_CL401), CL_NOTE, CL_FROM_DEFAULT);
	assert_int_equal(cl_rule_severity(&s, row(R_CL401)), CL_ERROR);
	cl_rule_state_release(&s);
}

static void test_same_origin_last_wins(void **state)
{
	(void)state;
	struct cl_rule_state s;
	cl_rule_state_init(&s);
	cl_rule_enable(&s, row(R_CL202), 0, CL_FROM_POLICY);
	cl_rule_enable(&s, row(R_CL202), 1, CL_FROM_POLICY);
	assert_true(cl_rule_on(&s, row(R_CL202)));
	cl_rule_set_severity(&s, row(R_CL202), CL_ERROR, CL_FROM_CLI);
	cl_rule_set_severity(&s, row(R_CL202), CL_NOTE, CL_FROM_CLI);
	assert_int_equal(cl_rule_severity(&s, row(R_CL202)), CL_NOTE);
	cl_rule_state_release(&s);
}

static void test_policy_rules_have_state(void **state)
{
	(void)state;
	struct cl_rule_state s;
	cl_rule_state_init(&s);
	struct cl_rule own = { .id = "shop/digest", .name = "shop/digest", .severity = CL_WARNING,
			       .kind = CL_RULE_POLICY, .from_policy = 1 };
	struct cl_rule other = own;
	assert_null(cl_rule_setting(&s, &own));
	/* a rule the state does not hold reads as on at its row's severity */
	assert_true(cl_rule_on(&s, &own));
	assert_int_equal(cl_rule_severity(&s, &own), CL_WARNING);
	cl_rule_state_add(&s, &own);
	cl_rule_state_add(&s, &own);  /* once */
	cl_rule_state_add(&s, &other);
	assert_int_equal(s.n, CL_RULE_COUNT + 2);
	/* a copy of a held row (same slot, another rule) is not held */
	struct cl_rule twin = own;
	assert_non_null(cl_rule_setting(&s, &own));
	assert_null(cl_rule_setting(&s, &twin));
	cl_rule_set_severity(&s, &own, CL_ERROR, CL_FROM_CLI);
	cl_rule_enable(&s, &other, 0, CL_FROM_POLICY);
	assert_int_equal(cl_rule_severity(&s, &own), CL_ERROR);
	assert_true(cl_rule_on(&s, &own));
	assert_false(cl_rule_on(&s, &other));
	assert_int_equal(cl_rule_severity(&s, &other), CL_WARNING);
	cl_rule_state_release(&s);
}

static void test_raise_gates_and_grades(void **state)
{
	(void)state;
	struct cl_rule_state s;
	cl_rule_state_init(&s);
	cl_rule_enable(&s, row(R_CL008), 0, CL_FROM_CLI);
	cl_rule_set_severity(&s, row(R_CL001), CL_WARNING, CL_FROM_CLI);
	struct cl_findings out = { NULL, 0, 0 };
	struct cl_span at = { 0, { 4, 2, 3 }, { 9, 2, 8 } };
	struct cl_related rel[1] = { { { 0, { 0, 1, 1 }, { 3, 1, 4 } }, "first defined here" } };
	assert_null(cl_raise(&out, &s, row(R_CL008), &at, NULL, 0, NULL, "unused"));
	assert_int_equal(out.n, 0);
	struct cl_finding *f = cl_raise(&out, &s, row(R_CL001), &at, rel, 1, "web", "bad");
	assert_non_null(f);
	assert_int_equal(out.n, 1);
	assert_ptr_equal(f->rule, row(R_CL001));
	assert_int_equal(f->severity, CL_WARNING);
	assert_int_equal(f->at.start.line, 2);
	assert_string_equal(f->message, "bad");
	assert_string_equal(f->service, "web");
	assert_int_equal(f->nrelated, 1);
	assert_string_equal(f->related[0].message, "first defined here");
	assert_int_equal(f->suppressed, CL_SUPP_NONE);
	/* no state: every rule on at its default */
	f = cl_raise(&out, NULL, row(R_CL008), &at, NULL, 0, NULL, "unused");
	assert_non_null(f);
	assert_int_equal(f->severity, CL_NOTE);
	assert_null(f->related);
	cl_findings_release(&out);
	cl_rule_state_release(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_command_line_wins_whatever_the_order),
		cmocka_unit_test(test_same_origin_last_wins),
		cmocka_unit_test(test_policy_rules_have_state),
		cmocka_unit_test(test_raise_gates_and_grades),
	};
	return cmocka_run_group_tests_name("core", tests, NULL, NULL);
}
