/*
 * test_policy_lex.c - policy text -> tokens: kinds, positions, units,
 * string and regex escapes, and the errors the lexer turns into tokens.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "base/arena.h"
#include "policy/lex.h"

#define MAXTOK 64

/* ---- helpers ------------------------------------------------------------ */

/* Every token of s, T_EOF included; returns the count. */
static size_t lex_all(struct arena *a, const char *s, size_t len, struct ptoken *out)
{
	struct plexer lx;
	plex_init(&lx, a, 7, s, len);
	size_t n = 0;
	do {
		plex_next(&lx, &out[n]);
	} while (out[n++].kind != T_EOF && n < MAXTOK);
	return n;
}

static size_t lex(struct arena *a, const char *s, struct ptoken *out)
{
	return lex_all(a, s, strlen(s), out);
}

/* kind, text (NULL: not checked), start line:col */
#define assert_tok(t, k, txt, l, c) do {                                          \
		const struct ptoken *t_ = (t);                                    \
		if (t_->kind != (k))                                              \
			fail_msg("token %s '%s' at %u:%u, expected %s",           \
				 ptok_name(t_->kind), t_->text, t_->at.start.line,\
				 t_->at.start.col, ptok_name(k));                 \
		if ((txt) != NULL)                                                \
			assert_string_equal(t_->text, (const char *)(txt));       \
		assert_int_equal(t_->at.start.line, (l));                         \
		assert_int_equal(t_->at.start.col, (c));                          \
		assert_int_equal(t_->at.file, 7);                                 \
	} while (0)

#define assert_end(t, l, c) do {                                \
		assert_int_equal((t)->at.end.line, (l));        \
		assert_int_equal((t)->at.end.col, (c));         \
	} while (0)

/* ---- token kinds ---------------------------------------------------------- */

static void test_punctuation_and_operators(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct ptoken t[MAXTOK];
	size_t n = lex(a, "{ } [ ] ( ) , . * $ = == != =~ !~ < <= > >=", t);
	static const enum ptok want[] = {
		T_LBRACE, T_RBRACE, T_LBRACKET, T_RBRACKET, T_LPAREN, T_RPAREN, T_COMMA,
		T_DOT, T_STAR, T_DOLLAR, T_ASSIGN, T_EQ, T_NE, T_MATCH, T_NOMATCH, T_LT,
		T_LE, T_GT, T_GE, T_EOF,
	};
	assert_int_equal(n, sizeof want / sizeof *want);
	uint32_t col = 1;
	for (size_t i = 0; i + 1 < n; i++) {
		assert_tok(&t[i], want[i], NULL, 1, col);
		col += (uint32_t)strlen(t[i].text) + 1;
	}
	assert_tok(&t[n - 1], T_EOF, "end of file", 1, 44);
	assert_string_equal(t[12].text, "!=");
	assert_tok(&t[18], T_GE, ">=", 1, 42);
	assert_end(&t[18], 1, 44);
	assert_string_equal(t[0].flags, "");

	/* no spaces needed: longest operator first */
	n = lex(a, "a==b!=c=~/x/<=d>=e<f>g", t);
	static const enum ptok tight[] = {
		T_IDENT, T_EQ, T_IDENT, T_NE, T_IDENT, T_MATCH, T_REGEX, T_LE, T_IDENT, T_GE,
		T_IDENT, T_LT, T_IDENT, T_GT, T_IDENT, T_EOF,
	};
	assert_int_equal(n, sizeof tight / sizeof *tight);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(t[i].kind, tight[i]);
	arena_free(a);
}

