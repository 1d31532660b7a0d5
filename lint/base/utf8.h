/*
 * utf8.h - the one UTF-8 decoder of composelint.
 *
 * Every place that reads text a user wrote (YAML, .env files, policies,
 * suppressions) and every reporter that escapes it decodes UTF-8 through
 * these functions, so "what is a valid sequence" and "what is a column"
 * have one answer.  Valid means RFC 3629: no overlong forms, no surrogates,
 * nothing above U+10FFFF.  Columns count code points, as libfyaml's marks
 * do (base/loc.h): a tab is one column, a byte of an invalid sequence is one
 * column of its own.
 */
#ifndef CL_BASE_UTF8_H
#define CL_BASE_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Why a sequence is not valid UTF-8 (utf8_check()). */
enum utf8_error {
	UTF8_OK,
	UTF8_BAD_BYTE,      /* a byte that never starts a sequence (0x80-0xC1, 0xF5-0xFF) */
	UTF8_TRUNCATED,     /* the text ends inside a sequence */
	UTF8_BAD_SEQUENCE,  /* a continuation byte is missing */
	UTF8_OVERLONG,      /* a code point encoded in more bytes than it needs */
	UTF8_BAD_CODEPOINT, /* a surrogate, or above U+10FFFF */
	UTF8_NUL,           /* a NUL byte (utf8_check_text() only) */
};

/*
 * utf8_decode() - the code point at s (n > 0 bytes left) in *cp.  Returns
 * the sequence's length (1-4), or 0 when it is not valid UTF-8 (then *cp is
 * untouched and the caller decides: skip one byte, replace, report).
 */
size_t utf8_decode(const unsigned char *s, size_t n, uint32_t *cp);

/*
 * utf8_check() - the first offset in s[0..n) where the text stops being
 * valid UTF-8, or (size_t)-1 when all of it is valid.  *err (may be NULL)
 * says why.  NUL bytes are valid UTF-8: callers that refuse them say so.
 */
size_t utf8_check(const unsigned char *s, size_t n, enum utf8_error *err);

/*
 * utf8_check_text() - the same for text that may hold no NUL byte either
 * (YAML, .env files): the first offset that is a NUL or not valid UTF-8,
 * or (size_t)-1.
 */
size_t utf8_check_text(const unsigned char *s, size_t n, enum utf8_error *err);

/* utf8_error_text() - the reason in words ("overlong UTF-8 encoding"). */
const char *utf8_error_text(enum utf8_error err);

/* utf8_encode() - cp (at most U+10FFFF, not a surrogate) into out; returns
 * its length (1-4), or 0 for a value that is not a code point. */
size_t utf8_encode(uint32_t cp, char out[4]);

/* utf8_columns() - columns the bytes s[0..n) take: code points, with each
 * byte of an invalid sequence counted as one. */
size_t utf8_columns(const unsigned char *s, size_t n);

/* utf8_char_len() - bytes of the character at s (n > 0 bytes left): a
 * valid sequence's length, else 1 (a byte of an invalid sequence stands
 * alone, as utf8_columns() counts it). */
size_t utf8_char_len(const unsigned char *s, size_t n);

struct strbuf;

/* utf8_add_printable() - s[0..n) fit for a one-line message, onto sb: at
 * most max bytes (cut at a character boundary, "..." added), control bytes
 * and bytes of invalid UTF-8 as \xNN, valid UTF-8 as it is. */
void utf8_add_printable(struct strbuf *sb, const char *s, size_t n, size_t max);

/* utf8_is_continuation() - b is not the first byte of a character. */
static inline int utf8_is_continuation(unsigned char b)
{
	return (b & 0xC0) == 0x80;
}

/* utf8_is_control() - C0 controls, DEL and the C1 range U+0080-U+009F:
 * what no output may show raw (a C1 CSI is a terminal escape too). */
static inline int utf8_is_control(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F);
}

#endif
