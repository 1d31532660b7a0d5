/*
 * test_merge.c - the Compose merge rules on YAML trees (compose/merge.h):
 * each rule of the specification, `!reset` / `!override`, positions and
 * chains of merged values, and linear time on large mappings.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/strbuf.h"
#include "compose/merge.h"

#include "helpers.h"

static const struct ynode *load(struct arena *a, uint32_t file, const char *text)
{
	const struct ynode *root = t_yaml(a, file, text, strlen(text));
	assert_non_null(root);
	return root;
}

/* A compact, ordered rendering: {k: v, ...}, [a, b], scalars as text,
 * null as ~. */
static void render(struct strbuf *sb, const struct ynode *n)
{
	n = y_deref(n, NULL, NULL);
	switch (n->kind) {
	case Y_SCALAR:
		strbuf_addstr(sb, y_is_null(n) ? "~" : n->scalar.s);
		break;
	case Y_SEQ:
		strbuf_addch(sb, '[');
		for (uint32_t i = 0; i < n->seq.n; i++) {
			if (i)
				strbuf_addstr(sb, ", ");
			render(sb, n->seq.items[i]);
		}
		strbuf_addch(sb, ']');
		break;
	case Y_MAP:
		strbuf_addch(sb, '{');
		for (uint32_t i = 0; i < n->map.n; i++) {
			if (i)
				strbuf_addstr(sb, ", ");
			strbuf_addf(sb, "%s: ", n->map.entries[i].key->scalar.s);
			render(sb, n->map.entries[i].value);
		}
		strbuf_addch(sb, '}');
		break;
	default:
		break;
	}
}

/* base and over as documents; the merged services.s (or the whole document
 * when there is no services.s) rendered. */
static char *merged(struct arena *a, const char *base, const char *over)
{
	const struct ynode *m = compose_merge(a, load(a, 1, base), load(a, 2, over));
	const struct yentry *s = y_get(m, "services");
	if (s && y_get(s->value, "s"))
		m = y_get(s->value, "s")->value;
	struct strbuf sb = STRBUF_INIT;
	render(&sb, m);
	char *out = arena_strdup(a, sb.buf ? sb.buf : "");
	strbuf_release(&sb);
	return out;
}

#define SVC(body) "services:\n  s:\n" body

static void expect(const char *base, const char *over, const char *want)
{
	struct arena *a = arena_new();
	char *got = merged(a, base, over);
	if (strcmp(got, want))
		print_error("merged: %s\n  want: %s\n", got, want);
	assert_string_equal(got, want);
	arena_free(a);
}

static void test_mappings_scalars_and_lists(void **state)
{
	(void)state;
	expect(SVC("    image: a\n    init: true\n    deploy: {replicas: 1, mode: x}\n"),
	       SVC("    image: b\n    deploy: {replicas: 2}\n    user: u\n"),
	       "{image: b, init: true, deploy: {replicas: 2, mode: x}, user: u}");
	/* a null override keeps the base value */
	expect(SVC("    image: a\n"), SVC("    image:\n"), "{image: a}");
	/* lists without a rule of their own are appended */
	expect(SVC("    group_add: [a, b]\n"), SVC("    group_add: [b, c]\n"),
	       "{group_add: [a, b, b, c]}");
	/* whole-value fields are replaced */
	expect(SVC("    command: [a, b]\n    entrypoint: x\n    healthcheck: {test: [CMD, a], interval: 5s}\n"),
	       SVC("    command: [c]\n    entrypoint: [y]\n    healthcheck: {test: [CMD, b]}\n"),
	       "{command: [c], entrypoint: [y], healthcheck: {test: [CMD, b], interval: 5s}}");
	expect(SVC("    ulimits: {nofile: {soft: 1, hard: 2}}\n"), SVC("    ulimits: {nofile: {soft: 3}}\n"),
	       "{ulimits: {nofile: {soft: 3}}}");
}

static void test_environment_and_labels_by_key(void **state)
{
	(void)state;
	/* list over list: by key, the override's value at the base's place */
	expect(SVC("    environment: [A=1, B=2]\n"), SVC("    environment: [B=3, C=4]\n"),
	       "{environment: [A=1, B=3, C=4]}");
	/* map over map */
	expect(SVC("    labels: {a: 1, b: 2}\n"), SVC("    labels: {b: 3}\n"),
	       "{labels: {a: 1, b: 3}}");
	/* list and map mix into a mapping; `- K` is a key without a value */
	expect(SVC("    environment: [A=1, B=x=y, C]\n"), SVC("    environment: {A: 2, D: 4}\n"),
	       "{environment: {A: 2, B: x=y, C: ~, D: 4}}");
	expect(SVC("    environment: {A: 1}\n"), SVC("    environment: [A=5]\n"),
	       "{environment: {A: 5}}");
	expect(SVC("    sysctls: [a=1]\n    annotations: {x: 1}\n"),
	       SVC("    sysctls: [a=2]\n    annotations: {y: 2}\n"),
	       "{sysctls: [a=2], annotations: {x: 1, y: 2}}");
	expect(SVC("    build: {context: ., args: [A=1]}\n"), SVC("    build: {args: {A: 2, B: 3}}\n"),
	       "{build: {context: ., args: {A: 2, B: 3}}}");
	expect(SVC("    extra_hosts: [\"a:1.1.1.1\"]\n"), SVC("    extra_hosts: {b: 2.2.2.2}\n"),
	       "{extra_hosts: {a: 1.1.1.1, b: 2.2.2.2}}");
}

