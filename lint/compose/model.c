/*
 * model.c - YAML tree -> typed compose model (see model.h).
 *
 * Each service key is dispatched through one table; the list-shaped fields
 * (ports, volumes, environment, ...) go through their normalizers in
 * ports.c, volumes.c and the generic list readers below.  Wrong types are
 * skipped silently here: the schema check reports them.
 */
#include "compose/model.h"
#include "base/arena.h"

#include <stddef.h>
#include <string.h>

const char *cl_str(const struct cl_val *v)
{
	if (!v->node || v->node->kind != Y_SCALAR || v->node->style == YS_EMPTY)
		return NULL;
	return v->node->scalar.s;
}

/* An entry of a mapping as a value; its chain continues with the chain that
 * brought the mapping itself (a service reached through an alias, say). */
struct cl_val cl_val_entry(struct arena *a, const struct cl_val *parent, const struct yentry *e)
{
	struct cl_val v = { e->value, e->via, e->key };
	if (parent && parent->via)
		v.via = e->via ? y_via_concat(a, e->via, parent->via) : parent->via;
	return v;
}

/* A sequence item as a value: follows an alias item and keeps the chain. */
struct cl_val cl_val_item(struct arena *a, const struct cl_val *seq, uint32_t i)
{
	struct cl_val v = { NULL, seq->via, NULL };
	const struct yvia *item_via = seq->node->seq.vias ? seq->node->seq.vias[i] : NULL;
	if (item_via)
		v.via = y_via_concat(a, item_via, v.via);
	v.node = y_deref(seq->node->seq.items[i], a, &v.via);
	return v;
}

/* ---- generic list readers ---------------------------------------------- */

static void read_strlist(struct arena *a, const struct cl_val *v, struct cl_strlist *out)
{
	out->node = *v;
	const struct ynode *n = v->node;
	if (n->kind == Y_SCALAR) {
		if (y_is_null(n))
			return;
		out->items = arena_alloc(a, sizeof *out->items);
		out->items[0] = *v;
		out->n = 1;
		return;
	}
	if (n->kind != Y_SEQ)
		return;
	out->items = arena_alloc(a, (n->seq.n ? n->seq.n : 1) * sizeof *out->items);
	for (uint32_t i = 0; i < n->seq.n; i++) {
		struct cl_val it = cl_val_item(a, v, i);
		if (it.node->kind == Y_SCALAR && !y_is_null(it.node))
			out->items[out->n++] = it;
	}
}

/*
 * environment / labels / sysctls / extra_hosts: a mapping, or a list of
 * "KEY<sep>VALUE" strings.  `seps` lists the separators the list form
 * accepts, in order of preference.
 */
static void read_kvlist(struct arena *a, const struct cl_val *v, struct cl_kvlist *out,
			const char *seps)
{
	out->node = *v;
	const struct ynode *n = v->node;
	if (n->kind == Y_MAP) {
		out->items = arena_alloc(a, (n->map.n ? n->map.n : 1) * sizeof *out->items);
		for (uint32_t i = 0; i < n->map.n; i++) {
			const struct yentry *e = &n->map.entries[i];
			if (e->key->kind != Y_SCALAR)
				continue;
			struct cl_kv *kv = &out->items[out->n++];
			kv->key = e->key->scalar.s;
			kv->at = cl_val_entry(a, v, e);
			kv->key_at = kv->at;
			kv->key_at.node = e->key;
			if (e->value->kind == Y_SCALAR && !y_is_null(e->value))
				kv->value = e->value->scalar.s;
		}
	} else if (n->kind == Y_SEQ) {
		out->items = arena_alloc(a, (n->seq.n ? n->seq.n : 1) * sizeof *out->items);
		for (uint32_t i = 0; i < n->seq.n; i++) {
			struct cl_val it = cl_val_item(a, v, i);
			const char *s = cl_str(&it);
			if (!s)
				continue;
			struct cl_kv *kv = &out->items[out->n++];
			kv->at = kv->key_at = it;
			const char *sep = NULL;
			for (const char *p = seps; *p && !sep; p++)
				sep = strchr(s, *p);
			if (sep) {
				kv->key = arena_strndup(a, s, (size_t)(sep - s));
				kv->value = sep + 1;
			} else {
				kv->key = s;
			}
		}
	}
}

