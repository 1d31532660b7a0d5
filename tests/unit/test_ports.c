/*
 * test_ports.c - the short syntaxes: cl_parse_port() and cl_parse_mount().
 * Reading a port back from the normalized document (cl_port_read()) is
 * tested with normalization, in test_normalize.c.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "base/arena.h"
#include "compose/ports.h"
#include "compose/volumes.h"

/* ---- ports ---------------------------------------------------------------- */

struct pwant {
	const char *host_ip;
	uint32_t published_lo, published_hi, target_lo, target_hi;
	const char *protocol;
};

static void port_ok(const char *text, const struct pwant *w)
{
	struct arena *a = arena_new();
	struct cl_port p;
	memset(&p, 0x5a, sizeof p);
	int rc = cl_parse_port(a, text, &p);
	if (rc != 0)
		print_error("port \"%s\" was refused\n", text);
	assert_int_equal(rc, 0);
	if (w->host_ip) {
		assert_non_null(p.host_ip);
		assert_string_equal(p.host_ip, w->host_ip);
	} else {
		assert_null(p.host_ip);
	}
	assert_int_equal(p.published_lo, w->published_lo);
	assert_int_equal(p.published_hi, w->published_hi);
	assert_int_equal(p.target_lo, w->target_lo);
	assert_int_equal(p.target_hi, w->target_hi);
	assert_string_equal(p.protocol, w->protocol);
	arena_free(a);
}

static void port_bad(const char *text)
{
	struct arena *a = arena_new();
	struct cl_port p;
	memset(&p, 0, sizeof p);
	int rc = cl_parse_port(a, text, &p);
	if (rc != -1)
		print_error("port \"%s\" was accepted\n", text);
	assert_int_equal(rc, -1);
	arena_free(a);
}

static void test_port_target_only(void **state)
{
	(void)state;
	port_ok("80", &(struct pwant){ NULL, 0, 0, 80, 80, "tcp" });
	port_ok("65535", &(struct pwant){ NULL, 0, 0, 65535, 65535, "tcp" });
	port_ok("8000-8010", &(struct pwant){ NULL, 0, 0, 8000, 8010, "tcp" });
	port_ok("53/udp", &(struct pwant){ NULL, 0, 0, 53, 53, "udp" });
}

static void test_port_published(void **state)
{
	(void)state;
	port_ok("8080:80", &(struct pwant){ NULL, 8080, 8080, 80, 80, "tcp" });
	port_ok("53:53/udp", &(struct pwant){ NULL, 53, 53, 53, 53, "udp" });
	port_ok("1:2/sctp", &(struct pwant){ NULL, 1, 1, 2, 2, "sctp" });
	port_ok("127.0.0.1:8080:80", &(struct pwant){ "127.0.0.1", 8080, 8080, 80, 80, "tcp" });
	port_ok("0.0.0.0:443:443/tcp", &(struct pwant){ "0.0.0.0", 443, 443, 443, 443, "tcp" });
}

static void test_port_ipv6(void **state)
{
	(void)state;
	port_ok("[::1]:6001:6001", &(struct pwant){ "::1", 6001, 6001, 6001, 6001, "tcp" });
	/* unbracketed: the two right-most colons separate, as docker reads it */
	port_ok("::1:6000:6000", &(struct pwant){ "::1", 6000, 6000, 6000, 6000, "tcp" });
	port_ok("[fe80::1%eth0]:80:8080/udp",
		&(struct pwant){ "fe80::1%eth0", 80, 80, 8080, 8080, "udp" });
	port_ok("[::]::80", &(struct pwant){ "::", 0, 0, 80, 80, "tcp" });
}

