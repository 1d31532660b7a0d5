/*
 * test_interp.c - cl_interpolate(): every Compose form, empty vs unset,
 * nesting, error kinds and offsets, the record of variables used, and
 * hostile input (deep nesting, huge output, many references, garbage).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "compose/interp.h"

static struct arena *A;

/* ---- a test environment: a NULL-terminated table, value NULL = unset ---- */

struct kv {
	const char *name;
	const char *value;
};

static char big[64 * 1024 + 1];  /* 64 KiB of 'b' */

static const struct kv vars[] = {
	{ "FOO", "foo" },
	{ "BAR", "" },           /* set but empty */
	{ "JSON", "{\"json\":2}" },
	{ "SP", "a b" },
	{ "COLON", "x:y" },
	{ "BRACE", "}" },
	{ "DOL", "$FOO ${FOO}" },  /* values are never interpolated again */
	{ "U8", "\xC3\xA9t\xC3\xA9" },
	{ "_a1", "underscore" },
	{ "BIG", big },
	{ NULL, NULL },
};

static void table_lookup(const struct cl_env *env, const char *name, size_t len,
			 struct cl_env_value *out)
{
	const struct kv *t = env->ctx;
	for (uint32_t i = 0; t[i].name; i++) {
		if (strlen(t[i].name) != len || memcmp(t[i].name, name, len))
			continue;
		out->value = t[i].value;
		out->len = strlen(t[i].value);
		out->state = out->len ? CL_ENV_SET : CL_ENV_EMPTY;
		out->at.file = 9;
		out->at.start.line = i + 1;  /* "defined on line i+1" */
		out->at.start.col = 1;
		return;
	}
}

static const struct cl_env env = { table_lookup, vars };

static int run(const char *s, struct cl_interp *r)
{
	return cl_interpolate(A, s, strlen(s), &env, r);
}

static void dump(const char *s, const struct cl_interp *r)
{
	print_error("input '%s' -> '%s' (unknown %d)\n", s, r->value, r->unknown);
	for (uint32_t i = 0; i < r->errors.n; i++)
		print_error("  error %d at %u..%u: %s\n", r->errors.v[i].kind, r->errors.v[i].at.start.off,
			    r->errors.v[i].at.end.off, r->errors.v[i].msg);
}

/* s interpolates cleanly to want; unknown as given. */
static void ok(const char *s, const char *want, int unknown)
{
	struct cl_interp r;
	int rc = run(s, &r);
	if (rc || r.errors.n || strcmp(r.value, want) || r.unknown != unknown)
		dump(s, &r);
	assert_int_equal(rc, 0);
	assert_int_equal(r.errors.n, 0);
	assert_string_equal(r.value, want);
	assert_int_equal(r.len, strlen(want));
	assert_int_equal(r.unknown, unknown);
}

/* s has exactly one error of kind at off..end whose message contains msg. */
static void bad(const char *s, enum cl_interp_err kind, uint32_t off, uint32_t end,
		const char *msg, const char *want)
{
	struct cl_interp r;
	int rc = run(s, &r);
	if (r.errors.n != 1 || r.errors.v[0].at.start.off != off || r.errors.v[0].at.end.off != end ||
	    !strstr(r.errors.v[0].msg, msg) || (want && strcmp(r.value, want)))
		dump(s, &r);
	assert_int_equal(rc, -1);
	assert_int_equal(r.errors.n, 1);
	assert_int_equal(r.errors.v[0].kind, kind);
	assert_int_equal(r.errors.v[0].at.start.off, off);
	assert_int_equal(r.errors.v[0].at.end.off, end);
	assert_non_null(strstr(r.errors.v[0].msg, msg));
	if (want)
		assert_string_equal(r.value, want);
}

/* ---- plain text and simple references ------------------------------------ */

static void test_no_dollar(void **state)
{
	(void)state;
	ok("", "", 0);
	ok("abc", "abc", 0);
	ok("{}{{}}", "{}{{}}", 0);
	ok("h\xC3\xA9llo w\xC3\xB6rld \xE2\x9C\x93", "h\xC3\xA9llo w\xC3\xB6rld \xE2\x9C\x93", 0);
	struct cl_interp r;
	assert_int_equal(run("plain", &r), 0);
	assert_int_equal(r.nuses, 0);
	assert_int_equal(r.errors.n, 0);
}

