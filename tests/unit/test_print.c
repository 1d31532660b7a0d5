/*
 * test_print.c - the normalized project printed as YAML (lint/compose/
 * print.c): block layout, sorted keys, when strings are quoted and how they
 * are escaped, origin comments with their alias/merge chains, unknown
 * values, and the bounds on size and depth.  Quoted or not, every string
 * must load back, through our own loader and normalization, as the string
 * it was.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/source.h"
#include "base/strbuf.h"
#include "compose/print.h"
#include "compose/value.h"
#include "yaml/load.h"

#include "helpers.h"

/* ---- helpers ------------------------------------------------------------ */

static const struct ylimits lim = YLIMITS_DEFAULT;

/* One file, "compose.yml", at index 0: the names origin comments print. */
static struct cl_sources files;

static int setup(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	memset(&files, 0, sizeof files);
	cl_sources_add(&files, a, "compose.yml");
	*state = a;
	return 0;
}

static int teardown(void **state)
{
	cl_sources_release(&files);
	arena_free(*state);
	return 0;
}

/* Read back as compose reads its input: interpolated ("$$" is "$"). */
static const struct cv *normalize(struct arena *a, const char *text, size_t len)
{
	return t_normalize(a, 0, text, len, NULL);
}

/* The printed text of v, copied into the arena; asserts it was not cut. */
static const char *print_cv(struct arena *a, const struct cv *v, int with_origins)
{
	struct strbuf sb = STRBUF_INIT;
	assert_int_equal(compose_print_yaml(&sb, v, &files, with_origins), 0);
	char *s = arena_strndup(a, sb.buf, sb.len);
	strbuf_release(&sb);
	return s;
}

static const char *print_compose(struct arena *a, const char *text, int with_origins)
{
	return print_cv(a, normalize(a, text, strlen(text)), with_origins);
}

/* Hand-built values, for strings YAML text could not easily carry. */
static struct cv *scalar(struct arena *a, enum cv_kind kind, const char *text)
{
	struct cv *v = arena_alloc(a, sizeof *v);
	v->kind = (uint8_t)kind;
	v->text = text;
	v->b = kind == CV_BOOL && !strcmp(text, "true");
	return v;
}

static struct cv *coll(struct arena *a, enum cv_kind kind, uint32_t n)
{
	struct cv *v = arena_alloc(a, sizeof *v);
	v->kind = (uint8_t)kind;
	v->text = "";
	v->items = arena_alloc(a, (n ? n : 1) * sizeof *v->items);
	v->n = n;
	return v;
}

static void set(struct cv *c, uint32_t i, const char *key, const struct cv *value)
{
	struct cv_entry *e = (struct cv_entry *)&c->items[i];
	e->key = key;
	e->value = value;
}

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;
	for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}

/* ---- layout ------------------------------------------------------------------ */

static void test_block_layout(void **state)
{
	struct arena *a = *state;
	const char *out = print_compose(a,
		"services:\n"
		"  web:\n"
		"    image: nginx\n"
		"    read_only: true\n"
		"    cpus: 0.5\n"
		"    ports:\n"
		"      - \"8080:80\"\n"
		"    x-matrix:\n"
		"      - [a, b]\n"
		"      - [[c]]\n"
		"      - {k: v, j: [1]}\n"
		"    cap_add: []\n"
		"    labels: {}\n"
		"    network_mode: host\n"
		"volumes:\n"
		"  data:\n", 0);
	assert_string_equal(out,
		"configs: {}\n"
		"networks: {}\n"
		"secrets: {}\n"
		"services:\n"
		"  web:\n"
		"    cap_add: []\n"
		"    cpus: 0.5\n"
		"    image: nginx\n"
		"    labels: {}\n"
		"    network_mode: host\n"
		"    ports:\n"
		"      - protocol: tcp\n"
		"        published: 8080\n"
		"        target: 80\n"
		"    read_only: true\n"
		"    x-matrix:\n"
		"      - - a\n"
		"        - b\n"
		"      - - - c\n"
		"      - j:\n"
		"          - 1\n"
		"        k: v\n"
		"volumes:\n"
		"  data: null\n");
}

