/*
 * test_normalize.c - the assembled YAML tree -> the normalized document
 * that rules and policies read: its sections, short syntaxes expanded,
 * list-or-map fields as maps, YAML 1.2 typing, the position of every value
 * and the chain of aliases and merge keys that brought it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "compose/image.h"
#include "compose/keys.h"
#include "compose/ports.h"
#include "compose/substitute.h"
#include "compose/value.h"
#include "yaml/load.h"

#define HEX64 "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

/* ---- helpers ------------------------------------------------------------ */

static const struct cv *normalize(struct arena *a, const char *text)
{
	static const struct ylimits lim = YLIMITS_DEFAULT;
	struct yload ld;
	int rc = yaml_load(a, 2, text, strlen(text), &lim, &ld);
	for (uint32_t i = 0; i < ld.problems.n; i++)
		print_error("unexpected problem %u:%u %s\n", ld.problems.v[i].at.start.line,
			    ld.problems.v[i].at.start.col, ld.problems.v[i].msg);
	assert_int_equal(rc, 0);
	assert_int_equal(ld.problems.n, 0);
	/* as in a project: interpolated first, with no variable set */
	struct cl_diags problems;
	cl_diags_init(&problems, a);
	const struct ynode *root = compose_substitute(a, ld.ndocs ? ld.docs[0] : NULL, NULL, &problems);
	int truncated = 1;
	const struct cv *doc = compose_normalize(a, root, &truncated);
	assert_false(truncated);
	assert_non_null(doc);
	assert_int_equal(doc->kind, CV_MAP);
	return doc;
}

/* The value at a path of keys and list indexes ("0", "1"...), NULL-terminated. */
static const struct cv *get(const struct cv *v, ...)
{
	va_list ap;
	va_start(ap, v);
	const char *seg;
	while (v && (seg = va_arg(ap, const char *)) != NULL) {
		if (v->kind == CV_LIST) {
			uint32_t i = (uint32_t)atoi(seg);
			v = i < v->n ? v->items[i].value : NULL;
		} else {
			v = cv_get(v, seg);
		}
	}
	va_end(ap);
	return v;
}

#define svc(doc, name) get((doc), "services", (name), NULL)

static void assert_cv(const struct cv *v, enum cv_kind kind, const char *text)
{
	if (!v)
		fail_msg("no value (expected %s '%s')", cv_kind_name(kind), text ? text : "");
	if (v->kind != kind)
		fail_msg("value '%s' is %s, expected %s", v->text, cv_kind_name(v->kind),
			 cv_kind_name(kind));
	if (text)
		assert_string_equal(v->text, text);
}

#define assert_pos(v, l, c) do {                                        \
		assert_non_null((v)->at.node);                          \
		assert_int_equal((v)->at.node->span.start.line, (l));   \
		assert_int_equal((v)->at.node->span.start.col, (c));    \
	} while (0)

#define assert_at(n, l, c) do {                                         \
		assert_non_null(n);                                     \
		assert_int_equal((n)->span.start.line, (l));            \
		assert_int_equal((n)->span.start.col, (c));             \
	} while (0)

/* A YAML document as it is, not interpolated: odd roots included. */
static const struct cv *normalize_raw(struct arena *a, const char *text, const struct ynode **root)
{
	static const struct ylimits lim = YLIMITS_DEFAULT;
	struct yload ld;
	assert_int_equal(yaml_load(a, 2, text, strlen(text), &lim, &ld), 0);
	assert_int_equal(ld.problems.n, 0);
	*root = ld.ndocs ? ld.docs[0] : NULL;
	return compose_normalize(a, *root, NULL);
}

/* The keys of a map, joined with spaces. */
static const char *keys(struct arena *a, const struct cv *m)
{
	assert_non_null(m);
	assert_int_equal(m->kind, CV_MAP);
	char *s = arena_strdup(a, "");
	for (uint32_t i = 0; i < m->n; i++)
		s = arena_printf(a, "%s%s%s", s, i ? " " : "", m->items[i].key);
	return s;
}

/* ---- the document ---------------------------------------------------------- */

static void test_top_level_shape(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	const struct cv *doc = normalize(a, "services:\n  web:\n    image: nginx\n");
	assert_string_equal(keys(a, doc), "services networks volumes secrets configs");
	assert_cv(get(doc, "networks", NULL), CV_MAP, NULL);
	assert_int_equal(get(doc, "networks", NULL)->n, 0);
	assert_null(get(doc, "name", NULL));

	doc = normalize(a, "name: demo\nservices: {}\nvolumes:\n  data:\n");
	assert_string_equal(keys(a, doc), "name services networks volumes secrets configs");
	assert_cv(get(doc, "name", NULL), CV_STR, "demo");
	assert_cv(get(doc, "volumes", "data", NULL), CV_NULL, "");

	/* an empty file is an empty project */
	doc = normalize(a, "");
	assert_int_equal(get(doc, "services", NULL)->n, 0);
	assert_null(doc->at.node);

	assert_null(cv_get(get(doc, "services", NULL), "nope"));
	assert_null(cv_get(NULL, "x"));
	assert_null(cv_entry(get(doc, "name", NULL), "x"));
	assert_string_equal(cv_kind_name(CV_LIST), "a list");
	assert_string_equal(cv_kind_name(CV_NULL), "null");
	arena_free(a);
}

/* ---- sections and services ------------------------------------------------------------ */

static void test_odd_roots(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	const struct ynode *root;
	const struct cv *doc = normalize_raw(a, "- a\n- b\n", &root);
	assert_ptr_equal(doc->at.node, root);
	assert_string_equal(keys(a, doc), "services networks volumes secrets configs");
	assert_int_equal(get(doc, "services", NULL)->n, 0);

	doc = normalize_raw(a, "just a string\n", &root);
	assert_ptr_equal(doc->at.node, root);
	assert_int_equal(get(doc, "services", NULL)->n, 0);

	/* a section that is not a mapping: empty, located where it is written */
	doc = normalize(a, "services: [web]\nnetworks: 5\n");
	const struct cv *s = get(doc, "services", NULL);
	assert_cv(s, CV_MAP, NULL);
	assert_int_equal(s->n, 0);
	assert_int_equal(s->at.node->kind, Y_SEQ);
	assert_cv(get(doc, "networks", NULL), CV_MAP, NULL);
	assert_int_equal(get(doc, "networks", NULL)->n, 0);
	assert_pos(get(doc, "networks", NULL), 2, 11);

	doc = normalize(a, "services:\n");
	assert_int_equal(get(doc, "services", NULL)->n, 0);
	assert_non_null(get(doc, "services", NULL)->at.node);
	arena_free(a);
}

