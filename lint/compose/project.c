/*
 * project.c - assemble a compose project (see project.h).
 *
 * The order of work is compose-go's (loader/loader.go, loadYamlFile):
 * per file, interpolate, then include, then extends, then merge over the
 * files before.  Relative paths of `include` and of the first level of
 * `extends.file` are taken from the project directory, as compose does;
 * the `extends.file` of a file reached through `extends` from that file's
 * own directory.
 */
#include "compose/project.h"
#include "base/arena.h"
#include "base/hash.h"
#include "base/strbuf.h"
#include "base/vec.h"
#include "compose/dotenv.h"
#include "compose/merge.h"
#include "compose/rebase.h"
#include "compose/substitute.h"
#include "yaml/build.h"

#include <stdlib.h>
#include <string.h>

/* ---- paths ------------------------------------------------------------------- */

char *cl_path_dir(struct arena *a, const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return arena_strdup(a, ".");
	if (slash == path)
		return arena_strdup(a, "/");
	return arena_strndup(a, path, (size_t)(slash - path));
}

char *cl_path_join(struct arena *a, const char *dir, const char *rel)
{
	if (rel[0] == '/' || !dir || !strcmp(dir, "."))
		return arena_strdup(a, rel);
	while (rel[0] == '.' && rel[1] == '/')
		rel += 2;
	if (!strcmp(rel, "."))
		return arena_strdup(a, dir);
	size_t n = strlen(dir);
	return arena_printf(a, "%s%s%s", dir, n && dir[n - 1] == '/' ? "" : "/", rel);
}

/* ---- variables ------------------------------------------------------------------ */

/* One level of variables: an includer's first, then the process
 * environment, then .env files (the last one read first). */
struct penv {
	struct cl_env env;
	const struct penv *parent;
	char *const *environ;
	const struct cl_dotenv **dots;
	uint32_t ndots;
};

static void penv_lookup(const struct cl_env *env, const char *name, size_t len,
			struct cl_env_value *out)
{
	const struct penv *p = env->ctx;
	if (p->parent) {
		p->parent->env.lookup(&p->parent->env, name, len, out);
		if (out->state != CL_ENV_UNSET)
			return;
	}
	for (char *const *e = p->environ; e && *e; e++) {
		if (strncmp(*e, name, len) || (*e)[len] != '=')
			continue;
		out->value = *e + len + 1;
		out->len = strlen(out->value);
		out->state = out->len ? CL_ENV_SET : CL_ENV_EMPTY;
		return;  /* no position: the shell is not a file */
	}
	for (uint32_t i = p->ndots; i-- > 0;) {
		const struct cl_envvar *v = cl_dotenv_find(p->dots[i], name, len);
		if (!v || !v->value)
			continue;
		out->state = v->value_len ? CL_ENV_SET : CL_ENV_EMPTY;
		out->value = v->value;
		out->len = v->value_len;
		out->at = v->at;
		out->unknown = v->unknown;
		return;
	}
}

/* d as seen from base, both relative to the same place ("." if equal). */
static const char *dir_from(struct arena *a, const char *base, const char *d)
{
	size_t n = strlen(base);
	if (!strcmp(base, "."))
		return d;
	if (!strcmp(base, d))
		return ".";
	if (!strncmp(d, base, n) && d[n] == '/')
		return arena_strdup(a, d + n + 1);
	return d;
}

/* ---- the run ----------------------------------------------------------------------- */

struct svcs;

/* A compose file as this project reads it: interpolated with one set of
 * variables, and its services while their extends are resolved. */
struct fcache {
	uint32_t file;
	const struct penv *env;
	const struct ynode *root;
	const struct ynode *rebased;  /* root with paths for the project directory */
	struct svcs *svcs;
};

struct asm_ctx {
	const char *project_dir;  /* of the project being assembled */
	struct fcache **cache;      /* each file's entry stays where it is */
	uint32_t ncache, cap_cache;
	struct arena *a;
	struct cl_loader *ld;
	const struct cl_project_opts *o;
	struct cl_assembled *out;
	/* the include chain, outermost first: main files of the projects */
	uint32_t inc_stack[CL_PROJECT_MAX_DEPTH + 1];
	const char *inc_names[CL_PROJECT_MAX_DEPTH + 1];
	uint32_t inc_depth;
	/* the extends chain being resolved, outermost first: service names */
	const char *ext_names[CL_PROJECT_MAX_DEPTH + 2];
	const struct svcs *ext_from[CL_PROJECT_MAX_DEPTH + 2];
	uint32_t ext_depth;
};

static void note_file(struct asm_ctx *c, uint32_t file)
{
	if (file == UINT32_MAX)
		return;
	for (uint32_t i = 0; i < c->out->nfiles; i++)
		if (c->out->files[i] == file)
			return;
	*ARENA_VEC_PUSH(c->a, c->out->files, c->out->nfiles, c->out->cap_files) = file;
}

static void problem(struct asm_ctx *c, enum cl_problem_kind k, const struct cl_span *at,
		    const char *msg)
{
	cl_diag_add(&c->out->problems, k, at, "%s", msg);
}

/* A file that cannot be read, named on the command line: no position. */
static void file_problem(struct asm_ctx *c, uint32_t file, const char *msg)
{
	struct cl_span at;
	memset(&at, 0, sizeof at);
	at.file = file;
	problem(c, CP_IO, &at, msg);
}

/* Why a path a file of the project names must not be read, or NULL. */
static const char *refused(struct asm_ctx *c, const char *path, uint32_t *file)
{
	*file = UINT32_MAX;
	return c->ld->refuse ? c->ld->refuse(c->ld, path, file) : NULL;
}