static void test_simple_references(void **state)
{
	(void)state;
	ok("$FOO", "foo", 0);
	ok("${FOO}", "foo", 0);
	ok("x$FOO.y", "xfoo.y", 0);
	ok("$FOO-bar", "foo-bar", 0);     /* the name stops at '-' */
	ok("${FOO}bar", "foobar", 0);
	ok("$FOO$FOO", "foofoo", 0);
	ok("$FOObar", "", 1);             /* the name is FOObar: unset */
	ok("$_a1", "underscore", 0);
	ok("${_a1}/x", "underscore/x", 0);
	ok("$SP", "a b", 0);
	ok("$U8", "\xC3\xA9t\xC3\xA9", 0);
	ok("$BAR", "", 0);                /* empty is set: no warning */
	ok("[${BAR}]", "[]", 0);
}

static void test_dollar_escape(void **state)
{
	(void)state;
	ok("$$", "$", 0);
	ok("$$FOO", "$FOO", 0);
	ok("$${FOO}", "${FOO}", 0);
	ok("$$$FOO", "$foo", 0);
	ok("$$${FOO}", "$foo", 0);
	ok("$$$$", "$$", 0);
	ok("a$$b", "a$b", 0);
	ok("$${MISSING:?x}", "${MISSING:?x}", 0);  /* escaped: no error */
	struct cl_interp r;
	run("$$FOO", &r);
	assert_int_equal(r.nuses, 0);
}

static void test_lone_dollar(void **state)
{
	(void)state;
	ok("$", "$", 0);
	ok("100$", "100$", 0);
	ok("a $ string", "a $ string", 0);
	ok("^REGEX$", "^REGEX$", 0);
	ok("$}", "$}", 0);
	ok("$1abc", "$1abc", 0);
	ok("$-x", "$-x", 0);
	ok("$:", "$:", 0);
	ok("$\xC3\xA9", "$\xC3\xA9", 0);
	ok("$$$", "$$", 0);
}

static void test_unset_plain(void **state)
{
	(void)state;
	struct cl_interp r;
	assert_int_equal(run("a ${MISSING} b", &r), 0);
	assert_string_equal(r.value, "a  b");
	assert_int_equal(r.unknown, 1);
	assert_int_equal(r.nuses, 1);
	assert_string_equal(r.uses[0].name, "MISSING");
	assert_int_equal(r.uses[0].state, CL_ENV_UNSET);
	assert_int_equal(r.uses[0].op, CL_INTERP_PLAIN);
	assert_int_equal(r.uses[0].unknown, 1);
	assert_int_equal(r.uses[0].off, 2);
	assert_int_equal(r.uses[0].end, 12);
	assert_false(cl_span_valid(&r.uses[0].at));
	ok("$MISSING", "", 1);
}

/* ---- the modifiers: empty vs unset ---------------------------------------- */

static void test_default_when_unset_or_empty(void **state)
{
	(void)state;
	ok("${FOO:-d}", "foo", 0);
	ok("${BAR:-d}", "d", 0);
	ok("${MISSING:-d}", "d", 0);
	ok("${MISSING:-}", "", 0);
	ok("ok ${MISSING:-def}", "ok def", 0);
	ok("${MISSING:-a b c}", "a b c", 0);
}

static void test_default_when_unset(void **state)
{
	(void)state;
	ok("${FOO-d}", "foo", 0);
	ok("${BAR-d}", "", 0);            /* empty is set: no default */
	ok("${MISSING-d}", "d", 0);
	ok("${MISSING-}", "", 0);
	ok("${MISSING-myerror?msg}", "myerror?msg", 0);
}

static void test_alternative(void **state)
{
	(void)state;
	ok("${FOO:+alt}", "alt", 0);
	ok("${BAR:+alt}", "", 0);
	ok("${MISSING:+alt}", "", 0);
	ok("${FOO+alt}", "alt", 0);
	ok("${BAR+alt}", "alt", 0);       /* set, even empty */
	ok("${MISSING+alt}", "", 0);
	ok("${FOO:+${FOO},}B", "foo,B", 0);
	ok("ok ${BAR+$FOO ${FOO:+second}}", "ok foo second", 0);
}

static void test_required_present(void **state)
{
	(void)state;
	ok("${FOO:?err}", "foo", 0);
	ok("${FOO?err}", "foo", 0);
	ok("${BAR?err}", "", 0);          /* set but empty satisfies '?' */
	ok("${FOO:?}", "foo", 0);
}