static void test_services_in_order(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	const struct cv *doc = normalize(a,
		"name: demo\n"                                  /* 1 */
		"version: \"3.8\"\n"                            /* 2 */
		"services:\n"                                   /* 3 */
		"  zeta:\n"                                     /* 4 */
		"    image: z\n"                                /* 5 */
		"  alpha:\n"                                    /* 6 */
		"    image: a\n"                                /* 7 */
		"  mid: {}\n"                                   /* 8 */
		"  nothing:\n");                                /* 9 */
	assert_cv(get(doc, "name", NULL), CV_STR, "demo");
	assert_null(get(doc, "version", NULL));   /* obsolete: not part of the project */
	const struct cv *svcs = get(doc, "services", NULL);
	assert_string_equal(keys(a, svcs), "zeta alpha mid nothing");
	assert_at(svcs->items[1].key_at.node, 6, 3);
	assert_pos(svcs->items[1].value, 7, 5);
	assert_null(svcs->items[1].value->at.via);
	assert_cv(svc(doc, "mid"), CV_MAP, NULL);
	assert_null(svc(doc, "missing"));
	/* `nothing:` is a service with a null body, kept as written */
	assert_cv(svc(doc, "nothing"), CV_NULL, "");
	assert_true(y_is_null(svc(doc, "nothing")->at.node));
	arena_free(a);
}

static void test_top_level_objects(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	const struct cv *doc = normalize(a,
		"services: {}\n"                                /* 1 */
		"networks:\n"                                   /* 2 */
		"  front:\n"                                    /* 3 */
		"  back:\n"                                     /* 4 */
		"    internal: true\n"                          /* 5 */
		"volumes:\n"                                    /* 6 */
		"  cache: {}\n"                                 /* 7 */
		"  logs:\n"                                     /* 8 */
		"secrets:\n"                                    /* 9 */
		"  db_pass:\n"                                  /* 10 */
		"    file: ./db_pass.txt\n"                     /* 11 */
		"configs:\n"                                    /* 12 */
		"  nginx_conf:\n"                               /* 13 */
		"    file: ./nginx.conf\n");                    /* 14 */
	const struct cv *nets = get(doc, "networks", NULL);
	assert_string_equal(keys(a, nets), "front back");
	assert_at(nets->items[0].key_at.node, 3, 3);
	assert_cv(get(nets, "front", NULL), CV_NULL, "");
	assert_cv(get(nets, "back", "internal", NULL), CV_BOOL, "true");
	assert_string_equal(keys(a, get(doc, "volumes", NULL)), "cache logs");
	assert_pos(get(doc, "secrets", "db_pass", NULL), 11, 5);
	assert_cv(get(doc, "secrets", "db_pass", "file", NULL), CV_STR, "./db_pass.txt");
	assert_string_equal(keys(a, get(doc, "configs", NULL)), "nginx_conf");
	arena_free(a);
}

static void test_image_reference(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	const struct cv *doc = normalize(a,
		"services:\n"
		"  web:\n"
		"    image: ghcr.io/org/app:1.2@sha256:" HEX64 "\n"
		"  plain:\n"
		"    image: nginx\n"
		"  built:\n"
		"    build: .\n"
		"  nullimg:\n"
		"    image:\n");
	const struct cv *img = get(svc(doc, "web"), "image", NULL);
	assert_pos(img, 3, 12);
	assert_at(cv_entry(svc(doc, "web"), "image")->key_at.node, 3, 5);
	assert_null(img->at.via);
	/* the normalized text is what the image parser reads */
	struct cl_image_ref r;
	cl_image_parse(a, img->text, &r);
	assert_int_equal(r.valid, 1);
	assert_string_equal(r.registry, "ghcr.io");
	assert_string_equal(r.path, "org/app");
	assert_string_equal(r.tag, "1.2");
	assert_string_equal(r.digest, "sha256:" HEX64);
	cl_image_parse(a, get(svc(doc, "plain"), "image", NULL)->text, &r);
	assert_string_equal(r.path, "library/nginx");
	assert_null(r.tag);
	assert_null(get(svc(doc, "built"), "image", NULL));
	assert_cv(get(svc(doc, "built"), "build", NULL), CV_STR, ".");
	assert_cv(get(svc(doc, "nullimg"), "image", NULL), CV_NULL, "");
	arena_free(a);
}

/* ---- ports ---------------------------------------------------------------------- */

static void test_ports(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	const struct cv *doc = normalize(a,
		"services:\n"                                   /* 1 */
		"  web:\n"                                      /* 2 */
		"    ports:\n"                                  /* 3 */
		"      - \"8080:80\"\n"                         /* 4 */
		"      - 127.0.0.1:53:53/udp\n"                 /* 5 */
		"      - \"3000\"\n"                            /* 6 */
		"      - 8000-8001:80-81\n"                     /* 7 */
		"      - target: 443\n"                         /* 8 */
		"        published: \"8443\"\n"                 /* 9 */
		"        protocol: tcp\n"                       /* 10 */
		"      - not a port\n");                        /* 11 */
	const struct cv *ports = get(svc(doc, "web"), "ports", NULL);
	assert_cv(ports, CV_LIST, NULL);
	assert_int_equal(ports->n, 6);
	assert_pos(ports, 4, 7);

	const struct cv *p = get(ports, "0", NULL);
	assert_string_equal(keys(a, p), "target published protocol");
	assert_cv(get(p, "target", NULL), CV_NUM, "80");
	assert_true(get(p, "target", NULL)->num == 80);
	assert_cv(get(p, "published", NULL), CV_NUM, "8080");
	assert_cv(get(p, "protocol", NULL), CV_STR, "tcp");
	assert_pos(get(p, "published", NULL), 4, 9);
	assert_pos(p, 4, 9);

	p = get(ports, "1", NULL);
	assert_string_equal(keys(a, p), "target published host_ip protocol");
	assert_cv(get(p, "host_ip", NULL), CV_STR, "127.0.0.1");
	assert_cv(get(p, "protocol", NULL), CV_STR, "udp");
	assert_cv(get(p, "published", NULL), CV_NUM, "53");

	p = get(ports, "2", NULL);   /* not published on the host */
	assert_string_equal(keys(a, p), "target protocol");
	assert_cv(get(p, "target", NULL), CV_NUM, "3000");

	p = get(ports, "3", NULL);   /* ranges stay text */
	assert_cv(get(p, "target", NULL), CV_STR, "80-81");
	assert_cv(get(p, "published", NULL), CV_STR, "8000-8001");

	p = get(ports, "4", NULL);   /* long syntax: as written */
	assert_string_equal(keys(a, p), "target published protocol");
	assert_cv(get(p, "target", NULL), CV_NUM, "443");
	assert_cv(get(p, "published", NULL), CV_STR, "8443");
	assert_pos(get(p, "published", NULL), 9, 20);

	/* a port that does not parse is kept as written (CL003 reports it) */
	assert_cv(get(ports, "5", NULL), CV_STR, "not a port");
	arena_free(a);
}

/* ---- volumes ------------------------------------------------------------------- */

