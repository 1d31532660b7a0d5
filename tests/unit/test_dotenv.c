/*
 * test_dotenv.c - cl_dotenv_parse(): compose's .env syntax (quotes, export,
 * comments, escapes, multi-line values, duplicates, interpolation against
 * earlier lines), problems with exact line:col, positions that agree with
 * yaml_pos_at(), and hostile files.
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
#include "compose/dotenv.h"
#include "yaml/load.h"

#define FILE_IX 7

static struct arena *A;

static void dump(const struct cl_dotenv *d)
{
	for (uint32_t i = 0; i < d->nvars; i++)
		print_error("var %s=%s%s%s (%u:%u-%u:%u)\n", d->vars[i].name,
			    d->vars[i].value ? "'" : "", d->vars[i].value ? d->vars[i].value : "(bare)",
			    d->vars[i].value ? "'" : "", d->vars[i].at.start.line,
			    d->vars[i].at.start.col, d->vars[i].at.end.line, d->vars[i].at.end.col);
	for (uint32_t i = 0; i < d->problems.n; i++)
		print_error("problem %u:%u %s\n", d->problems.v[i].at.start.line,
			    d->problems.v[i].at.start.col, d->problems.v[i].msg);
}

/* Every position agrees with yaml_pos_at(), spans are ordered and in the file.
 * yaml_pos_at() is linear, so big files are checked at their first and last
 * entries only. */
static void check_positions(const char *text, size_t len, const struct cl_dotenv *d)
{
	uint32_t total = d->nvars + d->problems.n;
	for (uint32_t i = 0; i < total; i++) {
		if (len > 64 * 1024 && i >= 20 && i + 20 < total)
			continue;
		const struct cl_span *sp[2];
		uint32_t nsp = 0;
		if (i < d->nvars) {
			sp[nsp++] = &d->vars[i].at;
			sp[nsp++] = &d->vars[i].value_at;
		} else {
			sp[nsp++] = &d->problems.v[i - d->nvars].at;
		}
		for (uint32_t k = 0; k < nsp; k++) {
			assert_int_equal(sp[k]->file, FILE_IX);
			assert_true(sp[k]->start.off <= sp[k]->end.off);
			assert_true(sp[k]->end.off <= len);
			struct cl_pos p = yaml_pos_at(text, len, sp[k]->start.off);
			assert_int_equal(p.line, sp[k]->start.line);
			assert_int_equal(p.col, sp[k]->start.col);
			p = yaml_pos_at(text, len, sp[k]->end.off);
			assert_int_equal(p.line, sp[k]->end.line);
			assert_int_equal(p.col, sp[k]->end.col);
		}
	}
}

static int parse_len(const char *text, size_t len, const struct cl_env *outer,
		     struct cl_dotenv *d)
{
	int rc = cl_dotenv_parse(A, FILE_IX, text, len, outer, d);
	assert_int_equal(rc, d->problems.n ? -1 : 0);
	check_positions(text, len, d);
	return rc;
}

static int parse(const char *text, struct cl_dotenv *d)
{
	return parse_len(text, strlen(text), NULL, d);
}

/* Variable i is name=value (value NULL: bare). */
static void var(const struct cl_dotenv *d, uint32_t i, const char *name, const char *value)
{
	if (i >= d->nvars)
		dump(d);
	assert_true(i < d->nvars);
	assert_string_equal(d->vars[i].name, name);
	if (!value) {
		assert_null(d->vars[i].value);
		return;
	}
	assert_non_null(d->vars[i].value);
	assert_string_equal(d->vars[i].value, value);
	assert_int_equal(d->vars[i].value_len, strlen(value));
}

/* The whole file parses cleanly into the given name/value pairs. */
static void clean(const char *text, const char *const *pairs, uint32_t n)
{
	struct cl_dotenv d;
	if (parse(text, &d) || d.nvars != n)
		dump(&d);
	assert_int_equal(d.problems.n, 0);
	assert_int_equal(d.nvars, n);
	for (uint32_t i = 0; i < n; i++)
		var(&d, i, pairs[2 * i], pairs[2 * i + 1]);
}

static void span_is(const struct cl_span *s, uint32_t l1, uint32_t c1, uint32_t l2, uint32_t c2)
{
	if (s->start.line != l1 || s->start.col != c1 || s->end.line != l2 || s->end.col != c2)
		print_error("span %u:%u-%u:%u, want %u:%u-%u:%u\n", s->start.line, s->start.col,
			    s->end.line, s->end.col, l1, c1, l2, c2);
	assert_int_equal(s->start.line, l1);
	assert_int_equal(s->start.col, c1);
	assert_int_equal(s->end.line, l2);
	assert_int_equal(s->end.col, c2);
}

