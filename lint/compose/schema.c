/*
 * schema.c - the Compose Specification as a table, and a walk over it.
 *
 * The table below restates the facts of the compose-spec JSON schema
 * (schema/compose-spec.json) in our own terms: each value is a `struct
 * stype` saying which shapes it may take (a kind of scalar, a list of some
 * item type, a mapping with known keys and/or one type for all other keys,
 * null) and a few extra constraints (fixed values, required keys, name
 * syntax).  Every oneOf in the specification is decided by the kind of node
 * (string vs list vs mapping vs null), so one struct covers them all.
 * A few properties that docker compose (compose-go) accepts ahead of the
 * published specification are included so that current files pass
 * (services.*.pre_start, build.no_cache_filter, null service models).
 * Compared key by key with compose-spec 170098ba and compose-go e70e961c.
 *
 * Adding a compose key takes more than its row here: see the checklist
 * in keys.h.
 *
 * Scalar leniency follows what compose does after interpolation: a boolean
 * field takes YAML 1.1 and quoted booleans, integer fields take quoted
 * integers, string fields take any plain scalar (compose stringifies it).
 * A scalar containing `$` interpolation is never a type error.
 */
#include "compose/schema.h"
#include "base/suggest.h"

#include "base/arena.h"
#include "base/utf8.h"
#include "yaml/tree.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the table ---------------------------------------------------------- */

enum sscalar {
	SC_NONE,     /* no scalar accepted */
	SC_STR,      /* a string (any plain scalar is stringified) */
	SC_BOOL,     /* a boolean (YAML 1.1 spellings, quoted forms) */
	SC_INT,      /* an integer (quoted integers too) */
	SC_NUM,      /* a number (quoted numbers too) */
	SC_STRNUM,   /* a string or a number: byte sizes, ranges, modes */
	SC_STRBOOL,  /* a string or a boolean */
	SC_ANY,      /* a string, a number or a boolean */
};

enum {
	SF_NULL = 1u << 0,   /* null is accepted */
	SF_MAP = 1u << 1,    /* a mapping is accepted */
	SF_X = 1u << 2,      /* `x-` keys are accepted (and never walked) */
	SF_NAMES = 1u << 3,  /* other keys must be names: [a-zA-Z0-9._-]+ */
	SF_ANY = 1u << 4,    /* anything at all; never walked */
};

struct stype;

struct sprop {
	const char *key;
	const struct stype *type;
};

struct stype {
	uint8_t scalar;                /* enum sscalar */
	uint8_t flags;                 /* SF_* */
	const struct stype *items;     /* list item type; NULL: no list */
	const struct sprop *props;     /* known keys, { NULL } terminated */
	const struct stype *values;    /* type of every other key; NULL: unknown */
	const char *owner;             /* values of this mapping are named objects */
	const char *const *req;        /* required keys */
	const char *const *oneof;      /* allowed scalar values */
	int (*valid)(const char *s, size_t len);  /* a pattern the scalar must match */
	const char *valid_what;        /* what valid() accepts, for the message */
};

#define PROPS(...) ((const struct sprop[]){ __VA_ARGS__, { NULL, NULL } })
#define WORDS(...) ((const char *const[]){ __VA_ARGS__, NULL })
#define TYPE(...)  (&(const struct stype){ __VA_ARGS__ })
/* a mapping with known keys, `x-` keys allowed */
#define XMAP(...)  TYPE(.flags = SF_MAP | SF_X, .props = PROPS(__VA_ARGS__))
/* a mapping with known keys only */
#define MAP(...)   TYPE(.flags = SF_MAP, .props = PROPS(__VA_ARGS__))

/* cppcheck's preprocessor leaves a TYPE() unexpanded when it sits in a PROPS()
 * inside another TYPE(), and a bare designator is a syntax error to it: a
 * type nested that deep with a designated field gets a name of its own. */

/* pull_policy: the specification's pattern is not anchored, so a value
 * passes when it contains one of the policy words or every_<n><unit>. */
static int contains(const char *s, size_t len, const char *w)
{
	size_t wl = strlen(w);
	for (size_t i = 0; i + wl <= len; i++)
		if (!memcmp(s + i, w, wl))
			return 1;
	return 0;
}

static int valid_pull_policy(const char *s, size_t len)
{
	static const char *const words[] = { "always", "never", "build", "if_not_present",
					     "missing", "refresh", "daily", "weekly", NULL };
	for (const char *const *w = words; *w; w++)
		if (contains(s, len, *w))
			return 1;
	for (size_t i = 0; i + 6 <= len; i++) {
		if (memcmp(s + i, "every_", 6))
			continue;
		size_t j = i + 6, digits = 0;
		while (j < len && s[j] >= '0' && s[j] <= '9') {
			j++;
			digits++;
		}
		if (digits && j < len && s[j] && strchr("wdhms", s[j]))
			return 1;
	}
	return 0;
}

static int name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '.' || c == '-';
}

/* container_name: a letter or digit and a name character, somewhere (the
 * specification's pattern is not anchored either) */
static int valid_container_name(const char *s, size_t len)
{
	for (size_t i = 0; i + 1 < len; i++) {
		char c = s[i];
		int alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
		if (alnum && name_char(s[i + 1]))
			return 1;
	}
	return 0;
}

static const struct stype t_any = { .flags = SF_ANY };
static const struct stype t_str = { .scalar = SC_STR };
static const struct stype t_bool = { .scalar = SC_BOOL };
static const struct stype t_int = { .scalar = SC_INT };
static const struct stype t_num = { .scalar = SC_NUM };
static const struct stype t_strnum = { .scalar = SC_STRNUM };
static const struct stype t_strbool = { .scalar = SC_STRBOOL };
static const struct stype t_strs = { .items = &t_str };
static const struct stype t_str_or_strs = { .scalar = SC_STR, .items = &t_str };
static const struct stype t_command = { .scalar = SC_STR, .flags = SF_NULL, .items = &t_str };
static const struct stype t_strnums = { .items = &t_strnum };

