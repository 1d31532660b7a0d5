/*
 * test_escape.c - output-syntax escaping (lint/report/escape.c): JSON
 * strings, XML text and attributes, GitHub workflow commands.  Exact
 * outputs for the characters each syntax cares about, invalid UTF-8 in
 * every form, and invariants over many pseudo-random byte strings.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "base/strbuf.h"
#include "report/escape.h"

#define FFFD "\xEF\xBF\xBD"

typedef void esc_fn(struct strbuf *sb, const char *s);

static void check(esc_fn *fn, const char *in, const char *want)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_addstr(&sb, "<");  /* escaping appends: keep what was there */
	fn(&sb, in);
	assert_int_equal(sb.len, strlen(sb.buf));
	assert_true(sb.buf[0] == '<');
	assert_string_equal(sb.buf + 1, want);
	strbuf_release(&sb);
}

/* ---- invalid UTF-8, the same in every escaper ------------------------------ */

static const struct {
	const char *in, *want;
} invalid[] = {
	{ "\x80", FFFD },                          /* lone continuation byte */
	{ "a\xBF" "b", "a" FFFD "b" },
	{ "\xFF", FFFD },                          /* never in UTF-8 */
	{ "\xFE\xFF", FFFD FFFD },
	{ "\xC0\xAF", FFFD FFFD },                 /* overlong '/' */
	{ "\xC1\xBF", FFFD FFFD },
	{ "\xE0\x80\xAF", FFFD FFFD FFFD },        /* overlong, 3 bytes */
	{ "\xF0\x80\x80\xAF", FFFD FFFD FFFD FFFD },/* overlong, 4 bytes */
	{ "\xED\xA0\x80", FFFD FFFD FFFD },        /* surrogate U+D800 */
	{ "\xED\xBF\xBF", FFFD FFFD FFFD },        /* surrogate U+DFFF */
	{ "\xF4\x90\x80\x80", FFFD FFFD FFFD FFFD },/* above U+10FFFF */
	{ "\xF5\x80\x80\x80", FFFD FFFD FFFD FFFD },
	{ "\xE2\x82", FFFD FFFD },                 /* cut short at the end */
	{ "\xE2\x82x", FFFD FFFD "x" },            /* cut short by an ASCII byte */
	{ "\xF0\x9F\x98", FFFD FFFD FFFD },
	{ "\xC3", FFFD },
};

static void test_invalid_utf8(void **state)
{
	(void)state;
	esc_fn *fns[] = { esc_json, esc_xml, esc_github_data, esc_github_prop };
	for (size_t f = 0; f < sizeof fns / sizeof *fns; f++)
		for (size_t i = 0; i < sizeof invalid / sizeof *invalid; i++)
			check(fns[f], invalid[i].in, invalid[i].want);
}

/* Valid UTF-8 at every length and at the edges passes through untouched. */
static void test_valid_utf8(void **state)
{
	(void)state;
	static const char *const ok[] = {
		"caf\xC3\xA9",                 /* é, 2 bytes */
		"\xC2\xA0",                    /* U+00A0, the first after the C1 controls */
		"\xDF\xBF",                    /* U+07FF */
		"\xE0\xA0\x80",                /* U+0800, smallest 3-byte */
		"\xE2\x82\xAC",                /* € */
		"\xED\x9F\xBF",                /* U+D7FF, below the surrogates */
		"\xEE\x80\x80",                /* U+E000, above them */
		"\xEF\xBF\xBD",                /* U+FFFD itself */
		"\xF0\x90\x80\x80",            /* U+10000, smallest 4-byte */
		"\xF0\x9F\x98\x80",            /* 😀 */
		"\xF4\x8F\xBF\xBF",            /* U+10FFFF, the last */
	};
	esc_fn *fns[] = { esc_json, esc_xml, esc_github_data, esc_github_prop };
	for (size_t f = 0; f < sizeof fns / sizeof *fns; f++)
		for (size_t i = 0; i < sizeof ok / sizeof *ok; i++)
			check(fns[f], ok[i], ok[i]);
}

/* ---- JSON ------------------------------------------------------------------ */

