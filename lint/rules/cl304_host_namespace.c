/*
 * CL304 host-namespace: network_mode, pid, ipc, uts or userns_mode set to
 * "host" removes the isolation between the container and the host: it sees
 * host processes, shared memory or every network interface.
 */
#include "rules/check.h"

#include <stddef.h>

void cl_check_host_namespace(struct cl_ctx *ctx, const struct cl_project *p)
{
	static const struct {
		const char *key, *what;
		size_t off;
	} ns[] = {
		{ "network_mode", "network", offsetof(struct cl_service, network_mode) },
		{ "pid", "process (PID)", offsetof(struct cl_service, pid) },
		{ "ipc", "IPC", offsetof(struct cl_service, ipc) },
		{ "uts", "UTS (hostname)", offsetof(struct cl_service, uts) },
		{ "userns_mode", "user", offsetof(struct cl_service, userns_mode) },
	};
	CL_FOR_EACH_SERVICE(p, s) {
		for (size_t i = 0; i < sizeof ns / sizeof *ns; i++) {
			const struct cl_val *v = (const struct cl_val *)((const char *)s + ns[i].off);
			if (cl_str_ieq(v, "host"))
				cl_report(ctx, R_CL304, s, v, "%s: host shares the host's %s namespace",
					  ns[i].key, ns[i].what);
		}
	}
}
