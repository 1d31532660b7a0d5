/*
 * fuzz_project.c - libFuzzer harness: bytes as a compose project of up to
 * five files, assembled (compose/project.h: overrides, include, extends,
 * .env and interpolation, profiles), then what `composelint config
 * --with-origins` does with the result: the schema check of substituted
 * values, the normalized tree, and the tree printed as YAML.
 *
 * The input is cut at each line that is exactly "---8<---" (see
 * project.dict) into the files
 *
 *   compose.yml  override.yml  lib/common.yml  inc/compose.yml  .env
 *
 * in that order; a file past the last cut does not exist (an empty part is
 * an empty file), and a fifth cut and what follows belong to .env.  Inputs
 * over 64 KB are ignored.  The names let every feature reach every file:
 * `include: [inc/compose.yml]`, `extends: {file: lib/common.yml}`,
 * `../lib/common.yml` from inc/, `env_file: .env` or `../.env`, and the
 * default .env of the project.  A path is taken apart as a path
 * ("./a/../lib/common.yml" is lib/common.yml, "/proj/" the project
 * directory), so each file has one index in the file table however it is
 * spelt; "", "lib" and "inc" are directories (reading one fails with
 * EISDIR); anything else does not exist.  When the input's size is even, a
 * path that does not exist is registered in the file table anyway (as the
 * engine does); when odd, it is not (*file is UINT32_MAX, as
 * tests/unit/test_project.c does), so both loader contracts run.
 *
 * Three assemblies share one loader (each file loaded once) and one arena:
 *   A  compose.yml alone, no profile, the default .env;
 *   B  compose.yml + override.yml, profiles "debug" and "tools",
 *      --env-file .env (required, so a missing one is a problem);
 *   C  A again: its problems and its printed YAML must be A's byte for
 *      byte (nothing an assembly does may change the loader's documents).
 * The process environment is never used (environ NULL).  With
 * FUZZ_PROJECT_SHOW=1 in the environment, each assembly's problems and
 * printed YAML go to stderr (to see what a seed reaches).
 *
 * Besides memory errors, undefined behaviour and leaks, the harness aborts
 * (so libFuzzer keeps the input) when:
 *   - a problem or schema issue names a file that is not in the table
 *     (UINT32_MAX only for an unreadable file, without position), or a
 *     position outside its file, or a line:col that is not where its byte
 *     offset is;
 *   - the files the project read are not in the table, or twice;
 *   - compose_print_yaml() returns anything but 0 or 1, writes more than
 *     its bound (COMPOSE_PRINT_MAX_BYTES and one last line), or leaves a
 *     last line without its newline;
 *   - the printed YAML (under 1 MiB) does not load back without syntax,
 *     encoding or duplicate-key problems, or, when the print is complete
 *     and every string valid UTF-8, loads back as other values than the
 *     normalized tree (a string plain where it reads as null or a boolean,
 *     a different string, a different shape).
 *
 * Build and run: tests/fuzz/run.sh (see tests/fuzz/README.md).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/source.h"
#include "base/strbuf.h"
#include "compose/print.h"
#include "compose/project.h"
#include "compose/schema.h"
#include "compose/value.h"
#include "yaml/load.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_INPUT (64u * 1024)
#define NFILES 5
#define SEP "---8<---\n"
#define SEP_LEN (sizeof SEP - 1)
#define PROJ "/proj"               /* the virtual current directory */
#define RELOAD_MAX (1024u * 1024)  /* printed YAML loaded back up to this size */
#define MAP_CMP_MAX 2000u          /* larger maps: shape only (the key match is n^2) */

static const char *const names[NFILES] = {
	"compose.yml", "override.yml", "lib/common.yml", "inc/compose.yml", ".env",
};
static const char *const dirs[] = { "", "lib", "inc", NULL };
static int show;