/* list_or_dict: environment, labels, sysctls, build args, ... */
static const struct stype t_dict_value = { .scalar = SC_ANY, .flags = SF_NULL };
static const struct stype t_list_or_dict = {
	.flags = SF_MAP, .items = &t_str, .values = &t_dict_value,
};
/* driver_opts and similar: a mapping of strings or numbers */
static const struct stype t_opts = { .flags = SF_MAP, .values = &t_strnum };
static const struct stype t_str_dict = { .flags = SF_MAP, .values = &t_str };
static const struct stype t_free_map = { .flags = SF_MAP, .values = &t_any };

static const struct stype t_extra_hosts = {
	.flags = SF_MAP, .items = &t_str, .values = &t_str_or_strs,
};

static const struct stype t_ulimit = {
	.scalar = SC_INT,
	.flags = SF_MAP | SF_X,
	.props = PROPS({ "soft", &t_int }, { "hard", &t_int }),
	.req = WORDS("soft", "hard"),
};
static const struct stype t_ulimits = { .flags = SF_MAP, .values = &t_ulimit };

/* service secrets: and configs: */
static const struct stype t_file_refs = {
	.items = TYPE(.scalar = SC_STR, .flags = SF_MAP | SF_X,
		      .props = PROPS({ "source", &t_str }, { "target", &t_str },
				     { "uid", &t_str }, { "gid", &t_str },
				     { "mode", &t_strnum })),
};

static const struct stype t_hook = {
	.flags = SF_MAP | SF_X,
	.props = PROPS({ "command", &t_command }, { "user", &t_str },
		       { "privileged", &t_bool }, { "working_dir", &t_str },
		       { "environment", &t_list_or_dict }),
	.req = WORDS("command"),
};
static const struct stype t_pre_start_hook = {
	.flags = SF_MAP | SF_X,
	.props = PROPS({ "command", &t_command }, { "image", &t_str }, { "user", &t_str },
		       { "privileged", &t_bool }, { "working_dir", &t_str },
		       { "environment", &t_list_or_dict }, { "per_replica", &t_bool }),
};

/* deploy.resources.reservations.devices, and the list form of gpus */
static const struct sprop p_device_request[] = {
	{ "capabilities", &t_strs }, { "count", &t_strnum }, { "device_ids", &t_strs },
	{ "driver", &t_str }, { "options", &t_list_or_dict }, { NULL, NULL },
};

static const struct stype t_update_config = {
	.flags = SF_MAP | SF_X,
	.props = PROPS({ "parallelism", &t_int }, { "delay", &t_str },
		       { "failure_action", &t_str }, { "monitor", &t_str },
		       { "max_failure_ratio", &t_num },
		       { "order", TYPE(.scalar = SC_STR,
				       .oneof = WORDS("start-first", "stop-first")) }),
};

static const struct stype t_deploy = {
	.flags = SF_MAP | SF_X | SF_NULL,
	.props = PROPS(
		{ "mode", &t_str },
		{ "endpoint_mode", &t_str },
		{ "replicas", &t_int },
		{ "labels", &t_list_or_dict },
		{ "rollback_config", &t_update_config },
		{ "update_config", &t_update_config },
		{ "resources", XMAP(
			{ "limits", XMAP({ "cpus", &t_num }, { "memory", &t_str },
					 { "pids", &t_int }) },
			{ "reservations", XMAP(
				{ "cpus", &t_num }, { "memory", &t_str },
				{ "generic_resources", TYPE(.items = XMAP(
					{ "discrete_resource_spec",
					  XMAP({ "kind", &t_str }, { "value", &t_strnum }) })) },
				{ "devices", TYPE(.items = TYPE(
					.flags = SF_MAP | SF_X, .props = p_device_request,
					.req = WORDS("capabilities"))) }) }) },
		{ "restart_policy", XMAP({ "condition", &t_str }, { "delay", &t_str },
					 { "max_attempts", &t_int }, { "window", &t_str }) },
		{ "placement", XMAP(
			{ "constraints", &t_strs },
			{ "preferences", TYPE(.items = XMAP({ "spread", &t_str })) },
			{ "max_replicas_per_node", &t_int }) }),
};

/* one item of develop.watch */
static const struct stype t_watch_rule = {
	.flags = SF_MAP | SF_X,
	.props = PROPS({ "ignore", &t_str_or_strs }, { "include", &t_str_or_strs },
		       { "path", &t_str },
		       { "action", TYPE(.scalar = SC_STR,
					.oneof = WORDS("rebuild", "sync", "restart",
						       "sync+restart", "sync+exec")) },
		       { "target", &t_str }, { "exec", &t_hook },
		       { "initial_sync", &t_bool }),
	.req = WORDS("path", "action"),
};

static const struct stype t_develop = {
	.flags = SF_MAP | SF_X | SF_NULL,
	.props = PROPS({ "watch", TYPE(.items = &t_watch_rule) }),
};

static const struct stype t_build = {
	.scalar = SC_STR,
	.flags = SF_MAP | SF_X,
	.props = PROPS(
		{ "context", &t_str }, { "dockerfile", &t_str }, { "dockerfile_inline", &t_str },
		{ "entitlements", &t_strs }, { "args", &t_list_or_dict },
		{ "ssh", &t_list_or_dict }, { "labels", &t_list_or_dict },
		{ "cache_from", &t_strs }, { "cache_to", &t_strs }, { "no_cache", &t_bool },
		{ "no_cache_filter", &t_str_or_strs },
		{ "additional_contexts", &t_list_or_dict }, { "network", &t_str },
		{ "provenance", &t_strbool }, { "sbom", &t_strbool }, { "pull", &t_bool },
		{ "target", &t_str }, { "shm_size", &t_strnum }, { "extra_hosts", &t_extra_hosts },
		{ "isolation", &t_str }, { "privileged", &t_bool }, { "secrets", &t_file_refs },
		{ "tags", &t_strs }, { "ulimits", &t_ulimits }, { "platforms", &t_strs }),
};

static const struct stype t_blkio_limits = {
	.items = MAP({ "path", &t_str }, { "rate", &t_strnum }),
};

static const struct stype t_healthcheck = {
	.flags = SF_MAP | SF_X,
	.props = PROPS({ "disable", &t_bool }, { "interval", &t_str }, { "retries", &t_int },
		       { "test", &t_str_or_strs }, { "timeout", &t_str },
		       { "start_period", &t_str }, { "start_interval", &t_str }),
};