static void test_sorted_keys_list_order(void **state)
{
	struct arena *a = *state;
	/* byte order: uppercase before lowercase, UTF-8 after ASCII */
	const char *out = print_compose(a,
		"services:\n"
		"  zeta:\n"
		"    image: z\n"
		"    network_mode: none\n"
		"    x-keys: {b: 1, a: 2, B: 3, \"\\u00e9\": 4, _: 5, \"10\": 6, \"9\": 7}\n"
		"    dns: [9.9.9.9, 1.1.1.1, 8.8.8.8]\n"
		"  alpha:\n"
		"    image: a\n"
		"    network_mode: none\n", 0);
	assert_string_equal(out,
		"configs: {}\n"
		"networks: {}\n"
		"secrets: {}\n"
		"services:\n"
		"  alpha:\n"
		"    image: a\n"
		"    network_mode: none\n"
		"  zeta:\n"
		"    dns:\n"
		"      - 9.9.9.9\n"
		"      - 1.1.1.1\n"
		"      - 8.8.8.8\n"
		"    image: z\n"
		"    network_mode: none\n"
		"    x-keys:\n"
		"      \"10\": 6\n"
		"      \"9\": 7\n"
		"      B: 3\n"
		"      _: 5\n"
		"      a: 2\n"
		"      b: 1\n"
		"      \xC3\xA9: 4\n"
		"volumes: {}\n");
}

/* docker compose reads `- A=1` then `- A=2` as A=2: print that, once. */
static void test_key_written_twice(void **state)
{
	struct arena *a = *state;
	const char *out = print_compose(a,
		"services:\n"
		"  web:\n"
		"    image: x\n"
		"    network_mode: none\n"
		"    environment:\n"
		"      - B=0\n"
		"      - A=1\n"
		"      - A=2\n", 0);
	assert_non_null(strstr(out,
		"    environment:\n"
		"      A: \"2\"\n"
		"      B: \"0\"\n"));
}

static void test_roots(void **state)
{
	struct arena *a = *state;
	assert_string_equal(print_cv(a, NULL, 0), "null\n");
	assert_string_equal(print_cv(a, coll(a, CV_MAP, 0), 0), "{}\n");
	assert_string_equal(print_cv(a, coll(a, CV_LIST, 0), 1), "[] # (default)\n");
	assert_string_equal(print_cv(a, scalar(a, CV_STR, "a: b"), 0), "\"a: b\"\n");
	struct cv *l = coll(a, CV_LIST, 3);
	set(l, 0, NULL, scalar(a, CV_BOOL, "false"));
	set(l, 1, NULL, scalar(a, CV_NULL, ""));
	set(l, 2, NULL, coll(a, CV_MAP, 0));
	assert_string_equal(print_cv(a, l, 0), "- false\n- null\n- {}\n");

	/* printing appends to what the buffer holds */
	struct strbuf sb = STRBUF_INIT;
	strbuf_addstr(&sb, "# head\n");
	assert_int_equal(compose_print_yaml(&sb, l, NULL, 1), 0);
	assert_string_equal(sb.buf, "# head\n- false # (default)\n- null # (default)\n- {} # (default)\n");
	strbuf_release(&sb);
}

/* PyYAML reads a float only with a '.' in it. */
static void test_numbers(void **state)
{
	struct arena *a = *state;
	assert_string_equal(print_cv(a, scalar(a, CV_NUM, "1e+20"), 0), "1.0e+20\n");
	assert_string_equal(print_cv(a, scalar(a, CV_NUM, "1.5e-07"), 0), "1.5e-07\n");
	assert_string_equal(print_cv(a, scalar(a, CV_NUM, "-42"), 0), "-42\n");
	const char *out = print_compose(a,
		"services:\n  web:\n    image: x\n    network_mode: none\n"
		"    x-n: [1e20, 0.25, -7, 1_000]\n", 0);
	assert_non_null(strstr(out,
		"    x-n:\n"
		"      - 1.0e+20\n"
		"      - 0.25\n"
		"      - -7\n"
		"      - \"1_000\"\n"));
}

