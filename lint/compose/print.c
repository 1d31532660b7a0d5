/*
 * print.c - normalized value tree -> YAML text (see print.h).
 *
 * The last stage of `composelint config`.  Everything is block style with
 * one scalar per line, so an origin comment can always follow its value.
 * A string that cannot be plain is double-quoted on its one line, newlines
 * escaped: unlike block scalars, that form is correct for every string
 * (trailing spaces, a leading blank line, control characters) without
 * rules of its own.
 *
 * Whether a string may be plain is the delicate part: the reader may be
 * PyYAML (YAML 1.1: yes/no/on/off are booleans, 1:30 is sexagesimal, 0777
 * octal, 2001-12-14 a date), a YAML 1.2 core-schema parser, or compose's
 * own Go yaml.v3 (which drops underscores from numbers).  A string is plain
 * only when none of them reads it as anything but that string.
 */
#include "compose/print.h"
#include "base/utf8.h"
#include "base/vec.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"

/* YAML allows an implicit key of at most 1024 characters (PyYAML counts up
 * to its ':'); longer keys are written as explicit `? key` entries. */
#define IMPLICIT_KEY_MAX 1000u

struct printer {
	struct strbuf *out;
	const struct cl_sources *files;
	int with_origins;
	size_t start;                   /* out->len when printing began */
	enum { CUT_NONE, CUT_SIZE, CUT_DEPTH } cut;  /* why printing stopped */
	struct strbuf key, tmp;         /* scratch: a formatted key, an unquoting test */
	/* map entries in print order: one region per map being printed, as a
	 * stack, so sorting needs no allocation per map */
	const struct cv_entry **order;
	size_t norder, cap_order;
};

/* ---- characters ------------------------------------------------------------ */

/* Characters that may stand as they are: YAML's printable set, minus the
 * ones a YAML 1.1 reader takes as line breaks (U+0085, U+2028, U+2029) and
 * the byte order mark, which readers may drop. */
static int printable(uint32_t c)
{
	if (c < 0x80)
		return c >= 0x20 && c != 0x7F;
	return (c >= 0xA0 && c <= 0xD7FF && c != 0x2028 && c != 0x2029) ||
	       (c >= 0xE000 && c <= 0xFFFD && c != 0xFEFF) || c >= 0x10000;
}

/* Text with every character that could not stand as it is written as a
 * double-quoted-style escape; in_quotes also escapes '"' and '\'.  Bytes
 * of invalid UTF-8 become \xNN, which keeps the output valid UTF-8. */
static void put_escaped(struct strbuf *sb, const char *str, size_t n, int in_quotes)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t run = 0;
	for (size_t i = 0; i < n;) {
		uint32_t c = 0;
		size_t len = utf8_decode(s + i, n - i, &c);
		if (len && printable(c) && !(in_quotes && (c == '"' || c == '\\'))) {
			i += len;
			continue;
		}
		strbuf_add(sb, s + run, i - run);
		if (!len)
			strbuf_addf(sb, "\\x%02X", s[i]);
		else if (c == '"' || c == '\\')
			strbuf_addf(sb, "\\%c", (char)c);
		else if (c == '\n')
			strbuf_addstr(sb, "\\n");
		else if (c == '\t')
			strbuf_addstr(sb, "\\t");
		else if (c == '\r')
			strbuf_addstr(sb, "\\r");
		else if (c < 0x100)
			strbuf_addf(sb, "\\x%02X", (unsigned)c);
		else
			strbuf_addf(sb, "\\u%04X", (unsigned)c);
		i += len ? len : 1;
		run = i;
	}
	strbuf_add(sb, s + run, n - run);
}

/* ---- when a string may be plain ------------------------------------------------ */

#define DEC "0123456789"
#define HEX "0123456789abcdefABCDEF"

static int is_dec(char c)
{
	return c >= '0' && c <= '9';
}

/* Skip a run of characters from set; how many there were. */
static size_t run_of(const char **p, const char *set)
{
	size_t n = strspn(*p, set);
	*p += n;
	return n;
}

static void skip_sign(const char **p)
{
	if (**p == '+' || **p == '-')
		(*p)++;
}

/* (:[0-5]?[0-9])+ -- taking two digits when there are two is never wrong:
 * what may follow is ':', '.' or the end, never a digit. */