static const struct stype t_port = {
	.scalar = SC_STRNUM,
	.flags = SF_MAP | SF_X,
	.props = PROPS({ "name", &t_str }, { "mode", &t_str }, { "host_ip", &t_str },
		       { "target", &t_int }, { "published", &t_strnum },
		       { "protocol", &t_str }, { "app_protocol", &t_str }),
};

static const struct stype t_mount = {
	.scalar = SC_STR,
	.flags = SF_MAP | SF_X,
	.props = PROPS(
		{ "type", TYPE(.scalar = SC_STR, .oneof = WORDS("bind", "volume", "tmpfs",
								  "cluster", "npipe", "image")) },
		{ "source", &t_str }, { "target", &t_str }, { "read_only", &t_bool },
		{ "consistency", &t_str },
		{ "bind", XMAP({ "propagation", &t_str }, { "create_host_path", &t_bool },
			       { "recursive", TYPE(.scalar = SC_STR,
						   .oneof = WORDS("enabled", "disabled",
								  "writable", "readonly")) },
			       { "selinux", TYPE(.scalar = SC_STR, .oneof = WORDS("z", "Z")) }) },
		{ "volume", XMAP({ "labels", &t_list_or_dict }, { "nocopy", &t_bool },
				 { "subpath", &t_str }) },
		{ "tmpfs", XMAP({ "size", &t_strnum }, { "mode", &t_strnum }) },
		{ "image", XMAP({ "subpath", &t_str }) }),
	.req = WORDS("type"),
};

static const struct stype t_env_file = {
	.scalar = SC_STR,
	.items = TYPE(.scalar = SC_STR, .flags = SF_MAP,
		      .props = PROPS({ "path", &t_str }, { "format", &t_str },
				     { "required", &t_bool }),
		      .req = WORDS("path")),
};

static const struct stype t_service_networks = {
	.flags = SF_MAP | SF_NAMES,
	.items = &t_str,
	.values = TYPE(
		.flags = SF_MAP | SF_X | SF_NULL,
		.props = PROPS({ "aliases", &t_strs }, { "interface_name", &t_str },
			       { "ipv4_address", &t_str }, { "ipv6_address", &t_str },
			       { "link_local_ips", &t_strs }, { "mac_address", &t_str },
			       { "driver_opts", &t_opts }, { "priority", &t_num },
			       { "gw_priority", &t_num })),
};

static const struct stype t_depends_on = {
	.flags = SF_MAP | SF_NAMES,
	.items = &t_str,
	.values = TYPE(
		.flags = SF_MAP | SF_X,
		.props = PROPS({ "restart", &t_bool }, { "required", &t_bool },
			       { "condition", TYPE(.scalar = SC_STR,
						   .oneof = WORDS("service_started",
								  "service_healthy",
								  "service_completed_successfully")) }),
		.req = WORDS("condition")),
};

/* provider.options: scalars, or lists of them */
static const struct stype t_provider_options = {
	.flags = SF_MAP,
	.values = TYPE(.scalar = SC_ANY, .items = TYPE(.scalar = SC_ANY)),
};

