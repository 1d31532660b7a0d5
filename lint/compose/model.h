/*
 * model.h - the typed compose model that rules read.
 *
 * Rules never walk YAML: they read this model.  Every field keeps the node
 * it came from (struct cl_val), and so its position, plus the chain of alias
 * and merge sites that brought it there.  Short syntaxes (ports "8080:80",
 * volumes "./data:/data:ro", environment lists) are normalized here, once,
 * so rules see one shape whatever the user wrote.
 *
 * The model is lenient: a value of the wrong type is left absent here and
 * reported by the schema check (schema.h), never twice.
 *
 * Everything is owned by the arena passed to compose_model_build().
 */
#ifndef CL_COMPOSE_MODEL_H
#define CL_COMPOSE_MODEL_H

#include <stdint.h>

#include "compose/image.h"
#include "yaml/tree.h"

struct arena;

/* A value and where it came from.  node == NULL: the key is absent. */
struct cl_val {
	const struct ynode *node;  /* never an alias */
	const struct yvia *via;    /* alias/merge sites between the value and its use */
	const struct ynode *key;   /* the key written for it, when it came from a mapping */
};

static inline int cl_present(const struct cl_val *v)
{
	return v->node != NULL;
}

/* The scalar text of a value, or NULL when absent or not a scalar. */
const char *cl_str(const struct cl_val *v);

/* A list of scalars (cap_add, cap_drop, security_opt, profiles, ...).
 * A single string where compose allows one is a list of one. */
struct cl_strlist {
	struct cl_val node;        /* the whole value */
	struct cl_val *items;
	uint32_t n;
};

/* environment, labels, build args...: list (`- K=V`) and map forms alike. */
struct cl_kv {
	const char *key;           /* the variable or label name */
	const char *value;         /* NULL when unset (`- KEY`, `KEY:` or `KEY: null`) */
	struct cl_val at;          /* the list item, or the map value */
	struct cl_val key_at;      /* the map key, or the list item */
};

struct cl_kvlist {
	struct cl_val node;
	struct cl_kv *items;
	uint32_t n;
};

/* One published or exposed port range.  Short syntax
 * "[host_ip:][published[-range]:]target[-range][/protocol]" and long syntax
 * both end up here. */
struct cl_port {
	struct cl_val at;          /* the list item */
	struct cl_val published_at;/* the published part: long-syntax value, else the item */
	const char *host_ip;       /* NULL when not given */
	uint32_t target_lo, target_hi;
	uint32_t published_lo, published_hi; /* 0 when not published on the host */
	const char *protocol;      /* "tcp" unless given */
	int valid;                 /* 0 when the text could not be read as a port */
};

enum cl_mount_type {
	CL_MOUNT_VOLUME, CL_MOUNT_BIND, CL_MOUNT_TMPFS, CL_MOUNT_NPIPE,
	CL_MOUNT_CLUSTER, CL_MOUNT_IMAGE, CL_MOUNT_UNKNOWN
};

/* A volumes: entry (short or long syntax) or a tmpfs: entry. */
struct cl_mount {
	struct cl_val at;
	struct cl_val source_at;   /* the source part: long-syntax value, else the item */
	enum cl_mount_type type;
	const char *source;        /* NULL for anonymous volumes and tmpfs */
	const char *target;
	int read_only;
};

/* A reference by name with optional long-syntax details: networks,
 * depends_on, secrets, configs of a service. */
struct cl_ref {
	const char *name;
	struct cl_val at;          /* list item, or the map key */
	struct cl_val body;        /* the map value / long-syntax mapping, if any */
};

struct cl_reflist {
	struct cl_val node;
	struct cl_ref *items;
	uint32_t n;
};

struct cl_service {
	const char *name;
	const struct ynode *key;   /* `web:` under services: where absent keys are reported */
	struct cl_val node;        /* the service mapping */

	struct cl_val image;
	struct cl_image_ref image_ref;  /* parsed image; .valid == 0 when no image */
	struct cl_val build, command, entrypoint, user, working_dir, hostname;
	struct cl_val privileged, read_only, init, stdin_open, tty;
	struct cl_val network_mode, pid, ipc, uts, userns_mode, cgroup, cgroup_parent;
	struct cl_val restart, healthcheck, deploy, logging, ulimits, extends;
	struct cl_val pids_limit, mem_limit, memswap_limit, cpus, cpu_shares, shm_size;
	struct cl_val container_name, platform, pull_policy, stop_signal, oom_kill_disable;

	struct cl_kvlist environment, labels, sysctls, extra_hosts;
	struct cl_strlist env_file, cap_add, cap_drop, security_opt, devices, profiles;
	struct cl_strlist expose, dns, group_add;

	struct cl_port *ports;
	uint32_t nports;
	struct cl_val ports_node;

	struct cl_mount *volumes;
	uint32_t nvolumes;
	struct cl_val volumes_node;
	struct cl_strlist tmpfs;

	struct cl_reflist networks, depends_on, secrets, configs, volumes_from, links;
};

/* A top-level network, volume, secret or config definition. */
struct cl_object {
	const char *name;
	const struct ynode *key;
	struct cl_val node;        /* mapping, or null for `name:` with defaults */
};

struct cl_objects {
	struct cl_val node;
	struct cl_object *items;
	uint32_t n;
};

struct cl_project {
	uint32_t file;
	const struct ynode *root;
	struct cl_val name, version, include;
	struct cl_service *services;
	uint32_t nservices;
	struct cl_val services_node;
	struct cl_objects networks, volumes, secrets, configs;
};

/* cl_val_entry() - an entry of a mapping as a value; its chain continues with
 * the parent's (a service reached through an alias, say).  parent may be NULL. */
struct cl_val cl_val_entry(struct arena *a, const struct cl_val *parent, const struct yentry *e);
/* cl_val_item() - item i of a sequence value, following an alias item. */
struct cl_val cl_val_item(struct arena *a, const struct cl_val *seq, uint32_t i);

/* compose_model_build() - the model of one compose document (root may be NULL
 * for an empty file). */
struct cl_project *compose_model_build(struct arena *a, uint32_t file, const struct ynode *root);

const struct cl_service *cl_project_service(const struct cl_project *p, const char *name);
const struct cl_object *cl_objects_find(const struct cl_objects *o, const char *name);

/* Helpers shared by the normalizers (and their unit tests). */
int cl_parse_port(struct arena *a, const char *text, struct cl_port *out);
int cl_parse_mount(struct arena *a, const char *text, struct cl_mount *out);
/* A mount source that is a host path (bind) rather than a volume name. */
int cl_mount_source_is_path(const char *source);

#endif