static int sexagesimal(const char **pp)
{
	const char *p = *pp;
	int parts = 0;
	while (*p == ':') {
		p++;
		if (*p >= '0' && *p <= '5' && is_dec(p[1]))
			p += 2;
		else if (is_dec(*p))
			p++;
		else
			return 0;
		parts++;
	}
	*pp = p;
	return parts > 0;
}

/* PyYAML's int: [-+]?0b[0-1_]+ | [-+]?0[0-7_]+ | [-+]?(0|[1-9][0-9_]*)
 * | [-+]?0x[0-9a-fA-F_]+ | [-+]?[1-9][0-9_]*(:[0-5]?[0-9])+ */
static int yaml11_int(const char *s)
{
	const char *p = s;
	skip_sign(&p);
	if (p[0] == '0' && (p[1] == 'b' || p[1] == 'x')) {
		const char *digits = p[1] == 'b' ? "01_" : HEX "_";
		p += 2;
		return run_of(&p, digits) && !*p;
	}
	if (p[0] == '0') {
		p++;
		run_of(&p, "01234567_");
		return !*p;
	}
	if (*p < '1' || *p > '9')
		return 0;
	run_of(&p, DEC "_");
	return !*p || (sexagesimal(&p) && !*p);
}

/* [eE][-+]?[0-9]+ (the sign required when sign_needed), or nothing. */
static int exponent(const char **pp, int sign_needed)
{
	const char *p = *pp;
	if (*p != 'e' && *p != 'E')
		return 1;
	p++;
	if (*p == '+' || *p == '-')
		p++;
	else if (sign_needed)
		return 0;
	if (!run_of(&p, DEC))
		return 0;
	*pp = p;
	return 1;
}

/* PyYAML's float, less .inf/.nan (see special_word()):
 * [-+]?[0-9][0-9_]*\.[0-9_]*([eE][-+][0-9]+)? | \.[0-9][0-9_]*([eE][-+][0-9]+)?
 * | [-+]?[0-9][0-9_]*(:[0-5]?[0-9])+\.[0-9_]* */
static int yaml11_float(const char *s)
{
	const char *p = s;
	if (*p == '.') {
		p++;
		if (!is_dec(*p))
			return 0;
		run_of(&p, DEC "_");
		return exponent(&p, 1) && !*p;
	}
	skip_sign(&p);
	if (!is_dec(*p))
		return 0;
	run_of(&p, DEC "_");
	if (*p == ':') {
		if (!sexagesimal(&p) || *p != '.')
			return 0;
		p++;
		run_of(&p, DEC "_");
		return !*p;
	}
	if (*p != '.')
		return 0;
	p++;
	run_of(&p, DEC "_");
	return exponent(&p, 1) && !*p;
}

/* YAML 1.2 core float, which also covers its decimal int:
 * [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)? */
static int yaml12_float(const char *s)
{
	const char *p = s;
	skip_sign(&p);
	if (*p == '.') {
		p++;
		if (!run_of(&p, DEC))
			return 0;
	} else {
		if (!run_of(&p, DEC))
			return 0;
		if (*p == '.') {
			p++;
			run_of(&p, DEC);
		}
	}
	return exponent(&p, 0) && !*p;
}

/* A base prefix and its digits, the sign allowed when signed:
 * YAML 1.2's 0o17 and 0x1F, Go's 0b101, 0O17, 0X1F. */
static int prefixed_int(const char *s, int signed_ok, const char *prefixes)
{
	const char *p = s;
	if (signed_ok)
		skip_sign(&p);
	if (p[0] != '0' || !p[1] || !strchr(prefixes, p[1]))
		return 0;
	char b = (char)(p[1] | 0x20);
	p += 2;
	return run_of(&p, b == 'x' ? HEX : b == 'o' ? "01234567" : "01") && !*p;
}

/* Go's rule for '_' in a number: only between digits (after the sign). */
static int go_underscores_ok(const char *s)
{
	const char *p = s;
	skip_sign(&p);
	for (; *p; p++)
		if (*p == '_' && (p == s || !is_dec(p[-1]) || !is_dec(p[1])))
			return 0;
	return 1;
}

/* Go yaml.v3, compose's parser: a scalar starting with a digit or a sign
 * loses its underscores, then Go's integer syntax (0x, 0o, 0b prefixes, any
 * case, signed) or the YAML 1.2 float is tried; one starting with a dot
 * goes to Go's float parser, which allows '_' between digits only.  Last,
 * "0b" and "0o" (not "-0b", "-0o") hand the rest to a parser that takes a
 * sign: 0b+1 and 0o-7 are numbers too. */
