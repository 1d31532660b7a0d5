/*
 * test_image.c - image references: cl_image_parse() and cl_digest_valid().
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "base/arena.h"
#include "compose/image.h"

#define HEX64 "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

struct want {
	int valid;
	const char *registry, *path, *name, *tag, *digest;
	int interpolated;
};

static int same(const char *x, const char *y)
{
	return x == y || (x && y && !strcmp(x, y));
}

static void check(const char *text, const struct want *w)
{
	struct arena *a = arena_new();
	struct cl_image_ref r;
	memset(&r, 0x5a, sizeof r);   /* everything must be set by the parser */
	cl_image_parse(a, text, &r);
	if (r.valid != w->valid || !same(r.registry, w->registry) || !same(r.path, w->path) ||
	    !same(r.name, w->name) || !same(r.tag, w->tag) || !same(r.digest, w->digest) ||
	    r.interpolated != w->interpolated)
		print_error("image reference \"%s\"\n", text);
	assert_int_equal(r.valid, w->valid);
	assert_string_equal(r.registry, w->registry);
	assert_string_equal(r.path, w->path);
	assert_string_equal(r.name, w->name);
	if (w->tag)
		assert_string_equal(r.tag, w->tag);
	else
		assert_null(r.tag);
	if (w->digest)
		assert_string_equal(r.digest, w->digest);
	else
		assert_null(r.digest);
	assert_int_equal(r.interpolated, w->interpolated);
	arena_free(a);
}

static void test_plain_name(void **state)
{
	(void)state;
	check("nginx", &(struct want){ 1, "docker.io", "library/nginx", "nginx", NULL, NULL, 0 });
	check("busybox", &(struct want){ 1, "docker.io", "library/busybox", "busybox", NULL, NULL, 0 });
}

static void test_tag(void **state)
{
	(void)state;
	check("nginx:1.25", &(struct want){ 1, "docker.io", "library/nginx", "nginx", "1.25", NULL, 0 });
	check("nginx:latest", &(struct want){ 1, "docker.io", "library/nginx", "nginx", "latest", NULL, 0 });
	check("python:3.12-Slim_x", &(struct want){ 1, "docker.io", "library/python", "python",
						      "3.12-Slim_x", NULL, 0 });
	/* an empty tag, or one starting with '.' or '-', is not a tag */
	check("nginx:", &(struct want){ 0, "docker.io", "library/nginx", "nginx", "", NULL, 0 });
	check("nginx:-x", &(struct want){ 0, "docker.io", "library/nginx", "nginx", "-x", NULL, 0 });
}

static void test_library_and_user_paths(void **state)
{
	(void)state;
	check("library/nginx", &(struct want){ 1, "docker.io", "library/nginx", "nginx", NULL, NULL, 0 });
	check("mailu/postfix:2.0", &(struct want){ 1, "docker.io", "mailu/postfix", "postfix", "2.0",
						     NULL, 0 });
	check("docker.io/nginx", &(struct want){ 1, "docker.io", "library/nginx", "nginx", NULL, NULL, 0 });
	check("docker.io/library/redis:7", &(struct want){ 1, "docker.io", "library/redis", "redis", "7",
							     NULL, 0 });
	check("a/b/c/d", &(struct want){ 1, "docker.io", "a/b/c/d", "d", NULL, NULL, 0 });
	check("my_org/my__app-x.y", &(struct want){ 1, "docker.io", "my_org/my__app-x.y", "my__app-x.y",
						      NULL, NULL, 0 });
}

static void test_registry(void **state)
{
	(void)state;
	check("localhost:5000/a/b:tag", &(struct want){ 1, "localhost:5000", "a/b", "b", "tag", NULL, 0 });
	check("localhost/app", &(struct want){ 1, "localhost", "app", "app", NULL, NULL, 0 });
	check("ghcr.io/app", &(struct want){ 1, "ghcr.io", "app", "app", NULL, NULL, 0 });
	check("registry.example.com:443/team/svc:v1.2.3",
	      &(struct want){ 1, "registry.example.com:443", "team/svc", "svc", "v1.2.3", NULL, 0 });
	/* an upper-case first component can only be a host */
	check("MyHost/app", &(struct want){ 1, "MyHost", "app", "app", NULL, NULL, 0 });
	/* a first component without '.', ':' or "localhost" is a Hub user */
	check("localhostx/app", &(struct want){ 1, "docker.io", "localhostx/app", "app", NULL, NULL, 0 });
	/* no slash: "localhost:5000" is image localhost, tag 5000 */
	check("localhost:5000", &(struct want){ 1, "docker.io", "library/localhost", "localhost", "5000",
						  NULL, 0 });
}