static void test_port_ranges(void **state)
{
	(void)state;
	port_ok("8000-8010:8000-8010", &(struct pwant){ NULL, 8000, 8010, 8000, 8010, "tcp" });
	port_ok("9090-9091:8080-8081", &(struct pwant){ NULL, 9090, 9091, 8080, 8081, "tcp" });
	/* a host range for one container port: docker picks one of them */
	port_ok("8000-8010:80", &(struct pwant){ NULL, 8000, 8010, 80, 80, "tcp" });
	port_ok("127.0.0.1:5000-5001:5000-5001/udp",
		&(struct pwant){ "127.0.0.1", 5000, 5001, 5000, 5001, "udp" });
	port_bad("8000-8010:80-81");      /* lengths differ */
	port_bad("8080:80-81");           /* one host port for two */
	port_bad("8010-8000");            /* reversed */
	port_bad("8000-8010-8020");
}

static void test_port_ephemeral(void **state)
{
	(void)state;
	port_ok("127.0.0.1::5000", &(struct pwant){ "127.0.0.1", 0, 0, 5000, 5000, "tcp" });
	port_ok("127.0.0.1::5000-5001", &(struct pwant){ "127.0.0.1", 0, 0, 5000, 5001, "tcp" });
}

static void test_port_invalid(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"", "abc", "70000", "65536", "123456", "1-", "-1", ":80", "80:", "::80", "a:80",
		"80:b", "8080:80:", "1.2.3.4:x:80", " 80", "80 ", "8080:70000", "1--2",
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		port_bad(bad[i]);
}

/* The parser resets what a previous use of the struct left behind. */
static void test_port_reuse(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct cl_port p;
	memset(&p, 0, sizeof p);
	assert_int_equal(cl_parse_port(a, "10.0.0.1:8080:80/udp", &p), 0);
	assert_string_equal(p.host_ip, "10.0.0.1");
	assert_int_equal(cl_parse_port(a, "443", &p), 0);
	assert_null(p.host_ip);
	assert_int_equal(p.published_lo, 0);
	assert_int_equal(p.published_hi, 0);
	assert_string_equal(p.protocol, "tcp");
	assert_int_equal(p.target_lo, 443);
	arena_free(a);
}

/* ---- mounts --------------------------------------------------------------- */

struct mwant {
	enum cl_mount_type type;
	const char *source, *target;
	int read_only;
};

static void mount_ok(const char *text, const struct mwant *w)
{
	struct arena *a = arena_new();
	struct cl_mount m;
	memset(&m, 0x5a, sizeof m);
	int rc = cl_parse_mount(a, text, &m);
	if (rc != 0 || (int)m.type != (int)w->type || m.read_only != w->read_only)
		print_error("mount \"%s\"\n", text);
	assert_int_equal(rc, 0);
	assert_int_equal(m.type, w->type);
	if (w->source) {
		assert_non_null(m.source);
		assert_string_equal(m.source, w->source);
	} else {
		assert_null(m.source);
	}
	assert_string_equal(m.target, w->target);
	assert_int_equal(m.read_only, w->read_only);
	arena_free(a);
}

static void test_mount_bind(void **state)
{
	(void)state;
	mount_ok("./data:/data", &(struct mwant){ CL_MOUNT_BIND, "./data", "/data", 0 });
	mount_ok("/var/run/docker.sock:/var/run/docker.sock",
		 &(struct mwant){ CL_MOUNT_BIND, "/var/run/docker.sock", "/var/run/docker.sock", 0 });
	mount_ok("~/x:/y", &(struct mwant){ CL_MOUNT_BIND, "~/x", "/y", 0 });
	mount_ok("../up:/up:ro", &(struct mwant){ CL_MOUNT_BIND, "../up", "/up", 1 });
	mount_ok("${DATA_DIR}:/data", &(struct mwant){ CL_MOUNT_BIND, "${DATA_DIR}", "/data", 0 });
}