static void fail(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

static void fail(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("fuzz_project: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	abort();
}

/* ---- a file system in memory ---------------------------------------------------- */

/* One path as the loader has seen it: a file of the input, a directory, or
 * nothing. */
struct vent {
	const char *canon;          /* the path taken apart and put together */
	uint32_t index;             /* in the file table; UINT32_MAX until first use */
	char *text;                 /* a file of the input (heap, NUL after len); else NULL */
	size_t len;
	const char *err;            /* why it cannot be read; NULL for a file */
	int missing;                /* err is "does not exist" */
	int loaded;
	const struct ynode *doc;
};

struct vfs {
	struct arena *a;
	struct cl_sources files;
	struct vent *v;             /* the input's files first, then paths seen */
	uint32_t n;
	int register_missing;
};

/* path without ".", "..", "//" and the leading "/proj/": "" is the project
 * directory; NULL when outside it. */
static char *canon(struct arena *a, const char *path)
{
	const char *p = path;
	if (p[0] == '/') {
		if (strncmp(p, PROJ, sizeof PROJ - 1) || (p[sizeof PROJ - 1] && p[sizeof PROJ - 1] != '/'))
			return NULL;
		p += sizeof PROJ - 1;
	}
	char *out = arena_alloc(a, strlen(p) + 1);
	size_t len = 0;
	while (*p) {
		while (*p == '/')
			p++;
		const char *s = p;
		while (*p && *p != '/')
			p++;
		size_t k = (size_t)(p - s);
		if (!k || (k == 1 && s[0] == '.'))
			continue;
		if (k == 2 && s[0] == '.' && s[1] == '.') {
			if (!len)
				return NULL;
			while (len && out[len - 1] != '/')
				len--;
			if (len)
				len--;
			continue;
		}
		if (len)
			out[len++] = '/';
		memcpy(out + len, s, k);
		len += k;
	}
	out[len] = '\0';
	return out;
}

/* The entry of a path, registered in the file table on first use as the
 * engine does (under the spelling first seen). */
static struct vent *open_path(struct vfs *fs, const char *path)
{
	const char *c = canon(fs->a, path);
	struct vent *e = NULL;
	/* outside the project: one entry per spelling, all missing */
	const char *key = c ? c : arena_printf(fs->a, "\x01%s", path);
	for (uint32_t i = 0; i < fs->n && !e; i++)
		if (fs->v[i].canon && !strcmp(fs->v[i].canon, key))
			e = &fs->v[i];
	if (!e) {
		fs->v = arena_grow(fs->a, fs->v, fs->n * sizeof *fs->v, (fs->n + 1) * sizeof *fs->v);
		e = &fs->v[fs->n++];
		e->canon = key;
		e->index = UINT32_MAX;
		int dir = 0;
		for (const char *const *d = dirs; *d && c; d++)
			dir |= !strcmp(c, *d);
		e->missing = !dir;
		e->err = strerror(dir ? EISDIR : ENOENT);
	}
	if (e->index == UINT32_MAX && (!e->missing || fs->register_missing)) {
		e->index = cl_sources_add(&fs->files, fs->a, path);
		struct cl_source *src = &fs->files.v[e->index];
		src->text = e->text;
		src->len = e->len;
		if (e->err)
			src->read_error = e->missing ? ENOENT : EISDIR;
	}
	return e;
}

static const struct ynode *vyaml(struct cl_loader *l, const char *path, uint32_t *file,
				 const char **err)
{
	struct vfs *fs = l->ctx;
	struct vent *e = open_path(fs, path);
	*file = e->index;
	*err = e->err;
	if (e->err)
		return NULL;
	if (!e->loaded) {
		static const struct ylimits lim = YLIMITS_DEFAULT;
		struct yload ld;
		e->loaded = 1;
		yaml_load(fs->a, e->index, e->text, e->len, &lim, &ld);
		if (ld.ndocs)
			e->doc = ld.docs[0];
	}
	return e->doc;
}

static int vtext(struct cl_loader *l, const char *path, uint32_t *file, const char **text,
		 size_t *len, const char **err)
{
	struct vfs *fs = l->ctx;
	struct vent *e = open_path(fs, path);
	*file = e->index;
	*err = NULL;
	if (e->err) {
		if (!e->missing)
			*err = e->err;  /* an absent file is the caller's to judge */
		return -1;
	}
	*text = e->text;
	*len = e->len;
	return 0;
}

/* ---- invariants ---------------------------------------------------------------------- */

static void check_span(const struct vfs *fs, const struct cl_span *s, int may_be_unregistered,
		       const char *what, const char *msg)
{
	if (s->file == UINT32_MAX) {
		if (!may_be_unregistered || cl_span_valid(s))
			fail("%s '%s' names no file", what, msg);
		return;
	}
	if (s->file >= fs->files.n)
		fail("%s '%s' names file %u of %u", what, msg, s->file, fs->files.n);
	if (!cl_span_valid(s))
		return;
	const struct cl_source *src = &fs->files.v[s->file];
	if (!src->text)
		fail("%s '%s' has a position in unreadable %s", what, msg, src->path);
	if (s->start.off > src->len || s->end.off > src->len || s->start.off > s->end.off)
		fail("%s '%s': bytes %u..%u of %s (%zu bytes)", what, msg, s->start.off, s->end.off,
		     src->path, src->len);
	struct cl_pos p = yaml_pos_at(src->text, src->len, s->start.off);
	if (p.line != s->start.line || p.col != s->start.col)
		fail("%s '%s': %s:%u:%u, but byte %u is at %u:%u", what, msg, src->path,
		     s->start.line, s->start.col, s->start.off, p.line, p.col);
}

static void check_assembled(const struct vfs *fs, const struct cl_assembled *as)
{
	if (as->main_file != UINT32_MAX && as->main_file >= fs->files.n)
		fail("main file %u of %u", as->main_file, fs->files.n);
	int main_seen = as->main_file == UINT32_MAX;
	for (uint32_t i = 0; i < as->nfiles; i++) {
		if (as->files[i] >= fs->files.n)
			fail("project file %u of %u", as->files[i], fs->files.n);
		for (uint32_t k = 0; k < i; k++)
			if (as->files[k] == as->files[i])
				fail("project file %u listed twice", as->files[i]);
		main_seen |= as->files[i] == as->main_file;
	}
	if (!main_seen)
		fail("main file %u is not among the project's files", as->main_file);
	for (uint32_t i = 0; i < as->problems.n; i++) {
		const struct cl_diag *p = &as->problems.v[i];
		if (p->kind < 0 || p->kind > CP_ENCODING || !p->msg)
			fail("problem %u: kind %d, message %p", i, (int)p->kind, (const void *)p->msg);
		check_span(fs, &p->at, p->kind == CP_IO, "problem", p->msg);
		for (uint32_t k = 0; k < p->nnotes; k++)
			check_span(fs, &p->notes[k].at, 0, "related place of", p->msg);
	}
}

static int utf8_valid(const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	while (*s) {
		size_t len = s[0] < 0x80 ? 1 : s[0] >= 0xC2 && s[0] < 0xE0 ? 2 :
			     s[0] >= 0xE0 && s[0] < 0xF0 ? 3 : s[0] >= 0xF0 && s[0] < 0xF5 ? 4 : 0;
		if (!len)
			return 0;
		uint32_t c = s[0] & (0xFF >> (len + 1));
		for (size_t i = 1; i < len; i++) {
			if ((s[i] & 0xC0) != 0x80)
				return 0;
			c = c << 6 | (s[i] & 0x3F);
		}
		if ((len == 3 && c < 0x800) || (len == 4 && (c < 0x10000 || c > 0x10FFFF)) ||
		    (c >= 0xD800 && c <= 0xDFFF))
			return 0;
		s += len;
	}
	return 1;
}

/* Some string of the tree (key or value) is not UTF-8: the printer writes
 * its bytes as \xNN, which read back as other characters, by design. */
static int lossy(const struct cv *v, unsigned depth)
{
	if (depth > COMPOSE_PRINT_MAX_DEPTH)
		return 1;
	if (v->kind == CV_STR)
		return v->text && !utf8_valid(v->text);
	for (uint32_t i = 0; i < v->n; i++)
		if ((v->items[i].key && !utf8_valid(v->items[i].key)) ||
		    lossy(v->items[i].value, depth + 1))
			return 1;
	return 0;
}

static const char *cv_key(const struct cv_entry *e)
{
	return e->key ? e->key : "";
}

/* Where compare() is, printed only when it fails. */
struct where {
	const struct where *up;
	const char *key;            /* a map's entry, or NULL: a list's item */
	uint32_t item;
};

static void put_where(struct strbuf *sb, const struct where *w)
{
	if (!w) {
		strbuf_addch(sb, '$');
		return;
	}
	put_where(sb, w->up);
	if (w->key)
		strbuf_addf(sb, ".%.60s", w->key);
	else
		strbuf_addf(sb, "[%u]", w->item);
}

static void mismatch(const struct where *w, const char *fmt, ...)
	__attribute__((format(printf, 2, 3), noreturn));

static void mismatch(const struct where *w, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	put_where(&sb, w);
	strbuf_addstr(&sb, ": ");
	va_list ap;
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	fail("printed YAML read back as other values: %s", sb.buf);
}

/* The printed value n, loaded back, is the value v. */
static void compare(const struct cv *v, const struct ynode *n, const struct where *w)
{
	n = y_deref(n, NULL, NULL);
	switch (v->kind) {
	case CV_MAP: {
		if (n->kind != Y_MAP)
			mismatch(w, "a map printed, a %s read back", y_kind_name(n));
		if (v->n > MAP_CMP_MAX)
			return;
		uint32_t distinct = 0;
		for (uint32_t i = 0; i < v->n; i++) {
			uint32_t k = i + 1;
			while (k < v->n && strcmp(cv_key(&v->items[i]), cv_key(&v->items[k])))
				k++;
			distinct += k == v->n;
		}
		if (distinct != n->map.n)
			mismatch(w, "%u keys printed, %u read back", distinct, n->map.n);
		for (uint32_t i = 0; i < n->map.n; i++) {
			const struct ynode *key = y_deref(n->map.entries[i].key, NULL, NULL);
			if (key->kind != Y_SCALAR)
				mismatch(w, "a %s key read back", y_kind_name(key));
			const struct cv_entry *e = NULL;
			for (uint32_t k = v->n; k-- > 0 && !e;)
				if (strlen(cv_key(&v->items[k])) == key->scalar.len &&
				    !memcmp(cv_key(&v->items[k]), key->scalar.s, key->scalar.len))
					e = &v->items[k];
			if (!e)
				mismatch(w, "key '%s' read back, never printed", key->scalar.s);
			struct where in = { w, cv_key(e), 0 };
			compare(e->value, n->map.entries[i].value, &in);
		}
		return;
	}
	case CV_LIST:
		if (n->kind != Y_SEQ || n->seq.n != v->n)
			mismatch(w, "a list of %u printed, a %s (%u) read back", v->n, y_kind_name(n),
				 n->kind == Y_SEQ ? n->seq.n : 0);
		for (uint32_t i = 0; i < v->n; i++) {
			struct where in = { w, NULL, i };
			compare(v->items[i].value, n->seq.items[i], &in);
		}
		return;
	default:
		break;
	}
	if (n->kind != Y_SCALAR)
		mismatch(w, "a scalar printed, a %s read back", y_kind_name(n));
	int b = 0;
	switch (v->kind) {
	case CV_NULL:
		if (!y_is_null(n))
			mismatch(w, "null printed, '%s' read back", n->scalar.s);
		break;
	case CV_BOOL:
		if (!y_bool(n, &b) || b != v->b || n->style != YS_PLAIN)
			mismatch(w, "%s printed, '%s' read back", v->b ? "true" : "false", n->scalar.s);
		break;
	case CV_NUM:
		if (n->style != YS_PLAIN)
			mismatch(w, "number %s printed, '%s' read back as a string", v->text,
				 n->scalar.s);
		break;
	case CV_STR: {
		/* a literal '$' is printed "$$" (print.c) */
		struct strbuf want = STRBUF_INIT;
		for (const char *c = v->text ? v->text : ""; *c; c++) {
			if (*c == '$')
				strbuf_addch(&want, '$');
			strbuf_addch(&want, *c);
		}
		int same = want.len == n->scalar.len &&
			   (!want.len || !memcmp(want.buf, n->scalar.s, want.len));
		strbuf_release(&want);
		if (!same)
			mismatch(w, "string '%s' printed, '%s' read back", v->text, n->scalar.s);
		if (n->style == YS_PLAIN && (y_is_null(n) || y_bool(n, &b)))
			mismatch(w, "string '%s' printed plain, reads as null or a boolean", v->text);
		break;
	}
	default:
		mismatch(w, "a value of kind %d", v->kind);
	}
}

/* ---- one assembly --------------------------------------------------------------------- */

struct outcome {
	struct strbuf yaml;         /* compose_print_yaml() with origins */
	struct cl_assembled as;
};

static void assemble(struct vfs *fs, struct cl_loader *ld, const struct cl_project_opts *o,
		     struct outcome *r)
{
	compose_project_assemble(fs->a, ld, o, &r->as);
	check_assembled(fs, &r->as);
	for (uint32_t i = 0; show && i < r->as.problems.n; i++) {
		const struct cl_diag *p = &r->as.problems.v[i];
		const char *name = p->at.file < fs->files.n ? fs->files.v[p->at.file].path : "?";
		fprintf(stderr, "%s:%u:%u: problem %d: %s\n", name, p->at.start.line,
			p->at.start.col, (int)p->kind, p->msg);
	}
	if (!r->as.root)
		return;

	struct cl_diags issues;
	cl_diags_init(&issues, fs->a);
	compose_schema_check_substituted(r->as.root, &issues);
	for (uint32_t i = 0; i < issues.n; i++)
		check_span(fs, &issues.v[i].at, 0, "schema issue", issues.v[i].msg);

	int truncated = 0;
	const struct cv *doc = compose_normalize(fs->a, r->as.root, &truncated);
	int rc = compose_print_yaml(&r->yaml, doc, &fs->files, 1);
	if (show)
		fprintf(stderr, "---- %u file(s), rc %d, %zu bytes\n%.*s", o->nfiles, rc, r->yaml.len,
			(int)(r->yaml.len < 65536 ? r->yaml.len : 65536), r->yaml.buf ? r->yaml.buf : "");
	if (rc != 0 && rc != 1)
		fail("compose_print_yaml() returned %d", rc);
	/* the size is checked before each value: one last line may pass it */
	if (r->yaml.len > COMPOSE_PRINT_MAX_BYTES + 16u * MAX_INPUT + 65536)
		fail("printed %zu bytes", r->yaml.len);
	if (r->yaml.len && r->yaml.buf[r->yaml.len - 1] != '\n')
		fail("printed YAML does not end with a newline");
	if (r->yaml.len > RELOAD_MAX)
		return;

	/* what was printed loads back as what was normalized */
	static const struct ylimits lim = YLIMITS_DEFAULT;
	struct yload back;
	yaml_load(fs->a, fs->files.n, r->yaml.buf, r->yaml.len, &lim, &back);
	int is_lossy = !doc || lossy(doc, 0), limited = 0;
	for (uint32_t i = 0; i < back.problems.n; i++) {
		const struct cl_diag *q = &back.problems.v[i];
		limited |= q->kind == YPROB_LIMIT;
		if (q->kind == YPROB_LIMIT || (q->kind == YPROB_DUPLICATE && is_lossy))
			continue;
		fail("printed YAML does not load back: %u:%u: %s\n%s", q->at.start.line,
		     q->at.start.col, q->msg, r->yaml.buf);
	}
	if (rc || truncated || limited || is_lossy)
		return;
	if (back.ndocs != 1)
		fail("printed YAML loads back as %u documents", back.ndocs);
	compare(doc, back.docs[0], NULL);
}

static void same_outcome(const struct outcome *x, const struct outcome *y)
{
	if (x->yaml.len != y->yaml.len || (x->yaml.len && memcmp(x->yaml.buf, y->yaml.buf, x->yaml.len)))
		fail("the same project printed differently the second time:\n%s\n---\n%s",
		     x->yaml.buf ? x->yaml.buf : "", y->yaml.buf ? y->yaml.buf : "");
	const struct cl_diags *p = &x->as.problems, *q = &y->as.problems;
	if (p->n != q->n)
		fail("the same project had %u problems, then %u", p->n, q->n);
	for (uint32_t i = 0; i < p->n; i++)
		if (p->v[i].kind != q->v[i].kind || strcmp(p->v[i].msg, q->v[i].msg) ||
		    memcmp(&p->v[i].at, &q->v[i].at, sizeof p->v[i].at))
			fail("the same project's problem %u was '%s', then '%s'", i, p->v[i].msg,
			     q->v[i].msg);
	if (x->as.main_file != y->as.main_file || (x->as.root == NULL) != (y->as.root == NULL))
		fail("the same project assembled differently the second time");
}

/* ---- entry points ------------------------------------------------------------------------ */

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	/* nothing may ever wait for a terminal */
	if (!freopen("/dev/null", "r", stdin))
		return 0;
	const char *e = getenv("FUZZ_PROJECT_SHOW");
	show = e && *e && strcmp(e, "0");
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > MAX_INPUT)
		return 0;
	struct vfs fs;
	memset(&fs, 0, sizeof fs);
	fs.a = arena_new();
	fs.register_missing = (size & 1) == 0;

	/* the input's files, each in a buffer of its own so ASan sees a read
	 * past its end */
	const char *s = (const char *)data, *end = s + size;
	for (uint32_t i = 0; i < NFILES && s; i++) {
		const char *cut = NULL;
		for (const char *p = s; i + 1 < NFILES && p + SEP_LEN <= end; p++) {
			if ((p == s || p[-1] == '\n') && !memcmp(p, SEP, SEP_LEN)) {
				cut = p;
				break;
			}
			p = memchr(p, '\n', (size_t)(end - p));
			if (!p)
				break;
		}
		size_t len = (size_t)((cut ? cut : end) - s);
		fs.v = arena_grow(fs.a, fs.v, fs.n * sizeof *fs.v, (fs.n + 1) * sizeof *fs.v);
		struct vent *e = &fs.v[fs.n++];
		e->canon = names[i];
		e->index = UINT32_MAX;
		e->text = xmalloc(len + 1);
		if (len)
			memcpy(e->text, s, len);
		e->text[len] = '\0';
		e->len = len;
		s = cut ? cut + SEP_LEN : NULL;
	}
	uint32_t ninput = fs.n;

	struct cl_loader ld = { vyaml, vtext, &fs, NULL };
	const char *files[] = { "compose.yml", "override.yml" };
	const char *profiles[] = { "debug", "tools" };
	const char *env_files[] = { ".env" };
	struct outcome a, b, c;
	memset(&a, 0, sizeof a);
	memset(&b, 0, sizeof b);
	memset(&c, 0, sizeof c);

	struct cl_project_opts oa = { files, 1, NULL, NULL, 0, NULL, NULL, 0 };
	assemble(&fs, &ld, &oa, &a);
	struct cl_project_opts ob = { files, 2, NULL, env_files, 1, NULL, profiles, 2 };
	assemble(&fs, &ld, &ob, &b);
	assemble(&fs, &ld, &oa, &c);
	same_outcome(&a, &c);

	strbuf_release(&a.yaml);
	strbuf_release(&b.yaml);
	strbuf_release(&c.yaml);
	for (uint32_t i = 0; i < ninput; i++)
		free(fs.v[i].text);
	cl_sources_release(&fs.files);
	arena_free(fs.a);
	return 0;
}
