/*
 * test_base.c - the shared helpers of lint/base/: UTF-8 decoding and
 * validation (utf8.c), growable arrays (vec.c), the diagnostics sink
 * (diag.c), the accounting of allocations under a run-wide limit (arena.c).  UTF-8 is checked against every rule of RFC 3629 and, over
 * pseudo-random bytes, against the invariants the reporters rely on.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/diag.h"
#include "base/utf8.h"
#include "base/strbuf.h"
#include "base/vec.h"

/* ---- utf8 ----------------------------------------------------------------- */

static size_t dec(const char *s, size_t n, uint32_t *cp)
{
	return utf8_decode((const unsigned char *)s, n, cp);
}

static void test_utf8_decode_valid(void **state)
{
	(void)state;
	uint32_t cp = 0;
	assert_int_equal(dec("a", 1, &cp), 1);
	assert_int_equal(cp, 'a');
	assert_int_equal(dec("\0", 1, &cp), 1);  /* NUL is valid UTF-8 */
	assert_int_equal(cp, 0);
	assert_int_equal(dec("\xC2\x80", 2, &cp), 2);
	assert_int_equal(cp, 0x80);
	assert_int_equal(dec("\xDF\xBF", 2, &cp), 2);
	assert_int_equal(cp, 0x7FF);
	assert_int_equal(dec("\xE0\xA0\x80", 3, &cp), 3);
	assert_int_equal(cp, 0x800);
	assert_int_equal(dec("\xED\x9F\xBF", 3, &cp), 3);  /* just below the surrogates */
	assert_int_equal(cp, 0xD7FF);
	assert_int_equal(dec("\xEF\xBF\xBD", 3, &cp), 3);
	assert_int_equal(cp, 0xFFFD);
	assert_int_equal(dec("\xF0\x90\x80\x80", 4, &cp), 4);
	assert_int_equal(cp, 0x10000);
	assert_int_equal(dec("\xF4\x8F\xBF\xBF", 4, &cp), 4);
	assert_int_equal(cp, 0x10FFFF);
}

static void bad(const char *s, size_t n, enum utf8_error want, size_t want_off)
{
	uint32_t cp = 0x55;
	enum utf8_error err = UTF8_OK;
	size_t off = utf8_check((const unsigned char *)s, n, &err);
	if (off != want_off || err != want)
		print_error("input of %zu bytes: offset %zu error %d\n", n, off, (int)err);
	assert_int_equal(off, want_off);
	assert_int_equal(err, want);
	assert_int_equal(dec(s + off, n - off, &cp), 0);
	assert_int_equal(cp, 0x55);  /* untouched on failure */
}

static void test_utf8_invalid(void **state)
{
	(void)state;
	bad("\x80", 1, UTF8_BAD_BYTE, 0);          /* lone continuation */
	bad("ab\xFF", 3, UTF8_BAD_BYTE, 2);
	bad("\xF5\x80\x80\x80", 4, UTF8_BAD_BYTE, 0);  /* would be above U+10FFFF */
	bad("\xC0\xAF", 2, UTF8_OVERLONG, 0);     /* overlong '/' */
	bad("\xC1\xBF", 2, UTF8_OVERLONG, 0);
	bad("\xE0\x9F\xBF", 3, UTF8_OVERLONG, 0);
	bad("\xF0\x8F\xBF\xBF", 4, UTF8_OVERLONG, 0);
	bad("\xED\xA0\x80", 3, UTF8_BAD_CODEPOINT, 0); /* U+D800 */
	bad("\xED\xBF\xBF", 3, UTF8_BAD_CODEPOINT, 0); /* U+DFFF */
	bad("\xF4\x90\x80\x80", 4, UTF8_BAD_CODEPOINT, 0); /* U+110000 */
	bad("x\xE2\x82", 3, UTF8_TRUNCATED, 1);
	bad("\xE2" "a\xAC", 3, UTF8_BAD_SEQUENCE, 0);
	bad("\xE2\x82" "a", 3, UTF8_BAD_SEQUENCE, 0);
	bad("\xE2" "a", 2, UTF8_BAD_SEQUENCE, 0);  /* short and broken: broken wins */
	assert_string_equal(utf8_error_text(UTF8_OVERLONG), "overlong UTF-8 encoding");
	assert_int_equal(utf8_check((const unsigned char *)"h\xC3\xA9llo", 6, NULL), (size_t)-1);
	assert_int_equal(utf8_check(NULL, 0, NULL), (size_t)-1);
	/* text: a NUL counts too, and the first problem wins */
	enum utf8_error e = UTF8_OK;
	assert_int_equal(utf8_check_text((const unsigned char *)"ab\0c", 4, &e), 2);
	assert_int_equal(e, UTF8_NUL);
	assert_int_equal(utf8_check_text((const unsigned char *)"a\xFF\0", 3, &e), 1);
	assert_int_equal(e, UTF8_BAD_BYTE);
	assert_int_equal(utf8_check_text((const unsigned char *)"ok", 2, &e), (size_t)-1);
	assert_int_equal(utf8_check_text(NULL, 0, NULL), (size_t)-1);
}

