/*
 * check.h - what a built-in rule's check function sees and may do.
 *
 * A check reads the normalized compose document (compose/value.h) and
 * calls cl_report() for each problem; it never prints.  It may look at the
 * whole project but reports on the value at fault: the offending scalar or
 * list item, or, when a key is absent, the object's own key.
 */
#ifndef CL_RULES_CHECK_H
#define CL_RULES_CHECK_H

#include "compose/position.h"
#include "engine/finding.h"
#include "rules/registry.h"

struct arena;

struct cl_ctx {
	struct arena *a;
	struct cl_findings *out;
	uint32_t file;                     /* the main file: findings with no position go there */
	const enum cl_severity *severity;  /* per-rule severity in force, indexed by R_* */
};

/*
 * cl_report() - a finding of rule r at value `at` about `object` (a
 * service's or other object's name, or NULL).  An absent value (at == NULL
 * or at->node == NULL) is reported at its key, or else at `fallback` (the
 * object's key).  The alias/merge chain of `at` becomes related locations.
 */
struct cl_finding *cl_report(struct cl_ctx *ctx, enum cl_rule_index r, const char *object,
			     const struct cl_span *fallback, const struct cl_val *at,
			     const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

/*
 * cl_emit() - the general form behind cl_report(), for any rule (built-in or
 * from a policy): a finding at `at`, else at `fallback`, about `object`
 * (a service's or other object's name, or NULL).
 */
struct cl_finding *cl_emit(struct cl_ctx *ctx, const struct cl_rule *rule, enum cl_severity sev,
			   const char *object, const struct cl_val *at,
			   const struct cl_span *fallback, const char *message);

/* cl_add_related() - one more related location (e.g. the other service of a clash). */
void cl_add_related(struct cl_ctx *ctx, struct cl_finding *f, const struct cl_val *at,
		    const char *msg);

#endif
