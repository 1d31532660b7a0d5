/* escape.c - output-syntax escaping (see escape.h). */
#include "report/escape.h"
#include "base/utf8.h"

#include <stdint.h>
#include <string.h>

static const char replacement[] = "\xEF\xBF\xBD";  /* U+FFFD */

void esc_json(struct strbuf *sb, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t n = strlen(str);
	for (size_t i = 0; i < n;) {
		uint32_t cp = 0;
		size_t len = utf8_decode(s + i, n - i, &cp);
		if (!len) {
			strbuf_addstr(sb, replacement);
			i++;
			continue;
		}
		if (cp == '"' || cp == '\\') {
			strbuf_addch(sb, '\\');
			strbuf_addch(sb, (char)cp);
		} else if (cp == '\n') {
			strbuf_addstr(sb, "\\n");
		} else if (cp == '\t') {
			strbuf_addstr(sb, "\\t");
		} else if (cp == '\r') {
			strbuf_addstr(sb, "\\r");
		} else if (utf8_is_control(cp) || cp == 0x2028 || cp == 0x2029) {
			/* C1 controls drive terminals as ESC does (U+009B is CSI); U+2028/2029
			 * are valid JSON but break JavaScript consumers */
			strbuf_addf(sb, "\\u%04X", (unsigned)cp);
		} else {
			strbuf_add(sb, s + i, len);
		}
		i += len;
	}
}

void esc_xml(struct strbuf *sb, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t n = strlen(str);
	for (size_t i = 0; i < n;) {
		uint32_t cp = 0;
		size_t len = utf8_decode(s + i, n - i, &cp);
		if (!len) {
			strbuf_addstr(sb, replacement);
			i++;
			continue;
		}
		switch (cp) {
		case '&': strbuf_addstr(sb, "&amp;"); break;
		case '<': strbuf_addstr(sb, "&lt;"); break;
		case '>': strbuf_addstr(sb, "&gt;"); break;  /* also keeps "]]>" harmless */
		case '"': strbuf_addstr(sb, "&quot;"); break;
		case '\'': strbuf_addstr(sb, "&apos;"); break;
		case '\t': case '\n': case '\r':
			strbuf_addf(sb, "&#%u;", (unsigned)cp);  /* survive attribute normalization */
			break;
		default:
			/* XML 1.0 Char excludes other C0 controls, surrogates, FFFE, FFFF */
			if (cp < 0x20 || cp == 0xFFFE || cp == 0xFFFF)
				strbuf_addstr(sb, replacement);
			else
				strbuf_add(sb, s + i, len);
		}
		i += len;
	}
}

/*
 * The runner decodes only %25, %0D, %0A (and %3A, %2C in properties); other
 * control characters would reach the log as they are (ESC drives its ANSI
 * colours), so they become U+FFFD, as invalid UTF-8 does.
 */
static void esc_github(struct strbuf *sb, const char *str, int prop)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t n = strlen(str);
	for (size_t i = 0; i < n;) {
		uint32_t cp = 0;
		size_t len = utf8_decode(s + i, n - i, &cp);
		if (!len) {
			strbuf_addstr(sb, replacement);
			i++;
			continue;
		}
		if (cp == '%')
			strbuf_addstr(sb, "%25");
		else if (cp == '\r')
			strbuf_addstr(sb, "%0D");
		else if (cp == '\n')
			strbuf_addstr(sb, "%0A");
		else if (prop && cp == ':')
			strbuf_addstr(sb, "%3A");
		else if (prop && cp == ',')
			strbuf_addstr(sb, "%2C");
		else if (utf8_is_control(cp) && cp != '\t')  /* C0, DEL and C1 */
			strbuf_addstr(sb, replacement);
		else
			strbuf_add(sb, s + i, len);
		i += len;
	}
}

void esc_github_data(struct strbuf *sb, const char *s)
{
	esc_github(sb, s, 0);
}

void esc_github_prop(struct strbuf *sb, const char *s)
{
	esc_github(sb, s, 1);
}