static void test_volumes(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	const struct cv *doc = normalize(a,
		"services:\n"                                   /* 1 */
		"  web:\n"                                      /* 2 */
		"    volumes:\n"                                /* 3 */
		"      - data:/data:ro\n"                       /* 4 */
		"      - ./conf:/etc/conf\n"                    /* 5 */
		"      - /anonymous\n"                          /* 6 */
		"      - type: tmpfs\n"                         /* 7 */
		"        target: /tmp\n"                        /* 8 */
		"      - source: /var/run/docker.sock\n"        /* 9 */
		"        target: /var/run/docker.sock\n");      /* 10 */
	const struct cv *vols = get(svc(doc, "web"), "volumes", NULL);
	assert_int_equal(vols->n, 5);

	const struct cv *v = get(vols, "0", NULL);
	assert_string_equal(keys(a, v), "type source target read_only");
	assert_cv(get(v, "type", NULL), CV_STR, "volume");
	assert_cv(get(v, "source", NULL), CV_STR, "data");
	assert_cv(get(v, "target", NULL), CV_STR, "/data");
	assert_cv(get(v, "read_only", NULL), CV_BOOL, "true");
	assert_pos(v, 4, 9);

	v = get(vols, "1", NULL);
	assert_string_equal(keys(a, v), "type source target bind");
	assert_cv(get(v, "type", NULL), CV_STR, "bind");
	assert_cv(get(v, "source", NULL), CV_STR, "./conf");

	v = get(vols, "2", NULL);
	assert_string_equal(keys(a, v), "type target");
	assert_cv(get(v, "type", NULL), CV_STR, "volume");
	assert_cv(get(v, "target", NULL), CV_STR, "/anonymous");

	v = get(vols, "3", NULL);
	assert_string_equal(keys(a, v), "type target");
	assert_cv(get(v, "type", NULL), CV_STR, "tmpfs");
	assert_pos(get(v, "type", NULL), 7, 15);

	/* a long-syntax mount without its required type gets the one its source implies */
	v = get(vols, "4", NULL);
	assert_string_equal(keys(a, v), "source target type");
	assert_cv(get(v, "type", NULL), CV_STR, "bind");
	arena_free(a);
}

/* ---- list-or-map fields ------------------------------------------------------------ */

static void test_environment_list_becomes_map(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	const struct cv *doc = normalize(a,
		"services:\n"                                   /* 1 */
		"  list:\n"                                     /* 2 */
		"    environment:\n"                            /* 3 */
		"      - A=1\n"                                 /* 4 */
		"      - UNSET\n"                               /* 5 */
		"      - EMPTY=\n"                              /* 6 */
		"      - B=x=y\n"                               /* 7 */
		"  map:\n"                                      /* 8 */
		"    environment:\n"                            /* 9 */
		"      A: 1\n"                                  /* 10 */
		"      UNSET:\n"                                /* 11 */
		"      Q: \"1\"\n"                              /* 12 */
		"      T: true\n");                             /* 13 */
	const struct cv *env = get(svc(doc, "list"), "environment", NULL);
	assert_string_equal(keys(a, env), "A UNSET EMPTY B");
	assert_cv(get(env, "A", NULL), CV_STR, "1");        /* KEY=VALUE is always text */
	assert_cv(get(env, "UNSET", NULL), CV_NULL, "");
	assert_cv(get(env, "EMPTY", NULL), CV_STR, "");
	assert_cv(get(env, "B", NULL), CV_STR, "x=y");
	assert_pos(get(env, "A", NULL), 4, 9);
	assert_int_equal(env->items[0].key_at.node->span.start.line, 4);

	env = get(svc(doc, "map"), "environment", NULL);
	assert_string_equal(keys(a, env), "A UNSET Q T");
	assert_cv(get(env, "A", NULL), CV_NUM, "1");        /* the map form is typed */
	assert_cv(get(env, "UNSET", NULL), CV_NULL, "");
	assert_cv(get(env, "Q", NULL), CV_STR, "1");
	assert_cv(get(env, "T", NULL), CV_BOOL, "true");
	assert_pos(get(env, "A", NULL), 10, 10);
	assert_int_equal(env->items[0].key_at.node->span.start.col, 7);
	arena_free(a);
}

static void test_labels_and_references(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	const struct cv *doc = normalize(a,
		"services:\n"
		"  web:\n"
		"    labels: [traefik.enable=true, com.example=x]\n"
		"    depends_on: [db]\n"
		"    secrets:\n"
		"      - s1\n"
		"      - source: s2\n"
		"        target: /run/s\n"
		"  db:\n"
		"    depends_on:\n"
		"      web: {condition: service_started}\n");
	const struct cv *web = svc(doc, "web");
	assert_cv(get(web, "labels", "traefik.enable", NULL), CV_STR, "true");
	assert_string_equal(keys(a, get(web, "labels", NULL)), "traefik.enable com.example");
	assert_cv(get(web, "depends_on", "db", NULL), CV_NULL, "");
	assert_cv(get(web, "secrets", "0", "source", NULL), CV_STR, "s1");
	assert_cv(get(web, "secrets", "1", "source", NULL), CV_STR, "s2");
	assert_cv(get(web, "secrets", "1", "target", NULL), CV_STR, "/run/s");
	assert_cv(get(svc(doc, "db"), "depends_on", "web", "condition", NULL), CV_STR,
		  "service_started");
	arena_free(a);
}

static void test_string_where_a_list_is_meant(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	const struct cv *doc = normalize(a,
		"services:\n"
		"  web:\n"
		"    cap_drop: ALL\n"
		"    cap_add: [CHOWN]\n"
		"    tmpfs: /run\n"
		"    dns: 8.8.8.8\n");
	const struct cv *web = svc(doc, "web");
	const struct cv *l = get(web, "cap_drop", NULL);
	assert_cv(l, CV_LIST, NULL);
	assert_int_equal(l->n, 1);
	assert_cv(get(l, "0", NULL), CV_STR, "ALL");
	assert_pos(get(l, "0", NULL), 3, 15);
	assert_cv(get(web, "cap_add", "0", NULL), CV_STR, "CHOWN");
	assert_cv(get(web, "tmpfs", "0", NULL), CV_STR, "/run");
	assert_cv(get(web, "dns", "0", NULL), CV_STR, "8.8.8.8");
	arena_free(a);
}

/* ---- networks ------------------------------------------------------------------------- */

static void test_default_network(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	const struct cv *doc = normalize(a,
		"services:\n"
		"  plain:\n"
		"    image: x\n"
		"  listed:\n"
		"    networks: [front, back]\n"
		"  host:\n"
		"    network_mode: host\n"
		"  mapped:\n"
		"    networks:\n"
		"      front:\n"
		"        aliases: [f]\n");
	const struct cv *n = get(svc(doc, "plain"), "networks", NULL);
	assert_string_equal(keys(a, n), "default");
	assert_cv(get(n, "default", NULL), CV_NULL, "");
	assert_null(get(n, "default", NULL)->at.node);   /* synthesized: no position */
	assert_null(n->at.node);
	assert_null(n->items[0].key_at.node);

	n = get(svc(doc, "listed"), "networks", NULL);
	assert_string_equal(keys(a, n), "front back");
	assert_cv(get(n, "front", NULL), CV_NULL, "");
	assert_int_equal(n->items[1].key_at.node->span.start.col, 23);

	/* network_mode: no networks at all */
	assert_null(get(svc(doc, "host"), "networks", NULL));

	n = get(svc(doc, "mapped"), "networks", NULL);
	assert_cv(get(n, "front", "aliases", "0", NULL), CV_STR, "f");
	arena_free(a);
}

/* ---- healthcheck ------------------------------------------------------------------------ */

