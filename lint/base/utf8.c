/* utf8.c - UTF-8 decoding, validation and column counting (see utf8.h). */
#include "base/utf8.h"

#include <string.h>
#include "base/strbuf.h"

/* Sequence length by lead byte: 0 for bytes that never start one.  0xC0,
 * 0xC1 (always overlong) and 0xF5-0xFF (above U+10FFFF) are refused here. */
static size_t lead_length(unsigned char c)
{
	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		return 2;
	if (c >= 0xE0 && c <= 0xEF)
		return 3;
	if (c >= 0xF0 && c <= 0xF4)
		return 4;
	return 0;
}

/* The one decoder behind utf8_decode() and utf8_check(). */
static size_t decode(const unsigned char *s, size_t n, uint32_t *cp, enum utf8_error *err)
{
	size_t len = lead_length(s[0]);
	if (!len) {
		/* 0xC0/0xC1 lead only overlong forms: say so, it is the likelier mistake */
		*err = s[0] == 0xC0 || s[0] == 0xC1 ? UTF8_OVERLONG : UTF8_BAD_BYTE;
		return 0;
	}
	if (len == 1) {
		*cp = s[0];
		return 1;
	}
	if (len > n) {
		*err = UTF8_TRUNCATED;
		for (size_t i = 1; i < n; i++)
			if (!utf8_is_continuation(s[i]))
				*err = UTF8_BAD_SEQUENCE;
		return 0;
	}
	uint32_t v = s[0] & (0xFFu >> (len + 1));
	for (size_t i = 1; i < len; i++) {
		if (!utf8_is_continuation(s[i])) {
			*err = UTF8_BAD_SEQUENCE;
			return 0;
		}
		v = (v << 6) | (s[i] & 0x3Fu);
	}
	if ((len == 3 && v < 0x800) || (len == 4 && v < 0x10000)) {
		*err = UTF8_OVERLONG;
		return 0;
	}
	if (v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) {
		*err = UTF8_BAD_CODEPOINT;
		return 0;
	}
	*cp = v;
	return len;
}

size_t utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	enum utf8_error err;
	return n ? decode(s, n, cp, &err) : 0;
}

size_t utf8_check(const unsigned char *s, size_t n, enum utf8_error *err)
{
	enum utf8_error e = UTF8_OK;
	for (size_t i = 0; i < n;) {
		if (s[i] < 0x80) {  /* the common case, without a call */
			i++;
			continue;
		}
		uint32_t cp;
		size_t len = decode(s + i, n - i, &cp, &e);
		if (!len) {
			if (err)
				*err = e;
			return i;
		}
		i += len;
	}
	if (err)
		*err = UTF8_OK;
	return (size_t)-1;
}

size_t utf8_check_text(const unsigned char *s, size_t n, enum utf8_error *err)
{
	const unsigned char *nul = n ? memchr(s, 0, n) : NULL;
	size_t limit = nul ? (size_t)(nul - s) : n;
	size_t bad = utf8_check(s, limit, err);
	if (bad == (size_t)-1 && nul) {
		if (err)
			*err = UTF8_NUL;
		return limit;
	}
	return bad;
}

const char *utf8_error_text(enum utf8_error err)
{
	switch (err) {
	case UTF8_OK:
		return "valid UTF-8";
	case UTF8_BAD_BYTE:
		return "invalid UTF-8 byte";
	case UTF8_TRUNCATED:
		return "truncated UTF-8 sequence";
	case UTF8_BAD_SEQUENCE:
		return "invalid UTF-8 sequence";
	case UTF8_OVERLONG:
		return "overlong UTF-8 encoding";
	case UTF8_BAD_CODEPOINT:
		return "UTF-8 encodes an invalid code point";
	case UTF8_NUL:
		return "NUL byte";
	}
	return "invalid UTF-8";
}

size_t utf8_encode(uint32_t cp, char out[4])
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp >= 0xD800 && cp <= 0xDFFF)
		return 0;
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	if (cp > 0x10FFFF)
		return 0;
	out[0] = (char)(0xF0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

size_t utf8_char_len(const unsigned char *s, size_t n)
{
	uint32_t cp;
	size_t len = s[0] < 0x80 ? 1 : utf8_decode(s, n, &cp);
	return len ? len : 1;
}

size_t utf8_columns(const unsigned char *s, size_t n)
{
	size_t cols = 0;
	for (size_t i = 0; i < n; cols++)
		i += utf8_char_len(s + i, n - i);
	return cols;
}

void utf8_add_printable(struct strbuf *sb, const char *s, size_t n, size_t max)
{
	const unsigned char *u = (const unsigned char *)s;
	for (size_t i = 0; i < n;) {
		if (i >= max) {
			strbuf_addstr(sb, "...");
			return;
		}
		uint32_t cp = u[i];
		size_t k = u[i] < 0x80 ? 1 : utf8_decode(u + i, n - i, &cp);
		if (k && !utf8_is_control(cp)) {
			strbuf_add(sb, s + i, k);
			i += k;
		} else {
			strbuf_addf(sb, "\\x%02X", u[i]);
			i++;
		}
	}
}
