/*
 * CL301 privileged: a privileged container has every capability and every
 * host device; escaping it to the host is trivial.
 */
#include "rules/check.h"

void cl_check_privileged(struct cl_ctx *ctx, const struct cl_project *p)
{
	CL_FOR_EACH_SERVICE(p, s) {
		int on;
		if (s->privileged.node && y_bool(s->privileged.node, &on) && on)
			cl_report(ctx, R_CL301, s, &s->privileged,
				  "privileged: true gives the container every capability and host device");
	}
}
