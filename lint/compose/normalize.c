/*
 * normalize.c - assembled YAML tree -> normalized value tree (see value.h).
 *
 * The service fields with short syntaxes or several forms (ports, volumes,
 * environment, labels, references, ...) are expanded into one shape, as
 * keys.c says for each key; short syntaxes are read by the parsers in
 * ports.c and volumes.c.  Every other value is converted as it is, with
 * YAML 1.2 core typing of plain scalars, the typing compose's YAML parser
 * applies.
 */
#include "compose/value.h"
#include "base/vec.h"
#include "base/arena.h"
#include "base/ptrmap.h"
#include "compose/keys.h"
#include "compose/ports.h"
#include "compose/volumes.h"

#include <errno.h>
#include <stddef.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

struct norm {
	struct arena *a;
	uint32_t nodes;
	uint32_t depth;   /* collections being converted, aliases followed */
	int truncated;
	/* collections already converted, so an alias or merge-key bomb costs
	 * one conversion per node instead of one per path through it (merge
	 * keys share collections that carry no anchor) */
	struct ptrmap memo;
	/* service fields already shaped (struct shaped), so a collection aliased
	 * by many services is shaped once */
	struct ptrmap fields;
};

/* Subtrees at least this big are shared between their uses.
 * Smaller ones are converted at each use, so their values keep the exact
 * alias chain of that use; a shared subtree's inner values carry the chain
 * of its first use (only its top value is repositioned per use). */
#define MEMO_MIN_NODES 256u

/* ---- building values ----------------------------------------------------- */

static struct cv *cv_new(struct norm *z, enum cv_kind kind, const struct cl_val *at)
{
	struct cv *v = arena_alloc(z->a, sizeof *v);
	v->kind = (uint8_t)kind;
	v->text = "";
	if (at)
		v->at = *at;
	if (++z->nodes > CV_MAX_NODES)
		z->truncated = 1;
	return v;
}

static struct cv *cv_str(struct norm *z, const char *s, const struct cl_val *at)
{
	struct cv *v = cv_new(z, CV_STR, at);
	v->text = s;
	v->raw = at && at->node && at->node->kind == Y_SCALAR ? at->node->scalar.raw : NULL;
	/* interpolated with an unset variable: tests on it are not decided */
	v->unknown = at && at->node ? at->node->unknown : 0;
	return v;
}

static struct cv *cv_num(struct norm *z, double d, const struct cl_val *at)
{
	struct cv *v = cv_new(z, CV_NUM, at);
	v->num = d;
	if (d == floor(d) && fabs(d) < 1e15)
		v->text = arena_printf(z->a, "%lld", (long long)d);
	else
		v->text = arena_printf(z->a, "%g", d);
	v->raw = at && at->node && at->node->kind == Y_SCALAR ? at->node->scalar.raw : NULL;
	return v;
}

static struct cv *cv_bool(struct norm *z, int b, const struct cl_val *at)
{
	struct cv *v = cv_new(z, CV_BOOL, at);
	v->b = b;
	v->text = b ? "true" : "false";
	v->raw = at && at->node && at->node->kind == Y_SCALAR ? at->node->scalar.raw : NULL;
	return v;
}

/* A growable list of entries, copied into the arena once complete. */
struct items {
	struct cv_entry *v;
	uint32_t n, cap;
};

static void items_add(struct norm *z, struct items *it, const char *key,
		      const struct cl_val *key_at, const struct cv *value)
{
	struct cv_entry *e = ARENA_VEC_PUSH(z->a, it->v, it->n, it->cap);
	e->key = key;
	if (key_at)
		e->key_at = *key_at;
	e->value = value;
}

static struct cv *cv_coll(struct norm *z, enum cv_kind kind, const struct cl_val *at,
			  const struct items *it)
{
	struct cv *v = cv_new(z, kind, at);
	v->items = it->v;
	v->n = it->n;
	return v;
}

/* ---- YAML -> value, generic ------------------------------------------------ */

/* `key: !reset ...` removes the key: compose merges it away. */
static int is_reset(const struct ynode *v)
{
	return v->tag && !strcmp(v->tag, "!reset");
}

