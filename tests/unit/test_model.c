/*
 * test_model.c - YAML documents -> the typed compose model.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "base/arena.h"
#include "compose/model.h"
#include "yaml/load.h"

#define HEX64 "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

/* ---- helpers ------------------------------------------------------------ */

static const struct ynode *load_root(struct arena *a, const char *text)
{
	static const struct ylimits lim = YLIMITS_DEFAULT;
	struct yload out;
	int rc = yaml_load(a, 3, text, strlen(text), &lim, &out);
	for (uint32_t i = 0; i < out.nproblems; i++)
		print_error("unexpected problem %u:%u %s\n", out.problems[i].at.start.line,
			    out.problems[i].at.start.col, out.problems[i].msg);
	assert_int_equal(rc, 0);
	assert_int_equal(out.nproblems, 0);
	return out.ndocs ? out.docs[0] : NULL;
}

static const struct cl_project *build(struct arena *a, const char *text)
{
	const struct cl_project *p = compose_model_build(a, 3, load_root(a, text));
	assert_non_null(p);
	assert_int_equal(p->file, 3);
	return p;
}

static const struct cl_service *service(const struct cl_project *p, const char *name)
{
	const struct cl_service *s = cl_project_service(p, name);
	if (!s)
		fail_msg("no service '%s'", name);
	return s;
}

#define assert_at(n, l, c) do {                                   \
		assert_non_null(n);                               \
		assert_int_equal((n)->span.start.line, (l));      \
		assert_int_equal((n)->span.start.col, (c));       \
	} while (0)

static void assert_str(const struct cl_val *v, const char *s)
{
	const char *got = cl_str(v);
	assert_non_null(got);
	assert_string_equal(got, s);
}

/* ---- project shape ------------------------------------------------------ */

static void test_empty_and_odd_roots(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct cl_project *p = compose_model_build(a, 5, NULL);   /* an empty file */
	assert_non_null(p);
	assert_int_equal(p->file, 5);
	assert_null(p->root);
	assert_int_equal(p->nservices, 0);
	assert_null(p->services);
	assert_false(cl_present(&p->services_node));
	assert_int_equal(p->networks.n, 0);
	assert_null(cl_project_service(p, "web"));

	const struct ynode *root = load_root(a, "- a\n- b\n");
	p = compose_model_build(a, 5, root);
	assert_ptr_equal(p->root, root);
	assert_int_equal(p->nservices, 0);
	assert_false(cl_present(&p->name));

	root = load_root(a, "just a string\n");
	p = compose_model_build(a, 5, root);
	assert_ptr_equal(p->root, root);
	assert_int_equal(p->nservices, 0);

	/* services that is not a mapping: kept for the schema, no services */
	const struct cl_project *q = build(a, "services: [web]\nnetworks: 5\n");
	assert_true(cl_present(&q->services_node));
	assert_int_equal(q->services_node.node->kind, Y_SEQ);
	assert_int_equal(q->nservices, 0);
	assert_true(cl_present(&q->networks.node));
	assert_int_equal(q->networks.n, 0);

	q = build(a, "services:\n");
	assert_int_equal(q->nservices, 0);
	arena_free(a);
}

static void test_services_in_order(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	const struct cl_project *p = build(a, "name: demo\n"
					      "version: \"3.8\"\n"
					      "services:\n"
					      "  zeta:\n"
					      "    image: z\n"
					      "  alpha:\n"
					      "    image: a\n"
					      "  mid: {}\n"
					      "  nothing:\n");
	assert_str(&p->name, "demo");
	assert_str(&p->version, "3.8");
	assert_at(p->version.node, 2, 10);
	assert_at(p->version.key, 2, 1);
	assert_int_equal(p->nservices, 4);
	assert_string_equal(p->services[0].name, "zeta");
	assert_string_equal(p->services[1].name, "alpha");
	assert_string_equal(p->services[2].name, "mid");
	assert_string_equal(p->services[3].name, "nothing");
	assert_at(p->services[1].key, 6, 3);
	assert_at(p->services[1].node.node, 7, 5);
	assert_null(p->services[1].node.via);
	assert_ptr_equal(service(p, "mid"), &p->services[2]);
	assert_null(cl_project_service(p, "missing"));
	/* `nothing:` is a service with a null body */
	const struct cl_service *s = service(p, "nothing");
	assert_true(cl_present(&s->node));
	assert_true(y_is_null(s->node.node));
	assert_false(cl_present(&s->image));
	assert_int_equal(s->image_ref.valid, 0);
	arena_free(a);
}

