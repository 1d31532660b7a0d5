/*
 * values.h - what an operand stands for while a policy rule runs.
 *
 * An operand stands for a list of values: the values a path selects in the
 * normalized document (several for a wildcard), a key or a name, a
 * constant, or what a function made of its arguments.  Each value keeps
 * where it was written, so a finding lands on it, and the path that
 * reached it, for {path}.  eval.c makes and compares them; the evaluators
 * of functions.c transform them.  Everything lives in the arena given
 * (eval.c: the rule's scratch arena, freed after the rule).
 */
#ifndef CL_POLICY_VALUES_H
#define CL_POLICY_VALUES_H

#include <stdint.h>

#include "compose/value.h"

struct arena;

struct pv {
	const struct cv *cv;        /* NULL for text-only values: keys, names, constants */
	const char *text;           /* scalar text; NULL for lists and maps */
	struct cl_val at;           /* where it was written; at.node NULL when nowhere */
	int unknown;                /* known only after interpolation */
	const char *path;           /* "ports[1].published", for {path} */
	const char *key;            /* map children: their key */
	struct cl_val key_at;
	const char **bn, **bv;      /* bindings made by regex steps on the way */
	uint32_t nb;
	int fanned;                 /* reached through a step that can match several items */
	int missing;                /* stands for an item that lacks the rest of the path */
};

struct pvals {
	struct pv *v;
	uint32_t n, cap;
	int multi;                  /* stands for several matches: a wildcard path, keys() */
};

void pvals_add(struct arena *a, struct pvals *s, const struct pv *v);

/* A value of the document (its text only when it is a scalar). */
struct pv pv_of_cv(const struct cv *cv, const char *path);
/* A value with text and nothing else: no position, no path. */
struct pv pv_text(const char *text);

/* The {path} of a child: "ports[1]", "labels.app", "labels[\"traefik.enable\"]". */
const char *pv_path_key(struct arena *a, const char *base, const char *key);
const char *pv_path_index(struct arena *a, const char *base, uint32_t index);

#endif
