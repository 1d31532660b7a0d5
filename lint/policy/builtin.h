/*
 * builtin.h - the named sets of built-in rules a policy can include:
 *   include builtin "recommended"
 */
#ifndef CL_POLICY_BUILTIN_H
#define CL_POLICY_BUILTIN_H

#include "rules/registry.h"

struct pol_builtin_set {
	const char *name;
	const char *description;
	const char *const *categories;   /* rule categories in the set; NULL: every check rule */
};

const struct pol_builtin_set *pol_builtin_find(const char *name);
int pol_builtin_in_set(const struct pol_builtin_set *s, const struct cl_rule *r);
/* "recommended, all": for messages. */
const char *pol_builtin_names(void);

#endif