static void test_healthcheck_test(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	const struct cv *doc = normalize(a,
		"services:\n"
		"  shell:\n"
		"    healthcheck:\n"
		"      test: curl -f http://localhost\n"
		"      interval: 30s\n"
		"  none:\n"
		"    healthcheck:\n"
		"      test: NONE\n"
		"  list:\n"
		"    healthcheck:\n"
		"      test: [\"CMD\", \"true\"]\n"
		"  off:\n"
		"    healthcheck:\n"
		"      disable: true\n");
	const struct cv *t = get(svc(doc, "shell"), "healthcheck", "test", NULL);
	assert_cv(t, CV_LIST, NULL);
	assert_int_equal(t->n, 2);
	assert_cv(get(t, "0", NULL), CV_STR, "CMD-SHELL");
	assert_cv(get(t, "1", NULL), CV_STR, "curl -f http://localhost");
	assert_pos(get(t, "0", NULL), 4, 13);   /* where the string was written */
	assert_cv(get(svc(doc, "shell"), "healthcheck", "interval", NULL), CV_STR, "30s");

	t = get(svc(doc, "none"), "healthcheck", "test", NULL);
	assert_int_equal(t->n, 1);
	assert_cv(get(t, "0", NULL), CV_STR, "NONE");

	t = get(svc(doc, "list"), "healthcheck", "test", NULL);
	assert_int_equal(t->n, 2);
	assert_cv(get(t, "0", NULL), CV_STR, "CMD");

	assert_cv(get(svc(doc, "off"), "healthcheck", "disable", NULL), CV_BOOL, "true");
	arena_free(a);
}

/* ---- typing ----------------------------------------------------------------------------- */

static void test_yaml_1_2_typing(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	const struct cv *doc = normalize(a,
		"services:\n"
		"  web:\n"
		"    hostname: yes\n"
		"    domainname: \"1\"\n"
		"    stop_grace_period: 1.0\n"
		"    x-typing:\n"
		"      yes: yes\n"
		"      no: off\n"
		"      one: 1.0\n"
		"      int: 012\n"
		"      plus: +1\n"
		"      neg: -2.5\n"
		"      exp: 1e3\n"
		"      half: .5\n"
		"      hex: 0x10\n"
		"      oct: 0o17\n"
		"      under: 1_000\n"
		"      inf: .inf\n"
		"      nan: .nan\n"
		"      tilde: ~\n"
		"      null: null\n"
		"      Null: Null\n"
		"      True: True\n"
		"      FALSE: FALSE\n"
		"      tRUE: tRUE\n"
		"      quoted: 'true'\n"
		"      tagged: !!str 5\n"
		"      empty:\n"
		"      date: 2027-06-30\n");
	const struct cv *web = svc(doc, "web");
	assert_cv(get(web, "hostname", NULL), CV_STR, "yes");
	assert_cv(get(web, "domainname", NULL), CV_STR, "1");
	assert_cv(get(web, "stop_grace_period", NULL), CV_NUM, "1");
	assert_string_equal(get(web, "stop_grace_period", NULL)->raw, "1.0");
	const struct cv *t = get(web, "x-typing", NULL);
	assert_cv(get(t, "yes", NULL), CV_STR, "yes");
	assert_cv(get(t, "no", NULL), CV_STR, "off");
	assert_cv(get(t, "one", NULL), CV_NUM, "1");
	assert_cv(get(t, "int", NULL), CV_NUM, "10");  /* 012: octal, as compose reads it */
	assert_cv(get(t, "plus", NULL), CV_NUM, "1");
	assert_cv(get(t, "neg", NULL), CV_NUM, "-2.5");
	assert_true(get(t, "neg", NULL)->num == -2.5);
	assert_cv(get(t, "exp", NULL), CV_NUM, "1000");
	assert_cv(get(t, "half", NULL), CV_NUM, "0.5");
	assert_cv(get(t, "hex", NULL), CV_STR, "0x10");
	assert_cv(get(t, "oct", NULL), CV_STR, "0o17");
	assert_cv(get(t, "under", NULL), CV_STR, "1_000");
	assert_cv(get(t, "inf", NULL), CV_STR, ".inf");
	assert_cv(get(t, "nan", NULL), CV_STR, ".nan");
	assert_cv(get(t, "tilde", NULL), CV_NULL, "");
	assert_cv(get(t, "null", NULL), CV_NULL, "");
	assert_cv(get(t, "Null", NULL), CV_NULL, "");
	assert_cv(get(t, "True", NULL), CV_BOOL, "true");
	assert_true(get(t, "True", NULL)->b);
	assert_cv(get(t, "FALSE", NULL), CV_BOOL, "false");
	assert_cv(get(t, "tRUE", NULL), CV_STR, "tRUE");
	assert_cv(get(t, "quoted", NULL), CV_STR, "true");
	assert_cv(get(t, "tagged", NULL), CV_STR, "5");
	assert_cv(get(t, "empty", NULL), CV_NULL, "");
	assert_cv(get(t, "date", NULL), CV_STR, "2027-06-30");
	arena_free(a);
}

static void test_boolean_fields_read_as_compose_reads_them(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	const struct cv *doc = normalize(a,
		"services:\n"
		"  web:\n"
		"    privileged: yes\n"
		"    read_only: \"true\"\n"
		"    init: off\n"
		"    tty: ${TTY}\n"
		"    stdin_open: maybe\n");
	const struct cv *web = svc(doc, "web");
	assert_cv(get(web, "privileged", NULL), CV_BOOL, "true");
	assert_cv(get(web, "read_only", NULL), CV_BOOL, "true");
	assert_cv(get(web, "init", NULL), CV_BOOL, "false");
	/* unset: compose would read "", and the value is marked unknown */
	assert_cv(get(web, "tty", NULL), CV_STR, "");
	assert_true(get(web, "tty", NULL)->unknown);
	assert_true(get(web, "tty", NULL)->unknown);
	assert_cv(get(web, "stdin_open", NULL), CV_STR, "maybe");
	assert_pos(get(web, "privileged", NULL), 3, 17);
	arena_free(a);
}

static void test_interpolation_and_raw_text(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	const struct cv *doc = normalize(a,
		"services:\n"
		"  web:\n"
		"    image: ${IMAGE:-nginx}\n"
		"    user: $USER\n"
		"    command: echo $$HOME\n"
		"    entrypoint: \"cost: 5$\"\n"
		"    working_dir: '$1dir'\n"
		"    labels:\n"
		"      q: \"a b\"\n"
		"      n: 0465\n");
	const struct cv *web = svc(doc, "web");
	/* a default makes the value known; raw() still sees what was written */
	assert_false(get(web, "image", NULL)->unknown);
	assert_cv(get(web, "image", NULL), CV_STR, "nginx");
	assert_string_equal(get(web, "image", NULL)->raw, "${IMAGE:-nginx}");
	assert_true(get(web, "user", NULL)->unknown);
	assert_false(get(web, "command", NULL)->unknown);  /* $$ is a literal dollar */
	assert_cv(get(web, "command", NULL), CV_STR, "echo $HOME");
	assert_false(get(web, "entrypoint", NULL)->unknown);
	assert_false(get(web, "working_dir", NULL)->unknown);  /* $1 is no variable */
	assert_string_equal(get(web, "labels", "q", NULL)->raw, "a b");
	assert_cv(get(web, "labels", "n", NULL), CV_NUM, "309");  /* octal, as compose reads it */
	assert_string_equal(get(web, "labels", "n", NULL)->raw, "0465");
	arena_free(a);
}

