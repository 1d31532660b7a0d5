/*
 * substitute.h - interpolation of a whole compose document.
 *
 * Compose interpolates every value of a file (never a key) before it merges
 * the file with others.  compose_substitute() does the same on our tree and
 * returns a derived tree (yaml/build.h) that shares every part without a
 * variable in it.  Each substituted scalar keeps the span of the scalar that
 * holds the ${...}, so a finding on the value points at what was written;
 * it also carries, as its `origin` chain, the places where the variables it
 * used are defined (YV_VARIABLE links to .env lines), and `unknown` when a
 * variable was unset.
 *
 * Problems, positioned at the expression inside the scalar when the scalar
 * is written on one line without escapes (at the scalar otherwise):
 * malformed expressions and missing required variables (CP_INTERPOLATION),
 * variables with no value and no default (CP_UNSET_VARIABLE).
 *
 * An alias target is substituted once, whatever the number of aliases to
 * it, so alias bombs stay cheap.
 */
#ifndef CL_COMPOSE_SUBSTITUTE_H
#define CL_COMPOSE_SUBSTITUTE_H

#include "compose/interp.h"
#include "compose/problem.h"
#include "yaml/tree.h"

struct arena;

const struct ynode *compose_substitute(struct arena *a, const struct ynode *root,
				       const struct cl_env *env, struct cl_diags *problems);

#endif
