/*
 * helpers.h - what several unit tests need: a YAML text loaded (it must
 * load cleanly), the normalized compose document of a text, and policy
 * load errors printed.  Each helper fails the running cmocka test (with
 * the problems printed) instead of returning an error.  Everything returned
 * is owned by the arena passed in.  Linked into every tests/unit binary.
 */
#ifndef CL_TEST_HELPERS_H
#define CL_TEST_HELPERS_H

#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "compose/value.h"
#include "policy/policy.h"
#include "yaml/load.h"

/* t_yaml_load() - load text (len bytes) as file index `file` with the
 * default limits into *out; asserts it loads without a problem. */
void t_yaml_load(struct arena *a, uint32_t file, const char *text, size_t len, struct yload *out);

/* t_yaml() - as t_yaml_load(), also asserting at most one document;
 * returns its root, NULL for a text without a document. */
const struct ynode *t_yaml(struct arena *a, uint32_t file, const char *text, size_t len);

/* t_normalize() - text as a project reads it (loaded by t_yaml(),
 * interpolated with no variable set) and normalized, asserting it was not
 * truncated.  With nproblems NULL it asserts that interpolation found no
 * problem (an unset variable is one), else *nproblems receives their count. */
const struct cv *t_normalize(struct arena *a, uint32_t file, const char *text, size_t len,
			     uint32_t *nproblems);

/* t_print_policy_errors() - print each load error of ps as line:col: msg. */
void t_print_policy_errors(const struct pol_set *ps);

#endif