static void test_json(void **state)
{
	(void)state;
	check(esc_json, "", "");
	check(esc_json, "plain text: 1, 2", "plain text: 1, 2");
	check(esc_json, "say \"hi\"", "say \\\"hi\\\"");
	check(esc_json, "C:\\path\\", "C:\\\\path\\\\");
	check(esc_json, "a\nb\tc\rd", "a\\nb\\tc\\rd");
	check(esc_json, "\x01\x1B[31m\x1F", "\\u0001\\u001B[31m\\u001F");
	check(esc_json, "\x08\x0C", "\\u0008\\u000C");
	check(esc_json, "del\x7F", "del\\u007F");
	/* C1 controls: U+009B is CSI, an escape sequence without ESC */
	check(esc_json, "\xC2\x80\xC2\x9B" "31m\xC2\x9F\xC2\xA0", "\\u0080\\u009B31m\\u009F\xC2\xA0");
	/* valid JSON, but they end a JavaScript string literal */
	check(esc_json, "\xE2\x80\xA8|\xE2\x80\xA9", "\\u2028|\\u2029");
	check(esc_json, "</script>&'", "</script>&'");
	check(esc_json, "]]>", "]]>");
}

/* ---- XML ------------------------------------------------------------------- */

static void test_xml(void **state)
{
	(void)state;
	check(esc_xml, "", "");
	check(esc_xml, "plain", "plain");
	check(esc_xml, "a & b < c > d", "a &amp; b &lt; c &gt; d");
	check(esc_xml, "\"double\" 'single'", "&quot;double&quot; &apos;single&apos;");
	check(esc_xml, "&amp;", "&amp;amp;");          /* no double meaning */
	check(esc_xml, "<![CDATA[x]]>", "&lt;![CDATA[x]]&gt;");
	check(esc_xml, "]]>", "]]&gt;");
	/* whitespace kept through attribute-value normalization */
	check(esc_xml, "a\tb\nc\rd", "a&#9;b&#10;c&#13;d");
	/* C0 controls XML 1.0 forbids, even as character references */
	check(esc_xml, "\x01\x08\x0B\x0C\x1B\x1F", FFFD FFFD FFFD FFFD FFFD FFFD);
	check(esc_xml, "\x1B[31mred", FFFD "[31mred");
	/* U+FFFE and U+FFFF are not XML characters */
	check(esc_xml, "\xEF\xBF\xBE|\xEF\xBF\xBF", FFFD "|" FFFD);
	/* DEL and C1 controls are XML 1.0 characters */
	check(esc_xml, "\x7F\xC2\x85", "\x7F\xC2\x85");
	check(esc_xml, "\xE2\x80\xA8", "\xE2\x80\xA8");
}

/* ---- GitHub workflow commands ---------------------------------------------- */

static void test_github(void **state)
{
	(void)state;
	check(esc_github_data, "", "");
	check(esc_github_data, "100% sure", "100%25 sure");
	check(esc_github_data, "%0A is not a newline", "%250A is not a newline");
	check(esc_github_data, "a\nb\r\nc", "a%0Ab%0D%0Ac");
	check(esc_github_data, "key: a, b::c", "key: a, b::c");
	check(esc_github_data, "\xC2\x9B" "31mred\xC2\x85", FFFD "31mred" FFFD);
	check(esc_github_prop, "\xC2\x80|\xC2\x9F", FFFD "|" FFFD);
	check(esc_github_data, "tab\there", "tab\there");
	check(esc_github_data, "\x1B[31mred\x07\x7F", FFFD "[31mred" FFFD FFFD);
	check(esc_github_data, "<&\"'>", "<&\"'>");

	check(esc_github_prop, "a,b:c", "a%2Cb%3Ac");
	check(esc_github_prop, "x::error file=y", "x%3A%3Aerror file=y");
	check(esc_github_prop, "50%,\n", "50%25%2C%0A");
	check(esc_github_prop, "dir/a b&c.yml", "dir/a b&c.yml");
	check(esc_github_prop, "\x01", FFFD);
}

/* ---- invariants over arbitrary bytes --------------------------------------- */

static uint32_t rnd(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

/* A string of n bytes biased toward the interesting ones. */
static void random_string(uint32_t *seed, char *buf, size_t n)
{
	static const unsigned char pool[] = {
		'a', ' ', '"', '\'', '\\', '<', '>', '&', ']', '%', ':', ',', '\t', '\n', '\r',
		0x01, 0x1B, 0x7F, 0x80, 0xBF, 0xC0, 0xC3, 0xA9, 0xE2, 0x80, 0xA8, 0xED, 0xA0,
		0xEF, 0xBF, 0xBE, 0xF0, 0x9F, 0xF4, 0x90, 0xFF,
	};
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (rnd(seed) & 3) ? pool[rnd(seed) % sizeof pool] : (unsigned char)(rnd(seed) % 255 + 1);
		buf[i] = (char)c;
	}
	buf[n] = '\0';
}