/*
 * networks / depends_on / secrets / configs / volumes_from / links: a list
 * of names (or of long-syntax mappings with `source`), or a mapping from name
 * to details.  `name_sep` cuts a name from a longer string ("svc:alias").
 */
static void read_reflist(struct arena *a, const struct cl_val *v, struct cl_reflist *out,
			 char name_sep)
{
	out->node = *v;
	const struct ynode *n = v->node;
	if (n->kind == Y_MAP) {
		out->items = arena_alloc(a, (n->map.n ? n->map.n : 1) * sizeof *out->items);
		for (uint32_t i = 0; i < n->map.n; i++) {
			const struct yentry *e = &n->map.entries[i];
			if (e->key->kind != Y_SCALAR)
				continue;
			struct cl_ref *r = &out->items[out->n++];
			r->name = e->key->scalar.s;
			r->body = cl_val_entry(a, v, e);
			r->at = r->body;
			r->at.node = e->key;
		}
	} else if (n->kind == Y_SEQ) {
		out->items = arena_alloc(a, (n->seq.n ? n->seq.n : 1) * sizeof *out->items);
		for (uint32_t i = 0; i < n->seq.n; i++) {
			struct cl_val it = cl_val_item(a, v, i);
			const char *name = NULL;
			struct cl_val body = { NULL, NULL, NULL };
			if (it.node->kind == Y_SCALAR) {
				name = cl_str(&it);
				const char *cut = name && name_sep ? strchr(name, name_sep) : NULL;
				if (cut)
					name = arena_strndup(a, name, (size_t)(cut - name));
			} else if (it.node->kind == Y_MAP) {
				const struct yentry *src = y_get(it.node, "source");
				if (src && src->value->kind == Y_SCALAR)
					name = src->value->scalar.s;
				body = it;
			}
			if (!name)
				continue;
			struct cl_ref *r = &out->items[out->n++];
			r->name = name;
			r->at = it;
			r->body = body;
		}
	}
}

static void read_objects(struct arena *a, const struct cl_val *v, struct cl_objects *out)
{
	out->node = *v;
	const struct ynode *n = v->node;
	if (n->kind != Y_MAP)
		return;
	out->items = arena_alloc(a, (n->map.n ? n->map.n : 1) * sizeof *out->items);
	for (uint32_t i = 0; i < n->map.n; i++) {
		const struct yentry *e = &n->map.entries[i];
		if (e->key->kind != Y_SCALAR)
			continue;
		struct cl_object *o = &out->items[out->n++];
		o->name = e->key->scalar.s;
		o->key = e->key;
		o->node = cl_val_entry(a, v, e);
	}
}

/* ---- ports and volumes ------------------------------------------------- */

/* A long-syntax target or published value: one port or a range, never a
 * short-syntax spec ("8080:80" would otherwise read as target 80). */
static int parse_lone_range(struct arena *a, const char *text, struct cl_port *tmp)
{
	return strpbrk(text, ":/") ? -1 : cl_parse_port(a, text, tmp);
}

static void read_ports(struct arena *a, struct cl_service *s, const struct cl_val *v)
{
	s->ports_node = *v;
	const struct ynode *n = v->node;
	if (n->kind != Y_SEQ)
		return;
	s->ports = arena_alloc(a, (n->seq.n ? n->seq.n : 1) * sizeof *s->ports);
	for (uint32_t i = 0; i < n->seq.n; i++) {
		struct cl_val it = cl_val_item(a, v, i);
		struct cl_port *p = &s->ports[s->nports];
		memset(p, 0, sizeof *p);
		p->at = p->published_at = it;
		if (it.node->kind == Y_SCALAR) {
			const char *text = cl_str(&it);
			if (!text)
				continue;
			p->valid = cl_parse_port(a, text, p) == 0;
			p->at = p->published_at = it;
		} else if (it.node->kind == Y_MAP) {
			struct cl_port tmp;
			const struct yentry *e;
			p->protocol = "tcp";
			p->valid = 1;
			if ((e = y_get(it.node, "target")) && e->value->kind == Y_SCALAR &&
			    !parse_lone_range(a, e->value->scalar.s, &tmp)) {
				p->target_lo = tmp.target_lo;
				p->target_hi = tmp.target_hi;
			} else {
				p->valid = 0;
			}
			if ((e = y_get(it.node, "published")) && e->value->kind == Y_SCALAR &&
			    !y_is_null(e->value)) {
				if (!parse_lone_range(a, e->value->scalar.s, &tmp)) {
					/* a lone number parses as a target: it is the host side here */
					p->published_lo = tmp.target_lo;
					p->published_hi = tmp.target_hi;
				} else {
					p->valid = 0;
				}
				p->published_at = cl_val_entry(a, &it, e);
			}
			if ((e = y_get(it.node, "host_ip")) && e->value->kind == Y_SCALAR)
				p->host_ip = e->value->scalar.s;
			if ((e = y_get(it.node, "protocol")) && e->value->kind == Y_SCALAR)
				p->protocol = e->value->scalar.s;
		} else {
			continue;
		}
		s->nports++;
	}
}