static const char *str_of(const struct ynode *n)
{
	return n && n->kind == Y_SCALAR && n->style != YS_EMPTY ? n->scalar.s : NULL;
}

/* A .env file's problems; a value built from an unset variable is one too,
 * since it makes every value that uses it unknown. */
static void dotenv_problems(struct asm_ctx *c, const struct cl_dotenv *d)
{
	for (uint32_t k = 0; k < d->problems.n; k++) {
		const struct cl_diag *g = &d->problems.v[k];
		problem(c, g->kind == CL_ENV_ENCODING ? CP_ENCODING : CP_ENV_FILE, &g->at, g->msg);
	}
	for (uint32_t k = 0; k < d->nvars; k++) {
		const struct cl_envvar *v = &d->vars[k];
		/* a .env is not a compose file: its text is quoted only in part */
		if (v->unknown && v->value)
			problem(c, CP_UNSET_VARIABLE,
				cl_span_valid(&v->value_at) ? &v->value_at : &v->at,
				arena_printf(c->a, "the value of '%.40s%s' uses a variable that is not "
						   "set; compose would substitute an empty string",
					     v->name, strlen(v->name) > 40 ? "..." : ""));
	}
}

/*
 * Read the env files into e (path problems go to `at`, or the file).  The
 * --env-file files come from the command line; an include's env_file and
 * the optional .env are named by the project, and an env file that must
 * not be read is one that cannot be read (CL000), as its variables are
 * unknown.
 */
static void load_env_files(struct asm_ctx *c, struct penv *e, const char *const *paths,
			   const struct ynode *const *sites, uint32_t n, int required)
{
	e->dots = arena_alloc(c->a, (n ? n : 1) * sizeof *e->dots);
	for (uint32_t i = 0; i < n; i++) {
		uint32_t file = UINT32_MAX;
		const char *text = NULL, *err = NULL;
		size_t len = 0;
		const char *why = sites || !required ? refused(c, paths[i], &file) : NULL;
		if (why) {
			const char *msg = arena_printf(c->a, "cannot read env file '%s': %s", paths[i], why);
			if (sites && sites[i])
				problem(c, CP_IO, &sites[i]->span, msg);
			else
				file_problem(c, file, msg);
			continue;
		}
		int rc = c->ld->text(c->ld, paths[i], &file, &text, &len, &err);
		if (rc > 0) {
			note_file(c, file);
			continue;
		}
		if (rc) {
			if (!required && !err)
				continue;  /* the optional .env is absent */
			const char *msg = arena_printf(c->a, "cannot read env file '%s': %s", paths[i],
						       err ? err : "No such file or directory");
			if (sites && sites[i])
				problem(c, CP_REFERENCE, &sites[i]->span, msg);
			else
				file_problem(c, file, msg);
			continue;
		}
		note_file(c, file);
		struct cl_dotenv *d = arena_alloc(c->a, sizeof *d);
		/* a .env value may use the variables known before it */
		cl_dotenv_parse(c->a, file, text, len, &e->env, d);
		dotenv_problems(c, d);
		e->dots[e->ndots++] = d;
	}
}

/* ---- extends ------------------------------------------------------------------------ */

/* A file's services while their extends are resolved. */
struct svcs {
	const struct ynode *map;        /* the services mapping (interpolated) */
	uint32_t file;
	const char *dir;                /* where this file's extends.file paths start */
	const struct ynode **resolved;  /* per entry; NULL until resolved */
	uint8_t *busy;                  /* per entry: on the current chain */
};

static struct fcache *cache_find(struct asm_ctx *c, uint32_t file, const struct penv *env)
{
	for (uint32_t i = 0; i < c->ncache; i++)
		if (c->cache[i]->file == file && c->cache[i]->env == env)
			return c->cache[i];
	struct fcache *f = arena_alloc(c->a, sizeof *f);
	f->file = file;
	f->env = env;
	*ARENA_VEC_PUSH(c->a, c->cache, c->ncache, c->cap_cache) = f;
	return f;
}

/* The services of a file, shared by every extends that reaches it so that
 * a cycle through several files is seen as one. */
static struct svcs *svcs_of(struct asm_ctx *c, uint32_t file, const struct penv *env,
			    const struct ynode *doc, const char *dir)
{
	struct fcache *f = cache_find(c, file, env);
	const struct yentry *se = doc ? y_get(doc, "services") : NULL;
	const struct ynode *map = se && se->value->kind == Y_MAP ? se->value : NULL;
	if (f->svcs && f->svcs->map == map)
		return f->svcs;
	struct svcs *s = arena_alloc(c->a, sizeof *s);
	s->map = map;
	s->file = file;
	s->dir = dir;
	uint32_t n = map ? map->map.n : 0;
	s->resolved = arena_alloc(c->a, (n ? n : 1) * sizeof *s->resolved);
	s->busy = arena_alloc(c->a, n ? n : 1);
	return f->svcs = s;
}

static long svc_index(const struct svcs *s, const char *name)
{
	for (uint32_t i = 0; s->map && i < s->map->map.n; i++)
		if (y_streq(s->map->map.entries[i].key, name))
			return i;
	return -1;
}

static const struct ynode *load_interpolated(struct asm_ctx *c, const char *path, uint32_t *file,
					     const struct penv *env, const char **err);

static const struct ynode *resolve(struct asm_ctx *c, struct svcs *s, uint32_t i,
				   const struct penv *env, uint32_t depth);

