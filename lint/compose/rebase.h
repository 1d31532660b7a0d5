/*
 * rebase.h - relative paths of a file used from another directory.
 *
 * A compose file's relative paths (build contexts, bind mount sources,
 * env_file, the `file` of secrets and configs) are relative to the
 * directory it is read from.  When a project takes services from a file in
 * another directory, through `extends.file` or `include`, compose resolves
 * those paths against that file's directory.  compose_rebase() rewrites
 * them as paths relative to the project directory instead, so that every
 * path of the assembled project means one thing: `./conf:/etc/app` written
 * in base/base.yml becomes `./base/conf:/etc/app`.
 *
 * The rewritten scalars keep their spans (findings still point at what was
 * written); raw() still gives the text as written.
 */
#ifndef CL_COMPOSE_REBASE_H
#define CL_COMPOSE_REBASE_H

#include "yaml/tree.h"

struct arena;

/* compose_rebase() - doc with its relative paths prefixed by dir (a path
 * relative to the project directory; "." changes nothing). */
const struct ynode *compose_rebase(struct arena *a, const struct ynode *doc, const char *dir);

/* cl_path_rebase() - path p of a file in dir, as seen from the project
 * directory: "./dir/p" with "x/.." collapsed; p itself when absolute,
 * home-relative or dir is ".". */
const char *cl_path_rebase(struct arena *a, const char *dir, const char *p);

#endif
