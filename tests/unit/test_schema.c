/*
 * test_schema.c - the Compose Specification check: unknown keys, wrong
 * types, fixed values, required keys, leniency, aliases, positions.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "base/arena.h"
#include "compose/schema.h"

#include "helpers.h"

struct run {
	struct arena *a;
	struct cl_diag *is;
	uint32_t n;
};

static void run(struct run *r, const char *yaml)
{
	r->a = arena_new();
	r->is = NULL;
	r->n = 0;
	const struct ynode *root = t_yaml(r->a, 0, yaml, strlen(yaml));
	assert_non_null(root);
	struct cl_diags d;
	cl_diags_init(&d, r->a);
	compose_schema_check(root, &d);
	r->is = d.v;
	r->n = d.n;
}

static void done(struct run *r)
{
	arena_free(r->a);
	r->a = NULL;
}

static void dump(const struct run *r)
{
	for (uint32_t i = 0; i < r->n; i++)
		print_message("  [%u] %u:%u %s\n", i, r->is[i].at.start.line,
			      r->is[i].at.start.col, r->is[i].msg);
}

static void expect_count(const struct run *r, uint32_t n)
{
	if (r->n != n)
		dump(r);
	assert_int_equal(r->n, n);
}

static void expect(const struct run *r, uint32_t i, uint32_t line, uint32_t col, const char *msg)
{
	if (i >= r->n) {
		dump(r);
		fail_msg("no issue #%u", i);
	}
	const struct cl_diag *is = &r->is[i];
	if (is->at.start.line != line || is->at.start.col != col || strcmp(is->msg, msg)) {
		dump(r);
		fail_msg("issue #%u: want %u:%u '%s'", i, line, col, msg);
	}
}

static void expect_clean(const char *yaml)
{
	struct run r;
	run(&r, yaml);
	expect_count(&r, 0);
	done(&r);
}

/* ---- unknown keys ---- */

static void test_unknown_key_suggestion(void **state)
{
	(void)state;
	struct run r;
	run(&r, "services:\n"
		"  web:\n"
		"    imgae: nginx\n"
		"    enviroment:\n"
		"      A: b\n"
		"    contaner_name: x\n");
	expect_count(&r, 3);
	expect(&r, 0, 3, 5, "unknown key 'imgae' in service 'web'; did you mean 'image'?");
	expect(&r, 1, 4, 5, "unknown key 'enviroment' in service 'web'; did you mean 'environment'?");
	expect(&r, 2, 6, 5,
	       "unknown key 'contaner_name' in service 'web'; did you mean 'container_name'?");
	done(&r);
}

static void test_unknown_key_no_suggestion(void **state)
{
	(void)state;
	struct run r;
	run(&r, "services:\n"
		"  web:\n"
		"    image: nginx\n"
		"    frobnicate: true\n"
		"networks:\n"
		"  front:\n"
		"    drivr: overlay\n"
		"    zzz: 1\n");
	expect_count(&r, 3);
	expect(&r, 0, 4, 5, "unknown key 'frobnicate' in service 'web'");
	expect(&r, 1, 7, 5, "unknown key 'drivr' in network 'front'; did you mean 'driver'?");
	expect(&r, 2, 8, 5, "unknown key 'zzz' in network 'front'");
	done(&r);
}

static void test_unknown_key_top_level(void **state)
{
	(void)state;
	struct run r;
	run(&r, "version: '3.8'\n"
		"service:\n"
		"  web: {image: nginx}\n"
		"volume: {}\n"
		"stuff: 1\n");
	expect_count(&r, 3);
	expect(&r, 0, 2, 1, "unknown key 'service' at top level; did you mean 'services'?");
	expect(&r, 1, 4, 1, "unknown key 'volume' at top level; did you mean 'volumes'?");
	expect(&r, 2, 5, 1, "unknown key 'stuff' at top level");
	done(&r);
}

static void test_version_1_format_hint(void **state)
{
	(void)state;
	struct run r;
	run(&r, "web:\n"
		"  image: nginx\n"
		"db:\n"
		"  build: .\n"
		"cache:\n"
		"  command: top\n"
		"notaservice: oops\n");
	expect_count(&r, 4);
	expect(&r, 0, 1, 1,
	       "unknown key 'web' at top level; services belong under 'services:' "
	       "(this looks like the obsolete version 1 file format)");
	expect(&r, 1, 3, 1,
	       "unknown key 'db' at top level; services belong under 'services:' "
	       "(this looks like the obsolete version 1 file format)");
	expect(&r, 2, 5, 1,
	       "unknown key 'cache' at top level; services belong under 'services:' "
	       "(this looks like the obsolete version 1 file format)");
	expect(&r, 3, 7, 1, "unknown key 'notaservice' at top level");
	done(&r);
}

/* A mapping with no key of a compose file (a key file, /etc/shadow named by
 * an extends) is one issue without a position: none of its keys is quoted. */
