/*
 * dotenv.c - .env files as compose reads them (see dotenv.h for the rules).
 *
 * One pass over the buffer, statement by statement.  Quoted values are
 * decoded into a buffer that remembers, for every decoded byte, the source
 * offset it came from, so that an interpolation error inside "..." points
 * at the right column.  Positions come from a line-start table built once
 * (the same line and column rules as yaml_pos_at()), so big files stay
 * linear.  Names are indexed in a small open-addressing hash table so that
 * lookups during interpolation do not scan the file.
 */
#include "compose/dotenv.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/hash.h"
#include "base/strbuf.h"
#include "base/utf8.h"
#include "base/vec.h"

#define SHOW_MAX 40u  /* bytes of source quoted in a message */

struct dp {
	struct arena *a;
	const char *b;
	size_t n;
	struct cl_dotenv *out;
	const struct cl_env *outer;
	uint32_t *lines;     /* line start offsets */
	size_t nlines, cap_lines;
	size_t bom;          /* 3 when the file starts with a UTF-8 BOM */
	uint32_t cap_vars;
	size_t expanded;     /* bytes of interpolated values so far */
	int no_expand;       /* CL_DOTENV_MAX_EXPANDED reached */
};

/* ---- positions ---------------------------------------------------------- */

static void build_lines(struct dp *p)
{
	*VEC_PUSH(p->lines, p->nlines, p->cap_lines) = 0;
	for (size_t i = 0; i < p->n; i++) {
		char c = p->b[i];
		if (c == '\n' || (c == '\r' && !(i + 1 < p->n && p->b[i + 1] == '\n')))
			*VEC_PUSH(p->lines, p->nlines, p->cap_lines) = (uint32_t)(i + 1);
	}
}

