/*
 * vec.h - growable arrays, written once.
 *
 * A growable array is three lvalues the caller already has: a pointer p to
 * its elements, a count n and a capacity cap (uint32_t or size_t, each
 * array picks one).  VEC_PUSH() makes room for one more element, zeroes it,
 * counts it and returns its address:
 *
 *	struct thing *t = VEC_PUSH(list->v, list->n, list->cap);
 *
 * Heap arrays are released with free(p) by their owner (the owner's
 * _release() says so); ARENA_VEC_PUSH() grows an array inside an arena,
 * which owns it.  Capacity doubles from VEC_MIN_CAP, so n pushes cost O(n).
 * A count that would overflow its type aborts (a bug or a missed input
 * limit, never a condition to recover from).  The macros evaluate their
 * arguments more than once: pass plain lvalues.
 */
#ifndef CL_BASE_VEC_H
#define CL_BASE_VEC_H

#include <stddef.h>
#include <string.h>

struct arena;

#define VEC_MIN_CAP 8

/*
 * vec_grow() - p with room for at least n + 1 elements of elem bytes;
 * *cap (capsz bytes wide: 4 or 8) is updated.  With a (an arena) the new
 * block is carved from it; else p is realloc'ed.  Returns p when it had
 * room already.
 */
void *vec_grow(struct arena *a, void *p, size_t elem, size_t n, void *cap, size_t capsz);

#define VEC_PUSH(p, n, cap) \
	((p) = vec_grow(NULL, (p), sizeof *(p), (size_t)(n), &(cap), sizeof(cap)), \
	 memset(&(p)[(n)], 0, sizeof *(p)), &(p)[(n)++])

#define ARENA_VEC_PUSH(a, p, n, cap) \
	((p) = vec_grow((a), (p), sizeof *(p), (size_t)(n), &(cap), sizeof(cap)), \
	 memset(&(p)[(n)], 0, sizeof *(p)), &(p)[(n)++])

#endif
