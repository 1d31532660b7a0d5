/*
 * projects.c - which compose projects a command line means.
 *
 *  -f A -f B        one project: A, overridden by B
 *  (nothing)        COMPOSE_FILE (split at COMPOSE_PATH_SEPARATOR, ':' by
 *                   default) when set, else the current directory's compose
 *                   file with its override, as docker compose finds them
 *  FILE             FILE; with its override beside it when FILE has one of
 *                   the four default names (compose would pick both up)
 *  DIR              every project below DIR: the compose files found, less
 *                   the ones another file brings in as its override, an
 *                   include or an extends.file (they are linted as part of
 *                   that project, not on their own)
 */
/* realpath() is XSI */
#define _XOPEN_SOURCE 700
#include "cli/options.h"
#include "base/vec.h"
#include "base/arena.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static struct pathlist *new_project(struct project_list *l)
{
	return VEC_PUSH(l->v, l->n, l->cap);
}

void projects_release(struct project_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		pathlist_release(&l->v[i]);
	free(l->v);
	memset(l, 0, sizeof *l);
}

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

static char *dir_of(const char *path)
{
	const char *s = strrchr(path, '/');
	if (!s)
		return strdup(".");
	if (s == path)
		return strdup("/");
	char *d = xmalloc((size_t)(s - path) + 1);
	memcpy(d, path, (size_t)(s - path));
	d[s - path] = '\0';
	return d;
}

/* A file and, when it has a default name, the override beside it. */
static void file_project(struct project_list *l, const char *path)
{
	struct pathlist *p = new_project(l);
	pathlist_add(p, path);
	if (strcmp(path, "-") && cl_is_default_name(base_name(path))) {
		char *dir = dir_of(path);
		char *ov = discover_override(dir);
		if (ov)
			pathlist_add(p, ov);
		free(ov);
		free(dir);
	}
}

static int has(const struct pathlist *l, const char *s)
{
	for (size_t i = 0; i < l->n; i++)
		if (!strcmp(l->v[i], s))
			return 1;
	return 0;
}

static void add_real(struct pathlist *l, const char *path)
{
	char *r = realpath(path, NULL);
	if (r && !has(l, r))
		pathlist_add(l, r);
	free(r);
}

/* The projects of a directory scan: files brought in by another file are
 * part of that file's project. */
static void dir_projects(struct project_list *l, struct cl_run *run, const struct pathlist *found)
{
	struct pathlist used = { NULL, 0, 0 };
	size_t start = l->n;
	for (size_t i = 0; i < found->n; i++) {
		file_project(l, found->v[i]);
		const struct pathlist *p = &l->v[l->n - 1];
		for (size_t k = 1; k < p->n; k++)
			add_real(&used, p->v[k]);
		const char **refs;
		uint32_t n = cl_run_references(run, found->v[i], &refs);
		for (uint32_t k = 0; k < n; k++)
			add_real(&used, refs[k]);
	}
	size_t keep = start;
	for (size_t i = start; i < l->n; i++) {
		char *r = realpath(l->v[i].v[0], NULL);
		int drop = r && has(&used, r);
		free(r);
		if (drop) {
			pathlist_release(&l->v[i]);
			continue;
		}
		l->v[keep++] = l->v[i];
	}
	l->n = keep;
	pathlist_release(&used);
}

/* A directory scan's skipped directories, each a finding (exit 2). */
static void report_skipped(struct cl_run *run, const char *top, const struct discovery *d)
{
	for (size_t i = 0; i < d->nskipped; i++) {
		const struct discover_skip *s = &d->skipped[i];
		char *msg = discover_skip_message(s, top);
		cl_run_skipped(run, s->path, s->err ? R_CL000 : R_CL004, msg);
		free(msg);
	}
}

/* Files named on the command line (or in COMPOSE_FILE) may be FIFOs,
 * devices, process substitutions; everything else must be a regular file. */
static void mark_given(struct cl_run *run, const struct pathlist *l)
{
	for (size_t i = 0; i < l->n; i++)
		cl_run_given(run, l->v[i]);
}

int projects_find(struct options *o, struct cl_run *run, struct project_list *out)
{
	memset(out, 0, sizeof *out);
	mark_given(run, &o->env_files);
	if (o->files.n) {
		mark_given(run, &o->files);
		if (o->paths.n) {
			fprintf(stderr, "composelint: give the project either as -f files or as paths, "
					"not both\ntry 'composelint --help'\n");
			return -1;
		}
		struct pathlist *p = new_project(out);
		for (size_t i = 0; i < o->files.n; i++)
			pathlist_add(p, o->files.v[i]);
		return 0;
	}
	if (!o->paths.n) {
		const char *cf = getenv("COMPOSE_FILE");
		if (cf && *cf) {
			const char *sep = getenv("COMPOSE_PATH_SEPARATOR");
			char sc = sep && *sep ? *sep : ':';
			struct pathlist *p = new_project(out);
			for (const char *s = cf; *s;) {
				const char *e = strchr(s, sc);
				size_t n = e ? (size_t)(e - s) : strlen(s);
				if (n) {
					char *one = xmalloc(n + 1);
					memcpy(one, s, n);
					one[n] = '\0';
					pathlist_add(p, one);
					free(one);
				}
				s += n + (e != NULL);
			}
			mark_given(run, p);
			if (p->n)
				return 0;
			projects_release(out);
		}
		char *main_file = discover_default(".");
		if (!main_file) {
			fprintf(stderr, "composelint: no compose file in the current directory "
					"(looked for compose.yaml, compose.yml, docker-compose.yml, "
					"docker-compose.yaml)\n");
			return -1;
		}
		file_project(out, main_file);
		free(main_file);
		return 0;
	}
	for (size_t i = 0; i < o->paths.n; i++) {
		const char *p = o->paths.v[i];
		struct stat st;
		if (!strcmp(p, "-") || stat(p, &st) || !S_ISDIR(st.st_mode)) {
			cl_run_given(run, p);
			file_project(out, p);
			continue;
		}
		struct discovery d;
		discover_dir(p, &d);
		report_skipped(run, p, &d);
		if (!d.found.n && !d.nskipped) {
			fprintf(stderr, "composelint: no compose files under '%s'\n", p);
			out->incomplete = 1;
		}
		dir_projects(out, run, &d.found);
		discovery_release(&d);
	}
	return 0;
}
