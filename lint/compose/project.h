/*
 * project.h - the files of a compose project, assembled into the one
 * document that compose would run.
 *
 * docker compose reads its files in order (`-f a.yml -f b.yml`, or a file
 * and the override beside it) and, for each file: interpolates it with the
 * project's variables, imports what its top-level `include` brings (each
 * included project assembled on its own, with its own directory and .env),
 * resolves the `extends` of its services (same file or `file:`), then
 * merges it over what the files before it made (merge.h).  With profiles
 * asked for, services outside them are left out.  compose_project_assemble()
 * does all of that on our trees and returns one YAML tree, the effective
 * document, in which every value still points at the text where a person
 * wrote it, with the chain of `extends`, `include` and variable definitions
 * that brought it (yaml/tree.h, struct yvia).  compose_normalize()
 * (value.h) turns that tree into the document rules, policies and
 * `composelint config` read, so they see what will run.
 *
 * Variables come, in this order of precedence, from: the process
 * environment, only when use_env is set (so results do not depend on the
 * shell by default); the --env-file files, later ones first, or else the
 * .env file of the project directory.  An included project sees its
 * includer's variables first, then its own env_file (or .env).
 *
 * Reading files is the caller's business (struct cl_loader): the engine
 * keeps one file table and reports each file's YAML problems once however
 * many projects use it.  Problems of the project itself (interpolation,
 * unresolved or cyclic extends and include, .env syntax) come back as
 * values (problem.h).
 */
#ifndef CL_COMPOSE_PROJECT_H
#define CL_COMPOSE_PROJECT_H

#include <stddef.h>
#include <stdint.h>

#include "compose/problem.h"
#include "yaml/tree.h"

struct arena;

struct cl_loader {
	/*
	 * The document of the compose file at path (as the user would write
	 * it: relative to the current directory, or absolute).  *file is its
	 * index in the file table.  NULL when there is nothing to use: the
	 * file cannot be read (*err says why, *file is UINT32_MAX when it is
	 * not even registered) or it is not usable YAML (*err NULL: the loader
	 * reported the YAML problems itself).  The same file, whatever the
	 * spelling of its path, gets the same index and the same document.
	 */
	const struct ynode *(*yaml)(struct cl_loader *l, const char *path, uint32_t *file,
				    const char **err);
	/* The text of a .env file: 0; -1 with *err when it cannot be read (*err
	 * NULL when it does not exist); 1 when the loader refused it and
	 * reported why itself (larger than the size limit, not a regular file). */
	int (*text)(struct cl_loader *l, const char *path, uint32_t *file, const char **text,
		    size_t *len, const char **err);
	void *ctx;
	/* Why a path that a file of the project names (include, extends.file,
	 * env_file, the project's .env) must not be read, or NULL when it may;
	 * *file gets its index in the file table (registered, never read).
	 * Paths from the command line are not asked about.  NULL: every path
	 * may be read. */
	const char *(*refuse)(struct cl_loader *l, const char *path, uint32_t *file);
};

struct cl_project_opts {
	const char *const *files;       /* the main file, then its overrides */
	uint32_t nfiles;
	const char *project_dir;        /* NULL: the main file's directory */
	const char *const *env_files;   /* --env-file, in order; none: project_dir/.env */
	uint32_t nenv_files;
	char *const *environ;           /* the process environment; NULL: not used */
	const char *const *profiles;    /* --profile; none: every service */
	uint32_t nprofiles;
};

#define CL_PROJECT_MAX_DEPTH 32u    /* nested includes, chained extends */

struct cl_assembled {
	const struct ynode *root;       /* the effective document (for compose_normalize());
					 * NULL when none loaded */
	uint32_t main_file;             /* index of files[0]; UINT32_MAX if unreadable */
	uint32_t *files;                /* every compose and .env file it read, first use first */
	uint32_t nfiles, cap_files;
	struct cl_diags problems;       /* kinds: enum cl_problem_kind */
};

/* compose_project_assemble() - everything in arena a.  Never fails as a
 * whole: what cannot be assembled is a problem, the rest is kept. */
void compose_project_assemble(struct arena *a, struct cl_loader *ld,
			      const struct cl_project_opts *o, struct cl_assembled *out);

/* cl_path_dir() - the directory part of path ("." when none). */
char *cl_path_dir(struct arena *a, const char *path);
/* cl_path_join() - rel taken from dir (rel itself when absolute). */
char *cl_path_join(struct arena *a, const char *dir, const char *rel);

#endif
