/*
 * interp.h - Compose variable interpolation of one string.
 *
 * The syntax is the Compose Specification's (12-interpolation.md) as
 * compose-go implements it (template/template.go):
 *
 *   $$               a literal '$'
 *   $NAME, ${NAME}   the value of NAME; unset -> "" and compose warns
 *   ${NAME:-word}    word when NAME is unset or empty
 *   ${NAME-word}     word when NAME is unset
 *   ${NAME:?word}    error "required variable NAME is missing a value: word"
 *                    when NAME is unset or empty
 *   ${NAME?word}     the same error, only when NAME is unset
 *   ${NAME:+word}    word when NAME is set and not empty, else ""
 *   ${NAME+word}     word when NAME is set (even empty), else ""
 *
 * NAME is [A-Za-z_][A-Za-z0-9_]*.  A '$' followed by anything else (a digit,
 * a space, '}', the end of the string) is a literal '$'.  The word runs to
 * the '}' that closes the expression and is interpolated itself, so
 * expressions nest (${A:-${B:-x}}); literal braces inside it must balance, as
 * compose counts them (${J:-{"a":1}} -> {"a":1}).  Values that come out of
 * the environment are not interpolated again.  The word is evaluated only
 * when it is used (a required variable inside the default of a set variable
 * is no error), but it is always checked for syntax: a malformed expression
 * is reported even in a branch this environment does not take, because
 * another environment would take it.
 *
 * Everything else after '${' is an error, as in compose ("Invalid
 * template"): '${', '${}', '${ X}', '${X }', '${X:x}', '${X/a/b}', a missing
 * '}'.
 *
 * Divergence, on purpose: compose falls back to the last '}' of the string
 * when the braces inside a word do not balance (${A:-{x} -> "{x"); here that
 * is an unterminated expression.
 */
#ifndef CL_COMPOSE_INTERP_H
#define CL_COMPOSE_INTERP_H

#include <stddef.h>
#include <stdint.h>

#include "base/diag.h"
#include "base/loc.h"

struct arena;

#define CL_INTERP_MAX_DEPTH  32u          /* nested ${...} */
#define CL_INTERP_MAX_OUTPUT (1u << 20)   /* bytes of one result (and of one error word),
					    * or the input's length when that is more */
#define CL_INTERP_MAX_USES   1024u        /* variable references recorded per string */
#define CL_INTERP_MAX_ERRORS 16u          /* errors recorded per string */

/* ---- the environment ---------------------------------------------------- */

enum cl_env_state {
	CL_ENV_UNSET = 0,  /* not defined at all */
	CL_ENV_EMPTY,      /* defined as "" */
	CL_ENV_SET,        /* defined, not empty */
};

struct cl_env_value {
	enum cl_env_state state;
	const char *value;  /* SET: value[0..len), need not be NUL-terminated */
	size_t len;
	struct cl_span at;  /* where it was defined; invalid when unknown (process environment) */
	int unknown;        /* SET, from a definition that used an unset variable itself
			     * (A=${NOPE}/x in a .env): what uses it is unknown too */
};

/*
 * A variable lookup.  lookup() receives *out zeroed (state CL_ENV_UNSET) and
 * fills it when name[0..len) is defined.  SET with len 0 counts as EMPTY.
 * The strings it returns must live as long as the caller uses the result of
 * the interpolation.
 */
struct cl_env {
	void (*lookup)(const struct cl_env *env, const char *name, size_t len,
		       struct cl_env_value *out);
	const void *ctx;
};

/* ---- the result ----------------------------------------------------------- */

enum cl_interp_op {
	CL_INTERP_PLAIN = 0,     /* $NAME, ${NAME} */
	CL_INTERP_DEFAULT_EMPTY, /* :- */
	CL_INTERP_DEFAULT,       /* -  */
	CL_INTERP_REQUIRE_EMPTY, /* :? */
	CL_INTERP_REQUIRE,       /* ?  */
	CL_INTERP_ALT_EMPTY,     /* :+ */
	CL_INTERP_ALT,           /* +  */
};

/* One variable the evaluation looked up, in evaluation order. */
struct cl_interp_use {
	const char *name;
	uint32_t off, end;         /* the whole expression s[off..end), off at its '$' */
	enum cl_interp_op op;
	enum cl_env_state state;   /* what the environment said */
	struct cl_span at;         /* where the environment's value was defined, or invalid */
	int unknown;               /* PLAIN and UNSET: compose substitutes "" with a warning */
};

enum cl_interp_err {
	CL_INTERP_ESYNTAX,    /* malformed expression */
	CL_INTERP_EREQUIRED,  /* ${X:?msg} / ${X?msg} with X missing */
	CL_INTERP_ELIMIT,     /* nesting deeper than CL_INTERP_MAX_DEPTH, result too large */
};

struct cl_interp {
	const char *value;  /* NUL-terminated, in the arena; len bytes (may hold NULs from the env) */
	size_t len;
	int unknown;        /* some $X / ${X} had X unset: value is not what a real run sees */
	struct cl_interp_use *uses;
	uint32_t nuses;
	int uses_truncated; /* more than CL_INTERP_MAX_USES lookups */
	/* at most CL_INTERP_MAX_ERRORS, kinds enum cl_interp_err; each at the
	 * bad expression s[at.start.off..at.end.off), start at its '$', with no
	 * line (0): the caller knows where s is written (y_subspan()) */
	struct cl_diags errors;
};

/*
 * cl_interpolate() - interpolate s[0..len) against env (NULL: everything is
 * unset), everything allocated in arena a.  Returns 0, or -1 when
 * out->errors.n > 0.  After an error the value is still the best effort (a
 * missing required variable contributes ""); after a CL_INTERP_ELIMIT error
 * it is "" and unknown is set.  Never recurses deeper than
 * CL_INTERP_MAX_DEPTH and never builds more than max(CL_INTERP_MAX_OUTPUT,
 * len) bytes: interpolation may not blow a value up, but a long value is
 * not an error in itself (with or without a '$' in it).
 */
int cl_interpolate(struct arena *a, const char *s, size_t len, const struct cl_env *env,
		   struct cl_interp *out);

/* cl_interp_op_text() - ":-", "-", ... ("" for PLAIN). */
const char *cl_interp_op_text(enum cl_interp_op op);

#endif