static void test_image(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	const struct cl_project *p = build(a, "services:\n"
					      "  web:\n"
					      "    image: ghcr.io/org/app:1.2@sha256:" HEX64 "\n"
					      "  plain:\n"
					      "    image: nginx\n"
					      "  built:\n"
					      "    build: .\n"
					      "  nullimg:\n"
					      "    image:\n");
	const struct cl_service *s = service(p, "web");
	assert_at(s->image.node, 3, 12);
	assert_at(s->image.key, 3, 5);
	assert_null(s->image.via);
	assert_int_equal(s->image_ref.valid, 1);
	assert_string_equal(s->image_ref.registry, "ghcr.io");
	assert_string_equal(s->image_ref.path, "org/app");
	assert_string_equal(s->image_ref.name, "app");
	assert_string_equal(s->image_ref.tag, "1.2");
	assert_string_equal(s->image_ref.digest, "sha256:" HEX64);

	s = service(p, "plain");
	assert_string_equal(s->image_ref.path, "library/nginx");
	assert_null(s->image_ref.tag);

	s = service(p, "built");
	assert_false(cl_present(&s->image));
	assert_int_equal(s->image_ref.valid, 0);
	assert_null(s->image_ref.path);
	assert_str(&s->build, ".");

	s = service(p, "nullimg");
	assert_true(cl_present(&s->image));
	assert_null(cl_str(&s->image));
	assert_null(s->image_ref.path);
	arena_free(a);
}

/* ---- key/value lists ---------------------------------------------------- */

static void test_environment_list(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	const struct cl_project *p = build(a, "services:\n"
					      "  web:\n"
					      "    environment:\n"
					      "      - A=1\n"
					      "      - UNSET\n"
					      "      - EMPTY=\n"
					      "      - URL=a=b\n"
					      "      - \"Q=quoted\"\n");
	const struct cl_kvlist *env = &service(p, "web")->environment;
	assert_int_equal(env->node.node->kind, Y_SEQ);
	assert_at(env->node.node, 4, 7);
	assert_int_equal(env->n, 5);
	assert_string_equal(env->items[0].key, "A");
	assert_string_equal(env->items[0].value, "1");
	assert_at(env->items[0].at.node, 4, 9);
	assert_ptr_equal(env->items[0].key_at.node, env->items[0].at.node);
	assert_string_equal(env->items[1].key, "UNSET");
	assert_null(env->items[1].value);
	assert_string_equal(env->items[2].key, "EMPTY");
	assert_string_equal(env->items[2].value, "");
	assert_string_equal(env->items[3].key, "URL");
	assert_string_equal(env->items[3].value, "a=b");
	assert_string_equal(env->items[4].key, "Q");
	assert_string_equal(env->items[4].value, "quoted");
	assert_at(env->items[4].at.node, 8, 9);
	arena_free(a);
}

static void test_environment_map_and_labels(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	const struct cl_project *p = build(a, "services:\n"
					      "  db:\n"
					      "    environment:\n"
					      "      PASSWORD_FILE: /run/secrets/db\n"
					      "      EMPTY:\n"
					      "      NULLV: null\n"
					      "      TILDE: ~\n"
					      "      NUM: 5432\n"
					      "      QEMPTY: \"\"\n"
					      "    labels:\n"
					      "      com.example.a: \"1\"\n"
					      "      com.example.b:\n"
					      "    sysctls:\n"
					      "      - net.core.somaxconn=1024\n");
	const struct cl_service *s = service(p, "db");
	const struct cl_kvlist *env = &s->environment;
	assert_int_equal(env->n, 6);
	assert_string_equal(env->items[0].key, "PASSWORD_FILE");
	assert_string_equal(env->items[0].value, "/run/secrets/db");
	assert_at(env->items[0].at.node, 4, 22);
	assert_at(env->items[0].key_at.node, 4, 7);
	assert_at(env->items[0].at.key, 4, 7);
	assert_string_equal(env->items[1].key, "EMPTY");
	assert_null(env->items[1].value);
	assert_true(cl_present(&env->items[1].at));
	assert_null(env->items[2].value);
	assert_null(env->items[3].value);
	assert_string_equal(env->items[4].value, "5432");
	assert_string_equal(env->items[5].value, "");   /* quoted empty is a value */

	assert_int_equal(s->labels.n, 2);
	assert_string_equal(s->labels.items[0].key, "com.example.a");
	assert_string_equal(s->labels.items[0].value, "1");
	assert_null(s->labels.items[1].value);

	assert_int_equal(s->sysctls.n, 1);
	assert_string_equal(s->sysctls.items[0].key, "net.core.somaxconn");
	assert_string_equal(s->sysctls.items[0].value, "1024");
	arena_free(a);
}

