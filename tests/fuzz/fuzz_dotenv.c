/*
 * fuzz_dotenv.c - libFuzzer harness: bytes as a .env file, read by
 * cl_dotenv_parse() (compose/dotenv.h).
 *
 * When the input's size is odd, an outer environment (OUTER=from-outer,
 * OUTER_EMPTY=, OUTER_UNKNOWN unknown) is consulted first, as the process
 * environment is; when even, there is none.
 *
 * Besides memory errors, undefined behaviour and leaks, the harness aborts
 * (so libFuzzer keeps the input) when:
 *   - a file holding a NUL byte or invalid UTF-8 does not get exactly one
 *     problem, marked encoding, at the first such byte, with no variable;
 *     or a problem is marked encoding in a file without one;
 *   - the return value is not -1 exactly when there are problems, or the
 *     counts pass CL_DOTENV_MAX_VARS or CL_DOTENV_MAX_PROBLEMS (and the one
 *     problem that says so);
 *   - a problem or a variable's span names another file, lies outside the
 *     buffer, ends before it starts, or has a line:col that is not where
 *     its byte offset is (lines end at \n, \r\n or a lone \r; columns count
 *     code points; a leading BOM takes no column);
 *   - a value span is not inside its statement's span;
 *   - a name is empty or holds a byte compose does not allow in a name;
 *   - a value is not NUL-terminated at value_len, or holds a NUL byte when
 *     the input holds neither a NUL byte nor a "\0" escape;
 *   - a value that cannot have been changed by decoding or interpolation
 *     (unquoted or single-quoted, without '$', '\\' or a line break) is not
 *     the text its value span covers;
 *   - cl_dotenv_find() does not return, for a name, its last definition
 *     with a value, else its last bare one; cl_dotenv_env() says otherwise
 *     than that definition;
 *   - a second parse of the same bytes differs from the first.
 *
 * Build and run: tests/fuzz/run.sh (see tests/fuzz/README.md).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "compose/dotenv.h"
#include "fuzzcheck.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FILE_IX 7u

static void outer_lookup(const struct cl_env *env, const char *name, size_t len,
			 struct cl_env_value *out)
{
	(void)env;
	if (len == 5 && !memcmp(name, "OUTER", 5)) {
		out->state = CL_ENV_SET;
		out->value = "from-outer";
		out->len = 10;
	} else if (len == 11 && !memcmp(name, "OUTER_EMPTY", 11)) {
		out->state = CL_ENV_EMPTY;
	} else if (len == 13 && !memcmp(name, "OUTER_UNKNOWN", 13)) {
		out->state = CL_ENV_SET;
		out->value = "x";
		out->len = 1;
		out->unknown = 1;
	}
}

/* Line starts of the input, found independently of dotenv.c. */
static size_t *starts;
static size_t nstarts;

static void index_lines(const char *b, size_t n)
{
	free(starts);
	starts = malloc((n + 1) * sizeof *starts);
	if (!starts)
		abort();
	nstarts = 0;
	starts[nstarts++] = 0;
	for (size_t i = 0; i < n; i++)
		if (b[i] == '\n' || (b[i] == '\r' && !(i + 1 < n && b[i + 1] == '\n')))
			starts[nstarts++] = i + 1;
}