static void test_unique_lists(void **state)
{
	(void)state;
	expect(SVC("    cap_add: [NET_ADMIN, CHOWN]\n    cap_drop: [ALL]\n"),
	       SVC("    cap_add: [CHOWN, SYS_TIME]\n    cap_drop: [ALL]\n"),
	       "{cap_add: [NET_ADMIN, CHOWN, SYS_TIME], cap_drop: [ALL]}");
	/* a single string is a list of one */
	expect(SVC("    dns: 1.1.1.1\n"), SVC("    dns: [8.8.8.8, 1.1.1.1]\n"),
	       "{dns: [1.1.1.1, 8.8.8.8]}");
	expect(SVC("    expose: [\"80\"]\n    profiles: [a]\n"), SVC("    expose: [\"80\", \"81\"]\n    profiles: [a, b]\n"),
	       "{expose: [80, 81], profiles: [a, b]}");
	expect(SVC("    env_file: [a.env]\n"), SVC("    env_file: [{path: a.env, required: false}, b.env]\n"),
	       "{env_file: [{path: a.env, required: false}, b.env]}");
}

static void test_ports_by_address(void **state)
{
	(void)state;
	/* the same host_ip:published:target/protocol, whatever the syntax */
	expect(SVC("    ports: [\"8080:80\", \"443:443\", \"53:53/udp\"]\n"),
	       SVC("    ports:\n      - {target: 80, published: \"8080\"}\n      - \"53:53\"\n"
		   "      - \"127.0.0.1:9000:9000\"\n"),
	       "{ports: [{target: 80, published: 8080}, 443:443, 53:53/udp, 53:53, 127.0.0.1:9000:9000]}");
}

static void test_mounts_by_target(void **state)
{
	(void)state;
	expect(SVC("    volumes: [\"./a:/data\", \"logs:/var/log\", /tmp/x]\n"),
	       SVC("    volumes:\n      - \"./b:/data:ro\"\n      - {type: volume, source: other, target: /var/log}\n"
		   "      - /srv:/srv\n"),
	       "{volumes: [./b:/data:ro, {type: volume, source: other, target: /var/log}, /tmp/x, /srv:/srv]}");
	expect(SVC("    devices: [\"/dev/a:/dev/x\", /dev/b]\n"), SVC("    devices: [\"/dev/c:/dev/x:rw\"]\n"),
	       "{devices: [/dev/c:/dev/x:rw, /dev/b]}");
	/* secrets by target: a name means /run/secrets/<name> */
	expect(SVC("    secrets: [a, {source: b, target: /etc/b}]\n"),
	       SVC("    secrets: [{source: a, mode: 0400}, {source: c, target: /etc/b}]\n"),
	       "{secrets: [{source: a, mode: 0400}, {source: c, target: /etc/b}]}");
	expect(SVC("    configs: [a]\n"), SVC("    configs: [{source: a, target: /a}, b]\n"),
	       "{configs: [{source: a, target: /a}, b]}");
}

static void test_names_build_and_logging(void **state)
{
	(void)state;
	expect(SVC("    depends_on: [db, cache]\n    networks: [front]\n"),
	       SVC("    depends_on: {db: {condition: service_healthy}}\n    networks: {back: {aliases: [x]}}\n"),
	       "{depends_on: {db: {condition: service_healthy}, cache: ~}, networks: {front: ~, back: {aliases: [x]}}}");
	expect(SVC("    depends_on: [db]\n"), SVC("    depends_on: [db, cache]\n"),
	       "{depends_on: [db, cache]}");
	expect(SVC("    networks: {front: {aliases: [a, b]}}\n"), SVC("    networks: {front: {aliases: [b, c]}}\n"),
	       "{networks: {front: {aliases: [a, b, c]}}}");
	expect(SVC("    build: ./dir\n"), SVC("    build: {dockerfile: Other}\n"),
	       "{build: {context: ./dir, dockerfile: Other}}");
	expect(SVC("    build: {context: ., target: a}\n"), SVC("    build: ./b\n"),
	       "{build: {context: ./b, target: a}}");
	expect(SVC("    logging: {driver: json-file, options: {max-size: 1m}}\n"),
	       SVC("    logging: {options: {max-file: \"3\"}}\n"),
	       "{logging: {driver: json-file, options: {max-size: 1m, max-file: 3}}}");
	expect(SVC("    logging: {driver: json-file, options: {max-size: 1m}}\n"),
	       SVC("    logging: {driver: syslog}\n"), "{logging: {driver: syslog}}");
}

