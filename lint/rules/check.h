/*
 * check.h - what a built-in rule's check function sees and may do.
 *
 * A check reads the compose model (never YAML) and calls cl_report() for
 * each problem; it never prints.  It may look at the whole project but
 * reports on the value at fault: the offending scalar or list item, or,
 * when a key is absent, the service's own key.
 */
#ifndef CL_RULES_CHECK_H
#define CL_RULES_CHECK_H

#include "compose/model.h"
#include "core/finding.h"
#include "core/rule.h"
#include "core/rule_state.h"

struct arena;
struct cl_ctx;

/* A rule written in C: RULE() lines of core/rules.def name one. */
typedef void cl_rule_fn(struct cl_ctx *ctx, const struct cl_project *p);

#define RULE(id, name, sev, cat, fn, summary, hint) cl_rule_fn fn;
#define INPUT_RULE(id, name, sev, cat, summary, hint)
#define POLICY_RULE(id, name, sev, cat, summary, hint)
#include "core/rules.def"
#undef RULE
#undef INPUT_RULE
#undef POLICY_RULE

/* The C function of each RULE() line by R_* index; NULL for other rules. */
extern cl_rule_fn *const cl_rule_fns[CL_RULE_COUNT];

struct cl_ctx {
	struct arena *a;
	struct cl_findings *out;
	const struct cl_project *project;
	const struct cl_rule_state *rules;
};

/*
 * cl_report() - a finding of rule r at value `at` of service svc (either may
 * be NULL).  An absent value (at == NULL or at->node == NULL) is reported at
 * svc's key.  The alias/merge chain of `at` becomes related locations.
 */
struct cl_finding *cl_report(struct cl_ctx *ctx, enum cl_rule_index r,
			     const struct cl_service *svc, const struct cl_val *at,
			     const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

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

/* The value's text equals s, ignoring ASCII case. */
int cl_str_ieq(const struct cl_val *v, const char *s);

/* Iterate a project's services. */
/* (no arithmetic on a NULL services array: UB even when adding 0) */
#define CL_FOR_EACH_SERVICE(p, s) \
	for (const struct cl_service *s = (p)->services; \
	     (p)->nservices && s < (p)->services + (p)->nservices; s++)

#endif