static void test_not_a_compose_file(void **state)
{
	(void)state;
	struct run r;
	run(&r, "root: secret-hash\napi_key: sk-123\n");
	expect_count(&r, 1);
	expect(&r, 0, 0, 0, "no top-level key is one of a compose file (services, include, "
	       "volumes, networks, ...): not read as a compose file, and its contents are not shown");
	assert_int_equal(compose_schema_is_compose(NULL), 0);
	done(&r);
	/* one known key, an x- key, a version 1 service or nothing: a compose file */
	const char *compose[] = { "name: demo\nother: 1\n", "x-a: 1\n", "web: {image: nginx}\n",
				  "{}\n" };
	for (size_t i = 0; i < sizeof compose / sizeof *compose; i++) {
		run(&r, compose[i]);
		assert_null(strstr(r.n ? r.is[0].msg : "", "no top-level key"));
		done(&r);
	}
}

static void test_nested_contexts(void **state)
{
	(void)state;
	struct run r;
	run(&r, "services:\n"
		"  web:\n"
		"    deploy:\n"
		"      replica: 2\n"
		"      resources:\n"
		"        limits:\n"
		"          memroy: 512M\n"
		"    ports:\n"
		"      - target: 80\n"
		"        publised: 8080\n"
		"include:\n"
		"  - path: a.yml\n"
		"    paht: b.yml\n");
	expect_count(&r, 4);
	expect(&r, 0, 4, 7,
	       "unknown key 'replica' in 'deploy' of service 'web'; did you mean 'replicas'?");
	expect(&r, 1, 7, 11,
	       "unknown key 'memroy' in 'deploy.resources.limits' of service 'web'; "
	       "did you mean 'memory'?");
	expect(&r, 2, 10, 9,
	       "unknown key 'publised' in 'ports[0]' of service 'web'; did you mean 'published'?");
	expect(&r, 3, 13, 5, "unknown key 'paht' in 'include[0]'; did you mean 'path'?");
	done(&r);
}

static int valid_utf8(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		int n = *p < 0x80 ? 0 : (*p & 0xE0) == 0xC0 ? 1 : (*p & 0xF0) == 0xE0 ? 2
			: (*p & 0xF8) == 0xF0 ? 3 : -1;
		if (n < 0)
			return 0;
		p++;
		for (int i = 0; i < n; i++, p++)
			if ((*p & 0xC0) != 0x80)
				return 0;
	}
	return 1;
}

static void test_message_text_is_safe(void **state)
{
	(void)state;
	char y[512];
	size_t len = (size_t)snprintf(y, sizeof y, "services:\n  web:\n    \"a\\tb'c\": 1\n    x");
	for (int i = 0; i < 40; i++)
		len += (size_t)snprintf(y + len, sizeof y - len, "\xc3\xa9");  /* é, 2 bytes */
	snprintf(y + len, sizeof y - len, ": 1\n");
	struct run r;
	run(&r, y);
	expect_count(&r, 2);
	expect(&r, 0, 3, 5, "unknown key 'a?b?c' in service 'web'");
	/* an 81-byte key is cut before byte 64, which falls inside an 'é' */
	char want[256];
	len = (size_t)snprintf(want, sizeof want, "unknown key 'x");
	for (int i = 0; i < 31; i++)
		len += (size_t)snprintf(want + len, sizeof want - len, "\xc3\xa9");
	snprintf(want + len, sizeof want - len, "...' in service 'web'");
	expect(&r, 1, 4, 5, want);
	assert_true(valid_utf8(r.is[1].msg));
	done(&r);
}

/* ---- extension keys ---- */

static void test_x_keys_allowed(void **state)
{
	(void)state;
	expect_clean("x-common: &c\n"
		     "  imgae: never-walked\n"
		     "  privileged: [not, checked]\n"
		     "services:\n"
		     "  web:\n"
		     "    image: nginx\n"
		     "    x-meta: {owner: me}\n"
		     "    deploy:\n"
		     "      x-tier: gold\n"
		     "      resources:\n"
		     "        limits: {x-note: 1, memory: 1g}\n"
		     "    ports:\n"
		     "      - {target: 80, x-doc: http}\n"
		     "networks:\n"
		     "  front:\n"
		     "    x-zone: a\n"
		     "    ipam:\n"
		     "      x-pool: b\n"
		     "      config:\n"
		     "        - {subnet: 10.0.0.0/24, x-why: c}\n"
		     "volumes:\n"
		     "  data:\n"
		     "    x-backup: true\n");
}