/* Where off is, counted the way dotenv.h promises. */
static struct cl_pos pos_of(const char *b, size_t n, size_t off)
{
	size_t bom = n >= 3 && !memcmp(b, "\xEF\xBB\xBF", 3) ? 3 : 0;
	size_t lo = 0, hi = nstarts;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (starts[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	size_t start = starts[lo] < bom ? bom : starts[lo];
	uint32_t col = 1;
	for (size_t i = start; i < off; i++)
		if (((unsigned char)b[i] & 0xC0) != 0x80 && b[i] != '\r')
			col++;
	struct cl_pos p = { (uint32_t)off, (uint32_t)(lo + 1), col };
	return p;
}

static void check_span(const struct cl_span *s, const char *b, size_t n)
{
	check(s->file == FILE_IX);
	check(s->start.off <= s->end.off && s->end.off <= n);
	struct cl_pos p = pos_of(b, n, s->start.off), q = pos_of(b, n, s->end.off);
	if (s->start.line != p.line || s->start.col != p.col || s->end.line != q.line ||
	    s->end.col != q.col)
		fprintf(stderr, "fuzz_dotenv: span %u:%u(%u)-%u:%u(%u), expected %u:%u-%u:%u\n",
			s->start.line, s->start.col, s->start.off, s->end.line, s->end.col,
			s->end.off, p.line, p.col, q.line, q.col);
	check(s->start.line == p.line && s->start.col == p.col);
	check(s->end.line == q.line && s->end.col == q.col);
}

static int name_byte(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '.' || c == '-' || c == '[' || c == ']' || c >= 0x80;
}

/* The first byte that is a NUL or not strict UTF-8 (no overlong forms, no
 * surrogates, nothing past U+10FFFF), or n; written apart from base/utf8.c. */
static size_t first_bad_byte(const unsigned char *b, size_t n)
{
	for (size_t i = 0; i < n;) {
		unsigned char c = b[i];
		size_t need;
		unsigned char lo = 0x80, hi = 0xBF;
		if (c == 0)
			return i;
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF)
			need = 1;
		else if (c >= 0xE0 && c <= 0xEF)
			need = 2;
		else if (c >= 0xF0 && c <= 0xF4)
			need = 3;
		else
			return i;
		if (c == 0xE0)
			lo = 0xA0;
		else if (c == 0xED)
			hi = 0x9F;
		else if (c == 0xF0)
			lo = 0x90;
		else if (c == 0xF4)
			hi = 0x8F;
		if (i + need >= n)
			return i;
		if (b[i + 1] < lo || b[i + 1] > hi)
			return i;
		for (size_t k = 2; k <= need; k++)
			if ((b[i + k] & 0xC0) != 0x80)
				return i;
		i += need + 1;
	}
	return n;
}

static int has_nul_source(const char *b, size_t n)
{
	if (memchr(b, 0, n))
		return 1;
	for (size_t i = 0; i + 1 < n; i++)
		if (b[i] == '\\' && b[i + 1] == '0')
			return 1;
	return 0;
}

/* The winner by dotenv.h's rule, found by a scan. */
static const struct cl_envvar *winner(const struct cl_dotenv *d, const char *name)
{
	const struct cl_envvar *w = NULL;
	for (uint32_t i = 0; i < d->nvars; i++) {
		const struct cl_envvar *v = &d->vars[i];
		if (strcmp(v->name, name))
			continue;
		if (v->value || !w || !w->value)
			w = v;
	}
	return w;
}

static void check_dotenv(const struct cl_dotenv *d, int rc, const char *b, size_t n)
{
	check(rc == (d->problems.n ? -1 : 0));
	/* a NUL byte or invalid UTF-8: one problem there, nothing read */
	size_t bad = first_bad_byte((const unsigned char *)b, n);
	if (bad < n)
		check(d->problems.n == 1 && (d->problems.v[0].kind == CL_ENV_ENCODING) && d->nvars == 0 &&
		      d->problems.v[0].at.start.off == bad);
	for (uint32_t i = 0; i < d->problems.n; i++)
		check(!(d->problems.v[i].kind == CL_ENV_ENCODING) || bad < n);
	check(d->nvars <= CL_DOTENV_MAX_VARS);
	check(d->problems.n <= CL_DOTENV_MAX_PROBLEMS + 1);
	for (uint32_t i = 0; i < d->problems.n; i++) {
		check(d->problems.v[i].msg && *d->problems.v[i].msg);
		check_span(&d->problems.v[i].at, b, n);
	}
	int nul_ok = has_nul_source(b, n);
	struct cl_env env;
	cl_dotenv_env(d, &env);
	for (uint32_t i = 0; i < d->nvars; i++) {
		const struct cl_envvar *v = &d->vars[i];
		check(v->name && *v->name);
		for (const char *c = v->name; *c; c++)
			check(name_byte((unsigned char)*c));
		check_span(&v->at, b, n);
		check_span(&v->value_at, b, n);
		check(v->value_at.start.off >= v->at.start.off && v->value_at.end.off <= v->at.end.off);
		check(v->quote == 0 || v->quote == '\'' || v->quote == '"');
		if (!v->value) {
			check(v->value_len == 0 && v->quote == 0);
		} else {
			check(v->value[v->value_len] == '\0');
			if (!nul_ok)
				check(strlen(v->value) == v->value_len);
			const char *raw = b + v->value_at.start.off;
			size_t rawn = v->value_at.end.off - v->value_at.start.off;
			int plain = v->quote != '"';
			for (size_t k = 0; k < rawn && plain; k++)
				if (raw[k] == '$' || raw[k] == '\\' || raw[k] == '\n' || raw[k] == '\r')
					plain = 0;
			if (plain)
				check(v->value_len == rawn && !memcmp(v->value, raw, rawn) && !v->unknown);
		}
		const struct cl_envvar *f = cl_dotenv_find(d, v->name, strlen(v->name));
		check(f && f == winner(d, v->name));
		struct cl_env_value ev;
		memset(&ev, 0, sizeof ev);
		env.lookup(&env, v->name, strlen(v->name), &ev);
		if (!f->value) {
			check(ev.state == CL_ENV_UNSET);
		} else if (f->value_len == 0) {
			check(ev.state == CL_ENV_EMPTY || (ev.state == CL_ENV_SET && ev.len == 0));
		} else {
			check(ev.state == CL_ENV_SET && ev.len == f->value_len &&
			      !memcmp(ev.value, f->value, f->value_len));
			check(!ev.unknown == !f->unknown);
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *b = (const char *)data;
	const struct cl_env outer = { outer_lookup, NULL };
	const struct cl_env *o = size & 1 ? &outer : NULL;

	index_lines(b, size);
	struct arena *a = arena_new();
	struct cl_dotenv d1, d2;
	int rc1 = cl_dotenv_parse(a, FILE_IX, b, size, o, &d1);
	check_dotenv(&d1, rc1, b, size);

	int rc2 = cl_dotenv_parse(a, FILE_IX, b, size, o, &d2);
	check(rc1 == rc2 && d1.nvars == d2.nvars && d1.problems.n == d2.problems.n);
	for (uint32_t i = 0; i < d1.nvars; i++) {
		const struct cl_envvar *x = &d1.vars[i], *y = &d2.vars[i];
		check(!strcmp(x->name, y->name) && !x->value == !y->value);
		check(x->value_len == y->value_len && x->unknown == y->unknown);
		check(!x->value || !memcmp(x->value, y->value, x->value_len));
	}
	for (uint32_t i = 0; i < d1.problems.n; i++)
		check(!strcmp(d1.problems.v[i].msg, d2.problems.v[i].msg) &&
		      d1.problems.v[i].at.start.off == d2.problems.v[i].at.start.off);
	arena_free(a);
	return 0;
}