/* ---- quoting ------------------------------------------------------------------- */

static const struct {
	const char *in, *want;
} quoting[] = {
	/* plain */
	{ "nginx", "nginx" },
	{ "nginx:1.25-alpine", "nginx:1.25-alpine" },
	{ "http://localhost:8080/x?y=1#top", "http://localhost:8080/x?y=1#top" },
	{ "8080:80/tcp", "8080:80/tcp" },
	{ "127.0.0.1:53:53/udp", "127.0.0.1:53:53/udp" },
	{ "1.2.3", "1.2.3" },
	{ "127.0.0.1", "127.0.0.1" },
	{ "a b  c", "a b  c" },
	{ "a,b[c]{d}", "a,b[c]{d}" },
	{ "a#b", "a#b" },
	{ "${TAG:-latest}", "${TAG:-latest}" },
	{ "._9", "._9" },
	{ "2024-01-01-backup", "2024-01-01-backup" },
	{ "2024-01-01 notes", "2024-01-01 notes" },
	{ "yess", "yess" },
	{ "\xC3\xA9t\xC3\xA9", "\xC3\xA9t\xC3\xA9" },
	{ "\xF0\x9F\x90\xB3", "\xF0\x9F\x90\xB3" },
	/* empty, blanks at the ends */
	{ "", "\"\"" },
	{ " x", "\" x\"" },
	{ "x ", "\"x \"" },
	/* numbers in YAML 1.2, YAML 1.1 (PyYAML) or Go yaml.v3 */
	{ "8080", "\"8080\"" },
	{ "-1", "\"-1\"" },
	{ "+1", "\"+1\"" },
	{ "0.5", "\"0.5\"" },
	{ ".5", "\".5\"" },
	{ "1.", "\"1.\"" },
	{ "1e3", "\"1e3\"" },
	{ "1E-3", "\"1E-3\"" },
	{ "1_000", "\"1_000\"" },
	{ "1__", "\"1__\"" },
	{ "0x1f", "\"0x1f\"" },
	{ "0X1F", "\"0X1F\"" },
	{ "0o17", "\"0o17\"" },
	{ "0b101", "\"0b101\"" },
	{ "0777", "\"0777\"" },
	{ "09", "\"09\"" },
	{ "0b_", "\"0b_\"" },
	{ "0b+1", "\"0b+1\"" },
	{ "0b2", "0b2" },
	{ "1:30", "\"1:30\"" },
	{ "22:22", "\"22:22\"" },
	{ "190:20:30.15", "\"190:20:30.15\"" },
	{ ".inf", "\".inf\"" },
	{ "-.Inf", "\"-.Inf\"" },
	{ ".NaN", "\".NaN\"" },
	/* dates */
	{ "2001-12-14", "\"2001-12-14\"" },
	{ "2024-1-2", "\"2024-1-2\"" },
	{ "2001-12-14t21:59:43.10-05:00", "\"2001-12-14t21:59:43.10-05:00\"" },
	{ "2001-12-14 21:59:43.10 -5", "\"2001-12-14 21:59:43.10 -5\"" },
	/* booleans and null, YAML 1.1 spellings in any case */
	{ "true", "\"true\"" },
	{ "False", "\"False\"" },
	{ "yes", "\"yes\"" },
	{ "No", "\"No\"" },
	{ "ON", "\"ON\"" },
	{ "off", "\"off\"" },
	{ "y", "\"y\"" },
	{ "N", "\"N\"" },
	{ "yEs", "\"yEs\"" },
	{ "^", "^" },
	{ "null", "\"null\"" },
	{ "NULL", "\"NULL\"" },
	{ "~", "\"~\"" },
	{ "=", "\"=\"" },
	{ "<<", "\"<<\"" },
	/* indicators, comments, mapping values, document markers */
	{ "-", "\"-\"" },
	{ "-c", "\"-c\"" },
	{ "- x", "\"- x\"" },
	{ "?x", "\"?x\"" },
	{ ":x", "\":x\"" },
	{ ",x", "\",x\"" },
	{ "[x]", "\"[x]\"" },
	{ "{x}", "\"{x}\"" },
	{ "#x", "\"#x\"" },
	{ "&x", "\"&x\"" },
	{ "*x", "\"*x\"" },
	{ "!x", "\"!x\"" },
	{ "|", "\"|\"" },
	{ ">x", "\">x\"" },
	{ "'x'", "\"'x'\"" },
	{ "\"x\"", "\"\\\"x\\\"\"" },
	{ "%x", "\"%x\"" },
	{ "@x", "\"@x\"" },
	{ "`x`", "\"`x`\"" },
	{ "a: b", "\"a: b\"" },
	{ "a:", "\"a:\"" },
	{ "a #b", "\"a #b\"" },
	{ "...", "\"...\"" },
	{ "---", "\"---\"" },
	/* escapes */
	{ "a\\b", "a\\b" },
	{ "a\nb", "\"a\\nb\"" },
	{ "a\n", "\"a\\n\"" },
	{ "\tx", "\"\\tx\"" },
	{ "a\rb", "\"a\\rb\"" },
	{ "\x01\x1f\x7f", "\"\\x01\\x1F\\x7F\"" },
	{ "\"\\", "\"\\\"\\\\\"" },
	{ "a\"b", "a\"b" },
	{ "a\xC2\x85" "b", "\"a\\x85b\"" },             /* NEL: a line break in YAML 1.1 */
	{ "a\xE2\x80\xA8" "b", "\"a\\u2028b\"" },       /* LINE SEPARATOR */
	{ "\xEF\xBB\xBFx", "\"\\uFEFFx\"" },            /* byte order mark */
	{ "\xC2\xA0x", "\xC2\xA0x" },                   /* NBSP is printable */
};