/* YAML 1.2 core schema: which plain scalars are not strings. */
static struct cv *scalar(struct norm *z, const struct cl_val *at)
{
	const struct ynode *n = at->node;
	const char *s = n->scalar.s;
	if (n->style == YS_EMPTY)
		return cv_new(z, CV_NULL, at);
	if (n->style != YS_PLAIN || (n->tag && strcmp(n->tag, "!reset") && strcmp(n->tag, "!override")))
		return cv_str(z, s, at);
	if (!strcmp(s, "~") || !strcmp(s, "null") || !strcmp(s, "Null") || !strcmp(s, "NULL"))
		return cv_new(z, CV_NULL, at);
	if (!strcmp(s, "true") || !strcmp(s, "True") || !strcmp(s, "TRUE"))
		return cv_bool(z, 1, at);
	if (!strcmp(s, "false") || !strcmp(s, "False") || !strcmp(s, "FALSE"))
		return cv_bool(z, 0, at);
	/* [-+]?[0-9]+ , decimals and exponents; no hex/sexagesimal surprises */
	const char *p = s;
	if (*p == '-' || *p == '+')
		p++;
	if (p[0] == '0' && p[1] && strspn(p, "01234567") == strlen(p)) {
		/* 0400: octal in YAML 1.1 and in compose's YAML reader alike
		 * (file modes are written this way) */
		double d = (double)strtoll(s, NULL, 8);
		return cv_num(z, d, at);
	}
	if ((*p >= '0' && *p <= '9') || (*p == '.' && p[1] >= '0' && p[1] <= '9')) {
		char *end;
		errno = 0;
		double d = strtod(s, &end);
		if (!*end && !errno && isfinite(d) && !strpbrk(s, "xXnN"))
			return cv_num(z, d, at);
	}
	return cv_str(z, s, at);
}

static struct cv *convert(struct norm *z, const struct cl_val *at);
static struct cv *convert_shared(struct norm *z, const struct cl_val *at);

/* Entry i of the mapping at `map` as a value, and where its key is written;
 * 0 for a key that is not a string (such entries are left out). */
static int entry(struct norm *z, const struct cl_val *map, uint32_t i, struct cl_val *value,
		 struct cl_val *key)
{
	const struct yentry *e = &map->node->map.entries[i];
	if (e->key->kind != Y_SCALAR)
		return 0;
	*value = cl_val_entry(z->a, map, e);
	*key = *value;
	key->node = e->key;
	return 1;
}

static struct cv *convert_map(struct norm *z, const struct cl_val *at)
{
	struct items it = { NULL, 0, 0 };
	const struct ynode *n = at->node;
	for (uint32_t i = 0; i < n->map.n && !z->truncated; i++) {
		struct cl_val v, k;
		if (entry(z, at, i, &v, &k) && !is_reset(v.node))
			items_add(z, &it, k.node->scalar.s, &k, convert(z, &v));
	}
	return cv_coll(z, CV_MAP, at, &it);
}

static struct cv *convert_node(struct norm *z, const struct cl_val *at);

static struct cv *convert(struct norm *z, const struct cl_val *at)
{
	if (z->depth >= Y_MAX_EFFECTIVE_DEPTH)
		z->truncated = 1;
	if (z->truncated)
		return cv_new(z, CV_NULL, at);
	z->depth++;
	struct cv *v = convert_shared(z, at);
	z->depth--;
	return v;
}

static struct cv *convert_shared(struct norm *z, const struct cl_val *at)
{
	const struct ynode *n = at->node;
	if (n->kind != Y_MAP && n->kind != Y_SEQ)
		return convert_node(z, at);
	const struct cv *seen = ptrmap_get(&z->memo, n);
	if (seen) {
		struct cv *v = cv_new(z, (enum cv_kind)seen->kind, at);
		v->items = seen->items;
		v->n = seen->n;
		return v;
	}
	uint32_t before = z->nodes;
	struct cv *v = convert_node(z, at);
	if (z->nodes - before >= MEMO_MIN_NODES)
		ptrmap_put(&z->memo, n, v);
	return v;
}

static struct cv *convert_node(struct norm *z, const struct cl_val *at)
{
	switch (at->node->kind) {
	case Y_MAP:
		return convert_map(z, at);
	case Y_SEQ: {
		struct items it = { NULL, 0, 0 };
		for (uint32_t i = 0; i < at->node->seq.n && !z->truncated; i++) {
			struct cl_val item = cl_val_item(z->a, at, i);
			items_add(z, &it, NULL, NULL, convert(z, &item));
		}
		return cv_coll(z, CV_LIST, at, &it);
	}
	default:
		return scalar(z, at);
	}
}

/* ---- normalized service fields ----------------------------------------------- */

/* A list of strings where compose allows a single string too: null is an
 * empty list, a string a list of one; null items are dropped. */