/* ---- positions through anchors ------------------------------------------------------------ */

static void test_merged_values_keep_the_anchor_position(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	const struct cv *doc = normalize(a,
		"x-base: &base\n"                               /* 1 */
		"  image: nginx:1.25\n"                         /* 2 */
		"  cap_drop: [ALL]\n"                           /* 3 */
		"  environment: &env\n"                         /* 4 */
		"    A: 1\n"                                    /* 5 */
		"services:\n"                                   /* 6 */
		"  web:\n"                                      /* 7 */
		"    <<: *base\n"                               /* 8 */
		"    user: \"1\"\n"                             /* 9 */
		"  app:\n"                                      /* 10 */
		"    <<: *base\n"                               /* 11 */
		"    image: own\n"                              /* 12 */
		"    environment: *env\n");                     /* 13 */
	const struct cv *web = svc(doc, "web");
	assert_string_equal(keys(a, web), "user image cap_drop environment networks");
	const struct cv *img = get(web, "image", NULL);
	assert_cv(img, CV_STR, "nginx:1.25");
	assert_pos(img, 2, 10);
	assert_non_null(img->at.via);
	assert_int_equal(img->at.via->kind, YV_MERGE);
	assert_int_equal(img->at.via->site->span.start.line, 8);
	assert_pos(get(web, "cap_drop", "0", NULL), 3, 14);
	assert_non_null(get(web, "cap_drop", "0", NULL)->at.via);
	assert_pos(get(web, "environment", "A", NULL), 5, 8);
	/* the key of a merged entry is the key where it was written */
	const struct cv_entry *e = cv_entry(web, "image");
	assert_int_equal(e->key_at.node->span.start.line, 2);
	assert_int_equal(e->key_at.node->span.start.col, 3);
	/* the value written in the service itself has no chain */
	assert_pos(get(web, "user", NULL), 9, 11);
	assert_null(get(web, "user", NULL)->at.via);

	const struct cv *app = svc(doc, "app");
	assert_pos(get(app, "image", NULL), 12, 12);           /* overrides the merge */
	const struct cv *env = get(app, "environment", "A", NULL);
	assert_pos(env, 5, 8);                                  /* through an alias */
	assert_non_null(env->at.via);
	arena_free(a);
}

static void test_values_of_the_wrong_type_are_kept(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	const struct cv *doc = normalize(a,
		"services:\n"
		"  web: nginx\n"
		"  app:\n"
		"    ports: \"80:80\"\n"
		"    environment: A=1\n"
		"    cap_add: {a: b}\n"
		"    healthcheck: curl\n");
	assert_cv(svc(doc, "web"), CV_STR, "nginx");
	const struct cv *app = svc(doc, "app");
	assert_cv(get(app, "ports", NULL), CV_STR, "80:80");
	assert_cv(get(app, "environment", NULL), CV_STR, "A=1");
	assert_cv(get(app, "cap_add", NULL), CV_MAP, NULL);
	assert_cv(get(app, "cap_add", "a", NULL), CV_STR, "b");
	assert_cv(get(app, "healthcheck", NULL), CV_STR, "curl");
	arena_free(a);
}

/* ---- service fields, form by form ------------------------------------------------------- */

static void test_environment_forms(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	const struct cv *doc = normalize(a,
		"services:\n"                                   /* 1 */
		"  web:\n"                                      /* 2 */
		"    environment:\n"                            /* 3 */
		"      - A=1\n"                                 /* 4 */
		"      - URL=a=b\n"                             /* 5 */
		"      - \"Q=quoted\"\n"                        /* 6 */
		"      -\n"                                     /* 7 */
		"  db:\n"                                       /* 8 */
		"    environment:\n"                            /* 9 */
		"      PASSWORD_FILE: /run/secrets/db\n"        /* 10 */
		"      EMPTY:\n"                                /* 11 */
		"      NULLV: null\n"                           /* 12 */
		"      TILDE: ~\n"                              /* 13 */
		"      NUM: 5432\n"                             /* 14 */
		"      QEMPTY: \"\"\n"                          /* 15 */
		"      LIST: [x]\n"                             /* 16 */
		"    labels:\n"                                 /* 17 */
		"      com.example.a: \"1\"\n"                  /* 18 */
		"      com.example.b:\n"                        /* 19 */
		"    sysctls:\n"                                /* 20 */
		"      - net.core.somaxconn=1024\n");           /* 21 */
	const struct cv *env = get(svc(doc, "web"), "environment", NULL);
	assert_pos(env, 4, 7);                      /* the list, now a mapping */
	assert_string_equal(keys(a, env), "A URL Q");   /* the empty item is dropped */
	assert_cv(get(env, "URL", NULL), CV_STR, "a=b");
	assert_cv(get(env, "Q", NULL), CV_STR, "quoted");
	assert_pos(get(env, "Q", NULL), 6, 9);
	assert_ptr_equal(env->items[0].key_at.node, get(env, "A", NULL)->at.node);

	env = get(svc(doc, "db"), "environment", NULL);
	assert_string_equal(keys(a, env), "PASSWORD_FILE EMPTY NULLV TILDE NUM QEMPTY LIST");
	assert_pos(get(env, "PASSWORD_FILE", NULL), 10, 22);
	assert_at(env->items[0].key_at.node, 10, 7);
	assert_at(get(env, "PASSWORD_FILE", NULL)->at.key, 10, 7);
	assert_cv(get(env, "EMPTY", NULL), CV_NULL, "");
	assert_non_null(get(env, "EMPTY", NULL)->at.node);   /* null, but written */
	assert_cv(get(env, "NULLV", NULL), CV_NULL, "");
	assert_cv(get(env, "TILDE", NULL), CV_NULL, "");
	assert_cv(get(env, "NUM", NULL), CV_NUM, "5432");
	assert_cv(get(env, "QEMPTY", NULL), CV_STR, "");   /* quoted empty is a value */
	assert_cv(get(env, "LIST", NULL), CV_NULL, "");    /* not a scalar (CL003) */
	assert_cv(get(svc(doc, "db"), "labels", "com.example.a", NULL), CV_STR, "1");
	assert_cv(get(svc(doc, "db"), "labels", "com.example.b", NULL), CV_NULL, "");
	assert_cv(get(svc(doc, "db"), "sysctls", "net.core.somaxconn", NULL), CV_STR, "1024");
	arena_free(a);
}

