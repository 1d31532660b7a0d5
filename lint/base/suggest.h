/*
 * suggest.h - "did you mean": how far apart two short words are.
 */
#ifndef CL_BASE_SUGGEST_H
#define CL_BASE_SUGGEST_H

#include <stddef.h>

/* Longest word compared; longer ones are "far" from everything. */
#define SUGGEST_MAX 64

/*
 * edit_distance() - optimal string alignment distance (insertions,
 * deletions, substitutions and swaps of neighbours) between s[0..m) and
 * t[0..n); (size_t)-1 when either is longer than SUGGEST_MAX.
 */
size_t edit_distance(const char *s, size_t m, const char *t, size_t n);

#endif