static void test_utf8_encode_roundtrip(void **state)
{
	(void)state;
	static const uint32_t cps[] = { 0, 0x7F, 0x80, 0x7FF, 0x800, 0xD7FF, 0xE000,
					0xFFFF, 0x10000, 0x10FFFF };
	for (size_t i = 0; i < sizeof cps / sizeof *cps; i++) {
		char buf[4];
		uint32_t back = 0;
		size_t len = utf8_encode(cps[i], buf);
		assert_true(len >= 1 && len <= 4);
		assert_int_equal(dec(buf, len, &back), len);
		assert_int_equal(back, cps[i]);
	}
	char buf[4];
	assert_int_equal(utf8_encode(0xD800, buf), 0);
	assert_int_equal(utf8_encode(0x110000, buf), 0);
}

static void test_utf8_columns(void **state)
{
	(void)state;
	const unsigned char *s = (const unsigned char *)"k: {\xC3\xA9: 1, \xC3\xBC\xE2\x82\xAC: 2}";
	assert_int_equal(utf8_columns(s, 10), 9);  /* "k: {é: 1," */
	assert_int_equal(utf8_columns((const unsigned char *)"\t\xFF\xFE" "a", 4), 4);
	assert_int_equal(utf8_columns((const unsigned char *)"\xE2\x82", 2), 2);
	assert_int_equal(utf8_columns(NULL, 0), 0);
	/* a character's bytes: a valid sequence whole, an invalid byte alone */
	assert_int_equal(utf8_char_len((const unsigned char *)"a", 1), 1);
	assert_int_equal(utf8_char_len(s + 4, 3), 2);                                 /* é */
	assert_int_equal(utf8_char_len((const unsigned char *)"\xE2\x82\xAC", 3), 3); /* € */
	assert_int_equal(utf8_char_len((const unsigned char *)"\xE2\x82\xAC", 2), 1); /* cut */
	assert_int_equal(utf8_char_len((const unsigned char *)"\xED\xA0\x80", 3), 1); /* surrogate */
	assert_int_equal(utf8_char_len((const unsigned char *)"\x80", 1), 1);
	/* printable: controls and invalid bytes as \xNN, cut at a character */
	struct strbuf sb = STRBUF_INIT;
	utf8_add_printable(&sb, "a\tb\xFF\xC3\xA9\x7F", 7, 100);
	assert_string_equal(sb.buf, "a\\x09b\\xFF\xC3\xA9\\x7F");
	strbuf_reset(&sb);
	utf8_add_printable(&sb, "ab\xC3\xA9" "cd", 6, 3);  /* 'é' starts before the cut: whole */
	assert_string_equal(sb.buf, "ab\xC3\xA9...");
	strbuf_release(&sb);
	assert_true(utf8_is_control(0x1B));
	assert_true(utf8_is_control(0x7F));
	assert_true(utf8_is_control(0x9B));  /* C1 CSI */
	assert_false(utf8_is_control(0xA0));
	assert_false(utf8_is_control(' '));
}

