/* table.c - the C function of each RULE() line of core/rules.def (see context.h). */
#include "rules/context.h"

cl_rule_fn *const cl_rule_fns[CL_RULE_COUNT] = {
#define RULE(id, name, sev, cat, fn, summary, hint) [R_##id] = fn,
#define INPUT_RULE(id, name, sev, cat, summary, hint)
#define POLICY_RULE(id, name, sev, cat, summary, hint)
#include "core/rules.def"
#undef RULE
#undef INPUT_RULE
#undef POLICY_RULE
};
