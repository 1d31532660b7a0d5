/*
 * functions.h - the functions of the policy language: count(), raw(),
 * keys(), lower().
 *
 * One row of the table in functions.c says all the language knows of a
 * function.  The parser looks the name up and checks the number of
 * arguments, validate.c checks their kinds, and eval.c evaluates the
 * arguments, runs the evaluator and takes from the result kind whether a
 * call stands for one value or several.  So a call behaves like a path on
 * either side of every operator, and adding a function is one row and its
 * evaluator in functions.c, plus its row in docs/policy-language.md (held
 * by tests/meta.sh) and a twin path for it in test_policy_parse.c and
 * test_policy_eval.c (the first fails until it has one).
 */
#ifndef CL_POLICY_FUNCTIONS_H
#define CL_POLICY_FUNCTIONS_H

#include <stdint.h>

struct arena;
struct pvals;

#define PFUNC_MAX_ARGS 2

/* What an argument must be; validate.c holds each call to it. */
enum pfunc_arg {
	PFA_PATH,     /* a path into the document: count(cap_add) */
	PFA_ANY,      /* any operand: a path, a constant, a binding, another call */
};

/* What a call stands for. */
enum pfunc_result {
	PFR_NUMBER,   /* one number: count(ports[*]) */
	PFR_EACH,     /* one value for each value of the first argument, where it was */
	PFR_SEVERAL,  /* several values, as the matches of a wildcard path: keys(labels) */
};

/*
 * An evaluator appends the call's values to out.  args[i] holds the values
 * of argument i (a wildcard's matches, items that lack the rest of the
 * path flagged `missing`, values only interpolation knows flagged
 * `unknown`); see values.h.  Everything it makes goes in the arena.
 */
typedef void pfunc_eval(struct arena *a, const struct pvals *args, struct pvals *out);

struct pfunc {
	const char *name;
	uint32_t arity;
	enum pfunc_arg args[PFUNC_MAX_ARGS];
	enum pfunc_result result;
	pfunc_eval *eval;
};

/* pfunc_find() - the row of a function name; NULL when there is none. */
const struct pfunc *pfunc_find(const char *name);

/* pfunc_names() - "count, raw, keys, lower" (arena), for messages. */
const char *pfunc_names(struct arena *a);

#endif
