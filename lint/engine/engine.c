/*
 * engine.c - the pipeline for one compose project:
 *   files -> YAML trees (+ schema) -> assembled project -> normalized
 *   document -> C rules, policies -> findings
 */
/* realpath() is XSI */
#define _XOPEN_SOURCE 700
#include "engine/engine.h"
#include "base/vec.h"
#include "base/arena.h"
#include "compose/project.h"
#include "compose/schema.h"
#include "compose/value.h"
#include "policy/policy.h"
#include "engine/suppress.h"
#include "rules/context.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct cached {
	const char *key;          /* realpath, or the name of a buffer / stdin */
	uint32_t file;
	const struct ynode *doc;  /* NULL: unreadable, too large or not YAML */
	const char *err;          /* why it cannot be read */
	struct yload ld;
	int loaded;               /* yaml_load() succeeded: comments are reliable */
	int is_compose;           /* read as YAML (not a .env) */
	int refused;              /* too large, or not a regular file: reported once */
};

struct cl_file_cache {
	struct cached *v;
	uint32_t n, cap;
};

void cl_run_init(struct cl_run *run)
{
	static const struct ylimits lim = YLIMITS_DEFAULT;
	memset(run, 0, sizeof *run);
	run->a = arena_new();
	run->limits = lim;
	cl_rule_state_init(&run->rules);
	run->cache = xcalloc(1, sizeof *run->cache);
	run->policies = xcalloc(1, sizeof *run->policies);
	pol_set_init(run->policies, run->a, &run->files, &run->rules, NULL);
	run->policies->confine = &run->confine;
	if (pol_set_load_builtins(run->policies)) {
		fprintf(stderr, "composelint: BUG: the built-in policies do not load: %s\n",
			run->policies->errors.v[0].msg);
		abort();
	}
}

void cl_run_release(struct cl_run *run)
{
	if (run->policies)
		pol_set_release(run->policies);
	xfree(run->policies);
	xfree(run->linted);
	if (run->cache)
		xfree(run->cache->v);
	xfree(run->cache);
	cl_findings_release(&run->findings);
	cl_rule_state_release(&run->rules);
	xfree(run->given);
	cl_sources_release(&run->files);
	arena_free(run->a);
	memset(run, 0, sizeof *run);
}

void cl_run_raise(struct cl_run *run, enum cl_rule_index r, const struct cl_span *at,
		  const char *msg)
{
	cl_raise(&run->findings, &run->rules, &cl_rules[r], at, NULL, 0, NULL, msg);
}

/* Findings of the input rules from a stage's diagnostics: rule_of[] maps
 * the stage's kinds to rules; notes become related locations. */
static void raise_diags(struct cl_run *run, const struct cl_diags *d,
			const enum cl_rule_index *rule_of)
{
	for (uint32_t i = 0; i < d->n; i++) {
		const struct cl_diag *g = &d->v[i];
		uint32_t nrel = 0;
		for (uint32_t k = 0; k < g->nnotes; k++)
			nrel += cl_span_valid(&g->notes[k].at);
		struct cl_related *rel = NULL;
		if (nrel) {
			rel = arena_alloc(run->a, nrel * sizeof *rel);
			nrel = 0;
			for (uint32_t k = 0; k < g->nnotes; k++)
				if (cl_span_valid(&g->notes[k].at))
					rel[nrel++] = g->notes[k];
		}
		cl_raise(&run->findings, &run->rules, &cl_rules[rule_of[g->kind]], &g->at, rel,
			 nrel, NULL, g->msg);
	}
}

int cl_run_stopped(struct cl_run *run, const char *why)
{
	run->incomplete = 1;
	if (!run->nlinted)
		return 0;
	struct cl_span at = { run->linted[run->nlinted - 1], { 0, 1, 1 }, { 0, 1, 1 } };
	cl_run_raise(run, R_CL004, &at, arena_strdup(run->a, why));
	return 1;
}

