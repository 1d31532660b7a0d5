/*
 * problem.h - what assembling a compose project can find wrong, as values.
 *
 * The compose layer never reports: it returns problems with positions, and
 * the engine turns them into findings of the input rules (rules.def).
 */
#ifndef CL_COMPOSE_PROBLEM_H
#define CL_COMPOSE_PROBLEM_H

#include <stdint.h>

#include "base/loc.h"

struct arena;

enum cl_problem_kind {
	CP_INTERPOLATION,  /* malformed ${...}, a required variable missing (CL011) */
	CP_UNSET_VARIABLE, /* $X with X unset and no default (CL012) */
	CP_REFERENCE,      /* extends/include that cannot be resolved, cycles (CL013) */
	CP_ENV_FILE,       /* a .env / --env-file that cannot be read as one (CL014) */
	CP_LIMIT,          /* a project too large or too deep to assemble (CL004) */
	CP_IO,             /* a file of the project cannot be read (CL000) */
	CP_ENCODING,       /* a .env file with a NUL byte or invalid UTF-8 (CL005) */
};

struct cl_problem {
	enum cl_problem_kind kind;
	struct cl_span at;
	const char *msg;
	struct cl_span other;      /* a related place, or invalid */
	const char *other_msg;
};

struct cl_problems {
	struct cl_problem *v;
	uint32_t n, cap;
};

/* cl_problem_add() - a new problem (in arena a); returns it for .other. */
struct cl_problem *cl_problem_add(struct arena *a, struct cl_problems *l,
				  enum cl_problem_kind kind, const struct cl_span *at,
				  const char *msg);

#endif