static struct cv *strlist(struct norm *z, const struct cl_val *v)
{
	struct items it = { NULL, 0, 0 };
	const struct ynode *n = v->node;
	if (n->kind == Y_SCALAR && !y_is_null(n)) {
		items_add(z, &it, NULL, NULL, scalar(z, v));
	} else if (n->kind == Y_SEQ) {
		for (uint32_t i = 0; i < n->seq.n; i++) {
			struct cl_val item = cl_val_item(z->a, v, i);
			if (item.node->kind == Y_SCALAR && !y_is_null(item.node))
				items_add(z, &it, NULL, NULL, scalar(z, &item));
		}
	}
	return cv_coll(z, CV_LIST, v, &it);
}

/* "KEY=VALUE": always a string, and as written it is the part after the
 * separator, so raw() sees "${DB_PASSWORD}", not the whole item. */
static struct cv *value_of_item(struct norm *z, const char *key, const char *value,
				const struct cl_val *at)
{
	struct cv *v = cv_str(z, value, at);
	const char *raw = at->node->scalar.raw;
	size_t klen = strlen(key);
	if (raw && !strncmp(raw, key, klen) && (raw[klen] == '=' || raw[klen] == ':'))
		v->raw = raw + klen + 1;
	return v;
}

/*
 * environment, labels, sysctls, extra_hosts: a mapping, or a list of
 * "KEY<sep>VALUE" strings, as one mapping.  `seps` lists the separators
 * the list form accepts, in order of preference.  A map value that is not
 * a scalar (CL003) is null here.
 */
static struct cv *kvmap(struct norm *z, const struct cl_val *v, const char *seps)
{
	struct items it = { NULL, 0, 0 };
	const struct ynode *n = v->node;
	if (n->kind == Y_MAP) {
		for (uint32_t i = 0; i < n->map.n; i++) {
			struct cl_val at, key_at;
			if (!entry(z, v, i, &at, &key_at))
				continue;
			struct cv *value = at.node->kind == Y_SCALAR && !y_is_null(at.node) ?
					   scalar(z, &at) :   /* the map form is typed as written */
					   cv_new(z, CV_NULL, &at);
			items_add(z, &it, key_at.node->scalar.s, &key_at, value);
		}
	} else {
		for (uint32_t i = 0; i < n->seq.n; i++) {
			struct cl_val at = cl_val_item(z->a, v, i);
			const char *s = cl_str(&at);
			if (!s)
				continue;
			const char *sep = NULL;
			for (const char *p = seps; *p && !sep; p++)
				sep = strchr(s, *p);
			if (!sep) {
				items_add(z, &it, s, &at, cv_new(z, CV_NULL, &at));
				continue;
			}
			const char *key = arena_strndup(z->a, s, (size_t)(sep - s));
			items_add(z, &it, key, &at, value_of_item(z, key, sep + 1, &at));
		}
	}
	return cv_coll(z, CV_MAP, v, &it);
}

/* The value of a field inside a list item: located at the item itself. */
static void field_str(struct norm *z, struct items *it, const char *key, const char *s,
		      const struct cl_val *at)
{
	if (s)
		items_add(z, it, key, at, cv_str(z, s, at));
}

/* A port number or range as compose prints it: a number, or "lo-hi". */
static struct cv *port_range(struct norm *z, uint32_t lo, uint32_t hi, const struct cl_val *at)
{
	if (lo == hi)
		return cv_num(z, lo, at);
	return cv_str(z, arena_printf(z->a, "%u-%u", lo, hi), at);
}

/* The short syntax expanded into the long one; the long syntax, and a
 * string that is not a port (CL003), as written.  Items that are neither a
 * string nor a mapping are left out. */
static struct cv *ports(struct norm *z, const struct cl_val *v)
{
	struct items list = { NULL, 0, 0 };
	const struct ynode *n = v->node;
	for (uint32_t i = 0; n->kind == Y_SEQ && i < n->seq.n; i++) {
		struct cl_val at = cl_val_item(z->a, v, i);
		const char *text = cl_str(&at);
		struct cl_port p;
		memset(&p, 0, sizeof p);
		if (at.node->kind == Y_MAP || (text && cl_parse_port(z->a, text, &p))) {
			items_add(z, &list, NULL, NULL, convert(z, &at));
			continue;
		}
		if (!text)
			continue;
		struct items m = { NULL, 0, 0 };
		items_add(z, &m, "target", &at, port_range(z, p.target_lo, p.target_hi, &at));
		if (p.published_lo)
			items_add(z, &m, "published", &at,
				  port_range(z, p.published_lo, p.published_hi, &at));
		field_str(z, &m, "host_ip", p.host_ip, &at);
		field_str(z, &m, "protocol", p.protocol, &at);
		items_add(z, &list, NULL, NULL, cv_coll(z, CV_MAP, &at, &m));
	}
	return cv_coll(z, CV_LIST, v, &list);
}

