/*
 * print.h - the normalized project as YAML, for `composelint config`.
 *
 * Prints the value tree of compose_normalize() (value.h) the way
 * `docker compose config` prints a project: block style, two-space indent,
 * map keys in byte order, lists in their order.  The output is meant to be
 * read back: strings are double-quoted exactly when a YAML 1.1 parser
 * (PyYAML) or a YAML 1.2 one would otherwise read something else (a number,
 * a boolean, null, a date, an indicator), so every scalar loads back as the
 * value it is here.
 *
 * A subtree reachable from several places (an anchor used twice) is printed
 * at each place.  Since that can multiply a small tree without bound (an
 * alias bomb), the output is bounded; see COMPOSE_PRINT_MAX_BYTES.
 */
#ifndef CL_COMPOSE_PRINT_H
#define CL_COMPOSE_PRINT_H

#include "base/source.h"
#include "base/strbuf.h"
#include "compose/value.h"

/* Bounds on one printed project.  CV_MAX_NODES values print in about half
 * the byte bound, origins included; only subtrees shared through anchors,
 * printed at each use, can pass it.  The depth bound keeps recursion off
 * the end of the stack. */
#define COMPOSE_PRINT_MAX_BYTES (64u * 1024 * 1024)
#define COMPOSE_PRINT_MAX_DEPTH 1000u

/*
 * compose_print_yaml() - the project as YAML, appended to out.
 *
 * with_origins: every scalar value, and every key whose value is a
 * collection, is followed by a comment "# FILE:LINE:COL" naming where it
 * was written, plus " via FILE:LINE" for each link of its via chain
 * (innermost first); synthesized values get "# (default)".  File names come
 * from files.
 *
 * A scalar that interpolation could not settle (cv->unknown: a variable
 * unset, or a malformed ${...}) is
 * followed by the comment "# unknown: interpolation could not settle it", with
 * or without with_origins.
 *
 * Map keys written twice (an environment list naming a variable twice) are
 * printed once, with the last value, as compose applies them.
 *
 * Returns 0, or 1 when the output was cut short at COMPOSE_PRINT_MAX_BYTES
 * or COMPOSE_PRINT_MAX_DEPTH; it then ends with a comment saying so, and is
 * still valid YAML.
 */
int compose_print_yaml(struct strbuf *out, const struct cv *root, const struct cl_sources *files,
		       int with_origins);

#endif