static void test_identifiers_and_keywords(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct ptoken t[MAXTOK];
	/* keywords are plain identifiers; the parser gives them meaning */
	size_t n = lex(a, "policy rule _x cap_add2 not in true null", t);
	assert_int_equal(n, 9);
	assert_tok(&t[0], T_IDENT, "policy", 1, 1);
	assert_tok(&t[1], T_IDENT, "rule", 1, 8);
	assert_tok(&t[2], T_IDENT, "_x", 1, 13);
	assert_tok(&t[3], T_IDENT, "cap_add2", 1, 16);
	assert_end(&t[3], 1, 24);
	assert_tok(&t[4], T_IDENT, "not", 1, 25);
	assert_tok(&t[5], T_IDENT, "in", 1, 29);
	assert_tok(&t[6], T_IDENT, "true", 1, 32);
	assert_tok(&t[7], T_IDENT, "null", 1, 37);
	assert_tok(&t[8], T_EOF, "end of file", 1, 41);

	/* a dash ends an identifier: it is not part of a name */
	n = lex(a, "cap-add", t);
	assert_tok(&t[0], T_IDENT, "cap", 1, 1);
	assert_tok(&t[1], T_ERROR, "unexpected character '-'", 1, 4);
	assert_tok(&t[2], T_IDENT, "add", 1, 5);
	arena_free(a);
}

static void test_eof_is_sticky(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct plexer lx;
	struct ptoken t;
	plex_init(&lx, a, 7, "", 0);
	for (int i = 0; i < 3; i++) {
		plex_next(&lx, &t);
		assert_tok(&t, T_EOF, "end of file", 1, 1);
	}
	plex_init(&lx, a, 7, "x\n", 2);
	plex_next(&lx, &t);
	plex_next(&lx, &t);
	assert_tok(&t, T_EOF, NULL, 2, 1);
	plex_next(&lx, &t);
	assert_tok(&t, T_EOF, NULL, 2, 1);
	arena_free(a);
}

/* ---- positions ------------------------------------------------------------- */

static void test_positions_over_lines(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct ptoken t[MAXTOK];
	const char *src =
		"policy \"p\" {   # a comment { with \"quotes\" and /slashes/\n"
		"\n"
		"\trule \"r\" {\r\n"
		"    require image =~ /x/i\n"
		"  }; }\n";
	size_t n = lex(a, src, t);
	assert_int_equal(n, 13);
	assert_tok(&t[0], T_IDENT, "policy", 1, 1);
	assert_int_equal(t[0].at.start.off, 0);
	assert_tok(&t[1], T_STRING, "p", 1, 8);
	assert_end(&t[1], 1, 11);
	assert_tok(&t[2], T_LBRACE, "{", 1, 12);
	/* a tab is one column; CR is blank */
	assert_tok(&t[3], T_IDENT, "rule", 3, 2);
	assert_int_equal(t[3].at.start.off, (uint32_t)(strchr(src, '\t') - src) + 1);
	assert_tok(&t[4], T_STRING, "r", 3, 7);
	assert_tok(&t[5], T_LBRACE, "{", 3, 11);
	assert_tok(&t[6], T_IDENT, "require", 4, 5);
	assert_tok(&t[7], T_IDENT, "image", 4, 13);
	assert_tok(&t[8], T_MATCH, "=~", 4, 19);
	assert_tok(&t[9], T_REGEX, "x", 4, 22);
	assert_string_equal(t[9].flags, "i");
	assert_end(&t[9], 4, 26);
	/* ';' separates statements like a newline */
	assert_tok(&t[10], T_RBRACE, "}", 5, 3);
	assert_tok(&t[11], T_RBRACE, "}", 5, 6);
	assert_tok(&t[12], T_EOF, NULL, 6, 1);
	arena_free(a);
}

static void test_columns_count_code_points(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct ptoken t[MAXTOK];
	/* "é" is two bytes, "€" three, "😀" four: one column each */
	size_t n = lex(a, "\"é€😀\" x\n  \"ü\"y", t);
	assert_int_equal(n, 5);
	assert_tok(&t[0], T_STRING, "é€😀", 1, 1);
	assert_end(&t[0], 1, 6);
	assert_int_equal(t[0].at.end.off, 11);
	assert_tok(&t[1], T_IDENT, "x", 1, 7);
	assert_int_equal(t[1].at.start.off, 12);
	assert_tok(&t[2], T_STRING, "ü", 2, 3);
	assert_tok(&t[3], T_IDENT, "y", 2, 6);
	arena_free(a);
}

/* ---- numbers, sizes, durations, dates ---------------------------------------- */