/* Problem i is at line:col and its message contains msg. */
static void prob(const struct cl_dotenv *d, uint32_t i, uint32_t line, uint32_t col,
		 const char *msg)
{
	if (i >= d->problems.n || d->problems.v[i].at.start.line != line ||
	    d->problems.v[i].at.start.col != col || !strstr(d->problems.v[i].msg, msg))
		dump(d);
	assert_true(i < d->problems.n);
	assert_int_equal(d->problems.v[i].at.start.line, line);
	assert_int_equal(d->problems.v[i].at.start.col, col);
	assert_non_null(strstr(d->problems.v[i].msg, msg));
}

/* ---- syntax ------------------------------------------------------------- */

static void test_basic(void **state)
{
	(void)state;
	struct cl_dotenv d;
	assert_int_equal(parse("A=1\nB=two words\nC=foobar=\n", &d), 0);
	assert_int_equal(d.file, FILE_IX);
	assert_int_equal(d.nvars, 3);
	var(&d, 0, "A", "1");
	var(&d, 1, "B", "two words");
	var(&d, 2, "C", "foobar=");
	span_is(&d.vars[0].at, 1, 1, 1, 4);
	span_is(&d.vars[0].value_at, 1, 3, 1, 4);
	span_is(&d.vars[1].at, 2, 1, 2, 12);
	span_is(&d.vars[1].value_at, 2, 3, 2, 12);
	assert_int_equal(d.vars[1].quote, 0);
	assert_int_equal(d.vars[1].unknown, 0);
	/* no final newline */
	static const char *const p[] = { "K", "v" };
	clean("K=v", p, 1);
	/* empty file, only blanks */
	assert_int_equal(parse("", &d), 0);
	assert_int_equal(d.nvars, 0);
	assert_int_equal(parse(" \n\t\n\r\n\n", &d), 0);
	assert_int_equal(d.nvars, 0);
}

static void test_comments(void **state)
{
	(void)state;
	static const char *const p[] = {
		"A", "1", "B", "1# not a comment", "C", "1", "D", "bar", "E", "a\tb\t# tab",
		"F", "x", "G", "# x",
	};
	clean("# comment\n"
	      "\t # indented comment\n"
	      "A=1 # inline\n"
	      "B=1# not a comment\n"
	      "C=1 #\n"
	      "D=bar #this is foo\n"
	      "E=a\tb\t# tab\n"       /* a tab then '#' is not " #" */
	      "F=x  # two spaces\n"
	      "G= # x\n",  /* compose: the blanks after '=' go, then "# x" is the value */
	      p, 7);
}

static void test_export(void **state)
{
	(void)state;
	static const char *const p[] = {
		"A", "1", "B", "2", "C", "3", "exportD", "4", "export_E", "5", "export.F", "6",
		"G", NULL, "H", "export A",
	};
	clean("export A=1\n"
	      "export\tB=2\n"
	      "  export C=3\n"
	      "exportD=4\n"
	      "export_E =5\n"
	      "export.F= 6\n"
	      "export G\n"
	      "export H=\"export A\"\n",
	      p, 8);
	struct cl_dotenv d;
	parse("  export A=1\n", &d);
	span_is(&d.vars[0].at, 1, 3, 1, 13);  /* the statement starts at "export" */
	span_is(&d.vars[0].value_at, 1, 12, 1, 13);
}

static void test_separators_and_blanks(void **state)
{
	(void)state;
	static const char *const p[] = {
		"A", "1", "B", "2", "C", "1:B", "D", "Foo=bar", "E", "B=c", "F", "v",
		"G", "x", "H", "y", "I.J-K[0]", "dots",
	};
	clean("A = 1 \n"
	      "B: 2\n"
	      "C=1:B\n"
	      "D: Foo=bar\n"
	      "E:B=c\n"       /* the first ':' or '=' separates */
	      "   F=v\n"
	      "\tG =x\n"
	      "H  :   y   \n"
	      "I.J-K[0]=dots\n",
	      p, 9);
}

