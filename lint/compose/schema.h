/*
 * schema.h - the Compose Specification's shape, checked on our YAML tree.
 *
 * compose_schema_check() walks a compose document along a compact table of
 * the specification (top level, services and every service property, and the
 * network, volume, secret, config and model definitions) and reports:
 *
 *   - unknown keys, at the key, with a "did you mean" for near misses;
 *   - values of the wrong type, at the value;
 *   - values outside a fixed set (depends_on condition, volume type, ...);
 *   - missing required keys (long volume syntax without `type`, ...), at
 *     the mapping;
 *   - names that compose refuses (services, volumes, secrets, configs).
 *
 * It is as lenient as compose itself: YAML 1.1 and quoted booleans, quoted
 * integers, plain numbers where a string is expected, values containing
 * `$` interpolation, `!reset` / `!override` tags, and `x-` extension keys
 * wherever the specification allows them.  Extension values are never
 * walked.  Data flows one way: nothing is printed.
 */
#ifndef CL_COMPOSE_SCHEMA_H
#define CL_COMPOSE_SCHEMA_H

#include "base/diag.h"

struct ynode;

/*
 * compose_schema_check() - check the document root against the Compose
 * Specification; appends its issues to out (kind 0, in out's arena), the
 * new ones in source order, at the key (unknown key) or the value (wrong
 * type).  Issues sit where the value
 * is written (inside an anchor, when aliases or merge keys bring it in); a
 * node reached many times is reported once per kind and property path, list
 * indices aside (once as `environment`, however many services share it).
 * The walk stops, with a last issue saying so, after 1,000,000 node visits
 * (alias fan-out) or 10,000 issues.
 */
void compose_schema_check(const struct ynode *root, struct cl_diags *out);

/*
 * compose_schema_is_compose() - whether a document is a compose file at
 * all: a mapping with some top-level key of the specification, an x-
 * extension or a service of the version 1 format, or an empty mapping.
 * compose_schema_check() gives one issue, without a position, for any
 * other mapping (no key quoted): a key file or /etc/shadow named by an
 * include must not be shown line by line.
 */
int compose_schema_is_compose(const struct ynode *root);

/*
 * compose_schema_check_substituted() - the same on an assembled project
 * (compose/project.h), reporting only values that interpolation produced
 * and that do not fit ("privileged: ${PRIV}" with PRIV=1): each file was
 * checked as written already, where such values cannot be judged.
 */
void compose_schema_check_substituted(const struct ynode *root, struct cl_diags *out);

#endif