static void test_required_missing(void **state)
{
	(void)state;
	bad("x ${MISSING:?need it} y", CL_INTERP_EREQUIRED, 2, 21,
	    "required variable MISSING is missing a value: need it", "x  y");
	bad("${BAR:?empty}", CL_INTERP_EREQUIRED, 0, 13,
	    "required variable BAR is missing a value: empty", "");
	bad("${MISSING?unset}", CL_INTERP_EREQUIRED, 0, 16,
	    "required variable MISSING is missing a value: unset", "");

	struct cl_interp r;
	assert_int_equal(run("${MISSING:?}", &r), -1);
	assert_string_equal(r.errors.v[0].msg, "required variable MISSING is missing a value");
	assert_non_null(strstr(r.errors.v[0].msg, "MISSING"));
	assert_int_equal(r.unknown, 0);

	/* the message is interpolated, and its unset variables do not make the
	 * value unknown */
	assert_int_equal(run("${MISSING?Mandatory ${FOO} $NOPE ${BAR:-b}}", &r), -1);
	assert_string_equal(r.errors.v[0].msg,
			    "required variable MISSING is missing a value: Mandatory foo  b");
	assert_int_equal(r.unknown, 0);
	assert_int_equal(r.nuses, 4);
	assert_string_equal(r.uses[1].name, "FOO");
	assert_string_equal(r.uses[2].name, "NOPE");
}

static void test_required_compose_example(void **state)
{
	(void)state;
	struct cl_interp r;
	assert_int_equal(run("ok ${SUBDOMAIN:-redis}.${FOO:?}", &r), 0);
	assert_string_equal(r.value, "ok redis.foo");
	assert_int_equal(run("not ok ${UNSET_VAR:?Mandatory Variable Unset}", &r), -1);
	assert_int_equal(r.errors.v[0].at.start.off, 7);
	assert_int_equal(r.errors.v[0].at.end.off, 45);
	assert_string_equal(r.value, "not ok ");
}

/* ---- nesting ---------------------------------------------------------------- */

static void test_nested(void **state)
{
	(void)state;
	ok("${A:-${B:-x}}", "x", 0);
	ok("${MISSING:-${FOO}}", "foo", 0);
	ok("${MISSING-$FOO}", "foo", 0);
	ok("${MISSING-${FOO} ${FOO}}", "foo foo", 0);
	ok("${FOO:-${MISSING}}", "foo", 0);     /* the default is not evaluated */
	ok("${MISSING:-${MISSING2}}", "", 1);
	ok("+ok ${UNSET:-${FOO-defaultValue}}", "+ok foo", 0);
	ok("${A:-${B:-${C:-${D:-deep}}}}", "deep", 0);
	ok("${A:-$$}", "$", 0);
	ok("${A:-$}", "$", 0);                   /* a lone '$' before the '}' */
	ok("${A:-a$}b", "a$b", 0);

	struct cl_interp r;
	assert_int_equal(run("${FOO:-${MISSING}}", &r), 0);
	assert_int_equal(r.nuses, 1);            /* lazy: MISSING never looked up */
	assert_int_equal(run("${MISSING:-${FOO:-x}}", &r), 0);
	assert_int_equal(r.nuses, 2);
	assert_string_equal(r.uses[0].name, "MISSING");
	assert_int_equal(r.uses[0].off, 0);
	assert_int_equal(r.uses[0].end, 21);
	assert_string_equal(r.uses[1].name, "FOO");
	assert_int_equal(r.uses[1].off, 11);
	assert_int_equal(r.uses[1].end, 20);
}

static void test_colons_and_braces_in_words(void **state)
{
	(void)state;
	ok("ok ${BAR:-/non:-alphanumeric}", "ok /non:-alphanumeric", 0);
	ok("${MISSING:-a:b}", "a:b", 0);
	ok("${MISSING-a:?b}", "a:?b", 0);
	ok("${MISSING:-http://h:80/x}", "http://h:80/x", 0);
	ok("ok ${missing:-{\"json\":1}}", "ok {\"json\":1}", 0);
	ok("ok ${missing-{\"json\":1}}", "ok {\"json\":1}", 0);
	ok("ok ${JSON:-{\"json\":1}}", "ok {\"json\":2}", 0);
	ok("${M:-${N:-a}b}c}", "abc}", 0);      /* the first '}' at depth 0 closes */
	ok("${M:-x}}", "x}", 0);
	ok("${M-a}b}", "ab}", 0);
	ok("${M:-{{}}}", "{{}}", 0);
	ok("${M:-${N:-{a:b}}:c}", "{a:b}:c", 0);
	/* compose takes the last '}' when literal braces do not balance; here
	 * that is an unterminated expression (documented in interp.h) */
	bad("${FOO:-{}", CL_INTERP_ESYNTAX, 0, 9, "unterminated", "foo");
	ok("}{", "}{", 0);
	ok("${BRACE}}", "}}", 0);                /* a '}' from a value is text */
	ok("${COLON:-z}", "x:y", 0);
}

static void test_values_not_reinterpolated(void **state)
{
	(void)state;
	ok("${DOL}", "$FOO ${FOO}", 0);
	ok("${MISSING:-$DOL}", "$FOO ${FOO}", 0);
	ok("$JSON", "{\"json\":2}", 0);
}