static void read_volumes(struct arena *a, struct cl_service *s, const struct cl_val *v)
{
	s->volumes_node = *v;
	const struct ynode *n = v->node;
	if (n->kind != Y_SEQ)
		return;
	s->volumes = arena_alloc(a, (n->seq.n ? n->seq.n : 1) * sizeof *s->volumes);
	for (uint32_t i = 0; i < n->seq.n; i++) {
		struct cl_val it = cl_val_item(a, v, i);
		struct cl_mount *m = &s->volumes[s->nvolumes];
		memset(m, 0, sizeof *m);
		m->at = m->source_at = it;
		if (it.node->kind == Y_SCALAR) {
			const char *text = cl_str(&it);
			if (!text || cl_parse_mount(a, text, m))
				continue;
		} else if (it.node->kind == Y_MAP) {
			static const char *const types[] = { "volume", "bind", "tmpfs", "npipe",
							     "cluster", "image" };
			const struct yentry *e;
			int typed = 0;
			m->type = CL_MOUNT_VOLUME;
			if ((e = y_get(it.node, "type")) && e->value->kind == Y_SCALAR) {
				typed = 1;
				m->type = CL_MOUNT_UNKNOWN;
				for (size_t t = 0; t < sizeof types / sizeof *types; t++)
					if (y_streq(e->value, types[t]))
						m->type = (enum cl_mount_type)t;
			}
			if ((e = y_get(it.node, "source")) && e->value->kind == Y_SCALAR &&
			    !y_is_null(e->value)) {
				m->source = e->value->scalar.s;
				m->source_at = cl_val_entry(a, &it, e);
			}
			if ((e = y_get(it.node, "target")) && e->value->kind == Y_SCALAR)
				m->target = e->value->scalar.s;
			/* `type` is required; without it (a CL003 finding) a path
			 * source still means a bind mount to the rules */
			if (!typed && m->source && cl_mount_source_is_path(m->source))
				m->type = CL_MOUNT_BIND;
			int ro;
			if ((e = y_get(it.node, "read_only")) && y_bool(e->value, &ro))
				m->read_only = ro;
		} else {
			continue;
		}
		s->nvolumes++;
	}
}

/* ---- services ----------------------------------------------------------- */

enum field_kind { F_VAL, F_STRLIST, F_KV_ENV, F_KV_HOSTS, F_REFS, F_REFS_LINK, F_PORTS, F_VOLUMES };

struct field {
	const char *key;
	enum field_kind kind;
	size_t off;
};

#define VAL(k)          { #k, F_VAL, offsetof(struct cl_service, k) }
#define LIST(k)         { #k, F_STRLIST, offsetof(struct cl_service, k) }
#define KV(k, kind)     { #k, kind, offsetof(struct cl_service, k) }

/* Every service key the model reads; the schema check knows the rest. */
static const struct field fields[] = {
	VAL(image), VAL(build), VAL(command), VAL(entrypoint), VAL(user), VAL(working_dir),
	VAL(hostname), VAL(privileged), VAL(read_only), VAL(init), VAL(stdin_open), VAL(tty),
	VAL(network_mode), VAL(pid), VAL(ipc), VAL(uts), VAL(userns_mode), VAL(cgroup),
	VAL(cgroup_parent), VAL(restart), VAL(healthcheck), VAL(deploy), VAL(logging),
	VAL(ulimits), VAL(extends), VAL(pids_limit), VAL(mem_limit), VAL(memswap_limit),
	VAL(cpus), VAL(cpu_shares), VAL(shm_size), VAL(container_name), VAL(platform),
	VAL(pull_policy), VAL(stop_signal), VAL(oom_kill_disable),
	KV(environment, F_KV_ENV), KV(labels, F_KV_ENV), KV(sysctls, F_KV_ENV),
	KV(extra_hosts, F_KV_HOSTS),
	LIST(env_file), LIST(cap_add), LIST(cap_drop), LIST(security_opt), LIST(devices),
	LIST(profiles), LIST(expose), LIST(dns), LIST(group_add), LIST(tmpfs),
	KV(networks, F_REFS), KV(depends_on, F_REFS), KV(secrets, F_REFS), KV(configs, F_REFS),
	KV(volumes_from, F_REFS), KV(links, F_REFS_LINK),
	{ "ports", F_PORTS, 0 }, { "volumes", F_VOLUMES, 0 },
};

