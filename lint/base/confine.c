/* confine.c - which files a run may read when another file names them (see confine.h). */
/* realpath() is XSI */
#define _XOPEN_SOURCE 700
#include "base/confine.h"
#include "base/arena.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

const char *cl_confine_resolve(struct arena *a, const char *path)
{
	char *r = realpath(path, NULL);
	if (!r)
		return NULL;
	const char *s = arena_strdup(a, r);
	free(r);
	return s;
}

/* path is dir or lies below it (both resolved). */
static int below(const char *path, const char *dir)
{
	size_t n = strlen(dir);
	if (n == 1 && dir[0] == '/')
		return 1;
	return !strncmp(path, dir, n) && (path[n] == '\0' || path[n] == '/');
}

/* The nearest directory from dir upwards that holds .git (a directory, or
 * the file a worktree or submodule has), or NULL. */
static const char *git_top(struct arena *a, const char *dir)
{
	size_t n = strlen(dir);
	for (;;) {
		struct stat st;
		if (!stat(arena_printf(a, "%.*s/.git", (int)n, dir), &st))
			return arena_strndup(a, dir, n);
		if (n <= 1)
			return NULL;  /* "/" was the last try */
		while (n > 1 && dir[n - 1] != '/')
			n--;
		if (n > 1)
			n--;  /* "/a/b" -> "/a"; "/a" -> "/" */
	}
}

int cl_confine_set_root(struct cl_confine *c, struct arena *a, const char *dir)
{
	c->on = 1;
	c->root = c->given_root;
	if (c->root)
		return 0;
	const char *d = cl_confine_resolve(a, dir), *cwd = cl_confine_resolve(a, ".");
	const char *top = d ? git_top(a, d) : NULL;
	if (top)
		c->root = top;
	else if (d)
		c->root = cwd && below(d, cwd) ? cwd : d;
	else
		c->root = cwd;
	return c->root ? 0 : -1;
}

int cl_confine_allow(struct cl_confine *c, struct arena *a, const char *path)
{
	const char *r = cl_confine_resolve(a, path);
	if (!r)
		return -1;
	c->allow = arena_grow(a, c->allow, c->nallow * sizeof *c->allow,
			      (c->nallow + 1) * sizeof *c->allow);
	c->allow[c->nallow++] = r;
	return 0;
}

const char *cl_confine_refuse(const struct cl_confine *c, struct arena *a, const char *path)
{
	if (!c->on)
		return NULL;
	const char *r = cl_confine_resolve(a, path);
	if (!r || (c->root && below(r, c->root)))
		return NULL;
	for (uint32_t i = 0; i < c->nallow; i++)
		if (below(r, c->allow[i]))
			return NULL;
	/* shown as the option would take it: relative below the current directory */
	const char *cwd = cl_confine_resolve(a, "."), *show = r;
	if (cwd && strcmp(cwd, "/") && below(r, cwd) && strcmp(r, cwd))
		show = r + strlen(cwd) + 1;
	if (!strcmp(r, path) || !strcmp(show, path))
		return arena_printf(a, "it is outside the repository root; --allow-outside %s "
				       "lets composelint read it", show);
	return arena_printf(a, "it resolves to '%s', outside the repository root; "
			       "--allow-outside %s lets composelint read it", show, show);
}