static const struct stype t_service = {
	.flags = SF_MAP | SF_X,
	.props = PROPS(
		{ "annotations", &t_list_or_dict },
		{ "attach", &t_bool },
		{ "blkio_config", MAP(
			{ "device_read_bps", &t_blkio_limits },
			{ "device_read_iops", &t_blkio_limits },
			{ "device_write_bps", &t_blkio_limits },
			{ "device_write_iops", &t_blkio_limits },
			{ "weight", &t_int },
			{ "weight_device", TYPE(.items = MAP({ "path", &t_str },
							     { "weight", &t_int })) }) },
		{ "build", &t_build },
		{ "cap_add", &t_strs },
		{ "cap_drop", &t_strs },
		{ "cgroup", TYPE(.scalar = SC_STR, .oneof = WORDS("host", "private")) },
		{ "cgroup_parent", &t_str },
		{ "command", &t_command },
		{ "configs", &t_file_refs },
		{ "container_name", TYPE(.scalar = SC_STR, .valid = valid_container_name,
					 .valid_what = "a name of at least two characters, "
						       "starting with a letter or digit") },
		{ "cpu_count", &t_int },
		{ "cpu_percent", &t_num },
		{ "cpu_period", &t_int },
		{ "cpu_quota", &t_int },
		{ "cpu_rt_period", &t_int },
		{ "cpu_rt_runtime", &t_int },
		{ "cpu_shares", &t_int },
		{ "cpus", &t_num },
		{ "cpuset", &t_str },
		{ "credential_spec", XMAP({ "config", &t_str }, { "file", &t_str },
					  { "registry", &t_str }) },
		{ "depends_on", &t_depends_on },
		{ "deploy", &t_deploy },
		{ "develop", &t_develop },
		{ "device_cgroup_rules", &t_strs },
		{ "devices", TYPE(.items = TYPE(
			.scalar = SC_STR, .flags = SF_MAP | SF_X,
			.props = PROPS({ "source", &t_str }, { "target", &t_str },
				       { "permissions", &t_str }),
			.req = WORDS("source"))) },
		{ "dns", &t_str_or_strs },
		{ "dns_opt", &t_strs },
		{ "dns_search", &t_str_or_strs },
		{ "domainname", &t_str },
		{ "entrypoint", &t_command },
		{ "env_file", &t_env_file },
		{ "environment", &t_list_or_dict },
		{ "expose", &t_strnums },
		{ "extends", TYPE(.scalar = SC_STR, .flags = SF_MAP,
				  .props = PROPS({ "service", &t_str }, { "file", &t_str }),
				  .req = WORDS("service")) },
		{ "external_links", &t_strs },
		{ "extra_hosts", &t_extra_hosts },
		/* the specification leaves gpus items open to other keys */
		{ "gpus", TYPE(.scalar = SC_STR, .oneof = WORDS("all"),
			       .items = TYPE(.flags = SF_MAP, .props = p_device_request,
					     .values = &t_any)) },
		{ "group_add", &t_strnums },
		{ "healthcheck", &t_healthcheck },
		{ "hostname", &t_str },
		{ "image", &t_str },
		{ "init", &t_bool },
		{ "ipc", &t_str },
		{ "isolation", &t_str },
		{ "label_file", &t_str_or_strs },
		{ "labels", &t_list_or_dict },
		{ "links", &t_strs },
		{ "logging", XMAP({ "driver", &t_str },
				  { "options", TYPE(.flags = SF_MAP, .values = &t_dict_value) }) },
		{ "mac_address", &t_str },
		{ "mem_limit", &t_strnum },
		{ "mem_reservation", &t_strnum },
		{ "mem_swappiness", &t_strnum },
		{ "memswap_limit", &t_strnum },
		{ "models", TYPE(.flags = SF_MAP, .items = &t_str,
				 .values = TYPE(.flags = SF_MAP | SF_X | SF_NULL,
						.props = PROPS({ "endpoint_var", &t_str },
							       { "model_var", &t_str }))) },
		{ "network_mode", &t_str },
		{ "networks", &t_service_networks },
		{ "oom_kill_disable", &t_bool },
		{ "oom_score_adj", &t_int },
		{ "pid", TYPE(.scalar = SC_STR, .flags = SF_NULL) },
		{ "pids_limit", &t_int },
		{ "platform", &t_str },
		{ "ports", TYPE(.items = &t_port) },
		{ "post_start", TYPE(.items = &t_hook) },
		{ "pre_start", TYPE(.items = &t_pre_start_hook) },
		{ "pre_stop", TYPE(.items = &t_hook) },
		{ "privileged", &t_bool },
		{ "profiles", &t_strs },
		{ "provider", TYPE(
			.flags = SF_MAP | SF_X,
			.props = PROPS({ "type", &t_str },
				       { "options", &t_provider_options }),
			.req = WORDS("type")) },
		{ "pull_policy", TYPE(.scalar = SC_STR, .valid = valid_pull_policy,
				      .valid_what = "'always', 'never', 'missing', 'build', "
						    "'refresh', 'daily', 'weekly' or 'every_<duration>'") },
		{ "pull_refresh_after", &t_str },
		{ "read_only", &t_bool },
		{ "restart", &t_str },
		{ "runtime", &t_str },
		{ "scale", &t_int },
		{ "secrets", &t_file_refs },
		{ "security_opt", &t_strs },
		{ "shm_size", &t_strnum },
		{ "stdin_open", &t_bool },
		{ "stop_grace_period", &t_str },
		{ "stop_signal", &t_str },
		{ "storage_opt", &t_free_map },
		{ "sysctls", &t_list_or_dict },
		{ "tmpfs", &t_str_or_strs },
		{ "tty", &t_bool },
		{ "ulimits", &t_ulimits },
		{ "use_api_socket", &t_bool },
		{ "user", &t_str },
		{ "userns_mode", &t_str },
		{ "uts", &t_str },
		{ "volumes", TYPE(.items = &t_mount) },
		{ "volumes_from", &t_strs },
		{ "working_dir", &t_str }),
};

/* `external:` of top-level objects: a boolean, or the obsolete {name: ...} */
static const struct stype t_external = {
	.scalar = SC_BOOL, .flags = SF_MAP | SF_X, .props = PROPS({ "name", &t_str }),
};
/* secrets and configs do not close their `external` mapping */
static const struct stype t_external_open = {
	.scalar = SC_BOOL, .flags = SF_MAP, .props = PROPS({ "name", &t_str }),
	.values = &t_any,
};

static const struct stype t_network = {
	.flags = SF_MAP | SF_X | SF_NULL,
	.props = PROPS(
		{ "name", &t_str }, { "driver", &t_str }, { "driver_opts", &t_opts },
		{ "ipam", XMAP(
			{ "driver", &t_str },
			{ "config", TYPE(.items = XMAP({ "subnet", &t_str }, { "ip_range", &t_str },
						       { "gateway", &t_str },
						       { "aux_addresses", &t_str_dict })) },
			{ "options", &t_str_dict }) },
		{ "external", &t_external }, { "internal", &t_bool },
		{ "enable_ipv4", &t_bool }, { "enable_ipv6", &t_bool },
		{ "attachable", &t_bool }, { "labels", &t_list_or_dict }),
};

static const struct stype t_volume = {
	.flags = SF_MAP | SF_X | SF_NULL,
	.props = PROPS({ "name", &t_str }, { "driver", &t_str }, { "driver_opts", &t_opts },
		       { "external", &t_external }, { "labels", &t_list_or_dict }),
};

static const struct stype t_secret = {
	.flags = SF_MAP | SF_X,
	.props = PROPS({ "name", &t_str }, { "environment", &t_str }, { "file", &t_str },
		       { "external", &t_external_open }, { "labels", &t_list_or_dict },
		       { "driver", &t_str }, { "driver_opts", &t_opts },
		       { "template_driver", &t_str }),
};

static const struct stype t_config = {
	.flags = SF_MAP | SF_X,
	.props = PROPS({ "name", &t_str }, { "content", &t_str }, { "environment", &t_str },
		       { "file", &t_str }, { "external", &t_external_open },
		       { "labels", &t_list_or_dict }, { "template_driver", &t_str }),
};

static const struct stype t_model = {
	.flags = SF_MAP | SF_X,
	.props = PROPS({ "name", &t_str }, { "model", &t_str }, { "context_size", &t_int },
		       { "runtime_flags", &t_strs }),
	.req = WORDS("model"),
};

static const struct stype t_top = {
	.flags = SF_MAP | SF_X,
	.props = PROPS(
		{ "version", &t_str },
		{ "name", &t_str },
		{ "include", TYPE(.items = TYPE(
			.scalar = SC_STR, .flags = SF_MAP,
			.props = PROPS({ "path", &t_str_or_strs }, { "env_file", &t_str_or_strs },
				       { "project_directory", &t_str }))) },
		{ "services", TYPE(.flags = SF_MAP | SF_NAMES, .values = &t_service,
				   .owner = "service") },
		{ "models", TYPE(.flags = SF_MAP, .values = &t_model, .owner = "model") },
		{ "networks", TYPE(.flags = SF_MAP, .values = &t_network, .owner = "network") },
		{ "volumes", TYPE(.flags = SF_MAP | SF_NAMES, .values = &t_volume,
				  .owner = "volume") },
		{ "secrets", TYPE(.flags = SF_MAP | SF_NAMES, .values = &t_secret,
				  .owner = "secret") },
		{ "configs", TYPE(.flags = SF_MAP | SF_NAMES, .values = &t_config,
				  .owner = "config") }),
};

