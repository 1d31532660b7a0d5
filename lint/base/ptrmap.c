/* ptrmap.c - pointer to pointer map, open addressing (see ptrmap.h). */
#include "base/ptrmap.h"
#include "base/arena.h"
#include "base/hash.h"

#include <stdlib.h>

const void *ptrmap_get(const struct ptrmap *m, const void *key)
{
	if (!m->cap)
		return NULL;
	for (uint32_t i = cl_hash_ptr(key) & (m->cap - 1); m->v[i].key; i = (i + 1) & (m->cap - 1))
		if (m->v[i].key == key)
			return m->v[i].value;
	return NULL;
}

static void insert(struct ptrmap_slot *v, uint32_t cap, const void *key, const void *value)
{
	uint32_t i = cl_hash_ptr(key) & (cap - 1);
	while (v[i].key)
		i = (i + 1) & (cap - 1);
	v[i].key = key;
	v[i].value = value;
}

void ptrmap_put(struct ptrmap *m, const void *key, const void *value)
{
	if (m->n + 1 > m->cap / 2) {
		uint32_t cap = m->cap ? m->cap * 2 : 64;
		struct ptrmap_slot *v = xcalloc(cap, sizeof *v);
		for (uint32_t k = 0; k < m->cap; k++)
			if (m->v[k].key)
				insert(v, cap, m->v[k].key, m->v[k].value);
		xfree(m->v);
		m->v = v;
		m->cap = cap;
	}
	insert(m->v, m->cap, key, value);
	m->n++;
}

void ptrmap_release(struct ptrmap *m)
{
	xfree(m->v);
	m->v = NULL;
	m->cap = m->n = 0;
}
