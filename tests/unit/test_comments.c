/*
 * test_comments.c - yaml_comments(): which '#' starts a comment, where it
 * is (line:col and byte offsets), its text and its own_line flag.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "base/arena.h"
#include "yaml/comments.h"
#include "yaml/load.h"

#include "helpers.h"

struct want {
	uint32_t line, col;
	const char *text;
	int own_line;
};

/* Load text (which must load cleanly) and check its comments against w[]. */
static void check_len(const char *text, size_t len, const struct want *w, uint32_t n)
{
	struct arena *a = arena_new();
	struct yload ld;
	t_yaml_load(a, 3, text, len, &ld);
	struct ycomment *c;
	uint32_t nc = yaml_comments(a, 3, text, len, ld.docs, ld.ndocs, &c);
	if (nc != n)
		for (uint32_t i = 0; i < nc; i++)
			print_error("comment %u:%u '%s' own=%d\n", c[i].at.start.line,
				    c[i].at.start.col, c[i].text, c[i].own_line);
	assert_int_equal(nc, n);
	for (uint32_t i = 0; i < n; i++) {
		assert_int_equal(c[i].at.file, 3);
		assert_int_equal(c[i].at.start.line, w[i].line);
		assert_int_equal(c[i].at.start.col, w[i].col);
		assert_string_equal(c[i].text, w[i].text);
		assert_int_equal(c[i].own_line, w[i].own_line);
		/* the span starts at the '#' and is on one line */
		assert_int_equal(text[c[i].at.start.off], '#');
		assert_int_equal(c[i].at.end.line, w[i].line);
		assert_true(c[i].at.end.off <= len);
		/* text_off points at the text in the buffer */
		assert_memory_equal(text + c[i].text_off, c[i].text, strlen(c[i].text));
		/* the byte offset and the position agree */
		struct cl_pos p = yaml_pos_at(text, len, c[i].at.start.off);
		assert_int_equal(p.line, w[i].line);
		assert_int_equal(p.col, w[i].col);
		p = yaml_pos_at(text, len, c[i].at.end.off);
		assert_int_equal(p.line, c[i].at.end.line);
		assert_int_equal(p.col, c[i].at.end.col);
	}
	arena_free(a);
}

static void check(const char *text, const struct want *w, uint32_t n)
{
	check_len(text, strlen(text), w, n);
}

#define N(w) ((uint32_t)(sizeof(w) / sizeof(w)[0]))

static void test_positions(void **state)
{
	(void)state;
	static const struct want w[] = {
		{ 1, 1, "top", 1 },
		{ 2, 6, "trailing", 0 },
		{ 3, 3, "indented own line", 1 },
		{ 4, 6, "tab before", 0 },
		{ 5, 1, "", 1 },
		{ 6, 8, "two  spaces inside", 0 },
	};
	check("#top\n"
	      "a: 1 # trailing\n"
	      "  # indented own line\n"
	      "b: 2\t#   tab before   \n"
	      "#\n"
	      "c: 3   #two  spaces inside\n", w, N(w));
}

static void test_quoted(void **state)
{
	(void)state;
	static const struct want w[] = {
		{ 1, 12, "real", 0 },
		{ 2, 12, "r", 0 },
		{ 3, 19, "after", 0 },
	};
	check("a: 'x # y' # real\n"
	      "b: \"p # q\" #r\n"
	      "c: echo \"# x\" 'y' #after\n", w, N(w));
}

static void test_multiline_double_quoted(void **state)
{
	(void)state;
	static const struct want w[] = {
		{ 3, 9, "after", 0 },
		{ 4, 1, "z", 1 },
	};
	check("a: \"first\n"
	      "  # not a comment\n"
	      "  last\" # after\n"
	      "# z\n", w, N(w));
}

static void test_block_scalars(void **state)
{
	(void)state;
	static const struct want w[] = {
		{ 1, 7, "header", 0 },
		{ 6, 1, "real", 1 },
		{ 7, 7, "folded header", 0 },
		{ 13, 1, "end", 1 },
	};
	check("a: |+ # header\n"
	      "  line1\n"
	      "  # not a comment\n"
	      "\n"
	      "\n"
	      "# real\n"
	      "b: >- #folded header\n"
	      "  x\n"
	      "   # y\n"
	      "  #z\n"
	      "  # still content: as indented as the first line\n"
	      "c: |\n"
	      "# end\n", w, N(w));
}

