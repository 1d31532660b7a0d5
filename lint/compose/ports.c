/*
 * ports.c - the port syntaxes of compose (see ports.h).
 *
 * In the short syntax, HOST_IP may be an IPv6 address, bracketed or not
 * ("[::1]:80:80"); the two right-most colons are the separators.  An empty
 * PUBLISHED part ("127.0.0.1::80") asks for an ephemeral host port.
 */
#include "compose/ports.h"
#include "base/arena.h"
#include "compose/value.h"

#include <stdlib.h>
#include <string.h>

/* "80" or "8000-8010" -> [lo, hi]; 0 on success */
static int parse_range(const char *s, size_t n, uint32_t *lo, uint32_t *hi)
{
	uint32_t v[2] = { 0, 0 };
	int part = 0;
	size_t digits = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] >= '0' && s[i] <= '9') {
			v[part] = v[part] * 10 + (uint32_t)(s[i] - '0');
			if (++digits > 5)
				return -1;
		} else if (s[i] == '-' && part == 0 && digits) {
			part = 1;
			digits = 0;
		} else {
			return -1;
		}
	}
	if (!digits)
		return -1;
	if (part == 0)
		v[1] = v[0];
	if (v[0] > 65535 || v[1] > 65535 || v[1] < v[0])
		return -1;
	*lo = v[0];
	*hi = v[1];
	return 0;
}

int cl_parse_port(struct arena *a, const char *text, struct cl_port *out)
{
	size_t n = strlen(text);
	const char *slash = memchr(text, '/', n);
	out->protocol = slash ? arena_strdup(a, slash + 1) : "tcp";
	if (slash)
		n = (size_t)(slash - text);
	out->host_ip = NULL;
	out->published_lo = out->published_hi = 0;

	const char *c2 = NULL, *c1 = NULL;   /* last and second-to-last ':' */
	for (size_t i = 0; i < n; i++) {
		if (text[i] == ':') {
			c1 = c2;
			c2 = text + i;
		}
	}
	if (!c2)
		return parse_range(text, n, &out->target_lo, &out->target_hi);
	if (parse_range(c2 + 1, (size_t)(text + n - c2 - 1), &out->target_lo, &out->target_hi))
		return -1;
	const char *pub = c1 ? c1 + 1 : text;
	size_t pub_len = (size_t)(c2 - pub);
	if (c1) {
		size_t ip_len = (size_t)(c1 - text);
		if (ip_len >= 2 && text[0] == '[' && text[ip_len - 1] == ']')
			out->host_ip = arena_strndup(a, text + 1, ip_len - 2);
		else
			out->host_ip = arena_strndup(a, text, ip_len);
		if (!ip_len)
			return -1;
	}
	if (pub_len == 0)
		return c1 ? 0 : -1;   /* "ip::80" is ephemeral; ":80" is malformed */
	if (parse_range(pub, pub_len, &out->published_lo, &out->published_hi))
		return -1;
	/* a published range must be as long as the target range, or a single port */
	if (out->target_hi != out->target_lo &&
	    out->published_hi - out->published_lo != out->target_hi - out->target_lo)
		return -1;
	return 0;
}

/* A long-syntax target or published value: one port or a range, never a
 * short-syntax spec ("8080:80" would otherwise read as target 80). */
static int parse_lone_range(const struct cv *v, uint32_t *lo, uint32_t *hi)
{
	if (v->kind == CV_LIST || v->kind == CV_MAP || strpbrk(v->text, ":/"))
		return -1;
	return parse_range(v->text, strlen(v->text), lo, hi);
}

static int is_scalar(const struct cv *v)
{
	return v && v->kind != CV_LIST && v->kind != CV_MAP;
}

int cl_port_read(const struct cv *item, struct cl_port *out)
{
	memset(out, 0, sizeof *out);
	out->protocol = "tcp";
	if (!item || item->kind != CV_MAP)
		return -1;
	const struct cv *target = cv_get(item, "target"), *published = cv_get(item, "published");
	const struct cv *host_ip = cv_get(item, "host_ip"), *protocol = cv_get(item, "protocol");
	int rc = target ? parse_lone_range(target, &out->target_lo, &out->target_hi) : -1;
	if (is_scalar(published) && published->kind != CV_NULL &&
	    parse_lone_range(published, &out->published_lo, &out->published_hi))
		rc = -1;
	if (is_scalar(host_ip))
		out->host_ip = host_ip->text;
	if (is_scalar(protocol))
		out->protocol = protocol->text;
	return rc;
}
