/*
 * registry.h - the table of built-in rules (built from rules.def).
 *
 * The registry is the one place a rule's id, name, default severity and
 * texts live; reporters and the CLI read it, rules refer to their own row by
 * its enum constant (R_CL201).
 */
#ifndef CL_RULES_REGISTRY_H
#define CL_RULES_REGISTRY_H

#include <stddef.h>

enum cl_severity { CL_NOTE = 1, CL_WARNING = 2, CL_ERROR = 3 };

struct cl_ctx;
struct cv;
/* A C check: reads the normalized document of one project (compose/value.h). */
typedef void cl_check_fn(struct cl_ctx *ctx, const struct cv *doc);

/* Where a rule's check lives. */
enum cl_rule_kind {
	CL_RULE_INPUT,    /* raised while loading input (CL0xx); always on */
	CL_RULE_C,        /* a C check function */
	CL_RULE_POLICY,   /* a rule of the embedded built-in policies, or of a user policy */
};

struct cl_rule {
	const char *id;          /* "CL201" */
	const char *name;        /* "image-not-pinned" */
	enum cl_severity severity;
	const char *category;
	cl_check_fn *check;      /* CL_RULE_C only */
	enum cl_rule_kind kind;
	const char *summary;
	const char *hint;
	/* rules defined by a policy file (the registry's rows leave these 0) */
	int from_policy;
	const char *url;         /* the policy's help URL, or NULL */
	const char **tags;
	unsigned ntags;
};

#define RULE(id, name, sev, cat, fn, summary, hint) R_##id,
#define INPUT_RULE(id, name, sev, cat, summary, hint) R_##id,
#define POLICY_RULE(id, name, sev, cat, summary, hint) R_##id,
enum cl_rule_index {
#include "rules/rules.def"
	CL_RULE_COUNT
};
#undef RULE
#undef INPUT_RULE
#undef POLICY_RULE

#define RULE(id, name, sev, cat, fn, summary, hint) cl_check_fn fn;
#define INPUT_RULE(id, name, sev, cat, summary, hint)
#define POLICY_RULE(id, name, sev, cat, summary, hint)
#include "rules/rules.def"
#undef RULE
#undef INPUT_RULE
#undef POLICY_RULE

extern const struct cl_rule cl_rules[CL_RULE_COUNT];

/* cl_rule_find() - by id ("CL201") or name ("image-not-pinned"), case-insensitive id. */
const struct cl_rule *cl_rule_find(const char *id_or_name);

const char *cl_severity_name(enum cl_severity s);
/* cl_severity_parse() - "error", "warning", "note"; -1 when unknown. */
int cl_severity_parse(const char *s);

#endif