/* A value's '$' is printed "$$" (compose input again); a key's is not. */
static const char *dollars(struct arena *a, const char *s)
{
	size_t n = strlen(s), d = 0;
	for (size_t i = 0; i < n; i++)
		d += s[i] == '$';
	char *out = arena_alloc(a, n + d + 1), *o = out;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '$')
			*o++ = '$';
		*o++ = s[i];
	}
	return out;
}

static void test_quoting(void **state)
{
	struct arena *a = *state;
	for (size_t i = 0; i < sizeof quoting / sizeof *quoting; i++) {
		const char *got = print_cv(a, scalar(a, CV_STR, quoting[i].in), 0);
		const char *want = arena_printf(a, "%s\n", dollars(a, quoting[i].want));
		if (strcmp(got, want))
			fail_msg("'%s' printed as %s, expected %s", quoting[i].in, got, want);
		/* keys follow the same rule */
		struct cv *m = coll(a, CV_MAP, 1);
		set(m, 0, quoting[i].in, scalar(a, CV_BOOL, "true"));
		assert_string_equal(print_cv(a, m, 0), arena_printf(a, "%s: true\n", quoting[i].want));
	}
}

/* Invalid UTF-8 cannot reach the printer, but must not derail it. */
static void test_invalid_utf8(void **state)
{
	struct arena *a = *state;
	assert_string_equal(print_cv(a, scalar(a, CV_STR, "a\xFF" "b"), 0), "\"a\\xFFb\"\n");
	assert_string_equal(print_cv(a, scalar(a, CV_STR, "\xC3"), 0), "\"\\xC3\"\n");
	assert_string_equal(print_cv(a, scalar(a, CV_STR, "\xE0\x80\x80"), 0), "\"\\xE0\\x80\\x80\"\n");
	assert_string_equal(print_cv(a, scalar(a, CV_STR, "\xED\xA0\x80"), 0), "\"\\xED\\xA0\\x80\"\n");
	assert_string_equal(print_cv(a, scalar(a, CV_STR, "\xF4\x90\x80\x80"), 0),
			    "\"\\xF4\\x90\\x80\\x80\"\n");
}