/* The mapping without one key. */
static const struct ynode *drop_key(struct asm_ctx *c, const struct ynode *map, const char *key)
{
	struct ybuild b;
	memset(&b, 0, sizeof b);
	for (uint32_t i = 0; i < map->map.n; i++)
		if (!y_streq(map->map.entries[i].key, key))
			yb_entry(c->a, &b, map->map.entries[i].key, map->map.entries[i].value,
				 map->map.entries[i].via);
	return yb_map(c->a, map, &b);
}

static const struct ynode *extend(struct asm_ctx *c, struct svcs *s, uint32_t i,
				  const struct penv *env, uint32_t depth)
{
	const struct yentry *se = &s->map->map.entries[i];
	const struct ynode *svc = se->value;
	const char *name = se->key->scalar.s;
	const struct yentry *ee = y_get(svc, "extends");
	const struct ynode *ev = ee->value, *ref_node = ev, *file_node = NULL;
	if (ev->kind == Y_MAP) {
		const struct yentry *r = y_get(ev, "service"), *f = y_get(ev, "file");
		ref_node = r ? r->value : NULL;
		file_node = f ? f->value : NULL;
	}
	const char *ref = str_of(ref_node);
	if (!ref)
		return drop_key(c, svc, "extends");  /* CL003 says what is missing */
	if (depth >= CL_PROJECT_MAX_DEPTH) {
		problem(c, CP_LIMIT, &ev->span,
			arena_printf(c->a, "service '%s': extends chain longer than %u", name,
				     CL_PROJECT_MAX_DEPTH));
		return drop_key(c, svc, "extends");
	}
	struct svcs *from = s;
	if (file_node) {
		const char *rel = str_of(file_node), *err = NULL;
		if (!rel) {
			problem(c, CP_REFERENCE, &file_node->span, "extends.file must be a path");
			return drop_key(c, svc, "extends");
		}
		const char *path = cl_path_join(c->a, s->dir, rel);
		uint32_t f = UINT32_MAX;
		const char *why = refused(c, path, &f);
		if (why) {
			problem(c, CP_REFERENCE, &file_node->span,
				arena_printf(c->a, "cannot read '%s' for extends: %s", path, why));
			return drop_key(c, svc, "extends");
		}
		const struct ynode *root = load_interpolated(c, path, &f, env, &err);
		if (!root) {
			if (err)
				problem(c, CP_REFERENCE, &file_node->span,
					arena_printf(c->a, "cannot read '%s' for extends: %s", path, err));
			return drop_key(c, svc, "extends");
		}
		if (f != s->file) {
			/* its relative paths are relative to its own directory */
			struct fcache *fc = cache_find(c, f, env);
			if (!fc->rebased)
				fc->rebased = compose_rebase(c->a, root,
							     dir_from(c->a, c->project_dir,
								      cl_path_dir(c->a, path)));
			from = svcs_of(c, f, env, fc->rebased, cl_path_dir(c->a, path));
		}
	}
	long j = svc_index(from, ref);
	if (j < 0) {
		problem(c, CP_REFERENCE, &ref_node->span,
			file_node ? arena_printf(c->a, "service '%s' extends '%s', which '%s' does not define",
						 name, ref, str_of(file_node))
				  : arena_printf(c->a, "service '%s' extends '%s', which is not defined",
						 name, ref));
		return drop_key(c, svc, "extends");
	}
	if (from->busy[j]) {
		/* the whole loop, from where it starts: "a -> b -> c -> a" */
		struct strbuf sb = STRBUF_INIT;
		uint32_t k = 0;
		while (k < c->ext_depth &&
		       !(c->ext_from[k] == from && !strcmp(c->ext_names[k], ref)))
			k++;
		for (; k < c->ext_depth; k++)
			strbuf_addf(&sb, "'%s' -> ", c->ext_names[k]);
		strbuf_addf(&sb, "'%s' -> '%s'", name, ref);
		problem(c, CP_REFERENCE, &ref_node->span,
			arena_printf(c->a, "extends cycle: %s", sb.buf));
		strbuf_release(&sb);
		return drop_key(c, svc, "extends");
	}
	c->ext_names[c->ext_depth] = name;
	c->ext_from[c->ext_depth] = s;
	c->ext_depth++;
	const struct ynode *base = resolve(c, from, (uint32_t)j, env, depth + 1);
	c->ext_depth--;
	if (base->kind != Y_MAP)
		return drop_key(c, svc, "extends");
	/* the note names the `extends:` key, whatever form its value takes */
	const struct yvia *link = y_via_push(c->a, YV_EXTENDS, ee->key, NULL);
	const char *path[2] = { "services", name };
	const struct ynode *merged = compose_merge_at(c->a, path, 2, base, link, svc, NULL, NULL);
	return drop_key(c, merged, "extends");
}

static const struct ynode *resolve(struct asm_ctx *c, struct svcs *s, uint32_t i,
				   const struct penv *env, uint32_t depth)
{
	if (s->resolved[i])
		return s->resolved[i];
	const struct ynode *svc = s->map->map.entries[i].value;
	if (svc->kind != Y_MAP || !y_get(svc, "extends"))
		return s->resolved[i] = svc;
	s->busy[i] = 1;
	const struct ynode *r = extend(c, s, i, env, depth);
	s->busy[i] = 0;
	return s->resolved[i] = r;
}