static void load_problems(struct cl_run *run, const struct yload *ld)
{
	static const enum cl_rule_index rule_of[] = {
		[YPROB_SYNTAX] = R_CL001, [YPROB_DUPLICATE] = R_CL002, [YPROB_LIMIT] = R_CL004,
		[YPROB_ENCODING] = R_CL005, [YPROB_EXTRA_DOC] = R_CL006,
	};
	raise_diags(run, &ld->problems, rule_of);
}

/* The schema's issues: one rule, CL003. */
static const enum cl_rule_index schema_rule[] = { R_CL003 };

static void too_large(struct cl_run *run, uint32_t fi)
{
	struct cl_span at = { fi, { 0, 1, 1 }, { 0, 1, 1 } };
	cl_run_raise(run, R_CL004, &at,
		    arena_printf(run->a, "file is larger than the limit of %zu bytes; not linted",
				 run->limits.max_file_size));
}

/* ---- files, each loaded once per run ------------------------------------------ */

void cl_run_given(struct cl_run *run, const char *path)
{
	*VEC_PUSH(run->given, run->ngiven, run->cap_given) = arena_strdup(run->a, path);
}

static unsigned read_flags(const struct cl_run *run, const char *path)
{
	for (uint32_t i = 0; i < run->ngiven; i++)
		if (!strcmp(run->given[i], path))
			return CL_READ_ANY_KIND;
	return 0;
}

/* A path that is not a regular file, found or named inside a file: CL000 at
 * once, without reading it (a FIFO would hang the run). */
static void not_regular(struct cl_run *run, uint32_t fi)
{
	struct cl_span at = { fi, { 0, 0, 0 }, { 0, 0, 0 } };
	cl_run_raise(run, R_CL000, &at,
		    arena_printf(run->a, "cannot read '%s': not a regular file (only files named "
				 "on the command line may be FIFOs or devices)",
				 run->files.v[fi].path));
	run->incomplete = 1;
}

void cl_run_skipped(struct cl_run *run, const char *path, enum cl_rule_index rule,
		    const char *msg)
{
	uint32_t fi = cl_sources_add(&run->files, run->a, path);
	struct cl_span at = { fi, { 0, 0, 0 }, { 0, 0, 0 } };
	cl_run_raise(run, rule, &at, arena_strdup(run->a, msg));
	run->incomplete = 1;
}

static struct cached *cache_add(struct cl_run *run, const char *key)
{
	struct cl_file_cache *c = run->cache;
	struct cached *e = VEC_PUSH(c->v, c->n, c->cap);
	e->key = arena_strdup(run->a, key);
	e->file = UINT32_MAX;
	return e;
}

static struct cached *cache_find(struct cl_run *run, const char *key)
{
	for (uint32_t i = 0; i < run->cache->n; i++)
		if (!strcmp(run->cache->v[i].key, key))
			return &run->cache->v[i];
	return NULL;
}

static void mark_linted(struct cl_run *run, uint32_t fi)
{
	for (unsigned i = 0; i < run->nlinted; i++)
		if (run->linted[i] == fi)
			return;
	*VEC_PUSH(run->linted, run->nlinted, run->cap_linted) = fi;
}

/* Everything after reading: load the YAML and check it against the schema. */
static void load_source(struct cl_run *run, struct cached *e)
{
	const struct cl_source *src = &run->files.v[e->file];
	e->loaded = yaml_load(run->a, e->file, src->text, src->len, &run->limits, &e->ld) == 0;
	load_problems(run, &e->ld);
	const struct ynode *root = e->ld.ndocs ? e->ld.docs[0] : NULL;
	if (e->loaded && (!root || (root->kind == Y_SCALAR && root->style == YS_EMPTY))) {
		/* empty, comments only, or a bare "---": compose refuses them all alike */
		struct cl_span at = { e->file, { 0, 1, 1 }, { 0, 1, 1 } };
		cl_run_raise(run, R_CL003, root ? &root->span : &at,
			    "the file holds no compose document");
		return;
	}
	if (!root)
		return;
	struct cl_diags issues;
	cl_diags_init(&issues, run->a);
	compose_schema_check(root, &issues);
	raise_diags(run, &issues, schema_rule);
	/* a mapping that is no compose file is not used: interpolating it or
	 * running rules on it would quote it */
	const struct ynode *d = y_deref(root, NULL, NULL);
	if (d->kind != Y_MAP || compose_schema_is_compose(d))
		e->doc = root;
}

