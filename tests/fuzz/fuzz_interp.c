/*
 * fuzz_interp.c - libFuzzer harness: bytes as a string and a variable
 * table, interpolated by cl_interpolate() (compose/interp.h).
 *
 * Input: when a line is exactly "%%", the lines before it are the table
 * and what follows it is the string; else the whole input is the string
 * and nothing is set (env NULL).  A table line is NAME=VALUE (set; empty
 * when VALUE is), NAME?=VALUE (set, from a definition that was unknown
 * itself) or anything else (ignored); the last definition of a name wins.
 *
 * Besides memory errors, undefined behaviour and leaks, the harness aborts
 * (so libFuzzer keeps the input) when:
 *   - the return value is not -1 exactly when there are errors, or the
 *     counts pass CL_INTERP_MAX_ERRORS / CL_INTERP_MAX_USES;
 *   - the value is not NUL-terminated at len, or longer than the bound
 *     interp.h gives;
 *   - an error's or a use's span is not inside the string or does not
 *     start at a '$'; a use does not name its variable right after the '$'
 *     or "${", a required error has no variable name after its "${"; an
 *     error's span has a line (its offsets are into the string); a use's
 *     state is not what the table says; a use is flagged unknown other than when
 *     interp.h says;
 *   - a string without '$' does not come back as it is;
 *   - the string with every '$' doubled does not come back as the string,
 *     without uses or errors (the escape round trip);
 *   - the result differs from a small reference evaluator written from
 *     interp.h's description: the same verdict (syntax error, missing
 *     required variable, clean) and, when clean, the same value and the
 *     same unknown flag.  Nesting near CL_INTERP_MAX_DEPTH and results near
 *     CL_INTERP_MAX_OUTPUT are left to the limit checks above.
 *
 * Build and run: tests/fuzz/run.sh (see tests/fuzz/README.md).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/strbuf.h"
#include "compose/interp.h"
#include "fuzzcheck.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* ---- the table ---------------------------------------------------------- */

struct var {
	const char *name, *value;
	size_t nlen, vlen;
	int unknown;
};

struct table {
	struct var *v;
	size_t n;
};

static void table_lookup(const struct cl_env *env, const char *name, size_t len,
			 struct cl_env_value *out)
{
	const struct table *t = env->ctx;
	for (size_t i = t->n; i-- > 0;) {
		const struct var *v = &t->v[i];
		if (v->nlen == len && !memcmp(v->name, name, len)) {
			out->state = v->vlen ? CL_ENV_SET : CL_ENV_EMPTY;
			out->value = v->value;
			out->len = v->vlen;
			out->unknown = v->unknown;
			return;
		}
	}
}

static const struct var *table_get(const struct table *t, const char *name, size_t len)
{
	if (!t)
		return NULL;
	for (size_t i = t->n; i-- > 0;)
		if (t->v[i].nlen == len && !memcmp(t->v[i].name, name, len))
			return &t->v[i];
	return NULL;
}

static int name_start(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}

static int name_char(char c)
{
	return name_start(c) || (c >= '0' && c <= '9');
}

/* ---- a reference evaluator ------------------------------------------------ */

struct ref {
	const char *s;
	size_t n;
	const struct table *t;
	int bad;        /* a syntax error somewhere */
	int required;   /* an evaluated required variable is missing */
	int unknown;
	unsigned depth, max_depth;
};

static size_t ref_text(struct ref *r, size_t i, int word, int eval, int in_msg, struct strbuf *sb);

/* set when the reference's result passes the bound: not compared then */
static int ref_big;

static void ref_emit(struct strbuf *sb, int eval, const char *d, size_t n)
{
	if (!eval || !n)
		return;
	if (sb->len + n > CL_INTERP_MAX_OUTPUT)
		ref_big = 1;
	else
		strbuf_add(sb, d, n);
}

