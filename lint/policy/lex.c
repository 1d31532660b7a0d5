/*
 * lex.c - the policy tokenizer (see lex.h).
 *
 * '/' always starts a regular expression: the language has no division, so
 * `image =~ /^mailu\//` needs no other quoting.  Numbers run on into their
 * unit ("512m", "30s", "2027-06-30"), then are classified as a number, a
 * size, a duration or a date.
 */
#include "policy/lex.h"
#include "base/arena.h"
#include "base/strbuf.h"
#include "base/utf8.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void plex_init(struct plexer *lx, struct arena *a, uint32_t file, const char *buf, size_t len)
{
	memset(lx, 0, sizeof *lx);
	lx->a = a;
	lx->file = file;
	lx->buf = buf;
	lx->len = len;
	lx->here.line = lx->here.col = 1;
}

static int peek(const struct plexer *lx, size_t ahead)
{
	return lx->pos + ahead < lx->len ? (unsigned char)lx->buf[lx->pos + ahead] : -1;
}

static void advance(struct plexer *lx)
{
	unsigned char c = (unsigned char)lx->buf[lx->pos++];
	lx->here.off = (uint32_t)lx->pos;
	if (c == '\n') {
		lx->here.line++;
		lx->here.col = 1;
	} else if (!utf8_is_continuation(c)) {
		lx->here.col++;
	}
}

static void skip_blank(struct plexer *lx)
{
	for (;;) {
		int c = peek(lx, 0);
		if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ';') {
			advance(lx);  /* ';' may separate statements on one line */
		} else if (c == '#') {
			while (peek(lx, 0) != -1 && peek(lx, 0) != '\n')
				advance(lx);
		} else {
			return;
		}
	}
}

static void finish(struct plexer *lx, struct ptoken *t, enum ptok kind, struct cl_pos start)
{
	t->kind = kind;
	t->at.file = lx->file;
	t->at.start = start;
	t->at.end = lx->here;
	if (!t->text)
		t->text = arena_strndup(lx->a, lx->buf + start.off, lx->pos - start.off);
	if (!t->flags)
		t->flags = "";
}

static void error_tok(struct plexer *lx, struct ptoken *t, struct cl_pos start, const char *msg)
{
	t->text = msg;
	finish(lx, t, T_ERROR, start);
}

static void lex_string(struct plexer *lx, struct ptoken *t, struct cl_pos start)
{
	struct strbuf sb = STRBUF_INIT;
	advance(lx);  /* opening quote */
	for (;;) {
		int c = peek(lx, 0);
		if (c == -1 || c == '\n') {
			strbuf_release(&sb);
			error_tok(lx, t, start, "string without a closing quote");
			return;
		}
		advance(lx);
		if (c == '"')
			break;
		if (c == '\\') {
			int e = peek(lx, 0);
			if (e == -1)
				continue;
			advance(lx);
			switch (e) {
			case 'n': strbuf_addch(&sb, '\n'); break;
			case 't': strbuf_addch(&sb, '\t'); break;
			case '"': strbuf_addch(&sb, '"'); break;
			case '\\': strbuf_addch(&sb, '\\'); break;
			/* keep \{ escaped so the placeholder expander sees a literal brace */
			case '{': strbuf_addstr(&sb, "\\{"); break;
			case '}': strbuf_addstr(&sb, "\\}"); break;
			default:
				strbuf_release(&sb);
				while (peek(lx, 0) != -1 && peek(lx, 0) != '"' && peek(lx, 0) != '\n')
					advance(lx);
				if (peek(lx, 0) == '"')
					advance(lx);
				error_tok(lx, t, start, arena_printf(lx->a, "unknown escape '\\%c' in string", e));
				return;
			}
			continue;
		}
		strbuf_addch(&sb, (char)c);
	}
	t->text = arena_strndup(lx->a, sb.buf ? sb.buf : "", sb.len);
	strbuf_release(&sb);
	finish(lx, t, T_STRING, start);
}