static void test_unicode_around(void **state)
{
	(void)state;
	ok("h\xC3\xA9llo ${FOO} \xE2\x9C\x93 ${M:-w\xC3\xB6rld}",
	   "h\xC3\xA9llo foo \xE2\x9C\x93 w\xC3\xB6rld", 0);
	ok("\xF0\x9F\x90\xB3$FOO\xF0\x9F\x90\xB3", "\xF0\x9F\x90\xB3" "foo" "\xF0\x9F\x90\xB3", 0);
	/* byte offsets, not code points */
	struct cl_interp r;
	assert_int_equal(run("\xC3\xA9\xC3\xA9${}", &r), -1);
	assert_int_equal(r.errors.v[0].at.start.off, 4);
	assert_int_equal(r.errors.v[0].at.end.off, 7);
}

/* ---- the record of uses ----------------------------------------------------- */

static void test_uses(void **state)
{
	(void)state;
	struct cl_interp r;
	assert_int_equal(run("$FOO ${BAR:-x} ${M} ${SP+y} ${FOO:?e}", &r), 0);
	assert_string_equal(r.value, "foo x  y foo");
	assert_int_equal(r.unknown, 1);
	assert_int_equal(r.nuses, 5);
	const char *names[] = { "FOO", "BAR", "M", "SP", "FOO" };
	const enum cl_interp_op ops[] = { CL_INTERP_PLAIN, CL_INTERP_DEFAULT_EMPTY,
					  CL_INTERP_PLAIN, CL_INTERP_ALT, CL_INTERP_REQUIRE_EMPTY };
	const enum cl_env_state st[] = { CL_ENV_SET, CL_ENV_EMPTY, CL_ENV_UNSET, CL_ENV_SET,
					 CL_ENV_SET };
	const uint32_t off[] = { 0, 5, 15, 20, 28 }, end[] = { 4, 14, 19, 27, 37 };
	const uint32_t line[] = { 1, 2, 0, 4, 1 };
	for (uint32_t i = 0; i < 5; i++) {
		assert_string_equal(r.uses[i].name, names[i]);
		assert_int_equal(r.uses[i].op, ops[i]);
		assert_int_equal(r.uses[i].state, st[i]);
		assert_int_equal(r.uses[i].off, off[i]);
		assert_int_equal(r.uses[i].end, end[i]);
		assert_int_equal(r.uses[i].at.start.line, line[i]);
		assert_int_equal(r.uses[i].unknown, i == 2);
	}
	assert_int_equal(r.uses[0].at.file, 9);
	assert_string_equal(cl_interp_op_text(CL_INTERP_PLAIN), "");
	assert_string_equal(cl_interp_op_text(CL_INTERP_DEFAULT_EMPTY), ":-");
	assert_string_equal(cl_interp_op_text(CL_INTERP_DEFAULT), "-");
	assert_string_equal(cl_interp_op_text(CL_INTERP_REQUIRE_EMPTY), ":?");
	assert_string_equal(cl_interp_op_text(CL_INTERP_REQUIRE), "?");
	assert_string_equal(cl_interp_op_text(CL_INTERP_ALT_EMPTY), ":+");
	assert_string_equal(cl_interp_op_text(CL_INTERP_ALT), "+");
}

static void set_len0(const struct cl_env *e, const char *name, size_t len,
		     struct cl_env_value *out)
{
	(void)e;
	if (len == 1 && name[0] == 'E') {
		out->state = CL_ENV_SET;  /* SET with len 0 counts as empty */
		out->value = "ignored";
		out->len = 0;
	} else if (len == 1 && name[0] == 'N') {
		out->state = CL_ENV_SET;  /* a careless callback: no value */
		out->value = NULL;
		out->len = 5;
	}
}

static void test_env_edge_cases(void **state)
{
	(void)state;
	struct cl_interp r;
	/* no environment: everything is unset */
	assert_int_equal(cl_interpolate(A, "${FOO:-d} $FOO", 14, NULL, &r), 0);
	assert_string_equal(r.value, "d ");
	assert_int_equal(r.unknown, 1);
	struct cl_env nolookup = { NULL, NULL };
	assert_int_equal(cl_interpolate(A, "${FOO-d}", 8, &nolookup, &r), 0);
	assert_string_equal(r.value, "d");

	struct cl_env e = { set_len0, NULL };
	assert_int_equal(cl_interpolate(A, "${E:-d}|${E-x}|${N:-n}|${N+p}", 29, &e, &r), 0);
	assert_string_equal(r.value, "d||n|p");
	assert_int_equal(r.uses[0].state, CL_ENV_EMPTY);
	assert_int_equal(r.uses[2].state, CL_ENV_EMPTY);

	/* a NULL string */
	assert_int_equal(cl_interpolate(A, NULL, 5, &env, &r), 0);
	assert_string_equal(r.value, "");
	assert_int_equal(r.len, 0);

	/* embedded NUL bytes go through */
	assert_int_equal(cl_interpolate(A, "a\0$FOO", 6, &env, &r), 0);
	assert_int_equal(r.len, 5);
	assert_memory_equal(r.value, "a\0foo", 6);
}