/* The cache entry of a path: the same file by any spelling is one entry. */
static struct cached *open_path(struct cl_run *run, const char *path)
{
	struct cached *e = cache_find(run, path);
	if (e)
		return e;
	if (!strcmp(path, "-")) {
		e = cache_add(run, path);
		e->file = cl_sources_add(&run->files, run->a, path);
		return e;
	}
	errno = 0;
	char *real = realpath(path, NULL);
	if (!real && read_flags(run, path)) {
		/* a process substitution (/dev/fd/63) has no real path: read it as named */
		e = cache_add(run, path);
		e->file = cl_sources_add(&run->files, run->a, path);
		return e;
	}
	if (!real) {
		/* absent (or a path component is not a directory) */
		int err = errno ? errno : ENOENT;
		e = cache_add(run, path);
		e->file = cl_sources_add(&run->files, run->a, path);
		run->files.v[e->file].read_error = err;
		e->err = arena_strdup(run->a, strerror(err));
		return e;
	}
	e = cache_find(run, real);
	if (!e) {
		e = cache_add(run, real);
		e->file = cl_sources_add(&run->files, run->a, path);
	}
	free(real);
	return e;
}

static const struct ynode *load_compose(struct cl_loader *l, const char *path, uint32_t *file,
					const char **err)
{
	struct cl_run *run = l->ctx;
	struct cached *e = open_path(run, path);
	*file = e->file;
	*err = e->err;
	if (e->is_compose || e->err)
		return e->doc;
	e->is_compose = 1;
	mark_linted(run, e->file);
	const struct cl_source *src = &run->files.v[e->file];
	if (!src->text) {
		int rc = cl_source_read(&run->files, run->a, e->file, run->limits.max_file_size,
					read_flags(run, path));
		if (rc < 0 && src->read_error == CL_ENOTREG) {
			not_regular(run, e->file);
			return NULL;
		}
		if (rc < 0) {
			e->err = arena_strdup(run->a, cl_source_error(src));
			*err = e->err;
			return NULL;
		}
		if (rc > 0) {
			too_large(run, e->file);
			return NULL;
		}
	}
	load_source(run, e);
	return e->doc;
}

static int load_text(struct cl_loader *l, const char *path, uint32_t *file, const char **text,
		     size_t *len, const char **err)
{
	struct cl_run *run = l->ctx;
	struct cached *e = open_path(run, path);
	*file = e->file;
	*err = NULL;
	if (e->err) {
		/* an absent file is the caller's to judge (an optional .env) */
		if (run->files.v[e->file].read_error != ENOENT)
			*err = e->err;
		return -1;
	}
	const struct cl_source *src = &run->files.v[e->file];
	if (e->refused)
		return 1;
	if (!src->text) {
		int rc = cl_source_read(&run->files, run->a, e->file, run->limits.max_file_size,
					read_flags(run, path));
		if (rc != 0 && (rc > 0 || src->read_error == CL_ENOTREG)) {
			/* never a truncated .env: a variable at its end would go unseen */
			e->refused = 1;
			if (rc > 0)
				too_large(run, e->file);
			else
				not_regular(run, e->file);
			return 1;
		}
		if (rc < 0) {
			e->err = arena_strdup(run->a, cl_source_error(src));
			*err = e->err;
			return -1;
		}
	}
	*text = src->text;
	*len = src->len;
	return 0;
}

