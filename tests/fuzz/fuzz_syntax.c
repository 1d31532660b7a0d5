/*
 * fuzz_syntax.c - libFuzzer harness: bytes (up to the first NUL) as a
 * short-syntax port (cl_parse_port, compose/ports.h), a short-syntax mount
 * (cl_parse_mount, compose/volumes.h) and an image reference
 * (cl_image_parse, compose/image.h).
 *
 * Besides memory errors, undefined behaviour and leaks, the harness aborts
 * (so libFuzzer keeps the input) when an accepted value breaks what the
 * headers promise, or does not survive being written back in the short
 * syntax and parsed again:
 *   - a port: ports in 0..65535, target_lo <= target_hi, published_lo <=
 *     published_hi, a published range as long as a target range (when a
 *     target range is published), a protocol; printed as [HOST_IP]:PUBLISHED:TARGET/PROTOCOL
 *     (HOST_IP always bracketed, an ephemeral port as "::", an unpublished
 *     one as TARGET alone) it parses again to the same fields;
 *   - a mount: a target, never empty; a source only with a ':', not empty;
 *     BIND exactly when cl_mount_source_is_path(); read-only only with a
 *     mode; printed as SOURCE:TARGET[:ro] it parses again the same;
 *   - an image reference: a registry, path and name always; the name the
 *     last component of the path; a tag without '/', ':' or '@'; interpolated
 *     exactly when the text holds '$'; a valid reference has a path of lower
 *     case components, at most 255 characters with its registry (as docker
 *     counts the name after adding docker.io/ and library/), a tag of at most 128 characters, a digest with an
 *     algorithm, and printed as REGISTRY/PATH[:TAG][@DIGEST] it parses again
 *     to the same fields.
 *
 * Build and run: tests/fuzz/run.sh (see tests/fuzz/README.md).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "compose/image.h"
#include "compose/ports.h"
#include "compose/volumes.h"
#include "fuzzcheck.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int same(const char *x, const char *y)
{
	return (!x && !y) || (x && y && !strcmp(x, y));
}

static const char *range(struct arena *a, uint32_t lo, uint32_t hi)
{
	return lo == hi ? arena_printf(a, "%u", lo) : arena_printf(a, "%u-%u", lo, hi);
}

static void check_port(struct arena *a, const char *text)
{
	struct cl_port p;
	if (cl_parse_port(a, text, &p))
		return;
	check(p.protocol);
	check(p.target_lo <= p.target_hi && p.target_hi <= 65535);
	check(p.published_lo <= p.published_hi && p.published_hi <= 65535);
	check(p.target_lo == p.target_hi || p.published_hi == 0 ||
	      p.published_hi - p.published_lo == p.target_hi - p.target_lo);
	check(strchr(text, '/') || !strcmp(p.protocol, "tcp"));

	const char *target = range(a, p.target_lo, p.target_hi);
	const char *printed;
	if (p.host_ip)
		printed = arena_printf(a, "[%s]:%s:%s/%s", p.host_ip,
				       p.published_hi ? range(a, p.published_lo, p.published_hi) : "",
				       target, p.protocol);
	else if (p.published_hi)
		printed = arena_printf(a, "%s:%s/%s", range(a, p.published_lo, p.published_hi),
				       target, p.protocol);
	else
		printed = arena_printf(a, "%s/%s", target, p.protocol);
	struct cl_port q;
	check(cl_parse_port(a, printed, &q) == 0);
	check(same(p.host_ip, q.host_ip) && same(p.protocol, q.protocol));
	check(p.target_lo == q.target_lo && p.target_hi == q.target_hi);
	check(p.published_hi ? p.published_lo == q.published_lo && p.published_hi == q.published_hi
			     : q.published_hi == 0);
}

static void check_mount(struct arena *a, const char *text)
{
	struct cl_mount m;
	if (cl_parse_mount(a, text, &m))
		return;
	check(m.target && *m.target);
	check(m.type == CL_MOUNT_VOLUME || m.type == CL_MOUNT_BIND);
	check(strcmp(cl_mount_type_name(m.type), "unknown"));
	if (!m.source) {
		check(m.type == CL_MOUNT_VOLUME && !m.read_only && !strcmp(m.target, text));
		return;
	}
	check(*m.source && strchr(text, ':'));
	check((m.type == CL_MOUNT_BIND) == !!cl_mount_source_is_path(m.source));
	check(!m.read_only || strstr(text, "ro"));
	const char *printed = arena_printf(a, "%s:%s%s", m.source, m.target, m.read_only ? ":ro" : "");
	struct cl_mount n;
	check(cl_parse_mount(a, printed, &n) == 0);
	check(n.type == m.type && same(n.source, m.source) && same(n.target, m.target) &&
	      n.read_only == m.read_only);
}

static void check_image(struct arena *a, const char *text)
{
	struct cl_image_ref r;
	cl_image_parse(a, text, &r);
	check(r.registry && r.path && r.name);
	check(!r.interpolated == !strchr(text, '$'));
	const char *last = strrchr(r.path, '/');
	check(!strcmp(r.name, last ? last + 1 : r.path));
	if (r.tag)
		check(!strpbrk(r.tag, "/:@"));
	if (!r.valid)
		return;
	check(*r.path && strlen(r.registry) + 1 + strlen(r.path) <= 255);
	for (const char *c = r.path; *c; c++)
		check((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || strchr("._-/", *c));
	check(!r.tag || (*r.tag && strlen(r.tag) <= 128));
	check(!r.digest || strchr(r.digest, ':'));
	check(!r.digest == !strchr(text, '@'));
	const char *printed = arena_printf(a, "%s/%s%s%s%s%s", r.registry, r.path, r.tag ? ":" : "",
					   r.tag ? r.tag : "", r.digest ? "@" : "",
					   r.digest ? r.digest : "");
	struct cl_image_ref s;
	cl_image_parse(a, printed, &s);
	check(s.valid && s.interpolated == r.interpolated);
	check(same(s.registry, r.registry) && same(s.path, r.path) && same(s.name, r.name));
	check(same(s.tag, r.tag) && same(s.digest, r.digest));
	check(cl_digest_valid(s.digest) == cl_digest_valid(r.digest));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *nul = memchr(data, 0, size);
	size_t n = nul ? (size_t)(nul - (const char *)data) : size;
	char *text = malloc(n + 1);
	if (!text)
		abort();
	memcpy(text, data, n);
	text[n] = '\0';
	struct arena *a = arena_new();
	check_port(a, text);
	check_mount(a, text);
	check_image(a, text);
	arena_free(a);
	free(text);
	return 0;
}
