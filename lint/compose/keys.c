/*
 * keys.c - the compose keys that merging, normalizing and rebasing treat
 * apart (see keys.h for the checklist).  Rows are matched in order; the
 * first row whose path equals the value's path wins.
 */
#include "compose/keys.h"

#include <stddef.h>
#include <string.h>

struct key_path {
	const char *seg[CL_KEY_DEPTH];   /* NULL-terminated when shorter; "*": any name */
};

#define SVC(k)        { { "services", "*", k } }
#define SVC2(k, k2)   { { "services", "*", k, k2 } }

/* Compose Specification merge.md, as compose-go applies it (merge.h). */
static const struct {
	struct key_path path;
	enum cl_merge_rule rule;
} merge_rules[] = {
	{ SVC("command"), MR_REPLACE },
	{ SVC("entrypoint"), MR_REPLACE },
	{ SVC2("healthcheck", "test"), MR_REPLACE },
	{ SVC2("ulimits", "*"), MR_REPLACE },
	{ SVC("environment"), MR_KV },
	{ SVC("labels"), MR_KV },
	{ SVC("annotations"), MR_KV },
	{ SVC("sysctls"), MR_KV },
	{ SVC2("deploy", "labels"), MR_KV },
	{ SVC2("build", "args"), MR_KV },
	{ SVC2("build", "labels"), MR_KV },
	{ SVC2("build", "additional_contexts"), MR_KV },
	{ { { "networks", "*", "labels" } }, MR_KV },
	{ { { "volumes", "*", "labels" } }, MR_KV },
	{ SVC("extra_hosts"), MR_HOSTS },
	{ SVC2("build", "extra_hosts"), MR_HOSTS },
	{ SVC("dns"), MR_SET },
	{ SVC("dns_opt"), MR_SET },
	{ SVC("dns_search"), MR_SET },
	{ SVC("tmpfs"), MR_SET },
	{ SVC("cap_add"), MR_SET },
	{ SVC("cap_drop"), MR_SET },
	{ SVC("profiles"), MR_SET },
	{ SVC("links"), MR_SET },
	{ SVC("expose"), MR_SET },
	{ SVC("label_file"), MR_SET },
	{ SVC2("build", "tags"), MR_SET },
	{ SVC2("build", "platforms"), MR_SET },
	{ { { "services", "*", "networks", "*", "aliases" } }, MR_SET },
	{ { { "services", "*", "networks", "*", "link_local_ips" } }, MR_SET },
	{ SVC("depends_on"), MR_NAMES },
	{ SVC("networks"), MR_NAMES },
	{ SVC("models"), MR_NAMES },
	{ SVC("ports"), MR_PORTS },
	{ SVC("volumes"), MR_MOUNTS },
	{ SVC("devices"), MR_DEVICES },
	{ SVC("secrets"), MR_SECRETS },
	{ SVC("configs"), MR_CONFIGS },
	{ SVC("env_file"), MR_ENV_FILE },
	{ SVC("build"), MR_BUILD },
	{ SVC("logging"), MR_LOGGING },
	{ { { "networks", "*", "ipam", "config" } }, MR_SUBNETS },
};

/* The shapes `docker compose config` prints (value.h). */
static const struct {
	struct key_path path;
	enum cl_norm norm;
} norm_rules[] = {
	{ SVC("cap_add"), CL_NORM_STRLIST },
	{ SVC("cap_drop"), CL_NORM_STRLIST },
	{ SVC("security_opt"), CL_NORM_STRLIST },
	{ SVC("env_file"), CL_NORM_STRLIST },
	{ SVC("profiles"), CL_NORM_STRLIST },
	{ SVC("expose"), CL_NORM_STRLIST },
	{ SVC("dns"), CL_NORM_STRLIST },
	{ SVC("tmpfs"), CL_NORM_STRLIST },
	{ SVC("devices"), CL_NORM_STRLIST },
	{ SVC("group_add"), CL_NORM_STRLIST },
	{ SVC("environment"), CL_NORM_KV },
	{ SVC("labels"), CL_NORM_KV },
	{ SVC("sysctls"), CL_NORM_KV },
	{ SVC("extra_hosts"), CL_NORM_HOSTS },
	{ SVC("ports"), CL_NORM_PORTS },
	{ SVC("volumes"), CL_NORM_VOLUMES },
	{ SVC("networks"), CL_NORM_NAMES },
	{ SVC("depends_on"), CL_NORM_NAMES },
	{ SVC("secrets"), CL_NORM_SOURCES },
	{ SVC("configs"), CL_NORM_SOURCES },
	{ SVC("healthcheck"), CL_NORM_HEALTHCHECK },
	{ SVC("privileged"), CL_NORM_BOOL },
	{ SVC("read_only"), CL_NORM_BOOL },
	{ SVC("init"), CL_NORM_BOOL },
	{ SVC("tty"), CL_NORM_BOOL },
	{ SVC("stdin_open"), CL_NORM_BOOL },
	{ SVC("oom_kill_disable"), CL_NORM_BOOL },
};

/* The paths compose-go resolves against the file's directory
 * (paths/resolve.go) that a linter reads. */
static const struct {
	struct key_path path;
	enum cl_rebase how;
} rebase_rules[] = {
	{ SVC("build"), RB_PATH },                  /* build: ./dir */
	{ SVC2("build", "context"), RB_PATH },
	{ SVC("env_file"), RB_PATHS },
	{ SVC2("env_file", "path"), RB_PATH },      /* long syntax, in the list */
	{ SVC("volumes"), RB_MOUNTS },
	{ SVC2("volumes", "source"), RB_PATH },     /* long syntax, of a bind mount */
	{ { { "secrets", "*", "file" } }, RB_PATH },
	{ { { "configs", "*", "file" } }, RB_PATH },
};

#define COUNT(t) (sizeof t / sizeof *t)

/* The number of keys of p when path is p or lies under it (prefix); 0 when
 * path is off p. */
static uint32_t match(const struct key_path *p, const char *const *path, uint32_t depth)
{
	uint32_t n = 0;
	while (n < CL_KEY_DEPTH && p->seg[n])
		n++;
	for (uint32_t i = 0; i < depth && i < n; i++)
		if (strcmp(p->seg[i], "*") && strcmp(p->seg[i], path[i]))
			return 0;
	return n;
}

enum cl_merge_rule cl_key_merge_rule(const char *const *path, uint32_t depth)
{
	for (size_t i = 0; depth <= CL_KEY_DEPTH && i < COUNT(merge_rules); i++)
		if (match(&merge_rules[i].path, path, depth) == depth)
			return merge_rules[i].rule;
	return MR_DEFAULT;
}

enum cl_norm cl_key_norm(const char *const *path, uint32_t depth)
{
	for (size_t i = 0; depth <= CL_KEY_DEPTH && i < COUNT(norm_rules); i++)
		if (match(&norm_rules[i].path, path, depth) == depth)
			return norm_rules[i].norm;
	return CL_NORM_AS_WRITTEN;
}

enum cl_rebase cl_key_rebase(const char *const *path, uint32_t depth, int *below)
{
	enum cl_rebase how = RB_NONE;
	*below = 0;
	for (size_t i = 0; depth <= CL_KEY_DEPTH && i < COUNT(rebase_rules); i++) {
		uint32_t n = match(&rebase_rules[i].path, path, depth);
		if (n == depth && how == RB_NONE)
			how = rebase_rules[i].how;
		if (n > depth)
			*below = 1;
	}
	return how;
}