static void test_double_quotes(void **state)
{
	(void)state;
	static const char *const p[] = {
		"A", "a b", "B", "escaped\"bar", "C", "\"quoted\"", "D", "'d'",
		"E", "Z\aZ\bZ\fZ\nZ\rZ\tZ\vZ\\ZSZ", "F", "\\x07 \\u12e4 \\c \\q", "G", "bar\n\\ b\az",
		"H", "bar\\r\\ b\az", "I", "bar\nbaz\\", "J", "  padded  ", "K", "",
		"L", "\\0 \\012 \\0999 \\0777 \xC3\xA9", "M", "$notvar", "N", "ba#r",
	};
	clean("A=\"a b\"\n"
	      "B=\"escaped\\\"bar\"\n"
	      "C=\"\\\"quoted\\\"\"\n"
	      "D=\"'d'\"\n"
	      "E=\"Z\\aZ\\bZ\\fZ\\nZ\\rZ\\tZ\\vZ\\\\Z\\0123Z\"\n"
	      "F=\"\\x07 \\u12e4 \\c \\q\"\n"      /* not escapes: kept */
	      "G=\"bar\\n\\ b\\az\"\n"
	      "H=\"bar\\\\r\\ b\\az\"\n"
	      "I=\"bar\\nbaz\\\\\"\n"
	      "J=\"  padded  \"\n"
	      "K=\"\"\n"
	      "L=\"\\0 \\012 \\0999 \\0777 \\0351\"\n"  /* only \0 + 3 octal digits <= 255 */
	      "M=\"\\$notvar\"\n"
	      "N=\"ba#r\"\n",
	      p, 14);
	struct cl_dotenv d;
	parse("A = \"a b\" \n", &d);
	assert_int_equal(d.vars[0].quote, '"');
	span_is(&d.vars[0].at, 1, 1, 1, 11);
	span_is(&d.vars[0].value_at, 1, 6, 1, 9);  /* inside the quotes */
	/* \0000 puts a NUL inside: value_len says so */
	parse("A=\"x\\0000y\"\n", &d);
	assert_int_equal(d.vars[0].value_len, 3);
	assert_memory_equal(d.vars[0].value, "x\0y", 4);
}

static void test_single_quotes(void **state)
{
	(void)state;
	static const char *const p[] = {
		"A", "$OTHER", "B", "${OTHER}", "C", "Let's go!", "D", "some\\tvalue",
		"E", "a\\\\b", "F", "\\n", "G", "\"x\"", "H", "bar#baz", "I", "",
	};
	clean("A='$OTHER'\n"
	      "B='${OTHER}'\n"
	      "C='Let\\'s go!'\n"
	      "D='some\\tvalue'\n"
	      "E='a\\\\b'\n"
	      "export F='\\n'\n"
	      "G='\"x\"'\n"
	      "H='bar#baz' # comment\n"
	      "I=''\n",
	      p, 9);
	struct cl_dotenv d;
	parse("A='${X:?never}'\n", &d);  /* not interpolated: no error */
	assert_int_equal(d.problems.n, 0);
	assert_int_equal(d.vars[0].quote, '\'');
	assert_int_equal(d.vars[0].unknown, 0);
}

static void test_unquoted_backslashes(void **state)
{
	(void)state;
	static const char *const p[] = {
		"A", "some\\tvalue", "B", "a\\nb", "C", "it's", "D", "x\"y", "E", "C:\\dir\\",
	};
	clean("A=some\\tvalue\nB=a\\nb\nC=it's\nD=x\"y\nE=C:\\dir\\\n", p, 5);
}

static void test_inline_comments_after_quotes(void **state)
{
	(void)state;
	static const char *const p[] = {
		"A", "VAL # not a comment", "B", "VAL", "C", "bar#baz", "D", "bar#baz#bang", "E", "x",
	};
	clean("A=\"VAL # not a comment\"\n"
	      "B=\"VAL\" # comment\n"
	      "C=\"bar#baz\"#\n"
	      "D=\"bar#baz#bang\" # comment\n"
	      "E='x'   \t\n",
	      p, 5);
}

static void test_multiline(void **state)
{
	(void)state;
	struct cl_dotenv d;
	const char *t = "A=\"line1\nline2\"\n"
			"B='one\n  two\n'\n"
			"C=\"x\\\ny\"\n"  /* backslash-newline stays */
			"D=4\n";
	assert_int_equal(parse(t, &d), 0);
	assert_int_equal(d.nvars, 4);
	var(&d, 0, "A", "line1\nline2");
	var(&d, 1, "B", "one\n  two\n");
	var(&d, 2, "C", "x\\\ny");
	var(&d, 3, "D", "4");
	span_is(&d.vars[0].at, 1, 1, 2, 7);
	span_is(&d.vars[0].value_at, 1, 4, 2, 6);
	span_is(&d.vars[1].at, 3, 1, 5, 2);
	span_is(&d.vars[3].at, 8, 1, 8, 4);
	/* a '#' line inside a quoted value is part of the value */
	parse("A=\"x\n# not a comment\ny\"\nB=1\n", &d);
	assert_int_equal(d.problems.n, 0);
	var(&d, 0, "A", "x\n# not a comment\ny");
	var(&d, 1, "B", "1");
	/* and a "KEY=" inside one is not a statement */
	parse("A='\nB=2\n'\n", &d);
	assert_int_equal(d.nvars, 1);
	var(&d, 0, "A", "\nB=2\n");
}

