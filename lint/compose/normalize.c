/*
 * normalize.c - compose model -> normalized value tree (see value.h).
 *
 * The fields whose short syntaxes the model already parses (ports, volumes,
 * environment, labels, references) are built from the model, so each
 * syntax is understood in one place; every other field is converted from
 * its YAML as it is, with YAML 1.2 core typing of plain scalars, the typing
 * compose's YAML parser applies.
 */
#include "compose/value.h"
#include "base/arena.h"
#include "base/ptrmap.h"

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
	/* anchored collections already converted, so an alias bomb costs one
	 * conversion per anchor instead of one per path through it */
	struct ptrmap memo;
};

/* Subtrees at least this big are shared between the uses of their anchor.
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
	if (it->n == it->cap) {
		uint32_t cap = it->cap ? it->cap * 2 : 8;
		it->v = arena_grow(z->a, it->v, it->n * sizeof *it->v, cap * sizeof *it->v);
		it->cap = cap;
	}
	struct cv_entry *e = &it->v[it->n++];
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

static struct cv *convert_map(struct norm *z, const struct cl_val *at)
{
	struct items it = { NULL, 0, 0 };
	const struct ynode *n = at->node;
	for (uint32_t i = 0; i < n->map.n && !z->truncated; i++) {
		const struct yentry *e = &n->map.entries[i];
		if (e->key->kind != Y_SCALAR || is_reset(e->value))
			continue;
		struct cl_val v = cl_val_entry(z->a, at, e);
		struct cl_val k = v;
		k.node = e->key;
		items_add(z, &it, e->key->scalar.s, &k, convert(z, &v));
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
	if (!n->anchor || (n->kind != Y_MAP && n->kind != Y_SEQ))
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

static struct cv *from_strlist(struct norm *z, const struct cl_strlist *l)
{
	struct items it = { NULL, 0, 0 };
	for (uint32_t i = 0; i < l->n; i++)
		items_add(z, &it, NULL, NULL, scalar(z, &l->items[i]));
	return cv_coll(z, CV_LIST, &l->node, &it);
}

/* "KEY=VALUE": always a string, and as written it is the part after the
 * separator, so raw() sees "${DB_PASSWORD}", not the whole item. */
static struct cv *value_of_item(struct norm *z, const struct cl_kv *kv)
{
	struct cv *v = cv_str(z, kv->value, &kv->at);
	const char *raw = kv->at.node->scalar.raw;
	size_t klen = strlen(kv->key);
	if (raw && !strncmp(raw, kv->key, klen) && (raw[klen] == '=' || raw[klen] == ':'))
		v->raw = raw + klen + 1;
	return v;
}

static struct cv *from_kvlist(struct norm *z, const struct cl_kvlist *l)
{
	struct items it = { NULL, 0, 0 };
	for (uint32_t i = 0; i < l->n; i++) {
		const struct cl_kv *kv = &l->items[i];
		struct cv *v;
		if (!kv->value)
			v = cv_new(z, CV_NULL, &kv->at);
		else if (kv->at.node->kind == Y_SCALAR && kv->at.node->scalar.s == kv->value)
			v = scalar(z, &kv->at);  /* map form: typed as written */
		else
			v = value_of_item(z, kv);
		items_add(z, &it, kv->key, &kv->key_at, v);
	}
	return cv_coll(z, CV_MAP, &l->node, &it);
}

/* The value of a field inside a list item: located at the item itself. */
static void field_str(struct norm *z, struct items *it, const char *key, const char *s,
		      const struct cl_val *at)
{
	if (s)
		items_add(z, it, key, at, cv_str(z, s, at));
}

static struct cv *from_ports(struct norm *z, const struct cl_service *s)
{
	struct items list = { NULL, 0, 0 };
	for (uint32_t i = 0; i < s->nports; i++) {
		const struct cl_port *p = &s->ports[i];
		if (!p->valid || p->at.node->kind == Y_MAP) {
			/* long syntax is already a mapping; keep it as written,
			 * with published read as a number where it is one */
			items_add(z, &list, NULL, NULL, convert(z, &p->at));
			continue;
		}
		struct items m = { NULL, 0, 0 };
		items_add(z, &m, "target", &p->at,
			  p->target_lo == p->target_hi ?
			  cv_num(z, p->target_lo, &p->at) :
			  cv_str(z, arena_printf(z->a, "%u-%u", p->target_lo, p->target_hi), &p->at));
		if (p->published_lo)
			items_add(z, &m, "published", &p->published_at,
				  p->published_lo == p->published_hi ?
				  cv_num(z, p->published_lo, &p->published_at) :
				  cv_str(z, arena_printf(z->a, "%u-%u", p->published_lo, p->published_hi),
					 &p->published_at));
		field_str(z, &m, "host_ip", p->host_ip, &p->at);
		field_str(z, &m, "protocol", p->protocol, &p->at);
		items_add(z, &list, NULL, NULL, cv_coll(z, CV_MAP, &p->at, &m));
	}
	return cv_coll(z, CV_LIST, &s->ports_node, &list);
}

