/*
 * test_project.c - assembling a compose project (compose/project.h) from
 * files held in memory: overrides, interpolation and where variables come
 * from, extends, include, profiles, and the problems of each.
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
#include "compose/project.h"
#include "yaml/load.h"

/* ---- a file system in memory ------------------------------------------------ */

struct vfile {
	const char *path, *text;
	const struct ynode *doc;
	int loaded;
};

struct vfs {
	struct arena *a;
	struct vfile files[16];
	uint32_t n;
	uint32_t yaml_loads;  /* files parsed as YAML, for "each file once" */
};

static long find(struct vfs *fs, const char *path)
{
	for (uint32_t i = 0; i < fs->n; i++)
		if (!strcmp(fs->files[i].path, path))
			return i;
	return -1;
}

static const struct ynode *vyaml(struct cl_loader *l, const char *path, uint32_t *file,
				 const char **err)
{
	struct vfs *fs = l->ctx;
	long i = find(fs, path);
	*err = NULL;
	if (i < 0) {
		*file = UINT32_MAX;
		*err = "No such file or directory";
		return NULL;
	}
	*file = (uint32_t)i;
	struct vfile *f = &fs->files[i];
	if (!f->loaded) {
		static const struct ylimits lim = YLIMITS_DEFAULT;
		struct yload ld;
		f->loaded = 1;
		fs->yaml_loads++;
		if (!yaml_load(fs->a, (uint32_t)i, f->text, strlen(f->text), &lim, &ld) && ld.ndocs)
			f->doc = ld.docs[0];
	}
	return f->doc;
}

static int vtext(struct cl_loader *l, const char *path, uint32_t *file, const char **text,
		 size_t *len, const char **err)
{
	struct vfs *fs = l->ctx;
	long i = find(fs, path);
	*err = NULL;
	if (i < 0)
		return -1;
	*file = (uint32_t)i;
	*text = fs->files[i].text;
	*len = strlen(fs->files[i].text);
	return 0;
}

static void add(struct vfs *fs, const char *path, const char *text)
{
	fs->files[fs->n].path = path;
	fs->files[fs->n].text = text;
	fs->n++;
}

struct fixture {
	struct vfs fs;
	struct cl_loader ld;
	struct cl_project_opts o;
	struct cl_assembled out;
	const char *files[4];
};

static void init(struct fixture *f)
{
	memset(f, 0, sizeof *f);
	f->fs.a = arena_new();
	f->ld.yaml = vyaml;
	f->ld.text = vtext;
	f->ld.ctx = &f->fs;
	f->o.files = f->files;
}

static void run(struct fixture *f, uint32_t nfiles)
{
	f->o.nfiles = nfiles;
	compose_project_assemble(f->fs.a, &f->ld, &f->o, &f->out);
	for (uint32_t i = 0; i < f->out.problems.n; i++)
		print_message("  problem %u:%u:%u %s\n", f->out.problems.v[i].at.file,
			      f->out.problems.v[i].at.start.line, f->out.problems.v[i].at.start.col,
			      f->out.problems.v[i].msg);
}

static void done(struct fixture *f)
{
	arena_free(f->fs.a);
}

/* The node at a dotted path of mapping keys. */
static const struct ynode *at(const struct ynode *n, const char *path)
{
	char buf[256];
	snprintf(buf, sizeof buf, "%s", path);
	for (char *k = strtok(buf, "."); k && n; k = strtok(NULL, ".")) {
		const struct yentry *e = y_get(n, k);
		n = e ? e->value : NULL;
	}
	return n;
}

static const char *str(const struct ynode *root, const char *path)
{
	const struct ynode *n = at(root, path);
	return n && n->kind == Y_SCALAR ? n->scalar.s : NULL;
}

/* The chain of the entry at path (its last key). */
static const struct yvia *via_of(const struct ynode *root, const char *path)
{
	char buf[256];
	snprintf(buf, sizeof buf, "%s", path);
	char *dot = strrchr(buf, '.');
	*dot = '\0';
	return y_get(at(root, buf), dot + 1)->via;
}

static int has_problem(const struct fixture *f, enum cl_problem_kind k, const char *text,
		       uint32_t file, uint32_t line, uint32_t col)
{
	for (uint32_t i = 0; i < f->out.problems.n; i++) {
		const struct cl_diag *p = &f->out.problems.v[i];
		if (p->kind == (int)k && strstr(p->msg, text) && p->at.file == file &&
		    p->at.start.line == line && p->at.start.col == col)
			return 1;
	}
	return 0;
}

/* ---- tests -------------------------------------------------------------------- */

