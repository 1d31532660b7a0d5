/*
 * precheck.c - reject what libfyaml 0.7.12 would silently truncate.
 *
 * The parser stops without an error at a NUL byte, at invalid UTF-8 where a
 * token starts, and on UTF-16/32 text, then hands back a valid-looking but
 * partial document.  Every buffer is therefore checked here first, so such a
 * file gets a finding at the offending byte instead of a quiet half-lint.
 */
#include "yaml/load.h"
#include "base/utf8.h"

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
	enum utf8_error err;
	size_t bad = utf8_check_text(s, n, &err);
	if (bad != (size_t)-1)
		*why = err == UTF8_NUL ? "NUL byte in YAML text" : utf8_error_text(err);
	return bad;
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
		} else if (!utf8_is_continuation(c) && c != '\r') {
			p.col++;
		}
	}
	p.off = (uint32_t)off;
	return p;
}