/* The document with every service's extends applied. */
static const struct ynode *apply_extends(struct asm_ctx *c, const struct ynode *doc, uint32_t file,
					 const char *dir, const struct penv *env)
{
	const struct yentry *se = y_get(doc, "services");
	if (!se || se->value->kind != Y_MAP)
		return doc;
	struct svcs *s = svcs_of(c, file, env, doc, dir);
	int changed = 0;
	struct ybuild b;
	memset(&b, 0, sizeof b);
	for (uint32_t i = 0; i < se->value->map.n; i++) {
		const struct yentry *e = &se->value->map.entries[i];
		const struct ynode *r = resolve(c, s, i, env, 0);
		changed |= r != e->value;
		yb_entry(c->a, &b, e->key, r, e->via);
	}
	if (!changed)
		return doc;
	return yb_replace(c->a, doc, se, yb_map(c->a, se->value, &b));
}

/* ---- include --------------------------------------------------------------------------- */

static const struct ynode *assemble(struct asm_ctx *c, const char *const *files, uint32_t nfiles,
				    const char *project_dir, const struct penv *env,
				    const struct ynode *const *sites);

/* A string or a list of strings, as paths; NULL entries for non-strings. */
static uint32_t path_list(struct asm_ctx *c, const struct ynode *n, const char ***out,
			  const struct ynode ***sites)
{
	uint32_t cnt = n->kind == Y_SEQ ? n->seq.n : 1;
	*out = arena_alloc(c->a, (cnt ? cnt : 1) * sizeof **out);
	*sites = arena_alloc(c->a, (cnt ? cnt : 1) * sizeof **sites);
	for (uint32_t i = 0; i < cnt; i++) {
		const struct ynode *it = n->kind == Y_SEQ ? y_deref(n->seq.items[i], NULL, NULL) : n;
		(*out)[i] = str_of(it);
		(*sites)[i] = it;
	}
	return cnt;
}

static const char *const resources[] = { "services", "volumes", "networks", "secrets", "configs",
					 "models", NULL };

/* What one include item brings: its project's resources, each entry with
 * the item as the link that brought it. */
static const struct ynode *include_one(struct asm_ctx *c, const struct ynode *item,
				       const char *workdir, const struct penv *env)
{
	const struct ynode *paths_node = item, *pdir_node = NULL, *envf_node = NULL;
	if (item->kind == Y_MAP) {
		const struct yentry *p = y_get(item, "path"), *d = y_get(item, "project_directory"),
				    *e = y_get(item, "env_file");
		if (!p) {
			problem(c, CP_REFERENCE, &item->span, "an include item needs a 'path'");
			return NULL;
		}
		paths_node = p->value;
		pdir_node = d ? d->value : NULL;
		envf_node = e ? e->value : NULL;
	}
	const char **rel;
	const struct ynode **sites;
	uint32_t n = path_list(c, paths_node, &rel, &sites);
	const char **files = arena_alloc(c->a, (n ? n : 1) * sizeof *files);
	for (uint32_t i = 0; i < n; i++) {
		if (!rel[i]) {
			problem(c, CP_REFERENCE, &sites[i]->span, "an include path must be a string");
			return NULL;
		}
		if (strstr(rel[i], "://") || !strncmp(rel[i], "git@", 4)) {
			problem(c, CP_REFERENCE, &sites[i]->span,
				arena_printf(c->a, "'%s' is a remote include; composelint never uses the "
						   "network, so it is not linted", rel[i]));
			return NULL;
		}
		files[i] = cl_path_join(c->a, workdir, rel[i]);
		uint32_t f;
		const char *why = refused(c, files[i], &f);
		if (why) {
			problem(c, CP_REFERENCE, &sites[i]->span,
				arena_printf(c->a, "cannot include '%s': %s", files[i], why));
			return NULL;
		}
	}
	if (!n)
		return NULL;
	/* the included main file must exist and must not be on the chain */
	uint32_t main = UINT32_MAX;
	const char *err = NULL;
	if (!c->ld->yaml(c->ld, files[0], &main, &err)) {
		if (err)
			problem(c, CP_REFERENCE, &sites[0]->span,
				arena_printf(c->a, "cannot include '%s': %s", files[0], err));
		note_file(c, main);
		return NULL;
	}
	for (uint32_t i = 0; i < c->inc_depth; i++) {
		if (c->inc_stack[i] != main)
			continue;
		struct strbuf sb = STRBUF_INIT;
		for (uint32_t k = i; k < c->inc_depth; k++)
			strbuf_addf(&sb, "'%s' -> ", c->inc_names[k]);
		strbuf_addf(&sb, "'%s'", files[0]);
		problem(c, CP_REFERENCE, &sites[0]->span,
			arena_printf(c->a, "include cycle: %s", sb.buf));
		strbuf_release(&sb);
		return NULL;
	}
	if (c->inc_depth >= CL_PROJECT_MAX_DEPTH) {
		problem(c, CP_LIMIT, &sites[0]->span,
			arena_printf(c->a, "includes nested deeper than %u", CL_PROJECT_MAX_DEPTH));
		return NULL;
	}
	const char *pdir = cl_path_dir(c->a, files[0]);
	if (pdir_node) {
		const char *d = str_of(pdir_node);
		if (d)
			pdir = cl_path_join(c->a, workdir, d);
	}
	/* the includer's variables first, then the included project's own */
	struct penv *ie = arena_alloc(c->a, sizeof *ie);
	ie->env.lookup = penv_lookup;
	ie->env.ctx = ie;
	ie->parent = env;
	if (envf_node) {
		const char **ef;
		const struct ynode **es;
		uint32_t ne = path_list(c, envf_node, &ef, &es), kept = 0;
		for (uint32_t i = 0; i < ne; i++) {
			if (!ef[i]) {
				/* env_file: (empty), {} or a nested list: CL003's to name */
				continue;
			}
			ef[kept] = cl_path_join(c->a, workdir, ef[i]);
			es[kept++] = es[i];
		}
		load_env_files(c, ie, ef, es, kept, 1);
	} else {
		const char *dot = cl_path_join(c->a, pdir, ".env");
		load_env_files(c, ie, &dot, NULL, 1, 0);
	}
	c->inc_stack[c->inc_depth] = main;
	c->inc_names[c->inc_depth] = files[0];
	c->inc_depth++;
	const char *outer_dir = c->project_dir;
	c->project_dir = pdir;
	const struct ynode *doc = assemble(c, files, n, pdir, ie, sites);
	c->project_dir = outer_dir;
	c->inc_depth--;
	/* its paths were relative to its own directory */
	return compose_rebase(c->a, doc, dir_from(c->a, workdir, pdir));
}