static void test_override_and_dotenv(void **state)
{
	(void)state;
	struct fixture f;
	init(&f);
	add(&f.fs, "app/compose.yml",
	    "services:\n  web:\n    image: nginx:${TAG:-1}\n    user: ${APP_USER}\n    ports: [\"80:80\"]\n");
	add(&f.fs, "app/compose.override.yml", "services:\n  web:\n    ports: [\"443:443\"]\n");
	add(&f.fs, "app/.env", "# defaults\nTAG=1.25\n");
	f.files[0] = "app/compose.yml";
	f.files[1] = "app/compose.override.yml";
	run(&f, 2);
	const struct ynode *r = f.out.root;
	assert_non_null(r);
	assert_int_equal(f.out.main_file, 0);
	assert_string_equal(str(r, "services.web.image"), "nginx:1.25");
	/* the value stands where ${TAG} was written, and knows where TAG is set */
	const struct ynode *img = at(r, "services.web.image");
	assert_int_equal(img->span.file, 0);
	assert_int_equal(img->span.start.line, 3);
	assert_non_null(img->origin);
	assert_int_equal(img->origin->kind, YV_VARIABLE);
	assert_string_equal(img->origin->site->scalar.s, "TAG");
	assert_int_equal(img->origin->site->span.file, 2);
	assert_int_equal(img->origin->site->span.start.line, 2);
	assert_false(img->unknown);
	/* APP_USER is set nowhere: "" and unknown, and a problem at the ${...} */
	assert_string_equal(str(r, "services.web.user"), "");
	assert_true(at(r, "services.web.user")->unknown);
	assert_true(has_problem(&f, CP_UNSET_VARIABLE, "APP_USER", 0, 4, 11));
	assert_int_equal(at(r, "services.web.ports")->seq.n, 2);
	/* every file the project read, .env included */
	assert_int_equal(f.out.nfiles, 3);
	done(&f);
}

static void test_variable_precedence(void **state)
{
	(void)state;
	char *env[] = { "A=from-env", "EMPTY=", NULL };
	struct fixture f;
	init(&f);
	add(&f.fs, "compose.yml", "services:\n  s:\n    image: ${A}-${B}-${C:-c}\n    user: ${EMPTY-unset}\n");
	add(&f.fs, ".env", "A=from-dotenv\nB=dotenv\n");
	add(&f.fs, "one.env", "B=one\nC=one\n");
	add(&f.fs, "two.env", "C=two-${B}\n");
	f.files[0] = "compose.yml";
	run(&f, 1);
	assert_string_equal(str(f.out.root, "services.s.image"), "from-dotenv-dotenv-c");
	done(&f);

	/* the process environment wins when it is used */
	init(&f);
	add(&f.fs, "compose.yml", "services:\n  s:\n    image: ${A}-${B}\n    user: ${EMPTY-unset}\n");
	add(&f.fs, ".env", "A=from-dotenv\nB=dotenv\n");
	f.files[0] = "compose.yml";
	f.o.environ = env;
	run(&f, 1);
	assert_string_equal(str(f.out.root, "services.s.image"), "from-env-dotenv");
	assert_string_equal(str(f.out.root, "services.s.user"), "");  /* set, empty */
	done(&f);

	/* --env-file replaces .env; later files win; a file sees earlier ones */
	init(&f);
	add(&f.fs, "compose.yml", "services:\n  s:\n    image: ${A:-none}-${B}-${C}\n");
	add(&f.fs, ".env", "A=from-dotenv\n");
	add(&f.fs, "one.env", "B=one\nC=one\n");
	add(&f.fs, "two.env", "C=two-${B}\n");
	f.files[0] = "compose.yml";
	const char *ef[] = { "one.env", "two.env" };
	f.o.env_files = ef;
	f.o.nenv_files = 2;
	run(&f, 1);
	assert_string_equal(str(f.out.root, "services.s.image"), "none-one-two-one");
	done(&f);
}

static void test_missing_env_file_and_bad_lines(void **state)
{
	(void)state;
	struct fixture f;
	init(&f);
	add(&f.fs, "compose.yml", "services:\n  s:\n    image: x\n");
	add(&f.fs, "bad.env", "A='unterminated\n");
	f.files[0] = "compose.yml";
	const char *ef[] = { "bad.env", "missing.env" };
	f.o.env_files = ef;
	f.o.nenv_files = 2;
	run(&f, 1);
	assert_true(has_problem(&f, CP_ENV_FILE, "unterminated", 1, 1, 3));
	int missing = 0;
	for (uint32_t i = 0; i < f.out.problems.n; i++)
		missing |= strstr(f.out.problems.v[i].msg, "missing.env") != NULL;
	assert_true(missing);
	done(&f);
}