/* Line (1-based) and column (code points, as yaml_pos_at counts them) of off. */
static struct cl_pos pos_at(const struct dp *p, size_t off)
{
	if (off > p->n)
		off = p->n;
	size_t lo = 0, hi = p->nlines;  /* lines[lo] <= off < lines[hi] */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (p->lines[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	size_t i = p->lines[lo];
	if (lo == 0 && i < p->bom)
		i = p->bom;
	/* columns as yaml_pos_at() counts them */
	uint32_t col = 1;
	for (; i < off; i++) {
		unsigned char c = (unsigned char)p->b[i];
		if (!utf8_is_continuation(c) && c != '\r')
			col++;
	}
	struct cl_pos r = { (uint32_t)off, (uint32_t)(lo + 1), col };
	return r;
}

static struct cl_span span(const struct dp *p, size_t off, size_t end)
{
	struct cl_span s;
	s.file = p->out->file;
	s.start = pos_at(p, off);
	s.end = pos_at(p, end < off ? off : end);
	return s;
}

/* ---- messages and problems ---------------------------------------------- */

/* Source text fit for a message (utf8_add_printable()), at most SHOW_MAX bytes. */
static const char *show(struct dp *p, size_t off, size_t end)
{
	struct strbuf sb = STRBUF_INIT;
	utf8_add_printable(&sb, p->b + off, end > off ? end - off : 0, SHOW_MAX);
	char *r = arena_strndup(p->a, sb.buf ? sb.buf : "", sb.len);
	strbuf_release(&sb);
	return r;
}

static void add_problem(struct dp *p, struct cl_span at, const char *msg)
{
	struct cl_diags *d = &p->out->problems;
	if (d->n > CL_DOTENV_MAX_PROBLEMS)
		return;
	if (d->n == CL_DOTENV_MAX_PROBLEMS)
		msg = "too many problems in this file; later ones are not reported";
	cl_diag_add(d, CL_ENV_SYNTAX, &at, "%s", msg);
}

/* Past the cap nothing more is recorded: callers skip formatting too. */
static int problems_full(const struct dp *p)
{
	return p->out->problems.n > CL_DOTENV_MAX_PROBLEMS;
}

__attribute__((format(printf, 4, 5)))
static void problem(struct dp *p, size_t off, size_t end, const char *fmt, ...)
{
	if (problems_full(p))
		return;
	va_list ap;
	va_start(ap, fmt);
	const char *msg = arena_vprintf(p->a, fmt, ap);
	va_end(ap);
	add_problem(p, span(p, off, end), msg);
}

/* ---- the name index ----------------------------------------------------- */

static int same_name(const char *name, const char *s, size_t len)
{
	return strnlen(name, len + 1) == len && memcmp(name, s, len) == 0;
}

/* The slot of name[0..len): its entry, or the empty slot where it would go. */
static uint32_t *slot_of(const struct cl_dotenv *d, const char *s, size_t len)
{
	uint32_t mask = d->nslots - 1;
	for (uint32_t h = cl_hash_bytes(s, len) & mask;; h = (h + 1) & mask) {
		uint32_t *sl = &d->slots[h];
		if (!*sl || same_name(d->vars[*sl - 1].name, s, len))
			return sl;
	}
}

static void index_grow(struct dp *p)
{
	struct cl_dotenv *d = p->out;
	uint32_t *old = d->slots, nold = d->nslots;
	d->nslots = nold ? nold * 2 : 64;
	d->slots = arena_alloc(p->a, (size_t)d->nslots * sizeof *d->slots);
	for (uint32_t i = 0; i < nold; i++)
		if (old[i]) {
			const char *name = d->vars[old[i] - 1].name;
			*slot_of(d, name, strlen(name)) = old[i];
		}
}

/* vars[idx] was just added: make it the winner when it should be. */
static void index_add(struct dp *p, uint32_t idx)
{
	struct cl_dotenv *d = p->out;
	if ((d->nnames + 1) * 2 > d->nslots)
		index_grow(p);
	const struct cl_envvar *v = &d->vars[idx];
	uint32_t *sl = slot_of(d, v->name, strlen(v->name));
	if (!*sl) {
		d->nnames++;
		*sl = idx + 1;
	} else if (v->value || !d->vars[*sl - 1].value) {
		*sl = idx + 1;  /* a bare line does not undo a value */
	}
}

const struct cl_envvar *cl_dotenv_find(const struct cl_dotenv *d, const char *name, size_t len)
{
	if (!d || !d->nslots || !name)
		return NULL;
	uint32_t *sl = slot_of(d, name, len);
	return *sl ? &d->vars[*sl - 1] : NULL;
}

static void fill(const struct cl_envvar *v, struct cl_env_value *out)
{
	if (!v || !v->value)
		return;  /* unset */
	out->state = v->value_len ? CL_ENV_SET : CL_ENV_EMPTY;
	out->value = v->value;
	out->len = v->value_len;
	out->at = v->at;
	out->unknown = v->unknown;
}

static void dotenv_lookup(const struct cl_env *env, const char *name, size_t len,
			  struct cl_env_value *out)
{
	fill(cl_dotenv_find(env->ctx, name, len), out);
}

void cl_dotenv_env(const struct cl_dotenv *d, struct cl_env *env)
{
	env->lookup = dotenv_lookup;
	env->ctx = d;
}

/* While parsing: the outer environment first, then this file so far. */
static void parse_lookup(const struct cl_env *env, const char *name, size_t len,
			 struct cl_env_value *out)
{
	const struct dp *p = env->ctx;
	if (p->outer && p->outer->lookup) {
		p->outer->lookup(p->outer, name, len, out);
		if (out->state != CL_ENV_UNSET)
			return;
		memset(out, 0, sizeof *out);
	}
	fill(cl_dotenv_find(p->out, name, len), out);
}

/* ---- scanning helpers --------------------------------------------------- */

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '\r';
}

static int key_char(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '.' || c == '-' || c == '[' || c == ']' || (unsigned char)c >= 0x80;
}

static size_t line_end(const struct dp *p, size_t i)
{
	const char *nl = i < p->n ? memchr(p->b + i, '\n', p->n - i) : NULL;
	return nl ? (size_t)(nl - p->b) : p->n;
}

/* The end of the line that ends at e, without the '\r' of a CRLF. */
static size_t content_end(const struct dp *p, size_t start, size_t e)
{
	if (e > start && e < p->n && p->b[e - 1] == '\r')
		e--;
	return e;
}

/* ---- values ------------------------------------------------------------- */

/* A decoded value and, per byte, the source offset it came from. */
struct dec {
	struct strbuf sb;
	uint32_t *map;   /* map[i]: source of byte i; map[len]: the closing quote */
	size_t cap;
};

/* map grows with the text it maps, a run of n bytes (and room for the
 * closing quote) at a time, so it is reserved here rather than pushed. */
static void dec_add(struct dec *d, const char *t, size_t n, size_t src)
{
	if (d->sb.len + n + 1 > d->cap) {
		size_t cap = d->cap ? d->cap : 64;
		while (cap < d->sb.len + n + 1)
			cap *= 2;
		d->map = xrealloc(d->map, cap * sizeof *d->map);
		d->cap = cap;
	}
	for (size_t k = 0; k < n; k++)
		d->map[d->sb.len + k] = (uint32_t)src;
	strbuf_add(&d->sb, t, n);
}

static void dec_release(struct dec *d)
{
	strbuf_release(&d->sb);
	xfree(d->map);
}

/* \0ooo at b[i] ('\\' at b[i - 1], '0' at b[i]): the code point, or -1. */
static int octal_escape(const struct dp *p, size_t i)
{
	if (p->n - i < 4)
		return -1;
	int v = 0;
	for (size_t k = 1; k <= 3; k++) {
		char c = p->b[i + k];
		if (c < '0' || c > '7')
			return -1;
		v = v * 8 + (c - '0');
	}
	return v <= 255 ? v : -1;
}

/*
 * The escape '\\' c in a double-quoted value (b[i] is c): append what it
 * means and return how many bytes after c it consumed.
 */
static size_t dq_escape(const struct dp *p, struct dec *d, size_t i)
{
	size_t src = i - 1;
	char c = p->b[i];
	const char *r = NULL;
	switch (c) {
	case '"':  r = "\""; break;
	case 'a':  r = "\a"; break;
	case 'b':  r = "\b"; break;
	case 'f':  r = "\f"; break;
	case 'n':  r = "\n"; break;
	case 'r':  r = "\r"; break;
	case 't':  r = "\t"; break;
	case 'v':  r = "\v"; break;
	case '\\': r = "\\"; break;
	case '$':
		dec_add(d, "$$", 2, src);  /* compose's trick: interpolation makes it '$' */
		return 0;
	case '0': {
		int v = octal_escape(p, i);
		if (v < 0)
			break;
		char u[4];  /* Go's string(rune): the code point as UTF-8 */
		dec_add(d, u, utf8_encode((uint32_t)v, u), src);
		return 3;
	}
	default:
		break;
	}
	if (r) {
		dec_add(d, r, 1, src);
	} else {  /* not an escape: the backslash stays */
		dec_add(d, "\\", 1, src);
		dec_add(d, &c, 1, i);
	}
	return 0;
}

struct value {
	int ok;
	char quote;
	const char *text;     /* to interpolate or keep: text[0..len) */
	size_t len;
	struct dec dec;       /* quoted: the decoded text and its map */
	size_t base;          /* unquoted: source offset of text[0] */
	size_t vat, vat_end;  /* value_at */
	size_t stmt_end;      /* end of the statement's last line, without the break */
	size_t next;          /* where parsing goes on */
};

static size_t src_of(const struct value *v, size_t off)
{
	if (v->quote) {
		size_t n = v->dec.sb.len;
		return v->dec.map[off < n ? off : n];
	}
	return v->base + off;
}

/* The value that starts at b[i] (after SEP and its blanks). */
static void parse_value(struct dp *p, size_t i, struct value *v)
{
	const char *b = p->b;
	size_t n = p->n;
	memset(v, 0, sizeof *v);
	if (i >= n || (b[i] != '"' && b[i] != '\'')) {
		size_t e = line_end(p, i);
		size_t cut = e;
		for (size_t k = i; k + 1 < e; k++)
			if (b[k] == ' ' && b[k + 1] == '#') {
				cut = k;
				break;
			}
		while (cut > i && (is_blank(b[cut - 1])))
			cut--;
		v->ok = 1;
		v->text = b + i;
		v->len = cut - i;
		v->base = i;
		v->vat = i;
		v->vat_end = cut;
		v->stmt_end = content_end(p, i, e);
		v->next = e;
		return;
	}

	char q = b[i];
	v->quote = q;
	size_t k = i + 1;
	for (; k < n; k++) {
		char c = b[k];
		if (c == q)
			break;
		if (c != '\\') {
			dec_add(&v->dec, &c, 1, k);
			continue;
		}
		if (++k >= n)
			break;  /* a backslash at the end: unterminated */
		if (q == '\'') {
			if (b[k] != '\'')
				dec_add(&v->dec, "\\", 1, k - 1);
			dec_add(&v->dec, b + k, 1, k);
		} else {
			k += dq_escape(p, &v->dec, k);
		}
	}
	if (k >= n) {
		size_t e = line_end(p, i);
		problem(p, i, content_end(p, i, e), "unterminated %s-quoted value: missing closing %s",
			q == '"' ? "double" : "single", q == '"' ? "'\"'" : "\"'\"");
		dec_release(&v->dec);
		memset(&v->dec, 0, sizeof v->dec);
		v->next = e;
		return;
	}
	dec_add(&v->dec, "", 0, k);  /* makes room for map[len] */
	v->dec.map[v->dec.sb.len] = (uint32_t)k;
	v->ok = 1;
	v->text = v->dec.sb.buf ? v->dec.sb.buf : "";
	v->len = v->dec.sb.len;
	v->vat = i + 1;
	v->vat_end = k;

	/* after the closing quote: blanks, then a comment or the end of the line */
	size_t j = k + 1;
	while (j < n && is_blank(b[j]))
		j++;
	size_t e = line_end(p, j);
	if (j < e && b[j] != '#' && !problems_full(p))
		problem(p, j, content_end(p, j, e), "unexpected text after the closing quote: '%s'",
			show(p, j, content_end(p, j, e)));
	v->stmt_end = content_end(p, k, e);
	v->next = e;
}

/* Interpolate v as compose does and store the result in var. */
static void expand(struct dp *p, struct value *v, struct cl_envvar *var)
{
	if (v->quote == '\'' || p->no_expand) {
		var->value = arena_strndup(p->a, v->text, v->len);
		var->value_len = v->len;
		var->unknown = p->no_expand && v->quote != '\'' && memchr(v->text, '$', v->len);
		return;
	}
	struct cl_env env = { parse_lookup, p };
	struct cl_interp r;
	cl_interpolate(p->a, v->text, v->len, &env, &r);
	var->value = r.value;
	var->value_len = r.len;
	var->unknown = r.unknown || r.errors.n;
	for (uint32_t k = 0; k < r.errors.n; k++) {
		const struct cl_diag *e = &r.errors.v[k];
		size_t off = src_of(v, e->at.start.off);
		size_t end = src_of(v, e->at.end.off);
		if (!problems_full(p))
			add_problem(p, span(p, off, end), e->msg);
	}
	p->expanded += r.len;
	if (p->expanded > CL_DOTENV_MAX_EXPANDED) {
		p->no_expand = 1;
		problem(p, v->vat, v->vat_end,
			"interpolated values of this file exceed %u bytes; later values are "
			"kept as written", CL_DOTENV_MAX_EXPANDED);
	}
}

/* ---- statements --------------------------------------------------------- */

static struct cl_envvar *new_var(struct dp *p)
{
	/* room for one more, counted by the caller once the statement holds */
	struct cl_dotenv *o = p->out;
	o->vars = vec_grow(p->a, o->vars, sizeof *o->vars, o->nvars, &p->cap_vars, sizeof p->cap_vars);
	struct cl_envvar *v = &o->vars[o->nvars];
	memset(v, 0, sizeof *v);
	return v;
}

/* The statement at b[st] (not blank, not '#'); returns where to go on. */
static size_t statement(struct dp *p, size_t st)
{
	const char *b = p->b;
	size_t n = p->n;
	size_t i = st;

	if (n - i >= 6 && !memcmp(b + i, "export", 6) &&
	    (i + 6 == n || is_blank(b[i + 6]) || b[i + 6] == '\n')) {
		size_t j = i + 6;
		while (j < n && is_blank(b[j]))
			j++;
		if (j >= n || b[j] == '\n') {
			problem(p, st, st + 6, "'export' without a variable name");
			return j;
		}
		i = j;
	}

	/* NAME, up to SEP or the end of the line */
	size_t k0 = i, key_end = i, k = i;
	size_t bad = (size_t)-1, space = (size_t)-1;
	char sep = 0;
	for (; k < n; k++) {
		char c = b[k];
		if (c == '=' || c == ':') {
			sep = c;
			break;
		}
		if (c == '\n')
			break;
		if (is_blank(c))
			continue;
		if (bad == (size_t)-1 && !key_char(c))
			bad = k;
		if (key_end != k && key_end > k0 && space == (size_t)-1)
			space = key_end;
		key_end = k + 1;
	}

	int drop = 1;
	if (problems_full(p) && (bad != (size_t)-1 || space != (size_t)-1)) {
		/* dropped without a word */
	} else if (bad != (size_t)-1) {
		size_t e = bad + utf8_char_len((const unsigned char *)b + bad, n - bad);
		problem(p, bad, e, "unexpected character '%s' in variable name '%s'",
			show(p, bad, e), show(p, k0, key_end));
	} else if (space != (size_t)-1) {
		problem(p, k0, key_end, "variable name '%s' cannot contain a space",
			show(p, k0, key_end));
	} else if (key_end == k0) {
		problem(p, k, k + 1, "missing variable name before '%c'", sep);
	} else {
		drop = 0;
	}

	if (!sep) {  /* a bare NAME */
		size_t e = line_end(p, k);
		if (!drop) {
			struct cl_envvar *v = new_var(p);
			v->name = arena_strndup(p->a, b + k0, key_end - k0);
			v->at = span(p, st, content_end(p, st, e));
			v->value_at = span(p, key_end, key_end);
			index_add(p, p->out->nvars++);
		}
		return e;
	}

	size_t vs = k + 1;
	while (vs < n && is_blank(b[vs]))
		vs++;
	struct value val;
	parse_value(p, vs, &val);
	if (val.ok && !drop) {
		struct cl_envvar *v = new_var(p);
		v->name = arena_strndup(p->a, b + k0, key_end - k0);
		v->quote = val.quote;
		v->at = span(p, st, val.stmt_end);
		v->value_at = span(p, val.vat, val.vat_end);
		expand(p, &val, v);  /* before index_add: a value never sees itself */
		index_add(p, p->out->nvars++);
	}
	dec_release(&val.dec);
	return val.next;
}

int cl_dotenv_parse(struct arena *a, uint32_t file, const char *buf, size_t len,
		    const struct cl_env *outer, struct cl_dotenv *out)
{
	memset(out, 0, sizeof *out);
	cl_diags_init(&out->problems, a);
	out->file = file;
	if (!buf)
		len = 0;
	struct dp p = { .a = a, .b = buf, .n = len, .out = out, .outer = outer };
	if (len >= UINT32_MAX) {
		struct cl_span at = { file, { 0, 1, 1 }, { 0, 1, 1 } };
		add_problem(&p, at, "file too large to read as a .env file");
		return -1;
	}
	build_lines(&p);
	/* set before any problem: a BOM is not a column */
	if (len >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3))
		p.bom = 3;
	enum utf8_error uerr;
	size_t bad = utf8_check_text((const unsigned char *)buf, len, &uerr);
	if (bad != (size_t)-1) {
		struct cl_span at = span(&p, bad, bad + 1);
		cl_diag_add(&out->problems, CL_ENV_ENCODING, &at, "%s (byte offset %zu)",
			    uerr == UTF8_NUL ? "NUL byte in a .env file" : utf8_error_text(uerr), bad);
		xfree(p.lines);
		return -1;
	}
	size_t i = p.bom;
	while (i < len) {
		char c = buf[i];
		if (c == '\n' || is_blank(c)) {
			i++;
			continue;
		}
		if (c == '#') {
			i = line_end(&p, i);
			continue;
		}
		if (out->nvars >= CL_DOTENV_MAX_VARS) {
			problem(&p, i, content_end(&p, i, line_end(&p, i)),
				"more than %u variables; the rest of the file is ignored",
				CL_DOTENV_MAX_VARS);
			break;
		}
		i = statement(&p, i);
	}
	xfree(p.lines);
	return out->problems.n ? -1 : 0;
}
