/*
 * source.h - the run's file table.
 *
 * Every file a run touches (compose files, policies) gets an index here; a
 * struct cl_span names its file by that index.  The table keeps each file's
 * bytes so reporters can quote the line at fault without reading it again.
 * The table owns its entries' line indexes (freed by cl_sources_release());
 * the text belongs to the arena given to cl_sources_add().
 */
#ifndef CL_BASE_SOURCE_H
#define CL_BASE_SOURCE_H

#include <stddef.h>
#include <stdint.h>

struct arena;

struct cl_source {
	const char *path;     /* as given by the user, or "-" shown as "<stdin>" */
	const char *display;  /* the name reporters print */
	const char *text;     /* file contents (may be NULL when unreadable) */
	size_t len;
	int read_error;       /* errno of a failed read, CL_ENOTREG, or 0 when read */
	/* Where each line starts, built by the first cl_source_line() call:
	 * only reporters that quote lines pay for it. */
	uint32_t *line_start;
	uint32_t nlines;
	size_t scanned;       /* bytes cl_source_line() has examined, all calls
	                       * together: tests assert it stays linear */
};

/* read_error of a path that is not a regular file, read without CL_READ_ANY_KIND */
#define CL_ENOTREG (-1)

struct cl_sources {
	struct cl_source *v;
	uint32_t n, cap;
};

/* cl_sources_add() - register a file (contents read later); returns its index. */
uint32_t cl_sources_add(struct cl_sources *t, struct arena *a, const char *path);
void cl_sources_release(struct cl_sources *t);

/*
 * Paths named on the command line may be anything readable (a FIFO, a
 * process substitution, a device): the user chose them.  Every other path
 * (found by a directory scan, named inside a file) must be a regular file,
 * so a hostile repository cannot make a run hang on a FIFO or read a device.
 */
#define CL_READ_ANY_KIND 1u

/*
 * cl_source_read() - read the file at index i into the arena, from stdin when
 * the path is "-" (stdin is always CL_READ_ANY_KIND).  A path that is not a
 * regular file is refused without being opened for reading (read_error
 * CL_ENOTREG) unless flags has CL_READ_ANY_KIND.  At most max_size bytes are
 * read; returns 0, -1 with read_error set, or 1 when the file is larger than
 * max_size (the first max_size bytes are kept so positions stay meaningful).
 */
int cl_source_read(struct cl_sources *t, struct arena *a, uint32_t i, size_t max_size,
		   unsigned flags);

/* cl_source_error() - why s could not be read, in words ("Permission denied"). */
const char *cl_source_error(const struct cl_source *s);

/*
 * cl_source_line() - the text of 1-based line `line` (without its newline
 * and a carriage return before it), or NULL when the file has no such line
 * or no text.  *len gets its length in bytes.  The first call on a file
 * indexes its lines (one pass); every later call is O(1).  The index is a
 * cache of the text, so the call takes the source as const.
 */
const char *cl_source_line(const struct cl_source *s, uint32_t line, size_t *len);

#endif
