/*
 * test_atomic.c - report files (lint/base/atomic.c): a regular file is
 * replaced whole or left alone, anything else is written in place, and a
 * fatal signal while a temporary file exists removes it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/atomic.h"

static char dir[64];

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "/tmp/test_atomic.XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	DIR *d = opendir(dir);
	struct dirent *e;
	char p[400];
	while (d && (e = readdir(d)))
		if (e->d_name[0] != '.') {
			snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
			unlink(p);
		}
	if (d)
		closedir(d);
	return rmdir(dir);
}

static unsigned entries(void)
{
	unsigned n = 0;
	DIR *d = opendir(dir);
	struct dirent *e;
	while (d && (e = readdir(d)))
		n += e->d_name[0] != '.';
	if (d)
		closedir(d);
	return n;
}

static void slurp(const char *path, char *buf, size_t n)
{
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	size_t got = fread(buf, 1, n - 1, f);
	buf[got] = '\0';
	fclose(f);
}

static void test_regular_whole_or_absent(void **state)
{
	(void)state;
	char path[128], buf[64];
	snprintf(path, sizeof path, "%s/r.json", dir);
	FILE *f = fopen(path, "w");
	fputs("old", f);
	fclose(f);
	struct atomic_file af;
	assert_int_equal(atomic_open(&af, path), 0);
	assert_non_null(af.tmp);
	fputs("new, half", af.fp);
	atomic_abort(&af);
	slurp(path, buf, sizeof buf);
	assert_string_equal(buf, "old");
	assert_int_equal(entries(), 1);
	assert_int_equal(atomic_open(&af, path), 0);
	fputs("new", af.fp);
	assert_int_equal(atomic_commit(&af), 0);
	slurp(path, buf, sizeof buf);
	assert_string_equal(buf, "new");
	assert_int_equal(entries(), 1);
}

static void test_symlink_in_place(void **state)
{
	(void)state;
	char link[128], target[128], buf[64];
	snprintf(link, sizeof link, "%s/link", dir);
	snprintf(target, sizeof target, "%s/target", dir);
	assert_int_equal(symlink("target", link), 0);
	struct atomic_file af;
	assert_int_equal(atomic_open(&af, link), 0);
	assert_null(af.tmp);
	fputs("through", af.fp);
	assert_int_equal(atomic_commit(&af), 0);
	struct stat st;
	assert_int_equal(lstat(link, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	slurp(target, buf, sizeof buf);
	assert_string_equal(buf, "through");
}

static void test_device_error_reported(void **state)
{
	(void)state;
	struct stat st;
	if (stat("/dev/full", &st) || !S_ISCHR(st.st_mode)) {
		skip();
	}
	struct atomic_file af;
	assert_int_equal(atomic_open(&af, "/dev/full"), 0);
	assert_null(af.tmp);
	fputs("x", af.fp);
	assert_int_equal(atomic_commit(&af), -1);
}

/* SIGINT (and the others) while a temporary file exists: it goes, and the
 * process still dies of the signal. */
static void test_signal_removes_temporary(void **state)
{
	(void)state;
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGPIPE };
	for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++) {
		char path[128];
		snprintf(path, sizeof path, "%s/sig.json", dir);
		pid_t pid = fork();
		assert_true(pid >= 0);
		if (pid == 0) {
			signal(sigs[i], SIG_DFL);
			struct atomic_file af;
			if (atomic_open(&af, path))
				_exit(3);
			fputs("partial", af.fp);
			fflush(af.fp);
			raise(sigs[i]);
			_exit(4);  /* not reached: the signal ends the process */
		}
		int st;
		assert_int_equal(waitpid(pid, &st, 0), pid);
		assert_true(WIFSIGNALED(st));
		assert_int_equal(WTERMSIG(st), sigs[i]);
		assert_int_equal(entries(), 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_regular_whole_or_absent, setup, teardown),
		cmocka_unit_test_setup_teardown(test_symlink_in_place, setup, teardown),
		cmocka_unit_test_setup_teardown(test_device_error_reported, setup, teardown),
		cmocka_unit_test_setup_teardown(test_signal_removes_temporary, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