static const char *mount_type_name(enum cl_mount_type t)
{
	static const char *const names[] = { "volume", "bind", "tmpfs", "npipe", "cluster", "image",
					     "unknown" };
	return names[t];
}

static struct cv *from_volumes(struct norm *z, const struct cl_service *s)
{
	struct items list = { NULL, 0, 0 };
	for (uint32_t i = 0; i < s->nvolumes; i++) {
		const struct cl_mount *m = &s->volumes[i];
		if (m->at.node->kind == Y_MAP) {
			struct cv *v = convert(z, &m->at);
			if (!cv_get(v, "type")) {
				/* the required `type` is missing (CL003); fill it in as
				 * the model understood it */
				struct items it = { (struct cv_entry *)v->items, v->n, v->n };
				items_add(z, &it, "type", &m->at, cv_str(z, mount_type_name(m->type), &m->at));
				v->items = it.v;
				v->n = it.n;
			}
			items_add(z, &list, NULL, NULL, v);
			continue;
		}
		struct items e = { NULL, 0, 0 };
		field_str(z, &e, "type", mount_type_name(m->type), &m->at);
		field_str(z, &e, "source", m->source, &m->source_at);
		field_str(z, &e, "target", m->target, &m->at);
		if (m->read_only)
			items_add(z, &e, "read_only", &m->at, cv_bool(z, 1, &m->at));
		if (m->type == CL_MOUNT_BIND) {
			/* the short syntax creates a missing host path; the long one
			 * does so only when told, as compose prints it */
			struct items b = { NULL, 0, 0 };
			items_add(z, &b, "create_host_path", NULL, cv_bool(z, 1, NULL));
			items_add(z, &e, "bind", NULL, cv_coll(z, CV_MAP, NULL, &b));
		}
		items_add(z, &list, NULL, NULL, cv_coll(z, CV_MAP, &m->at, &e));
	}
	return cv_coll(z, CV_LIST, &s->volumes_node, &list);
}

/* networks / depends_on: a map from name to details (null when none). */
static struct cv *refs_as_map(struct norm *z, const struct cl_reflist *l)
{
	struct items it = { NULL, 0, 0 };
	for (uint32_t i = 0; i < l->n; i++) {
		const struct cl_ref *r = &l->items[i];
		struct cv *v = r->body.node ? convert(z, &r->body) : cv_new(z, CV_NULL, &r->at);
		items_add(z, &it, r->name, &r->at, v);
	}
	return cv_coll(z, CV_MAP, &l->node, &it);
}