static int go_number(struct printer *pr, const char *s)
{
	if (!is_dec(*s) && *s != '+' && *s != '-' && !(*s == '.' && go_underscores_ok(s)))
		return 0;
	strbuf_reset(&pr->tmp);
	for (const char *p = s; *p; p++)
		if (*p != '_')
			strbuf_addch(&pr->tmp, *p);
	const char *t = pr->tmp.buf ? pr->tmp.buf : "";
	if (t[0] == '0' && (t[1] == 'b' || t[1] == 'o') && (t[2] == '+' || t[2] == '-')) {
		const char *p = t + 3;
		return run_of(&p, t[1] == 'b' ? "01" : "01234567") && !*p;
	}
	return prefixed_int(t, 1, "xXoObB") || yaml12_float(t);
}

static char ascii_lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c + ('a' - 'A')) : c;
}

/* Plain words some reader takes as something else, compared ignoring ASCII
 * case: YAML 1.1 booleans, null, infinities, NaN, PyYAML's `=` (a value
 * key it cannot even construct) and the merge key `<<`. */
static int special_word(const char *s)
{
	static const char *const words[] = {
		"y", "n", "yes", "no", "on", "off", "true", "false", "null", "~",
		".inf", "-.inf", "+.inf", ".nan", "=", "<<", NULL
	};
	for (const char *const *w = words; *w; w++) {
		size_t i = 0;
		while (s[i] && (*w)[i] && ascii_lower(s[i]) == (*w)[i])
			i++;
		if (!s[i] && !(*w)[i])
			return 1;
	}
	return 0;
}

/* A YAML 1.1 timestamp (PyYAML) or one yaml.v3 reads: yyyy-m-d, alone or
 * followed by a time after 'T', 't' or blanks. */
static int date_like(const char *s)
{
	const char *p = s;
	if (run_of(&p, DEC) != 4 || *p++ != '-')
		return 0;
	size_t m = run_of(&p, DEC);
	if (m < 1 || m > 2 || *p++ != '-')
		return 0;
	size_t d = run_of(&p, DEC);
	if (d < 1 || d > 2)
		return 0;
	if (!*p)
		return 1;
	if (*p == 'T' || *p == 't')
		return is_dec(p[1]);
	return run_of(&p, " \t") && is_dec(*p);
}

static int plain_ok(struct printer *pr, const char *s)
{
	size_t n = strlen(s);
	if (!n || s[0] == ' ' || s[n - 1] == ' ')
		return 0;
	/* indicators; a plain scalar may start with some of them in some
	 * contexts, but quoting them is always right */
	if (strchr("-?:,[]{}#&*!|>'\"%@`", s[0]))
		return 0;
	/* ": " starts a mapping value, " #" a comment, "..." may end the
	 * document; a final ':' is a key */
	if (s[n - 1] == ':' || strstr(s, ": ") || strstr(s, " #") || !strncmp(s, "...", 3))
		return 0;
	if (special_word(s) || date_like(s) || yaml11_int(s) || yaml11_float(s) ||
	    yaml12_float(s) || prefixed_int(s, 0, "ox") || go_number(pr, s))
		return 0;
	for (size_t i = 0; i < n;) {
		uint32_t c = 0;
		size_t len = utf8_decode((const unsigned char *)s + i, n - i, &c);
		if (!len || !printable(c))
			return 0;
		i += len;
	}
	return 1;
}

static void put_string(struct printer *pr, struct strbuf *sb, const char *s)
{
	if (plain_ok(pr, s)) {
		strbuf_addstr(sb, s);
		return;
	}
	strbuf_addch(sb, '"');
	put_escaped(sb, s, strlen(s), 1);
	strbuf_addch(sb, '"');
}

/* ---- lines ------------------------------------------------------------------- */

/* Stop once the output is too big: checked before every value, so each
 * line is whole and the text stays valid YAML. */
static int room(struct printer *pr)
{
	if (!pr->cut && pr->out->len - pr->start > COMPOSE_PRINT_MAX_BYTES)
		pr->cut = CUT_SIZE;
	return !pr->cut;
}

static void put_indent(struct printer *pr, unsigned n)
{
	static const char spaces[] = "                                ";
	for (; n > sizeof spaces - 1; n -= (unsigned)(sizeof spaces - 1))
		strbuf_add(pr->out, spaces, sizeof spaces - 1);
	strbuf_add(pr->out, spaces, n);
}

