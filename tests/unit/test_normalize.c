/*
 * test_normalize.c - the compose model -> the normalized value tree that
 * policies see: short syntaxes expanded, list-or-map fields as maps, YAML
 * 1.2 typing, and the position of every value.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "compose/model.h"
#include "compose/substitute.h"
#include "compose/value.h"
#include "yaml/load.h"

/* ---- helpers ------------------------------------------------------------ */

static const struct cv *normalize(struct arena *a, const char *text)
{
	static const struct ylimits lim = YLIMITS_DEFAULT;
	struct yload ld;
	int rc = yaml_load(a, 2, text, strlen(text), &lim, &ld);
	for (uint32_t i = 0; i < ld.nproblems; i++)
		print_error("unexpected problem %u:%u %s\n", ld.problems[i].at.start.line,
			    ld.problems[i].at.start.col, ld.problems[i].msg);
	assert_int_equal(rc, 0);
	assert_int_equal(ld.nproblems, 0);
	/* as in a project: interpolated first, with no variable set */
	struct cl_problems problems = { NULL, 0, 0 };
	const struct ynode *root = compose_substitute(a, ld.ndocs ? ld.docs[0] : NULL, NULL, &problems);
	const struct cl_project *p = compose_model_build(a, 2, root);
	int truncated = 1;
	const struct cv *doc = compose_normalize(a, p, &truncated);
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

	/* a port the model cannot read is kept as written (CL003 reports it) */
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

	/* a long-syntax mount without its required type gets the model's reading */
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_top_level_shape),
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
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
