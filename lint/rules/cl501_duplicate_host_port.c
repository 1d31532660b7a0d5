/*
 * CL501 duplicate-host-port: two services that publish the same host port
 * (same protocol, overlapping host addresses) cannot both start; the second
 * fails with "port is already allocated".  Reported at the later port, with
 * the earlier one as a related location.
 */
#include "rules/check.h"

#include <string.h>

static int any_addr(const char *ip)
{
	return !ip || !*ip || !strcmp(ip, "0.0.0.0") || !strcmp(ip, "::");
}

static int ips_overlap(const char *a, const char *b)
{
	return any_addr(a) || any_addr(b) || !strcmp(a, b);
}

void cl_check_duplicate_host_port(struct cl_ctx *ctx, const struct cl_project *p)
{
	for (uint32_t si = 0; si < p->nservices; si++) {
		const struct cl_service *s = &p->services[si];
		for (uint32_t pi = 0; pi < s->nports; pi++) {
			const struct cl_port *a = &s->ports[pi];
			if (!a->valid || !a->published_lo)
				continue;
			/* the first earlier port (in file order) that clashes */
			const struct cl_service *os = NULL;
			const struct cl_port *b = NULL;
			for (uint32_t sj = 0; sj <= si && !b; sj++) {
				const struct cl_service *t = &p->services[sj];
				uint32_t lim = sj == si ? pi : t->nports;
				for (uint32_t pj = 0; pj < lim && !b; pj++) {
					const struct cl_port *c = &t->ports[pj];
					if (c->valid && c->published_lo &&
					    c->published_lo <= a->published_hi &&
					    a->published_lo <= c->published_hi &&
					    !strcmp(c->protocol, a->protocol) &&
					    ips_overlap(c->host_ip, a->host_ip)) {
						b = c;
						os = t;
					}
				}
			}
			if (!b)
				continue;
			uint32_t port = a->published_lo > b->published_lo ? a->published_lo : b->published_lo;
			struct cl_finding *f = cl_report(ctx, R_CL501, s, &a->published_at,
				"host port %u/%s is already published by service '%s'", port,
				a->protocol, os->name);
			cl_add_related(ctx, f, &b->published_at, "first published here");
		}
	}
}