static void put_file(struct printer *pr, uint32_t file)
{
	const char *name = NULL;
	if (pr->files && file < pr->files->n)
		name = pr->files->v[file].display ? pr->files->v[file].display : pr->files->v[file].path;
	if (!name)
		name = "?";
	/* a file name may hold anything, a newline would end the comment */
	put_escaped(pr->out, name, strlen(name), 0);
}

/* ":N"; printf would be a third of the time spent on origins. */
static void put_colon_uint(struct printer *pr, uint32_t n)
{
	char buf[12];
	size_t i = sizeof buf;
	do
		buf[--i] = (char)('0' + n % 10);
	while (n /= 10);
	buf[--i] = ':';
	strbuf_add(pr->out, buf + i, sizeof buf - i);
}

static void put_origin(struct printer *pr, const struct cl_val *at)
{
	if (!at->node) {
		strbuf_addstr(pr->out, " # (default)");
		return;
	}
	const struct cl_span *sp = &at->node->span;
	strbuf_addstr(pr->out, " # ");
	put_file(pr, sp->file);
	if (cl_span_valid(sp)) {
		put_colon_uint(pr, sp->start.line);
		put_colon_uint(pr, sp->start.col);
	}
	/* the value's own links first (where its variables are set), then
	 * the chain that brought it here */
	for (const struct yvia *v = at->node->origin; v; v = v->next) {
		strbuf_addstr(pr->out, " via ");
		put_file(pr, v->site->span.file);
		if (cl_span_valid(&v->site->span))
			put_colon_uint(pr, v->site->span.start.line);
	}
	for (const struct yvia *v = at->via; v; v = v->next) {
		strbuf_addstr(pr->out, " via ");
		put_file(pr, v->site->span.file);
		if (cl_span_valid(&v->site->span))
			put_colon_uint(pr, v->site->span.start.line);
	}
}

/* PyYAML reads a float only with a '.' in it: 1e+20 would come back as a
 * string, 1.0e+20 is a float everywhere. */
static void put_number(struct printer *pr, const char *text)
{
	const char *e = strpbrk(text, "eE");
	if (e && !memchr(text, '.', (size_t)(e - text))) {
		strbuf_add(pr->out, text, (size_t)(e - text));
		strbuf_addstr(pr->out, ".0");
		strbuf_addstr(pr->out, e);
		return;
	}
	strbuf_addstr(pr->out, text);
}

static int is_open(const struct cv *v)
{
	return (v->kind == CV_MAP || v->kind == CV_LIST) && v->n;
}

/* A scalar or an empty collection, its comments and the end of its line. */
static void put_leaf(struct printer *pr, const struct cv *v)
{
	switch (v->kind) {
	case CV_NULL:
		strbuf_addstr(pr->out, "null");
		break;
	case CV_BOOL:
		strbuf_addstr(pr->out, v->b ? "true" : "false");
		break;
	case CV_NUM:
		put_number(pr, v->text ? v->text : "0");
		break;
	case CV_MAP:
		strbuf_addstr(pr->out, "{}");
		break;
	case CV_LIST:
		strbuf_addstr(pr->out, "[]");
		break;
	default:
		if (v->text && strchr(v->text, '$')) {
			/* compose reads the output as compose input again: a literal
			 * '$' is written "$$", as docker compose config writes it */
			struct strbuf d = STRBUF_INIT;
			for (const char *c = v->text; *c; c++) {
				if (*c == '$')
					strbuf_addch(&d, '$');
				strbuf_addch(&d, *c);
			}
			put_string(pr, pr->out, d.buf);
			strbuf_release(&d);
		} else {
			put_string(pr, pr->out, v->text ? v->text : "");
		}
		break;
	}
	if (pr->with_origins)
		put_origin(pr, &v->at);
	if (v->unknown)
		strbuf_addstr(pr->out, " # unknown: interpolation could not settle it");
	strbuf_addch(pr->out, '\n');
}

/* ---- collections ------------------------------------------------------------- */

static void put_map(struct printer *pr, const struct cv *v, unsigned indent, int inline_first,
		    unsigned depth);
static void put_list(struct printer *pr, const struct cv *v, unsigned indent, int inline_first,
		     unsigned depth);

/* A non-empty collection whose first line is already begun (after "- "
 * when inline_first, else after its key and a newline). */
static void put_open(struct printer *pr, const struct cv *v, unsigned indent, int inline_first,
		     unsigned depth)
{
	if (depth > COMPOSE_PRINT_MAX_DEPTH) {
		pr->cut = CUT_DEPTH;
		return;
	}
	if (v->kind == CV_MAP)
		put_map(pr, v, indent, inline_first, depth);
	else
		put_list(pr, v, indent, inline_first, depth);
}