static void test_plain_with_hash(void **state)
{
	(void)state;
	static const struct want w[] = {
		{ 2, 20, "c", 0 },
		{ 3, 17, "d", 0 },
	};
	check("a: a#b\n"
	      "b: http://x/#frag  # c\n"
	      "c: [x#1, 'y#2'] # d\n"
	      "k#e: v#\n", w, N(w));
}

static void test_flow(void **state)
{
	(void)state;
	static const struct want w0[] = {
		{ 1, 8, "c", 0 },
	};
	check("{a: 1} # c\n", w0, N(w0));
	static const struct want w[] = {
		{ 1, 11, "c", 0 },
		{ 2, 14, "d", 0 },
		{ 3, 8, "inside", 0 },
		{ 4, 3, "own line inside", 1 },
		{ 6, 5, "e", 0 },
	};
	check("a: {b: 1} # c\n"
	      "d: [\"b#\", c] #d\n"
	      "e: [a, #inside\n"
	      "  # own line inside\n"
	      "  b\n"
	      "  ] # e\n", w, N(w));
}

static void test_anchor_alias(void **state)
{
	(void)state;
	static const struct want w[] = {
		{ 1, 9, "c", 0 },
		{ 2, 7, "d", 0 },
		{ 4, 13, "merge", 0 },
		{ 5, 5, "key", 0 },
	};
	check("a: &x 1 # c\n"
	      "b: *x # d\n"
	      "m: &m {k: v}\n"
	      "c: {<<: *m} #merge\n"
	      "? k #key\n"
	      ": v\n", w, N(w));
}

static void test_eof_without_newline(void **state)
{
	(void)state;
	static const struct want w[] = {
		{ 1, 6, "end", 0 },
	};
	check("a: 1 # end", w, N(w));
	static const struct want w2[] = {
		{ 2, 1, "last", 1 },
	};
	check("a: 1\n#last", w2, N(w2));
}

static void test_crlf(void **state)
{
	(void)state;
	static const struct want w[] = {
		{ 1, 6, "c", 0 },
		{ 2, 1, "d", 1 },
		{ 5, 1, "e", 1 },
		{ 6, 6, "f", 0 },
	};
	check("a: 1 # c\r\n"
	      "# d\r\n"
	      "b: |\r\n"
	      "  # not a comment\r\n"
	      "# e\r\n"
	      "c: 2 #f \r\n", w, N(w));
}

static void test_bom_and_utf8(void **state)
{
	(void)state;
	static const struct want w[] = {
		{ 1, 1, "bom", 1 },
		{ 2, 8, "\xC3\xA9t\xC3\xA9", 0 },
	};
	/* a BOM is not a column; é is one column */
	check("\xEF\xBB\xBF# bom\n"
	      "a: \xC3\xA9t\xC3\xA9 # \xC3\xA9t\xC3\xA9\n", w, N(w));
}

static void test_no_documents(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct ycomment *c;
	const char *text = "# only\n  # comments\n";
	uint32_t n = yaml_comments(a, 0, text, strlen(text), NULL, 0, &c);
	assert_int_equal(n, 2);
	assert_string_equal(c[0].text, "only");
	assert_string_equal(c[1].text, "comments");
	assert_int_equal(c[1].at.start.col, 3);
	n = yaml_comments(a, 0, "", 0, NULL, 0, &c);
	assert_int_equal(n, 0);
	arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_positions),
		cmocka_unit_test(test_quoted),
		cmocka_unit_test(test_multiline_double_quoted),
		cmocka_unit_test(test_block_scalars),
		cmocka_unit_test(test_plain_with_hash),
		cmocka_unit_test(test_flow),
		cmocka_unit_test(test_anchor_alias),
		cmocka_unit_test(test_eof_without_newline),
		cmocka_unit_test(test_crlf),
		cmocka_unit_test(test_bom_and_utf8),
		cmocka_unit_test(test_no_documents),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
