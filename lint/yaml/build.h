/*
 * build.h - YAML nodes made after loading.
 *
 * The compose layer derives new trees from loaded ones: interpolation
 * replaces scalars, merging several files makes mappings and sequences
 * whose parts were written in different places.  A derived node keeps the
 * span of the node it stands for, so positions still name the text a person
 * wrote; a derived collection's entries (and, for sequences, items) carry
 * the chain that brought each part in.
 *
 * Derived collections have no `pairs` (nothing was written as them): only
 * the effective entries.  Everything lives in the arena given.
 */
#ifndef CL_YAML_BUILD_H
#define CL_YAML_BUILD_H

#include <stdint.h>

#include "yaml/tree.h"

struct arena;

/* A growable list of map entries or sequence items under construction. */
struct ybuild {
	struct yentry *entries;  /* maps */
	const struct ynode **items;  /* sequences */
	const struct yvia **vias;    /* sequences: per item, NULL when written in place */
	uint32_t n, cap;
	int any_via;
};

void yb_entry(struct arena *a, struct ybuild *b, const struct ynode *key,
	      const struct ynode *value, const struct yvia *via);
void yb_item(struct arena *a, struct ybuild *b, const struct ynode *item, const struct yvia *via);

/* yb_map(), yb_seq() - a new collection standing at `like`'s place (span,
 * style, tag and anchor), holding what b collected. */
const struct ynode *yb_map(struct arena *a, const struct ynode *like, const struct ybuild *b);
const struct ynode *yb_seq(struct arena *a, const struct ynode *like, const struct ybuild *b);

/* yb_replace() - map with the value of its entry `which` replaced (the
 * entry keeps its key and chain). */
const struct ynode *yb_replace(struct arena *a, const struct ynode *map,
			       const struct yentry *which, const struct ynode *value);

/* y_scalar_like() - a scalar with text s[0..len) standing at `like`'s place. */
struct ynode *y_scalar_like(struct arena *a, const struct ynode *like, const char *s, size_t len);

/* y_variable_link() - a YV_VARIABLE link in front of next: variable `name`
 * (copied) defined at `at`. */
struct yvia *y_variable_link(struct arena *a, const char *name, const struct cl_span *at,
			     const struct yvia *next);

/* y_null_at() - an empty (null) scalar at span `at`. */
const struct ynode *y_null_at(struct arena *a, const struct cl_span *at);

/* y_seq_item_via() - the chain of item i of a (possibly derived) sequence. */
static inline const struct yvia *y_seq_item_via(const struct ynode *seq, uint32_t i)
{
	return seq->seq.vias ? seq->seq.vias[i] : NULL;
}

#endif
