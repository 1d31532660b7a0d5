/* source.c - the run's file table (see source.h). */
#include "base/source.h"
#include "base/arena.h"
#include "base/vec.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

uint32_t cl_sources_add(struct cl_sources *t, struct arena *a, const char *path)
{
	struct cl_source *s = VEC_PUSH(t->v, t->n, t->cap);
	s->path = arena_strdup(a, path);
	s->display = strcmp(path, "-") ? s->path : "<stdin>";
	return t->n - 1;
}

void cl_sources_release(struct cl_sources *t)
{
	for (uint32_t i = 0; i < t->n; i++)
		xfree(t->v[i].line_start);
	xfree(t->v);
	t->v = NULL;
	t->n = t->cap = 0;
}

/*
 * A path that must be a regular file is opened without blocking (a FIFO
 * with no writer would hang the open) and checked on the descriptor, after
 * a stat() that keeps devices from being opened at all.
 */
static FILE *open_regular(const char *path, int *err)
{
	struct stat st;
	if (stat(path, &st)) {
		*err = errno;
		return NULL;
	}
	if (!S_ISREG(st.st_mode)) {
		*err = CL_ENOTREG;
		return NULL;
	}
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		*err = errno;
		return NULL;
	}
	if (fstat(fd, &st)) {
		*err = errno;
		close(fd);
		return NULL;
	}
	if (!S_ISREG(st.st_mode)) {  /* swapped for something else since the stat() */
		*err = CL_ENOTREG;
		close(fd);
		return NULL;
	}
	FILE *f = fdopen(fd, "rb");
	if (!f) {
		*err = errno;
		close(fd);
	}
	return f;
}

const char *cl_source_error(const struct cl_source *s)
{
	return s->read_error == CL_ENOTREG ? "not a regular file" : strerror(s->read_error);
}

int cl_source_read(struct cl_sources *t, struct arena *a, uint32_t i, size_t max_size,
		   unsigned flags)
{
	struct cl_source *s = &t->v[i];
	int use_stdin = !strcmp(s->path, "-"), err = 0;
	errno = 0;
	FILE *f = use_stdin ? stdin : (flags & CL_READ_ANY_KIND) ? fopen(s->path, "rb")
								  : open_regular(s->path, &err);
	if (!f) {
		s->read_error = err ? err : errno ? errno : EIO;
		return -1;
	}
	size_t cap = max_size < 4096 ? max_size : 4096, len = 0;
	char *buf = xmalloc(cap + 1);
	int truncated = 0;
	for (;;) {
		if (len == cap) {
			if (cap >= max_size) {
				/* one byte more tells "exactly max_size" from "larger" */
				truncated = fgetc(f) != EOF;
				break;
			}
			/* doubling, but never past max_size: the buffer is the file */
			cap = cap * 2 > max_size ? max_size : cap * 2;
			buf = xrealloc(buf, cap + 1);
		}
		size_t got = fread(buf + len, 1, cap - len, f);
		len += got;
		if (got == 0)
			break;
	}
	err = ferror(f) ? (errno ? errno : EIO) : 0;
	if (!use_stdin)
		fclose(f);
	if (err) {
		xfree(buf);
		s->read_error = err;
		return -1;
	}
	s->text = arena_strndup(a, buf, len);
	s->len = len;
	xfree(buf);
	return truncated ? 1 : 0;
}

/* One entry per line: the offset after each '\n', and 0 for the first line. */
static void index_lines(struct cl_source *s)
{
	uint32_t n = 1;
	const char *p = s->text, *end = s->text + s->len;
	while ((p = memchr(p, '\n', (size_t)(end - p)))) {
		p++;
		n++;
	}
	s->line_start = xmalloc(n * sizeof *s->line_start);
	s->line_start[0] = 0;
	p = s->text;
	for (uint32_t l = 1; l < n; l++) {
		p = (const char *)memchr(p, '\n', (size_t)(end - p)) + 1;
		s->line_start[l] = (uint32_t)(p - s->text);
	}
	s->nlines = n;
	s->scanned += 2 * s->len;
}

const char *cl_source_line(const struct cl_source *src, uint32_t line, size_t *len)
{
	if (!src->text || line == 0)
		return NULL;
	if (!src->line_start)
		index_lines((struct cl_source *)src);  /* heap entry: only the cache changes */
	if (line > src->nlines)
		return NULL;
	const char *p = src->text + src->line_start[line - 1];
	const char *e = line < src->nlines ? src->text + src->line_start[line] - 1
					   : src->text + src->len;
	if (e > p && e[-1] == '\r')
		e--;
	*len = (size_t)(e - p);
	return p;
}
