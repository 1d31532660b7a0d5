/*
 * confine.h - which files a run may read when another file names them.
 *
 * Paths given on the command line are the user's choice.  Paths written
 * inside the files being linted (include, extends.file, env_file, the
 * project's .env, policy includes) come from whoever wrote those files, a
 * pull request for instance: they are read only when, with every symlink
 * resolved, they lie below the root (the repository) or below a path the
 * user opened up.  Otherwise `extends: {file: /etc/shadow}` or a committed
 * `.env -> /proc/self/environ` would copy what they hold into CI logs.
 * Every path here is a realpath in the arena given.
 */
#ifndef CL_BASE_CONFINE_H
#define CL_BASE_CONFINE_H

#include <stdint.h>

struct arena;

struct cl_confine {
	const char *given_root;  /* --root, resolved; NULL: found per project */
	int on;                  /* a root was set: paths outside it are refused */
	const char *root;        /* the root in force; NULL: none could be found */
	const char **allow;      /* --allow-outside paths, resolved: files or directories */
	uint32_t nallow;
};

/*
 * cl_confine_set_root() - the root for a project whose directory is dir:
 * the given root when there is one, else the nearest directory from dir
 * upwards that holds .git, else the current directory, or dir itself when
 * it is not below the current directory (the current directory when dir
 * does not resolve).  Returns 0, or -1 when no directory resolves: then
 * every path not opened up is refused.
 */
int cl_confine_set_root(struct cl_confine *c, struct arena *a, const char *dir);

/* cl_confine_resolve() - path with every symlink resolved, in the arena;
 * NULL (errno set) when it does not resolve. */
const char *cl_confine_resolve(struct arena *a, const char *path);

/* cl_confine_allow() - open up path (a file or a directory); -1 (errno
 * set) when it does not resolve. */
int cl_confine_allow(struct cl_confine *c, struct arena *a, const char *path);

/*
 * cl_confine_refuse() - NULL when path may be read: no root was set yet,
 * it lies below the root or an opened-up path, or it does not resolve
 * (reading it then fails on its own, without reading anything).  Else why
 * not, in the arena, to follow "cannot read 'p': ": "it is outside the
 * repository root; ...".
 */
const char *cl_confine_refuse(const struct cl_confine *c, struct arena *a, const char *path);

#endif