static void lex_regex(struct plexer *lx, struct ptoken *t, struct cl_pos start)
{
	struct strbuf sb = STRBUF_INIT;
	advance(lx);
	for (;;) {
		int c = peek(lx, 0);
		if (c == -1 || c == '\n') {
			strbuf_release(&sb);
			error_tok(lx, t, start, "regular expression without a closing '/'");
			return;
		}
		advance(lx);
		if (c == '/')
			break;
		if (c == '\\' && peek(lx, 0) == '/') {
			advance(lx);  /* "\/" is a slash inside the pattern */
			strbuf_addch(&sb, '/');
			continue;
		}
		if (c == '\\' && peek(lx, 0) != -1 && peek(lx, 0) != '\n') {
			strbuf_addch(&sb, '\\');
			strbuf_addch(&sb, (char)peek(lx, 0));
			advance(lx);
			continue;
		}
		strbuf_addch(&sb, (char)c);
	}
	size_t fstart = lx->pos;
	while (peek(lx, 0) != -1 && isalpha(peek(lx, 0)))
		advance(lx);
	t->flags = arena_strndup(lx->a, lx->buf + fstart, lx->pos - fstart);
	t->text = arena_strndup(lx->a, sb.buf ? sb.buf : "", sb.len);
	strbuf_release(&sb);
	for (const char *f = t->flags; *f; f++) {
		if (!strchr("imsx", *f)) {
			error_tok(lx, t, start,
				  arena_printf(lx->a, "unknown regular expression flag '%c' (use i, m, s or x)", *f));
			return;
		}
	}
	finish(lx, t, T_REGEX, start);
}

int pol_parse_size(const char *s, double *bytes)
{
	static const struct {
		const char *unit;
		double mult;
	} units[] = {
		{ "", 1 }, { "b", 1 }, { "k", 1024 }, { "kb", 1024 }, { "kib", 1024 },
		{ "m", 1048576 }, { "mb", 1048576 }, { "mib", 1048576 },
		{ "g", 1073741824.0 }, { "gb", 1073741824.0 }, { "gib", 1073741824.0 },
		{ "t", 1099511627776.0 }, { "tb", 1099511627776.0 }, { "tib", 1099511627776.0 },
	};
	char *end;
	if (!s || !(isdigit((unsigned char)*s) || *s == '.'))
		return -1;
	double v = strtod(s, &end);
	if (end == s || !isfinite(v))
		return -1;
	for (size_t i = 0; i < sizeof units / sizeof *units; i++) {
		if (!strcasecmp(end, units[i].unit)) {
			*bytes = v * units[i].mult;
			return 0;
		}
	}
	return -1;
}

int pol_parse_duration(const char *s, double *seconds)
{
	/* Go duration syntax, as compose uses: 1h30m, 10s, 500ms, 2us */
	double total = 0;
	int any = 0;
	if (!s || !*s)
		return -1;
	while (*s) {
		char *end;
		if (!(isdigit((unsigned char)*s) || *s == '.'))
			return -1;
		double v = strtod(s, &end);
		if (end == s)
			return -1;
		s = end;
		double mult;
		if (!strncmp(s, "ms", 2)) {
			mult = 1e-3; s += 2;
		} else if (!strncmp(s, "us", 2)) {
			mult = 1e-6; s += 2;
		} else if (!strncmp(s, "ns", 2)) {
			mult = 1e-9; s += 2;
		} else if (*s == 'h') {
			mult = 3600; s++;
		} else if (*s == 'm') {
			mult = 60; s++;
		} else if (*s == 's') {
			mult = 1; s++;
		} else {
			return -1;
		}
		total += v * mult;
		any = 1;
	}
	*seconds = total;
	return any ? 0 : -1;
}

static int is_date(const char *s)
{
	/* YYYY-MM-DD with a plausible month and day */
	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && !isdigit((unsigned char)s[i]))
			return 0;
	static const int days[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m >= 1 && m <= 12 && d >= 1 && d <= days[m - 1] && (m != 2 || d < 29 || leap);
}

