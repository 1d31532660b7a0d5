/*
 * regex.h - policy regular expressions: PCRE2, compiled once, bounded.
 *
 * Patterns come from policy files, which may be hostile or just unlucky
 * (`(a+)+$`): every match runs under a match limit and a depth limit, so a
 * catastrophic pattern leaves one comparison undecided instead of hanging
 * the run, and draws on a budget of match-limit units that the caller
 * keeps (eval.c: one per rule), so many slow matches cannot add up to
 * minutes either.  Units are PCRE2's own match-limit count, not time, so
 * the same input gives the same result on a busy machine.  Subjects are
 * matched by length, so values with NUL bytes are handled.  Not
 * thread-safe: each regex owns its match data.
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

/* The limit of one match, in PCRE2 match-limit units, and of its depth;
 * the limit its first attempt runs under. */
#define PREGEX_MATCH_LIMIT 1000000u
#define PREGEX_DEPTH_LIMIT 10000u
#define PREGEX_FIRST_LIMIT 100u

enum {
	PRE_NOMATCH = 0,
	PRE_MATCH = 1,
	PRE_MATCH_LIMIT = -1,  /* the match limit stopped it: undecided */
	PRE_DEPTH_LIMIT = -2,  /* the depth (or heap) limit stopped it: undecided */
	PRE_BUDGET = -3,       /* *budget ran out before it was decided */
};

/*
 * pregex_match() - PRE_MATCH, PRE_NOMATCH, or one of the negative values
 * above when a limit left it undecided.  The match is charged to *budget:
 * it runs first under a small match limit, then under larger ones up to
 * PREGEX_MATCH_LIMIT, and costs the sum of the limits it ran under (a
 * quick match costs PREGEX_FIRST_LIMIT), never more than *budget holds.
 */
int pregex_match(struct pregex *re, const char *s, size_t len, uint64_t *budget);

/* pregex_limit_text() - what stopped a match, for a negative result:
 * "the regular expression hit its match limit" (static text). */
const char *pregex_limit_text(int result);

/* Named groups of the last successful match: name and captured text
 * (arena copies).  Returns the number of named groups. */
uint32_t pregex_groups(struct pregex *re, struct arena *a, const char *subject,
		       const char ***names, const char ***values);
/* The names alone, known at compile time (for checking placeholders). */
uint32_t pregex_group_names(const struct pregex *re, struct arena *a, const char ***names);

#endif
