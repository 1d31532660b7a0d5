/* problem.c - the compose layer's problem list (see problem.h). */
#include "compose/problem.h"
#include "base/arena.h"

#include <string.h>

struct cl_problem *cl_problem_add(struct arena *a, struct cl_problems *l,
				  enum cl_problem_kind kind, const struct cl_span *at,
				  const char *msg)
{
	if (l->n == l->cap) {
		uint32_t cap = l->cap ? l->cap * 2 : 8;
		l->v = arena_grow(a, l->v, l->cap * sizeof *l->v, cap * sizeof *l->v);
		l->cap = cap;
	}
	struct cl_problem *p = &l->v[l->n++];
	memset(p, 0, sizeof *p);
	p->kind = kind;
	p->at = *at;
	p->msg = msg;
	return p;
}