/* secrets / configs: a list of {source, ...}. */
static struct cv *refs_as_list(struct norm *z, const struct cl_reflist *l)
{
	struct items it = { NULL, 0, 0 };
	for (uint32_t i = 0; i < l->n; i++) {
		const struct cl_ref *r = &l->items[i];
		if (r->body.node) {
			items_add(z, &it, NULL, NULL, convert(z, &r->body));
			continue;
		}
		struct items m = { NULL, 0, 0 };
		field_str(z, &m, "source", r->name, &r->at);
		items_add(z, &it, NULL, NULL, cv_coll(z, CV_MAP, &r->at, &m));
	}
	return cv_coll(z, CV_LIST, &l->node, &it);
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

enum nfield { N_STRLIST, N_KV, N_PORTS, N_VOLUMES, N_REFMAP, N_REFLIST, N_HEALTH };

static const struct {
	const char *key;
	enum nfield kind;
	size_t off;
} normalized[] = {
	{ "cap_add", N_STRLIST, offsetof(struct cl_service, cap_add) },
	{ "cap_drop", N_STRLIST, offsetof(struct cl_service, cap_drop) },
	{ "security_opt", N_STRLIST, offsetof(struct cl_service, security_opt) },
	{ "env_file", N_STRLIST, offsetof(struct cl_service, env_file) },
	{ "profiles", N_STRLIST, offsetof(struct cl_service, profiles) },
	{ "expose", N_STRLIST, offsetof(struct cl_service, expose) },
	{ "dns", N_STRLIST, offsetof(struct cl_service, dns) },
	{ "tmpfs", N_STRLIST, offsetof(struct cl_service, tmpfs) },
	{ "devices", N_STRLIST, offsetof(struct cl_service, devices) },
	{ "group_add", N_STRLIST, offsetof(struct cl_service, group_add) },
	{ "environment", N_KV, offsetof(struct cl_service, environment) },
	{ "labels", N_KV, offsetof(struct cl_service, labels) },
	{ "sysctls", N_KV, offsetof(struct cl_service, sysctls) },
	{ "extra_hosts", N_KV, offsetof(struct cl_service, extra_hosts) },
	{ "ports", N_PORTS, 0 },
	{ "volumes", N_VOLUMES, 0 },
	{ "networks", N_REFMAP, offsetof(struct cl_service, networks) },
	{ "depends_on", N_REFMAP, offsetof(struct cl_service, depends_on) },
	{ "secrets", N_REFLIST, offsetof(struct cl_service, secrets) },
	{ "configs", N_REFLIST, offsetof(struct cl_service, configs) },
	{ "healthcheck", N_HEALTH, offsetof(struct cl_service, healthcheck) },
};

static int has_collection_item(const struct ynode *seq)
{
	for (uint32_t i = 0; seq->kind == Y_SEQ && i < seq->seq.n; i++) {
		const struct ynode *it = y_deref(seq->seq.items[i], NULL, NULL);
		if (it->kind == Y_MAP || it->kind == Y_SEQ)
			return 1;
	}
	return 0;
}

static int is_bool_field(const char *key)
{
	static const char *const keys[] = { "privileged", "read_only", "init", "tty", "stdin_open",
					    "oom_kill_disable", NULL };
	for (const char *const *k = keys; *k; k++)
		if (!strcmp(*k, key))
			return 1;
	return 0;
}

static struct cv *service(struct norm *z, const struct cl_service *s)
{
	const struct ynode *n = s->node.node;
	if (!n || n->kind != Y_MAP)
		return convert(z, &s->node);
	struct items it = { NULL, 0, 0 };
	int has_networks = 0, has_network_mode = 0;
	for (uint32_t i = 0; i < n->map.n && !z->truncated; i++) {
		const struct yentry *e = &n->map.entries[i];
		if (e->key->kind != Y_SCALAR || is_reset(e->value))
			continue;
		const char *key = e->key->scalar.s;
		struct cl_val v = cl_val_entry(z->a, &s->node, e);
		struct cl_val k = v;
		k.node = e->key;
		struct cv *out = NULL;
		for (size_t f = 0; f < sizeof normalized / sizeof *normalized && !out; f++) {
			if (strcmp(key, normalized[f].key))
				continue;
			const void *field = (const char *)s + normalized[f].off;
			/* a value of the wrong type (CL003) is kept as written */
			if (v.node->kind == Y_SCALAR && normalized[f].kind != N_STRLIST &&
			    normalized[f].kind != N_HEALTH)
				break;
			switch (normalized[f].kind) {
			case N_STRLIST:
				/* long forms (devices {source, target}, env_file
				 * {path, required}) are kept as written */
				out = v.node->kind == Y_MAP ? NULL :
				      has_collection_item(v.node) ? convert(z, &v) :
				      from_strlist(z, field);
				break;
			case N_KV:
				out = from_kvlist(z, field);
				break;
			case N_PORTS:
				out = from_ports(z, s);
				break;
			case N_VOLUMES:
				out = from_volumes(z, s);
				break;
			case N_REFMAP:
				out = refs_as_map(z, field);
				break;
			case N_REFLIST:
				out = refs_as_list(z, field);
				break;
			case N_HEALTH:
				out = healthcheck(z, &v);
				break;
			}
		}
		if (!out && v.node->kind == Y_SCALAR && is_bool_field(key)) {
			/* compose reads these as booleans, YAML 1.1 spellings and
			 * quoted forms included */
			int b;
			if (!v.node->unknown && y_bool(v.node, &b))
				out = cv_bool(z, b, &v);
		}
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
	return cv_coll(z, CV_MAP, &s->node, &it);
}

static struct cv *objects(struct norm *z, const struct cl_objects *o)
{
	struct items it = { NULL, 0, 0 };
	for (uint32_t i = 0; i < o->n; i++) {
		struct cl_val k = o->items[i].node;
		k.node = o->items[i].key;
		items_add(z, &it, o->items[i].name, &k, convert(z, &o->items[i].node));
	}
	return cv_coll(z, CV_MAP, &o->node, &it);
}

const struct cv *compose_normalize(struct arena *a, const struct cl_project *p, int *truncated)
{
	struct norm z = { a, 0, 0, 0, PTRMAP_INIT };
	struct cl_val root = { p->root, NULL, NULL };
	struct items top = { NULL, 0, 0 };
	if (p->name.node)
		items_add(&z, &top, "name", &p->name, convert(&z, &p->name));
	struct items svcs = { NULL, 0, 0 };
	for (uint32_t i = 0; i < p->nservices && !z.truncated; i++) {
		const struct cl_service *s = &p->services[i];
		struct cl_val k = s->node;
		k.node = s->key;
		items_add(&z, &svcs, s->name, &k, service(&z, s));
	}
	items_add(&z, &top, "services", &p->services_node, cv_coll(&z, CV_MAP, &p->services_node, &svcs));
	items_add(&z, &top, "networks", &p->networks.node, objects(&z, &p->networks));
	items_add(&z, &top, "volumes", &p->volumes.node, objects(&z, &p->volumes));
	items_add(&z, &top, "secrets", &p->secrets.node, objects(&z, &p->secrets));
	items_add(&z, &top, "configs", &p->configs.node, objects(&z, &p->configs));
	if (truncated)
		*truncated = z.truncated;
	ptrmap_release(&z.memo);
	return cv_coll(&z, CV_MAP, p->root ? &root : NULL, &top);
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