static void test_x_keys_only_where_allowed(void **state)
{
	(void)state;
	struct run r;
	/* extends and blkio_config do not take extension keys; a service named
	 * x-... is still a service */
	run(&r, "services:\n"
		"  web:\n"
		"    extends: {service: base, x-note: 1}\n"
		"    blkio_config:\n"
		"      x-foo: 1\n"
		"  x-svc:\n"
		"    imagee: a\n");
	expect_count(&r, 3);
	expect(&r, 0, 3, 30, "unknown key 'x-note' in 'extends' of service 'web'");
	expect(&r, 1, 5, 7, "unknown key 'x-foo' in 'blkio_config' of service 'web'");
	expect(&r, 2, 7, 5, "unknown key 'imagee' in service 'x-svc'; did you mean 'image'?");
	done(&r);
}

/* ---- wrong types ---- */

static void test_wrong_types(void **state)
{
	(void)state;
	struct run r;
	run(&r, "services:\n"
		"  web:\n"
		"    privileged: [a]\n"
		"    ports: \"80\"\n"
		"    cap_add: ALL\n"
		"    read_only: maybe\n"
		"    cpu_shares: lots\n"
		"    healthcheck: yes\n"
		"    labels: just-a-string\n"
		"    deploy:\n"
		"      replicas: 1.5\n");
	expect_count(&r, 8);
	expect(&r, 0, 3, 17, "'privileged' of service 'web' must be a boolean, not a list");
	expect(&r, 1, 4, 12, "'ports' of service 'web' must be a list, not a string");
	expect(&r, 2, 5, 14, "'cap_add' of service 'web' must be a list of strings, not a string");
	expect(&r, 3, 6, 16, "'read_only' of service 'web' must be a boolean, not a string");
	expect(&r, 4, 7, 17, "'cpu_shares' of service 'web' must be an integer, not a string");
	expect(&r, 5, 8, 18, "'healthcheck' of service 'web' must be a mapping, not a boolean");
	expect(&r, 6, 9, 13,
	       "'labels' of service 'web' must be a list of strings or a mapping, not a string");
	expect(&r, 7, 11, 17,
	       "'deploy.replicas' of service 'web' must be an integer, not a number");
	done(&r);
}

static void test_scalar_leniency(void **state)
{
	(void)state;
	expect_clean("version: 3.8\n"
		     "services:\n"
		     "  web:\n"
		     "    image: 1.0\n"
		     "    container_name: 123\n"
		     "    hostname: true\n"
		     "    privileged: \"true\"\n"
		     "    read_only: yes\n"
		     "    tty: On\n"
		     "    init: 'false'\n"
		     "    cpu_shares: \"512\"\n"
		     "    cpus: \"0.5\"\n"
		     "    mem_limit: 512m\n"
		     "    shm_size: 1073741824\n"
		     "    scale: '2'\n"
		     "    expose: [80, \"443\"]\n"
		     "    group_add: [1000, wheel]\n"
		     "    command: [echo, 1, true]\n"
		     "    deploy:\n"
		     "      replicas: \"3\"\n"
		     "      resources:\n"
		     "        limits: {cpus: 0.5, memory: 1G, pids: 100}\n");
}

static void test_list_or_dict(void **state)
{
	(void)state;
	expect_clean("services:\n"
		     "  a:\n"
		     "    environment:\n"
		     "      - A=1\n"
		     "      - B\n"
		     "    labels: [x=y]\n"
		     "  b:\n"
		     "    environment:\n"
		     "      A: 1\n"
		     "      B: true\n"
		     "      C:\n"
		     "      D: ~\n"
		     "      E: text\n"
		     "    sysctls: {net.core.somaxconn: 1024}\n"
		     "    build:\n"
		     "      context: .\n"
		     "      args: {V: 1.2}\n");
	struct run r;
	run(&r, "services:\n"
		"  b:\n"
		"    environment:\n"
		"      A: [1, 2]\n"
		"      B: {c: d}\n"
		"    labels:\n"
		"      - [nested]\n"
		"  c:\n"
		"    environment:\n");
	expect_count(&r, 4);
	expect(&r, 0, 4, 10,
	       "'environment.A' of service 'b' must be a string, a number, a boolean or null, "
	       "not a list");
	expect(&r, 1, 5, 10,
	       "'environment.B' of service 'b' must be a string, a number, a boolean or null, "
	       "not a mapping");
	expect(&r, 2, 7, 9, "'labels[0]' of service 'b' must be a string, not a list");
	expect(&r, 3, 9, 16,
	       "'environment' of service 'c' must be a list of strings or a mapping, not null");
	done(&r);
}

static void test_null_values(void **state)
{
	(void)state;
	expect_clean("services:\n"
		     "  web:\n"
		     "    image: nginx\n"
		     "    command:\n"
		     "    entrypoint: ~\n"
		     "    deploy:\n"
		     "    develop:\n"
		     "    pid:\n"
		     "    logging:\n"
		     "      options: {max-size:}\n"
		     "networks:\n"
		     "  front:\n"
		     "volumes:\n"
		     "  data:\n");
	struct run r;
	run(&r, "services:\n"
		"  web:\n"
		"    image:\n"
		"  empty:\n"
		"secrets:\n"
		"  token:\n");
	expect_count(&r, 3);
	expect(&r, 0, 3, 10, "'image' of service 'web' must be a string, not null");
	expect(&r, 1, 4, 8, "service 'empty' must be a mapping, not null");
	expect(&r, 2, 6, 8, "secret 'token' must be a mapping, not null");
	done(&r);
}

