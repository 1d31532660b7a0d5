/* vec.c - the growth step behind VEC_PUSH() (see vec.h). */
#include "base/vec.h"
#include "base/arena.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static size_t load_cap(const void *cap, size_t capsz)
{
	if (capsz == sizeof(uint32_t)) {
		uint32_t c;
		memcpy(&c, cap, sizeof c);
		return c;
	}
	size_t c;
	memcpy(&c, cap, sizeof c);
	return c;
}

static void store_cap(void *cap, size_t capsz, size_t v)
{
	if (capsz == sizeof(uint32_t)) {
		uint32_t c = (uint32_t)v;
		memcpy(cap, &c, sizeof c);
	} else {
		memcpy(cap, &v, sizeof v);
	}
}

static void overflow(void)
{
	fputs("composelint: internal error: array count overflow\n", stderr);
	abort();
}

void *vec_grow(struct arena *a, void *p, size_t elem, size_t n, void *cap, size_t capsz)
{
	if (capsz != sizeof(uint32_t) && capsz != sizeof(size_t))
		overflow();
	size_t old = load_cap(cap, capsz);
	if (n < old)
		return p;
	size_t max = capsz == sizeof(uint32_t) ? UINT32_MAX : SIZE_MAX;
	if (n >= max)
		overflow();
	size_t c = old ? old : VEC_MIN_CAP / 2;
	while (c <= n)
		c = c > max / 2 ? max : c * 2;
	if (c > SIZE_MAX / elem)
		overflow();
	void *q = a ? arena_grow(a, p, old * elem, c * elem) : xrealloc(p, c * elem);
	store_cap(cap, capsz, c);
	return q;
}