/* Paths the project's files name are read only inside the root. */
static const char *refuse_path(struct cl_loader *l, const char *path, uint32_t *file)
{
	struct cl_run *run = l->ctx;
	const char *why = cl_confine_refuse(&run->confine, run->a, path);
	if (why)
		*file = open_path(run, path)->file;
	return why;
}

/* ---- projects ------------------------------------------------------------------- */

static void project_problems(struct cl_run *run, const struct cl_diags *ps)
{
	static const enum cl_rule_index rule_of[] = {
		[CP_INTERPOLATION] = R_CL011, [CP_UNSET_VARIABLE] = R_CL012,
		[CP_REFERENCE] = R_CL013, [CP_ENV_FILE] = R_CL014, [CP_LIMIT] = R_CL004,
		[CP_IO] = R_CL000, [CP_ENCODING] = R_CL005,
	};
	raise_diags(run, ps, rule_of);
	for (uint32_t i = 0; i < ps->n; i++)
		if (ps->v[i].kind == CP_IO)
			run->incomplete = 1;
}

void cl_run_assemble(struct cl_run *run, const char *const *files, uint32_t n,
		     struct cl_assembled *out)
{
	struct cl_loader ld = { load_compose, load_text, run, refuse_path };
	struct cl_project_opts o = run->project;
	o.files = files;
	o.nfiles = n;
	cl_confine_set_root(&run->confine, run->a,
			    o.project_dir ? o.project_dir : cl_path_dir(run->a, files[0]));
	compose_project_assemble(run->a, &ld, &o, out);
	project_problems(run, &out->problems);
}

/* The YAML trees of the project's compose files as written, for rules about
 * YAML itself. */
static uint32_t yaml_files(struct cl_run *run, const struct cl_assembled *as,
			   const struct cl_yaml_file **out)
{
	struct cl_yaml_file *v = arena_alloc(run->a, (as->nfiles ? as->nfiles : 1) * sizeof *v);
	uint32_t n = 0;
	for (uint32_t i = 0; i < as->nfiles; i++)
		for (uint32_t k = 0; k < run->cache->n; k++) {
			const struct cached *e = &run->cache->v[k];
			if (e->file == as->files[i] && e->is_compose && e->doc) {
				v[n++] = (struct cl_yaml_file){ e->file, e->doc };
				break;
			}
		}
	*out = v;
	return n;
}

uint32_t cl_run_project(struct cl_run *run, const char *const *files, uint32_t n)
{
	struct cl_assembled as;
	cl_run_assemble(run, files, n, &as);
	/* the files named on the command line count, read or not; files that
	 * an include or extends names count only when they exist */
	for (uint32_t i = 0; i < n; i++) {
		const struct cached *e = open_path(run, files[i]);
		mark_linted(run, e->file);
	}
	if (!as.root)
		return as.main_file;
	struct cl_diags issues;
	cl_diags_init(&issues, run->a);
	compose_schema_check_substituted(as.root, &issues);
	raise_diags(run, &issues, schema_rule);
	size_t first = run->findings.n;
	int truncated = 0;
	const struct cv *doc = compose_normalize(run->a, as.root, &truncated);
	if (truncated)
		cl_run_raise(run, R_CL004, &as.root->span,
			    arena_printf(run->a, "aliases expand to more than %u values, or nest "
					 "deeper than %u levels; policies saw part of the project",
					 CV_MAX_NODES, Y_MAX_EFFECTIVE_DEPTH));
	struct cl_ctx ctx = { .a = run->a, .out = &run->findings, .rules = &run->rules,
			      .file = as.main_file, .doc = doc };
	ctx.nyaml = yaml_files(run, &as, &ctx.yaml);
	for (size_t r = 0; r < CL_RULE_COUNT; r++)
		if (cl_rule_fns[r] && cl_rule_on(&run->rules, &cl_rules[r]))
			cl_rule_fns[r](&ctx, doc);
	pol_eval(run->policies, doc, as.main_file, &run->findings);
	pol_apply_exceptions(run->policies, &run->findings, first);
	return as.main_file;
}

