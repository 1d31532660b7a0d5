/* atomic.c - write-then-rename output files (see atomic.h). */
#include "base/atomic.h"
#include "base/arena.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int atomic_open(struct atomic_file *af, const char *path)
{
	memset(af, 0, sizeof *af);
	size_t n = strlen(path);
	af->path = xstrdup(path);
	af->tmp = xmalloc(n + 16);
	snprintf(af->tmp, n + 16, "%s.tmp.XXXXXX", path);
	int fd = mkstemp(af->tmp);
	if (fd < 0) {
		int e = errno;
		free(af->tmp);
		free(af->path);
		af->tmp = af->path = NULL;
		errno = e;
		return -1;
	}
	/* mkstemp makes 0600; a report is as readable as any file the user writes */
	mode_t mask = umask(0);
	umask(mask);
	fchmod(fd, 0666 & ~mask);
	af->fp = fdopen(fd, "wb");
	if (!af->fp) {
		int e = errno;
		close(fd);
		unlink(af->tmp);
		free(af->tmp);
		free(af->path);
		errno = e;
		return -1;
	}
	return 0;
}

int atomic_commit(struct atomic_file *af)
{
	int rc = 0;
	if (fflush(af->fp) || ferror(af->fp) || fsync(fileno(af->fp)))
		rc = -1;
	if (fclose(af->fp))
		rc = -1;
	int e = errno;
	if (!rc && rename(af->tmp, af->path))
		rc = -1, e = errno;
	if (rc)
		unlink(af->tmp);
	free(af->tmp);
	free(af->path);
	memset(af, 0, sizeof *af);
	errno = e;
	return rc;
}

void atomic_abort(struct atomic_file *af)
{
	if (af->fp)
		fclose(af->fp);
	if (af->tmp)
		unlink(af->tmp);
	free(af->tmp);
	free(af->path);
	memset(af, 0, sizeof *af);
}