static void test_patterns(void **state)
{
	(void)state;
	expect_clean("services:\n"
		     "  a:\n"
		     "    pull_policy: missing\n"
		     "    container_name: my-app_1\n"
		     "  b:\n"
		     "    pull_policy: every_12h\n"
		     "  c:\n"
		     "    pull_policy: if_not_present\n"
		     "    container_name: 42\n");
	struct run r;
	run(&r, "services:\n"
		"  a:\n"
		"    pull_policy: sometimes\n"
		"    container_name: x\n"
		"  b:\n"
		"    pull_policy: every_day\n"
		"    cgroup: shared\n");
	expect_count(&r, 4);
	expect(&r, 0, 3, 18,
	       "'pull_policy' of service 'a' must be 'always', 'never', 'missing', 'build', "
	       "'refresh', 'daily', 'weekly' or 'every_<duration>', not 'sometimes'");
	expect(&r, 1, 4, 21,
	       "'container_name' of service 'a' must be a name of at least two characters, "
	       "starting with a letter or digit, not 'x'");
	expect(&r, 2, 6, 18,
	       "'pull_policy' of service 'b' must be 'always', 'never', 'missing', 'build', "
	       "'refresh', 'daily', 'weekly' or 'every_<duration>', not 'every_day'");
	expect(&r, 3, 7, 13,
	       "'cgroup' of service 'b' must be one of 'host' or 'private', not 'shared'");
	done(&r);
}

/* ---- long syntaxes ---- */

static void test_ports_long_syntax(void **state)
{
	(void)state;
	expect_clean("services:\n"
		     "  web:\n"
		     "    ports:\n"
		     "      - 80\n"
		     "      - \"8080:80/udp\"\n"
		     "      - name: web\n"
		     "        target: 80\n"
		     "        published: \"8000-8010\"\n"
		     "        host_ip: 127.0.0.1\n"
		     "        protocol: tcp\n"
		     "        app_protocol: http\n"
		     "        mode: host\n");
	struct run r;
	run(&r, "services:\n"
		"  web:\n"
		"    ports:\n"
		"      - target: eighty\n"
		"        host_port: 80\n"
		"      - [80, 81]\n");
	expect_count(&r, 3);
	expect(&r, 0, 4, 17, "'ports[0].target' of service 'web' must be an integer, not a string");
	expect(&r, 1, 5, 9, "unknown key 'host_port' in 'ports[0]' of service 'web'");
	expect(&r, 2, 6, 9,
	       "'ports[1]' of service 'web' must be a string, a number or a mapping, not a list");
	done(&r);
}

static void test_volumes_long_syntax(void **state)
{
	(void)state;
	expect_clean("services:\n"
		     "  web:\n"
		     "    volumes:\n"
		     "      - ./data:/data:ro\n"
		     "      - type: bind\n"
		     "        source: ./src\n"
		     "        target: /src\n"
		     "        read_only: true\n"
		     "        bind:\n"
		     "          propagation: rshared\n"
		     "          create_host_path: true\n"
		     "          selinux: z\n"
		     "      - type: volume\n"
		     "        source: cache\n"
		     "        target: /cache\n"
		     "        volume: {nocopy: true, subpath: sub}\n"
		     "      - type: tmpfs\n"
		     "        target: /tmp\n"
		     "        tmpfs: {size: 64m, mode: 1777}\n"
		     "      - type: image\n"
		     "        source: alpine\n"
		     "        target: /img\n"
		     "        image: {subpath: etc}\n");
	struct run r;
	run(&r, "services:\n"
		"  web:\n"
		"    volumes:\n"
		"      - type: bnd\n"
		"        source: ./src\n"
		"        target: /src\n"
		"        bind:\n"
		"          propogation: rshared\n"
		"          selinux: x\n"
		"      - source: data\n"
		"        target: /data\n");
	expect_count(&r, 4);
	expect(&r, 0, 4, 15,
	       "'volumes[0].type' of service 'web' must be one of 'bind', 'volume', 'tmpfs', "
	       "'cluster', 'npipe' or 'image', not 'bnd'");
	expect(&r, 1, 8, 11,
	       "unknown key 'propogation' in 'volumes[0].bind' of service 'web'; "
	       "did you mean 'propagation'?");
	expect(&r, 2, 9, 20,
	       "'volumes[0].bind.selinux' of service 'web' must be one of 'z' or 'Z', not 'x'");
	expect(&r, 3, 10, 9, "missing required key 'type' in 'volumes[1]' of service 'web'");
	done(&r);
}