/* ---- ports and volumes ---------------------------------------------------- */

static void test_ports(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	const struct cl_project *p = build(a, "services:\n"
					      "  mail:\n"
					      "    ports:\n"
					      "      - \"8080:80\"\n"                 /* 4 */
					      "      - 443\n"                         /* 5 */
					      "      - target: 25\n"                  /* 6 */
					      "        published: \"465\"\n"          /* 7 */
					      "        host_ip: 127.0.0.1\n"          /* 8 */
					      "        protocol: udp\n"               /* 9 */
					      "      - target: 9000\n"                /* 10 */
					      "        published: 9000-9001\n"        /* 11 */
					      "      - \"bad:port\"\n"                /* 12 */
					      "      - target: x\n"                   /* 13 */
					      "      -\n"                             /* 14 */
					      "      - [nested]\n");                  /* 15 */
	const struct cl_service *s = service(p, "mail");
	assert_int_equal(s->ports_node.node->kind, Y_SEQ);
	assert_int_equal(s->nports, 6);   /* the null and the list item are skipped */

	const struct cl_port *x = &s->ports[0];
	assert_true(x->valid);
	assert_int_equal(x->published_lo, 8080);
	assert_int_equal(x->published_hi, 8080);
	assert_int_equal(x->target_lo, 80);
	assert_string_equal(x->protocol, "tcp");
	assert_null(x->host_ip);
	assert_at(x->at.node, 4, 9);
	assert_ptr_equal(x->published_at.node, x->at.node);

	x = &s->ports[1];
	assert_true(x->valid);
	assert_int_equal(x->published_lo, 0);
	assert_int_equal(x->target_lo, 443);
	assert_at(x->at.node, 5, 9);

	x = &s->ports[2];                 /* long syntax */
	assert_true(x->valid);
	assert_int_equal(x->target_lo, 25);
	assert_int_equal(x->target_hi, 25);
	assert_int_equal(x->published_lo, 465);   /* the string "465" */
	assert_int_equal(x->published_hi, 465);
	assert_string_equal(x->host_ip, "127.0.0.1");
	assert_string_equal(x->protocol, "udp");
	assert_at(x->at.node, 6, 9);
	assert_int_equal(x->at.node->kind, Y_MAP);
	assert_at(x->published_at.node, 7, 20);   /* the value, quotes included */
	assert_at(x->published_at.key, 7, 9);

	x = &s->ports[3];
	assert_true(x->valid);
	assert_int_equal(x->published_lo, 9000);
	assert_int_equal(x->published_hi, 9001);
	assert_string_equal(x->protocol, "tcp");
	assert_null(x->host_ip);

	assert_false(s->ports[4].valid);
	assert_at(s->ports[4].at.node, 12, 9);
	assert_false(s->ports[5].valid);

	/* long-syntax fields hold one port or range, not a short-syntax spec */
	p = build(a, "services:\n"
		     "  w:\n"
		     "    ports:\n"
		     "      - target: 80\n"
		     "        published: \"8080:80\"\n"
		     "      - target: 80/udp\n"
		     "      - target: \"8000-8001\"\n"
		     "        published: 9000-9001\n");
	s = service(p, "w");
	assert_int_equal(s->nports, 3);
	assert_false(s->ports[0].valid);
	assert_false(s->ports[1].valid);
	assert_true(s->ports[2].valid);
	assert_int_equal(s->ports[2].target_lo, 8000);
	assert_int_equal(s->ports[2].target_hi, 8001);

	/* not a list: nothing normalized, the node kept for the schema */
	p = build(a, "services:\n  w:\n    ports: \"80:80\"\n");
	assert_int_equal(service(p, "w")->nports, 0);
	assert_true(cl_present(&service(p, "w")->ports_node));
	arena_free(a);
}

