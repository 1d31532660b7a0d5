/*
 * arena.c - bump allocator in linked blocks.
 *
 * Small objects come from the current block; a request larger than a quarter
 * of a block gets a block of its own so that big scalars do not waste the
 * tail of a shared block.
 */
#include "base/arena.h"

#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <malloc.h>
#include <stdlib.h>
#include <string.h>

#define BLOCK_SIZE (64u * 1024u)
#define ALIGN      (_Alignof(max_align_t))

struct block {
	struct block *next;
	size_t size, used;
	_Alignas(max_align_t) unsigned char data[];
};

struct arena {
	struct block *head;
	size_t total;
};

/* The accounting of mem_set_limit(): one run per process. */
static size_t counted, limit;
static void (*stop_fn)(enum mem_stop);
static volatile sig_atomic_t stop_requested;

void mem_set_limit(size_t bytes, void (*stop)(enum mem_stop why))
{
	limit = bytes;
	stop_fn = stop;
}

void mem_disarm(void)
{
	limit = 0;
	stop_fn = NULL;
}

void mem_request_stop(void)
{
	stop_requested = 1;
}

size_t mem_counted(void)
{
	return counted;
}

/* Called before every allocation of `size` bytes: the run stops here, with
 * nothing half-built, when it passed its limit or its time. */
static void account(size_t size)
{
	if (stop_fn) {
		void (*stop)(enum mem_stop) = stop_fn;
		if (stop_requested) {
			mem_disarm();
			stop(MEM_STOP_TIME);
		}
		if (limit && (size > limit || counted > limit - size)) {
			mem_disarm();
			stop(MEM_STOP_MEMORY);
		}
	}
	counted = counted > SIZE_MAX - size ? SIZE_MAX : counted + size;
}

/* An arena's blocks are given back when it is freed (an arena per policy
 * rule comes and goes 100,000 times in a big run). */
static void unaccount(size_t size)
{
	counted -= size < counted ? size : counted;
}

static void oom(size_t size)
{
	fprintf(stderr, "composelint: out of memory (allocating %zu bytes)\n", size);
	abort();
}

void *xmalloc(size_t size)
{
	account(size);
	void *p = malloc(size ? size : 1);
	if (!p)
		oom(size);
	counted += malloc_usable_size(p) - size;  /* what xfree() gives back */
	return p;
}

/* A growing buffer is counted by what it grows: its old block, counted
 * when it was made, is given back by realloc().  The growth is counted
 * before the call, so the limit stops the run before it is passed. */
void *xrealloc(void *p, size_t size)
{
	size_t old = p ? malloc_usable_size(p) : 0, added = size > old ? size - old : 0;
	account(added);
	void *q = realloc(p, size ? size : 1);
	if (!q)
		oom(size);
	size_t now = malloc_usable_size(q);
	if (now >= old)
		counted += now - old - added;  /* now >= size: never below added */
	else
		unaccount(old - now);
	return q;
}

void xfree(void *p)
{
	if (!p)
		return;
	unaccount(malloc_usable_size(p));
	free(p);
}

void *xcalloc(size_t n, size_t size)
{
	account(n && size > SIZE_MAX / n ? SIZE_MAX : n * size);
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		oom(n * size);
	counted += malloc_usable_size(p) - (n * size);
	return p;
}

char *xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	return memcpy(xmalloc(n), s, n);
}

struct arena *arena_new(void)
{
	return xcalloc(1, sizeof(struct arena));
}

void arena_free(struct arena *a)
{
	if (!a)
		return;
	for (struct block *b = a->head, *next; b; b = next) {
		next = b->next;
		xfree(b);
	}
	xfree(a);
}

static struct block *block_new(size_t size)
{
	if (size > SIZE_MAX - sizeof(struct block))
		oom(size);
	struct block *b = xmalloc(sizeof *b + size);
	b->size = size;
	b->used = 0;
	return b;
}

void *arena_alloc(struct arena *a, size_t size)
{
	account(0);  /* a time limit is seen between any two allocations */
	size_t need = (size + ALIGN - 1) & ~(ALIGN - 1);
	if (need < size)
		oom(size);
	struct block *b = a->head;
	if (need > BLOCK_SIZE / 4) {
		/* a private block, linked behind the current one so the current
		 * block keeps serving small requests */
		struct block *big = block_new(need);
		big->used = need;
		if (b) {
			big->next = b->next;
			b->next = big;
		} else {
			big->next = NULL;
			a->head = big;
		}
		a->total += need;
		return memset(big->data, 0, need);
	}
	if (!b || b->size - b->used < need) {
		b = block_new(BLOCK_SIZE);
		b->next = a->head;
		a->head = b;
	}
	void *p = b->data + b->used;
	b->used += need;
	a->total += need;
	return memset(p, 0, need);
}

void *arena_grow(struct arena *a, void *old, size_t old_size, size_t new_size)
{
	void *p = arena_alloc(a, new_size);
	if (old && old_size)
		memcpy(p, old, old_size < new_size ? old_size : new_size);
	return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t len)
{
	char *p = arena_alloc(a, len + 1);
	if (len)
		memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

char *arena_vprintf(struct arena *a, const char *fmt, va_list ap)
{
	va_list cp;
	va_copy(cp, ap);
	int n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		return arena_strdup(a, fmt);
	char *p = arena_alloc(a, (size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *p = arena_vprintf(a, fmt, ap);
	va_end(ap);
	return p;
}

size_t arena_used(const struct arena *a)
{
	return a->total;
}