/* ---- malformed expressions --------------------------------------------------- */

static void test_unterminated(void **state)
{
	(void)state;
	bad("${", CL_INTERP_ESYNTAX, 0, 2, "unterminated interpolation '${': missing '}'", "");
	bad("abc ${FOO", CL_INTERP_ESYNTAX, 4, 9, "unterminated", "abc ");
	bad("${FOO:-x", CL_INTERP_ESYNTAX, 0, 8, "unterminated", NULL);
	bad("${FOO:", CL_INTERP_ESYNTAX, 0, 6, "unterminated", NULL);
	bad("${FOO-", CL_INTERP_ESYNTAX, 0, 6, "unterminated", NULL);
	bad("x${A:-${B", CL_INTERP_ESYNTAX, 6, 9, "'${B'", NULL);  /* innermost only */
	bad("x${A:-${B}", CL_INTERP_ESYNTAX, 1, 10, "'${A:-${B}'", NULL);
	bad("${A:-{x}", CL_INTERP_ESYNTAX, 0, 8, "unterminated", NULL);  /* see interp.h */
	bad("${A:-${B:?x}", CL_INTERP_ESYNTAX, 0, 12, "unterminated", NULL);
}

static void test_empty_name(void **state)
{
	(void)state;
	bad("${}", CL_INTERP_ESYNTAX, 0, 3, "invalid interpolation '${}': empty variable name", "");
	bad("x${}y", CL_INTERP_ESYNTAX, 1, 4, "empty variable name", "xy");
	bad("${:-x}", CL_INTERP_ESYNTAX, 0, 6, "a variable name", "");
}

static void test_invalid_modifiers(void **state)
{
	(void)state;
	bad("${VAR:x}", CL_INTERP_ESYNTAX, 0, 8,
	    "invalid interpolation '${VAR:x': ':' must be followed by '-', '?' or '+'", "");
	bad("${VAR:}", CL_INTERP_ESYNTAX, 0, 7, "'${VAR:}'", "");
	bad("${VAR:1:2}", CL_INTERP_ESYNTAX, 0, 10, "'${VAR:1'", "");
	bad("${VAR/foo/bar}", CL_INTERP_ESYNTAX, 0, 14,
	    "'${VAR/': only '}' or a modifier (:-, -, :?, ?, :+, +) may follow", "");
	bad("${ FOO}", CL_INTERP_ESYNTAX, 0, 7, "'${ ': a variable name", "");
	bad("${FOO }", CL_INTERP_ESYNTAX, 0, 7, "'${FOO '", "");
	bad("${foo!}", CL_INTERP_ESYNTAX, 0, 7, "'${foo!'", "");
	bad("${1A}", CL_INTERP_ESYNTAX, 0, 5, "'${1'", "");
	bad("${#FOO}", CL_INTERP_ESYNTAX, 0, 7, "'${#'", "");
	bad("${FOO\xC3\xA9}", CL_INTERP_ESYNTAX, 0, 8, "'${FOO\xC3\xA9'", "");
	bad("${A\n}", CL_INTERP_ESYNTAX, 0, 5, "'${A\\x0A'", "");
	/* parsing goes on after the bad expression */
	bad("${VAR:x} $FOO", CL_INTERP_ESYNTAX, 0, 8, "VAR:x", " foo");
	bad("${VAR:x${FOO}} $FOO", CL_INTERP_ESYNTAX, 0, 14, "VAR:x", " foo");
	/* nothing inside a skipped bad expression is reported */
	bad("${A B ${}}", CL_INTERP_ESYNTAX, 0, 10, "'${A '", "");
	bad("${A B ${C", CL_INTERP_ESYNTAX, 0, 9, "'${A '", "");
}