/*
 * One resource kind (services, networks, ...) while the include items are
 * applied: the entries in the order they came (the local ones, then what
 * each include adds), a table from name to entry, and where each include's
 * additions start.  Each include costs what it brings, not what came
 * before it: thousands of include items stay linear.
 */
struct incres {
	struct yentry *v;
	uint32_t n, cap;
	uint32_t *slot;        /* open addressing: index + 1 into v, 0 empty */
	uint32_t cap_slot;
	uint32_t *seg;         /* start in v of each include's additions */
	uint32_t nseg, cap_seg;
	const struct ynode *like;  /* where the merged mapping stands */
	const struct ynode *key;   /* the key of the last include that brought some */
	uint32_t last;             /* that include's number + 1; 0: none */
	int placed;                /* its merged mapping is in the result */
};

static uint32_t *incres_slot(struct incres *r, const struct ynode *key)
{
	uint32_t i = cl_hash_bytes(key->scalar.s, key->scalar.len) & (r->cap_slot - 1);
	for (; r->slot[i]; i = (i + 1) & (r->cap_slot - 1)) {
		const struct ynode *k = r->v[r->slot[i] - 1].key;
		if (k->scalar.len == key->scalar.len &&
		    !memcmp(k->scalar.s, key->scalar.s, key->scalar.len))
			break;
	}
	return &r->slot[i];
}

static void incres_add(struct incres *r, const struct yentry *e)
{
	if (e->key->kind == Y_SCALAR) {
		if ((r->n + 1) * 2 > r->cap_slot) {
			uint32_t old = r->cap_slot, *prev = r->slot;
			r->cap_slot = old ? old * 2 : 64;
			r->slot = xcalloc(r->cap_slot, sizeof *r->slot);
			for (uint32_t i = 0; i < old; i++)
				if (prev[i])
					*incres_slot(r, r->v[prev[i] - 1].key) = prev[i];
			xfree(prev);
		}
		*incres_slot(r, e->key) = r->n + 1;
	}
	*VEC_PUSH(r->v, r->n, r->cap) = *e;
}

/* The entry named like key, or NULL. */
static struct yentry *incres_find(struct incres *r, const struct ynode *key)
{
	if (key->kind != Y_SCALAR || !r->cap_slot)
		return NULL;
	uint32_t at = *incres_slot(r, key);
	return at ? &r->v[at - 1] : NULL;
}

/* What include number `nth` brings of this kind: a name already there is
 * merged at its place (the definition there wins), a new one is added. */
static void incres_include(struct asm_ctx *c, struct incres *r, const char *kind,
			   const struct yentry *theirs, const struct yvia *link, uint32_t nth)
{
	*VEC_PUSH(r->seg, r->nseg, r->cap_seg) = r->n;
	if (!r->like)
		r->like = theirs->value;
	r->key = theirs->key;
	r->last = nth + 1;
	uint32_t before = r->n;
	for (uint32_t k = 0; k < theirs->value->map.n; k++) {
		const struct yentry *t = &theirs->value->map.entries[k];
		struct yentry *l = incres_find(r, t->key);
		if (l && (uint32_t)(l - r->v) < before) {
			const char *path[2] = { kind, l->key->scalar.s };
			const struct yvia *via = NULL;
			l->value = compose_merge_at(c->a, path, 2, t->value,
						    y_via_concat(c->a, t->via, link),
						    l->value, l->via, &via);
			l->via = via;
			continue;
		}
		struct yentry e = *t;
		e.via = y_via_concat(c->a, t->via, link);
		incres_add(r, &e);
	}
}

/* The merged mapping: the last include's additions first, the local
 * definitions last, as compose lists them. */
static const struct ynode *incres_map(struct asm_ctx *c, const struct incres *r)
{
	struct ybuild b;
	memset(&b, 0, sizeof b);
	for (uint32_t s = r->nseg; s-- > 0;) {
		uint32_t end = s + 1 < r->nseg ? r->seg[s + 1] : r->n;
		for (uint32_t i = r->seg[s]; i < end; i++)
			yb_entry(c->a, &b, r->v[i].key, r->v[i].value, r->v[i].via);
	}
	for (uint32_t i = 0; i < (r->nseg ? r->seg[0] : r->n); i++)
		yb_entry(c->a, &b, r->v[i].key, r->v[i].value, r->v[i].via);
	return yb_map(c->a, r->like, &b);
}

