/*
 * rule_state.h - whether each rule is on, and at which severity, in a run.
 *
 * The one home of rule state.  Three origins set it, and the stronger one
 * wins whatever the order of the writes: the command line (--disable,
 * --severity) over the policies (`configure`, `disable`, which built-in
 * rules a --policy file includes) over the built-in default (every rule
 * on, at its row's severity).  Among writes of one origin the last wins.
 * The options and the policy set write it; the engine, the rules, the
 * policies and cl_raise() read it.
 *
 * The registry's rules are in it from cl_rule_state_init(); a rule that a
 * policy defines joins with cl_rule_state_add().  A rule it does not hold
 * reads as on, at its row's severity.
 *
 * The state is owned by the run (struct cl_run); the array is heap-grown
 * and released by cl_rule_state_release().
 */
#ifndef CL_CORE_RULE_STATE_H
#define CL_CORE_RULE_STATE_H

#include <stdint.h>

#include "core/rule.h"

/* Who set a value, weakest first. */
enum cl_origin { CL_FROM_DEFAULT, CL_FROM_POLICY, CL_FROM_CLI };

struct cl_rule_setting {
	const struct cl_rule *rule;
	int on;
	enum cl_severity severity;
	enum cl_origin on_from, severity_from;
};

struct cl_rule_state {
	/* [0, CL_RULE_COUNT): the registry's rules by R_* index; then the
	 * rules policies define, in the order they joined */
	struct cl_rule_setting *v;
	uint32_t n, cap;
};

/* cl_rule_state_init() - every registry rule on at its default severity. */
void cl_rule_state_init(struct cl_rule_state *s);
void cl_rule_state_release(struct cl_rule_state *s);

/* cl_rule_state_add() - a rule a policy defines, on at its row's severity
 * (nothing when s holds it already); records its place in r->state_slot. */
void cl_rule_state_add(struct cl_rule_state *s, struct cl_rule *r);

/* cl_rule_enable(), cl_rule_set_severity() - set a value from `from`; a
 * value set by a stronger origin stays.  r must be held by s. */
void cl_rule_enable(struct cl_rule_state *s, const struct cl_rule *r, int on, enum cl_origin from);
void cl_rule_set_severity(struct cl_rule_state *s, const struct cl_rule *r, enum cl_severity sev,
			  enum cl_origin from);

/* cl_rule_setting() - r's setting, or NULL when s does not hold r (or s is NULL). */
const struct cl_rule_setting *cl_rule_setting(const struct cl_rule_state *s,
					      const struct cl_rule *r);
int cl_rule_on(const struct cl_rule_state *s, const struct cl_rule *r);
enum cl_severity cl_rule_severity(const struct cl_rule_state *s, const struct cl_rule *r);

#endif