static void test_extra_hosts(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	const struct cv *doc = normalize(a,
		"services:\n"
		"  a:\n"
		"    extra_hosts:\n"
		"      - \"somehost:162.242.195.82\"\n"
		"      - \"v6host=::1\"\n"
		"  b:\n"
		"    extra_hosts:\n"
		"      otherhost: 50.31.209.229\n");
	const struct cv *h = get(svc(doc, "a"), "extra_hosts", NULL);
	assert_string_equal(keys(a, h), "somehost v6host");
	assert_cv(get(h, "somehost", NULL), CV_STR, "162.242.195.82");
	assert_cv(get(h, "v6host", NULL), CV_STR, "::1");   /* '=' preferred over ':' */
	assert_cv(get(svc(doc, "b"), "extra_hosts", "otherhost", NULL), CV_STR, "50.31.209.229");
	arena_free(a);
}

/* Reads a port back from the document as CL501 does; -1 when it is none. */
static int port_at(const struct cv *ports, uint32_t i, struct cl_port *p)
{
	assert_true(i < ports->n);
	return cl_port_read(ports->items[i].value, p);
}

static void test_ports_read_back(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	const struct cv *doc = normalize(a,
		"services:\n"                                   /* 1 */
		"  mail:\n"                                     /* 2 */
		"    ports:\n"                                  /* 3 */
		"      - \"8080:80\"\n"                         /* 4 */
		"      - 443\n"                                 /* 5 */
		"      - target: 25\n"                          /* 6 */
		"        published: \"465\"\n"                  /* 7 */
		"        host_ip: 127.0.0.1\n"                  /* 8 */
		"        protocol: udp\n"                       /* 9 */
		"      - target: 9000\n"                        /* 10 */
		"        published: 9000-9001\n"               /* 11 */
		"      - \"bad:port\"\n"                        /* 12 */
		"      - target: x\n"                           /* 13 */
		"      -\n"                                     /* 14 */
		"      - [nested]\n");                          /* 15 */
	const struct cv *ports = get(svc(doc, "mail"), "ports", NULL);
	assert_int_equal(ports->n, 6);   /* the null and the list item are left out */
	struct cl_port p;
	assert_int_equal(port_at(ports, 0, &p), 0);
	assert_int_equal(p.published_lo, 8080);
	assert_int_equal(p.published_hi, 8080);
	assert_int_equal(p.target_lo, 80);
	assert_string_equal(p.protocol, "tcp");
	assert_null(p.host_ip);
	assert_pos(get(ports, "0", "published", NULL), 4, 9);   /* the item itself */

	assert_int_equal(port_at(ports, 1, &p), 0);
	assert_int_equal(p.published_lo, 0);
	assert_int_equal(p.target_lo, 443);
	assert_pos(get(ports, "1", NULL), 5, 9);

	assert_int_equal(port_at(ports, 2, &p), 0);   /* long syntax */
	assert_int_equal(p.target_lo, 25);
	assert_int_equal(p.target_hi, 25);
	assert_int_equal(p.published_lo, 465);        /* the string "465" */
	assert_int_equal(p.published_hi, 465);
	assert_string_equal(p.host_ip, "127.0.0.1");
	assert_string_equal(p.protocol, "udp");
	assert_pos(get(ports, "2", NULL), 6, 9);
	assert_pos(get(ports, "2", "published", NULL), 7, 20);   /* the value, quotes included */
	assert_at(get(ports, "2", "published", NULL)->at.key, 7, 9);

	assert_int_equal(port_at(ports, 3, &p), 0);
	assert_int_equal(p.published_lo, 9000);
	assert_int_equal(p.published_hi, 9001);
	assert_string_equal(p.protocol, "tcp");
	assert_null(p.host_ip);

	assert_int_equal(port_at(ports, 4, &p), -1);
	assert_pos(get(ports, "4", NULL), 12, 9);
	assert_int_equal(port_at(ports, 5, &p), -1);

	/* long-syntax fields hold one port or range, not a short-syntax spec */
	doc = normalize(a,
		"services:\n"
		"  w:\n"
		"    ports:\n"
		"      - target: 80\n"
		"        published: \"8080:80\"\n"
		"      - target: 80/udp\n"
		"      - target: \"8000-8001\"\n"
		"        published: 9000-9001\n"
		"      - published: 80\n"
		"      - target: 80\n"
		"        published:\n");
	ports = get(svc(doc, "w"), "ports", NULL);
	assert_int_equal(ports->n, 5);
	assert_int_equal(port_at(ports, 0, &p), -1);
	assert_int_equal(port_at(ports, 1, &p), -1);
	assert_int_equal(port_at(ports, 2, &p), 0);
	assert_int_equal(p.target_lo, 8000);
	assert_int_equal(p.target_hi, 8001);
	assert_int_equal(port_at(ports, 3, &p), -1);   /* no target */
	assert_int_equal(port_at(ports, 4, &p), 0);    /* published null: not published */
	assert_int_equal(p.published_lo, 0);
	assert_int_equal(cl_port_read(NULL, &p), -1);

	/* numbers are read as compose reads them, as policies see them */
	doc = normalize(a,
		"services:\n"
		"  w:\n"
		"    ports:\n"
		"      - target: 80\n"
		"        published: 0465\n"
		"      - target: 80\n"
		"        published: +700\n"
		"        host_ip: null\n");
	ports = get(svc(doc, "w"), "ports", NULL);
	assert_int_equal(port_at(ports, 0, &p), 0);
	assert_int_equal(p.published_lo, 309);   /* octal */
	assert_int_equal(port_at(ports, 1, &p), 0);
	assert_int_equal(p.published_lo, 700);
	assert_string_equal(p.host_ip, "");      /* null: every address */
	arena_free(a);
}

static void test_volumes_all_forms(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	const struct cv *doc = normalize(a,
		"services:\n"                                   /* 1 */
		"  app:\n"                                      /* 2 */
		"    volumes:\n"                                /* 3 */
		"      - ./data:/data:ro\n"                     /* 4 */
		"      - cache:/cache\n"                        /* 5 */
		"      - type: bind\n"                          /* 6 */
		"        source: /var/run/docker.sock\n"        /* 7 */
		"        target: /var/run/docker.sock\n"        /* 8 */
		"        read_only: true\n"                     /* 9 */
		"      - type: volume\n"                        /* 10 */
		"        source: logs\n"                        /* 11 */
		"        target: /logs\n"                       /* 12 */
		"        read_only: \"no\"\n"                   /* 13 */
		"      - type: weird\n"                         /* 14 */
		"        target: /w\n"                          /* 15 */
		"      - \":/bad\"\n"                           /* 16 */
		"      -\n"                                     /* 17 */
		"      - source: named\n"                       /* 18 */
		"        target: /n\n"                          /* 19 */
		"    tmpfs: /run\n");                           /* 20 */
	const struct cv *vols = get(svc(doc, "app"), "volumes", NULL);
	assert_int_equal(vols->n, 6);   /* ":/bad" and the null item are left out */

	const struct cv *v = get(vols, "0", NULL);
	assert_cv(get(v, "type", NULL), CV_STR, "bind");
	assert_cv(get(v, "source", NULL), CV_STR, "./data");
	assert_cv(get(v, "target", NULL), CV_STR, "/data");
	assert_cv(get(v, "read_only", NULL), CV_BOOL, "true");
	assert_cv(get(v, "bind", "create_host_path", NULL), CV_BOOL, "true");
	assert_pos(get(v, "source", NULL), 4, 9);

	v = get(vols, "1", NULL);
	assert_string_equal(keys(a, v), "type source target");
	assert_cv(get(v, "type", NULL), CV_STR, "volume");

	v = get(vols, "2", NULL);   /* long syntax, as written */
	assert_pos(v, 6, 9);
	assert_cv(get(v, "read_only", NULL), CV_BOOL, "true");
	assert_pos(get(v, "source", NULL), 7, 17);
	assert_at(get(v, "source", NULL)->at.key, 7, 9);

	assert_cv(get(vols, "3", "read_only", NULL), CV_STR, "no");
	assert_cv(get(vols, "4", "type", NULL), CV_STR, "weird");   /* CL003 says it */
	/* no `type` (CL003): a volume name reads as a volume */
	assert_cv(get(vols, "5", "type", NULL), CV_STR, "volume");
	assert_pos(get(vols, "5", "type", NULL), 18, 9);
	assert_cv(get(svc(doc, "app"), "tmpfs", "0", NULL), CV_STR, "/run");

	/* not a list: kept as written; a mapping: no mounts */
	doc = normalize(a, "services:\n  w:\n    volumes: ./x:/x\n  m:\n    volumes: {a: b}\n");
	assert_cv(get(svc(doc, "w"), "volumes", NULL), CV_STR, "./x:/x");
	assert_cv(get(svc(doc, "m"), "volumes", NULL), CV_LIST, NULL);
	assert_int_equal(get(svc(doc, "m"), "volumes", NULL)->n, 0);
	arena_free(a);
}

