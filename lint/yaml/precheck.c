/*
 * precheck.c - reject what libfyaml 0.7.12 would silently truncate.
 *
 * The parser stops without an error at a NUL byte, at invalid UTF-8 where a
 * token starts, and on UTF-16/32 text, then hands back a valid-looking but
 * partial document.  Every buffer is therefore checked here first, so such a
 * file gets a finding at the offending byte instead of a quiet half-lint.
 */
#include "yaml/load.h"

#include <string.h>

size_t yaml_precheck(const unsigned char *s, size_t n, const char **why)
{
	if (n >= 4 && ((s[0] == 0 && s[1] == 0 && s[2] == 0xFE && s[3] == 0xFF) ||
		       (s[0] == 0xFF && s[1] == 0xFE && s[2] == 0 && s[3] == 0))) {
		*why = "UTF-32 text is not supported; save the file as UTF-8";
		return 0;
	}
	if (n >= 2 && ((s[0] == 0xFF && s[1] == 0xFE) || (s[0] == 0xFE && s[1] == 0xFF))) {
		*why = "UTF-16 text is not supported; save the file as UTF-8";
		return 0;
	}
	for (size_t i = 0; i < n;) {
		unsigned c = s[i], cp, min;
		size_t len;
		if (c == 0) {
			*why = "NUL byte in YAML text";
			return i;
		}
		if (c < 0x80) {
			i++;
			continue;
		}
		if ((c & 0xE0) == 0xC0) {
			len = 2; cp = c & 0x1F; min = 0x80;
		} else if ((c & 0xF0) == 0xE0) {
			len = 3; cp = c & 0x0F; min = 0x800;
		} else if ((c & 0xF8) == 0xF0) {
			len = 4; cp = c & 0x07; min = 0x10000;
		} else {
			*why = "invalid UTF-8 byte";
			return i;
		}
		if (n - i < len) {
			*why = "truncated UTF-8 sequence";
			return i;
		}
		for (size_t k = 1; k < len; k++) {
			if ((s[i + k] & 0xC0) != 0x80) {
				*why = "invalid UTF-8 sequence";
				return i;
			}
			cp = (cp << 6) | (s[i + k] & 0x3Fu);
		}
		if (cp < min) {
			*why = "overlong UTF-8 encoding";
			return i;
		}
		if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
			*why = "UTF-8 encodes an invalid code point";
			return i;
		}
		i += len;
	}
	return (size_t)-1;
}

struct cl_pos yaml_pos_at(const char *buf, size_t len, size_t off)
{
	struct cl_pos p = { 0, 1, 1 };
	size_t i = 0;
	if (len >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3))
		i = 3;  /* a BOM is not a column, as libfyaml counts */
	if (off > len)
		off = len;
	for (; i < off; i++) {
		unsigned char c = (unsigned char)buf[i];
		if (c == '\n') {
			p.line++;
			p.col = 1;
		} else if (c == '\r' && !(i + 1 < len && buf[i + 1] == '\n')) {
			p.line++;
			p.col = 1;
		} else if ((c & 0xC0) != 0x80 && c != '\r') {
			p.col++;
		}
	}
	p.off = (uint32_t)off;
	return p;
}
