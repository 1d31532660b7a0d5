/*
 * origin.h - where a finding about a compose value points, and how the
 * value got there.
 *
 * A value reached through aliases, merge keys, extends, include or a
 * variable is reported where it is written; each link of its chain (the
 * alias or merge site inside the service that inherited it, the extends or
 * include key, the place a variable is set) becomes a related location, so
 * a person can follow the value from the text to its use.  Rules and
 * policies call this, then cl_raise() (core/finding.h).
 */
#ifndef CL_COMPOSE_ORIGIN_H
#define CL_COMPOSE_ORIGIN_H

#include <stdint.h>

#include "base/loc.h"
#include "compose/position.h"

struct arena;

/*
 * compose_origin() - for value `at` used by `object` (a service's name, or
 * NULL): *span is the value's span, else its key's (absent value), else
 * *fallback when given (else *span is left alone).  Returns the number of
 * related locations, the value's own links (where its variables are set)
 * first, then its chain innermost first; *related is an arena array, NULL
 * when there are none.
 */
uint32_t compose_origin(struct arena *a, const struct cl_val *at, const char *object,
			const struct cl_span *fallback, struct cl_span *span,
			struct cl_related **related);

#endif
