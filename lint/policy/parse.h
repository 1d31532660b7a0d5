/*
 * parse.h - policy text -> AST.  Errors go to the set's error list; the
 * result is NULL when the file had any.
 */
#ifndef CL_POLICY_PARSE_H
#define CL_POLICY_PARSE_H

#include <stddef.h>
#include <stdint.h>

#include "policy/ast.h"
#include "policy/lex.h"
#include "policy/policy.h"

struct ppolicy *pol_parse(struct pol_set *ps, uint32_t file, const char *buf, size_t len);

#endif