static void test_string_lists(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	const struct cv *doc = normalize(a,
		"services:\n"                                   /* 1 */
		"  a:\n"                                        /* 2 */
		"    cap_drop: [ALL]\n"                         /* 3 */
		"    cap_add:\n"                                /* 4 */
		"      - NET_ADMIN\n"                           /* 5 */
		"      -\n"                                     /* 6 */
		"      - SYS_TIME\n"                            /* 7 */
		"    security_opt:\n"                           /* 8 */
		"      - no-new-privileges:true\n"              /* 9 */
		"      - \"seccomp:unconfined\"\n"              /* 10 */
		"  b:\n"                                        /* 11 */
		"    cap_drop: ALL\n"                           /* 12 */
		"    profiles: [debug]\n"                       /* 13 */
		"    env_file:\n"                               /* 14 */
		"  c:\n"                                        /* 15 */
		"    cap_drop: {ALL: true}\n");                 /* 16 */
	const struct cv *a_ = svc(doc, "a");
	assert_pos(get(a_, "cap_drop", NULL), 3, 15);
	assert_pos(get(a_, "cap_drop", "0", NULL), 3, 16);
	const struct cv *l = get(a_, "cap_add", NULL);
	assert_int_equal(l->n, 2);                  /* the null item is dropped */
	assert_cv(get(l, "1", NULL), CV_STR, "SYS_TIME");
	assert_pos(get(l, "1", NULL), 7, 9);
	assert_cv(get(a_, "security_opt", "1", NULL), CV_STR, "seccomp:unconfined");
	assert_pos(get(a_, "security_opt", "1", NULL), 10, 9);

	const struct cv *b = svc(doc, "b");
	l = get(b, "cap_drop", NULL);   /* a single string is a list of one, at the string */
	assert_int_equal(l->n, 1);
	assert_ptr_equal(get(l, "0", NULL)->at.node, l->at.node);
	assert_pos(get(l, "0", NULL), 12, 15);
	assert_int_equal(get(b, "profiles", NULL)->n, 1);
	assert_cv(get(b, "env_file", NULL), CV_LIST, NULL);   /* null: an empty list */
	assert_int_equal(get(b, "env_file", NULL)->n, 0);
	assert_null(get(b, "cap_add", NULL));
	assert_cv(get(svc(doc, "c"), "cap_drop", NULL), CV_MAP, NULL);   /* CL003 */
	arena_free(a);
}

static void test_references(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	const struct cv *doc = normalize(a,
		"services:\n"                                   /* 1 */
		"  web:\n"                                      /* 2 */
		"    networks: [front, back]\n"                 /* 3 */
		"    secrets:\n"                                /* 4 */
		"      - db_pass\n"                             /* 5 */
		"      - source: api_key\n"                     /* 6 */
		"        target: /run/secrets/key\n"            /* 7 */
		"      - target: nosource\n"                    /* 8 */
		"    configs:\n"                                /* 9 */
		"      c1: {target: /c}\n"                      /* 10 */
		"  db:\n"                                       /* 11 */
		"    networks:\n"                               /* 12 */
		"      back:\n"                                 /* 13 */
		"        aliases: [database]\n"                 /* 14 */
		"      front:\n"                                /* 15 */
		"    depends_on:\n"                             /* 16 */
		"      cache:\n"                                /* 17 */
		"        condition: service_healthy\n");        /* 18 */
	const struct cv *web = svc(doc, "web");
	const struct cv *n = get(web, "networks", NULL);
	assert_string_equal(keys(a, n), "front back");
	assert_at(n->items[1].key_at.node, 3, 23);
	assert_cv(get(n, "back", NULL), CV_NULL, "");
	const struct cv *sec = get(web, "secrets", NULL);
	assert_int_equal(sec->n, 2);   /* a long form without source is left out */
	assert_cv(get(sec, "0", "source", NULL), CV_STR, "db_pass");
	assert_pos(get(sec, "0", "source", NULL), 5, 9);
	assert_pos(get(sec, "1", NULL), 6, 9);
	assert_cv(get(sec, "1", "target", NULL), CV_STR, "/run/secrets/key");
	/* the mapping form (CL003) keeps the details, as a list */
	assert_cv(get(web, "configs", "0", "target", NULL), CV_STR, "/c");

	const struct cv *db = svc(doc, "db");
	n = get(db, "networks", NULL);
	assert_string_equal(keys(a, n), "back front");
	assert_at(n->items[0].key_at.node, 13, 7);
	assert_pos(get(n, "back", NULL), 14, 9);
	assert_cv(get(n, "front", NULL), CV_NULL, "");
	assert_cv(get(db, "depends_on", "cache", "condition", NULL), CV_STR, "service_healthy");
	arena_free(a);
}

