/*
 * CL501 duplicate-host-port: two services that publish the same host port
 * (same protocol, overlapping host addresses) cannot both start; the second
 * fails with "port is already allocated".  Reported at the later port, with
 * the earliest port it clashes with as a related location.
 *
 * Ports are sorted by protocol and first port, so only ranges that really
 * overlap are compared: a stack with thousands of ports stays linear.
 */
#include "rules/context.h"
#include "base/arena.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct pub {
	const struct cl_service *svc;
	const struct cl_port *port;
	uint32_t order;        /* position in the file: services, then ports */
	uint32_t first;        /* order of the earliest clashing port, or UINT32_MAX */
};

static int any_addr(const char *ip)
{
	return !ip || !*ip || !strcmp(ip, "0.0.0.0") || !strcmp(ip, "::");
}

static int ips_overlap(const char *a, const char *b)
{
	return any_addr(a) || any_addr(b) || !strcmp(a, b);
}

static int pub_cmp(const void *pa, const void *pb)
{
	const struct pub *a = pa, *b = pb;
	int c = strcasecmp(a->port->protocol, b->port->protocol);
	if (c)
		return c;
	if (a->port->published_lo != b->port->published_lo)
		return a->port->published_lo < b->port->published_lo ? -1 : 1;
	return (a->order > b->order) - (a->order < b->order);
}

void cl_check_duplicate_host_port(struct cl_ctx *ctx, const struct cl_project *p)
{
	uint32_t n = 0;
	CL_FOR_EACH_SERVICE(p, s)
		n += s->nports;
	if (n < 2)
		return;
	struct pub *v = xmalloc(n * sizeof *v);
	uint32_t k = 0;
	CL_FOR_EACH_SERVICE(p, s) {
		for (uint32_t i = 0; i < s->nports; i++) {
			const struct cl_port *pt = &s->ports[i];
			if (!pt->valid || !pt->published_lo)
				continue;
			v[k].svc = s;
			v[k].port = pt;
			v[k].order = k;
			v[k].first = UINT32_MAX;
			k++;
		}
	}
	/* by-order lookup survives the sort */
	struct pub **by_order = xmalloc((k ? k : 1) * sizeof *by_order);
	qsort(v, k, sizeof *v, pub_cmp);
	for (uint32_t i = 0; i < k; i++)
		by_order[v[i].order] = &v[i];
	for (uint32_t i = 0; i < k; i++) {
		const struct cl_port *a = v[i].port;
		for (uint32_t j = i + 1; j < k; j++) {
			const struct cl_port *b = v[j].port;
			if (strcasecmp(a->protocol, b->protocol) || b->published_lo > a->published_hi)
				break;
			if (!ips_overlap(a->host_ip, b->host_ip))
				continue;
			struct pub *later = v[i].order > v[j].order ? &v[i] : &v[j];
			uint32_t earlier = v[i].order > v[j].order ? v[j].order : v[i].order;
			if (earlier < later->first)
				later->first = earlier;
		}
	}
	for (uint32_t o = 0; o < k; o++) {
		const struct pub *x = by_order[o];
		if (x->first == UINT32_MAX)
			continue;
		const struct pub *y = by_order[x->first];
		uint32_t lo = x->port->published_lo > y->port->published_lo ?
			      x->port->published_lo : y->port->published_lo;
		struct cl_finding *f = cl_raise_at(ctx, R_CL501, x->svc->name, &x->port->published_at,
			"host port %u/%s is already published by service '%s'", lo,
			x->port->protocol, y->svc->name);
		cl_relate(ctx, f, &y->port->published_at, "first published here");
	}
	free(by_order);
	free(v);
}