/* The type of a long-syntax mount: `type` when it is a string, else (the
 * required key missing, CL003) a bind for a path source, a volume for the
 * rest. */
static enum cl_mount_type mount_type(const struct ynode *m)
{
	const struct yentry *e = y_get(m, "type");
	if (e && e->value->kind == Y_SCALAR) {
		for (int t = 0; t < CL_MOUNT_UNKNOWN; t++)
			if (y_streq(e->value, cl_mount_type_name((enum cl_mount_type)t)))
				return (enum cl_mount_type)t;
		return CL_MOUNT_UNKNOWN;
	}
	e = y_get(m, "source");
	if (e && e->value->kind == Y_SCALAR && !y_is_null(e->value) &&
	    cl_mount_source_is_path(e->value->scalar.s))
		return CL_MOUNT_BIND;
	return CL_MOUNT_VOLUME;
}

/* The short syntax expanded into the long one, which gets the `type` it
 * lacks.  Items that are not mounts are left out. */
static struct cv *volumes(struct norm *z, const struct cl_val *v)
{
	struct items list = { NULL, 0, 0 };
	const struct ynode *n = v->node;
	for (uint32_t i = 0; n->kind == Y_SEQ && i < n->seq.n; i++) {
		struct cl_val at = cl_val_item(z->a, v, i);
		if (at.node->kind == Y_MAP) {
			struct cv *m = convert(z, &at);
			if (!cv_get(m, "type")) {
				struct items it = { (struct cv_entry *)m->items, m->n, m->n };
				items_add(z, &it, "type", &at,
					  cv_str(z, cl_mount_type_name(mount_type(at.node)), &at));
				m->items = it.v;
				m->n = it.n;
			}
			items_add(z, &list, NULL, NULL, m);
			continue;
		}
		const char *text = cl_str(&at);
		struct cl_mount mt;
		if (!text || cl_parse_mount(z->a, text, &mt))
			continue;
		struct items e = { NULL, 0, 0 };
		field_str(z, &e, "type", cl_mount_type_name(mt.type), &at);
		field_str(z, &e, "source", mt.source, &at);
		field_str(z, &e, "target", mt.target, &at);
		if (mt.read_only)
			items_add(z, &e, "read_only", &at, cv_bool(z, 1, &at));
		if (mt.type == CL_MOUNT_BIND) {
			/* the short syntax creates a missing host path; the long
			 * one does so only when told, as compose prints it */
			struct items b = { NULL, 0, 0 };
			items_add(z, &b, "create_host_path", NULL, cv_bool(z, 1, NULL));
			items_add(z, &e, "bind", NULL, cv_coll(z, CV_MAP, NULL, &b));
		}
		items_add(z, &list, NULL, NULL, cv_coll(z, CV_MAP, &at, &e));
	}
	return cv_coll(z, CV_LIST, v, &list);
}

/*
 * networks, depends_on (as_map) and secrets, configs (as a list of
 * {source, ...}): a list of names, of long-syntax mappings with `source`,
 * or a mapping from name to details.
 */
static struct cv *references(struct norm *z, const struct cl_val *v, int as_map)
{
	struct items it = { NULL, 0, 0 };
	const struct ynode *n = v->node;
	if (n->kind == Y_MAP) {
		for (uint32_t i = 0; i < n->map.n; i++) {
			struct cl_val body, key_at;
			if (entry(z, v, i, &body, &key_at))
				items_add(z, &it, as_map ? key_at.node->scalar.s : NULL,
					  as_map ? &key_at : NULL, convert(z, &body));
		}
		return cv_coll(z, as_map ? CV_MAP : CV_LIST, v, &it);
	}
	for (uint32_t i = 0; i < n->seq.n; i++) {
		struct cl_val at = cl_val_item(z->a, v, i);
		const char *name = NULL;
		if (at.node->kind == Y_SCALAR) {
			name = cl_str(&at);
		} else if (at.node->kind == Y_MAP) {
			const struct yentry *src = y_get(at.node, "source");
			if (src && src->value->kind == Y_SCALAR)
				name = src->value->scalar.s;
		}
		if (!name)
			continue;
		struct cv *value;
		if (at.node->kind == Y_MAP) {
			value = convert(z, &at);
		} else if (as_map) {
			value = cv_new(z, CV_NULL, &at);
		} else {
			struct items m = { NULL, 0, 0 };
			field_str(z, &m, "source", name, &at);
			value = cv_coll(z, CV_MAP, &at, &m);
		}
		items_add(z, &it, as_map ? name : NULL, as_map ? &at : NULL, value);
	}
	return cv_coll(z, as_map ? CV_MAP : CV_LIST, v, &it);
}