static void test_merge_key_inheritance(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	const struct cv *doc = normalize(a,
		"x-base: &base\n"                               /* 1 */
		"  image: nginx:1.25\n"                         /* 2 */
		"  cap_drop: [ALL]\n"                           /* 3 */
		"  read_only: true\n"                           /* 4 */
		"  ports: [\"80:80\"]\n"                        /* 5 */
		"services:\n"                                   /* 6 */
		"  web:\n"                                      /* 7 */
		"    <<: *base\n"                               /* 8 */
		"    read_only: false\n"                        /* 9 */
		"  plain:\n"                                    /* 10 */
		"    image: redis\n");                          /* 11 */
	const struct cv *web = svc(doc, "web");
	const struct cv *img = get(web, "image", NULL);
	assert_int_equal(img->at.via->kind, YV_MERGE);
	assert_int_equal(img->at.via->site->kind, Y_ALIAS);
	assert_at(img->at.via->site, 8, 9);
	assert_null(img->at.via->next);
	assert_at(img->at.key, 2, 3);
	/* the explicit key wins and has no chain */
	assert_cv(get(web, "read_only", NULL), CV_BOOL, "false");
	assert_pos(get(web, "read_only", NULL), 9, 16);
	assert_null(get(web, "read_only", NULL)->at.via);
	/* list items keep the chain of the list */
	const struct cv *ports = get(web, "ports", NULL);
	assert_pos(get(ports, "0", NULL), 5, 11);
	assert_non_null(ports->at.via);
	assert_ptr_equal(get(ports, "0", NULL)->at.via, ports->at.via);
	struct cl_port p;
	assert_int_equal(port_at(ports, 0, &p), 0);
	assert_int_equal(p.published_lo, 80);

	assert_null(get(svc(doc, "plain"), "image", NULL)->at.via);
	assert_null(get(svc(doc, "plain"), "read_only", NULL));
	arena_free(a);
}

static void test_service_alias(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	const struct cv *doc = normalize(a,
		"x-img: &img busybox\n"                         /* 1 */
		"services:\n"                                   /* 2 */
		"  web: &web\n"                                 /* 3 */
		"    image: nginx\n"                            /* 4 */
		"    environment:\n"                            /* 5 */
		"      - A=1\n"                                 /* 6 */
		"  web2: *web\n"                                /* 7 */
		"  web3:\n"                                     /* 8 */
		"    <<: *web\n"                                /* 9 */
		"    cap_add: [X]\n"                            /* 10 */
		"  web4:\n"                                     /* 11 */
		"    image: *img\n");                           /* 12 */
	const struct cv *svcs = get(doc, "services", NULL);
	assert_int_equal(svcs->n, 4);
	const struct cv *web = svc(doc, "web"), *s = svc(doc, "web2");
	assert_ptr_equal(s->at.node, web->at.node);   /* shared, not copied */
	assert_int_equal(s->at.via->kind, YV_ALIAS);
	assert_at(s->at.via->site, 7, 9);
	assert_at(svcs->items[1].key_at.node, 7, 3);
	const struct cv *img = get(s, "image", NULL);
	assert_cv(img, CV_STR, "nginx");
	assert_ptr_equal(img->at.node, get(web, "image", NULL)->at.node);
	assert_int_equal(img->at.via->kind, YV_ALIAS);
	assert_at(img->at.via->site, 7, 9);
	assert_null(get(web, "image", NULL)->at.via);
	assert_pos(get(s, "environment", "A", NULL), 6, 9);
	assert_non_null(get(s, "environment", "A", NULL)->at.via);

	s = svc(doc, "web3");
	assert_int_equal(get(s, "image", NULL)->at.via->kind, YV_MERGE);
	assert_at(get(s, "image", NULL)->at.via->site, 9, 9);
	assert_int_equal(get(s, "cap_add", NULL)->n, 1);

	img = get(svc(doc, "web4"), "image", NULL);
	assert_cv(img, CV_STR, "busybox");
	assert_pos(img, 1, 13);
	assert_int_equal(img->at.via->kind, YV_ALIAS);
	assert_at(img->at.via->site, 12, 12);
	arena_free(a);
}

/* ---- the key tables (keys.h) ----------------------------------------------------------- */

static void test_key_tables(void **state)
{
	(void)state;
	const char *ports[] = { "services", "web", "ports" };
	const char *test[] = { "services", "web", "healthcheck", "test" };
	const char *nofile[] = { "services", "web", "ulimits", "nofile" };
	const char *aliases[] = { "services", "web", "networks", "front", "aliases" };
	const char *ipam[] = { "networks", "back", "ipam", "config" };
	const char *image[] = { "services", "web", "image" };
	const char *deep[] = { "services", "web", "networks", "front", "aliases", "x" };
	assert_int_equal(cl_key_merge_rule(ports, 3), MR_PORTS);
	assert_int_equal(cl_key_merge_rule(test, 4), MR_REPLACE);
	assert_int_equal(cl_key_merge_rule(nofile, 4), MR_REPLACE);
	assert_int_equal(cl_key_merge_rule(aliases, 5), MR_SET);
	assert_int_equal(cl_key_merge_rule(ipam, 4), MR_SUBNETS);
	assert_int_equal(cl_key_merge_rule(image, 3), MR_DEFAULT);
	assert_int_equal(cl_key_merge_rule(ports, 2), MR_DEFAULT);   /* a service itself */
	assert_int_equal(cl_key_merge_rule(deep, 6), MR_DEFAULT);

	assert_int_equal(cl_key_norm(ports, 3), CL_NORM_PORTS);
	assert_int_equal(cl_key_norm(image, 3), CL_NORM_AS_WRITTEN);
	assert_int_equal(cl_key_norm(ipam, 4), CL_NORM_AS_WRITTEN);

	const char *build[] = { "services", "web", "build" };
	const char *file[] = { "secrets", "s", "file" };
	int below;
	const char *context[] = { "services", "web", "build", "context" };
	assert_int_equal(cl_key_rebase(build, 3, &below), RB_PATH);
	assert_true(below);                                          /* build: {context: ...} */
	assert_int_equal(cl_key_rebase(context, 4, &below), RB_PATH);
	assert_false(below);
	assert_int_equal(cl_key_rebase(file, 3, &below), RB_PATH);
	assert_int_equal(cl_key_rebase(file, 2, &below), RB_NONE);   /* a secret: go on */
	assert_true(below);
	assert_int_equal(cl_key_rebase(image, 3, &below), RB_NONE);  /* nothing below */
	assert_false(below);
	assert_int_equal(cl_key_rebase(ipam, 1, &below), RB_NONE);
	assert_false(below);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_top_level_shape),
		cmocka_unit_test(test_odd_roots),
		cmocka_unit_test(test_services_in_order),
		cmocka_unit_test(test_top_level_objects),
		cmocka_unit_test(test_image_reference),
		cmocka_unit_test(test_ports),
		cmocka_unit_test(test_volumes),
		cmocka_unit_test(test_environment_list_becomes_map),
		cmocka_unit_test(test_labels_and_references),
		cmocka_unit_test(test_string_where_a_list_is_meant),
		cmocka_unit_test(test_default_network),
		cmocka_unit_test(test_healthcheck_test),
		cmocka_unit_test(test_yaml_1_2_typing),
		cmocka_unit_test(test_boolean_fields_read_as_compose_reads_them),
		cmocka_unit_test(test_interpolation_and_raw_text),
		cmocka_unit_test(test_merged_values_keep_the_anchor_position),
		cmocka_unit_test(test_values_of_the_wrong_type_are_kept),
		cmocka_unit_test(test_environment_forms),
		cmocka_unit_test(test_extra_hosts),
		cmocka_unit_test(test_ports_read_back),
		cmocka_unit_test(test_volumes_all_forms),
		cmocka_unit_test(test_string_lists),
		cmocka_unit_test(test_references),
		cmocka_unit_test(test_merge_key_inheritance),
		cmocka_unit_test(test_service_alias),
		cmocka_unit_test(test_key_tables),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