static void test_empty_and_bare(void **state)
{
	(void)state;
	struct cl_dotenv d;
	assert_int_equal(parse("A=\nB\nC=\"\"\nD=''\nE=   \nF\r\n  G  \n", &d), 0);
	assert_int_equal(d.nvars, 7);
	var(&d, 0, "A", "");
	var(&d, 1, "B", NULL);
	var(&d, 2, "C", "");
	var(&d, 3, "D", "");
	var(&d, 4, "E", "");
	var(&d, 5, "F", NULL);
	var(&d, 6, "G", NULL);
	span_is(&d.vars[1].at, 2, 1, 2, 2);
	span_is(&d.vars[1].value_at, 2, 2, 2, 2);
	span_is(&d.vars[0].value_at, 1, 3, 1, 3);
	span_is(&d.vars[6].at, 7, 3, 7, 6);
	/* a bare name at the end of the file */
	parse("A=1\nLAST", &d);
	assert_int_equal(d.nvars, 2);
	var(&d, 1, "LAST", NULL);

	struct cl_env env;
	cl_dotenv_env(&d, &env);
	parse("A=\nB\nC=x\n", &d);
	struct cl_env_value v;
	memset(&v, 0, sizeof v);
	env.lookup(&env, "A", 1, &v);
	assert_int_equal(v.state, CL_ENV_EMPTY);
	memset(&v, 0, sizeof v);
	env.lookup(&env, "B", 1, &v);
	assert_int_equal(v.state, CL_ENV_UNSET);
	memset(&v, 0, sizeof v);
	env.lookup(&env, "C", 1, &v);
	assert_int_equal(v.state, CL_ENV_SET);
	assert_int_equal(v.len, 1);
	assert_memory_equal(v.value, "x", 1);
	assert_int_equal(v.at.start.line, 3);
	assert_int_equal(v.at.file, FILE_IX);
	memset(&v, 0, sizeof v);
	env.lookup(&env, "NOPE", 4, &v);
	assert_int_equal(v.state, CL_ENV_UNSET);
}

static void test_duplicates(void **state)
{
	(void)state;
	struct cl_dotenv d;
	assert_int_equal(parse("A=1\nA=2\nA\nB\nB=3\nC\nC\nA.B=x\n", &d), 0);
	assert_int_equal(d.nvars, 8);  /* all kept */
	const struct cl_envvar *v = cl_dotenv_find(&d, "A", 1);
	assert_non_null(v);
	assert_string_equal(v->value, "2");  /* a bare line does not undo a value */
	assert_int_equal(v->at.start.line, 2);
	v = cl_dotenv_find(&d, "B", 1);
	assert_string_equal(v->value, "3");
	v = cl_dotenv_find(&d, "C", 1);
	assert_non_null(v);
	assert_null(v->value);
	assert_int_equal(v->at.start.line, 7);  /* the last bare one */
	assert_null(cl_dotenv_find(&d, "D", 1));
	assert_null(cl_dotenv_find(&d, "AB", 2));
	assert_non_null(cl_dotenv_find(&d, "A.B", 3));
	assert_string_equal(cl_dotenv_find(&d, "A.Bxyz", 3)->value, "x");  /* by length */
	assert_null(cl_dotenv_find(&d, "A\0B", 3));  /* a NUL in the query: no match */

	/* many names: the index grows */
	char buf[16];
	size_t cap = 20000 * 16, n = 0;
	char *t = malloc(cap);
	for (int i = 0; i < 20000; i++)
		n += (size_t)sprintf(t + n, "V%d=%d\n", i % 5000, i);
	assert_int_equal(parse_len(t, n, NULL, &d), 0);
	assert_int_equal(d.nvars, 20000);
	for (int i = 0; i < 5000; i += 499) {
		int k = sprintf(buf, "V%d", i);
		v = cl_dotenv_find(&d, buf, (size_t)k);
		assert_non_null(v);
		assert_int_equal(atoi(v->value), 15000 + i);
	}
	free(t);

	struct cl_dotenv empty;
	parse("", &empty);
	assert_null(cl_dotenv_find(&empty, "A", 1));
	assert_null(cl_dotenv_find(NULL, "A", 1));
}