/* healthcheck.test as a list: "CMD-SHELL" for the string form, as compose does. */
static struct cv *healthcheck(struct norm *z, const struct cl_val *at)
{
	struct cv *v = convert(z, at);
	if (v->kind != CV_MAP)
		return v;
	for (uint32_t i = 0; i < v->n; i++) {
		struct cv_entry *e = (struct cv_entry *)&v->items[i];
		if (strcmp(e->key, "test") || e->value->kind != CV_STR)
			continue;
		const struct cv *t = e->value;
		struct items it = { NULL, 0, 0 };
		if (strcmp(t->text, "NONE"))
			items_add(z, &it, NULL, NULL, cv_str(z, "CMD-SHELL", &t->at));
		items_add(z, &it, NULL, NULL, t);
		e->value = cv_coll(z, CV_LIST, &t->at, &it);
	}
	return v;
}

static int has_collection_item(const struct ynode *seq)
{
	for (uint32_t i = 0; seq->kind == Y_SEQ && i < seq->seq.n; i++) {
		const struct ynode *it = y_deref(seq->seq.items[i], NULL, NULL);
		if (it->kind == Y_MAP || it->kind == Y_SEQ)
			return 1;
	}
	return 0;
}

/* A service field in its normalized shape `how`, or NULL to convert it as written. */
static struct cv *shape(struct norm *z, enum cl_norm how, const struct cl_val *v)
{
	const struct ynode *n = v->node;
	/* a value of the wrong type (CL003) is kept as written */
	int collection = n->kind == Y_MAP || n->kind == Y_SEQ;
	int b;
	switch (how) {
	case CL_NORM_AS_WRITTEN:
		return NULL;
	case CL_NORM_STRLIST:
		/* long forms (devices {source, target}, env_file {path,
		 * required}) are kept as written */
		return n->kind == Y_MAP || has_collection_item(n) ? NULL : strlist(z, v);
	case CL_NORM_KV:
		return collection ? kvmap(z, v, "=") : NULL;
	case CL_NORM_HOSTS:
		return collection ? kvmap(z, v, "=:") : NULL;
	case CL_NORM_PORTS:
		return collection ? ports(z, v) : NULL;
	case CL_NORM_VOLUMES:
		return collection ? volumes(z, v) : NULL;
	case CL_NORM_NAMES:
		return collection ? references(z, v, 1) : NULL;
	case CL_NORM_SOURCES:
		return collection ? references(z, v, 0) : NULL;
	case CL_NORM_HEALTHCHECK:
		return healthcheck(z, v);
	case CL_NORM_BOOL:
		/* compose reads these as booleans, YAML 1.1 spellings and
		 * quoted forms included */
		if (n->kind == Y_SCALAR && !n->unknown && y_bool(n, &b))
			return cv_bool(z, b, v);
		return NULL;
	}
	return NULL;
}

struct shaped {
	enum cl_norm how;
	const struct cv *value;
};

/* A service field in its normalized shape, or NULL to convert it as written.
 * A big collection used by many services (through an alias or extends) is
 * shaped once; each use gets its own top value, positioned at that use. */
static struct cv *service_field(struct norm *z, const char *name, const char *key,
				const struct cl_val *v)
{
	const char *path[] = { "services", name, key };
	enum cl_norm how = cl_key_norm(path, 3);
	const struct ynode *n = v->node;
	if (n->kind != Y_MAP && n->kind != Y_SEQ)
		return shape(z, how, v);
	const struct shaped *seen = ptrmap_get(&z->fields, n);
	if (seen && seen->how == how) {
		if (!seen->value)
			return NULL;
		struct cv *out = cv_new(z, (enum cv_kind)seen->value->kind, v);
		out->items = seen->value->items;
		out->n = seen->value->n;
		return out;
	}
	uint32_t before = z->nodes;
	struct cv *out = shape(z, how, v);
	if (!seen && z->nodes - before >= MEMO_MIN_NODES) {
		struct shaped *sh = arena_alloc(z->a, sizeof *sh);
		sh->how = how;
		sh->value = out;
		ptrmap_put(&z->fields, n, sh);
	}
	return out;
}