/* "${" at s[i]; returns the index after the closing '}' (n when bad). */
static size_t ref_braced(struct ref *r, size_t i, int eval, int in_msg, struct strbuf *sb)
{
	const char *s = r->s;
	size_t n = r->n, j = i + 2;
	if (++r->depth > r->max_depth)
		r->max_depth = r->depth;
	size_t ret = n;
	if (j >= n || !name_start(s[j])) {
		r->bad = 1;
		goto out;
	}
	size_t k = j;
	while (k < n && name_char(s[k]))
		k++;
	if (k >= n) {
		r->bad = 1;
		goto out;
	}
	const struct var *v = table_get(r->t, s + j, k - j);
	int set = v && v->vlen, defined = v != NULL;
	if (s[k] == '}') {
		if (eval) {
			if (v)
				ref_emit(sb, 1, v->value, v->vlen);
			if ((!v || v->unknown) && !in_msg)
				r->unknown = 1;
		}
		ret = k + 1;
		goto out;
	}
	int colon = s[k] == ':';
	char op = colon ? (k + 1 < n ? s[k + 1] : 0) : s[k];
	if (op != '-' && op != '?' && op != '+') {
		r->bad = 1;
		goto out;
	}
	size_t w = k + 1 + (size_t)colon;
	int cond = colon ? set : defined;  /* the variable counts as there */
	int use_word = 0, fail = 0, keep = 0;
	if (op == '-') {
		use_word = !cond;
		keep = cond;
	} else if (op == '?') {
		fail = !cond;
		keep = cond;
	} else {
		use_word = cond;
	}
	if (eval && keep && v) {
		ref_emit(sb, 1, v->value, v->vlen);
		if (v->unknown && !in_msg)
			r->unknown = 1;
	}
	struct strbuf msg = STRBUF_INIT;
	size_t e = ref_text(r, w, 1, eval && (use_word || fail), in_msg || fail,
			    use_word ? sb : &msg);
	strbuf_release(&msg);
	if (e >= n) {
		r->bad = 1;
		goto out;
	}
	if (eval && fail)
		r->required = 1;
	ret = e + 1;
out:
	r->depth--;
	return ret;
}

static size_t ref_text(struct ref *r, size_t i, int word, int eval, int in_msg, struct strbuf *sb)
{
	const char *s = r->s;
	size_t n = r->n, braces = 0;
	while (i < n && !r->bad) {
		char c = s[i];
		if (c == '$') {
			char d = i + 1 < n ? s[i + 1] : 0;
			if (d == '$') {
				ref_emit(sb, eval, "$", 1);
				i += 2;
			} else if (i + 1 < n && name_start(d)) {
				size_t j = i + 1;
				while (j < n && name_char(s[j]))
					j++;
				if (eval) {
					const struct var *v = table_get(r->t, s + i + 1, j - i - 1);
					if (v)
						ref_emit(sb, 1, v->value, v->vlen);
					if ((!v || v->unknown) && !in_msg)
						r->unknown = 1;
				}
				i = j;
			} else if (d == '{' && i + 1 < n) {
				i = ref_braced(r, i, eval, in_msg, sb);
			} else {
				ref_emit(sb, eval, "$", 1);
				i++;
			}
		} else if (word && c == '{') {
			braces++;
			ref_emit(sb, eval, "{", 1);
			i++;
		} else if (word && c == '}') {
			if (!braces)
				return i;
			braces--;
			ref_emit(sb, eval, "}", 1);
			i++;
		} else {
			ref_emit(sb, eval, &c, 1);
			i++;
		}
	}
	return r->bad ? n : i;
}

/* ---- the checks ------------------------------------------------------------ */

static void check_spans(const struct cl_interp *o, const char *s, size_t n,
			const struct table *t)
{
	for (uint32_t i = 0; i < o->errors.n; i++) {
		const struct cl_diag *e = &o->errors.v[i];
		uint32_t off = e->at.start.off, end = e->at.end.off;
		check(e->msg && *e->msg);
		check(e->kind == CL_INTERP_ESYNTAX || e->kind == CL_INTERP_EREQUIRED ||
		      e->kind == CL_INTERP_ELIMIT);
		check(e->at.start.line == 0 && e->at.end.line == 0);
		check(off < end && end <= n && s[off] == '$');
		if (e->kind == CL_INTERP_EREQUIRED)
			check(off + 3 <= end && s[off + 1] == '{' && name_start(s[off + 2]));
	}
	for (uint32_t i = 0; i < o->nuses; i++) {
		const struct cl_interp_use *u = &o->uses[i];
		size_t l = strlen(u->name);
		check(l > 0 && name_start(u->name[0]));
		check(u->off < u->end && u->end <= n && s[u->off] == '$');
		if (s[u->off + 1] == '{')
			check(u->off + 2 + l <= n && !memcmp(s + u->off + 2, u->name, l));
		else
			check(u->op == CL_INTERP_PLAIN && u->off + 1 + l == u->end &&
			      !memcmp(s + u->off + 1, u->name, l));
		const struct var *v = table_get(t, u->name, l);
		enum cl_env_state want = !v ? CL_ENV_UNSET : v->vlen ? CL_ENV_SET : CL_ENV_EMPTY;
		check(u->state == want);
		check(u->unknown == (u->op == CL_INTERP_PLAIN && u->state == CL_ENV_UNSET));
		check(cl_interp_op_text(u->op) != NULL);
	}
}

