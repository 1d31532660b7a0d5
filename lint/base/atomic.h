/*
 * atomic.h - writing an output file without destroying anything.
 *
 * A regular file (or a path that does not exist yet) is written to a
 * temporary file beside it, then renamed over it, so a reader (a CI upload,
 * an editor) never sees half a report and a failed run leaves any earlier
 * report in place: whole or absent.  Anything else (a device such as
 * /dev/null, a FIFO, a symbolic link such as /dev/stdout) is opened and
 * written in place: renaming over it would replace the device or the link
 * with a regular file.
 *
 * While a temporary file exists, SIGINT, SIGTERM, SIGHUP and SIGPIPE remove
 * it before the process dies of the signal as it would have (the handlers
 * are installed by the first atomic_open() and the previous dispositions
 * come back when the last temporary file is committed or aborted; a signal
 * the process ignores stays ignored).
 */
#ifndef CL_BASE_ATOMIC_H
#define CL_BASE_ATOMIC_H

#include <stdio.h>

struct atomic_file {
	FILE *fp;
	char *tmp;      /* the temporary file; NULL when written in place */
	char *path;
};

/* atomic_open() - 0, or -1 with errno set (nothing is left behind). */
int atomic_open(struct atomic_file *af, const char *path);
/* atomic_commit() - flush, close and (for a regular file) rename into
 * place; 0 or -1 with errno set (a write error on a device such as
 * /dev/full counts; the temporary file is removed either way). */
int atomic_commit(struct atomic_file *af);
/* atomic_abort() - close, and throw the temporary file away: the
 * destination keeps what it held. */
void atomic_abort(struct atomic_file *af);

#endif
