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
#include "compose/ports.h"
#include "compose/value.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct pub {
	const struct cv_entry *svc;      /* the service: name and key */
	struct cl_port port;
	const struct cl_val *published;  /* where the host port is written */
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
	int c = strcasecmp(a->port.protocol, b->port.protocol);
	if (c)
		return c;
	if (a->port.published_lo != b->port.published_lo)
		return a->port.published_lo < b->port.published_lo ? -1 : 1;
	return (a->order > b->order) - (a->order < b->order);
}

/* The ports list of a service, or NULL. */
static const struct cv *ports_of(const struct cv_entry *svc)
{
	const struct cv *ports = cv_get(svc->value, "ports");
	return ports && ports->kind == CV_LIST ? ports : NULL;
}

void cl_check_duplicate_host_port(struct cl_ctx *ctx, const struct cv *doc)
{
	const struct cv *svcs = cv_get(doc, "services");
	uint32_t n = 0;
	for (uint32_t i = 0; svcs && i < svcs->n; i++) {
		const struct cv *ports = ports_of(&svcs->items[i]);
		n += ports ? ports->n : 0;
	}
	if (n < 2)
		return;
	struct pub *v = xmalloc(n * sizeof *v);
	uint32_t k = 0;
	for (uint32_t i = 0; i < svcs->n; i++) {
		const struct cv *ports = ports_of(&svcs->items[i]);
		for (uint32_t j = 0; ports && j < ports->n; j++) {
			const struct cv *item = ports->items[j].value;
			if (cl_port_read(item, &v[k].port) || !v[k].port.published_lo)
				continue;
			v[k].svc = &svcs->items[i];
			v[k].published = &cv_get(item, "published")->at;
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
		const struct cl_port *a = &v[i].port;
		for (uint32_t j = i + 1; j < k; j++) {
			const struct cl_port *b = &v[j].port;
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
		uint32_t lo = x->port.published_lo > y->port.published_lo ?
			      x->port.published_lo : y->port.published_lo;
		struct cl_finding *f = cl_raise_at(ctx, R_CL501, x->svc->key, x->published,
			"host port %u/%s is already published by service '%s'", lo,
			x->port.protocol, y->svc->key);
		cl_relate(ctx, f, y->published, "first published here");
	}
	xfree(by_order);
	xfree(v);
}