/* ---- the walk ----------------------------------------------------------- */

#define VISIT_LIMIT     1000000u  /* nodes and entries looked at, aliases included */
#define ISSUE_LIMIT     10000u    /* issues per document */
#define SUGGEST_LIMIT   1000u     /* unknown keys that get a "did you mean" */
#define MAX_PATH        32
#define SHOW_MAX        64

enum ikind { IK_KEY, IK_TYPE, IK_VALUE, IK_REQUIRED, IK_NAME };

struct seg {
	const char *s;  /* key text, or NULL for a list index */
	size_t len;
	uint32_t idx;
};

struct seenkey {
	uint64_t pos;   /* file, offset and kind; never 0 */
	uint64_t path;  /* path_hash() */
};

struct walk {
	struct arena *a;
	/* where we are: an owner ("service 'web'") and a path below it */
	const char *owner_kind;
	const struct ynode *owner_name;
	struct seg path[MAX_PATH];
	uint32_t base, depth;
	uint64_t visits;
	int stopped;        /* a limit was reached: no more checking */
	int substituted_only;  /* report only on values interpolation produced */
	int in_substituted;    /* ... and one is being checked */
	int too_many;       /* ... and it was ISSUE_LIMIT */
	uint32_t suggested; /* edit distances computed, in unknown keys */
	/* issues found (from out->v[first] on), and the (position, kind, path)
	 * triples already reported */
	struct cl_diags *out;
	uint32_t first;
	struct seenkey *seen;
	uint32_t capseen, nseen;
};

static uint64_t mix(uint64_t h, uint64_t v)
{
	h ^= v + 0x9E3779B97F4A7C15ull + (h << 6) + (h >> 2);
	return h * 0xff51afd7ed558ccdull;
}

/* The path below the owner, list indices left out, hashed: the same
 * anchored node reached as `environment` of two services (or as two items of
 * one list) is one issue; reached as `command` and as `environment`, two. */
static uint64_t path_hash(const struct walk *w)
{
	uint64_t h = 0x6a09e667f3bcc908ull;
	for (uint32_t i = w->base; i < w->depth; i++) {
		const struct seg *sg = &w->path[i];
		if (!sg->s) {
			h = mix(h, 0x100000000ull);  /* any index: `ports[]` */
			continue;
		}
		for (size_t j = 0; j < sg->len; j++)
			h = mix(h, (unsigned char)sg->s[j]);
		h = mix(h, 0x200000000ull);
	}
	return h;
}

/* 1 when (position, kind, path) is new; 0 when it was reported already. */
static int seen_add(struct walk *w, const struct cl_span *at, enum ikind kind)
{
	struct seenkey key = {
		((uint64_t)at->file << 36) ^ ((uint64_t)at->start.off << 4) ^ ((uint64_t)kind + 1),
		path_hash(w),
	};
	if (w->nseen * 2 + 2 > w->capseen) {
		uint32_t cap = w->capseen ? w->capseen * 2 : 64;
		struct seenkey *ns = xcalloc(cap, sizeof *ns);
		for (uint32_t i = 0; i < w->capseen; i++) {
			if (!w->seen[i].pos)
				continue;
			uint32_t j = (uint32_t)(mix(w->seen[i].pos, w->seen[i].path) >> 32) & (cap - 1);
			while (ns[j].pos)
				j = (j + 1) & (cap - 1);
			ns[j] = w->seen[i];
		}
		xfree(w->seen);
		w->seen = ns;
		w->capseen = cap;
	}
	uint32_t j = (uint32_t)(mix(key.pos, key.path) >> 32) & (w->capseen - 1);
	while (w->seen[j].pos) {
		if (w->seen[j].pos == key.pos && w->seen[j].path == key.path)
			return 0;
		j = (j + 1) & (w->capseen - 1);
	}
	w->seen[j] = key;
	w->nseen++;
	return 1;
}

static void add_issue_raw(struct walk *w, struct cl_span at, const char *msg)
{
	cl_diag_add(w->out, 0, &at, "%s", msg);
}

static void add_issue(struct walk *w, struct cl_span at, const char *msg)
{
	if (w->substituted_only && !w->in_substituted)
		return;
	if (w->out->n - w->first >= ISSUE_LIMIT) {
		w->stopped = w->too_many = 1;
		return;
	}
	add_issue_raw(w, at, msg);
}

/* ---- text helpers ---- */

struct buf {
	char s[2048];
	size_t n;
};

static void put(struct buf *b, const char *s, size_t len)
{
	size_t room = sizeof b->s - 1 - b->n;
	if (len > room) {
		len = room;
		while (len > 0 && utf8_is_continuation((unsigned char)s[len]))
			len--;  /* never cut a UTF-8 sequence */
	}
	memcpy(b->s + b->n, s, len);
	b->n += len;
	b->s[b->n] = '\0';
}

static void puts_(struct buf *b, const char *s)
{
	put(b, s, strlen(s));
}

/* Text from the document, made safe for a one-line message. */
static void put_shown(struct buf *b, const char *s, size_t len)
{
	size_t n = len > SHOW_MAX ? SHOW_MAX : len;
	while (n < len && n > 0 && utf8_is_continuation((unsigned char)s[n]))
		n--;  /* never cut a UTF-8 sequence */
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		char ch = (c < 0x20 || c == 0x7f || c == '\'') ? '?' : (char)c;
		put(b, &ch, 1);
	}
	if (len > n)
		puts_(b, "...");
}

static void put_node(struct buf *b, const struct ynode *k)
{
	if (k && k->kind == Y_SCALAR)
		put_shown(b, k->scalar.s, k->scalar.len);
	else
		puts_(b, "?");
}