/* ---- interpolation inside the file -------------------------------------- */

static void test_expansion(void **state)
{
	(void)state;
	struct cl_dotenv d;
	assert_int_equal(parse("A=1\n"
			       "B=${A}2\n"
			       "A=${A}${A}\n"
			       "C=\"$A-$B\"\n"
			       "D='$A'\n"
			       "E=$$A\n"
			       "F=\"\\$A \\${A}\"\n"
			       "G=${Z:-def}\n"
			       "H=${EMPTY-unset}|${A:+alt}\n"
			       "EMPTY=\n"
			       "I=${EMPTY:-d}|${EMPTY-x}|${B+b}\n"
			       "J=\"${A:-{\\\"k\\\":1\\}}\"\n"
			       "K=a${A}b # comment\n",
			       &d), 0);
	var(&d, 0, "A", "1");
	var(&d, 1, "B", "12");
	var(&d, 2, "A", "11");
	var(&d, 3, "C", "11-12");
	var(&d, 4, "D", "$A");
	var(&d, 5, "E", "$A");
	var(&d, 6, "F", "$A ${A}");
	var(&d, 7, "G", "def");
	var(&d, 8, "H", "unset|alt");
	var(&d, 10, "I", "d||b");
	var(&d, 11, "J", "11");
	var(&d, 12, "K", "a11b");
	for (uint32_t i = 0; i < d.nvars; i++)
		assert_int_equal(d.vars[i].unknown, 0);
}

static void test_expansion_order(void **state)
{
	(void)state;
	struct cl_dotenv d;
	/* a value never sees itself or later lines */
	parse("A=${A}x\nB=$C\nC=1\nD=$C\n", &d);
	var(&d, 0, "A", "x");
	assert_int_equal(d.vars[0].unknown, 1);
	var(&d, 1, "B", "");
	assert_int_equal(d.vars[1].unknown, 1);
	var(&d, 3, "D", "1");
	assert_int_equal(d.vars[3].unknown, 0);
	/* a bare line is not a value for later lines */
	parse("A\nB=${A-unset}\n", &d);
	var(&d, 1, "B", "unset");
	/* but it does not hide an earlier one */
	parse("A=1\nA\nB=$A\n", &d);
	var(&d, 2, "B", "1");
}

struct kv {
	const char *name, *value;
};

static void outer_lookup(const struct cl_env *env, const char *name, size_t len,
			 struct cl_env_value *out)
{
	for (const struct kv *t = env->ctx; t->name; t++)
		if (strlen(t->name) == len && !memcmp(t->name, name, len)) {
			out->state = *t->value ? CL_ENV_SET : CL_ENV_EMPTY;
			out->value = t->value;
			out->len = strlen(t->value);
			return;
		}
}

static void test_outer_environment(void **state)
{
	(void)state;
	static const struct kv proc[] = { { "A", "outer" }, { "E", "" }, { NULL, NULL } };
	const struct cl_env outer = { outer_lookup, proc };
	struct cl_dotenv d;
	const char *t = "A=1\nB=$A\nC=${E-x}\nF=2\nG=$F\n";
	assert_int_equal(parse_len(t, strlen(t), &outer, &d), 0);
	var(&d, 0, "A", "1");       /* the file's own value is kept ... */
	var(&d, 1, "B", "outer");   /* ... but lookups ask the process first, as compose */
	var(&d, 2, "C", "");        /* set but empty in the process */
	var(&d, 4, "G", "2");       /* not in the process: the file */
}

static void test_expansion_errors(void **state)
{
	(void)state;
	struct cl_dotenv d;
	assert_int_equal(parse("A=${X:?need X}\n"
			       "B=${\n"
			       "C=\"\\t\\t${}\"\n"
			       "D=ok ${V:x} $A\n"
			       "E=\"\xC3\xA9\\n${Y?y}\"\n",
			       &d), -1);
	assert_int_equal(d.problems.n, 5);
	prob(&d, 0, 1, 3, "required variable X is missing a value: need X");
	span_is(&d.problems.v[0].at, 1, 3, 1, 15);
	prob(&d, 1, 2, 3, "unterminated interpolation '${'");
	prob(&d, 2, 3, 8, "empty variable name");  /* columns count the escapes as written */
	span_is(&d.problems.v[2].at, 3, 8, 3, 11);
	prob(&d, 3, 4, 6, "invalid interpolation '${V:x'");
	prob(&d, 4, 5, 7, "required variable Y");
	span_is(&d.problems.v[4].at, 5, 7, 5, 13);
	/* the variables stay, marked unknown */
	assert_int_equal(d.nvars, 5);
	var(&d, 0, "A", "");
	assert_int_equal(d.vars[0].unknown, 1);
	var(&d, 3, "D", "ok  ");
	assert_int_equal(d.vars[3].unknown, 1);
}

