/*
 * context.h - what a built-in rule written in C sees and may do.
 *
 * Most built-in rules are written in the policy language
 * (policies/builtin/); C is for what the language cannot express.  A C rule
 * reads its context (never prints) and raises a finding with cl_raise_at()
 * for each problem, at the value at fault: the offending scalar or list
 * item, or, when a key is absent, the object's own key.  Its function is
 * named on its RULE() line of core/rules.def (rules/table.c expands them).
 */
#ifndef CL_RULES_CONTEXT_H
#define CL_RULES_CONTEXT_H

#include "compose/position.h"
#include "compose/value.h"
#include "core/finding.h"
#include "core/rule.h"
#include "core/rule_state.h"
#include "yaml/tree.h"

struct arena;
struct cl_ctx;

/* A rule written in C: RULE() lines of core/rules.def name one. */
typedef void cl_rule_fn(struct cl_ctx *ctx, const struct cv *doc);

#define RULE(id, name, sev, cat, fn, summary, hint) cl_rule_fn fn;
#define INPUT_RULE(id, name, sev, cat, summary, hint)
#define POLICY_RULE(id, name, sev, cat, summary, hint)
#include "core/rules.def"
#undef RULE
#undef INPUT_RULE
#undef POLICY_RULE

/* The C function of each RULE() line by R_* index; NULL for other rules. */
extern cl_rule_fn *const cl_rule_fns[CL_RULE_COUNT];

/* A compose file of the project as written (read-only). */
struct cl_yaml_file {
	uint32_t file;                  /* its index in the run's file table */
	const struct ynode *root;       /* its YAML tree, positions included */
};

/*
 * What a rule reads: the project as compose sees it (the normalized
 * document, compose/value.h), and for rules
 * about YAML itself (anchors, merge keys, quoting, key order) the YAML tree
 * of each of the project's compose files, not a second model of compose.
 * All of it is owned by the run's arena and read-only.
 */
struct cl_ctx {
	struct arena *a;
	struct cl_findings *out;
	const struct cl_rule_state *rules;
	const struct cv *doc;           /* the normalized document (compose/value.h) */
	const struct cl_yaml_file *yaml;
	uint32_t nyaml;
	uint32_t file;                  /* the project's main file */
};

/*
 * cl_raise_at() - a finding of rule r at value `at` (its alias, merge,
 * extends and variable links become related locations; absent: at its key,
 * else at the project's file) about `object` (a service's name, or NULL).
 * NULL when the rule is off.
 */
struct cl_finding *cl_raise_at(struct cl_ctx *ctx, enum cl_rule_index r, const char *object,
			       const struct cl_val *at, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

/* cl_relate() - one more related location of f (e.g. the other service of a
 * clash); nothing when f is NULL or `at` is absent. */
void cl_relate(struct cl_ctx *ctx, struct cl_finding *f, const struct cl_val *at, const char *msg);

#endif
