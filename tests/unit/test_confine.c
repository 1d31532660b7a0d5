/*
 * test_confine.c - which files a run reads when a project's file names
 * them (lint/base/confine.c): the root found from .git, from the current
 * directory or given, symlinks resolved before judging, opened-up paths.
 * Everything happens in a fresh directory under $TMPDIR, outside any
 * repository of the machine (no .git above it is assumed: the test makes
 * its own).
 */
#define _XOPEN_SOURCE 700
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/arena.h"
#include "base/confine.h"

static char top[4096];    /* the test's directory, resolved */
static char start[4096];  /* the current directory before the test */

static const char *at(struct arena *a, const char *rel)
{
	return arena_printf(a, "%s/%s", top, rel);
}

static void touch(struct arena *a, const char *rel)
{
	FILE *f = fopen(at(a, rel), "w");
	assert_non_null(f);
	fclose(f);
}

static int setup(void **state)
{
	(void)state;
	const char *tmp = getenv("TMPDIR");
	char made[4096];
	snprintf(made, sizeof made, "%s/confine.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(made) || !realpath(made, top) || !getcwd(start, sizeof start))
		return -1;
	struct arena *a = arena_new();
	const char *dirs[] = { "repo", "repo/.git", "repo/app", "repo/app/sub", "plain",
			       "plain/proj", "outside", NULL };
	for (const char **d = dirs; *d; d++)
		mkdir(at(a, *d), 0755);
	touch(a, "repo/app/compose.yml");
	touch(a, "repo/shared.yml");
	touch(a, "outside/secret");
	touch(a, "outside/other");
	touch(a, "plain/proj/x.yml");
	int rc = symlink(at(a, "outside/secret"), at(a, "repo/app/link")) |
		 symlink("../shared.yml", at(a, "repo/app/inside-link"));
	arena_free(a);
	return rc;
}

static int teardown(void **state)
{
	(void)state;
	if (chdir(start))
		return -1;
	char cmd[4200];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", top);
	return system(cmd);
}

static void test_nearest_git(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct cl_confine c = { 0 };
	/* nothing is refused before a root is set */
	assert_null(cl_confine_refuse(&c, a, at(a, "outside/secret")));
	assert_int_equal(cl_confine_set_root(&c, a, at(a, "repo/app/sub")), 0);
	assert_string_equal(c.root, at(a, "repo"));
	assert_null(cl_confine_refuse(&c, a, at(a, "repo/shared.yml")));
	assert_null(cl_confine_refuse(&c, a, at(a, "repo/app/../shared.yml")));
	assert_null(cl_confine_refuse(&c, a, at(a, "repo/app/inside-link")));
	/* a path that does not resolve is left to fail on its own */
	assert_null(cl_confine_refuse(&c, a, at(a, "outside/none")));
	const char *why = cl_confine_refuse(&c, a, at(a, "repo/app/link"));
	assert_non_null(why);
	assert_non_null(strstr(why, "resolves to"));
	assert_non_null(strstr(why, "outside/secret"));
	why = cl_confine_refuse(&c, a, at(a, "repo/app/../../outside/secret"));
	assert_non_null(why);
	why = cl_confine_refuse(&c, a, at(a, "outside/secret"));
	assert_non_null(why);
	assert_null(strstr(why, "resolves to"));
	/* "repo2" is not below "repo" */
	mkdir(at(a, "repo2"), 0755);
	touch(a, "repo2/f");
	assert_non_null(cl_confine_refuse(&c, a, at(a, "repo2/f")));
	arena_free(a);
}

static void test_without_git(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct cl_confine c = { 0 };
	/* the project directory below the current directory: the current one */
	assert_int_equal(chdir(at(a, "plain")), 0);
	assert_int_equal(cl_confine_set_root(&c, a, "proj"), 0);
	assert_string_equal(c.root, at(a, "plain"));
	/* not below it: the project directory itself */
	assert_int_equal(chdir(at(a, "outside")), 0);
	assert_int_equal(cl_confine_set_root(&c, a, at(a, "plain/proj")), 0);
	assert_string_equal(c.root, at(a, "plain/proj"));
	/* shown relative to the current directory, as --allow-outside takes it */
	assert_int_equal(chdir(top), 0);
	const char *why = cl_confine_refuse(&c, a, "outside/secret");
	assert_non_null(why);
	assert_non_null(strstr(why, "--allow-outside outside/secret "));
	assert_int_equal(chdir(start), 0);
	arena_free(a);
}

static void test_given_root_and_allow(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct cl_confine c = { 0 };
	c.given_root = at(a, "repo/app");
	assert_int_equal(cl_confine_set_root(&c, a, at(a, "plain/proj")), 0);
	assert_string_equal(c.root, at(a, "repo/app"));
	assert_non_null(cl_confine_refuse(&c, a, at(a, "repo/shared.yml")));
	/* one file opened up: that file only */
	assert_int_equal(cl_confine_allow(&c, a, at(a, "outside/secret")), 0);
	assert_null(cl_confine_refuse(&c, a, at(a, "repo/app/link")));
	assert_non_null(cl_confine_refuse(&c, a, at(a, "outside/other")));
	/* a directory: everything below it */
	assert_int_equal(cl_confine_allow(&c, a, at(a, "repo")), 0);
	assert_null(cl_confine_refuse(&c, a, at(a, "repo/shared.yml")));
	assert_int_equal(cl_confine_allow(&c, a, at(a, "no/such/path")), -1);
	arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nearest_git),
		cmocka_unit_test(test_without_git),
		cmocka_unit_test(test_given_root_and_allow),
	};
	return cmocka_run_group_tests_name("confine", tests, setup, teardown);
}
