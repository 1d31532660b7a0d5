/* outputs.c - refusing report files that would destroy something (see outputs.h). */
/* realpath() is XSI */
#define _XOPEN_SOURCE 700
#include "cli/outputs.h"
#include "base/arena.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The path with its directory resolved (malloc'd): "./x/../r.json" and
 * "r.json" are one file even before it exists. */
static char *canonical(const char *path)
{
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	char *rdir;
	if (slash) {
		size_t k = (size_t)(slash - path) + (slash == path);  /* "/x": the root */
		char *dir = xmalloc(k + 1);
		memcpy(dir, path, k);
		dir[k] = '\0';
		rdir = realpath(dir, NULL);
		free(dir);
	} else {
		rdir = realpath(".", NULL);
	}
	if (!rdir)
		return xstrdup(path);
	size_t n = strlen(rdir) + strlen(base) + 2;
	char *r = xmalloc(n);
	snprintf(r, n, "%s/%s", strcmp(rdir, "/") ? rdir : "", base);
	free(rdir);
	return r;
}

/* 1 when a and b are the same file; with regular_only, only when it is a
 * regular file (or does not exist). */
static int same_file(const char *a, const char *b, int regular_only)
{
	struct stat sa, sb;
	int ea = stat(a, &sa), eb = stat(b, &sb);
	if (!ea && !eb)
		return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino &&
		       (!regular_only || S_ISREG(sa.st_mode));
	if (!ea || !eb)
		return 0;
	char *ca = canonical(a), *cb = canonical(b);
	int same = !strcmp(ca, cb);
	free(ca);
	free(cb);
	return same;
}

int outputs_distinct(const struct options *o)
{
	struct stat out_st;
	/* a device such as /dev/null may well be both */
	int stdout_used = 0, stdout_known = !fstat(STDOUT_FILENO, &out_st) &&
					    (S_ISREG(out_st.st_mode) || S_ISFIFO(out_st.st_mode));
	for (unsigned i = 0; i < o->noutputs; i++)
		stdout_used |= !o->outputs[i].path;
	for (unsigned i = 0; i < o->noutputs; i++) {
		const char *p = o->outputs[i].path;
		if (!p)
			continue;
		for (unsigned k = 0; k < i; k++)
			if (o->outputs[k].path && same_file(o->outputs[k].path, p, 0)) {
				fprintf(stderr, "composelint: two reports would be written to the same "
					"file: '%s' and '%s'\ntry 'composelint --help'\n",
					o->outputs[k].path, p);
				return CL_EXIT_ERROR;
			}
		struct stat st;
		if (stdout_used && stdout_known && !stat(p, &st) && st.st_dev == out_st.st_dev &&
		    st.st_ino == out_st.st_ino) {
			fprintf(stderr, "composelint: '%s' is standard output, where another format "
				"writes already\ntry 'composelint --help'\n", p);
			return CL_EXIT_ERROR;
		}
	}
	return 0;
}

int output_replaces(const char *path, const char *in)
{
	return strcmp(in, "-") && same_file(path, in, 1);
}

const char *output_clobbers_input(const char *path, const struct cl_sources *files)
{
	for (uint32_t i = 0; i < files->n; i++)
		if (output_replaces(path, files->v[i].path))
			return files->v[i].path;
	return NULL;
}

void std_streams_open(void)
{
	for (int fd = 0; fd <= 2; fd++)
		if (fcntl(fd, F_GETFD) < 0 && errno == EBADF)
			open("/dev/null", fd ? O_RDONLY : O_WRONLY);  /* takes the lowest: fd */
}

int std_streams_close(int rc)
{
	errno = 0;
	int failed = fflush(stdout) != 0, err = errno;
	failed |= ferror(stdout) != 0;
	if (fclose(stdout) && !failed) {
		failed = 1;
		err = errno;
	}
	if (!failed)
		return rc;
	if (err)
		fprintf(stderr, "composelint: cannot write to standard output: %s\n", strerror(err));
	else
		fputs("composelint: cannot write to standard output\n", stderr);
	return CL_EXIT_ERROR;
}