static void test_digest(void **state)
{
	(void)state;
	check("ghcr.io/org/app@sha256:" HEX64,
	      &(struct want){ 1, "ghcr.io", "org/app", "app", NULL, "sha256:" HEX64, 0 });
	check("nginx:1.25@sha256:" HEX64,
	      &(struct want){ 1, "docker.io", "library/nginx", "nginx", "1.25", "sha256:" HEX64, 0 });
	check("localhost:5000/x:t@sha256:" HEX64,
	      &(struct want){ 1, "localhost:5000", "x", "x", "t", "sha256:" HEX64, 0 });
	/* a short digest is grammatical; cl_digest_valid() tells it apart */
	check("nginx@sha256:abc", &(struct want){ 1, "docker.io", "library/nginx", "nginx", NULL,
						    "sha256:abc", 0 });
	check("nginx@", &(struct want){ 0, "docker.io", "library/nginx", "nginx", NULL, "", 0 });
	check("nginx@sha256:xyz", &(struct want){ 0, "docker.io", "library/nginx", "nginx", NULL,
						    "sha256:xyz", 0 });
	check("nginx@:" HEX64, &(struct want){ 0, "docker.io", "library/nginx", "nginx", NULL,
						 ":" HEX64, 0 });
}

static void test_digest_valid(void **state)
{
	(void)state;
	assert_true(cl_digest_valid("sha256:" HEX64));
	assert_false(cl_digest_valid(NULL));
	assert_false(cl_digest_valid(""));
	assert_false(cl_digest_valid("sha256:"));
	assert_false(cl_digest_valid("sha256:abc"));
	/* 63 and 65 digits */
	assert_false(cl_digest_valid("sha256:" "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde"));
	assert_false(cl_digest_valid("sha256:" HEX64 "0"));
	/* upper-case hex, a non-hex digit, another algorithm, no prefix */
	assert_false(cl_digest_valid("sha256:" "0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef"));
	assert_false(cl_digest_valid("sha256:" "g123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"));
	assert_false(cl_digest_valid("sha512:" HEX64));
	assert_false(cl_digest_valid(HEX64));
	assert_false(cl_digest_valid("SHA256:" HEX64));
}

static void test_uppercase_invalid(void **state)
{
	(void)state;
	check("Nginx", &(struct want){ 0, "docker.io", "library/Nginx", "Nginx", NULL, NULL, 0 });
	check("mailu/Postfix:1", &(struct want){ 0, "docker.io", "mailu/Postfix", "Postfix", "1",
						   NULL, 0 });
	check("ghcr.io/Org/app", &(struct want){ 0, "ghcr.io", "Org/app", "app", NULL, NULL, 0 });
}

static void test_malformed_paths(void **state)
{
	(void)state;
	check("a//b", &(struct want){ 0, "docker.io", "a//b", "b", NULL, NULL, 0 });
	check("-nginx", &(struct want){ 0, "docker.io", "library/-nginx", "-nginx", NULL, NULL, 0 });
	check("nginx-", &(struct want){ 0, "docker.io", "library/nginx-", "nginx-", NULL, NULL, 0 });
	check("a___b", &(struct want){ 0, "docker.io", "library/a___b", "a___b", NULL, NULL, 0 });
	check("a..b", &(struct want){ 0, "docker.io", "library/a..b", "a..b", NULL, NULL, 0 });
	check("ghcr.io/", &(struct want){ 0, "ghcr.io", "", "", NULL, NULL, 0 });
	check("with space", &(struct want){ 0, "docker.io", "library/with space", "with space", NULL,
					      NULL, 0 });
	/* the tag is after the last ':' only when no '/' follows it */
	check("nginx:1.25:x", &(struct want){ 0, "docker.io", "library/nginx:1.25", "nginx:1.25", "x",
						NULL, 0 });
}