static void test_reset_and_override_tags(void **state)
{
	(void)state;
	expect(SVC("    image: a\n    ports: [\"80:80\"]\n    environment: {A: 1}\n"),
	       SVC("    ports: !reset []\n    environment: !override {B: 2}\n"),
	       "{image: a, environment: {B: 2}}");
	/* !reset of a key the base does not have leaves nothing */
	expect(SVC("    image: a\n"), SVC("    user: !reset null\n"), "{image: a}");
}

static void test_top_level_and_other_objects(void **state)
{
	(void)state;
	expect("name: a\nnetworks: {n: {labels: [x=1]}}\nvolumes: {v: {labels: {y: 1}}}\n",
	       "name: b\nnetworks: {n: {labels: {x: 2}, internal: true}}\nvolumes: {v: {labels: [z=3]}}\n",
	       "{name: b, networks: {n: {labels: {x: 2}, internal: true}}, volumes: {v: {labels: {y: 1, z: 3}}}}");
	expect("networks: {n: {ipam: {config: [{subnet: 10.0.0.0/24, gateway: 10.0.0.1}]}}}\n",
	       "networks: {n: {ipam: {config: [{subnet: 10.0.0.0/24, ip_range: 10.0.0.0/25}, {subnet: 10.1.0.0/24}]}}}\n",
	       "{networks: {n: {ipam: {config: [{subnet: 10.0.0.0/24, gateway: 10.0.0.1, ip_range: 10.0.0.0/25}, {subnet: 10.1.0.0/24}]}}}}");
}

/* Every merged part keeps the span where it was written, and the chain
 * given for its side. */
static void test_positions_and_chains(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	const struct ynode *b = load(a, 1, "services:\n  s:\n    environment: [A=1, B=2]\n    image: a\n");
	const struct ynode *o = load(a, 2, "services:\n  s:\n    environment: {B: x}\n");
	const struct ynode *site = y_get(o, "services")->value;  /* any node will do */
	const struct yvia *link = y_via_push(a, YV_EXTENDS, site, NULL);
	const char *path[2] = { "services", "s" };
	const struct ynode *bs = y_get(y_get(b, "services")->value, "s")->value;
	const struct ynode *os = y_get(y_get(o, "services")->value, "s")->value;
	const struct yvia *via = NULL;
	const struct ynode *m = compose_merge_at(a, path, 2, bs, link, os, NULL, &via);
	assert_null(via);  /* derived */
	const struct yentry *env = y_get(m, "environment");
	const struct yentry *ea = y_get(env->value, "A"), *eb = y_get(env->value, "B");
	/* A=1 from the inherited list item: its value right after "A=" */
	assert_int_equal(ea->value->span.file, 1);
	assert_int_equal(ea->value->span.start.line, 3);
	assert_int_equal(ea->value->span.start.col, 21);
	assert_string_equal(ea->value->scalar.s, "1");
	assert_non_null(ea->via);
	assert_int_equal(ea->via->kind, YV_EXTENDS);
	/* B from the local side, where it was written, with no chain */
	assert_int_equal(eb->value->span.file, 2);
	assert_int_equal(eb->value->span.start.line, 3);
	assert_null(eb->via);
	const struct yentry *img = y_get(m, "image");
	assert_int_equal(img->value->span.file, 1);
	assert_ptr_equal(img->via, link);
	/* the merged collection stands at the local side (the base was inherited) */
	assert_int_equal(env->key->span.file, 2);
	arena_free(a);
}

/* 20000 keys on each side: linear, not quadratic (the test would time out). */
static void test_large_mappings(void **state)
{
	(void)state;
	struct strbuf b = STRBUF_INIT, o = STRBUF_INIT;
	strbuf_addstr(&b, "services:\n  s:\n    labels:\n");
	strbuf_addstr(&o, "services:\n  s:\n    labels:\n");
	for (int i = 0; i < 20000; i++) {
		strbuf_addf(&b, "      k%d: %d\n", i, i);
		strbuf_addf(&o, "      k%d: x%d\n", i * 2, i);
	}
	struct arena *a = arena_new();
	const struct ynode *m = compose_merge(a, load(a, 1, b.buf), load(a, 2, o.buf));
	const struct ynode *labels =
		y_get(y_get(y_get(m, "services")->value, "s")->value, "labels")->value;
	assert_int_equal(labels->map.n, 30000);
	assert_string_equal(y_get(labels, "k2")->value->scalar.s, "x1");
	assert_string_equal(y_get(labels, "k3")->value->scalar.s, "3");
	arena_free(a);
	strbuf_release(&b);
	strbuf_release(&o);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mappings_scalars_and_lists),
		cmocka_unit_test(test_environment_and_labels_by_key),
		cmocka_unit_test(test_unique_lists),
		cmocka_unit_test(test_ports_by_address),
		cmocka_unit_test(test_mounts_by_target),
		cmocka_unit_test(test_names_build_and_logging),
		cmocka_unit_test(test_reset_and_override_tags),
		cmocka_unit_test(test_top_level_and_other_objects),
		cmocka_unit_test(test_positions_and_chains),
		cmocka_unit_test(test_large_mappings),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