static void test_deploy_resources(void **state)
{
	(void)state;
	expect_clean("services:\n"
		     "  web:\n"
		     "    deploy:\n"
		     "      mode: replicated\n"
		     "      replicas: 2\n"
		     "      resources:\n"
		     "        limits:\n"
		     "          cpus: '0.50'\n"
		     "          memory: 512M\n"
		     "        reservations:\n"
		     "          memory: 128M\n"
		     "          devices:\n"
		     "            - driver: nvidia\n"
		     "              count: all\n"
		     "              capabilities: [gpu]\n"
		     "      restart_policy: {condition: on-failure, max_attempts: 3}\n"
		     "      placement:\n"
		     "        constraints: [node.role == manager]\n"
		     "        preferences: [{spread: node.labels.zone}]\n"
		     "      update_config: {parallelism: 2, order: start-first}\n"
		     "      rollback_config: {parallelism: 1, max_failure_ratio: 0.1}\n");
	struct run r;
	run(&r, "services:\n"
		"  web:\n"
		"    deploy:\n"
		"      resources:\n"
		"        limits:\n"
		"          memory: [512M]\n"
		"          cpus: half\n"
		"        reservations:\n"
		"          devices:\n"
		"            - driver: nvidia\n"
		"      update_config:\n"
		"        order: random\n");
	expect_count(&r, 4);
	expect(&r, 0, 6, 19,
	       "'deploy.resources.limits.memory' of service 'web' must be a string, not a list");
	expect(&r, 1, 7, 17,
	       "'deploy.resources.limits.cpus' of service 'web' must be a number, not a string");
	expect(&r, 2, 10, 15,
	       "missing required key 'capabilities' in 'deploy.resources.reservations.devices[0]' "
	       "of service 'web'");
	expect(&r, 3, 12, 16,
	       "'deploy.update_config.order' of service 'web' must be one of 'start-first' or "
	       "'stop-first', not 'random'");
	done(&r);
}

static void test_healthcheck_forms(void **state)
{
	(void)state;
	expect_clean("services:\n"
		     "  a:\n"
		     "    healthcheck:\n"
		     "      test: curl -f http://localhost\n"
		     "      interval: 30s\n"
		     "      retries: \"3\"\n"
		     "  b:\n"
		     "    healthcheck:\n"
		     "      test: [\"CMD\", \"curl\", \"-f\", \"http://localhost\"]\n"
		     "      start_period: 5s\n"
		     "      start_interval: 1s\n"
		     "  c:\n"
		     "    healthcheck: {disable: true}\n");
	struct run r;
	run(&r, "services:\n"
		"  a:\n"
		"    healthcheck:\n"
		"      test: {cmd: curl}\n"
		"      retries: three\n"
		"      timout: 5s\n");
	expect_count(&r, 3);
	expect(&r, 0, 4, 13,
	       "'healthcheck.test' of service 'a' must be a string or a list of strings, "
	       "not a mapping");
	expect(&r, 1, 5, 16, "'healthcheck.retries' of service 'a' must be an integer, not a string");
	expect(&r, 2, 6, 7,
	       "unknown key 'timout' in 'healthcheck' of service 'a'; did you mean 'timeout'?");
	done(&r);
}

static void test_networks_forms(void **state)
{
	(void)state;
	expect_clean("services:\n"
		     "  a:\n"
		     "    networks: [front, back]\n"
		     "  b:\n"
		     "    networks:\n"
		     "      front:\n"
		     "      back: ~\n"
		     "      db:\n"
		     "        aliases: [database]\n"
		     "        ipv4_address: 172.16.238.10\n"
		     "        priority: 100\n"
		     "networks:\n"
		     "  front:\n"
		     "  back: {driver: bridge, internal: true}\n"
		     "  db:\n"
		     "    external: true\n"
		     "    name: shared\n");
	struct run r;
	run(&r, "services:\n"
		"  b:\n"
		"    networks:\n"
		"      front: [x]\n"
		"      back:\n"
		"        alias: [x]\n"
		"      bad name: {}\n");
	expect_count(&r, 3);
	expect(&r, 0, 4, 14,
	       "'networks.front' of service 'b' must be a mapping or null, not a list");
	/* 'alias' is two edits from 'aliases': too far for a five-letter key */
	expect(&r, 1, 6, 9, "unknown key 'alias' in 'networks.back' of service 'b'");
	expect(&r, 2, 7, 7,
	       "invalid name 'bad name' in 'networks' of service 'b': use only letters, digits, "
	       "'.', '_' and '-'");
	done(&r);
}