static struct cv *service(struct norm *z, const struct cl_val *svc)
{
	const struct ynode *n = svc->node;
	if (n->kind != Y_MAP)
		return convert(z, svc);
	struct items it = { NULL, 0, 0 };
	int has_networks = 0, has_network_mode = 0;
	for (uint32_t i = 0; i < n->map.n && !z->truncated; i++) {
		struct cl_val v, k;
		if (!entry(z, svc, i, &v, &k) || is_reset(v.node))
			continue;
		const char *key = k.node->scalar.s;
		struct cv *out = service_field(z, svc->key->scalar.s, key, &v);
		if (!out)
			out = convert(z, &v);
		has_networks |= !strcmp(key, "networks");
		has_network_mode |= !strcmp(key, "network_mode");
		items_add(z, &it, key, &k, out);
	}
	if (!has_networks && !has_network_mode) {
		/* compose attaches such a service to the project's default network */
		struct items nets = { NULL, 0, 0 };
		items_add(z, &nets, "default", NULL, cv_new(z, CV_NULL, NULL));
		items_add(z, &it, "networks", NULL, cv_coll(z, CV_MAP, NULL, &nets));
	}
	return cv_coll(z, CV_MAP, svc, &it);
}

/* services, networks, volumes, secrets, configs: a mapping from name to
 * definition, each converted by fn; empty when not a mapping (CL003). */
static struct cv *named(struct norm *z, const struct cl_val *v,
			struct cv *(*fn)(struct norm *, const struct cl_val *))
{
	struct items it = { NULL, 0, 0 };
	const struct ynode *n = v->node;
	/* services stop at the limit; other definitions are null past it */
	for (uint32_t i = 0; n && n->kind == Y_MAP && i < n->map.n && (fn != service || !z->truncated);
	     i++) {
		struct cl_val body, k;
		if (entry(z, v, i, &body, &k))
			items_add(z, &it, k.node->scalar.s, &k, fn(z, &body));
	}
	return cv_coll(z, CV_MAP, v, &it);
}

const struct cv *compose_normalize(struct arena *a, const struct ynode *root, int *truncated)
{
	static const char *const sections[] = { "services", "networks", "volumes", "secrets",
						"configs" };
	struct norm z = { a, 0, 0, 0, PTRMAP_INIT, PTRMAP_INIT };
	struct cl_val top_at = { root, NULL, NULL };
	/* the document's sections; a key written twice: the last counts */
	struct cl_val name = { NULL, NULL, NULL }, at[5];
	memset(at, 0, sizeof at);
	for (uint32_t i = 0; root && root->kind == Y_MAP && i < root->map.n; i++) {
		const struct yentry *e = &root->map.entries[i];
		if (y_streq(e->key, "name"))
			name = cl_val_entry(a, NULL, e);
		for (size_t s = 0; s < 5; s++)
			if (y_streq(e->key, sections[s]))
				at[s] = cl_val_entry(a, NULL, e);
	}
	struct items top = { NULL, 0, 0 };
	if (name.node)
		items_add(&z, &top, "name", &name, convert(&z, &name));
	for (size_t s = 0; s < 5; s++)
		items_add(&z, &top, sections[s], &at[s], named(&z, &at[s], s ? convert : service));
	if (truncated)
		*truncated = z.truncated;
	ptrmap_release(&z.memo);
	ptrmap_release(&z.fields);
	return cv_coll(&z, CV_MAP, root ? &top_at : NULL, &top);
}

const struct cv_entry *cv_entry(const struct cv *map, const char *key)
{
	if (!map || map->kind != CV_MAP)
		return NULL;
	for (uint32_t i = 0; i < map->n; i++)
		if (!strcmp(map->items[i].key, key))
			return &map->items[i];
	return NULL;
}

const struct cv *cv_get(const struct cv *map, const char *key)
{
	const struct cv_entry *e = cv_entry(map, key);
	return e ? e->value : NULL;
}

const char *cv_kind_name(enum cv_kind k)
{
	static const char *const names[] = { "null", "a boolean", "a number", "a string", "a list",
					     "a mapping" };
	return names[k];
}
