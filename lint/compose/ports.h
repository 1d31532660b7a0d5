/*
 * ports.h - the port syntaxes of compose.
 *
 * Short syntax, one string:
 *
 *   [HOST_IP:][PUBLISHED[-PUBLISHED]]:TARGET[-TARGET][/PROTOCOL]
 *   TARGET[-TARGET][/PROTOCOL]
 *
 * and long syntax, a mapping with target, published, host_ip and protocol.
 * Normalization (value.h) expands the short syntax into the long one;
 * rules read either back into a struct cl_port with cl_port_read().
 * Strings are in the arena passed in, or point into the text parsed.
 */
#ifndef CL_COMPOSE_PORTS_H
#define CL_COMPOSE_PORTS_H

#include <stdint.h>

struct arena;
struct cv;

/* One published or exposed port range. */
struct cl_port {
	const char *host_ip;       /* NULL when not given */
	uint32_t target_lo, target_hi;
	uint32_t published_lo, published_hi; /* 0 when not published on the host */
	const char *protocol;      /* "tcp" unless given */
};

/* cl_parse_port() - a short-syntax port; 0, or -1 when text is not one. */
int cl_parse_port(struct arena *a, const char *text, struct cl_port *out);

/*
 * cl_port_read() - a port of the normalized document (a mapping: the long
 * syntax, or a short one expanded); 0, or -1 when it is not a port
 * (a short syntax that did not parse stays a string; a long-syntax target
 * or published that is not one port or one range, such as "8080:80").
 */
int cl_port_read(const struct cv *item, struct cl_port *out);

#endif