/* Over random bytes: check and decode agree, the valid prefix decodes
 * completely, and columns never exceed bytes. */
static void test_utf8_random(void **state)
{
	(void)state;
	unsigned seed = 12345;
	unsigned char buf[64];
	for (int round = 0; round < 20000; round++) {
		size_t n = (size_t)(seed % sizeof buf);
		for (size_t i = 0; i < n; i++) {
			seed = seed * 1103515245u + 12345u;
			unsigned r = seed >> 16;
			/* bias toward bytes that form sequences */
			buf[i] = (unsigned char)(r % 3 == 0 ? 0x80 | (r & 0x3F) : r % 3 == 1 ? 0xC0 + (r & 0x3F) : r);
		}
		seed = seed * 1103515245u + 12345u;
		size_t stop = utf8_check(buf, n, NULL);
		size_t i = 0;
		while (i < n) {
			uint32_t cp;
			size_t len = utf8_decode(buf + i, n - i, &cp);
			if (!len)
				break;
			assert_true(cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF));
			char enc[4];
			assert_int_equal(utf8_encode(cp, enc), len);
			assert_memory_equal(enc, buf + i, len);
			i += len;
		}
		assert_int_equal(stop, i < n ? i : (size_t)-1);
		assert_true(utf8_columns(buf, n) <= n);
	}
}

/* ---- vec ------------------------------------------------------------------ */

struct item {
	int x;
	char pad[13];
};

static void test_vec_push(void **state)
{
	(void)state;
	struct item *v = NULL;
	uint32_t n = 0, cap = 0;
	for (int i = 0; i < 1000; i++) {
		struct item *it = VEC_PUSH(v, n, cap);
		assert_int_equal(it->x, 0);  /* zeroed */
		assert_int_equal(it->pad[12], 0);
		it->x = i;
		assert_true(cap >= n);
	}
	assert_int_equal(n, 1000);
	for (int i = 0; i < 1000; i++)
		assert_int_equal(v[i].x, i);
	free(v);

	size_t *w = NULL;
	size_t wn = 0, wcap = 0;
	for (size_t i = 0; i < 100; i++)
		*VEC_PUSH(w, wn, wcap) = i * 3;
	assert_int_equal(wn, 100);
	assert_int_equal(w[99], 297);
	free(w);
}

static void test_vec_arena(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	int *v = NULL;
	uint32_t n = 0, cap = 0;
	for (int i = 0; i < 500; i++)
		*ARENA_VEC_PUSH(a, v, n, cap) = i;
	for (int i = 0; i < 500; i++)
		assert_int_equal(v[i], i);
	/* doubling: the copies left behind sum to less than the final array */
	assert_true(arena_used(a) < 4 * cap * sizeof *v);
	arena_free(a);  /* no free(v): the arena owns it */
}

/* ---- diag ----------------------------------------------------------------- */

static struct cl_span span(uint32_t file, uint32_t line, uint32_t col, uint32_t off)
{
	struct cl_span s = { file, { off, line, col }, { off + 1, line, col + 1 } };
	return s;
}

static void test_diag_sink(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct cl_diags d;
	cl_diags_init(&d, a);
	struct cl_span s2 = span(0, 2, 3, 20), s1 = span(0, 1, 1, 0), s0 = span(1, 1, 1, 0);
	cl_diag_add(&d, 7, &s2, "second %s", "line");
	struct cl_diag *g = cl_diag_add(&d, 8, &s1, "duplicate key '%s'", "image");
	cl_diag_note(&d, g, &s2, "first defined here");
	cl_diag_note(&d, g, NULL, "no place");
	cl_diag_add(&d, 9, &s2, "same place, later");
	cl_diag_add(&d, 10, &s0, "other file");
	cl_diag_add(&d, 11, NULL, "whole file");
	assert_int_equal(d.n, 5);
	cl_diags_sort(&d);
	assert_string_equal(d.v[0].msg, "whole file");  /* file 0, offset 0, found last */
	assert_false(cl_span_valid(&d.v[0].at));
	assert_string_equal(d.v[1].msg, "duplicate key 'image'");
	assert_int_equal(d.v[1].kind, 8);
	assert_int_equal(d.v[1].nnotes, 2);
	assert_string_equal(d.v[1].notes[0].message, "first defined here");
	assert_int_equal(d.v[1].notes[0].at.start.line, 2);
	assert_false(cl_span_valid(&d.v[1].notes[1].at));
	assert_string_equal(d.v[2].msg, "second line");
	assert_string_equal(d.v[3].msg, "same place, later");
	assert_string_equal(d.v[4].msg, "other file");
	arena_free(a);
}