static void test_volumes(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	const struct cl_project *p = build(a, "services:\n"
					      "  app:\n"
					      "    volumes:\n"
					      "      - ./data:/data:ro\n"                   /* 4 */
					      "      - cache:/cache\n"                      /* 5 */
					      "      - /anon\n"                             /* 6 */
					      "      - type: bind\n"                        /* 7 */
					      "        source: /var/run/docker.sock\n"      /* 8 */
					      "        target: /var/run/docker.sock\n"      /* 9 */
					      "        read_only: true\n"                   /* 10 */
					      "      - type: tmpfs\n"                       /* 11 */
					      "        target: /tmp\n"                      /* 12 */
					      "      - type: volume\n"                      /* 13 */
					      "        source: logs\n"                      /* 14 */
					      "        target: /logs\n"                     /* 15 */
					      "        read_only: \"no\"\n"                 /* 16 */
					      "      - type: weird\n"                       /* 17 */
					      "        target: /w\n"                        /* 18 */
					      "      - \":/bad\"\n"                         /* 19 */
					      "      - source: ./conf\n"                   /* 20 */
					      "        target: /conf\n"                    /* 21 */
					      "    tmpfs: /run\n");                         /* 22 */
	const struct cl_service *s = service(p, "app");
	assert_int_equal(s->nvolumes, 8);

	const struct cl_mount *m = &s->volumes[0];
	assert_int_equal(m->type, CL_MOUNT_BIND);
	assert_string_equal(m->source, "./data");
	assert_string_equal(m->target, "/data");
	assert_int_equal(m->read_only, 1);
	assert_at(m->at.node, 4, 9);
	assert_ptr_equal(m->source_at.node, m->at.node);

	m = &s->volumes[1];
	assert_int_equal(m->type, CL_MOUNT_VOLUME);
	assert_string_equal(m->source, "cache");
	assert_int_equal(m->read_only, 0);

	m = &s->volumes[2];
	assert_int_equal(m->type, CL_MOUNT_VOLUME);
	assert_null(m->source);
	assert_string_equal(m->target, "/anon");

	m = &s->volumes[3];
	assert_int_equal(m->type, CL_MOUNT_BIND);
	assert_string_equal(m->source, "/var/run/docker.sock");
	assert_string_equal(m->target, "/var/run/docker.sock");
	assert_int_equal(m->read_only, 1);
	assert_at(m->at.node, 7, 9);
	assert_at(m->source_at.node, 8, 17);
	assert_at(m->source_at.key, 8, 9);

	m = &s->volumes[4];
	assert_int_equal(m->type, CL_MOUNT_TMPFS);
	assert_null(m->source);
	assert_string_equal(m->target, "/tmp");

	m = &s->volumes[5];
	assert_int_equal(m->type, CL_MOUNT_VOLUME);
	assert_string_equal(m->source, "logs");
	assert_int_equal(m->read_only, 0);

	assert_int_equal(s->volumes[6].type, CL_MOUNT_UNKNOWN);
	assert_string_equal(s->volumes[6].target, "/w");

	/* no `type` (a schema finding): a path source still reads as a bind */
	assert_int_equal(s->volumes[7].type, CL_MOUNT_BIND);
	assert_string_equal(s->volumes[7].source, "./conf");

	assert_int_equal(s->tmpfs.n, 1);
	assert_str(&s->tmpfs.items[0], "/run");
	arena_free(a);
}

/* ---- string lists and references ------------------------------------------ */