static void test_several_errors(void **state)
{
	(void)state;
	struct cl_interp r;
	const char *s = "a ${} b ${X:y} c ${FOO} ${NOPE:?why} ${";
	assert_int_equal(run(s, &r), -1);
	assert_int_equal(r.errors.n, 4);
	assert_int_equal(r.errors.v[0].kind, CL_INTERP_ESYNTAX);
	assert_int_equal(r.errors.v[0].at.start.off, 2);
	assert_int_equal(r.errors.v[0].at.end.off, 5);
	assert_int_equal(r.errors.v[1].kind, CL_INTERP_ESYNTAX);
	assert_int_equal(r.errors.v[1].at.start.off, 8);
	assert_int_equal(r.errors.v[1].at.end.off, 14);
	assert_int_equal(r.errors.v[2].kind, CL_INTERP_EREQUIRED);
	assert_int_equal(r.errors.v[2].at.start.off, 24);
	assert_int_equal(r.errors.v[2].at.end.off, 36);
	assert_non_null(strstr(r.errors.v[2].msg, "NOPE"));
	assert_int_equal(r.errors.v[3].kind, CL_INTERP_ESYNTAX);
	assert_int_equal(r.errors.v[3].at.start.off, 37);
	assert_int_equal(r.errors.v[3].at.end.off, 39);
	assert_string_equal(r.value, "a  b  c foo  ");
	for (uint32_t i = 0; i < r.errors.n; i++)
		assert_int_equal(s[r.errors.v[i].at.start.off], '$');
}

static void test_errors_in_untaken_branches(void **state)
{
	(void)state;
	/* syntax: always reported, the value is still computed */
	bad("${FOO:-${}}", CL_INTERP_ESYNTAX, 7, 10, "empty variable name", "foo");
	bad("${FOO+x}${FOO:+${A:x}}", CL_INTERP_ESYNTAX, 15, 21, "'${A:x'", "x");
	/* required: only when evaluated, as compose does */
	ok("${FOO:-${MISSING:?never}}", "foo", 0);
	ok("${MISSING:+${MISSING2:?never}}", "", 0);
	bad("${MISSING:-${MISSING2:?now}}", CL_INTERP_EREQUIRED, 11, 27,
	    "required variable MISSING2 is missing a value: now", "");
}

/* ---- hostile input ------------------------------------------------------------ */

static char *nest(unsigned levels, const char *inner)
{
	size_t n = levels * 6 + strlen(inner) + 1;
	char *s = malloc(n), *q = s;
	for (unsigned i = 0; i < levels; i++)
		q += sprintf(q, "${A:-");
	q += sprintf(q, "%s", inner);
	for (unsigned i = 0; i < levels; i++)
		*q++ = '}';
	*q = '\0';
	return s;
}

static void test_deep_nesting(void **state)
{
	(void)state;
	char *s = nest(CL_INTERP_MAX_DEPTH, "x");
	ok(s, "x", 0);
	free(s);

	struct cl_interp r;
	s = nest(CL_INTERP_MAX_DEPTH + 1, "x");
	assert_int_equal(run(s, &r), -1);
	assert_int_equal(r.errors.n, 1);
	assert_int_equal(r.errors.v[0].kind, CL_INTERP_ELIMIT);
	assert_int_equal(r.errors.v[0].at.start.off, 5 * CL_INTERP_MAX_DEPTH);
	assert_non_null(strstr(r.errors.v[0].msg, "nested more than 32 levels"));
	assert_string_equal(r.value, "");
	assert_int_equal(r.unknown, 1);
	free(s);

	/* 200000 levels, unclosed: one error, no stack overflow */
	size_t n = 200000;
	s = malloc(2 * n + 1);
	for (size_t i = 0; i < n; i++)
		memcpy(s + 2 * i, "${", 2);
	s[2 * n] = '\0';
	assert_int_equal(run(s, &r), -1);
	assert_true(r.errors.n >= 1);
	free(s);

	s = nest(100000, "x");
	assert_int_equal(run(s, &r), -1);
	assert_int_equal(r.errors.n, 1);
	assert_int_equal(r.errors.v[0].kind, CL_INTERP_ELIMIT);
	free(s);

	/* deep nesting inside a skipped bad expression is still bounded */
	char *t = nest(1000, "x");
	s = malloc(strlen(t) + 8);
	sprintf(s, "${A B %s}", t);
	assert_int_equal(run(s, &r), -1);
	assert_int_equal(r.errors.n, 1);
	assert_int_equal(r.errors.v[0].kind, CL_INTERP_ELIMIT);
	free(s);
	free(t);
}

static char *repeat(const char *unit, size_t times)
{
	size_t u = strlen(unit);
	char *s = malloc(u * times + 1);
	for (size_t i = 0; i < times; i++)
		memcpy(s + i * u, unit, u);
	s[u * times] = '\0';
	return s;
}

