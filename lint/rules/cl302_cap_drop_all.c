/*
 * CL302 cap-drop-all: the default capability set includes CHOWN, SETUID,
 * NET_RAW and others most services never need.  Dropping ALL and adding
 * back the few needed keeps the container's powers explicit.
 */
#include "rules/check.h"

void cl_check_cap_drop_all(struct cl_ctx *ctx, const struct cl_project *p)
{
	CL_FOR_EACH_SERVICE(p, s) {
		const struct cl_strlist *l = &s->cap_drop;
		int all = 0;
		for (uint32_t i = 0; i < l->n && !all; i++)
			all = cl_str_ieq(&l->items[i], "ALL");
		if (all)
			continue;
		if (l->node.node)
			cl_report(ctx, R_CL302, s, &l->node, "cap_drop does not contain 'ALL'");
		else
			cl_report(ctx, R_CL302, s, NULL,
				  "service '%s' keeps the default capabilities: cap_drop: [ALL] is missing",
				  s->name);
	}
}
