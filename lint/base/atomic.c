/* atomic.c - write-then-rename output files (see atomic.h). */
#include "base/atomic.h"
#include "base/arena.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- temporary files removed on a fatal signal ---------------------------------- */

#define MAX_PENDING 64

static const int fatal_signals[] = { SIGINT, SIGTERM, SIGHUP, SIGPIPE };
#define NSIGNALS (sizeof fatal_signals / sizeof *fatal_signals)

/* Read by the handler: slots are only changed with the signals blocked. */
static char *volatile pending[MAX_PENDING];
static unsigned npending;
static struct sigaction previous[NSIGNALS];

static void on_fatal_signal(int sig)
{
	for (unsigned i = 0; i < MAX_PENDING; i++)
		if (pending[i])
			unlink(pending[i]);
	signal(sig, SIG_DFL);
	raise(sig);  /* delivered on return: the process ends as the signal says */
}

static void block(sigset_t *old)
{
	sigset_t set;
	sigemptyset(&set);
	for (size_t i = 0; i < NSIGNALS; i++)
		sigaddset(&set, fatal_signals[i]);
	sigprocmask(SIG_BLOCK, &set, old);
}

/* Register tmp; 0, or -1 when the table is full (the caller gives up). */
static int pending_add(char *tmp)
{
	sigset_t old;
	int rc = -1;
	block(&old);
	for (unsigned i = 0; i < MAX_PENDING && rc; i++)
		if (!pending[i]) {
			pending[i] = tmp;
			rc = 0;
		}
	if (!rc && npending++ == 0) {
		struct sigaction sa;
		memset(&sa, 0, sizeof sa);
		sa.sa_handler = on_fatal_signal;
		sigemptyset(&sa.sa_mask);
		for (size_t i = 0; i < NSIGNALS; i++) {
			sigaction(fatal_signals[i], NULL, &previous[i]);
			if (previous[i].sa_handler != SIG_IGN)
				sigaction(fatal_signals[i], &sa, NULL);
		}
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
	return rc;
}

static void pending_remove(const char *tmp)
{
	sigset_t old;
	block(&old);
	for (unsigned i = 0; i < MAX_PENDING; i++)
		if (pending[i] == tmp) {
			pending[i] = NULL;
			if (--npending == 0)
				for (size_t k = 0; k < NSIGNALS; k++)
					sigaction(fatal_signals[k], &previous[k], NULL);
			break;
		}
	sigprocmask(SIG_SETMASK, &old, NULL);
}

/* ---- output files --------------------------------------------------------------- */

static void release(struct atomic_file *af)
{
	if (af->tmp) {
		unlink(af->tmp);
		pending_remove(af->tmp);
	}
	xfree(af->tmp);
	xfree(af->path);
	memset(af, 0, sizeof *af);
}

/* Anything that exists and is not a regular file, a symbolic link
 * included, is written in place. */
static int open_in_place(struct atomic_file *af, const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	if (fd < 0)
		return -1;
	af->fp = fdopen(fd, "wb");
	if (!af->fp) {
		int e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	af->path = xstrdup(path);
	return 0;
}

int atomic_open(struct atomic_file *af, const char *path)
{
	memset(af, 0, sizeof *af);
	struct stat st;
	if (!lstat(path, &st) && !S_ISREG(st.st_mode))
		return open_in_place(af, path);
	size_t n = strlen(path);
	af->path = xstrdup(path);
	af->tmp = xmalloc(n + 16);
	snprintf(af->tmp, n + 16, "%s.tmp.XXXXXX", path);
	int fd = mkstemp(af->tmp);
	if (fd < 0) {
		int e = errno;
		xfree(af->tmp);
		xfree(af->path);
		memset(af, 0, sizeof *af);
		errno = e;
		return -1;
	}
	if (pending_add(af->tmp)) {
		close(fd);
		unlink(af->tmp);
		xfree(af->tmp);
		xfree(af->path);
		memset(af, 0, sizeof *af);
		errno = EMFILE;
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
		release(af);
		errno = e;
		return -1;
	}
	return 0;
}

int atomic_commit(struct atomic_file *af)
{
	int rc = 0, e = 0;
	if (fflush(af->fp) || ferror(af->fp) || (af->tmp && fsync(fileno(af->fp))))
		rc = -1, e = errno ? errno : EIO;
	if (fclose(af->fp) && !rc)
		rc = -1, e = errno;
	af->fp = NULL;
	if (!rc && af->tmp && rename(af->tmp, af->path))
		rc = -1, e = errno;
	if (!rc && af->tmp) {
		pending_remove(af->tmp);
		xfree(af->tmp);
		af->tmp = NULL;  /* renamed: nothing to remove */
	}
	release(af);
	errno = e;
	return rc;
}

void atomic_abort(struct atomic_file *af)
{
	if (af->fp)
		fclose(af->fp);
	release(af);
}