static void lex_number(struct plexer *lx, struct ptoken *t, struct cl_pos start)
{
	while (peek(lx, 0) != -1 && (isalnum(peek(lx, 0)) || peek(lx, 0) == '.' || peek(lx, 0) == '-'))
		advance(lx);
	const char *s = t->text = arena_strndup(lx->a, lx->buf + start.off, lx->pos - start.off);
	char *end;
	double v = strtod(s, &end);
	if (!*end && end != s) {
		t->num = v;
		finish(lx, t, T_NUMBER, start);
	} else if (is_date(s)) {
		finish(lx, t, T_DATE, start);
	} else if (!pol_parse_size(s, &t->num)) {
		finish(lx, t, T_SIZE, start);
	} else if (!pol_parse_duration(s, &t->num)) {
		finish(lx, t, T_DURATION, start);
	} else {
		error_tok(lx, t, start,
			  arena_printf(lx->a, "'%s' is not a number, size (512m), duration (30s) or date (2027-06-30)", s));
	}
}

void plex_next(struct plexer *lx, struct ptoken *t)
{
	memset(t, 0, sizeof *t);
	skip_blank(lx);
	struct cl_pos start = lx->here;
	int c = peek(lx, 0);
	if (c == -1) {
		t->text = "end of file";
		finish(lx, t, T_EOF, start);
		return;
	}
	if (isalpha(c) || c == '_') {
		while (peek(lx, 0) != -1 && (isalnum(peek(lx, 0)) || peek(lx, 0) == '_'))
			advance(lx);
		finish(lx, t, T_IDENT, start);
		return;
	}
	if (isdigit(c)) {
		lex_number(lx, t, start);
		return;
	}
	if (c == '"') {
		lex_string(lx, t, start);
		return;
	}
	if (c == '/') {
		lex_regex(lx, t, start);
		return;
	}
	static const struct {
		const char *s;
		enum ptok k;
	} punct[] = {
		{ "==", T_EQ }, { "!=", T_NE }, { "=~", T_MATCH }, { "!~", T_NOMATCH },
		{ "<=", T_LE }, { ">=", T_GE }, { "<", T_LT }, { ">", T_GT }, { "=", T_ASSIGN },
		{ "{", T_LBRACE }, { "}", T_RBRACE }, { "[", T_LBRACKET }, { "]", T_RBRACKET },
		{ "(", T_LPAREN }, { ")", T_RPAREN }, { ",", T_COMMA }, { ".", T_DOT },
		{ "*", T_STAR }, { "$", T_DOLLAR },
	};
	for (size_t i = 0; i < sizeof punct / sizeof *punct; i++) {
		size_t n = strlen(punct[i].s);
		if (lx->len - lx->pos >= n && !memcmp(lx->buf + lx->pos, punct[i].s, n)) {
			for (size_t k = 0; k < n; k++)
				advance(lx);
			finish(lx, t, punct[i].k, start);
			return;
		}
	}
	/* one whole UTF-8 character, so the caret covers it */
	advance(lx);
	while (peek(lx, 0) != -1 && utf8_is_continuation((unsigned char)peek(lx, 0)))
		advance(lx);
	if (c >= 0x20 && c < 0x7f)
		error_tok(lx, t, start, arena_printf(lx->a, "unexpected character '%c'", c));
	else
		error_tok(lx, t, start, "unexpected character");
}

const char *ptok_name(enum ptok k)
{
	static const char *const names[] = {
		"end of file", "error", "identifier", "string", "regular expression", "number",
		"size", "duration", "date", "'{'", "'}'", "'['", "']'", "'('", "')'", "','", "'.'",
		"'*'", "'$'", "'='", "'=='", "'!='", "'=~'", "'!~'", "'<'", "'<='", "'>'", "'>='",
	};
	return names[k];
}