/* The document with its include items applied and the key removed. */
static const struct ynode *apply_include(struct asm_ctx *c, const struct ynode *doc,
					 const char *workdir, const struct penv *env)
{
	const struct yentry *inc = y_get(doc, "include");
	if (!inc)
		return doc;
	const struct ynode *res = drop_key(c, doc, "include");
	if (inc->value->kind != Y_SEQ)
		return res;  /* CL003 says what is wrong with it */
	enum { NKINDS = sizeof resources / sizeof *resources - 1 };
	struct incres kinds[NKINDS];
	memset(kinds, 0, sizeof kinds);
	for (size_t r = 0; r < NKINDS; r++) {
		const struct yentry *mine = y_get(res, resources[r]);
		if (!mine || mine->value->kind != Y_MAP)
			continue;
		kinds[r].like = mine->value;
		for (uint32_t k = 0; k < mine->value->map.n; k++)
			incres_add(&kinds[r], &mine->value->map.entries[k]);
	}
	for (uint32_t i = 0; i < inc->value->seq.n; i++) {
		const struct ynode *item = y_deref(inc->value->seq.items[i], NULL, NULL);
		const struct ynode *sub = include_one(c, item, workdir, env);
		if (!sub || sub->kind != Y_MAP)
			continue;
		const struct yvia *link = y_via_push(c->a, YV_INCLUDE, item, NULL);
		for (size_t r = 0; r < NKINDS; r++) {
			const struct yentry *theirs = y_get(sub, resources[r]);
			if (theirs && theirs->value->kind == Y_MAP)
				incres_include(c, &kinds[r], resources[r], theirs, link, i);
		}
	}
	/* the kinds an include brought, the latest include's first, then
	 * the keys no include touched, as they were */
	struct ybuild top;
	memset(&top, 0, sizeof top);
	for (;;) {
		size_t best = NKINDS;
		for (size_t r = 0; r < NKINDS; r++)
			if (kinds[r].last && (best == NKINDS || kinds[r].last > kinds[best].last))
				best = r;
		if (best == NKINDS)
			break;
		yb_entry(c->a, &top, kinds[best].key, incres_map(c, &kinds[best]), NULL);
		kinds[best].last = 0;
		kinds[best].placed = 1;
	}
	for (uint32_t k = 0; k < res->map.n; k++) {
		const struct yentry *e = &res->map.entries[k];
		int placed = 0;
		for (size_t r = 0; r < NKINDS && !placed; r++)
			placed = kinds[r].placed && y_streq(e->key, resources[r]);
		if (!placed)
			yb_entry(c->a, &top, e->key, e->value, e->via);
	}
	for (size_t r = 0; r < NKINDS; r++) {
		xfree(kinds[r].v);
		xfree(kinds[r].slot);
		xfree(kinds[r].seg);
	}
	return yb_map(c->a, res, &top);
}

/* ---- files ------------------------------------------------------------------------------ */

static const struct ynode *load_interpolated(struct asm_ctx *c, const char *path, uint32_t *file,
					     const struct penv *env, const char **err)
{
	const struct ynode *raw = c->ld->yaml(c->ld, path, file, err);
	note_file(c, *file);
	if (!raw || raw->kind != Y_MAP)
		return NULL;  /* a top level that is not a mapping is CL003's */
	struct fcache *f = cache_find(c, *file, env);
	if (!f->root)
		f->root = compose_substitute(c->a, raw, &env->env, &c->out->problems);
	return f->root;
}

/* ---- environment entries without a value --------------------------------------------- */

/* The value of a variable as a scalar standing at `like`, knowing where
 * the variable is set; NULL when it is not set. */
static const struct ynode *env_value(struct asm_ctx *c, const struct penv *env, const char *name,
				     const struct ynode *like, const char *prefix)
{
	struct cl_env_value v;
	memset(&v, 0, sizeof v);
	env->env.lookup(&env->env, name, strlen(name), &v);
	if (v.state == CL_ENV_UNSET)
		return NULL;
	const char *text = arena_printf(c->a, "%s%.*s", prefix, (int)v.len, v.value ? v.value : "");
	struct ynode *n = y_scalar_like(c->a, like, text, strlen(text));
	n->style = YS_DOUBLE;  /* a string, whatever it looks like */
	n->unknown = 0;
	n->origin = NULL;
	if (cl_span_valid(&v.at))
		n->origin = y_variable_link(c->a, name, &v.at, NULL);
	return n;
}

/* Item i of an environment (a mapping or a list) with its value taken from
 * the project's variables (`NAME:`, `- NAME`), or NULL when it stays. */
static const struct ynode *env_item(struct asm_ctx *c, const struct ynode *envn, uint32_t i,
				    const struct penv *env)
{
	if (envn->kind == Y_MAP) {
		const struct yentry *e = &envn->map.entries[i];
		if (!y_is_null(e->value) || e->key->kind != Y_SCALAR)
			return NULL;
		return env_value(c, env, e->key->scalar.s, e->key, "");
	}
	const struct ynode *d = y_deref(envn->seq.items[i], NULL, NULL);
	const char *name = str_of(d);
	if (!name || strchr(name, '='))
		return NULL;
	return env_value(c, env, name, d, arena_printf(c->a, "%s=", name));
}

/* One service's environment with `- NAME` / `NAME:` taken from the
 * project's variables, as compose passes them to the container.  It is
 * copied only when an item changes: an environment aliased by many
 * services stays one. */
