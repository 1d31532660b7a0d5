/*
 * position.h - where a compose value was written, and how it got here.
 *
 * A struct cl_val is a position with its chain: the YAML node of the value
 * (never an alias), the key it was written under, and the links (aliases,
 * merge keys, extends, include, variables) that brought it from where it
 * is written to where it is used.  The normalized document (value.h) gives
 * one to every value, so a finding on any value points at the text a
 * person wrote and at each step between.
 *
 * Chains built here live in the arena passed in.
 */
#ifndef CL_COMPOSE_POSITION_H
#define CL_COMPOSE_POSITION_H

#include <stdint.h>

#include "yaml/tree.h"

struct arena;

/* A value and where it came from.  node == NULL: nowhere (absent, or
 * synthesized by normalization). */
struct cl_val {
	const struct ynode *node;  /* never an alias */
	const struct yvia *via;    /* alias/merge sites between the value and its use */
	const struct ynode *key;   /* the key written for it, when it came from a mapping */
};

/* cl_str() - the scalar text of a value, or NULL when absent, empty
 * (`key:`) or not a scalar. */
const char *cl_str(const struct cl_val *v);

/* cl_val_entry() - an entry of a mapping as a value; its chain continues with
 * the parent's (a service reached through an alias, say).  parent may be NULL. */
struct cl_val cl_val_entry(struct arena *a, const struct cl_val *parent, const struct yentry *e);

/* cl_val_item() - item i of a sequence value, following an alias item. */
struct cl_val cl_val_item(struct arena *a, const struct cl_val *seq, uint32_t i);

#endif