/* A pseudo-random string over characters that matter to YAML (valid UTF-8). */
static const char *random_string(struct arena *a, uint32_t *seed)
{
	static const char *const pieces[] = {
		"0", "1", "9", "_", ".", ":", "+", "-", "e", "E", "x", "o", "b", "y", "n", "N",
		"t", "T", "Z", "a", " ", "#", "~", "=", "<", ",", "[", "]", "{", "}", "?", "!",
		"&", "*", "|", ">", "'", "\"", "%", "@", "`", "\\", "\t", "\n", "\r", "\x01",
		"\x7f", "\xC2\x85", "\xC2\xA0", "\xC3\xA9", "\xE2\x80\xA8", "\xEF\xBB\xBF",
		"\xF0\x9F\x90\xB3", "yes", "null", "true", ".inf", "0x", "2001-12-14", "1:30",
	};
	*seed = *seed * 1103515245u + 12345u;
	uint32_t n = (*seed >> 16) % 9;
	char *s = arena_strdup(a, "");
	for (uint32_t i = 0; i < n; i++) {
		*seed = *seed * 1103515245u + 12345u;
		s = arena_printf(a, "%s%s", s, pieces[(*seed >> 16) % (sizeof pieces / sizeof *pieces)]);
	}
	return s;
}

/*
 * Every string, as a label value and as a label key, printed and read back
 * through our loader, model and normalization: each must come back as the
 * same string (so a plain one was not typed as a number, a boolean, null).
 */
static void test_strings_read_back(void **state)
{
	struct arena *a = *state;
	enum { NFIXED = sizeof quoting / sizeof *quoting, NRANDOM = 3000, N = NFIXED + NRANDOM };
	const char **strs = arena_alloc(a, N * sizeof *strs);
	uint32_t seed = 1;
	for (size_t i = 0; i < N; i++)
		strs[i] = i < NFIXED ? quoting[i].in : random_string(a, &seed);

	/* services: {web: {image: x, network_mode: none, labels: {...}}},
	 * labels holding "k<i>": string and string: "v<i>" */
	struct cv *labels = coll(a, CV_MAP, 2 * N);
	for (size_t i = 0; i < N; i++) {
		set(labels, (uint32_t)(2 * i), arena_printf(a, "k%05zu", i), scalar(a, CV_STR, strs[i]));
		set(labels, (uint32_t)(2 * i + 1), strs[i], scalar(a, CV_STR, arena_printf(a, "v%05zu", i)));
	}
	struct cv *web = coll(a, CV_MAP, 3);
	set(web, 0, "image", scalar(a, CV_STR, "x"));
	set(web, 1, "network_mode", scalar(a, CV_STR, "none"));
	set(web, 2, "labels", labels);
	struct cv *services = coll(a, CV_MAP, 1);
	set(services, 0, "web", web);
	struct cv *root = coll(a, CV_MAP, 1);
	set(root, 0, "services", services);

	for (int with_origins = 0; with_origins <= 1; with_origins++) {
		const char *out = print_cv(a, root, with_origins);
		const struct cv *back = normalize(a, out, strlen(out));
		const struct cv *l = cv_get(cv_get(cv_get(back, "services"), "web"), "labels");
		assert_non_null(l);
		for (size_t i = 0; i < N; i++) {
			const struct cv *v = cv_get(l, arena_printf(a, "k%05zu", i));
			if (!v || v->kind != CV_STR || strcmp(v->text, strs[i]))
				fail_msg("value '%s' read back as %s '%s'", strs[i],
					 v ? cv_kind_name(v->kind) : "nothing", v ? v->text : "");
			/* a key is looked up by its text: the duplicates among
			 * the random strings hold the last of their values */
			size_t last = i;
			for (size_t j = i + 1; j < N; j++)
				if (!strcmp(strs[j], strs[i]))
					last = j;
			v = cv_get(l, strs[i]);
			if (!v || strcmp(v->text, arena_printf(a, "v%05zu", last)))
				fail_msg("key '%s' not read back", strs[i]);
		}
	}
}

