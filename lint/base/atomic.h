/*
 * atomic.h - writing an output file all at once or not at all.
 *
 * A report is written to a temporary file beside its destination, then
 * renamed over it, so a reader (a CI upload, an editor) never sees half a
 * report, and a failed run leaves any earlier report in place.
 */
#ifndef CL_BASE_ATOMIC_H
#define CL_BASE_ATOMIC_H

#include <stdio.h>

struct atomic_file {
	FILE *fp;
	char *tmp;
	char *path;
};

/* atomic_open() - 0, or -1 with errno set. */
int atomic_open(struct atomic_file *af, const char *path);
/* atomic_commit() - flush, close and rename into place; 0 or -1 (the
 * temporary file is removed either way). */
int atomic_commit(struct atomic_file *af);
/* atomic_abort() - throw the temporary file away. */
void atomic_abort(struct atomic_file *af);

#endif
