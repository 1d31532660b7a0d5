/*
 * CL401 read-only-rootfs: a writable root filesystem lets an intruder
 * change binaries and configuration inside the container.  Writable paths
 * belong in volumes or tmpfs mounts.
 */
#include "rules/check.h"

void cl_check_read_only_rootfs(struct cl_ctx *ctx, const struct cl_project *p)
{
	CL_FOR_EACH_SERVICE(p, s) {
		const struct ynode *n = s->read_only.node;
		int ro;
		if (!n || y_is_null(n))
			cl_report(ctx, R_CL401, s, NULL,
				  "service '%s' has a writable root filesystem: read_only: true is missing",
				  s->name);
		else if (y_bool(n, &ro) && !ro)
			cl_report(ctx, R_CL401, s, &s->read_only, "read_only is false");
		/* anything else is either true, interpolated, or a type error for CL003 */
	}
}