static void test_depends_on_forms(void **state)
{
	(void)state;
	expect_clean("services:\n"
		     "  a:\n"
		     "    depends_on: [db, cache]\n"
		     "  b:\n"
		     "    depends_on:\n"
		     "      db:\n"
		     "        condition: service_healthy\n"
		     "        restart: true\n"
		     "      cache:\n"
		     "        condition: service_started\n"
		     "        required: \"false\"\n");
	struct run r;
	run(&r, "services:\n"
		"  b:\n"
		"    depends_on:\n"
		"      db:\n"
		"        condition: healthy\n"
		"      cache:\n"
		"        required: false\n"
		"      web: yes\n");
	expect_count(&r, 3);
	expect(&r, 0, 5, 20,
	       "'depends_on.db.condition' of service 'b' must be one of 'service_started', "
	       "'service_healthy' or 'service_completed_successfully', not 'healthy'");
	expect(&r, 1, 7, 9,
	       "missing required key 'condition' in 'depends_on.cache' of service 'b'");
	expect(&r, 2, 8, 12, "'depends_on.web' of service 'b' must be a mapping, not a boolean");
	done(&r);
}

static void test_ulimits(void **state)
{
	(void)state;
	expect_clean("services:\n"
		     "  a:\n"
		     "    ulimits:\n"
		     "      nproc: 65535\n"
		     "      memlock: \"-1\"\n"
		     "      nofile:\n"
		     "        soft: 20000\n"
		     "        hard: 40000\n");
	struct run r;
	run(&r, "services:\n"
		"  a:\n"
		"    ulimits:\n"
		"      nproc: unlimited\n"
		"      nofile:\n"
		"        soft: 20000\n");
	expect_count(&r, 2);
	expect(&r, 0, 4, 14,
	       "'ulimits.nproc' of service 'a' must be an integer or a mapping, not a string");
	expect(&r, 1, 6, 9, "missing required key 'hard' in 'ulimits.nofile' of service 'a'");
	done(&r);
}

static void test_top_level_definitions(void **state)
{
	(void)state;
	expect_clean("name: demo\n"
		     "include:\n"
		     "  - other.yml\n"
		     "  - path: [a.yml, b.yml]\n"
		     "    project_directory: ..\n"
		     "networks:\n"
		     "  front:\n"
		     "    driver: overlay\n"
		     "    attachable: true\n"
		     "    driver_opts: {com.docker.network.driver.mtu: 1450}\n"
		     "    ipam:\n"
		     "      driver: default\n"
		     "      config:\n"
		     "        - subnet: 172.28.0.0/16\n"
		     "          gateway: 172.28.0.1\n"
		     "          aux_addresses: {host1: 172.28.1.5}\n"
		     "    labels: [a=b]\n"
		     "volumes:\n"
		     "  data:\n"
		     "    external: {name: legacy}\n"
		     "  cache: {driver: local, driver_opts: {type: tmpfs, device: tmpfs}}\n"
		     "secrets:\n"
		     "  token: {file: ./token.txt}\n"
		     "  key: {environment: KEY}\n"
		     "configs:\n"
		     "  nginx: {content: 'server {}'}\n"
		     "models:\n"
		     "  llm: {model: ai/smollm2, context_size: 4096}\n");
	struct run r;
	run(&r, "volumes:\n"
		"  data:\n"
		"    external: perhaps\n"
		"  my data: {}\n"
		"secrets:\n"
		"  token: {fle: ./t}\n"
		"configs:\n"
		"  c: {contents: x}\n"
		"models:\n"
		"  llm: {context_size: big}\n");
	expect_count(&r, 6);
	expect(&r, 0, 3, 15, "'external' of volume 'data' must be a boolean or a mapping, not a string");
	expect(&r, 1, 4, 3,
	       "invalid name 'my data' in 'volumes': use only letters, digits, '.', '_' and '-'");
	expect(&r, 2, 6, 11, "unknown key 'fle' in secret 'token'; did you mean 'file'?");
	expect(&r, 3, 8, 7, "unknown key 'contents' in config 'c'; did you mean 'content'?");
	expect(&r, 4, 10, 8, "missing required key 'model' in model 'llm'");
	expect(&r, 5, 10, 23, "'context_size' of model 'llm' must be an integer, not a string");
	done(&r);
}

static void test_build_develop_hooks(void **state)
{
	(void)state;
	expect_clean("services:\n"
		     "  a:\n"
		     "    build: ./dir\n"
		     "  b:\n"
		     "    build:\n"
		     "      context: .\n"
		     "      dockerfile: Dockerfile.dev\n"
		     "      args: [A=1]\n"
		     "      cache_from: [img:cache]\n"
		     "      platforms: [linux/amd64]\n"
		     "      secrets: [npm]\n"
		     "      provenance: mode=max\n"
		     "      no_cache: true\n"
		     "    develop:\n"
		     "      watch:\n"
		     "        - {path: ./src, action: sync, target: /app}\n"
		     "        - {path: package.json, action: rebuild}\n"
		     "    post_start:\n"
		     "      - command: ./init.sh\n"
		     "        user: root\n");
	struct run r;
	run(&r, "services:\n"
		"  b:\n"
		"    build:\n"
		"      dockerfille: x\n"
		"    develop:\n"
		"      watch:\n"
		"        - {path: ./src, action: copy}\n"
		"        - {action: sync}\n"
		"    pre_stop:\n"
		"      - user: root\n");
	expect_count(&r, 4);
	expect(&r, 0, 4, 7, "unknown key 'dockerfille' in 'build' of service 'b'; "
			    "did you mean 'dockerfile'?");
	expect(&r, 1, 7, 33,
	       "'develop.watch[0].action' of service 'b' must be one of 'rebuild', 'sync', "
	       "'restart', 'sync+restart' or 'sync+exec', not 'copy'");
	expect(&r, 2, 8, 11, "missing required key 'path' in 'develop.watch[1]' of service 'b'");
	expect(&r, 3, 10, 9, "missing required key 'command' in 'pre_stop[0]' of service 'b'");
	done(&r);
}

