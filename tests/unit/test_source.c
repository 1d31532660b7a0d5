/*
 * test_source.c - the run's file table (lint/base/source.c): the lines
 * reporters quote, and what looking them up costs.  Reporters ask for the
 * line of every finding, so a lookup that read the file from its start
 * made text output quadratic in the number of one-line findings; the cost
 * is asserted through the table's count of examined bytes, which does not
 * depend on the machine.
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
#include "base/source.h"

static void expect_line(const struct cl_source *s, uint32_t n, const char *want)
{
	size_t len = 0;
	const char *got = cl_source_line(s, n, &len);
	assert_non_null(got);
	assert_int_equal(len, strlen(want));
	assert_memory_equal(got, want, len);
}

static void test_lines(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct cl_sources t = {0};
	/* entries are taken after each add: adding may move the table */
	uint32_t x = cl_sources_add(&t, a, "x.yml"), y = cl_sources_add(&t, a, "y.yml"),
		 unread = cl_sources_add(&t, a, "unread.yml");
	struct cl_source *s = &t.v[x];
	s->text = "a: 1\r\nbb: 2\n\nlast";
	s->len = strlen(s->text);
	size_t len;
	assert_null(cl_source_line(s, 0, &len));
	expect_line(s, 1, "a: 1");  /* the carriage return is not part of it */
	expect_line(s, 2, "bb: 2");
	expect_line(s, 3, "");
	expect_line(s, 4, "last");  /* no final newline */
	assert_null(cl_source_line(s, 5, &len));

	/* a final newline opens an empty last line, as editors count them */
	s = &t.v[y];
	s->text = "k: v\n";
	s->len = strlen(s->text);
	expect_line(s, 1, "k: v");
	expect_line(s, 2, "");
	assert_null(cl_source_line(s, 3, &len));

	/* an unread file has no lines, and no index is built for it */
	s = &t.v[unread];
	assert_null(cl_source_line(s, 1, &len));
	assert_null(s->line_start);
	cl_sources_release(&t);
	arena_free(a);
}

/* A file of n one-line services, each line looked up once in the order a
 * reporter would, and once more backwards (related notes point back). */
static size_t scanned_for(uint32_t n, size_t *file_len)
{
	struct arena *a = arena_new();
	struct cl_sources t = {0};
	uint32_t i = cl_sources_add(&t, a, "big.yml");
	struct cl_source *s = &t.v[i];
	char *text = xmalloc((size_t)n * 40 + 16);
	size_t len = (size_t)sprintf(text, "services:\n");
	for (i = 0; i < n; i++)
		len += (size_t)sprintf(text + len, "  s%u: {image: nginx}\n", i);
	s->text = text;
	s->len = len;
	char want[40];
	for (i = 0; i < n; i++) {
		snprintf(want, sizeof want, "  s%u: {image: nginx}", i);
		expect_line(s, i + 2, want);
	}
	for (i = n; i > 0; i--) {
		size_t l;
		assert_non_null(cl_source_line(s, i + 1, &l));
	}
	assert_int_equal(s->nlines, n + 2);
	size_t scanned = s->scanned;
	free(text);
	cl_sources_release(&t);
	arena_free(a);
	*file_len = len;
	return scanned;
}

static void test_lookup_cost_is_linear(void **state)
{
	(void)state;
	size_t len_small, len_big;
	size_t small = scanned_for(20000, &len_small);
	size_t big = scanned_for(80000, &len_big);
	/* all lookups together read the file a bounded number of times */
	assert_true(small <= 2 * len_small);
	assert_true(big <= 2 * len_big);
	/* four times the lines, four times the work (not sixteen) */
	assert_true(big * len_small <= 2 * small * len_big);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lines),
		cmocka_unit_test(test_lookup_cost_is_linear),
	};
	return cmocka_run_group_tests_name("source", tests, NULL, NULL);
}
