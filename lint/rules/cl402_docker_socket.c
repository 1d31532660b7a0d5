/*
 * CL402 docker-socket: whoever can talk to the Docker socket controls the
 * host (start a privileged container, mount /).  Mounting it read-only does
 * not help: the API is still fully usable.
 */
#include "rules/check.h"

#include <string.h>

static int is_docker_socket(const char *src)
{
	static const char sock[] = "docker.sock";
	size_t n = strlen(src), k = sizeof sock - 1;
	if (n >= k && !strcmp(src + n - k, sock) && (n == k || src[n - k - 1] == '/'))
		return 1;
	return strstr(src, "docker_engine") != NULL;  /* Windows named pipe */
}

void cl_check_docker_socket(struct cl_ctx *ctx, const struct cl_project *p)
{
	CL_FOR_EACH_SERVICE(p, s) {
		for (uint32_t i = 0; i < s->nvolumes; i++) {
			const struct cl_mount *m = &s->volumes[i];
			if (m->source && m->type != CL_MOUNT_VOLUME && is_docker_socket(m->source))
				cl_report(ctx, R_CL402, s, &m->source_at,
					  "the Docker socket '%s' is mounted into the container",
					  m->source);
		}
	}
}
