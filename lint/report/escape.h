/*
 * escape.h - making text safe for each output syntax.
 *
 * Findings carry text from hostile files (messages quote values, paths come
 * from the command line): every reporter escapes through these, so quotes,
 * backslashes, control characters, invalid UTF-8 and characters XML 1.0
 * forbids can never break a document.  Invalid UTF-8 becomes U+FFFD.
 */
#ifndef CL_REPORT_ESCAPE_H
#define CL_REPORT_ESCAPE_H

#include "base/strbuf.h"

/* JSON string contents (no quotes added). */
void esc_json(struct strbuf *sb, const char *s);
/* XML text or attribute value (no quotes added). */
void esc_xml(struct strbuf *sb, const char *s);
/* GitHub workflow command message data, and property values. */
void esc_github_data(struct strbuf *sb, const char *s);
void esc_github_prop(struct strbuf *sb, const char *s);

#endif
