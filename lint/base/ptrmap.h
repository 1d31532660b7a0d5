/*
 * ptrmap.h - a map from pointers to pointers (memo tables: an anchored
 * node to what it was turned into, so that a node reached through many
 * aliases is worked on once).  Keys are never NULL.  The table is malloc'd
 * (it lives for one walk); release it with ptrmap_release().
 */
#ifndef CL_BASE_PTRMAP_H
#define CL_BASE_PTRMAP_H

#include <stdint.h>

struct ptrmap {
	struct ptrmap_slot {
		const void *key;
		const void *value;
	} *v;
	uint32_t cap, n;
};

#define PTRMAP_INIT { NULL, 0, 0 }

/* ptrmap_get() - the value stored for key, or NULL. */
const void *ptrmap_get(const struct ptrmap *m, const void *key);
/* ptrmap_put() - store value for key (a key not yet stored). */
void ptrmap_put(struct ptrmap *m, const void *key, const void *value);
void ptrmap_release(struct ptrmap *m);

#endif
