/*
 * run_limits.h - how a run ends at --max-memory and --timeout.
 *
 * The limits are run-wide.  When one is reached, the allocator (base/arena.h)
 * stops the run before the allocation that would pass it: control jumps back
 * to the command that caught it (run_limits_catch()), which reports what it
 * found so far with a CL004 finding and exits 2.  Outside a catch, the run
 * ends at once with a message and exit status 2.  Never the kernel's OOM
 * killer, never a silent pass.
 */
#ifndef CL_CLI_RUN_LIMITS_H
#define CL_CLI_RUN_LIMITS_H

#include <setjmp.h>
#include <stddef.h>

/* --max-memory's default: bytes of composelint's own allocations. */
#define RUN_MAX_MEMORY_DEFAULT ((size_t)2 << 30)

/* run_limits_arm() - count allocations against max_memory bytes (0: no
 * limit) and stop after timeout seconds (0: no time limit). */
void run_limits_arm(size_t max_memory, unsigned timeout);

/* run_limits_catch() - where a stop jumps to (set with setjmp() in the
 * caller's frame), or NULL: no catch, and the limits are disarmed (a
 * command reports what it found without a limit). */
void run_limits_catch(jmp_buf *target);

/* run_limits_stopped() - why the run was stopped (a message naming the
 * limit and its option), or NULL. */
const char *run_limits_stopped(void);

#endif
