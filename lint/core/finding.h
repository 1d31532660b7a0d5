/*
 * finding.h - what a lint run found, the only thing reporters receive.
 *
 * A finding names its rule, severity, message and the span of the value at
 * fault.  Related locations say how the value got there: the alias or merge
 * site inside the service that inherited it.  When several services inherit
 * one written value, the findings collapse into one at the written place,
 * with every use site as a related location (cl_findings_finish()).
 *
 * Findings are made by cl_raise() only, which asks the run's rule state
 * whether the rule is on and at which severity.
 *
 * Findings and their strings live in the run's arena; the array itself is
 * heap-grown and released by cl_findings_release().
 */
#ifndef CL_CORE_FINDING_H
#define CL_CORE_FINDING_H

#include <stddef.h>
#include <stdint.h>

#include "base/loc.h"
#include "core/rule.h"
#include "core/rule_state.h"

struct arena;

/* Why a finding does not count: kept, reported on request, never dropped. */
enum cl_suppression {
	CL_SUPP_NONE,
	CL_SUPP_INLINE,    /* a `# composelint: disable=...` comment in the linted file */
	CL_SUPP_POLICY,    /* an `allow` exception of a policy */
};

struct cl_finding {
	const struct cl_rule *rule;
	enum cl_severity severity;
	struct cl_span at;           /* invalid (line 0) for findings about a whole file */
	const char *message;
	const char *service;         /* the object's name: a service, or a network... (scope) */
	const char *scope;           /* "network", "volume"...; NULL means a service */
	const char *path;            /* model path, e.g. "services.web.image"; may be NULL */
	struct cl_related *related;
	uint32_t nrelated;
	enum cl_suppression suppressed;
	const char *suppress_reason; /* the justification written with it */
	struct cl_span suppress_at;  /* the comment or the `allow` that suppressed it */
};

struct cl_findings {
	struct cl_finding *v;
	size_t n, cap;
};

/*
 * cl_raise() - a finding of `rule` at `at`, about `object` (a service's or
 * other object's name, or NULL), saying `message`, with nrelated related
 * locations, appended to out.  The message and the related array are kept,
 * not copied: they must live as long as the findings (the run's arena).
 * The rule state decides: NULL when the rule is off, else the finding at the
 * severity in force (rules NULL: every rule on at its row's severity).
 */
struct cl_finding *cl_raise(struct cl_findings *out, const struct cl_rule_state *rules,
			    const struct cl_rule *rule, const struct cl_span *at,
			    struct cl_related *related, uint32_t nrelated, const char *object,
			    const char *message);

/* cl_findings_append() - a copy of a finding raised elsewhere (a filtered
 * list for printing). */
void cl_findings_append(struct cl_findings *f, const struct cl_finding *x);
void cl_findings_release(struct cl_findings *f);

/*
 * cl_findings_finish() - sort (file, line, column, rule, message) and merge
 * findings of the same rule, span and message, joining their related
 * locations.  Output order is then stable across runs.
 */
void cl_findings_finish(struct cl_findings *f, struct arena *a);

/* cl_findings_count() - unsuppressed findings of exactly severity s. */
size_t cl_findings_count(const struct cl_findings *f, enum cl_severity s);
/* cl_findings_suppressed() - how many findings are suppressed. */
size_t cl_findings_suppressed(const struct cl_findings *f);

#endif