static void test_string_lists(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	const struct cl_project *p = build(a, "services:\n"
					      "  a:\n"
					      "    cap_drop: [ALL]\n"
					      "    cap_add:\n"
					      "      - NET_ADMIN\n"
					      "      -\n"
					      "      - SYS_TIME\n"
					      "    security_opt:\n"
					      "      - no-new-privileges:true\n"
					      "      - \"seccomp:unconfined\"\n"
					      "  b:\n"
					      "    cap_drop: ALL\n"
					      "    profiles: [debug]\n"
					      "    dns: 8.8.8.8\n"
					      "    env_file:\n"
					      "  c:\n"
					      "    cap_drop: {ALL: true}\n");
	const struct cl_service *s = service(p, "a");
	assert_int_equal(s->cap_drop.n, 1);
	assert_str(&s->cap_drop.items[0], "ALL");
	assert_at(s->cap_drop.items[0].node, 3, 16);
	assert_at(s->cap_drop.node.node, 3, 15);
	assert_int_equal(s->cap_add.n, 2);          /* the null item is dropped */
	assert_str(&s->cap_add.items[0], "NET_ADMIN");
	assert_str(&s->cap_add.items[1], "SYS_TIME");
	assert_at(s->cap_add.items[1].node, 7, 9);
	assert_int_equal(s->security_opt.n, 2);
	assert_str(&s->security_opt.items[0], "no-new-privileges:true");
	assert_str(&s->security_opt.items[1], "seccomp:unconfined");
	assert_at(s->security_opt.items[1].node, 10, 9);

	s = service(p, "b");
	assert_int_equal(s->cap_drop.n, 1);          /* a single string is a list of one */
	assert_str(&s->cap_drop.items[0], "ALL");
	assert_ptr_equal(s->cap_drop.items[0].node, s->cap_drop.node.node);
	assert_at(s->cap_drop.items[0].node, 12, 15);
	assert_int_equal(s->profiles.n, 1);
	assert_int_equal(s->dns.n, 1);
	assert_true(cl_present(&s->env_file.node));
	assert_int_equal(s->env_file.n, 0);
	assert_false(cl_present(&s->cap_add.node));

	s = service(p, "c");
	assert_true(cl_present(&s->cap_drop.node));
	assert_int_equal(s->cap_drop.n, 0);
	arena_free(a);
}

static void test_references(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	const struct cl_project *p = build(a, "services:\n"
					      "  web:\n"
					      "    networks: [front, back]\n"           /* 3 */
					      "    depends_on: [db]\n"                  /* 4 */
					      "    secrets:\n"                          /* 5 */
					      "      - db_pass\n"                       /* 6 */
					      "      - source: api_key\n"               /* 7 */
					      "        target: /run/secrets/key\n"      /* 8 */
					      "      - target: nosource\n"              /* 9 */
					      "    links: [\"db:database\", cache]\n"   /* 10 */
					      "  db:\n"                                 /* 11 */
					      "    networks:\n"                         /* 12 */
					      "      back:\n"                           /* 13 */
					      "        aliases: [database]\n"           /* 14 */
					      "      front:\n"                          /* 15 */
					      "    depends_on:\n"                       /* 16 */
					      "      cache:\n"                          /* 17 */
					      "        condition: service_healthy\n");  /* 18 */
	const struct cl_service *s = service(p, "web");
	assert_int_equal(s->networks.n, 2);
	assert_string_equal(s->networks.items[0].name, "front");
	assert_string_equal(s->networks.items[1].name, "back");
	assert_at(s->networks.items[1].at.node, 3, 23);
	assert_false(cl_present(&s->networks.items[1].body));
	assert_int_equal(s->depends_on.n, 1);
	assert_string_equal(s->depends_on.items[0].name, "db");

	assert_int_equal(s->secrets.n, 2);             /* a long form without source is skipped */
	assert_string_equal(s->secrets.items[0].name, "db_pass");
	assert_string_equal(s->secrets.items[1].name, "api_key");
	assert_at(s->secrets.items[1].at.node, 7, 9);
	assert_int_equal(s->secrets.items[1].body.node->kind, Y_MAP);
	const struct yentry *t = y_get(s->secrets.items[1].body.node, "target");
	assert_non_null(t);
	assert_true(y_streq(t->value, "/run/secrets/key"));

	assert_int_equal(s->links.n, 2);
	assert_string_equal(s->links.items[0].name, "db");   /* "svc:alias" */
	assert_string_equal(s->links.items[1].name, "cache");

	s = service(p, "db");
	assert_int_equal(s->networks.n, 2);
	assert_string_equal(s->networks.items[0].name, "back");
	assert_at(s->networks.items[0].at.node, 13, 7);       /* the map key */
	assert_int_equal(s->networks.items[0].body.node->kind, Y_MAP);
	assert_at(s->networks.items[0].body.node, 14, 9);
	assert_string_equal(s->networks.items[1].name, "front");
	assert_true(y_is_null(s->networks.items[1].body.node));
	assert_int_equal(s->depends_on.n, 1);
	assert_string_equal(s->depends_on.items[0].name, "cache");
	assert_non_null(y_get(s->depends_on.items[0].body.node, "condition"));
	arena_free(a);
}