static void test_number_classification(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct ptoken t[MAXTOK];
	size_t n = lex(a, "465 1.5 0 512m 1GiB 2kb 10b 30s 1m30s 500ms 1h 2027-06-30", t);
	assert_int_equal(n, 13);
	assert_tok(&t[0], T_NUMBER, "465", 1, 1);
	assert_true(t[0].num == 465);
	assert_tok(&t[1], T_NUMBER, "1.5", 1, 5);
	assert_true(t[1].num == 1.5);
	assert_tok(&t[2], T_NUMBER, "0", 1, 9);
	assert_tok(&t[3], T_SIZE, "512m", 1, 11);
	assert_true(t[3].num == 512.0 * 1024 * 1024);
	assert_tok(&t[4], T_SIZE, "1GiB", 1, 16);
	assert_true(t[4].num == 1024.0 * 1024 * 1024);
	assert_tok(&t[5], T_SIZE, "2kb", 1, 21);
	assert_true(t[5].num == 2048);
	assert_tok(&t[6], T_SIZE, "10b", 1, 25);
	assert_true(t[6].num == 10);
	assert_tok(&t[7], T_DURATION, "30s", 1, 29);
	assert_true(t[7].num == 30);
	assert_tok(&t[8], T_DURATION, "1m30s", 1, 33);
	assert_true(t[8].num == 90);
	assert_tok(&t[9], T_DURATION, "500ms", 1, 39);
	assert_true(t[9].num == 0.5);
	assert_tok(&t[10], T_DURATION, "1h", 1, 45);
	assert_true(t[10].num == 3600);
	assert_tok(&t[11], T_DATE, "2027-06-30", 1, 48);
	assert_end(&t[11], 1, 58);

	/* sizes are tried before durations: a number of minutes alone is a
	 * size (documented); 5m0s is five minutes */
	n = lex(a, "5m 5m0s 1.5h 1e3 1M", t);
	assert_int_equal(n, 6);
	assert_tok(&t[0], T_SIZE, "5m", 1, 1);
	assert_true(t[0].num == 5.0 * 1048576);
	assert_tok(&t[1], T_DURATION, "5m0s", 1, 4);
	assert_true(t[1].num == 300);
	assert_tok(&t[2], T_DURATION, "1.5h", 1, 9);
	assert_true(t[2].num == 5400);
	assert_tok(&t[3], T_NUMBER, "1e3", 1, 14);
	assert_true(t[3].num == 1000);
	assert_tok(&t[4], T_SIZE, "1M", 1, 18);
	arena_free(a);
}

static void test_bad_numbers(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct ptoken t[MAXTOK];
	/* month 13 is no date, and not a size or a duration either */
	size_t n = lex(a, "2027-13-01 12abc 1.2.3 30x", t);
	assert_int_equal(n, 5);
	assert_tok(&t[0], T_ERROR,
		   "'2027-13-01' is not a number, size (512m), duration (30s) or date (2027-06-30)",
		   1, 1);
	assert_end(&t[0], 1, 11);
	assert_tok(&t[1], T_ERROR,
		   "'12abc' is not a number, size (512m), duration (30s) or date (2027-06-30)", 1, 12);
	assert_tok(&t[2], T_ERROR,
		   "'1.2.3' is not a number, size (512m), duration (30s) or date (2027-06-30)", 1, 18);
	assert_tok(&t[3], T_ERROR,
		   "'30x' is not a number, size (512m), duration (30s) or date (2027-06-30)", 1, 24);
	assert_tok(&t[4], T_EOF, NULL, 1, 27);

	/* there are no negative literals: '-' is not a token */
	n = lex(a, "-1", t);
	assert_tok(&t[0], T_ERROR, "unexpected character '-'", 1, 1);
	assert_tok(&t[1], T_NUMBER, "1", 1, 2);
	/* a leading '.' is not a number either */
	n = lex(a, ".5", t);
	assert_tok(&t[0], T_DOT, ".", 1, 1);
	assert_tok(&t[1], T_NUMBER, "5", 1, 2);
	arena_free(a);
}

