/*
 * problem.h - what assembling a compose project can find wrong, as values.
 *
 * The compose layer never reports: it records problems as diagnostics
 * (base/diag.h) whose .kind is an enum cl_problem_kind, and the engine turns
 * them into findings of the input rules (core/rules.def).
 */
#ifndef CL_COMPOSE_PROBLEM_H
#define CL_COMPOSE_PROBLEM_H

#include "base/diag.h"

enum cl_problem_kind {
	CP_INTERPOLATION,  /* malformed ${...}, a required variable missing (CL011) */
	CP_UNSET_VARIABLE, /* $X with X unset and no default (CL012) */
	CP_REFERENCE,      /* extends/include that cannot be resolved, cycles (CL013) */
	CP_ENV_FILE,       /* a .env / --env-file that cannot be read as one (CL014) */
	CP_LIMIT,          /* a project too large or too deep to assemble (CL004) */
	CP_IO,             /* a file of the project cannot be read (CL000) */
	CP_ENCODING,       /* a .env file with a NUL byte or invalid UTF-8 (CL005) */
};

#endif
