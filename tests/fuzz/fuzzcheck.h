/*
 * fuzzcheck.h - check(cond) for the fuzz harnesses: when cond is false,
 * print where and what on standard error and abort, so libFuzzer keeps the
 * input as a crash.
 */
#ifndef FUZZ_FUZZCHECK_H
#define FUZZ_FUZZCHECK_H

#include <stdio.h>
#include <stdlib.h>

#define check(cond)                                                                          \
	do {                                                                                 \
		if (!(cond)) {                                                               \
			fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__,     \
				#cond);                                                      \
			abort();                                                             \
		}                                                                            \
	} while (0)

#endif
