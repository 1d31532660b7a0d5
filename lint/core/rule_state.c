/* rule_state.c - rules on or off and their severities, by origin (see rule_state.h). */
#include "core/rule_state.h"
#include "base/arena.h"
#include "base/vec.h"

#include <stdlib.h>
#include <string.h>

static void push(struct cl_rule_state *s, const struct cl_rule *r)
{
	*VEC_PUSH(s->v, s->n, s->cap) =
		(struct cl_rule_setting){ r, 1, r->severity, CL_FROM_DEFAULT, CL_FROM_DEFAULT };
}

void cl_rule_state_init(struct cl_rule_state *s)
{
	memset(s, 0, sizeof *s);
	for (size_t i = 0; i < CL_RULE_COUNT; i++)
		push(s, &cl_rules[i]);
}

void cl_rule_state_release(struct cl_rule_state *s)
{
	xfree(s->v);
	memset(s, 0, sizeof *s);
}

static struct cl_rule_setting *find(const struct cl_rule_state *s, const struct cl_rule *r)
{
	if (!s || !r)
		return NULL;
	/* a registry row is an element of cl_rules, and sits at its index */
	if (!r->from_policy)
		return (size_t)(r - cl_rules) < s->n ? &s->v[r - cl_rules] : NULL;
	uint32_t i = r->state_slot;
	return i > CL_RULE_COUNT && i - 1 < s->n && s->v[i - 1].rule == r ? &s->v[i - 1] : NULL;
}

void cl_rule_state_add(struct cl_rule_state *s, struct cl_rule *r)
{
	if (find(s, r))
		return;
	push(s, r);
	r->state_slot = s->n;
}

void cl_rule_enable(struct cl_rule_state *s, const struct cl_rule *r, int on, enum cl_origin from)
{
	struct cl_rule_setting *x = find(s, r);
	if (x && from >= x->on_from) {
		x->on = on;
		x->on_from = from;
	}
}

void cl_rule_set_severity(struct cl_rule_state *s, const struct cl_rule *r, enum cl_severity sev,
			  enum cl_origin from)
{
	struct cl_rule_setting *x = find(s, r);
	if (x && from >= x->severity_from) {
		x->severity = sev;
		x->severity_from = from;
	}
}

const struct cl_rule_setting *cl_rule_setting(const struct cl_rule_state *s,
					      const struct cl_rule *r)
{
	return find(s, r);
}

int cl_rule_on(const struct cl_rule_state *s, const struct cl_rule *r)
{
	const struct cl_rule_setting *x = find(s, r);
	return x ? x->on : 1;
}

enum cl_severity cl_rule_severity(const struct cl_rule_state *s, const struct cl_rule *r)
{
	const struct cl_rule_setting *x = find(s, r);
	return x ? x->severity : r->severity;
}
