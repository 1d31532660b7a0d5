/*
 * diag.h - diagnostics: what a stage found wrong, with where and why.
 *
 * Every stage that reads user input (YAML loader, .env parser,
 * interpolation, schema, policy parser, inline suppressions, test
 * expectations, project assembly) records its problems in a struct
 * cl_diags instead of printing them: a span, a message, and related spans
 * ("first defined here").  The stage's caller decides what a diagnostic
 * becomes (an input-rule finding, a policy error on stderr).  `kind` is the
 * producing stage's own enum (yaml/load.h's YPROB_*, compose/problem.h's
 * CP_*): the sink does not interpret it.
 *
 * Diagnostics, their messages and notes live in the arena given at
 * cl_diags_init(); the sink needs no release.  A pointer returned by
 * cl_diag_add() stays valid only until the next cl_diag_add() on the same
 * sink (the array may move): add its notes first.
 */
#ifndef CL_BASE_DIAG_H
#define CL_BASE_DIAG_H

#include <stdarg.h>
#include <stdint.h>

#include "base/loc.h"

struct arena;

struct cl_diag {
	int kind;
	struct cl_span at;     /* invalid (line 0) for a problem with a whole file */
	const char *msg;
	struct cl_related *notes;  /* related places (base/loc.h), as findings have */
	uint32_t nnotes;
	uint32_t seq;          /* order of discovery: ties at one position keep it */
};

struct cl_diags {
	struct arena *a;
	struct cl_diag *v;
	uint32_t n, cap;
};

void cl_diags_init(struct cl_diags *d, struct arena *a);

/* cl_diag_add() - a diagnostic at `at` (NULL: no position) with a formatted message. */
struct cl_diag *cl_diag_add(struct cl_diags *d, int kind, const struct cl_span *at,
			    const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* cl_diag_vadd() - the same with the arguments as a va_list, for a stage's
 * own printf-like reporting function. */
struct cl_diag *cl_diag_vadd(struct cl_diags *d, int kind, const struct cl_span *at,
			     const char *fmt, va_list ap)
	__attribute__((format(printf, 4, 0)));

/* cl_diag_note() - one more related place of g. */
void cl_diag_note(struct cl_diags *d, struct cl_diag *g, const struct cl_span *at,
		  const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* cl_diags_sort() - by file (whole-file problems first), position, then
 * order of discovery. */
void cl_diags_sort(struct cl_diags *d);

#endif