/* YAML limits implicit keys to 1024 characters: longer ones are explicit. */
static void test_long_keys(void **state)
{
	struct arena *a = *state;
	char *k = arena_alloc(a, 1501);
	memset(k, 'k', 1500);
	char *q = arena_alloc(a, 1001);
	memset(q, 'q', 998);  /* quoted: 1000 characters, still implicit */
	q[0] = '-';
	struct cv *inner = coll(a, CV_MAP, 1);
	set(inner, 0, k, scalar(a, CV_NUM, "1"));
	struct cv *list = coll(a, CV_LIST, 1);
	set(list, 0, NULL, inner);
	struct cv *m = coll(a, CV_MAP, 3);
	set(m, 0, k, list);
	set(m, 1, q, scalar(a, CV_STR, "v"));
	set(m, 2, "a", scalar(a, CV_STR, "w"));
	const char *out = print_cv(a, m, 0);
	assert_string_equal(out, arena_printf(a,
		"\"%s\": v\n"
		"a: w\n"
		"? %s\n"
		":\n"
		"  - ? %s\n"
		"    : 1\n", q, k, k));

	const struct ynode *doc = t_yaml(a, 0, out, strlen(out));
	assert_int_equal(doc->kind, Y_MAP);
	assert_int_equal(doc->map.n, 3);
	assert_true(y_streq(doc->map.entries[0].key, q));
	assert_true(y_streq(doc->map.entries[2].key, k));
	const struct ynode *item = doc->map.entries[2].value->seq.items[0];
	assert_int_equal(item->kind, Y_MAP);
	assert_true(y_streq(item->map.entries[0].key, k));
	assert_true(y_streq(item->map.entries[0].value, "1"));
}

/* ---- origins ------------------------------------------------------------------- */

static void test_origins(void **state)
{
	struct arena *a = *state;
	const char *out = print_compose(a,
		"x-inner: &inner\n"                   /* 1 */
		"  TZ: UTC\n"                         /* 2 */
		"x-base: &base\n"                     /* 3 */
		"  restart: always\n"                 /* 4 */
		"  environment: *inner\n"             /* 5 */
		"x-cmd: &cmd [\"run\", \"fast\"]\n"   /* 6 */
		"services:\n"                         /* 7 */
		"  web:\n"                            /* 8 */
		"    <<: *base\n"                     /* 9 */
		"    image: \"nginx:1\"\n"            /* 10 */
		"    command: *cmd\n"                 /* 11 */
		"    ports: [\"8080:80\"]\n"          /* 12 */
		"    cap_add: []\n"                   /* 13 */
		"volumes:\n"                          /* 14 */
		"  data:\n", 1);                      /* 15 */
	assert_string_equal(out,
		"configs: {} # (default)\n"
		"networks: {} # (default)\n"
		"secrets: {} # (default)\n"
		"services: # compose.yml:8:3\n"
		"  web: # compose.yml:9:5\n"
		"    cap_add: [] # compose.yml:13:14\n"
		"    command: # compose.yml:6:13 via compose.yml:11\n"
		"      - run # compose.yml:6:14 via compose.yml:11\n"
		"      - fast # compose.yml:6:21 via compose.yml:11\n"
		"    environment: # compose.yml:2:3 via compose.yml:5 via compose.yml:9\n"
		"      TZ: UTC # compose.yml:2:7 via compose.yml:5 via compose.yml:9\n"
		"    image: nginx:1 # compose.yml:10:12\n"
		"    networks: # (default)\n"
		"      default: null # (default)\n"
		"    ports: # compose.yml:12:12\n"
		"      - protocol: tcp # compose.yml:12:13\n"
		"        published: 8080 # compose.yml:12:13\n"
		"        target: 80 # compose.yml:12:13\n"
		"    restart: always # compose.yml:4:12 via compose.yml:9\n"
		"volumes: # compose.yml:15:3\n"
		"  data: null # compose.yml:15:7\n");

	/* comments change nothing the loader reads */
	const char *plain = print_compose(a, out, 0);
	assert_string_equal(print_compose(a, plain, 0), plain);
}