static void test_huge_output(void **state)
{
	(void)state;
	struct cl_interp r;
	/* exactly the limit: 16 x 64 KiB */
	char *s = repeat("$BIG", 16);
	assert_int_equal(run(s, &r), 0);
	assert_int_equal(r.len, CL_INTERP_MAX_OUTPUT);
	free(s);

	/* one byte more ('-' ends the last name) */
	char *t = repeat("$BIG", 16);
	s = malloc(strlen(t) + 2);
	sprintf(s, "%s-", t);
	free(t);
	assert_int_equal(run(s, &r), -1);
	assert_int_equal(r.errors.n, 1);
	assert_int_equal(r.errors.v[0].kind, CL_INTERP_ELIMIT);
	assert_int_equal(r.errors.v[0].at.start.off, 64);
	assert_string_equal(r.value, "");
	assert_int_equal(r.len, 0);
	assert_int_equal(r.unknown, 1);
	free(s);

	/* a thousand references to 64 KiB: stops at the limit, memory bounded */
	size_t before = arena_used(A);
	s = repeat("${BIG}", 1000);
	assert_int_equal(run(s, &r), -1);
	assert_int_equal(r.errors.v[0].kind, CL_INTERP_ELIMIT);
	assert_true(arena_used(A) - before < 1024 * 1024);
	free(s);

	/* a long input is not an error by itself, '$' or not: the bound is
	 * max(1 MiB, input length) */
	size_t big_in = 2u << 20;
	s = malloc(big_in + 1);
	memset(s, 'x', big_in);
	s[big_in] = '\0';
	assert_int_equal(run(s, &r), 0);
	assert_int_equal(r.len, big_in);
	memcpy(s + 100, "$$", 2);
	memcpy(s + 200, "${FOO}", 6);
	assert_int_equal(run(s, &r), 0);
	assert_int_equal(r.len, big_in - 1 - 3);
	assert_memory_equal(r.value + 198, "xfoox", 5);
	memcpy(s + 300, "${BIG}", 6);  /* but it may not grow past its own length */
	assert_int_equal(run(s, &r), -1);
	assert_int_equal(r.errors.v[0].kind, CL_INTERP_ELIMIT);
	assert_int_equal(r.errors.v[0].at.start.off, 306);  /* the text after it crossed the bound */
	free(s);

	/* in a default and in a required message too */
	t = repeat("$BIG", 17);
	s = malloc(strlen(t) + 16);
	sprintf(s, "${M:-%s}", t);
	assert_int_equal(run(s, &r), -1);
	assert_int_equal(r.errors.v[0].kind, CL_INTERP_ELIMIT);
	sprintf(s, "${M:?%s}", t);
	assert_int_equal(run(s, &r), -1);
	assert_int_equal(r.errors.n, 1);
	assert_int_equal(r.errors.v[0].kind, CL_INTERP_ELIMIT);
	free(s);
	free(t);
}

static void test_long_message_and_name(void **state)
{
	(void)state;
	struct cl_interp r;
	/* a long required message is cut in the error */
	char *t = repeat("\xC3\xA9", 1000);
	char *s = malloc(strlen(t) + 16);
	sprintf(s, "${M:?%s}", t);
	assert_int_equal(run(s, &r), -1);
	assert_true(strlen(r.errors.v[0].msg) < 400);
	const char *dots = strstr(r.errors.v[0].msg, "...");
	assert_non_null(dots);
	assert_int_equal(dots[3], '\0');
	assert_int_equal((unsigned char)dots[-1], 0xA9);  /* cut between characters */
	free(s);
	free(t);

	/* a 100000-byte name */
	t = repeat("N", 100000);
	s = malloc(strlen(t) + 8);
	sprintf(s, "${%s}", t);
	assert_int_equal(run(s, &r), 0);
	assert_int_equal(r.unknown, 1);
	assert_int_equal(strlen(r.uses[0].name), 100000);
	sprintf(s, "${%s!}", t);
	assert_int_equal(run(s, &r), -1);
	assert_true(strlen(r.errors.v[0].msg) < 300);
	free(s);
	free(t);
}