static void test_interpolated(void **state)
{
	(void)state;
	check("${IMAGE}", &(struct want){ 0, "docker.io", "library/${IMAGE}", "${IMAGE}", NULL, NULL, 1 });
	/* a default inside ${...} may hold ':' and '/': only the flag is reliable */
	struct arena *a = arena_new();
	struct cl_image_ref r;
	cl_image_parse(a, "nginx:${TAG:-1.25}", &r);
	assert_int_equal(r.interpolated, 1);
	assert_int_equal(r.valid, 0);
	cl_image_parse(a, "${IMG:-ghcr.io/x/y}@sha256:" HEX64, &r);
	assert_int_equal(r.interpolated, 1);
	assert_string_equal(r.digest, "sha256:" HEX64);
	arena_free(a);
	/* upper case in the first component makes it a host, as docker reads it */
	check("${REGISTRY}/app:${TAG}", &(struct want){ 0, "${REGISTRY}", "app", "app", "${TAG}",
							  NULL, 1 });
	check("$IMG", &(struct want){ 0, "docker.io", "library/$IMG", "$IMG", NULL, NULL, 1 });
}

static void test_empty_and_null(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct cl_image_ref r;
	memset(&r, 0x5a, sizeof r);
	cl_image_parse(a, NULL, &r);
	assert_int_equal(r.valid, 0);
	assert_null(r.registry);
	assert_null(r.path);
	assert_null(r.name);
	assert_null(r.tag);
	assert_null(r.digest);
	assert_int_equal(r.interpolated, 0);
	arena_free(a);
	check("", &(struct want){ 0, "docker.io", "library/", "", NULL, NULL, 0 });
}

static void test_length_limits(void **state)
{
	(void)state;
	char tag[140], name[300], text[300];
	memset(tag, 'a', 128);
	tag[128] = '\0';
	strcpy(text, "nginx:");
	strcat(text, tag);
	check(text, &(struct want){ 1, "docker.io", "library/nginx", "nginx", tag, NULL, 0 });
	strcat(text, "b");
	strcat(tag, "b");
	check(text, &(struct want){ 0, "docker.io", "library/nginx", "nginx", tag, NULL, 0 });

	/* a name of 255 characters with its registry is fine, 256 is not:
	 * docker.io/ (10) + 245 */
	memset(name, 'x', 245);
	name[245] = '\0';
	name[1] = '/';
	check(name, &(struct want){ 1, "docker.io", name, name + 2, NULL, NULL, 0 });
	name[245] = 'x';
	name[246] = '\0';
	check(name, &(struct want){ 0, "docker.io", name, name + 2, NULL, NULL, 0 });

	/* docker.io/library/ (18) counts for a name without a slash */
	char want[300] = "library/";
	memset(name, 'y', 237);
	name[237] = '\0';
	strcat(want, name);
	check(name, &(struct want){ 1, "docker.io", want, name, NULL, NULL, 0 });
	strcat(name, "y");
	strcat(want, "y");
	check(name, &(struct want){ 0, "docker.io", want, name, NULL, NULL, 0 });

	/* and so does a registry: ghcr.io/ (8) + 247 */
	memset(text, 'z', 255);
	memcpy(text, "ghcr.io/", 8);
	text[255] = '\0';
	check(text, &(struct want){ 1, "ghcr.io", text + 8, text + 8, NULL, NULL, 0 });
	strcat(text, "z");
	check(text, &(struct want){ 0, "ghcr.io", text + 8, text + 8, NULL, NULL, 0 });
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_name),
		cmocka_unit_test(test_tag),
		cmocka_unit_test(test_library_and_user_paths),
		cmocka_unit_test(test_registry),
		cmocka_unit_test(test_digest),
		cmocka_unit_test(test_digest_valid),
		cmocka_unit_test(test_uppercase_invalid),
		cmocka_unit_test(test_malformed_paths),
		cmocka_unit_test(test_interpolated),
		cmocka_unit_test(test_empty_and_null),
		cmocka_unit_test(test_length_limits),
	};
	return cmocka_run_group_tests_name("image", tests, NULL, NULL);
}