static void test_parse_size(void **state)
{
	(void)state;
	double d = -1;
	assert_int_equal(pol_parse_size("512m", &d), 0);
	assert_true(d == 536870912.0);
	assert_int_equal(pol_parse_size("512M", &d), 0);
	assert_true(d == 536870912.0);
	assert_int_equal(pol_parse_size("1g", &d), 0);
	assert_true(d == 1073741824.0);
	assert_int_equal(pol_parse_size("1.5k", &d), 0);
	assert_true(d == 1536);
	assert_int_equal(pol_parse_size("2TiB", &d), 0);
	assert_true(d == 2 * 1099511627776.0);
	assert_int_equal(pol_parse_size("100", &d), 0);
	assert_true(d == 100);
	assert_int_equal(pol_parse_size(".5m", &d), 0);
	assert_true(d == 524288);
	d = 7;
	assert_int_equal(pol_parse_size("", &d), -1);
	assert_int_equal(pol_parse_size("m", &d), -1);
	assert_int_equal(pol_parse_size("-1m", &d), -1);
	assert_int_equal(pol_parse_size(" 1m", &d), -1);
	assert_int_equal(pol_parse_size("1 m", &d), -1);
	assert_int_equal(pol_parse_size("1mm", &d), -1);
	assert_int_equal(pol_parse_size("1x", &d), -1);
	assert_int_equal(pol_parse_size("1e999", &d), -1);
	assert_int_equal(pol_parse_size(NULL, &d), -1);
	assert_true(d == 7);
}

static void test_parse_duration(void **state)
{
	(void)state;
	double d = -1;
	assert_int_equal(pol_parse_duration("30s", &d), 0);
	assert_true(d == 30);
	assert_int_equal(pol_parse_duration("1m", &d), 0);
	assert_true(d == 60);
	assert_int_equal(pol_parse_duration("1h30m", &d), 0);
	assert_true(d == 5400);
	assert_int_equal(pol_parse_duration("1m30s", &d), 0);
	assert_true(d == 90);
	assert_int_equal(pol_parse_duration("1.5s", &d), 0);
	assert_true(d == 1.5);
	assert_int_equal(pol_parse_duration("250ms", &d), 0);
	assert_true(d == 0.25);
	assert_int_equal(pol_parse_duration("2us", &d), 0);
	assert_true(d > 1.999e-6 && d < 2.001e-6);
	assert_int_equal(pol_parse_duration("3ns", &d), 0);
	assert_true(d > 2.999e-9 && d < 3.001e-9);  /* 3 * 1e-9, not exactly 3e-9 */
	d = 7;
	assert_int_equal(pol_parse_duration("", &d), -1);
	assert_int_equal(pol_parse_duration("10", &d), -1);   /* a unit is required */
	assert_int_equal(pol_parse_duration("1m1", &d), -1);
	assert_int_equal(pol_parse_duration("s", &d), -1);
	assert_int_equal(pol_parse_duration("-1s", &d), -1);
	assert_int_equal(pol_parse_duration("1d", &d), -1);
	assert_int_equal(pol_parse_duration(NULL, &d), -1);
	assert_true(d == 7);
}

/* ---- strings ------------------------------------------------------------------ */

static void test_string_escapes(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct ptoken t[MAXTOK];
	size_t n = lex(a, "\"a\\nb\\tc\\\"d\\\\e\" \"\" \"{x} \\{y\\}\"", t);
	assert_int_equal(n, 4);
	assert_tok(&t[0], T_STRING, "a\nb\tc\"d\\e", 1, 1);
	assert_end(&t[0], 1, 16);
	assert_tok(&t[1], T_STRING, "", 1, 17);
	/* \{ stays escaped for the placeholder expander; {x} is left as written */
	assert_tok(&t[2], T_STRING, "{x} \\{y\\}", 1, 20);
	arena_free(a);
}