static void test_extends(void **state)
{
	(void)state;
	struct fixture f;
	init(&f);
	add(&f.fs, "compose.yml",
	    "services:\n"
	    "  web:\n"
	    "    extends: base\n"
	    "    image: web\n"
	    "  base:\n"
	    "    extends: {file: lib/common.yml, service: common}\n"
	    "    cap_add: [A]\n"
	    "  api:\n"
	    "    extends:\n"
	    "      file: lib/common.yml\n"
	    "      service: common\n");
	add(&f.fs, "lib/common.yml",
	    "services:\n"
	    "  common:\n"
	    "    extends: {file: root.yml, service: root}\n"
	    "    image: common\n"
	    "    cap_add: [B]\n");
	add(&f.fs, "lib/root.yml", "services:\n  root:\n    privileged: true\n");
	f.files[0] = "compose.yml";
	run(&f, 1);
	assert_int_equal(f.out.problems.n, 0);
	const struct ynode *r = f.out.root;
	assert_string_equal(str(r, "services.web.image"), "web");
	assert_null(at(r, "services.web.extends"));
	/* a chain of three: root.yml (relative to lib/) -> common -> base -> web */
	assert_string_equal(str(r, "services.web.privileged"), "true");
	assert_int_equal(at(r, "services.web.privileged")->span.file, 2);
	assert_int_equal(at(r, "services.web.cap_add")->seq.n, 2);
	const struct yvia *v = via_of(r, "services.web.privileged");
	int links = 0;
	for (; v; v = v->next)
		links += v->kind == YV_EXTENDS;
	assert_int_equal(links, 3);
	assert_string_equal(str(r, "services.api.image"), "common");
	/* lib/common.yml and lib/root.yml were read once each */
	assert_int_equal(f.fs.yaml_loads, 3);
	done(&f);
}

static void test_extends_problems(void **state)
{
	(void)state;
	struct fixture f;
	init(&f);
	add(&f.fs, "compose.yml",
	    "services:\n"
	    "  a:\n    extends: b\n"
	    "  b:\n    extends: a\n"
	    "  c:\n    extends: nope\n"
	    "  d:\n    extends: {file: gone.yml, service: x}\n"
	    "  e:\n    extends: {file: other.yml, service: y}\n");
	add(&f.fs, "other.yml", "services:\n  z:\n    image: z\n");
	f.files[0] = "compose.yml";
	run(&f, 1);
	assert_true(has_problem(&f, CP_REFERENCE, "extends cycle", 0, 5, 14));
	assert_true(has_problem(&f, CP_REFERENCE, "'nope', which is not defined", 0, 7, 14));
	assert_true(has_problem(&f, CP_REFERENCE, "cannot read 'gone.yml'", 0, 9, 21));
	assert_true(has_problem(&f, CP_REFERENCE, "'other.yml' does not define", 0, 11, 41));
	/* what could not be resolved is kept without its extends */
	assert_null(at(f.out.root, "services.c.extends"));
	assert_non_null(at(f.out.root, "services.e"));
	done(&f);
}

static void test_include(void **state)
{
	(void)state;
	struct fixture f;
	init(&f);
	add(&f.fs, "compose.yml",
	    "include:\n"
	    "  - db/compose.yml\n"
	    "  - path: [cache/base.yml, cache/more.yml]\n"
	    "    env_file: cache.env\n"
	    "services:\n"
	    "  web:\n    image: web:${V}\n    depends_on: [db]\n"
	    "  redis:\n    user: \"999\"\n");
	add(&f.fs, ".env", "V=1\n");
	add(&f.fs, "db/compose.yml",
	    "services:\n  db:\n    image: postgres:${PG}\n    env_file: db.env\n"
	    "volumes:\n  data: {}\n");
	add(&f.fs, "db/.env", "PG=16\nV=ignored\n");
	add(&f.fs, "db/db.env", "POSTGRES_PASSWORD=${PG}-secret\n");
	add(&f.fs, "cache/base.yml", "services:\n  redis:\n    image: redis:${R}\n    user: \"0\"\n");
	add(&f.fs, "cache/more.yml", "services:\n  redis:\n    read_only: true\n");
	add(&f.fs, "cache.env", "R=7\n");
	f.files[0] = "compose.yml";
	run(&f, 1);
	assert_int_equal(f.out.problems.n, 0);
	const struct ynode *r = f.out.root;
	assert_null(at(r, "include"));
	assert_string_equal(str(r, "services.web.image"), "web:1");
	/* the included project reads its own .env, the includer's variables first */
	assert_string_equal(str(r, "services.db.image"), "postgres:16");
	assert_int_equal(at(r, "services.db.image")->span.file, 2);
	const struct yvia *v = via_of(r, "services.db");
	assert_non_null(v);
	assert_int_equal(v->kind, YV_INCLUDE);
	assert_int_equal(v->site->span.start.line, 2);
	assert_non_null(at(r, "volumes.data"));
	/* env_file (relative to the included project) becomes the environment,
	 * each variable at its line in the file */
	assert_string_equal(str(r, "services.db.environment.POSTGRES_PASSWORD"), "16-secret");
	assert_int_equal(at(r, "services.db.environment.POSTGRES_PASSWORD")->span.file, 4);
	/* an included project of two files, with its env_file; the local
	 * definition of redis wins over the included one */
	assert_string_equal(str(r, "services.redis.image"), "redis:7");
	assert_string_equal(str(r, "services.redis.read_only"), "true");
	assert_string_equal(str(r, "services.redis.user"), "999");
	done(&f);
}