/* ---- problems ------------------------------------------------------------- */

static void test_bad_names(void **state)
{
	(void)state;
	struct cl_dotenv d;
	assert_int_equal(parse("lol$wut\n"
			       "A=1\n"
			       "  FOO BAR=x\n"
			       "=value\n"
			       "B=2\n"
			       "my$var=\"multi\nline\"\n"
			       "C=3\n"
			       "\xC3\xA9t\xC3\xA9=utf8\n"
			       "K\"=q\n"
			       "export\n"
			       "export   \n"
			       "D : 4\n",
			       &d), -1);
	assert_int_equal(d.problems.n, 7);
	prob(&d, 0, 1, 4, "unexpected character '$' in variable name 'lol$wut'");
	span_is(&d.problems.v[0].at, 1, 4, 1, 5);
	prob(&d, 1, 3, 3, "variable name 'FOO BAR' cannot contain a space");
	span_is(&d.problems.v[1].at, 3, 3, 3, 10);
	prob(&d, 2, 4, 1, "missing variable name before '='");
	prob(&d, 3, 6, 3, "unexpected character '$' in variable name 'my$var'");
	prob(&d, 4, 10, 2, "unexpected character '\"' in variable name 'K\"'");
	prob(&d, 5, 11, 1, "'export' without a variable name");
	prob(&d, 6, 12, 1, "'export' without a variable name");
	/* the good lines around them, including after a skipped multi-line value */
	assert_int_equal(d.nvars, 5);
	var(&d, 0, "A", "1");
	var(&d, 1, "B", "2");
	var(&d, 2, "C", "3");
	var(&d, 3, "\xC3\xA9t\xC3\xA9", "utf8");  /* compose takes Unicode letters */
	var(&d, 4, "D", "4");
	assert_int_equal(d.vars[2].at.start.line, 8);
}

static void test_unterminated_quotes(void **state)
{
	(void)state;
	static const char *const cases[] = {
		"KEY=\"", "KEY=\"value", "KEY=\"value\\\"", "KEY=\"value'",
		"KEY='", "KEY='value", "KEY='value\\'", "KEY='value\"", "KEY=\"x\\",
	};
	struct cl_dotenv d;
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		assert_int_equal(parse(cases[i], &d), -1);
		assert_int_equal(d.nvars, 0);
		assert_int_equal(d.problems.n, 1);
		prob(&d, 0, 1, 5, "unterminated");
		assert_non_null(strstr(d.problems.v[0].msg, cases[i][4] == '"' ? "double" : "single"));
	}
	/* parsing goes on at the next line */
	assert_int_equal(parse("A=1\nB=\"abc\nC=2\n", &d), -1);
	prob(&d, 0, 2, 3, "unterminated double-quoted value: missing closing '\"'");
	span_is(&d.problems.v[0].at, 2, 3, 2, 7);
	assert_int_equal(d.nvars, 2);
	var(&d, 0, "A", "1");
	var(&d, 1, "C", "2");
}

static void test_text_after_quote(void **state)
{
	(void)state;
	struct cl_dotenv d;
	assert_int_equal(parse("A=\"x\" junk\nB='y'z\nC=3\n", &d), -1);
	assert_int_equal(d.problems.n, 2);
	prob(&d, 0, 1, 7, "unexpected text after the closing quote: 'junk'");
	span_is(&d.problems.v[0].at, 1, 7, 1, 11);
	prob(&d, 1, 2, 6, "'z'");
	assert_int_equal(d.nvars, 3);  /* the variables are kept */
	var(&d, 0, "A", "x");
	var(&d, 1, "B", "y");
	var(&d, 2, "C", "3");
	span_is(&d.vars[0].at, 1, 1, 1, 11);
}