uint32_t cl_run_file(struct cl_run *run, const char *path)
{
	return cl_run_project(run, &path, 1);
}

void cl_run_buffer(struct cl_run *run, const char *name, const char *buf, size_t len)
{
	struct cached *e = cache_find(run, name);
	if (!e) {
		e = cache_add(run, name);
		e->file = cl_sources_add(&run->files, run->a, name);
		e->is_compose = 1;
		mark_linted(run, e->file);
		struct cl_source *src = &run->files.v[e->file];
		int over = len > run->limits.max_file_size;
		src->len = over ? run->limits.max_file_size : len;
		src->text = arena_strndup(run->a, buf, src->len);
		if (over)
			too_large(run, e->file);
		else
			load_source(run, e);
	}
	cl_run_project(run, &name, 1);
}

static void add_ref(struct cl_run *run, const char ***v, uint32_t *n, uint32_t *cap,
		    const char *dir, const struct ynode *it)
{
	if (!it || it->kind != Y_SCALAR || it->style == YS_EMPTY)
		return;
	*ARENA_VEC_PUSH(run->a, *v, *n, *cap) = cl_path_join(run->a, dir, it->scalar.s);
}

uint32_t cl_run_references(struct cl_run *run, const char *path, const char ***out)
{
	struct cl_loader ld = { load_compose, load_text, run, NULL };
	uint32_t file, n = 0, cap = 0;
	const char *err, **v = NULL;
	const struct ynode *doc = load_compose(&ld, path, &file, &err);
	*out = NULL;
	if (!doc || doc->kind != Y_MAP)
		return 0;
	const char *dir = cl_path_dir(run->a, path);
	const struct yentry *inc = y_get(doc, "include");
	for (uint32_t i = 0; inc && inc->value->kind == Y_SEQ && i < inc->value->seq.n; i++) {
		const struct ynode *it = y_deref(inc->value->seq.items[i], NULL, NULL);
		if (it->kind == Y_MAP) {
			const struct yentry *pe = y_get(it, "path");
			it = pe ? pe->value : NULL;
		}
		add_ref(run, &v, &n, &cap, dir, it);
		for (uint32_t k = 0; it && it->kind == Y_SEQ && k < it->seq.n; k++)
			add_ref(run, &v, &n, &cap, dir, y_deref(it->seq.items[k], NULL, NULL));
	}
	const struct yentry *svcs = y_get(doc, "services");
	for (uint32_t i = 0; svcs && svcs->value->kind == Y_MAP && i < svcs->value->map.n; i++) {
		const struct ynode *svc = svcs->value->map.entries[i].value;
		const struct yentry *ext = svc->kind == Y_MAP ? y_get(svc, "extends") : NULL;
		const struct yentry *f = ext && ext->value->kind == Y_MAP ? y_get(ext->value, "file")
									 : NULL;
		add_ref(run, &v, &n, &cap, dir, f ? f->value : NULL);
	}
	*out = v;
	return n;
}

void cl_run_finish(struct cl_run *run)
{
	/* inline suppressions, once every finding is in: a comment applies to
	 * the findings in its file, whichever project they came from; a file
	 * with a YAML error has no reliable comments and gets none */
	for (uint32_t i = 0; i < run->cache->n; i++) {
		const struct cached *e = &run->cache->v[i];
		if (e->is_compose && e->loaded && run->files.v[e->file].text)
			cl_suppress_file(run, e->file, &e->ld, 0);
	}
	pol_raise_stale_exceptions(run->policies, &run->findings);
	cl_findings_finish(&run->findings, run->a);
}