/* A file name may hold a newline; it must not end the comment. */
static void test_origin_file_names(void **state)
{
	struct arena *a = *state;
	struct cl_sources odd = { 0 };
	cl_sources_add(&odd, a, "a\nb \"c\".yml");
	struct ynode node = { 0 };
	node.span.file = 0;
	node.span.start.line = 3;
	node.span.start.col = 4;
	struct ynode site = { 0 };
	site.span.file = 7;  /* not in the table */
	site.span.start.line = 9;
	struct yvia via = { YV_ALIAS, &site, NULL };
	struct cv *v = scalar(a, CV_STR, "x");
	v->at.node = &node;
	v->at.via = &via;
	struct strbuf sb = STRBUF_INIT;
	assert_int_equal(compose_print_yaml(&sb, v, &odd, 1), 0);
	assert_string_equal(sb.buf, "x # a\\nb \"c\".yml:3:4 via ?:9\n");
	strbuf_release(&sb);
	cl_sources_release(&odd);
}

/* ---- unknown values ------------------------------------------------------------ */

/* Values are marked unknown by interpolation, upstream; built by hand here. */
static void test_unknown(void **state)
{
	struct arena *a = *state;
	struct ynode node = { 0 };
	node.span.start.line = 3;
	node.span.start.col = 12;
	struct cv *image = scalar(a, CV_STR, "nginx:${TAG}");
	image->unknown = 1;
	image->at.node = &node;
	struct cv *odd = scalar(a, CV_STR, "${A}: x");  /* whatever the quoting */
	odd->unknown = 1;
	struct cv *m = coll(a, CV_MAP, 3);
	set(m, 0, "image", image);
	set(m, 1, "odd", odd);
	set(m, 2, "price", scalar(a, CV_STR, "$$5"));
	assert_string_equal(print_cv(a, m, 0),
		"image: nginx:$${TAG} # unknown: interpolation could not settle it\n"
		"odd: \"$${A}: x\" # unknown: interpolation could not settle it\n"
		"price: $$$$5\n");
	assert_string_equal(print_cv(a, m, 1),
		"image: nginx:$${TAG} # compose.yml:3:12 # unknown: interpolation could not settle it\n"
		"odd: \"$${A}: x\" # (default) # unknown: interpolation could not settle it\n"
		"price: $$$$5 # (default)\n");
}

/* ---- sharing and bounds ---------------------------------------------------- */

/* An anchored subtree big enough to be converted once is shared by its
 * uses; it is printed at each one. */
static void test_shared_subtree(void **state)
{
	struct arena *a = *state;
	struct strbuf in = STRBUF_INIT;
	strbuf_addstr(&in, "x-big: &big\n");
	for (int i = 0; i < 300; i++)
		strbuf_addf(&in, "  k%03d: v\n", i);
	strbuf_addstr(&in, "services:\n");
	strbuf_addstr(&in, "  one:\n    image: x\n    network_mode: none\n    x-a: *big\n");
	strbuf_addstr(&in, "  two:\n    image: x\n    network_mode: none\n    x-b: *big\n");
	const struct cv *doc = normalize(a, in.buf, in.len);
	strbuf_release(&in);
	const struct cv *s = cv_get(doc, "services");
	const struct cv *one = cv_get(cv_get(s, "one"), "x-a"), *two = cv_get(cv_get(s, "two"), "x-b");
	assert_ptr_equal(one->items, two->items);  /* shared, as the test means */
	const char *out = print_cv(a, doc, 0);
	assert_int_equal(count(out, "      k299: v\n"), 2);
	assert_int_equal(count(out, ": v\n"), 600);
}