static void test_include_problems(void **state)
{
	(void)state;
	struct fixture f;
	init(&f);
	add(&f.fs, "compose.yml",
	    "include:\n  - a.yml\n  - missing.yml\n  - {project_directory: x}\nservices:\n  s:\n    image: s\n");
	add(&f.fs, "a.yml", "include:\n  - b.yml\nservices:\n  a:\n    image: a\n");
	add(&f.fs, "b.yml", "include:\n  - compose.yml\nservices:\n  b:\n    image: b\n");
	f.files[0] = "compose.yml";
	run(&f, 1);
	assert_true(has_problem(&f, CP_REFERENCE, "include cycle", 2, 2, 5));
	assert_true(has_problem(&f, CP_REFERENCE, "cannot include 'missing.yml'", 0, 3, 5));
	assert_true(has_problem(&f, CP_REFERENCE, "needs a 'path'", 0, 4, 5));
	/* the rest still assembles */
	assert_string_equal(str(f.out.root, "services.a.image"), "a");
	assert_string_equal(str(f.out.root, "services.b.image"), "b");
	assert_string_equal(str(f.out.root, "services.s.image"), "s");
	done(&f);
}

static void test_profiles(void **state)
{
	(void)state;
	struct fixture f;
	init(&f);
	add(&f.fs, "compose.yml",
	    "services:\n  always:\n    image: a\n  dbg:\n    image: d\n    profiles: [debug]\n"
	    "  ops:\n    image: o\n    profiles: [ops, debug]\n");
	f.files[0] = "compose.yml";
	run(&f, 1);
	assert_int_equal(at(f.out.root, "services")->map.n, 3);  /* no profile asked: all */
	done(&f);

	const char *ops[] = { "ops" };
	init(&f);
	add(&f.fs, "compose.yml",
	    "services:\n  always:\n    image: a\n  dbg:\n    image: d\n    profiles: [debug]\n"
	    "  ops:\n    image: o\n    profiles: [ops, debug]\n");
	f.files[0] = "compose.yml";
	f.o.profiles = ops;
	f.o.nprofiles = 1;
	run(&f, 1);
	assert_non_null(at(f.out.root, "services.always"));
	assert_null(at(f.out.root, "services.dbg"));
	assert_non_null(at(f.out.root, "services.ops"));
	done(&f);
}

static void test_unreadable_main_file(void **state)
{
	(void)state;
	struct fixture f;
	init(&f);
	f.files[0] = "nothing.yml";
	run(&f, 1);
	assert_null(f.out.root);
	assert_int_equal(f.out.problems.n, 1);
	assert_int_equal(f.out.problems.v[0].kind, CP_IO);
	done(&f);
}

static void test_paths(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	assert_string_equal(cl_path_dir(a, "a/b/c.yml"), "a/b");
	assert_string_equal(cl_path_dir(a, "c.yml"), ".");
	assert_string_equal(cl_path_dir(a, "/c.yml"), "/");
	assert_string_equal(cl_path_join(a, ".", "x.yml"), "x.yml");
	assert_string_equal(cl_path_join(a, "a/b", "./x.yml"), "a/b/x.yml");
	assert_string_equal(cl_path_join(a, "a/b/", "../x.yml"), "a/b/../x.yml");
	assert_string_equal(cl_path_join(a, "a", "/abs.yml"), "/abs.yml");
	arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_override_and_dotenv),
		cmocka_unit_test(test_variable_precedence),
		cmocka_unit_test(test_missing_env_file_and_bad_lines),
		cmocka_unit_test(test_extends),
		cmocka_unit_test(test_extends_problems),
		cmocka_unit_test(test_include),
		cmocka_unit_test(test_include_problems),
		cmocka_unit_test(test_profiles),
		cmocka_unit_test(test_unreadable_main_file),
		cmocka_unit_test(test_paths),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