/* ---- interpolation, tags, aliases ---- */

static void test_interpolation_skipped(void **state)
{
	(void)state;
	expect_clean("services:\n"
		     "  web:\n"
		     "    privileged: ${PRIVILEGED}\n"
		     "    read_only: $RO\n"
		     "    cpus: ${CPUS:-0.5}\n"
		     "    ports: ${PORTS}\n"
		     "    healthcheck: ${HC}\n"
		     "    deploy:\n"
		     "      replicas: ${REPLICAS:-1}\n"
		     "    depends_on:\n"
		     "      db: {condition: \"${COND}\"}\n");
	struct run r;
	/* `$$` alone is an escaped dollar, not interpolation */
	run(&r, "services:\n"
		"  web:\n"
		"    privileged: \"$$\"\n");
	expect_count(&r, 1);
	expect(&r, 0, 3, 17, "'privileged' of service 'web' must be a boolean, not a string");
	done(&r);
}

static void test_reset_override_tags(void **state)
{
	(void)state;
	expect_clean("services:\n"
		     "  web:\n"
		     "    image: nginx\n"
		     "    ports: !reset []\n"
		     "    environment: !override\n"
		     "      A: 1\n"
		     "    privileged: !reset null\n"
		     "    healthcheck: !reset\n"
		     "    volumes: !override [\"a:/b\"]\n");
}

static void test_merge_keys_and_anchors(void **state)
{
	(void)state;
	struct run r;
	run(&r, "x-base: &base\n"
		"  restart: always\n"
		"  imgae: nginx\n"
		"  privileged: sometimes\n"
		"x-list: &caps ALL\n"
		"services:\n"
		"  a:\n"
		"    <<: *base\n"
		"    cap_add: *caps\n"
		"  b:\n"
		"    <<: *base\n"
		"    cap_add: *caps\n"
		"    image: alpine\n");
	/* one issue per place, however many services use it, positioned where
	 * the value is written (inside the anchor) */
	expect_count(&r, 3);
	expect(&r, 0, 3, 3, "unknown key 'imgae' in service 'a'; did you mean 'image'?");
	expect(&r, 1, 4, 15, "'privileged' of service 'a' must be a boolean, not a string");
	expect(&r, 2, 5, 15, "'cap_add' of service 'a' must be a list of strings, not a string");
	done(&r);

	/* one anchored value misused in two places: two issues, same position */
	run(&r, "x-l: &l [[nested]]\n"
		"services:\n"
		"  a:\n"
		"    command: *l\n"
		"    entrypoint: *l\n"
		"  b:\n"
		"    command: *l\n");
	expect_count(&r, 2);
	expect(&r, 0, 1, 10, "'command[0]' of service 'a' must be a string, not a list");
	expect(&r, 1, 1, 10, "'entrypoint[0]' of service 'a' must be a string, not a list");
	done(&r);

	expect_clean("x-env: &env\n"
		     "  A: 1\n"
		     "x-svc: &svc\n"
		     "  image: nginx\n"
		     "  environment: *env\n"
		     "services:\n"
		     "  a: *svc\n"
		     "  b:\n"
		     "    <<: *svc\n"
		     "    ports: [80]\n");
}

static void test_non_mapping_root(void **state)
{
	(void)state;
	struct run r;
	run(&r, "- services\n- web\n");
	expect_count(&r, 1);
	expect(&r, 0, 1, 1, "a compose file must be a mapping at the top level, not a list");
	done(&r);
	run(&r, "just text\n");
	expect_count(&r, 1);
	expect(&r, 0, 1, 1, "a compose file must be a mapping at the top level, not a string");
	done(&r);
	run(&r, "services: [web]\n");
	expect_count(&r, 1);
	expect(&r, 0, 1, 11, "'services' must be a mapping, not a list");
	done(&r);
}

static void test_invalid_service_name(void **state)
{
	(void)state;
	struct run r;
	run(&r, "services:\n"
		"  my web:\n"
		"    image: nginx\n"
		"  ok.name_1-2:\n"
		"    image: nginx\n");
	expect_count(&r, 1);
	expect(&r, 0, 2, 3,
	       "invalid name 'my web' in 'services': use only letters, digits, '.', '_' and '-'");
	done(&r);
}