/* One-character paths before the colon are not drive letters. */
static void test_mount_short_paths(void **state)
{
	(void)state;
	mount_ok(".:/app", &(struct mwant){ CL_MOUNT_BIND, ".", "/app", 0 });
	mount_ok("/:/rootfs:ro", &(struct mwant){ CL_MOUNT_BIND, "/", "/rootfs", 1 });
	mount_ok("~:/home/u", &(struct mwant){ CL_MOUNT_BIND, "~", "/home/u", 0 });
	mount_ok("/src:.:ro", &(struct mwant){ CL_MOUNT_BIND, "/src", ".", 1 });
}

static void test_mount_named_and_anonymous(void **state)
{
	(void)state;
	mount_ok("data:/data:ro", &(struct mwant){ CL_MOUNT_VOLUME, "data", "/data", 1 });
	mount_ok("data:/data", &(struct mwant){ CL_MOUNT_VOLUME, "data", "/data", 0 });
	mount_ok("vol:/x:rw,z", &(struct mwant){ CL_MOUNT_VOLUME, "vol", "/x", 0 });
	mount_ok("vol:/x:z,ro", &(struct mwant){ CL_MOUNT_VOLUME, "vol", "/x", 1 });
	mount_ok("vol:/x:nocopy,ro,Z", &(struct mwant){ CL_MOUNT_VOLUME, "vol", "/x", 1 });
	mount_ok("vol:/x:rox", &(struct mwant){ CL_MOUNT_VOLUME, "vol", "/x", 0 });
	mount_ok("/data", &(struct mwant){ CL_MOUNT_VOLUME, NULL, "/data", 0 });
}

static void test_mount_windows(void **state)
{
	(void)state;
	mount_ok("C:\\x:/y", &(struct mwant){ CL_MOUNT_BIND, "C:\\x", "/y", 0 });
	mount_ok("c:/data:/data:ro", &(struct mwant){ CL_MOUNT_BIND, "c:/data", "/data", 1 });
	mount_ok("vol:C:\\app", &(struct mwant){ CL_MOUNT_VOLUME, "vol", "C:\\app", 0 });
	mount_ok("D:\\src:C:\\dst:ro", &(struct mwant){ CL_MOUNT_BIND, "D:\\src", "C:\\dst", 1 });
	mount_ok("C:\\anon", &(struct mwant){ CL_MOUNT_VOLUME, NULL, "C:\\anon", 0 });
}

static void test_mount_invalid(void **state)
{
	(void)state;
	static const char *const bad[] = { "", ":/x", "data:", "data::ro" };
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		struct arena *a = arena_new();
		struct cl_mount m;
		memset(&m, 0, sizeof m);
		if (cl_parse_mount(a, bad[i], &m) != -1)
			print_error("mount \"%s\" was accepted\n", bad[i]);
		assert_int_equal(cl_parse_mount(a, bad[i], &m), -1);
		arena_free(a);
	}
}

/* The names normalization writes as `type`, in the order of the enum. */
static void test_mount_type_names(void **state)
{
	(void)state;
	static const char *const want[] = { "volume", "bind", "tmpfs", "npipe", "cluster", "image",
					    "unknown" };
	for (int t = CL_MOUNT_VOLUME; t <= CL_MOUNT_UNKNOWN; t++)
		assert_string_equal(cl_mount_type_name((enum cl_mount_type)t), want[t]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_port_target_only),
		cmocka_unit_test(test_port_published),
		cmocka_unit_test(test_port_ipv6),
		cmocka_unit_test(test_port_ranges),
		cmocka_unit_test(test_port_ephemeral),
		cmocka_unit_test(test_port_invalid),
		cmocka_unit_test(test_port_reuse),
		cmocka_unit_test(test_mount_bind),
		cmocka_unit_test(test_mount_short_paths),
		cmocka_unit_test(test_mount_named_and_anonymous),
		cmocka_unit_test(test_mount_windows),
		cmocka_unit_test(test_mount_invalid),
		cmocka_unit_test(test_mount_type_names),
	};
	return cmocka_run_group_tests_name("ports", tests, NULL, NULL);
}
