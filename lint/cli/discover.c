/* discover.c - finding compose files (see discover.h). */
#include "cli/discover.h"
#include "base/vec.h"
#include "base/arena.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

void pathlist_add(struct pathlist *l, const char *path)
{
	*VEC_PUSH(l->v, l->n, l->cap) = xstrdup(path);
}

void pathlist_release(struct pathlist *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}

static int has_yaml_ext(const char *s, size_t n)
{
	return (n >= 4 && !strcmp(s + n - 4, ".yml")) || (n >= 5 && !strcmp(s + n - 5, ".yaml"));
}

int cl_is_compose_name(const char *base)
{
	static const char *const stems[] = { "compose", "docker-compose" };
	size_t n = strlen(base);
	if (!has_yaml_ext(base, n))
		return 0;
	for (size_t i = 0; i < 2; i++) {
		size_t k = strlen(stems[i]);
		if (strncmp(base, stems[i], k))
			continue;
		const char *rest = base + k;
		if (!strcmp(rest, ".yml") || !strcmp(rest, ".yaml"))
			return 1;
		/* compose.<something>.yml, with a non-empty middle part */
		if (rest[0] == '.' && strlen(rest) > 5 && rest[1] != '.')
			return 1;
	}
	return 0;
}

/* The first of names[] that is in dir and not a directory (malloc'd), or
 * NULL; a warning names the ones passed over, as docker compose does.  One
 * that is not a regular file (a FIFO) is taken, and refused when read. */
static char *first_in(const char *dir, const char *const *names, size_t n)
{
	char *found = NULL;
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(dir) + strlen(names[i]) + 2;
		char *p = xmalloc(len);
		if (!strcmp(dir, "."))
			snprintf(p, len, "%s", names[i]);
		else
			snprintf(p, len, "%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/", names[i]);
		struct stat st;
		if (stat(p, &st) || S_ISDIR(st.st_mode)) {
			free(p);
		} else if (!found) {
			found = p;
		} else {
			fprintf(stderr, "composelint: warning: found both %s and %s; using %s\n",
				found, p, found);
			free(p);
		}
	}
	return found;
}

char *discover_default(const char *dir)
{
	/* compose's order of preference (compose-go cli/options.go) */
	static const char *const names[] = { "compose.yaml", "compose.yml", "docker-compose.yml",
					      "docker-compose.yaml" };
	return first_in(dir, names, sizeof names / sizeof *names);
}

char *discover_override(const char *dir)
{
	static const char *const names[] = { "compose.override.yml", "compose.override.yaml",
					      "docker-compose.override.yml",
					      "docker-compose.override.yaml" };
	return first_in(dir, names, sizeof names / sizeof *names);
}

int cl_is_default_name(const char *base)
{
	return !strcmp(base, "compose.yaml") || !strcmp(base, "compose.yml") ||
	       !strcmp(base, "docker-compose.yml") || !strcmp(base, "docker-compose.yaml");
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void skip(struct discovery *out, const char *dir, int err)
{
	struct discover_skip *s = VEC_PUSH(out->skipped, out->nskipped, out->cap_skipped);
	s->path = xstrdup(dir);
	s->err = err;
}

static void walk(const char *dir, struct discovery *out, int depth, int (*want)(const char *))
{
	if (depth > DISCOVER_MAX_DEPTH) {
		skip(out, dir, 0);
		return;
	}
	DIR *d = opendir(dir);
	if (!d) {
		skip(out, dir, errno ? errno : EIO);
		return;
	}
	struct pathlist names = { NULL, 0, 0 };
	struct dirent *e;
	errno = 0;
	while ((e = readdir(d)) != NULL)
		if (e->d_name[0] != '.')
			pathlist_add(&names, e->d_name);
	int err = errno;
	closedir(d);
	if (err) {
		skip(out, dir, err);
		pathlist_release(&names);
		return;
	}
	if (names.n > 1)  /* qsort() must not see the NULL of an empty list */
		qsort(names.v, names.n, sizeof *names.v, cmp_str);
	for (size_t i = 0; i < names.n; i++) {
		size_t n = strlen(dir) + strlen(names.v[i]) + 2;
		char *p = xmalloc(n);
		if (!strcmp(dir, "."))
			snprintf(p, n, "%s", names.v[i]);  /* "app/compose.yml", not "./app/..." */
		else
			snprintf(p, n, "%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/",
				 names.v[i]);
		struct stat st;
		if (lstat(p, &st)) {
			/* a directory that can be listed but not searched (mode
			 * 644): nothing in it can be judged, so say so; an entry
			 * removed since the listing is no loss */
			int lerr = errno;
			free(p);
			if (lerr == ENOENT)
				continue;
			skip(out, dir, lerr);
			break;
		}
		if (S_ISDIR(st.st_mode)) {
			if (strcmp(names.v[i], "node_modules"))
				walk(p, out, depth + 1, want);
		} else if (want(names.v[i])) {
			/* kept whatever it is: reading refuses what is not a
			 * regular file with a finding */
			pathlist_add(&out->found, p);
		}
		free(p);
	}
	pathlist_release(&names);
}

void discover_dir(const char *dir, struct discovery *out)
{
	memset(out, 0, sizeof *out);
	walk(dir, out, 0, cl_is_compose_name);
}

static int is_yaml_name(const char *base)
{
	return has_yaml_ext(base, strlen(base));
}

void discover_yaml(const char *dir, struct discovery *out)
{
	memset(out, 0, sizeof *out);
	walk(dir, out, 0, is_yaml_name);
}

char *discover_skip_message(const struct discover_skip *s, const char *top)
{
	size_t n = strlen(s->path) + strlen(top) + 160;
	char *msg = xmalloc(n);
	if (s->err)
		snprintf(msg, n, "cannot read directory '%s': %s; not searched", s->path,
			 strerror(s->err));
	else
		snprintf(msg, n, "directory '%s' is nested more than %d levels below '%s'; not "
			 "searched", s->path, DISCOVER_MAX_DEPTH, top);
	return msg;
}

void discovery_release(struct discovery *d)
{
	pathlist_release(&d->found);
	for (size_t i = 0; i < d->nskipped; i++)
		free(d->skipped[i].path);
	free(d->skipped);
}