static void put_path(struct buf *b, const struct walk *w)
{
	for (uint32_t i = w->base; i < w->depth; i++) {
		const struct seg *sg = &w->path[i];
		if (!sg->s) {
			char num[16];
			snprintf(num, sizeof num, "[%u]", (unsigned)sg->idx);
			puts_(b, num);
			continue;
		}
		if (i > w->base)
			puts_(b, ".");
		put_shown(b, sg->s, sg->len);
	}
}

static void put_owner(struct buf *b, const struct walk *w)
{
	puts_(b, w->owner_kind);
	puts_(b, " '");
	put_node(b, w->owner_name);
	puts_(b, "'");
}

/* "in 'deploy' of service 'web'", "in service 'web'", "in 'include[0]'", "at top level" */
static void put_where(struct buf *b, const struct walk *w)
{
	int has_path = w->depth > w->base;
	if (has_path) {
		puts_(b, "in '");
		put_path(b, w);
		puts_(b, "'");
		if (w->owner_kind) {
			puts_(b, " of ");
			put_owner(b, w);
		}
	} else if (w->owner_kind) {
		puts_(b, "in ");
		put_owner(b, w);
	} else {
		puts_(b, "at top level");
	}
}

/* The subject of a sentence about the current value: "'privileged' of
 * service 'web'", "service 'web'", "'services'", "the document". */
static void put_subject(struct buf *b, const struct walk *w)
{
	int has_path = w->depth > w->base;
	if (has_path) {
		puts_(b, "'");
		put_path(b, w);
		puts_(b, "'");
		if (w->owner_kind) {
			puts_(b, " of ");
			put_owner(b, w);
		}
	} else if (w->owner_kind) {
		put_owner(b, w);
	} else {
		puts_(b, "the top level of a compose file");
	}
}

/* "a string, a list of strings or null" */
static void put_expected(struct buf *b, const struct stype *t)
{
	const char *atoms[8];
	unsigned n = 0;
	switch (t->scalar) {
	case SC_STR:
		atoms[n++] = "a string";
		break;
	case SC_BOOL:
		atoms[n++] = "a boolean";
		break;
	case SC_INT:
		atoms[n++] = "an integer";
		break;
	case SC_NUM:
		atoms[n++] = "a number";
		break;
	case SC_STRNUM:
		atoms[n++] = "a string";
		atoms[n++] = "a number";
		break;
	case SC_STRBOOL:
		atoms[n++] = "a string";
		atoms[n++] = "a boolean";
		break;
	case SC_ANY:
		atoms[n++] = "a string";
		atoms[n++] = "a number";
		atoms[n++] = "a boolean";
		break;
	default:
		break;
	}
	if (t->items) {
		const struct stype *it = t->items;
		atoms[n++] = (it->scalar == SC_STR && !it->items && !(it->flags & SF_MAP))
				     ? "a list of strings" : "a list";
	}
	if (t->flags & SF_MAP)
		atoms[n++] = "a mapping";
	if (t->flags & SF_NULL)
		atoms[n++] = "null";
	for (unsigned i = 0; i < n; i++) {
		if (i)
			puts_(b, i + 1 == n ? " or " : ", ");
		puts_(b, atoms[i]);
	}
}

static const char *describe(const struct ynode *n)
{
	int bv;
	double d;
	if (y_is_null(n))
		return "null";
	switch (n->kind) {
	case Y_SEQ:
		return "a list";
	case Y_MAP:
		return "a mapping";
	default:
		break;
	}
	if (n->style == YS_PLAIN && y_bool(n, &bv))
		return "a boolean";
	if (n->style == YS_PLAIN && y_number(n, &d))
		return "a number";
	return "a string";
}

static void finish(struct walk *w, struct cl_span at, struct buf *b)
{
	add_issue(w, at, arena_strndup(w->a, b->s, b->n));
}

static void type_issue(struct walk *w, const struct stype *t, const struct ynode *n)
{
	if (!seen_add(w, &n->span, IK_TYPE))
		return;
	struct buf b = { .n = 0 };
	put_subject(&b, w);
	puts_(&b, " must be ");
	put_expected(&b, t);
	puts_(&b, ", not ");
	puts_(&b, describe(n));
	finish(w, n->span, &b);
}

/* ---- did you mean ---- */

static const char *suggest(const struct sprop *props, const char *s, size_t len)
{
	if (!props)
		return NULL;
	size_t limit = len / 3 > 1 ? len / 3 : 1;
	size_t best = (size_t)-1;
	const char *pick = NULL;
	for (const struct sprop *p = props; p->key; p++) {
		size_t dist = edit_distance(s, len, p->key, strlen(p->key));
		if (dist < best) {
			best = dist;
			pick = p->key;
		}
	}
	return best <= limit ? pick : NULL;
}

static int key_is(const struct ynode *k, const char *s)
{
	size_t len = strlen(s);
	return k->scalar.len == len && !memcmp(k->scalar.s, s, len);
}

/* A top-level key holding a mapping with service properties: a service in
 * the version 1 format, which had no `services:` level. */
static int looks_like_v1_service(const struct stype *t, const struct ynode *v)
{
	if (t != &t_top || !v || v->kind != Y_MAP)
		return 0;
	for (uint32_t i = 0; i < v->map.n; i++) {
		const struct ynode *k = v->map.entries[i].key;
		if (k->kind != Y_SCALAR)
			continue;
		for (const struct sprop *p = t_service.props; p->key; p++)
			if (key_is(k, p->key))
				return 1;
	}
	return 0;
}

static void unknown_key(struct walk *w, const struct stype *t, const struct ynode *k,
			const struct ynode *v)
{
	if (!seen_add(w, &k->span, IK_KEY))
		return;
	struct buf b = { .n = 0 };
	puts_(&b, "unknown key '");
	put_node(&b, k);
	puts_(&b, "' ");
	put_where(&b, w);
	const char *s = NULL;
	if (w->suggested < SUGGEST_LIMIT) {
		w->suggested++;
		s = suggest(t->props, k->scalar.s, k->scalar.len);
	}
	if (looks_like_v1_service(t, v)) {
		puts_(&b, "; services belong under 'services:' (this looks like the "
			  "obsolete version 1 file format)");
	} else if (s) {
		puts_(&b, "; did you mean '");
		puts_(&b, s);
		puts_(&b, "'?");
	}
	finish(w, k->span, &b);
}