static void test_crlf_and_bom(void **state)
{
	(void)state;
	struct cl_dotenv d;
	const char *t = "A=1\r\nB=\"x\"\r\nC\r\n# c\r\nD=two words  \r\n";
	assert_int_equal(parse(t, &d), 0);
	assert_int_equal(d.nvars, 4);
	var(&d, 0, "A", "1");
	var(&d, 1, "B", "x");
	var(&d, 2, "C", NULL);
	var(&d, 3, "D", "two words");
	span_is(&d.vars[0].at, 1, 1, 1, 4);   /* without the '\r' */
	span_is(&d.vars[1].at, 2, 1, 2, 6);
	span_is(&d.vars[3].at, 5, 1, 5, 14);

	t = "\xEF\xBB\xBF" "A=1\nB=2\n";
	assert_int_equal(parse(t, &d), 0);
	var(&d, 0, "A", "1");
	span_is(&d.vars[0].at, 1, 1, 1, 4);   /* the BOM is not a column */
	assert_int_equal(d.vars[0].at.start.off, 3);

	/* nor where a file is refused for its encoding */
	t = "\xEF\xBB\xBF" "A=\xFF\n";
	assert_int_equal(parse(t, &d), -1);
	assert_int_equal(d.problems.n, 1);
	assert_int_equal(d.problems.v[0].kind, CL_ENV_ENCODING);
	span_is(&d.problems.v[0].at, 1, 3, 1, 4);
}

static void test_positions_with_utf8(void **state)
{
	(void)state;
	struct cl_dotenv d;
	const char *t = "\xC3\xA9=\"\xE2\x9C\x93\n\xF0\x9F\x90\xB3\" # c\n"
			"X=\xE2\x9C\x93 $ \xE2\x9C\x93 ${}\n";
	assert_int_equal(parse(t, &d), -1);
	var(&d, 0, "\xC3\xA9", "\xE2\x9C\x93\n\xF0\x9F\x90\xB3");
	span_is(&d.vars[0].at, 1, 1, 2, 7);
	span_is(&d.vars[0].value_at, 1, 4, 2, 2);
	prob(&d, 0, 3, 9, "empty variable name");
	span_is(&d.problems.v[0].at, 3, 9, 3, 12);
}

/* ---- hostile files -------------------------------------------------------- */

static void test_too_many_problems(void **state)
{
	(void)state;
	struct cl_dotenv d;
	char *t = malloc(1000 * 4 + 1);
	for (int i = 0; i < 1000; i++)
		memcpy(t + 4 * i, "!!!\n", 4);
	t[4000] = '\0';
	assert_int_equal(parse(t, &d), -1);
	assert_int_equal(d.problems.n, CL_DOTENV_MAX_PROBLEMS + 1);
	prob(&d, CL_DOTENV_MAX_PROBLEMS, CL_DOTENV_MAX_PROBLEMS + 1, 1, "too many problems");
	free(t);
}

static void test_too_many_variables(void **state)
{
	(void)state;
	struct cl_dotenv d;
	size_t lines = CL_DOTENV_MAX_VARS + 50;
	char *t = malloc(lines * 4 + 1);
	for (size_t i = 0; i < lines; i++)
		memcpy(t + 4 * i, "A=1\n", 4);
	size_t before = arena_used(A);
	assert_int_equal(parse_len(t, lines * 4, NULL, &d), -1);
	assert_int_equal(d.nvars, CL_DOTENV_MAX_VARS);
	assert_int_equal(d.problems.n, 1);
	prob(&d, 0, CL_DOTENV_MAX_VARS + 1, 1, "more than 100000 variables");
	assert_true(arena_used(A) - before < 64u * 1024 * 1024);
	free(t);
}