/* ---- memory accounting ---------------------------------------------------- */

static jmp_buf stopped_at;
static int stop_why = -1;

static void stop_here(enum mem_stop why)
{
	stop_why = (int)why;
	longjmp(stopped_at, 1);
}

/* Freed arenas give their blocks back: an arena per policy rule, made and
 * freed many times, does not add up towards the limit. */
static void test_mem_arena_given_back(void **state)
{
	(void)state;
	size_t before = mem_counted();
	for (int i = 0; i < 1000; i++) {
		struct arena *a = arena_new();
		arena_alloc(a, 100);
		arena_alloc(a, 200000);  /* a block of its own */
		assert_true(mem_counted() >= before + 200000);
		arena_free(a);
		assert_int_equal(mem_counted(), before);
	}
}

/* Heap buffers count while they are held: a file buffer read and given
 * back for each of many files does not add up to a false stop. */
static void test_mem_heap_given_back(void **state)
{
	(void)state;
	size_t before = mem_counted();
	for (int i = 0; i < 1000; i++) {
		char *buf = xmalloc(1000);
		buf = xrealloc(buf, 300000);  /* grown as a file is read */
		assert_true(mem_counted() >= before + 300000);
		buf = xrealloc(buf, 10);
		assert_true(mem_counted() < before + 300000);
		xfree(buf);
		assert_int_equal(mem_counted(), before);
	}
	xfree(NULL);
	assert_int_equal(mem_counted(), before);
}

/* The stop comes before the allocation that would pass the limit, once,
 * and disarms the limit so that the caller can go on allocating. */
static void test_mem_limit_stops_before(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	volatile int allocated = 0;
	stop_why = -1;
	mem_set_limit(mem_counted() + 1024 * 1024, stop_here);
	if (!setjmp(stopped_at)) {
		for (;;) {
			arena_alloc(a, 1000);
			allocated++;
		}
	}
	assert_int_equal(stop_why, MEM_STOP_MEMORY);
	assert_true(allocated > 500 && allocated < 1100);
	void *more = arena_alloc(a, 4 * 1024 * 1024);  /* disarmed */
	assert_non_null(more);
	arena_free(a);
}

static void test_mem_request_stop(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	stop_why = -1;
	mem_set_limit(0, stop_here);
	volatile int reached = 0;
	if (!setjmp(stopped_at)) {
		arena_alloc(a, 10);
		mem_request_stop();
		arena_alloc(a, 10);
		reached = 1;
	}
	assert_int_equal(stop_why, MEM_STOP_TIME);
	assert_int_equal(reached, 0);
	mem_disarm();
	arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8_decode_valid),
		cmocka_unit_test(test_utf8_invalid),
		cmocka_unit_test(test_utf8_encode_roundtrip),
		cmocka_unit_test(test_utf8_columns),
		cmocka_unit_test(test_utf8_random),
		cmocka_unit_test(test_vec_push),
		cmocka_unit_test(test_vec_arena),
		cmocka_unit_test(test_diag_sink),
		cmocka_unit_test(test_mem_arena_given_back),
		cmocka_unit_test(test_mem_heap_given_back),
		cmocka_unit_test(test_mem_limit_stops_before),
		cmocka_unit_test(test_mem_request_stop),
	};
	return cmocka_run_group_tests_name("base", tests, NULL, NULL);
}