static void test_extra_hosts(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	const struct cl_project *p = build(a, "services:\n"
					      "  a:\n"
					      "    extra_hosts:\n"
					      "      - \"somehost:162.242.195.82\"\n"
					      "      - \"v6host=::1\"\n"
					      "  b:\n"
					      "    extra_hosts:\n"
					      "      otherhost: 50.31.209.229\n");
	const struct cl_kvlist *h = &service(p, "a")->extra_hosts;
	assert_int_equal(h->n, 2);
	assert_string_equal(h->items[0].key, "somehost");
	assert_string_equal(h->items[0].value, "162.242.195.82");
	assert_string_equal(h->items[1].key, "v6host");       /* '=' preferred over ':' */
	assert_string_equal(h->items[1].value, "::1");
	h = &service(p, "b")->extra_hosts;
	assert_int_equal(h->n, 1);
	assert_string_equal(h->items[0].value, "50.31.209.229");
	arena_free(a);
}

static void test_top_level_objects(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	const struct cl_project *p = build(a, "services: {}\n"
					      "networks:\n"
					      "  front:\n"
					      "  back:\n"
					      "    internal: true\n"
					      "volumes:\n"
					      "  cache: {}\n"
					      "  logs:\n"
					      "secrets:\n"
					      "  db_pass:\n"
					      "    file: ./db_pass.txt\n"
					      "configs:\n"
					      "  nginx_conf:\n"
					      "    file: ./nginx.conf\n");
	assert_int_equal(p->nservices, 0);
	assert_int_equal(p->networks.n, 2);
	assert_string_equal(p->networks.items[0].name, "front");
	assert_at(p->networks.items[0].key, 3, 3);
	assert_true(y_is_null(p->networks.items[0].node.node));
	const struct cl_object *o = cl_objects_find(&p->networks, "back");
	assert_ptr_equal(o, &p->networks.items[1]);
	assert_int_equal(o->node.node->kind, Y_MAP);
	assert_non_null(y_get(o->node.node, "internal"));
	assert_null(cl_objects_find(&p->networks, "cache"));

	assert_int_equal(p->volumes.n, 2);
	assert_non_null(cl_objects_find(&p->volumes, "cache"));
	assert_non_null(cl_objects_find(&p->volumes, "logs"));
	assert_int_equal(p->secrets.n, 1);
	assert_at(cl_objects_find(&p->secrets, "db_pass")->node.node, 11, 5);
	assert_int_equal(p->configs.n, 1);
	assert_string_equal(p->configs.items[0].name, "nginx_conf");
	arena_free(a);
}

/* ---- aliases and merge keys ----------------------------------------------- */