static const char *key_of(const struct cv_entry *e)
{
	return e->key ? e->key : "";
}

/* Byte order of keys; the same key keeps the order it was written in, so
 * the one written last comes last. */
static int entry_cmp(const void *pa, const void *pb)
{
	const struct cv_entry *x = *(const struct cv_entry *const *)pa;
	const struct cv_entry *y = *(const struct cv_entry *const *)pb;
	int c = strcmp(key_of(x), key_of(y));
	if (c)
		return c;
	return (x > y) - (x < y);
}

/* "key:", or "? key" and ":" on the next line when the key is too long to
 * be implicit. */
static void put_key(struct printer *pr, const char *key, unsigned indent)
{
	strbuf_reset(&pr->key);
	put_string(pr, &pr->key, key);
	size_t chars = utf8_columns((const unsigned char *)pr->key.buf, pr->key.len);
	if (chars <= IMPLICIT_KEY_MAX) {
		strbuf_add(pr->out, pr->key.buf, pr->key.len);
		strbuf_addch(pr->out, ':');
		return;
	}
	strbuf_addstr(pr->out, "? ");
	strbuf_add(pr->out, pr->key.buf, pr->key.len);
	strbuf_addch(pr->out, '\n');
	put_indent(pr, indent);
	strbuf_addch(pr->out, ':');
}

static void put_map(struct printer *pr, const struct cv *v, unsigned indent, int inline_first,
		    unsigned depth)
{
	size_t base = pr->norder;
	for (uint32_t i = 0; i < v->n; i++)
		*VEC_PUSH(pr->order, pr->norder, pr->cap_order) = &v->items[i];
	qsort(pr->order + base, v->n, sizeof *pr->order, entry_cmp);

	int first = 1;
	for (uint32_t i = 0; i < v->n && room(pr); i++) {
		/* pr->order may move while a value prints: index it afresh */
		const struct cv_entry *e = pr->order[base + i];
		if (i + 1 < v->n && !strcmp(key_of(e), key_of(pr->order[base + i + 1])))
			continue;  /* written again later; the later one wins */
		if (!first || !inline_first)
			put_indent(pr, indent);
		first = 0;
		put_key(pr, key_of(e), indent);
		const struct cv *val = e->value;
		if (!is_open(val)) {
			strbuf_addch(pr->out, ' ');
			put_leaf(pr, val);
			continue;
		}
		if (pr->with_origins)
			put_origin(pr, &val->at);
		strbuf_addch(pr->out, '\n');
		put_open(pr, val, indent + 2, 0, depth + 1);
	}
	pr->norder = base;
}

static void put_list(struct printer *pr, const struct cv *v, unsigned indent, int inline_first,
		     unsigned depth)
{
	for (uint32_t i = 0; i < v->n && room(pr); i++) {
		if (i || !inline_first)
			put_indent(pr, indent);
		strbuf_addstr(pr->out, "- ");
		const struct cv *item = v->items[i].value;
		if (is_open(item))
			put_open(pr, item, indent + 2, 1, depth + 1);
		else
			put_leaf(pr, item);
	}
}

int compose_print_yaml(struct strbuf *out, const struct cv *root, const struct cl_sources *files,
		       int with_origins)
{
	struct printer pr = { out, files, with_origins, out->len, CUT_NONE,
			      STRBUF_INIT, STRBUF_INIT, NULL, 0, 0 };
	static const struct cv null_value = { .kind = CV_NULL, .text = "" };
	if (!root)
		root = &null_value;
	if (is_open(root))
		put_open(&pr, root, 0, 0, 1);
	else
		put_leaf(&pr, root);
	if (pr.cut) {
		if (out->len > pr.start && out->buf[out->len - 1] != '\n')
			strbuf_addch(out, '\n');
		if (pr.cut == CUT_SIZE)
			strbuf_addf(out, "# composelint: output cut short: more than %u MiB\n",
				    COMPOSE_PRINT_MAX_BYTES >> 20);
		else
			strbuf_addf(out, "# composelint: output cut short: values nested deeper "
				    "than %u levels\n", COMPOSE_PRINT_MAX_DEPTH);
	}
	xfree(pr.order);
	strbuf_release(&pr.key);
	strbuf_release(&pr.tmp);
	return pr.cut != CUT_NONE;
}
