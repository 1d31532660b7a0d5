/*
 * discover.h - which files a command line means.
 *
 * No argument: the compose file of the current directory, found the way
 * `docker compose` finds it.  A directory: every compose project file below
 * it, by name.  A file: that file.  Results are sorted so runs are stable.
 */
#ifndef CL_CLI_DISCOVER_H
#define CL_CLI_DISCOVER_H

#include <stddef.h>

struct pathlist {
	char **v;
	size_t n, cap;
};

void pathlist_add(struct pathlist *l, const char *path);
void pathlist_release(struct pathlist *l);

/* cl_is_compose_name() - compose.y(a)ml, docker-compose.y(a)ml and their
 * compose.*.y(a)ml / docker-compose.*.y(a)ml variants. */
int cl_is_compose_name(const char *base);

/* discover_default() - the compose file in dir, or NULL (malloc'd). */
char *discover_default(const char *dir);
/* discover_override() - the override file in dir (compose.override.yml,
 * compose.override.yaml, docker-compose.override.yml, ...yaml: the first
 * that exists), or NULL (malloc'd). */
char *discover_override(const char *dir);
/* cl_is_default_name() - one of the four names docker compose finds alone. */
int cl_is_default_name(const char *base);

#define DISCOVER_MAX_DEPTH 64  /* directories below the one given */

/*
 * What a directory scan found.  Hidden directories, node_modules and
 * symlinked directories are skipped without a word (documented); a
 * directory that cannot be listed, or that lies deeper than
 * DISCOVER_MAX_DEPTH, is never skipped silently: it is in `skipped`, for
 * the caller to report.
 */
struct discover_skip {
	char *path;
	int err;                  /* errno, or 0: deeper than DISCOVER_MAX_DEPTH */
};

struct discovery {
	struct pathlist found;    /* the files, in a stable order */
	struct discover_skip *skipped;
	size_t nskipped, cap_skipped;
};

/* discover_dir() - every compose file under dir (recursively). */
void discover_dir(const char *dir, struct discovery *out);

/* discover_yaml() - every *.yml / *.yaml file under dir, whatever its name
 * (policy test fixtures), with the same walk as discover_dir(). */
void discover_yaml(const char *dir, struct discovery *out);

/* discover_skip_message() - why s was not searched, for a scan of top, in
 * words (malloc'd): "cannot read directory 'x': Permission denied; ...". */
char *discover_skip_message(const struct discover_skip *s, const char *top);

void discovery_release(struct discovery *d);

#endif