static void check_one(const char *s, size_t n, const struct cl_env *env, const struct table *t)
{
	struct arena *a = arena_new();
	struct cl_interp o;
	int rc = cl_interpolate(a, s, n, env, &o);
	check(rc == (o.errors.n ? -1 : 0));
	check(o.errors.n <= CL_INTERP_MAX_ERRORS && o.nuses <= CL_INTERP_MAX_USES);
	check(o.value && o.value[o.len] == '\0');
	check(o.len <= (n > CL_INTERP_MAX_OUTPUT ? n : CL_INTERP_MAX_OUTPUT));
	check(!o.uses_truncated || o.nuses == CL_INTERP_MAX_USES);
	check_spans(&o, s, n, t);
	if (!memchr(s, '$', n))
		check(rc == 0 && o.len == n && !memcmp(o.value, s, n) && !o.nuses && !o.unknown);

	int limit = 0;
	for (uint32_t i = 0; i < o.errors.n; i++)
		if (o.errors.v[i].kind == CL_INTERP_ELIMIT)
			limit = 1;
	if (limit)
		check(o.len == 0 && o.unknown);

	struct ref r = { s, n, t, 0, 0, 0, 0, 0 };
	struct strbuf sb = STRBUF_INIT;
	ref_big = 0;
	ref_text(&r, 0, 0, 1, 0, &sb);
	if (!limit && !ref_big && r.max_depth < CL_INTERP_MAX_DEPTH && !o.uses_truncated) {
		if (r.bad) {
			check(rc == -1);
			int syntax = 0;
			for (uint32_t i = 0; i < o.errors.n; i++)
				syntax |= o.errors.v[i].kind == CL_INTERP_ESYNTAX;
			/* unless the errors before it filled the list */
			check(syntax || o.errors.n == CL_INTERP_MAX_ERRORS);
		} else if (r.required) {
			check(rc == -1);
			for (uint32_t i = 0; i < o.errors.n; i++)
				check(o.errors.v[i].kind == CL_INTERP_EREQUIRED);
		} else {
			check(rc == 0);
			check(o.len == sb.len && !memcmp(o.value, sb.buf ? sb.buf : "", sb.len));
			check(!o.unknown == !r.unknown);
		}
	}
	strbuf_release(&sb);
	arena_free(a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *in = (const char *)data;
	const char *s = in;
	size_t n = size;
	struct table t = { NULL, 0 };
	const struct table *tp = NULL;
	struct cl_env env = { table_lookup, &t };

	const char *sep = NULL;
	if (size >= 3 && !memcmp(in, "%%\n", 3))
		sep = in;
	for (size_t i = 0; !sep && i + 4 <= size; i++)
		if (!memcmp(in + i, "\n%%\n", 4))
			sep = in + i + 1;
	if (sep) {
		s = sep + 3;
		n = size - (size_t)(s - in);
		tp = &t;
		t.v = malloc(((size_t)(sep - in) / 2 + 1) * sizeof *t.v);
		if (!t.v)
			abort();
		for (const char *l = in; l < sep;) {
			const char *nl = memchr(l, '\n', (size_t)(sep - l));
			const char *e = nl ? nl : sep;
			const char *eq = memchr(l, '=', (size_t)(e - l));
			if (eq && eq > l) {
				struct var *v = &t.v[t.n];
				v->unknown = eq[-1] == '?';
				v->name = l;
				v->nlen = (size_t)(eq - l) - (size_t)v->unknown;
				v->value = eq + 1;
				v->vlen = (size_t)(e - eq - 1);
				int ok = v->nlen > 0 && name_start(l[0]);
				for (size_t k = 1; k < v->nlen; k++)
					ok &= name_char(l[k]);
				if (ok)
					t.n++;
			}
			l = e + 1;
		}
	}

	check_one(s, n, tp ? &env : NULL, tp);

	/* the escape round trip: every '$' doubled comes back as one */
	struct strbuf esc = STRBUF_INIT;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '$')
			strbuf_addch(&esc, '$');
		strbuf_addch(&esc, s[i]);
	}
	struct arena *a = arena_new();
	struct cl_interp o;
	int rc = cl_interpolate(a, esc.buf ? esc.buf : "", esc.len, tp ? &env : NULL, &o);
	check(rc == 0 && o.nuses == 0 && o.errors.n == 0 && !o.unknown);
	check(o.len == n && !memcmp(o.value, s, n));
	arena_free(a);
	strbuf_release(&esc);
	free(t.v);
	return 0;
}