static void test_expansion_budget(void **state)
{
	(void)state;
	/* A is 64 KiB, every later line makes 1 MiB of it: the file's budget
	 * stops interpolation, memory stays bounded */
	size_t lines = 100, unit = 64 * 1024;
	char *refs = malloc(16 * 4 + 1);
	for (int i = 0; i < 16; i++)
		memcpy(refs + 4 * i, "${A}", 4);
	refs[64] = '\0';
	size_t cap = unit + 16 + lines * 80;
	char *t = malloc(cap), *q = t;
	q += sprintf(q, "A=");
	memset(q, 'a', unit);
	q += unit;
	*q++ = '\n';
	for (size_t i = 0; i < lines; i++)
		q += sprintf(q, "B%zu=%s\n", i, refs);
	struct cl_dotenv d;
	size_t before = arena_used(A);
	assert_int_equal(parse_len(t, (size_t)(q - t), NULL, &d), -1);
	assert_int_equal(d.nvars, lines + 1);
	assert_int_equal(d.problems.n, 1);
	assert_non_null(strstr(d.problems.v[0].msg, "exceed"));
	assert_int_equal(d.problems.v[0].at.start.line, 17);  /* 16 MiB after 16 lines */
	assert_int_equal(d.vars[16].value_len, 1024 * 1024);
	var(&d, 17, "B16", refs);  /* later values as written */
	assert_int_equal(d.vars[17].unknown, 1);
	assert_true(arena_used(A) - before < 24u * 1024 * 1024);
	free(t);
	free(refs);

	/* one value past 1 MiB: an interpolation limit problem */
	t = malloc(unit + 200);
	q = t;
	q += sprintf(q, "A=");
	memset(q, 'a', unit);
	q += unit;
	q += sprintf(q, "\nB=\"%s%s-\"\n", "${A}${A}${A}${A}${A}${A}${A}${A}",
		     "${A}${A}${A}${A}${A}${A}${A}${A}${A}");
	assert_int_equal(parse_len(t, (size_t)(q - t), NULL, &d), -1);
	prob(&d, 0, 2, 4 + 16 * 4, "larger than");  /* the ${A} that crossed it */
	var(&d, 1, "B", "");
	assert_int_equal(d.vars[1].unknown, 1);
	free(t);
}

static void test_garbage(void **state)
{
	(void)state;
	static const char alphabet[] = "AB=:\"'\\#$ {}\n\nexport \t\r\xC3\xA9-0";
	uint32_t x = 777;
	char t[128];
	for (int iter = 0; iter < 20000; iter++) {
		size_t n = (size_t)(iter % 120);
		for (size_t i = 0; i < n; i++) {
			x = x * 1103515245u + 12345u;
			t[i] = alphabet[(x >> 16) % (sizeof alphabet - 1)];
		}
		t[n] = '\0';
		struct cl_dotenv d;
		parse_len(t, n, NULL, &d);
		assert_true(d.problems.n <= CL_DOTENV_MAX_PROBLEMS + 1);
		for (uint32_t i = 0; i < d.nvars; i++) {
			assert_non_null(d.vars[i].name);
			assert_true(d.vars[i].name[0] != '\0');
			if (d.vars[i].value)
				assert_int_equal(d.vars[i].value[d.vars[i].value_len], '\0');
			assert_non_null(cl_dotenv_find(&d, d.vars[i].name, strlen(d.vars[i].name)));
		}
		for (uint32_t i = 0; i < d.problems.n; i++)
			assert_non_null(d.problems.v[i].msg);
	}
	/* binary junk, NUL bytes included */
	for (int iter = 0; iter < 2000; iter++) {
		size_t n = (size_t)(iter % 128);
		for (size_t i = 0; i < n; i++) {
			x = x * 1103515245u + 12345u;
			t[i] = (char)(x >> 16);
		}
		struct cl_dotenv d;
		parse_len(t, n, NULL, &d);
	}
	struct cl_dotenv d;
	assert_int_equal(cl_dotenv_parse(A, FILE_IX, NULL, 10, NULL, &d), 0);
	assert_int_equal(d.nvars, 0);
}

static int group_setup(void **state)
{
	(void)state;
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
		cmocka_unit_test(test_basic),
		cmocka_unit_test(test_comments),
		cmocka_unit_test(test_export),
		cmocka_unit_test(test_separators_and_blanks),
		cmocka_unit_test(test_double_quotes),
		cmocka_unit_test(test_single_quotes),
		cmocka_unit_test(test_unquoted_backslashes),
		cmocka_unit_test(test_inline_comments_after_quotes),
		cmocka_unit_test(test_multiline),
		cmocka_unit_test(test_empty_and_bare),
		cmocka_unit_test(test_duplicates),
		cmocka_unit_test(test_expansion),
		cmocka_unit_test(test_expansion_order),
		cmocka_unit_test(test_outer_environment),
		cmocka_unit_test(test_expansion_errors),
		cmocka_unit_test(test_bad_names),
		cmocka_unit_test(test_unterminated_quotes),
		cmocka_unit_test(test_text_after_quote),
		cmocka_unit_test(test_crlf_and_bom),
		cmocka_unit_test(test_positions_with_utf8),
		cmocka_unit_test(test_too_many_problems),
		cmocka_unit_test(test_too_many_variables),
		cmocka_unit_test(test_expansion_budget),
		cmocka_unit_test(test_garbage),
	};
	return cmocka_run_group_tests_name("dotenv", tests, group_setup, group_teardown);
}