static void read_service(struct arena *a, struct cl_service *s)
{
	const struct ynode *n = s->node.node;
	if (!n || n->kind != Y_MAP)
		return;
	for (uint32_t i = 0; i < n->map.n; i++) {
		const struct yentry *e = &n->map.entries[i];
		if (e->key->kind != Y_SCALAR)
			continue;
		struct cl_val v = cl_val_entry(a, &s->node, e);
		for (size_t f = 0; f < sizeof fields / sizeof *fields; f++) {
			if (!y_streq(e->key, fields[f].key))
				continue;
			void *dst = (char *)s + fields[f].off;
			switch (fields[f].kind) {
			case F_VAL:
				*(struct cl_val *)dst = v;
				break;
			case F_STRLIST:
				read_strlist(a, &v, dst);
				break;
			case F_KV_ENV:
				read_kvlist(a, &v, dst, "=");
				break;
			case F_KV_HOSTS:
				read_kvlist(a, &v, dst, "=:");
				break;
			case F_REFS:
				read_reflist(a, &v, dst, 0);
				break;
			case F_REFS_LINK:
				read_reflist(a, &v, dst, ':');
				break;
			case F_PORTS:
				read_ports(a, s, &v);
				break;
			case F_VOLUMES:
				read_volumes(a, s, &v);
				break;
			}
			break;
		}
	}
	const char *img = cl_str(&s->image);
	if (img)
		cl_image_parse(a, img, &s->image_ref);
}

struct cl_project *compose_model_build(struct arena *a, uint32_t file, const struct ynode *root)
{
	struct cl_project *p = arena_alloc(a, sizeof *p);
	p->file = file;
	p->root = root;
	if (!root || root->kind != Y_MAP)
		return p;
	for (uint32_t i = 0; i < root->map.n; i++) {
		const struct yentry *e = &root->map.entries[i];
		struct cl_val v = cl_val_entry(a, NULL, e);
		if (y_streq(e->key, "name"))
			p->name = v;
		else if (y_streq(e->key, "version"))
			p->version = v;
		else if (y_streq(e->key, "include"))
			p->include = v;
		else if (y_streq(e->key, "networks"))
			read_objects(a, &v, &p->networks);
		else if (y_streq(e->key, "volumes"))
			read_objects(a, &v, &p->volumes);
		else if (y_streq(e->key, "secrets"))
			read_objects(a, &v, &p->secrets);
		else if (y_streq(e->key, "configs"))
			read_objects(a, &v, &p->configs);
		else if (y_streq(e->key, "services"))
			p->services_node = v;
	}
	const struct ynode *sn = p->services_node.node;
	if (!sn || sn->kind != Y_MAP)
		return p;
	p->services = arena_alloc(a, (sn->map.n ? sn->map.n : 1) * sizeof *p->services);
	for (uint32_t i = 0; i < sn->map.n; i++) {
		const struct yentry *e = &sn->map.entries[i];
		if (e->key->kind != Y_SCALAR)
			continue;
		struct cl_service *s = &p->services[p->nservices++];
		s->name = e->key->scalar.s;
		s->key = e->key;
		s->node = cl_val_entry(a, &p->services_node, e);
		read_service(a, s);
	}
	return p;
}

const struct cl_service *cl_project_service(const struct cl_project *p, const char *name)
{
	for (uint32_t i = 0; i < p->nservices; i++)
		if (!strcmp(p->services[i].name, name))
			return &p->services[i];
	return NULL;
}

const struct cl_object *cl_objects_find(const struct cl_objects *o, const char *name)
{
	for (uint32_t i = 0; i < o->n; i++)
		if (!strcmp(o->items[i].name, name))
			return &o->items[i];
	return NULL;
}
