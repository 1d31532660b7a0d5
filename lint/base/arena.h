/*
 * arena.h - the memory owner of one lint run.
 *
 * Everything a run builds (YAML trees, the compose model, findings, their
 * messages) is carved from one arena and released together by arena_free().
 * Callers never free individual objects.  Allocation failure is not a
 * recoverable condition here: hostile input is bounded by explicit limits
 * (see yaml/load.h), so running out of memory aborts with a message.
 *
 * Every allocation of composelint's own (arenas and the xmalloc family)
 * is counted, so that a run can end cleanly at a memory limit or a time
 * limit (mem_set_limit(), mem_request_stop()) instead of being killed.
 */
#ifndef CL_BASE_ARENA_H
#define CL_BASE_ARENA_H

#include <stdarg.h>
#include <stddef.h>

struct arena;

/* arena_new() - an empty arena; free it with arena_free(). */
struct arena *arena_new(void);
void arena_free(struct arena *a);

/* Zeroed memory, aligned for any object; lives until arena_free(). */
void *arena_alloc(struct arena *a, size_t size);
/* arena_grow() - a larger copy of an array held in the arena (old copy is dropped). */
void *arena_grow(struct arena *a, void *old, size_t old_size, size_t new_size);

char *arena_strndup(struct arena *a, const char *s, size_t len);
char *arena_strdup(struct arena *a, const char *s);
char *arena_printf(struct arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
char *arena_vprintf(struct arena *a, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));

/* Bytes handed out so far; used by tests to check memory stays bounded. */
size_t arena_used(const struct arena *a);

/* Process-wide allocation helpers for the few objects that live outside an
 * arena (growable buffers).  They abort on failure instead of returning NULL. */
void *xmalloc(size_t size);
void *xrealloc(void *p, size_t size);
void *xcalloc(size_t n, size_t size);
char *xstrdup(const char *s);
/* xfree() - give back what the x* functions allocated, so --max-memory
 * counts what is held, not what was ever asked for (memory from anything
 * else, realpath() say, goes to free()). */
void xfree(void *p);

/* Why a run is asked to stop. */
enum mem_stop { MEM_STOP_MEMORY, MEM_STOP_TIME };

/*
 * mem_set_limit() - from now on, an allocation that would take the count
 * (mem_counted()) past `bytes`, or any allocation after mem_request_stop(),
 * first calls stop(why); stop must not return (it ends the run, or jumps
 * out of it).  The limit is disarmed before stop is called, so that what
 * the run does next (reporting) can allocate.  bytes 0: no memory limit.
 */
void mem_set_limit(size_t bytes, void (*stop)(enum mem_stop why));
/* mem_disarm() - no limit and no stop from here on. */
void mem_disarm(void);
/* mem_request_stop() - the next allocation stops the run (MEM_STOP_TIME);
 * async-signal-safe, for a timer. */
void mem_request_stop(void);
/* mem_counted() - bytes held: the blocks of the arenas not yet freed, and
 * what the xmalloc family handed out and xfree() has not given back (a
 * buffer released with plain free() stays counted: an upper bound). */
size_t mem_counted(void);

#endif
