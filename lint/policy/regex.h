/*
 * regex.h - policy regular expressions: PCRE2, compiled once, bounded.
 *
 * Patterns come from policy files, which may be hostile or just unlucky
 * (`(a+)+$`): every match runs under a match limit and a depth limit, so a
 * catastrophic pattern fails one comparison (reported as a policy problem)
 * instead of hanging the run.  Subjects are matched by length, so values
 * with NUL bytes are handled.  Not thread-safe: each regex owns its match
 * data.
 */
#ifndef CL_POLICY_REGEX_H
#define CL_POLICY_REGEX_H

#include <stddef.h>
#include <stdint.h>

struct arena;

struct pregex;

/* Owner of compiled regexes: releases them all at once. */
struct pregex_pool {
	struct pregex **v;
	size_t n, cap;
};

/* pregex_compile() - NULL on error, with *err (arena) and *erroff (byte in src). */
struct pregex *pregex_compile(struct pregex_pool *pool, struct arena *a, const char *src,
			      const char *flags, const char **err, size_t *erroff);
void pregex_pool_release(struct pregex_pool *pool);

enum { PRE_NOMATCH = 0, PRE_MATCH = 1, PRE_LIMIT = -1 };

/* pregex_match() - PRE_MATCH, PRE_NOMATCH, or PRE_LIMIT when the match or
 * depth limit stopped it. */
int pregex_match(struct pregex *re, const char *s, size_t len);

/* Named groups of the last successful match: name and captured text
 * (arena copies).  Returns the number of named groups. */
uint32_t pregex_groups(struct pregex *re, struct arena *a, const char *subject,
		       const char ***names, const char ***values);
/* The names alone, known at compile time (for checking placeholders). */
uint32_t pregex_group_names(const struct pregex *re, struct arena *a, const char ***names);

#endif