static const struct ynode *resolve_env(struct asm_ctx *c, const struct ynode *envn,
				       const struct penv *env)
{
	if (envn->kind != Y_MAP && envn->kind != Y_SEQ)
		return envn;
	int map = envn->kind == Y_MAP;
	uint32_t n = map ? envn->map.n : envn->seq.n, i = 0;
	const struct ynode *r = NULL;
	while (i < n && !(r = env_item(c, envn, i, env)))
		i++;
	if (i == n)
		return envn;
	struct ybuild b;
	memset(&b, 0, sizeof b);
	for (uint32_t j = 0; j < n; j++) {
		const struct ynode *v = j < i ? NULL : j == i ? r : env_item(c, envn, j, env);
		if (map) {
			const struct yentry *e = &envn->map.entries[j];
			yb_entry(c->a, &b, e->key, v ? v : e->value, e->via);
		} else {
			yb_item(c->a, &b, v ? v : envn->seq.items[j], y_seq_item_via(envn, j));
		}
	}
	return map ? yb_map(c->a, envn, &b) : yb_seq(c->a, envn, &b);
}

/*
 * env_file: the variables of the files, as a mapping each entry of which
 * stands at its line in the file, under the service's own environment
 * (which wins), as compose passes them to the container.
 */
static const struct ynode *fold_env_files(struct asm_ctx *c, const char *svc_name,
					  const struct ynode *svc, const char *dir,
					  const struct penv *env)
{
	const struct yentry *ef = y_get(svc, "env_file");
	if (!ef)
		return NULL;
	const struct ynode *list = ef->value;
	uint32_t n = list->kind == Y_SEQ ? list->seq.n : 1;
	struct ybuild vars;
	memset(&vars, 0, sizeof vars);
	for (uint32_t i = 0; i < n; i++) {
		const struct ynode *it = list->kind == Y_SEQ ? y_deref(list->seq.items[i], NULL, NULL)
							    : list;
		const struct ynode *path_node = it;
		int required = 1;
		if (it->kind == Y_MAP) {
			const struct yentry *p = y_get(it, "path"), *r = y_get(it, "required");
			path_node = p ? p->value : NULL;
			int b;
			if (r && y_bool(r->value, &b))
				required = b;
		}
		const char *rel = str_of(path_node);
		if (!rel)
			continue;  /* CL003 */
		const char *path = cl_path_join(c->a, dir, rel), *text = NULL, *err = NULL;
		uint32_t file = UINT32_MAX;
		size_t len = 0;
		const char *why = refused(c, path, &file);
		if (why) {
			/* its variables are unknown: as for an unreadable file (CL000) */
			problem(c, CP_IO, &path_node->span,
				arena_printf(c->a, "service '%s': cannot read env_file '%s': %s",
					     svc_name, path, why));
			continue;
		}
		int rc = c->ld->text(c->ld, path, &file, &text, &len, &err);
		if (rc > 0) {
			note_file(c, file);
			continue;
		}
		if (rc) {
			if (required)
				problem(c, CP_REFERENCE, &path_node->span,
					arena_printf(c->a, "service '%s': cannot read env_file '%s': %s",
						     svc_name, path,
						     err ? err : "No such file or directory"));
			continue;
		}
		note_file(c, file);
		struct cl_dotenv d;
		cl_dotenv_parse(c->a, file, text, len, &env->env, &d);
		dotenv_problems(c, &d);
		for (uint32_t k = 0; k < d.nvars; k++) {
			const struct cl_envvar *v = &d.vars[k];
			if (cl_dotenv_find(&d, v->name, strlen(v->name)) != v || !v->value)
				continue;  /* a later line wins; a bare name passes nothing */
			struct ynode *key = arena_alloc(c->a, sizeof *key);
			key->kind = Y_SCALAR;
			key->style = YS_PLAIN;
			key->span = v->at;
			key->scalar.s = key->scalar.raw = v->name;
			key->scalar.len = key->scalar.raw_len = strlen(v->name);
			struct ynode *val = arena_alloc(c->a, sizeof *val);
			val->kind = Y_SCALAR;
			val->style = YS_DOUBLE;  /* always a string */
			val->span = cl_span_valid(&v->value_at) ? v->value_at : v->at;
			val->scalar.s = val->scalar.raw = v->value;
			val->scalar.len = val->scalar.raw_len = v->value_len;
			val->unknown = (uint8_t)v->unknown;
			/* a later file's definition replaces an earlier one */
			uint32_t at = vars.n;
			for (uint32_t j = 0; j < vars.n; j++)
				if (!strcmp(vars.entries[j].key->scalar.s, v->name))
					at = j;
			if (at < vars.n)
				vars.entries[at].value = val;
			else
				yb_entry(c->a, &vars, key, val, NULL);
		}
	}
	const struct ynode *from_files = yb_map(c->a, ef->key, &vars);
	const struct yentry *own = y_get(svc, "environment");
	if (!own)
		return from_files;
	const char *path[3] = { "services", svc_name, "environment" };
	const struct ynode *r = compose_merge_at(c->a, path, 3, from_files, NULL, own->value,
						 own->via, NULL);
	if (r != own->value && r != from_files)
		((struct ynode *)r)->span = own->value->span;  /* derived here: ours to place */
	return r;
}

