/*
 * validate.h - a parsed policy made ready to run, or its errors.
 */
#ifndef CL_POLICY_VALIDATE_H
#define CL_POLICY_VALIDATE_H

#include "policy/ast.h"
#include "policy/policy.h"

/* pol_validate() - resolve names in place (sets, bindings, paths), check
 * operand types, function arguments and placeholders, detect duplicate rule
 * ids across the set; errors go to the set.  0 when clean. */
int pol_validate(struct pol_set *ps, struct ppolicy *pol);

#endif