static void test_source_order_and_append(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	const char *y = "services:\n"
			"  b:\n"
			"    tty: [x]\n"
			"    imagee: x\n"
			"  a:\n"
			"    stdin_open: [y]\n"
			"zzz: 1\n";
	const struct ynode *root = t_yaml(a, 0, y, strlen(y));
	/* issues are appended after what is already there */
	struct cl_diags d;
	cl_diags_init(&d, a);
	cl_diag_add(&d, 0, NULL, "earlier");
	compose_schema_check(root, &d);
	const struct cl_diag *is = d.v;
	uint32_t n = d.n;
	assert_int_equal(n, 5);
	assert_string_equal(is[0].msg, "earlier");
	for (uint32_t i = 2; i < n; i++)
		assert_true(is[i - 1].at.start.off < is[i].at.start.off);
	assert_int_equal(is[1].at.start.line, 3);
	assert_int_equal(is[4].at.start.line, 7);
	/* a NULL root adds nothing */
	compose_schema_check(NULL, &d);
	assert_int_equal(d.n, 5);
	arena_free(a);
}

static void test_alias_fanout_bounded(void **state)
{
	(void)state;
	/* 1200 services, each the same anchored service with 1000 variables:
	 * 1.2 million values to visit through aliases */
	size_t cap = 64 * 1024;
	char *y = test_malloc(cap);
	size_t len = 0;
	len += (size_t)snprintf(y + len, cap - len, "x-svc: &s\n  image: a\n  environment:\n");
	for (int i = 0; i < 1000; i++)
		len += (size_t)snprintf(y + len, cap - len, "    V%d: %d\n", i, i);
	len += (size_t)snprintf(y + len, cap - len, "services:\n");
	for (int i = 0; i < 1200; i++)
		len += (size_t)snprintf(y + len, cap - len, "  s%d: *s\n", i);
	assert_true(len < cap - 1);
	struct run r;
	run(&r, y);
	expect_count(&r, 1);
	assert_non_null(strstr(r.is[0].msg, "schema check stopped after 1000000 values"));
	done(&r);
	test_free(y);
}

static void test_issue_count_bounded(void **state)
{
	(void)state;
	/* 12000 unknown keys: 10000 issues, then a note at the top */
	size_t cap = 512 * 1024;
	char *y = test_malloc(cap);
	size_t len = (size_t)snprintf(y, cap, "services:\n  web:\n");
	for (int i = 0; i < 12000; i++)
		len += (size_t)snprintf(y + len, cap - len, "    unknown_key_%d: 1\n", i);
	assert_true(len < cap - 1);
	struct run r;
	run(&r, y);
	expect_count(&r, 10001);
	expect(&r, 0, 1, 1, "schema check stopped after 10000 issues");
	expect(&r, 1, 3, 5, "unknown key 'unknown_key_0' in service 'web'");
	expect(&r, 10000, 10002, 5, "unknown key 'unknown_key_9999' in service 'web'");
	done(&r);
	test_free(y);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unknown_key_suggestion),
		cmocka_unit_test(test_unknown_key_no_suggestion),
		cmocka_unit_test(test_unknown_key_top_level),
		cmocka_unit_test(test_version_1_format_hint),
		cmocka_unit_test(test_not_a_compose_file),
		cmocka_unit_test(test_nested_contexts),
		cmocka_unit_test(test_message_text_is_safe),
		cmocka_unit_test(test_x_keys_allowed),
		cmocka_unit_test(test_x_keys_only_where_allowed),
		cmocka_unit_test(test_wrong_types),
		cmocka_unit_test(test_scalar_leniency),
		cmocka_unit_test(test_list_or_dict),
		cmocka_unit_test(test_null_values),
		cmocka_unit_test(test_patterns),
		cmocka_unit_test(test_ports_long_syntax),
		cmocka_unit_test(test_volumes_long_syntax),
		cmocka_unit_test(test_deploy_resources),
		cmocka_unit_test(test_healthcheck_forms),
		cmocka_unit_test(test_networks_forms),
		cmocka_unit_test(test_depends_on_forms),
		cmocka_unit_test(test_ulimits),
		cmocka_unit_test(test_top_level_definitions),
		cmocka_unit_test(test_build_develop_hooks),
		cmocka_unit_test(test_interpolation_skipped),
		cmocka_unit_test(test_reset_override_tags),
		cmocka_unit_test(test_merge_keys_and_anchors),
		cmocka_unit_test(test_non_mapping_root),
		cmocka_unit_test(test_invalid_service_name),
		cmocka_unit_test(test_source_order_and_append),
		cmocka_unit_test(test_alias_fanout_bounded),
		cmocka_unit_test(test_issue_count_bounded),
	};
	return cmocka_run_group_tests_name("schema", tests, NULL, NULL);
}