static const struct ynode *resolve_environment(struct asm_ctx *c, const struct ynode *doc,
					       const char *dir, const struct penv *env)
{
	const struct yentry *se = doc ? y_get(doc, "services") : NULL;
	if (!se || se->value->kind != Y_MAP)
		return doc;
	struct ybuild sb;
	memset(&sb, 0, sizeof sb);
	int changed = 0;
	for (uint32_t i = 0; i < se->value->map.n; i++) {
		const struct yentry *e = &se->value->map.entries[i];
		const struct ynode *svc = e->value;
		int included = 0;
		for (const struct yvia *v = e->via; v && !included; v = v->next)
			included = v->kind == YV_INCLUDE;
		/* an included service was resolved in its own project, with its
		 * own directory and variables */
		if (svc->kind != Y_MAP || e->key->kind != Y_SCALAR || included) {
			yb_entry(c->a, &sb, e->key, svc, e->via);
			continue;
		}
		const struct yentry *ee = y_get(svc, "environment");
		const struct ynode *folded = fold_env_files(c, e->key->scalar.s, svc, dir, env);
		const struct ynode *before = folded ? folded : ee ? ee->value : NULL;
		const struct ynode *ne = before ? resolve_env(c, before, env) : NULL;
		if (ne && ee && ne != ee->value) {
			svc = yb_replace(c->a, svc, ee, ne);
			changed = 1;
		} else if (ne && !ee) {
			/* only env_file: its variables become the environment,
			 * standing at the env_file key */
			struct ybuild b;
			memset(&b, 0, sizeof b);
			for (uint32_t k = 0; k < svc->map.n; k++)
				yb_entry(c->a, &b, svc->map.entries[k].key, svc->map.entries[k].value,
					 svc->map.entries[k].via);
			struct ynode *k = y_scalar_like(c->a, y_get(svc, "env_file")->key,
							"environment", 11);
			yb_entry(c->a, &b, k, ne, NULL);
			svc = yb_map(c->a, svc, &b);
			changed = 1;
		}
		yb_entry(c->a, &sb, e->key, svc, e->via);
	}
	if (!changed)
		return doc;
	return yb_replace(c->a, doc, se, yb_map(c->a, se->value, &sb));
}

/*
 * The files of one project merged in order.  sites: for an included
 * project, the places that name each file (problems point there); NULL
 * for the top-level project, whose main file is then put on the include
 * chain.
 */
static const struct ynode *assemble(struct asm_ctx *c, const char *const *files, uint32_t nfiles,
				    const char *project_dir, const struct penv *env,
				    const struct ynode *const *sites)
{
	const struct ynode *doc = NULL;
	for (uint32_t i = 0; i < nfiles; i++) {
		uint32_t file = UINT32_MAX;
		const char *err = NULL;
		const struct ynode *cfg = load_interpolated(c, files[i], &file, env, &err);
		if (!sites && i == 0) {
			c->out->main_file = file;
			c->inc_stack[0] = file;
			c->inc_names[0] = files[0];
			c->inc_depth = 1;
		}
		if (!cfg) {
			const char *msg = arena_printf(c->a, "cannot read '%s': %s", files[i], err);
			if (err && sites)
				problem(c, CP_REFERENCE, &sites[i]->span, msg);
			else if (err)
				file_problem(c, file, msg);
			continue;
		}
		/* includes first, so that extends see included services */
		cfg = apply_include(c, cfg, project_dir, env);
		cfg = apply_extends(c, cfg, file, project_dir, env);
		doc = compose_merge(c->a, doc, cfg);
	}
	return resolve_environment(c, doc, project_dir, env);
}

/* Services outside the asked profiles are left out, as compose does. */
static const struct ynode *apply_profiles(struct asm_ctx *c, const struct ynode *doc)
{
	const struct cl_project_opts *o = c->o;
	const struct yentry *se = doc ? y_get(doc, "services") : NULL;
	if (!o->nprofiles || !se || se->value->kind != Y_MAP)
		return doc;
	struct ybuild b;
	memset(&b, 0, sizeof b);
	for (uint32_t i = 0; i < se->value->map.n; i++) {
		const struct yentry *e = &se->value->map.entries[i];
		const struct yentry *pe = e->value->kind == Y_MAP ? y_get(e->value, "profiles") : NULL;
		int on = !pe || pe->value->kind != Y_SEQ || !pe->value->seq.n;
		for (uint32_t k = 0; pe && !on && k < pe->value->seq.n; k++) {
			const char *p = str_of(y_deref(pe->value->seq.items[k], NULL, NULL));
			for (uint32_t w = 0; p && w < o->nprofiles && !on; w++)
				on = !strcmp(o->profiles[w], p) || !strcmp(o->profiles[w], "*");
		}
		if (on)
			yb_entry(c->a, &b, e->key, e->value, e->via);
	}
	return yb_replace(c->a, doc, se, yb_map(c->a, se->value, &b));
}

void compose_project_assemble(struct arena *a, struct cl_loader *ld,
			      const struct cl_project_opts *o, struct cl_assembled *out)
{
	memset(out, 0, sizeof *out);
	cl_diags_init(&out->problems, a);
	out->main_file = UINT32_MAX;
	if (!o->nfiles)
		return;
	struct asm_ctx *c = xcalloc(1, sizeof *c);
	c->a = a;
	c->ld = ld;
	c->o = o;
	c->out = out;
	const char *pdir = o->project_dir ? o->project_dir : cl_path_dir(a, o->files[0]);
	c->project_dir = pdir;

	struct penv *env = arena_alloc(a, sizeof *env);
	env->env.lookup = penv_lookup;
	env->env.ctx = env;
	env->environ = o->environ;
	if (o->nenv_files) {
		load_env_files(c, env, o->env_files, NULL, o->nenv_files, 1);
	} else {
		const char *dot = cl_path_join(a, pdir, ".env");
		load_env_files(c, env, &dot, NULL, 1, 0);
	}
	out->root = apply_profiles(c, assemble(c, o->files, o->nfiles, pdir, env, NULL));
	xfree(c);
}
