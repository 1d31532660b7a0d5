/*
 * image.c - split and validate image references.
 *
 * Follows the reference grammar of the distribution project, which docker
 * and compose use: a domain is recognised only when the first component has
 * a '.' or a ':' or is "localhost"; Docker Hub names without a slash live in
 * "library/".
 */
#include "compose/image.h"
#include "base/arena.h"

#include <ctype.h>
#include <string.h>

static int is_lower_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

/* [a-z0-9]+ ((\.|_|__|-+) [a-z0-9]+)* */
static int component_valid(const char *s, size_t n)
{
	size_t i = 0;
	if (!n || !is_lower_alnum(s[0]))
		return 0;
	while (i < n) {
		while (i < n && is_lower_alnum(s[i]))
			i++;
		if (i == n)
			return 1;
		if (s[i] == '.' || s[i] == '_') {
			i++;
			if (i < n && s[i - 1] == '_' && s[i] == '_')
				i++;
		} else if (s[i] == '-') {
			while (i < n && s[i] == '-')
				i++;
		} else {
			return 0;
		}
		if (i == n || !is_lower_alnum(s[i]))
			return 0;
	}
	return 1;
}

static int tag_valid(const char *t)
{
	size_t n = strlen(t);
	if (!n || n > 128 || !(isalnum((unsigned char)t[0]) || t[0] == '_'))
		return 0;
	for (size_t i = 1; i < n; i++)
		if (!(isalnum((unsigned char)t[i]) || t[i] == '_' || t[i] == '.' || t[i] == '-'))
			return 0;
	return 1;
}

int cl_digest_valid(const char *d)
{
	if (!d || strncmp(d, "sha256:", 7))
		return 0;
	d += 7;
	size_t n = 0;
	for (; d[n]; n++)
		if (!((d[n] >= '0' && d[n] <= '9') || (d[n] >= 'a' && d[n] <= 'f')))
			return 0;
	return n == 64;
}

/* algorithm:encoded, with the algorithm's own length rules left to cl_digest_valid */
static int digest_syntax_valid(const char *d)
{
	const char *colon = strchr(d, ':');
	if (!colon || colon == d || !colon[1])
		return 0;
	for (const char *p = d; p < colon; p++)
		if (!(is_lower_alnum(*p) || *p == '+' || *p == '.' || *p == '_' || *p == '-'))
			return 0;
	for (const char *p = colon + 1; *p; p++)
		if (!isxdigit((unsigned char)*p))
			return 0;
	return 1;
}

void cl_image_parse(struct arena *a, const char *text, struct cl_image_ref *out)
{
	memset(out, 0, sizeof *out);
	if (!text)
		return;
	out->interpolated = strchr(text, '$') != NULL;
	size_t len = strlen(text);
	const char *at = memchr(text, '@', len);
	size_t name_len = at ? (size_t)(at - text) : len;
	if (at)
		out->digest = arena_strdup(a, at + 1);

	/* the tag is after the last ':' that follows the last '/' */
	const char *slash = NULL, *colon = NULL;
	for (size_t i = 0; i < name_len; i++) {
		if (text[i] == '/') {
			slash = text + i;
			colon = NULL;
		} else if (text[i] == ':') {
			colon = text + i;
		}
	}
	size_t path_end = name_len;
	if (colon) {
		out->tag = arena_strndup(a, colon + 1, (size_t)(text + name_len - colon - 1));
		path_end = (size_t)(colon - text);
	}

	const char *first_slash = memchr(text, '/', path_end);
	size_t path_start = 0;
	if (first_slash) {
		size_t dl = (size_t)(first_slash - text);
		if (memchr(text, '.', dl) || memchr(text, ':', dl) ||
		    (dl == 9 && !memcmp(text, "localhost", 9)) ||
		    /* an upper-case first component can only be a host */
		    (dl && strcspn(text, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") < dl)) {
			out->registry = arena_strndup(a, text, dl);
			path_start = dl + 1;
		}
	}
	if (!out->registry)
		out->registry = "docker.io";
	const char *path = text + path_start;
	size_t plen = path_end - path_start;
	if (!strcmp(out->registry, "docker.io") && !memchr(path, '/', plen))
		out->path = arena_printf(a, "library/%.*s", (int)plen, path);
	else
		out->path = arena_strndup(a, path, plen);
	const char *last = slash && (size_t)(slash - text) >= path_start ? slash + 1 : path;
	out->name = arena_strndup(a, last, (size_t)(text + path_end - last));

	/* the limit is on the whole name with its registry, as docker measures
	 * it after adding docker.io/ and library/: "docker.io/library/nginx" */
	int ok = plen > 0 && strlen(out->registry) + 1 + strlen(out->path) <= 255;
	for (size_t i = 0, s = 0; ok && i <= plen; i++) {
		if (i == plen || path[i] == '/') {
			ok = component_valid(path + s, i - s);
			s = i + 1;
		}
	}
	if (out->tag && !tag_valid(out->tag))
		ok = 0;
	if (out->digest && !digest_syntax_valid(out->digest))
		ok = 0;
	out->valid = ok;
}