static void test_string_errors(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct ptoken t[MAXTOK];
	/* an unknown escape: the rest of the string is skipped, lexing goes on */
	size_t n = lex(a, "\"a\\qb c\" x", t);
	assert_int_equal(n, 3);
	assert_tok(&t[0], T_ERROR, "unknown escape '\\q' in string", 1, 1);
	assert_end(&t[0], 1, 9);
	assert_tok(&t[1], T_IDENT, "x", 1, 10);

	/* a string ends at its line */
	n = lex(a, "  \"open\nnext", t);
	assert_int_equal(n, 3);
	assert_tok(&t[0], T_ERROR, "string without a closing quote", 1, 3);
	assert_end(&t[0], 1, 8);
	assert_tok(&t[1], T_IDENT, "next", 2, 1);

	/* ... and at the end of the file, even right after a backslash */
	n = lex(a, "\"open\\", t);
	assert_int_equal(n, 2);
	assert_tok(&t[0], T_ERROR, "string without a closing quote", 1, 1);
	assert_tok(&t[1], T_EOF, NULL, 1, 7);
	n = lex(a, "\"", t);
	assert_tok(&t[0], T_ERROR, "string without a closing quote", 1, 1);
	arena_free(a);
}

static void test_string_with_nul(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct ptoken t[MAXTOK];
	static const char src[] = "\"a\0b\" c";
	size_t n = lex_all(a, src, sizeof src - 1, t);
	assert_int_equal(n, 3);
	assert_int_equal(t[0].kind, T_STRING);
	assert_tok(&t[1], T_IDENT, "c", 1, 7);
	arena_free(a);
}

/* ---- regular expressions ---------------------------------------------------------- */

static void test_regex(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct ptoken t[MAXTOK];
	size_t n = lex(a, "/^mailu\\// /a\\.b\\d/ /x/ix", t);
	assert_int_equal(n, 4);
	/* "\/" is a slash in the pattern; other escapes are kept for PCRE2 */
	assert_tok(&t[0], T_REGEX, "^mailu/", 1, 1);
	assert_string_equal(t[0].flags, "");
	assert_end(&t[0], 1, 11);
	assert_tok(&t[1], T_REGEX, "a\\.b\\d", 1, 12);
	assert_tok(&t[2], T_REGEX, "x", 1, 21);
	assert_string_equal(t[2].flags, "ix");
	assert_end(&t[2], 1, 26);
	/* a slash inside a character class ends the regex: it needs its backslash */
	n = lex(a, "/[^/]+/", t);
	assert_tok(&t[0], T_REGEX, "[^", 1, 1);
	assert_tok(&t[1], T_RBRACKET, "]", 1, 5);
	arena_free(a);

	a = arena_new();
	n = lex(a, "/(?<n>[^\\/]+)/s // /\\\\/m", t);
	assert_int_equal(n, 4);
	assert_tok(&t[0], T_REGEX, "(?<n>[^/]+)", 1, 1);
	assert_string_equal(t[0].flags, "s");
	assert_tok(&t[1], T_REGEX, "", 1, 17);
	assert_tok(&t[2], T_REGEX, "\\\\", 1, 20);
	assert_string_equal(t[2].flags, "m");
	arena_free(a);
}

static void test_regex_errors(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct ptoken t[MAXTOK];
	size_t n = lex(a, "x =~ /abc\ny", t);
	assert_int_equal(n, 5);
	assert_tok(&t[2], T_ERROR, "regular expression without a closing '/'", 1, 6);
	assert_end(&t[2], 1, 10);
	assert_tok(&t[3], T_IDENT, "y", 2, 1);

	n = lex(a, "/abc\\", t);
	assert_tok(&t[0], T_ERROR, "regular expression without a closing '/'", 1, 1);
	n = lex(a, "/a\\/", t);
	assert_tok(&t[0], T_ERROR, "regular expression without a closing '/'", 1, 1);

	/* flags are the letters right after the closing slash */
	n = lex(a, "/x/iq z", t);
	assert_int_equal(n, 3);
	assert_tok(&t[0], T_ERROR, "unknown regular expression flag 'q' (use i, m, s or x)", 1, 1);
	assert_end(&t[0], 1, 6);
	assert_tok(&t[1], T_IDENT, "z", 1, 7);
	/* so a keyword glued to a regex is read as flags */
	n = lex(a, "/x/and", t);
	assert_tok(&t[0], T_ERROR, "unknown regular expression flag 'a' (use i, m, s or x)", 1, 1);
	arena_free(a);
}

/* ---- unknown characters --------------------------------------------------------------- */

