/*
 * strbuf.h - a growable byte string for building output.
 *
 * A strbuf owns its heap buffer; strbuf_release() frees it.  The contents
 * are always NUL-terminated, but may also contain NUL bytes: use .len.
 */
#ifndef CL_BASE_STRBUF_H
#define CL_BASE_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

struct strbuf {
	char *buf;
	size_t len, cap;
};

#define STRBUF_INIT { NULL, 0, 0 }

void strbuf_release(struct strbuf *sb);
void strbuf_reset(struct strbuf *sb);
void strbuf_add(struct strbuf *sb, const void *data, size_t len);
void strbuf_addstr(struct strbuf *sb, const char *s);
void strbuf_addch(struct strbuf *sb, char c);
void strbuf_addf(struct strbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
/* strbuf_detach() - hand the buffer to the caller (free() it); sb is reset. */
char *strbuf_detach(struct strbuf *sb, size_t *len);

#endif