/* ---- checks ---- */

/* Compose interpolates `${VAR}` and `$VAR` before it validates. */
static int interpolated(const struct ynode *n)
{
	const char *s = n->scalar.s;
	for (size_t i = 0; i + 1 < n->scalar.len; i++) {
		if (s[i] != '$')
			continue;
		char c = s[i + 1];
		if (c == '{' || c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
			return 1;
	}
	return 0;
}

static int is_reset_tag(const struct ynode *n)
{
	return n->tag && (!strcmp(n->tag, "!reset") || !strcmp(n->tag, "!override"));
}

/* Names of services, volumes, secrets, configs: [a-zA-Z0-9._-]+ */
static int valid_name(const struct ynode *k)
{
	if (!k->scalar.len)
		return 0;
	for (size_t i = 0; i < k->scalar.len; i++)
		if (!name_char(k->scalar.s[i]))
			return 0;
	return 1;
}

static int push_key(struct walk *w, const struct ynode *k)
{
	if (w->depth == MAX_PATH)
		return 0;
	w->path[w->depth].s = k->scalar.s;
	w->path[w->depth].len = k->scalar.len;
	w->depth++;
	return 1;
}

static int push_index(struct walk *w, uint32_t i)
{
	if (w->depth == MAX_PATH)
		return 0;
	w->path[w->depth].s = NULL;
	w->path[w->depth].idx = i;
	w->depth++;
	return 1;
}

static void check(struct walk *w, const struct stype *t, const struct ynode *n);

static void check_scalar_value(struct walk *w, const struct stype *t, const struct ynode *n);

/* A scalar whose text interpolation replaced ("${PRIV}" that became "1"). */
static int substituted(const struct ynode *n)
{
	const char *raw = n->scalar.raw;
	return raw && memchr(raw, '$', n->scalar.raw_len) &&
	       (n->scalar.raw_len != n->scalar.len || memcmp(raw, n->scalar.s, n->scalar.len));
}

static void check_scalar(struct walk *w, const struct stype *t, const struct ynode *n)
{
	if (!w->substituted_only) {
		check_scalar_value(w, t, n);
		return;
	}
	if (!substituted(n) || n->unknown)
		return;
	w->in_substituted = 1;
	check_scalar_value(w, t, n);
	w->in_substituted = 0;
}

static void check_scalar_value(struct walk *w, const struct stype *t, const struct ynode *n)
{
	if (y_is_null(n)) {
		if (!(t->flags & SF_NULL))
			type_issue(w, t, n);
		return;
	}
	if (interpolated(n))
		return;
	int bv;
	long long iv;
	double dv;
	switch (t->scalar) {
	case SC_NONE:
		type_issue(w, t, n);
		return;
	case SC_BOOL:
		if (!y_bool(n, &bv)) {
			type_issue(w, t, n);
			return;
		}
		break;
	case SC_INT:
		if (!y_int(n, &iv)) {
			type_issue(w, t, n);
			return;
		}
		break;
	case SC_NUM:
		if (!y_number(n, &dv)) {
			type_issue(w, t, n);
			return;
		}
		break;
	default:
		break;
	}
	if (t->valid && !t->valid(n->scalar.s, n->scalar.len)) {
		if (!seen_add(w, &n->span, IK_VALUE))
			return;
		struct buf b = { .n = 0 };
		put_subject(&b, w);
		puts_(&b, " must be ");
		puts_(&b, t->valid_what);
		puts_(&b, ", not '");
		put_node(&b, n);
		puts_(&b, "'");
		finish(w, n->span, &b);
		return;
	}
	if (!t->oneof)
		return;
	for (const char *const *v = t->oneof; *v; v++)
		if (y_streq(n, *v))
			return;
	if (!seen_add(w, &n->span, IK_VALUE))
		return;
	struct buf b = { .n = 0 };
	put_subject(&b, w);
	puts_(&b, " must be one of ");
	for (const char *const *v = t->oneof; *v; v++) {
		if (v != t->oneof)
			puts_(&b, v[1] ? ", " : " or ");
		puts_(&b, "'");
		puts_(&b, *v);
		puts_(&b, "'");
	}
	puts_(&b, ", not '");
	put_node(&b, n);
	puts_(&b, "'");
	finish(w, n->span, &b);
}

static void check_value_named(struct walk *w, const struct stype *t, const struct ynode *k,
			      const struct ynode *v)
{
	if (t->owner) {
		const char *okind = w->owner_kind;
		const struct ynode *oname = w->owner_name;
		uint32_t obase = w->base;
		w->owner_kind = t->owner;
		w->owner_name = k;
		w->base = w->depth;
		check(w, t->values, v);
		w->owner_kind = okind;
		w->owner_name = oname;
		w->base = obase;
	} else if (push_key(w, k)) {
		check(w, t->values, v);
		w->depth--;
	}
}

static void check_required(struct walk *w, const struct stype *t, const struct ynode *n)
{
	const char *missing[8];
	unsigned nm = 0;
	for (const char *const *r = t->req; *r && nm < 8; r++)
		if (!y_get(n, *r))
			missing[nm++] = *r;
	if (!nm || !seen_add(w, &n->span, IK_REQUIRED))
		return;
	struct buf b = { .n = 0 };
	puts_(&b, nm > 1 ? "missing required keys " : "missing required key ");
	for (unsigned i = 0; i < nm; i++) {
		if (i)
			puts_(&b, i + 1 == nm ? " and " : ", ");
		puts_(&b, "'");
		puts_(&b, missing[i]);
		puts_(&b, "'");
	}
	puts_(&b, " ");
	put_where(&b, w);
	finish(w, n->span, &b);
}

static void check_map(struct walk *w, const struct stype *t, const struct ynode *n)
{
	for (uint32_t i = 0; i < n->map.n && !w->stopped; i++) {
		if (++w->visits > VISIT_LIMIT) {
			w->stopped = 1;
			return;
		}
		const struct yentry *e = &n->map.entries[i];
		const struct ynode *k = e->key;
		if (k->kind != Y_SCALAR) {
			if (seen_add(w, &k->span, IK_KEY)) {
				struct buf b = { .n = 0 };
				puts_(&b, "keys must be strings, not ");
				puts_(&b, describe(k));
				puts_(&b, ", ");
				put_where(&b, w);
				finish(w, k->span, &b);
			}
			continue;
		}
		const struct sprop *p = t->props;
		while (p && p->key && !key_is(k, p->key))
			p++;
		if (p && p->key) {
			if (push_key(w, k)) {
				check(w, p->type, e->value);
				w->depth--;
			}
			continue;
		}
		if ((t->flags & SF_X) && k->scalar.len >= 2 && !memcmp(k->scalar.s, "x-", 2))
			continue;
		if (!t->values) {
			unknown_key(w, t, k, e->value);
			continue;
		}
		if ((t->flags & SF_NAMES) && !valid_name(k)) {
			if (seen_add(w, &k->span, IK_NAME)) {
				struct buf b = { .n = 0 };
				puts_(&b, "invalid name '");
				put_node(&b, k);
				puts_(&b, "' ");
				put_where(&b, w);
				puts_(&b, ": use only letters, digits, '.', '_' and '-'");
				finish(w, k->span, &b);
			}
			continue;
		}
		check_value_named(w, t, k, e->value);
	}
	if (t->req && !w->stopped)
		check_required(w, t, n);
}

static void check(struct walk *w, const struct stype *t, const struct ynode *n)
{
	if (w->stopped || !n)
		return;
	if (++w->visits > VISIT_LIMIT) {
		w->stopped = 1;
		return;
	}
	n = y_deref(n, w->a, NULL);
	if (!n || is_reset_tag(n) || (t->flags & SF_ANY))
		return;
	switch (n->kind) {
	case Y_SCALAR:
		check_scalar(w, t, n);
		return;
	case Y_SEQ:
		if (!t->items) {
			type_issue(w, t, n);
			return;
		}
		for (uint32_t i = 0; i < n->seq.n && !w->stopped; i++) {
			if (!push_index(w, i))
				return;
			check(w, t->items, n->seq.items[i]);
			w->depth--;
		}
		return;
	case Y_MAP:
		if (!(t->flags & SF_MAP)) {
			type_issue(w, t, n);
			return;
		}
		check_map(w, t, n);
		return;
	default:
		return;
	}
}

static int by_position(const void *pa, const void *pb)
{
	const struct cl_diag *x = pa, *y = pb;
	if (x->at.file != y->at.file)
		return x->at.file < y->at.file ? -1 : 1;
	if (x->at.start.off != y->at.start.off)
		return x->at.start.off < y->at.start.off ? -1 : 1;
	return (x->seq > y->seq) - (x->seq < y->seq);
}

static void schema_check(const struct ynode *root, int substituted_only, struct cl_diags *out);

void compose_schema_check(const struct ynode *root, struct cl_diags *out)
{
	schema_check(root, 0, out);
}

void compose_schema_check_substituted(const struct ynode *root, struct cl_diags *out)
{
	uint32_t first = out->n;
	schema_check(root, 1, out);
	for (uint32_t i = first; i < out->n; i++)
		out->v[i].msg = arena_printf(out->a, "%s (after interpolation)", out->v[i].msg);
}

static int looks_like_v1_service(const struct stype *t, const struct ynode *v);

int compose_schema_is_compose(const struct ynode *root)
{
	const struct ynode *doc = y_deref(root, NULL, NULL);
	if (!doc || doc->kind != Y_MAP)
		return 0;
	for (uint32_t i = 0; i < doc->map.n; i++) {
		const struct ynode *k = doc->map.entries[i].key;
		if (k->kind != Y_SCALAR)
			continue;
		if (looks_like_v1_service(&t_top, y_deref(doc->map.entries[i].value, NULL, NULL)))
			return 1;
		if (k->scalar.len >= 2 && !memcmp(k->scalar.s, "x-", 2))
			return 1;
		for (const struct sprop *p = t_top.props; p && p->key; p++)
			if (key_is(k, p->key))
				return 1;
	}
	return !doc->map.n;
}

static void schema_check(const struct ynode *root, int substituted_only, struct cl_diags *out)
{
	if (!root)
		return;
	struct arena *a = out->a;
	struct walk w;
	memset(&w, 0, sizeof w);
	w.a = a;
	w.out = out;
	w.first = out->n;
	w.substituted_only = substituted_only;
	const struct ynode *doc = y_deref(root, a, NULL);
	if (doc->kind != Y_MAP) {
		struct buf b = { .n = 0 };
		puts_(&b, "a compose file must be a mapping at the top level, not ");
		puts_(&b, describe(doc));
		add_issue(&w, doc->span, arena_strndup(a, b.s, b.n));
	} else if (!substituted_only && !compose_schema_is_compose(doc)) {
		/* named by an include or extends, a file that is no compose file
		 * at all (a key file, /etc/shadow) would have every line quoted
		 * as an unknown key: one finding, without a position, quotes none */
		struct cl_span file = { doc->span.file, { 0, 0, 0 }, { 0, 0, 0 } };
		add_issue(&w, file, arena_strdup(a, "no top-level key is one of a compose file "
					"(services, include, volumes, networks, ...): not read as a "
					"compose file, and its contents are not shown"));
	} else {
		check(&w, &t_top, doc);
		if (substituted_only)
			;  /* the file's own check said it already, if anything */
		else if (w.too_many)
			add_issue_raw(&w, doc->span,
				      arena_printf(a, "schema check stopped after %u issues",
						   ISSUE_LIMIT));
		else if (w.stopped)
			add_issue_raw(&w, doc->span,
				      arena_printf(a, "schema check stopped after %u values: "
						   "the document, aliases expanded, is too large",
						   VISIT_LIMIT));
	}
	xfree(w.seen);
	/* the new ones in source order; what was there before stays put */
	if (out->n - w.first > 1)
		qsort(out->v + w.first, out->n - w.first, sizeof *out->v, by_position);
}