static void test_unknown_characters(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct ptoken t[MAXTOK];
	size_t n = lex(a, "a @ ! ~ & |\x7f b", t);
	assert_int_equal(n, 9);
	assert_tok(&t[1], T_ERROR, "unexpected character '@'", 1, 3);
	assert_end(&t[1], 1, 4);
	assert_tok(&t[2], T_ERROR, "unexpected character '!'", 1, 5);
	assert_tok(&t[3], T_ERROR, "unexpected character '~'", 1, 7);
	assert_tok(&t[4], T_ERROR, "unexpected character '&'", 1, 9);
	assert_tok(&t[5], T_ERROR, "unexpected character '|'", 1, 11);
	assert_tok(&t[6], T_ERROR, "unexpected character", 1, 12);
	assert_tok(&t[7], T_IDENT, "b", 1, 14);

	/* a whole UTF-8 character is one error token, one column wide */
	n = lex(a, "x é € 😀 y", t);
	assert_int_equal(n, 6);
	assert_tok(&t[1], T_ERROR, "unexpected character", 1, 3);
	assert_end(&t[1], 1, 4);
	assert_int_equal(t[1].at.end.off - t[1].at.start.off, 2);
	assert_tok(&t[2], T_ERROR, "unexpected character", 1, 5);
	assert_int_equal(t[2].at.end.off - t[2].at.start.off, 3);
	assert_tok(&t[3], T_ERROR, "unexpected character", 1, 7);
	assert_int_equal(t[3].at.end.off - t[3].at.start.off, 4);
	assert_tok(&t[4], T_IDENT, "y", 1, 9);

	/* a stray continuation byte or a NUL does not stop the lexer */
	static const char odd[] = "\x80z\0w";
	n = lex_all(a, odd, sizeof odd - 1, t);
	assert_int_equal(n, 5);
	assert_tok(&t[0], T_ERROR, "unexpected character", 1, 1);
	assert_tok(&t[1], T_IDENT, "z", 1, 1);  /* a continuation byte takes no column */
	assert_tok(&t[2], T_ERROR, "unexpected character", 1, 2);
	assert_tok(&t[3], T_IDENT, "w", 1, 3);
	arena_free(a);
}

static void test_token_names(void **state)
{
	(void)state;
	assert_string_equal(ptok_name(T_EOF), "end of file");
	assert_string_equal(ptok_name(T_ERROR), "error");
	assert_string_equal(ptok_name(T_IDENT), "identifier");
	assert_string_equal(ptok_name(T_STRING), "string");
	assert_string_equal(ptok_name(T_REGEX), "regular expression");
	assert_string_equal(ptok_name(T_NUMBER), "number");
	assert_string_equal(ptok_name(T_SIZE), "size");
	assert_string_equal(ptok_name(T_DURATION), "duration");
	assert_string_equal(ptok_name(T_DATE), "date");
	assert_string_equal(ptok_name(T_LBRACE), "'{'");
	assert_string_equal(ptok_name(T_RBRACKET), "']'");
	assert_string_equal(ptok_name(T_DOLLAR), "'$'");
	assert_string_equal(ptok_name(T_ASSIGN), "'='");
	assert_string_equal(ptok_name(T_MATCH), "'=~'");
	assert_string_equal(ptok_name(T_NOMATCH), "'!~'");
	assert_string_equal(ptok_name(T_GE), "'>='");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_punctuation_and_operators),
		cmocka_unit_test(test_identifiers_and_keywords),
		cmocka_unit_test(test_eof_is_sticky),
		cmocka_unit_test(test_positions_over_lines),
		cmocka_unit_test(test_columns_count_code_points),
		cmocka_unit_test(test_number_classification),
		cmocka_unit_test(test_bad_numbers),
		cmocka_unit_test(test_parse_size),
		cmocka_unit_test(test_parse_duration),
		cmocka_unit_test(test_string_escapes),
		cmocka_unit_test(test_string_errors),
		cmocka_unit_test(test_string_with_nul),
		cmocka_unit_test(test_regex),
		cmocka_unit_test(test_regex_errors),
		cmocka_unit_test(test_unknown_characters),
		cmocka_unit_test(test_token_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