/* Valid UTF-8 with no C0 control other than those allowed; returns 0 when not. */
static int clean_utf8(const unsigned char *s, size_t n, const char *allowed_c0)
{
	for (size_t i = 0; i < n;) {
		unsigned char c = s[i];
		if (c < 0x80) {
			if (c < 0x20 && !(c && strchr(allowed_c0, c)))
				return 0;
			i++;
			continue;
		}
		size_t len = c >= 0xC2 && c < 0xE0 ? 2 : c >= 0xE0 && c < 0xF0 ? 3 :
			     c >= 0xF0 && c < 0xF5 ? 4 : 0;
		if (!len || i + len > n)
			return 0;
		uint32_t v = c & (0xFF >> (len + 1));
		for (size_t k = 1; k < len; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				return 0;
			v = (v << 6) | (s[i + k] & 0x3F);
		}
		if ((len == 3 && v < 0x800) || (len == 4 && (v < 0x10000 || v > 0x10FFFF)) ||
		    (v >= 0xD800 && v <= 0xDFFF))
			return 0;
		i += len;
	}
	return 1;
}

static void test_invariants(void **state)
{
	(void)state;
	uint32_t seed = 2463534242u;
	char in[64];
	for (int iter = 0; iter < 20000; iter++) {
		random_string(&seed, in, rnd(&seed) % (sizeof in - 1));
		struct strbuf sb = STRBUF_INIT;

		/* XML: valid UTF-8, no markup character, no raw control or
		 * non-character; every '&' starts one of our references */
		esc_xml(&sb, in);
		assert_true(clean_utf8((unsigned char *)sb.buf, sb.len, ""));
		assert_null(memchr(sb.buf ? sb.buf : "", '<', sb.len));
		assert_null(memchr(sb.buf ? sb.buf : "", '>', sb.len));
		assert_null(memchr(sb.buf ? sb.buf : "", '"', sb.len));
		assert_null(strstr(sb.buf ? sb.buf : "", "\xEF\xBF\xBE"));
		assert_null(strstr(sb.buf ? sb.buf : "", "\xEF\xBF\xBF"));
		for (const char *p = sb.buf ? strchr(sb.buf, '&') : NULL; p; p = strchr(p + 1, '&'))
			assert_true(!strncmp(p, "&amp;", 5) || !strncmp(p, "&lt;", 4) ||
				    !strncmp(p, "&gt;", 4) || !strncmp(p, "&quot;", 6) ||
				    !strncmp(p, "&apos;", 6) || !strncmp(p, "&#9;", 4) ||
				    !strncmp(p, "&#10;", 5) || !strncmp(p, "&#13;", 5));

		/* JSON: valid UTF-8, no raw control, every quote escaped */
		strbuf_reset(&sb);
		esc_json(&sb, in);
		assert_true(clean_utf8((unsigned char *)sb.buf, sb.len, ""));
		for (size_t i = 0; i < sb.len; i++) {
			if (sb.buf[i] == '\\') {
				assert_true(i + 1 < sb.len);
				assert_non_null(strchr("\"\\ntru", sb.buf[i + 1]));
				i++;
			} else {
				assert_true(sb.buf[i] != '"');
				assert_true(sb.buf[i] != 0x7F);
			}
		}

		/* GitHub: one line, no raw control but tab, no separator in properties */
		strbuf_reset(&sb);
		esc_github_prop(&sb, in);
		assert_true(clean_utf8((unsigned char *)sb.buf, sb.len, "\t"));
		assert_null(memchr(sb.buf ? sb.buf : "", ':', sb.len));
		assert_null(memchr(sb.buf ? sb.buf : "", ',', sb.len));
		strbuf_reset(&sb);
		esc_github_data(&sb, in);
		assert_true(clean_utf8((unsigned char *)sb.buf, sb.len, "\t"));
		for (const char *p = sb.buf ? strchr(sb.buf, '%') : NULL; p; p = strchr(p + 1, '%'))
			assert_true(!strncmp(p, "%25", 3) || !strncmp(p, "%0A", 3) || !strncmp(p, "%0D", 3));
		strbuf_release(&sb);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_valid_utf8),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_xml),
		cmocka_unit_test(test_github),
		cmocka_unit_test(test_invariants),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