static void test_many_references_and_errors(void **state)
{
	(void)state;
	struct cl_interp r;
	char *s = repeat("$FOO", 2000);
	assert_int_equal(run(s, &r), 0);
	assert_int_equal(r.len, 6000);
	assert_int_equal(r.nuses, CL_INTERP_MAX_USES);
	assert_int_equal(r.uses_truncated, 1);
	free(s);

	s = repeat("${}", 100);
	assert_int_equal(run(s, &r), -1);
	assert_int_equal(r.errors.n, CL_INTERP_MAX_ERRORS);
	assert_int_equal(r.errors.v[CL_INTERP_MAX_ERRORS - 1].at.start.off, 3 * (CL_INTERP_MAX_ERRORS - 1));
	free(s);

	/* A word that never ends, after enough missing required variables to
	 * fill the list: those are dropped as noise, and the missing '}' must
	 * still be said (it once came out clean, rc 0) */
	char *req = repeat("${NOPE:?}", CL_INTERP_MAX_ERRORS);
	size_t n = strlen(req);
	s = malloc(n + 9);
	memcpy(s, "${X:-", 5);
	memcpy(s + 5, req, n);
	memcpy(s + 5 + n, "${", 3);
	assert_int_equal(run(s, &r), -1);
	assert_int_equal(r.errors.n, 1);
	assert_int_equal(r.errors.v[0].kind, CL_INTERP_ESYNTAX);
	assert_non_null(strstr(r.errors.v[0].msg, "missing '}'"));
	/* the same with a malformed expression that runs to the end */
	memcpy(s + 5 + n, "${{", 4);
	assert_int_equal(run(s, &r), -1);
	assert_int_equal(r.errors.n, 1);
	assert_int_equal(r.errors.v[0].kind, CL_INTERP_ESYNTAX);
	free(s);

	/* and a nesting limit hit with the list full is said all the same */
	char *deep = repeat("${A:-", CL_INTERP_MAX_DEPTH + 8);
	size_t dn = strlen(deep);
	s = malloc(5 + n + dn + 1);
	memcpy(s, "${X:-", 5);
	memcpy(s + 5, req, n);
	memcpy(s + 5 + n, deep, dn + 1);
	assert_int_equal(run(s, &r), -1);
	assert_int_equal(r.errors.n, 1);
	assert_int_equal(r.errors.v[0].kind, CL_INTERP_ELIMIT);
	free(deep);
	free(req);
	free(s);
}

/* Random strings over the interesting characters: never a crash, and the
 * invariants hold. */
static void test_garbage(void **state)
{
	(void)state;
	static const char alphabet[] = "${}:-?+$AB_1 \xC3\xA9{}$$";
	uint32_t x = 12345;
	char s[64];
	for (int iter = 0; iter < 20000; iter++) {
		size_t n = (size_t)(iter % 60);
		for (size_t i = 0; i < n; i++) {
			x = x * 1103515245u + 12345u;
			s[i] = alphabet[(x >> 16) % (sizeof alphabet - 1)];
		}
		s[n] = '\0';
		struct cl_interp r;
		int rc = cl_interpolate(A, s, n, &env, &r);
		assert_int_equal(rc, r.errors.n ? -1 : 0);
		assert_non_null(r.value);
		assert_int_equal(r.value[r.len], '\0');
		assert_true(r.errors.n <= CL_INTERP_MAX_ERRORS);
		for (uint32_t i = 0; i < r.errors.n; i++) {
			assert_true(r.errors.v[i].at.start.off < n);
			assert_true(r.errors.v[i].at.end.off <= n);
			assert_true(r.errors.v[i].at.start.off < r.errors.v[i].at.end.off);
			assert_int_equal(s[r.errors.v[i].at.start.off], '$');
			assert_non_null(r.errors.v[i].msg);
		}
		for (uint32_t i = 0; i < r.nuses; i++) {
			assert_true(r.uses[i].off < r.uses[i].end);
			assert_true(r.uses[i].end <= n);
		}
		if (!memchr(s, '$', n)) {
			assert_int_equal(rc, 0);
			assert_string_equal(r.value, s);
		}
	}
}

static int group_setup(void **state)
{
	(void)state;
	memset(big, 'b', sizeof big - 1);
	A = arena_new();
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	arena_free(A);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_dollar),
		cmocka_unit_test(test_simple_references),
		cmocka_unit_test(test_dollar_escape),
		cmocka_unit_test(test_lone_dollar),
		cmocka_unit_test(test_unset_plain),
		cmocka_unit_test(test_default_when_unset_or_empty),
		cmocka_unit_test(test_default_when_unset),
		cmocka_unit_test(test_alternative),
		cmocka_unit_test(test_required_present),
		cmocka_unit_test(test_required_missing),
		cmocka_unit_test(test_required_compose_example),
		cmocka_unit_test(test_nested),
		cmocka_unit_test(test_colons_and_braces_in_words),
		cmocka_unit_test(test_values_not_reinterpolated),
		cmocka_unit_test(test_unicode_around),
		cmocka_unit_test(test_uses),
		cmocka_unit_test(test_env_edge_cases),
		cmocka_unit_test(test_unterminated),
		cmocka_unit_test(test_empty_name),
		cmocka_unit_test(test_invalid_modifiers),
		cmocka_unit_test(test_several_errors),
		cmocka_unit_test(test_errors_in_untaken_branches),
		cmocka_unit_test(test_deep_nesting),
		cmocka_unit_test(test_huge_output),
		cmocka_unit_test(test_long_message_and_name),
		cmocka_unit_test(test_many_references_and_errors),
		cmocka_unit_test(test_garbage),
	};
	return cmocka_run_group_tests_name("interp", tests, group_setup, group_teardown);
}