static void test_merge_inheritance(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	const struct cl_project *p = build(a, "x-base: &base\n"                   /* 1 */
					      "  image: nginx:1.25\n"             /* 2 */
					      "  cap_drop: [ALL]\n"               /* 3 */
					      "  read_only: true\n"               /* 4 */
					      "  ports: [\"80:80\"]\n"            /* 5 */
					      "services:\n"                       /* 6 */
					      "  web:\n"                          /* 7 */
					      "    <<: *base\n"                   /* 8 */
					      "    read_only: false\n"            /* 9 */
					      "  plain:\n"                        /* 10 */
					      "    image: redis\n");              /* 11 */
	const struct cl_service *s = service(p, "web");
	/* the value is the node in the anchor, reached through the merge */
	assert_str(&s->image, "nginx:1.25");
	assert_at(s->image.node, 2, 10);
	assert_at(s->image.key, 2, 3);
	assert_non_null(s->image.via);
	assert_int_equal(s->image.via->kind, YV_MERGE);
	assert_int_equal(s->image.via->site->kind, Y_ALIAS);
	assert_at(s->image.via->site, 8, 9);
	assert_null(s->image.via->next);
	assert_string_equal(s->image_ref.tag, "1.25");

	/* the explicit key wins and has no chain */
	assert_str(&s->read_only, "false");
	assert_at(s->read_only.node, 9, 16);
	assert_null(s->read_only.via);

	/* list items keep the chain of the list */
	assert_int_equal(s->cap_drop.n, 1);
	assert_at(s->cap_drop.items[0].node, 3, 14);
	assert_non_null(s->cap_drop.items[0].via);
	assert_int_equal(s->cap_drop.items[0].via->kind, YV_MERGE);
	assert_int_equal(s->nports, 1);
	assert_at(s->ports[0].at.node, 5, 11);
	assert_ptr_equal(s->ports[0].at.via, s->ports_node.via);
	assert_non_null(s->ports[0].at.via);
	assert_int_equal(s->ports[0].published_lo, 80);

	s = service(p, "plain");
	assert_null(s->image.via);
	assert_false(cl_present(&s->read_only));
	arena_free(a);
}

static void test_service_alias(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	const struct cl_project *p = build(a, "x-img: &img busybox\n"          /* 1 */
					      "services:\n"                      /* 2 */
					      "  web: &web\n"                    /* 3 */
					      "    image: nginx\n"               /* 4 */
					      "    environment:\n"               /* 5 */
					      "      - A=1\n"                    /* 6 */
					      "  web2: *web\n"                   /* 7 */
					      "  web3:\n"                        /* 8 */
					      "    <<: *web\n"                   /* 9 */
					      "    cap_add: [X]\n"               /* 10 */
					      "  web4:\n"                        /* 11 */
					      "    image: *img\n");              /* 12 */
	assert_int_equal(p->nservices, 4);
	const struct cl_service *web = service(p, "web");
	const struct cl_service *s = service(p, "web2");
	assert_ptr_equal(s->node.node, web->node.node);       /* shared, not copied */
	assert_non_null(s->node.via);
	assert_int_equal(s->node.via->kind, YV_ALIAS);
	assert_at(s->node.via->site, 7, 9);
	assert_at(s->key, 7, 3);
	assert_str(&s->image, "nginx");
	assert_ptr_equal(s->image.node, web->image.node);
	assert_non_null(s->image.via);
	assert_int_equal(s->image.via->kind, YV_ALIAS);
	assert_at(s->image.via->site, 7, 9);
	assert_null(web->image.via);
	assert_int_equal(s->environment.n, 1);
	assert_at(s->environment.items[0].at.node, 6, 9);
	assert_non_null(s->environment.items[0].at.via);
	assert_int_equal(s->image_ref.valid, 1);

	s = service(p, "web3");
	assert_str(&s->image, "nginx");
	assert_int_equal(s->image.via->kind, YV_MERGE);
	assert_at(s->image.via->site, 9, 9);
	assert_int_equal(s->cap_add.n, 1);

	s = service(p, "web4");
	assert_str(&s->image, "busybox");
	assert_at(s->image.node, 1, 13);
	assert_int_equal(s->image.via->kind, YV_ALIAS);
	assert_at(s->image.via->site, 12, 12);
	assert_string_equal(s->image_ref.path, "library/busybox");
	arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty_and_odd_roots),
		cmocka_unit_test(test_services_in_order),
		cmocka_unit_test(test_image),
		cmocka_unit_test(test_environment_list),
		cmocka_unit_test(test_environment_map_and_labels),
		cmocka_unit_test(test_ports),
		cmocka_unit_test(test_volumes),
		cmocka_unit_test(test_string_lists),
		cmocka_unit_test(test_references),
		cmocka_unit_test(test_extra_hosts),
		cmocka_unit_test(test_top_level_objects),
		cmocka_unit_test(test_merge_inheritance),
		cmocka_unit_test(test_service_alias),
	};
	return cmocka_run_group_tests_name("model", tests, NULL, NULL);
}
