/*
 * keys.h - what composelint does with a compose key, beyond its type.
 *
 * The facts about one compose key sit in four tables, one per concern, each
 * keyed by the key's path in the document (`*` stands for any name:
 * services.*.ports is the ports of every service):
 *
 *   type         schema.c, t_top and the types below it (a tree: the path
 *                is its nesting); every key compose accepts is there
 *   merging      keys.c, merge_rules[]: how an override file, an extends
 *                base or an include combines with it (merge.h); a key
 *                without a row merges by default
 *   normalizing  keys.c, norm_rules[]: the one shape policies see for a
 *                key with a short syntax or several forms (value.h); a key
 *                without a row is converted as written
 *   rebasing     keys.c, rebase_rules[]: a key holding a path relative to
 *                its file's directory (rebase.h)
 *
 * Adding or changing a compose key, check each in turn:
 *   1. schema.c: the key in its parent's PROPS(), with its type;
 *   2. merge_rules[]: a row when the Compose merge rules treat it apart
 *      (replaced whole, merged by key, unique by some identity, ...);
 *   3. norm_rules[]: a row when it has a short syntax, a list-or-mapping
 *      form, or a single string that stands for a list;
 *   4. rebase_rules[]: a row when it names a file or directory of the host;
 *   5. the tests of each table touched (test_schema.c, test_merge.c,
 *      test_normalize.c, test_project.c) and docs/compose-projects.md.
 * A new kind of rule (a new enum value below) also needs its code in
 * merge.c, normalize.c or rebase.c.
 */
#ifndef CL_COMPOSE_KEYS_H
#define CL_COMPOSE_KEYS_H

#include <stdint.h>

/* How a value merges with the one it overrides (merge.c). */
enum cl_merge_rule {
	MR_DEFAULT,   /* maps merge, sequences append, scalars replace */
	MR_REPLACE,   /* the override's value, whole */
	MR_KV,        /* K=V list or mapping, by key */
	MR_HOSTS,     /* extra_hosts: like MR_KV, "host:ip" too */
	MR_SET,       /* list unique by value (the part before '=') */
	MR_PORTS,     /* list unique by host_ip:published:target/protocol */
	MR_MOUNTS,    /* volumes: unique by target */
	MR_DEVICES,   /* devices: unique by target */
	MR_SECRETS,   /* unique by target, default /run/secrets/<source> */
	MR_CONFIGS,   /* unique by target, default /<source> */
	MR_ENV_FILE,  /* unique by path */
	MR_NAMES,     /* depends_on, networks: a list is a mapping of names */
	MR_BUILD,     /* a string is {context: string} */
	MR_LOGGING,   /* merge only with the same driver */
	MR_SUBNETS,   /* ipam.config: by subnet */
};

/* The normalized shape of a value (normalize.c). */
enum cl_norm {
	CL_NORM_AS_WRITTEN,
	CL_NORM_STRLIST,      /* a list of strings; one string is a list of one */
	CL_NORM_KV,           /* "K=V" list or mapping -> mapping */
	CL_NORM_HOSTS,        /* the same, "host:ip" too */
	CL_NORM_PORTS,        /* short syntax -> long syntax */
	CL_NORM_VOLUMES,      /* short syntax -> long syntax */
	CL_NORM_NAMES,        /* list of names or mapping -> mapping of names */
	CL_NORM_SOURCES,      /* list of names or mapping -> list of {source, ...} */
	CL_NORM_HEALTHCHECK,  /* test: "cmd" -> [CMD-SHELL, "cmd"] */
	CL_NORM_BOOL,         /* YAML 1.1 and quoted booleans -> boolean */
};

/* How a value holds a path relative to its file (rebase.c). */
enum cl_rebase {
	RB_NONE,
	RB_PATH,        /* a string here is a path */
	RB_PATHS,       /* a string here, or each string of a list here, is a path */
	RB_MOUNTS,      /* a list of mounts: the sources of bind mounts are paths */
};

/* A path from the document's root: keys, outermost first. */
#define CL_KEY_DEPTH 5u

/* cl_key_merge_rule() - how the value at path merges; MR_DEFAULT past
 * CL_KEY_DEPTH. */
enum cl_merge_rule cl_key_merge_rule(const char *const *path, uint32_t depth);
/* cl_key_norm() - the normalized shape of the value at path. */
enum cl_norm cl_key_norm(const char *const *path, uint32_t depth);

/*
 * cl_key_rebase() - how the value at path holds a path (RB_NONE: it is
 * not one); *below is set when a row lies deeper under path, so a mapping
 * there must be walked.  Items of a list have their list's path.
 */
enum cl_rebase cl_key_rebase(const char *const *path, uint32_t depth, int *below);

#endif