/* An alias bomb normalizes into few values but would print billions. */
static void test_size_bound(void **state)
{
	struct arena *a = *state;
	struct strbuf in = STRBUF_INIT;
	strbuf_addstr(&in, "x-a: &a [");
	for (int i = 0; i < 300; i++)
		strbuf_addf(&in, "%ss%099d", i ? ", " : "", i);
	strbuf_addstr(&in, "]\nx-b: &b [");
	for (int i = 0; i < 300; i++)
		strbuf_addstr(&in, i ? ", *a" : "*a");
	strbuf_addstr(&in, "]\nservices:\n  web:\n    image: x\n    network_mode: none\n    x-c: [");
	for (int i = 0; i < 300; i++)
		strbuf_addstr(&in, i ? ", *b" : "*b");
	strbuf_addstr(&in, "]\n");
	const struct cv *doc = normalize(a, in.buf, in.len);
	strbuf_release(&in);

	struct strbuf sb = STRBUF_INIT;
	assert_int_equal(compose_print_yaml(&sb, doc, &files, 0), 1);
	assert_true(sb.len > COMPOSE_PRINT_MAX_BYTES);
	assert_true(sb.len < COMPOSE_PRINT_MAX_BYTES + 4096);
	static const char tail[] = "\n# composelint: output cut short: more than 64 MiB\n";
	assert_string_equal(sb.buf + sb.len - (sizeof tail - 1), tail);
	/* the line before it is a whole one */
	const char *last = sb.buf + sb.len - (sizeof tail - 1);
	const char *bol = last;
	while (bol > sb.buf && bol[-1] != '\n')
		bol--;
	assert_true(last - bol > 100);
	assert_true(!strncmp(bol, "          - s", 13));
	strbuf_release(&sb);
}

static void test_depth_bound(void **state)
{
	struct arena *a = *state;
	struct cv *leaf = scalar(a, CV_STR, "deep");
	const struct cv *v = leaf;
	for (unsigned i = 0; i < COMPOSE_PRINT_MAX_DEPTH + 10; i++) {
		struct cv *l = coll(a, CV_MAP, 1);
		set(l, 0, "k", v);
		v = l;
	}
	struct strbuf sb = STRBUF_INIT;
	assert_int_equal(compose_print_yaml(&sb, v, NULL, 0), 1);
	assert_null(strstr(sb.buf, "k: deep"));
	assert_non_null(strstr(sb.buf, "\n# composelint: output cut short: values nested deeper "
				       "than 1000 levels\n"));
	/* what was printed still loads */
	struct ylimits deep = lim;
	deep.max_depth = COMPOSE_PRINT_MAX_DEPTH + 10;
	struct yload ld;
	assert_int_equal(yaml_load(a, 0, sb.buf, sb.len, &deep, &ld), 0);
	strbuf_release(&sb);

	/* just under the bound, everything prints */
	v = leaf;
	for (unsigned i = 0; i < COMPOSE_PRINT_MAX_DEPTH; i++) {
		struct cv *l = coll(a, CV_LIST, 1);
		set(l, 0, NULL, v);
		v = l;
	}
	assert_string_equal(strstr(print_cv(a, v, 0), "deep"), "deep\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_block_layout, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sorted_keys_list_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_key_written_twice, setup, teardown),
		cmocka_unit_test_setup_teardown(test_roots, setup, teardown),
		cmocka_unit_test_setup_teardown(test_numbers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_quoting, setup, teardown),
		cmocka_unit_test_setup_teardown(test_invalid_utf8, setup, teardown),
		cmocka_unit_test_setup_teardown(test_strings_read_back, setup, teardown),
		cmocka_unit_test_setup_teardown(test_long_keys, setup, teardown),
		cmocka_unit_test_setup_teardown(test_origins, setup, teardown),
		cmocka_unit_test_setup_teardown(test_origin_file_names, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unknown, setup, teardown),
		cmocka_unit_test_setup_teardown(test_shared_subtree, setup, teardown),
		cmocka_unit_test_setup_teardown(test_size_bound, setup, teardown),
		cmocka_unit_test_setup_teardown(test_depth_bound, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
