/*
 * test_yaml_load.c - the YAML loader: spans, merge keys, duplicates,
 * problems, hostile input, and the typing helpers of tree.h.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/arena.h"
#include "yaml/load.h"
#include "yaml/tree.h"

/* ---- helpers ------------------------------------------------------------ */

static int load_lim(struct arena *a, const char *text, size_t len, const struct ylimits *lim,
		    struct yload *out)
{
	return yaml_load(a, 7, text, len, lim, out);
}

static int load(struct arena *a, const char *text, struct yload *out)
{
	static const struct ylimits lim = YLIMITS_DEFAULT;
	return load_lim(a, text, strlen(text), &lim, out);
}

/* A document that must load cleanly: no problems at all. */
static const struct ynode *load_clean(struct arena *a, const char *text)
{
	struct yload out;
	int rc = load(a, text, &out);
	for (uint32_t i = 0; i < out.problems.n; i++)
		print_error("unexpected problem %u:%u %s\n", out.problems.v[i].at.start.line,
			    out.problems.v[i].at.start.col, out.problems.v[i].msg);
	assert_int_equal(rc, 0);
	assert_int_equal(out.problems.n, 0);
	assert_int_equal(out.ndocs, 1);
	return out.docs[0];
}

static const struct ynode *val(const struct ynode *map, const char *key)
{
	const struct yentry *e = y_get(map, key);
	if (!e)
		fail_msg("no key '%s'", key);
	return e->value;
}

static const struct ynode *pair_value(const struct ynode *map, const char *key)
{
	assert_int_equal(map->kind, Y_MAP);
	for (uint32_t i = 0; i < map->map.npairs; i++)
		if (y_streq(map->map.pairs[i].key, key))
			return map->map.pairs[i].value;
	fail_msg("no pair '%s'", key);
	return NULL;
}

#define assert_pos(p, l, c, o) do {                   \
		assert_int_equal((p).line, (l));      \
		assert_int_equal((p).col, (c));       \
		assert_int_equal((p).off, (o));       \
	} while (0)

#define assert_lc(p, l, c) do {                       \
		assert_int_equal((p).line, (l));      \
		assert_int_equal((p).col, (c));       \
	} while (0)

static void assert_span(const struct ynode *n, uint32_t l1, uint32_t c1, uint32_t l2, uint32_t c2)
{
	assert_non_null(n);
	assert_int_equal(n->span.file, 7);
	assert_lc(n->span.start, l1, c1);
	assert_lc(n->span.end, l2, c2);
}

static void assert_scalar(const struct ynode *n, const char *s)
{
	assert_non_null(n);
	assert_int_equal(n->kind, Y_SCALAR);
	assert_int_equal(n->scalar.len, strlen(s));
	assert_string_equal(n->scalar.s, s);
}

/* Exactly one problem of `kind`; returns it. */
static const struct cl_diag *only_problem(const struct yload *out, enum yprob_kind kind)
{
	if (out->problems.n != 1 || out->problems.v[0].kind != (int)kind)
		for (uint32_t i = 0; i < out->problems.n; i++)
			print_error("problem %u: kind %d %u:%u %s\n", i, out->problems.v[i].kind,
				    out->problems.v[i].at.start.line, out->problems.v[i].at.start.col,
				    out->problems.v[i].msg);
	assert_int_equal(out->problems.n, 1);
	assert_int_equal(out->problems.v[0].kind, kind);
	return &out->problems.v[0];
}

/* ---- scalars ------------------------------------------------------------ */

static void test_scalar_spans(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	const struct ynode *r = load_clean(a, "a: plain text\n"
					      "bb: 'sq ''x'''\n"
					      "c: \"dq\\n\"\n");
	assert_int_equal(r->kind, Y_MAP);
	assert_int_equal(r->style, YS_BLOCK);
	assert_span(r, 1, 1, 3, 10);

	const struct ynode *k = r->map.pairs[0].key;
	assert_scalar(k, "a");
	assert_span(k, 1, 1, 1, 2);
	assert_pos(k->span.start, 1, 1, 0);

	const struct ynode *v = val(r, "a");
	assert_scalar(v, "plain text");
	assert_int_equal(v->style, YS_PLAIN);
	assert_span(v, 1, 4, 1, 14);
	assert_pos(v->span.end, 1, 14, 13);

	v = val(r, "bb");
	assert_scalar(v, "sq 'x'");
	assert_int_equal(v->style, YS_SINGLE);
	assert_span(v, 2, 5, 2, 15);            /* quotes included */
	assert_pos(v->span.start, 2, 5, 18);
	assert_int_equal(v->scalar.raw_len, 8);
	assert_memory_equal(v->scalar.raw, "sq ''x''", 8);

	v = val(r, "c");
	assert_scalar(v, "dq\n");
	assert_int_equal(v->style, YS_DOUBLE);
	assert_span(v, 3, 4, 3, 10);
	assert_pos(v->span.start, 3, 4, 32);
	assert_pos(v->span.end, 3, 10, 38);
	assert_string_equal(v->scalar.raw, "dq\\n");
	arena_free(a);
}

static void test_block_scalar_spans(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	const struct ynode *r = load_clean(a, "lit: |\n"
					      "  one\n"
					      "  two\n"
					      "fold: >-\n"
					      "  f1\n"
					      "  f2\n"
					      "tagged: &t !!str |\n"
					      "  x\n");
	const struct ynode *v = val(r, "lit");
	assert_int_equal(v->style, YS_LITERAL);
	assert_scalar(v, "one\ntwo\n");
	assert_span(v, 1, 6, 4, 1);           /* starts at '|' */
	assert_pos(v->span.start, 1, 6, 5);

	v = val(r, "fold");
	assert_int_equal(v->style, YS_FOLDED);
	assert_scalar(v, "f1 f2");
	assert_pos(v->span.start, 4, 7, 25);  /* the '>' */

	v = val(r, "tagged");
	assert_int_equal(v->style, YS_LITERAL);
	assert_string_equal(v->anchor, "t");
	assert_string_equal(v->tag, "tag:yaml.org,2002:str");
	assert_lc(v->span.start, 7, 18);      /* behind the anchor and the tag */
	arena_free(a);
}

/* A comment between the previous token and the indicator must not hide it. */
static void test_block_scalar_after_comment(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	const struct ynode *r = load_clean(a, "cmd:\n"
					      "  - sh   # shell | not this\n"
					      "  - |\n"
					      "    echo\n"
					      "k: # note >\n"
					      "  >\n"
					      "  folded\n");
	const struct ynode *seq = val(r, "cmd");
	assert_int_equal(seq->kind, Y_SEQ);
	assert_int_equal(seq->seq.n, 2);
	assert_int_equal(seq->seq.items[1]->style, YS_LITERAL);
	assert_lc(seq->seq.items[1]->span.start, 3, 5);
	const struct ynode *k = val(r, "k");
	assert_int_equal(k->style, YS_FOLDED);
	assert_scalar(k, "folded\n");
	assert_lc(k->span.start, 6, 3);
	arena_free(a);
}

static void test_empty_values(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	const struct ynode *r = load_clean(a, "healthcheck:\n"
					      "\"quoted\":\n"
					      "flow: {x: , y}\n"
					      "seq:\n"
					      "  -\n"
					      "  - z\n");
	const struct ynode *v = val(r, "healthcheck");
	assert_int_equal(v->kind, Y_SCALAR);
	assert_int_equal(v->style, YS_EMPTY);
	assert_int_equal(v->scalar.len, 0);
	assert_string_equal(v->scalar.s, "");
	assert_true(y_is_null(v));
	assert_pos(v->span.start, 1, 12, 11);  /* right after the key */
	assert_pos(v->span.end, 1, 12, 11);

	/* after the closing quote, not inside the key */
	v = val(r, "quoted");
	assert_int_equal(v->style, YS_EMPTY);
	assert_pos(v->span.start, 2, 9, 21);

	const struct ynode *f = val(r, "flow");
	assert_int_equal(f->map.n, 2);
	assert_int_equal(val(f, "x")->style, YS_EMPTY);
	assert_int_equal(val(f, "y")->style, YS_EMPTY);
	assert_lc(val(f, "x")->span.start, 3, 9);

	const struct ynode *s = val(r, "seq");
	assert_int_equal(s->seq.n, 2);
	assert_true(y_is_null(s->seq.items[0]));
	assert_scalar(s->seq.items[1], "z");
	arena_free(a);
}

/* ---- collections -------------------------------------------------------- */

static void test_flow_collections(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	const struct ynode *r = load_clean(a, "f: [1, \"x\", [2]]\n"
					      "g: {k: v, 'q': [a]}\n");
	const struct ynode *f = val(r, "f");
	assert_int_equal(f->kind, Y_SEQ);
	assert_int_equal(f->style, YS_FLOW);
	assert_span(f, 1, 4, 1, 17);            /* '[' to after ']' */
	assert_pos(f->span.end, 1, 17, 16);
	assert_int_equal(f->seq.n, 3);
	assert_scalar(f->seq.items[0], "1");
	assert_span(f->seq.items[0], 1, 5, 1, 6);
	assert_span(f->seq.items[1], 1, 8, 1, 11);
	assert_span(f->seq.items[2], 1, 13, 1, 16);
	assert_int_equal(f->seq.items[2]->seq.n, 1);

	const struct ynode *g = val(r, "g");
	assert_int_equal(g->kind, Y_MAP);
	assert_int_equal(g->style, YS_FLOW);
	assert_span(g, 2, 4, 2, 20);
	assert_int_equal(g->map.npairs, 2);
	assert_int_equal(g->map.n, 2);
	assert_span(g->map.pairs[1].key, 2, 11, 2, 14);
	assert_int_equal(g->map.pairs[1].key->style, YS_SINGLE);
	assert_span(val(g, "q"), 2, 16, 2, 19);
	arena_free(a);
}

static void test_block_collections(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	const struct ynode *r = load_clean(a, "top:\n"
					      "  inner: 1\n"
					      "  other: two\n"
					      "list:\n"
					      "- a\n"
					      "- b: c\n"
					      "  d: e\n");
	assert_span(r, 1, 1, 7, 7);
	assert_int_equal(r->map.npairs, 2);
	const struct ynode *t = val(r, "top");
	assert_int_equal(t->kind, Y_MAP);
	assert_int_equal(t->style, YS_BLOCK);
	assert_span(t, 2, 3, 3, 13);            /* first key to end of last value */
	assert_pos(t->span.start, 2, 3, 7);

	const struct ynode *l = val(r, "list");
	assert_int_equal(l->kind, Y_SEQ);
	assert_int_equal(l->style, YS_BLOCK);
	assert_span(l, 5, 1, 7, 7);             /* from the first '-' */
	assert_int_equal(l->seq.n, 2);
	const struct ynode *m = l->seq.items[1];
	assert_int_equal(m->kind, Y_MAP);
	assert_span(m, 6, 3, 7, 7);
	assert_scalar(val(m, "d"), "e");
	arena_free(a);
}

static void test_alias_span_and_entry(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	const struct ynode *r = load_clean(a, "x-img: &img nginx:1.25\n"
					      "svc:\n"
					      "  image: *img\n"
					      "list: [*img, b]\n");
	const struct ynode *anchor = val(r, "x-img");
	assert_string_equal(anchor->anchor, "img");
	assert_span(anchor, 1, 13, 1, 23);      /* the value, not the anchor */

	const struct ynode *svc = val(r, "svc");
	const struct ynode *alias = pair_value(svc, "image");
	assert_int_equal(alias->kind, Y_ALIAS);
	assert_string_equal(alias->alias.name, "img");
	assert_ptr_equal(alias->alias.target, anchor);
	assert_span(alias, 3, 10, 3, 14);       /* '*' included */
	assert_pos(alias->span.start, 3, 10, 37);

	const struct yentry *e = y_get(svc, "image");
	assert_non_null(e);
	assert_ptr_equal(e->value, anchor);     /* entries never hold aliases */
	assert_non_null(e->via);
	assert_int_equal(e->via->kind, YV_ALIAS);
	assert_ptr_equal(e->via->site, alias);
	assert_null(e->via->next);

	const struct ynode *list = val(r, "list");
	assert_int_equal(list->seq.items[0]->kind, Y_ALIAS);
	assert_span(list->seq.items[0], 4, 8, 4, 12);
	const struct yvia *via = NULL;
	assert_ptr_equal(y_deref(list->seq.items[0], a, &via), anchor);
	assert_non_null(via);
	assert_int_equal(via->kind, YV_ALIAS);
	assert_ptr_equal(via->site, list->seq.items[0]);
	via = NULL;
	assert_ptr_equal(y_deref(list->seq.items[1], a, &via), list->seq.items[1]);
	assert_null(via);
	arena_free(a);
}

static void test_utf8_columns_and_bom(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	/* "né" is 3 bytes, "€" 3 bytes, "😀" 4 bytes */
	const struct ynode *r = load_clean(a, "n\xc3\xa9: \xe2\x82\xac\xf0\x9f\x98\x80 z\n"
					      "b: \"\xc3\xa9\"\n");
	const struct ynode *k = r->map.pairs[0].key;
	assert_scalar(k, "n\xc3\xa9");
	assert_pos(k->span.end, 1, 3, 3);
	const struct ynode *v = val(r, "n\xc3\xa9");
	assert_pos(v->span.start, 1, 5, 5);
	assert_pos(v->span.end, 1, 9, 14);
	v = val(r, "b");
	assert_pos(v->span.start, 2, 4, 18);
	assert_pos(v->span.end, 2, 7, 22);
	arena_free(a);

	a = arena_new();
	r = load_clean(a, "\xef\xbb\xbf" "a: b\nc: d\n");
	/* the BOM is no column, but its bytes count in offsets */
	assert_pos(r->map.pairs[0].key->span.start, 1, 1, 3);
	assert_pos(val(r, "a")->span.start, 1, 4, 6);
	assert_pos(val(r, "c")->span.start, 2, 4, 11);
	assert_memory_equal(val(r, "a")->scalar.raw, "b", 1);
	arena_free(a);

	a = arena_new();
	r = load_clean(a, "a: 1\r\nb: \"x\"\r\n");
	assert_pos(val(r, "b")->span.start, 2, 4, 9);
	arena_free(a);
}

/* ---- merge keys --------------------------------------------------------- */

static const char merge_doc[] =
	"base: &a\n"                 /* 1 */
	"  x: 1\n"                   /* 2 */
	"  y: 2\n"                   /* 3 */
	"other: &b\n"                /* 4 */
	"  y: 20\n"                  /* 5 */
	"  z: 30\n"                  /* 6 */
	"one:\n"                     /* 7 */
	"  <<: *a\n"                 /* 8 */
	"  w: 0\n"                   /* 9 */
	"two:\n"                     /* 10 */
	"  <<: [*a, *b]\n"           /* 11 */
	"three:\n"                   /* 12 */
	"  x: before\n"              /* 13 */
	"  <<: *a\n"                 /* 14 */
	"  y: after\n"               /* 15 */
	"four:\n"                    /* 16 */
	"  <<: {k: v, x: 9}\n"       /* 17 */
	"  x: mine\n"                /* 18 */
	"nested: &c\n"               /* 19 */
	"  <<: *a\n"                 /* 20 */
	"  n: 1\n"                   /* 21 */
	"five:\n"                    /* 22 */
	"  <<: *c\n";                /* 23 */

static void assert_keys(const struct ynode *m, const char *const *keys, uint32_t n)
{
	assert_int_equal(m->kind, Y_MAP);
	assert_int_equal(m->map.n, n);
	for (uint32_t i = 0; i < n; i++)
		assert_true(y_streq(m->map.entries[i].key, keys[i]));
}

static void test_merge_alias(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	const struct ynode *r = load_clean(a, merge_doc);
	const struct ynode *base = val(r, "base");
	const struct ynode *one = val(r, "one");
	static const char *const k1[] = { "w", "x", "y" };  /* explicit first */
	assert_keys(one, k1, 3);
	assert_int_equal(one->map.npairs, 2);               /* `<<` kept as written */
	assert_true(y_streq(one->map.pairs[0].key, "<<"));

	const struct yentry *x = y_get(one, "x");
	assert_null(y_get(one, "w")->via);
	assert_ptr_equal(x->value, val(base, "x"));          /* shared, not copied */
	assert_span(x->value, 2, 6, 2, 7);
	assert_span(x->key, 2, 3, 2, 4);
	assert_non_null(x->via);
	assert_int_equal(x->via->kind, YV_MERGE);
	assert_int_equal(x->via->site->kind, Y_ALIAS);       /* the `*a` */
	assert_ptr_equal(x->via->site, one->map.pairs[0].value);
	assert_span(x->via->site, 8, 7, 8, 9);
	assert_null(x->via->next);
	arena_free(a);
}

static void test_merge_list_earlier_wins(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	const struct ynode *r = load_clean(a, merge_doc);
	const struct ynode *two = val(r, "two");
	static const char *const k2[] = { "x", "y", "z" };
	assert_keys(two, k2, 3);
	assert_scalar(val(two, "y"), "2");                   /* *a before *b */
	assert_scalar(val(two, "z"), "30");
	assert_lc(y_get(two, "y")->via->site->span.start, 11, 8);
	assert_lc(y_get(two, "z")->via->site->span.start, 11, 12);
	assert_int_equal(y_get(two, "z")->via->kind, YV_MERGE);
	arena_free(a);
}

static void test_merge_explicit_wins(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	const struct ynode *r = load_clean(a, merge_doc);
	const struct ynode *three = val(r, "three");
	static const char *const k3[] = { "x", "y" };
	assert_keys(three, k3, 2);
	assert_scalar(val(three, "x"), "before");            /* written before `<<` */
	assert_scalar(val(three, "y"), "after");             /* written after `<<` */
	assert_null(y_get(three, "x")->via);
	assert_null(y_get(three, "y")->via);

	const struct ynode *four = val(r, "four");
	static const char *const k4[] = { "x", "k" };
	assert_keys(four, k4, 2);
	assert_scalar(val(four, "x"), "mine");
	const struct yentry *k = y_get(four, "k");
	assert_scalar(k->value, "v");
	assert_int_equal(k->via->kind, YV_MERGE);
	assert_int_equal(k->via->site->kind, Y_MAP);          /* the inline mapping */
	assert_span(k->via->site, 17, 7, 17, 19);
	arena_free(a);
}

static void test_merge_nested_chain(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	const struct ynode *r = load_clean(a, merge_doc);
	const struct ynode *five = val(r, "five");
	static const char *const k5[] = { "n", "x", "y" };
	assert_keys(five, k5, 3);
	const struct yentry *n = y_get(five, "n");
	assert_int_equal(n->via->kind, YV_MERGE);
	assert_lc(n->via->site->span.start, 23, 7);
	assert_null(n->via->next);

	/* x: base -> nested (merge at 20:7) -> five (merge at 23:7), inner first */
	const struct yentry *x = y_get(five, "x");
	assert_ptr_equal(x->value, val(val(r, "base"), "x"));
	const struct yvia *v = x->via;
	assert_non_null(v);
	assert_int_equal(v->kind, YV_MERGE);
	assert_lc(v->site->span.start, 20, 7);
	assert_non_null(v->next);
	assert_int_equal(v->next->kind, YV_MERGE);
	assert_lc(v->next->site->span.start, 23, 7);
	assert_null(v->next->next);
	arena_free(a);
}

/* An inherited value that is itself an alias: alias link, then merge link. */
static void test_merge_of_alias_value(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	const struct ynode *r = load_clean(a, "img: &img nginx\n"
					      "base: &b\n"
					      "  image: *img\n"
					      "svc:\n"
					      "  <<: *b\n"
					      "svc2:\n"
					      "  !!merge '<<': {extra: 1}\n");
	const struct ynode *svc = val(r, "svc");
	const struct yentry *e = y_get(svc, "image");
	assert_non_null(e);
	assert_ptr_equal(e->value, val(r, "img"));
	assert_int_equal(e->via->kind, YV_ALIAS);
	assert_lc(e->via->site->span.start, 3, 10);
	assert_int_equal(e->via->next->kind, YV_MERGE);
	assert_lc(e->via->next->site->span.start, 5, 7);
	assert_null(e->via->next->next);
	/* `!!merge` marks a quoted key as a merge key too */
	assert_int_equal(svc->map.n, 1);
	const struct ynode *svc2 = val(r, "svc2");
	assert_int_equal(svc2->map.n, 1);
	assert_scalar(val(svc2, "extra"), "1");
	assert_int_equal(y_get(svc2, "extra")->via->kind, YV_MERGE);
	arena_free(a);
}

static void test_merge_problems(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct yload out;
	const struct cl_diag *p;

	assert_int_equal(load(a, "a: {x: 1}\nb:\n  <<: 1\n", &out), 0);
	p = only_problem(&out, YPROB_SYNTAX);
	assert_pos(p->at.start, 3, 7, 19);
	assert_non_null(strstr(p->msg, "merge key"));
	assert_int_equal(out.ndocs, 1);
	assert_int_equal(val(out.docs[0], "b")->map.n, 0);

	/* a list item that is not a mapping, the others still merged */
	load(a, "a: &a {x: 1}\nb:\n  <<: [*a, [1]]\n", &out);
	p = only_problem(&out, YPROB_SYNTAX);
	assert_lc(p->at.start, 3, 12);
	assert_int_equal(val(out.docs[0], "b")->map.n, 1);

	/* two merge keys in one mapping */
	load(a, "a: &a {x: 1}\nb:\n  <<: *a\n  <<: {y: 2}\n", &out);
	p = only_problem(&out, YPROB_DUPLICATE);
	assert_lc(p->at.start, 4, 3);
	assert_int_equal(p->nnotes, 0);
	assert_int_equal(val(out.docs[0], "b")->map.n, 2);

	/* an undefined alias as a merge source is reported once */
	load(a, "b:\n  <<: *nope\n  k: v\n", &out);
	p = only_problem(&out, YPROB_SYNTAX);
	assert_lc(p->at.start, 2, 7);
	arena_free(a);
}

/* ---- duplicates, aliases, syntax ----------------------------------------- */

static void test_duplicate_keys(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct yload out;
	assert_int_equal(load(a, "a: 1\nb: 2\na: 3\nc: 4\na: 5\n\"b\": 6\n", &out), 0);
	assert_int_equal(out.ndocs, 1);
	assert_int_equal(out.problems.n, 3);
	int seen_a3 = 0, seen_a5 = 0, seen_b = 0;
	for (uint32_t i = 0; i < out.problems.n; i++) {
		const struct cl_diag *p = &out.problems.v[i];
		assert_int_equal(p->kind, YPROB_DUPLICATE);
		assert_int_equal(p->at.file, 7);
		assert_int_equal(p->nnotes, 1);
		assert_string_equal(p->notes[0].message, "first defined here");
		if (p->at.start.line == 3) {
			seen_a3 = 1;
			assert_pos(p->notes[0].at.start, 1, 1, 0);
			assert_non_null(strstr(p->msg, "'a'"));
		} else if (p->at.start.line == 5) {
			seen_a5 = 1;
			assert_pos(p->notes[0].at.start, 1, 1, 0);  /* the first, not the previous */
		} else if (p->at.start.line == 6) {
			seen_b = 1;
			assert_lc(p->at.start, 6, 1);
			assert_lc(p->notes[0].at.start, 2, 1);
		}
	}
	assert_true(seen_a3 && seen_a5 && seen_b);
	const struct ynode *r = out.docs[0];
	assert_int_equal(r->map.npairs, 6);
	assert_int_equal(r->map.n, 3);            /* one entry per key */
	assert_scalar(val(r, "a"), "5");          /* the last one wins */
	assert_scalar(val(r, "b"), "6");
	assert_scalar(val(r, "c"), "4");

	/* nested and flow mappings are checked too */
	load(a, "s:\n  f: {k: 1, k: 2}\n", &out);
	const struct cl_diag *p = only_problem(&out, YPROB_DUPLICATE);
	assert_lc(p->at.start, 2, 13);
	assert_lc(p->notes[0].at.start, 2, 7);
	assert_scalar(val(val(out.docs[0], "s"), "f")->map.entries[0].value, "2");
	arena_free(a);
}

static void test_undefined_alias(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct yload out;
	load(a, "a: 1\nb: *nope\n", &out);
	const struct cl_diag *p = only_problem(&out, YPROB_SYNTAX);
	assert_pos(p->at.start, 2, 4, 8);
	assert_non_null(strstr(p->msg, "nope"));
	/* the document is still whole; the alias stands for null */
	assert_int_equal(out.ndocs, 1);
	const struct ynode *al = pair_value(out.docs[0], "b");
	assert_int_equal(al->kind, Y_ALIAS);
	assert_true(y_is_null(al));
	assert_true(y_is_null(val(out.docs[0], "b")));

	/* an anchor defined after its alias is not yet defined */
	load(a, "a: *x\nb: &x 1\n", &out);
	p = only_problem(&out, YPROB_SYNTAX);
	assert_lc(p->at.start, 1, 4);

	/* a collection cannot contain an alias to itself: no cycles */
	load(a, "a: &r [1, *r]\n", &out);
	p = only_problem(&out, YPROB_SYNTAX);
	assert_lc(p->at.start, 1, 11);
	const struct ynode *r = val(out.docs[0], "a");
	assert_int_equal(r->seq.n, 2);
	assert_true(y_is_null(r->seq.items[1]));
	arena_free(a);
}

static void test_syntax_errors(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct yload out;
	const struct cl_diag *p;

	assert_int_equal(load(a, "a: b: c\n", &out), -1);
	p = only_problem(&out, YPROB_SYNTAX);
	assert_pos(p->at.start, 1, 5, 4);
	assert_string_equal(p->msg, "invalid nested block mapping on the same line");
	assert_int_equal(out.ndocs, 0);

	assert_int_equal(load(a, "a:\n\tb: 1\n", &out), -1);
	p = only_problem(&out, YPROB_SYNTAX);
	assert_pos(p->at.start, 2, 1, 3);
	assert_non_null(strstr(p->msg, "tab"));
	assert_int_equal(out.ndocs, 0);

	assert_int_equal(load(a, "a: \"abc\n", &out), -1);
	p = only_problem(&out, YPROB_SYNTAX);
	assert_lc(p->at.start, 1, 5);
	assert_int_equal(out.ndocs, 0);

	assert_int_equal(load(a, "svc:\n  ports: [1, 2\n", &out), -1);
	assert_true(out.problems.n >= 1);
	assert_int_equal(out.problems.v[0].kind, YPROB_SYNTAX);
	assert_int_equal(out.ndocs, 0);

	/* an error in a later document keeps the first */
	assert_int_equal(load(a, "a: 1\n---\nb: [\n", &out), -1);
	assert_int_equal(out.ndocs, 1);
	assert_scalar(val(out.docs[0], "a"), "1");
	assert_int_equal(out.problems.n, 2);
	assert_int_equal(out.problems.v[0].kind, YPROB_EXTRA_DOC);
	assert_int_equal(out.problems.v[1].kind, YPROB_SYNTAX);
	arena_free(a);
}

static void test_multiple_documents(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct yload out;
	assert_int_equal(load(a, "a: &x 1\n---\nb: 2\n---\nc: 3\n", &out), 0);
	const struct cl_diag *p = only_problem(&out, YPROB_EXTRA_DOC);
	assert_pos(p->at.start, 2, 1, 8);
	assert_int_equal(out.ndocs, 3);
	assert_scalar(val(out.docs[0], "a"), "1");
	assert_scalar(val(out.docs[1], "b"), "2");
	assert_scalar(val(out.docs[2], "c"), "3");

	/* anchors do not cross documents */
	load(a, "a: &x 1\n---\nb: *x\n", &out);
	assert_int_equal(out.problems.n, 2);
	assert_int_equal(out.problems.v[0].kind, YPROB_EXTRA_DOC);
	assert_int_equal(out.problems.v[1].kind, YPROB_SYNTAX);
	assert_lc(out.problems.v[1].at.start, 3, 4);

	/* one explicit document is not an extra one */
	assert_non_null(load_clean(a, "---\na: 1\n...\n"));
	arena_free(a);
}

static void test_tags_and_anchor_redefinition(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	const struct ynode *r = load_clean(a, "a: !reset []\n"
					      "b: !!str 5\n"
					      "c: &x one\n"
					      "d: &x two\n"
					      "e: *x\n");
	assert_string_equal(val(r, "a")->tag, "!reset");
	assert_int_equal(val(r, "a")->seq.n, 0);
	assert_string_equal(val(r, "b")->tag, "tag:yaml.org,2002:str");
	assert_null(val(r, "c")->tag);
	/* an alias names the closest preceding anchor */
	assert_scalar(val(r, "e"), "two");
	assert_ptr_equal(val(r, "e"), val(r, "d"));
	arena_free(a);
}

/* ---- hostile input --------------------------------------------------------- */

static char *alias_bomb(void)
{
	static const char levels[] = "abcdefghi";
	char *s = xmalloc(4096);
	size_t n = (size_t)sprintf(s, "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
	for (int i = 1; i < 9; i++) {
		n += (size_t)sprintf(s + n, "%c: &%c [", levels[i], levels[i]);
		for (int j = 0; j < 9; j++)
			n += (size_t)sprintf(s + n, "%s*%c", j ? "," : "", levels[i - 1]);
		n += (size_t)sprintf(s + n, "]\n");
	}
	return s;
}

static void test_alias_bomb(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	char *s = alias_bomb();
	struct yload out;
	clock_t t0 = clock();
	assert_int_equal(load(a, s, &out), 0);
	double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
	assert_true(secs < 2.0);
	assert_int_equal(out.problems.n, 0);
	assert_int_equal(out.ndocs, 1);
	assert_true(out.nodes < 200);
	assert_true(arena_used(a) < 256 * 1024);
	const struct ynode *i = val(out.docs[0], "i");
	assert_int_equal(i->seq.n, 9);
	assert_int_equal(i->seq.items[8]->kind, Y_ALIAS);
	assert_ptr_equal(i->seq.items[8]->alias.target, val(out.docs[0], "h"));
	free(s);
	arena_free(a);
}

static void test_merge_bomb(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	char *s = xmalloc(64 * 1024);
	size_t n = (size_t)sprintf(s, "l0: &l0 {k0: 0}\n");
	for (int i = 1; i <= 40; i++) {
		n += (size_t)sprintf(s + n, "l%d: &l%d\n  k%d: %d\n  <<: [", i, i, i, i);
		for (int j = 0; j < 9; j++)
			n += (size_t)sprintf(s + n, "%s*l%d", j ? ", " : "", i - 1);
		n += (size_t)sprintf(s + n, "]\n");
	}
	struct yload out;
	int rc = load(a, s, &out);
	if (rc == 0) {
		assert_int_equal(out.problems.n, 0);
		const struct ynode *top = val(out.docs[0], "l40");
		assert_int_equal(top->map.n, 41);     /* k40 and k0..k39, no copies */
		const struct yentry *k0 = y_get(top, "k0");
		assert_non_null(k0);
		uint32_t links = 0;
		for (const struct yvia *v = k0->via; v; v = v->next)
			links++;
		assert_int_equal(links, 40);
	} else {
		assert_int_equal(out.problems.v[out.problems.n - 1].kind, YPROB_LIMIT);
	}
	assert_true(arena_used(a) < 16u * 1024 * 1024);
	free(s);
	arena_free(a);
}

static void test_depth_limit(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	size_t n = 100000;
	char *s = xmalloc(n + 1);
	memset(s, '[', n);
	s[n] = '\0';
	struct yload out;
	assert_int_equal(load(a, s, &out), -1);
	const struct cl_diag *p = only_problem(&out, YPROB_LIMIT);
	assert_non_null(strstr(p->msg, "nesting"));
	assert_pos(p->at.start, 1, 65, 64);    /* the 65th '[' */
	assert_int_equal(out.ndocs, 0);
	free(s);
	arena_free(a);
}

static void test_anchor_limit(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct ylimits lim = YLIMITS_DEFAULT;
	lim.max_anchors = 3;
	struct yload out;
	const char *ok = "a: &a 1\nb: &b 2\nc: &c 3\nd: &a 4\n";   /* redefinition is free */
	assert_int_equal(load_lim(a, ok, strlen(ok), &lim, &out), 0);
	assert_int_equal(out.problems.n, 0);
	const char *bad = "a: &a 1\nb: &b 2\nc: &c 3\nd: &d [4]\n";
	assert_int_equal(load_lim(a, bad, strlen(bad), &lim, &out), -1);
	const struct cl_diag *p = only_problem(&out, YPROB_LIMIT);
	assert_lc(p->at.start, 4, 7);
	assert_non_null(strstr(p->msg, "anchors"));
	assert_int_equal(out.ndocs, 0);
	arena_free(a);
}

static void test_expansion_and_node_limits(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct ylimits lim = YLIMITS_DEFAULT;
	lim.max_expansion = 4;
	struct yload out;
	const char *s = "b: &b {x: 1, y: 2, z: 3}\nc:\n  <<: *b\nd:\n  <<: [*b]\n";
	assert_int_equal(load_lim(a, s, strlen(s), &lim, &out), -1);
	const struct cl_diag *p = only_problem(&out, YPROB_LIMIT);
	assert_lc(p->at.start, 5, 8);                /* the source that went over */
	assert_non_null(strstr(p->msg, "merge"));
	assert_int_equal(out.ndocs, 0);

	lim.max_expansion = 6;                       /* exactly enough */
	assert_int_equal(load_lim(a, s, strlen(s), &lim, &out), 0);
	assert_int_equal(out.problems.n, 0);

	struct ylimits lim2 = YLIMITS_DEFAULT;
	lim2.max_nodes = 5;
	const char *t = "a: 1\nb: 2\nc: 3\n";       /* 7 nodes */
	assert_int_equal(load_lim(a, t, strlen(t), &lim2, &out), -1);
	p = only_problem(&out, YPROB_LIMIT);
	assert_non_null(strstr(p->msg, "nodes"));
	assert_int_equal(out.ndocs, 0);
	arena_free(a);
}

#define ENC(s, l, c, o, w) { s, sizeof s - 1, l, c, o, w }

static void test_encoding_errors(void **state)
{
	(void)state;
	static const struct {
		const char *text;
		size_t len;
		uint32_t line, col, off;
		const char *why;
	} cases[] = {
		ENC("a: 1\nb: x\0y\n", 2, 5, 9, "NUL"),
		ENC("a: 1\nbb: \xc3\xa9\xff\n", 2, 6, 11, "invalid UTF-8 byte"),
		ENC("a: \xc0\xaf\n", 1, 4, 3, "overlong"),
		ENC("a: \xe0\x80\xaf\n", 1, 4, 3, "overlong"),
		ENC("a: 1\n  \xed\xa0\x80\n", 2, 3, 7, "invalid code point"),
		ENC("a: \xf4\x90\x80\x80\n", 1, 4, 3, "invalid code point"),
		ENC("a: \xe2\x82\n", 1, 4, 3, "invalid UTF-8 sequence"),
		ENC("a: \xe2\x82", 1, 4, 3, "truncated"),
		ENC("\xff\xfe" "a\0:\0", 1, 1, 0, "UTF-16"),
		ENC("\xfe\xff\0a\0:", 1, 1, 0, "UTF-16"),
		ENC("\xff\xfe\0\0" "a\0\0\0", 1, 1, 0, "UTF-32"),
		ENC("\xef\xbb\xbf" "a: \x80\n", 1, 4, 6, "invalid UTF-8 byte"),
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct arena *a = arena_new();
		static const struct ylimits lim = YLIMITS_DEFAULT;
		struct yload out;
		assert_int_equal(load_lim(a, cases[i].text, cases[i].len, &lim, &out), -1);
		if (out.problems.n != 1 || out.problems.v[0].at.start.off != cases[i].off)
			print_error("encoding case %zu\n", i);
		const struct cl_diag *p = only_problem(&out, YPROB_ENCODING);
		assert_pos(p->at.start, cases[i].line, cases[i].col, cases[i].off);
		assert_non_null(strstr(p->msg, cases[i].why));
		assert_int_equal(out.ndocs, 0);
		assert_int_equal(out.nodes, 0);
		arena_free(a);
	}
}

static void test_precheck_and_pos_at(void **state)
{
	(void)state;
	const char *why = NULL;
	const char ok[] = "\xef\xbb\xbf" "k: \xe2\x82\xac\xf0\x9f\x98\x80\n";
	assert_true(yaml_precheck((const unsigned char *)ok, sizeof ok - 1, &why) == (size_t)-1);
	assert_true(yaml_precheck((const unsigned char *)"", 0, &why) == (size_t)-1);

	const char t[] = "ab\n\xc3\xa9x\r\ny\rz";
	struct cl_pos p = yaml_pos_at(t, sizeof t - 1, 0);
	assert_pos(p, 1, 1, 0);
	p = yaml_pos_at(t, sizeof t - 1, 5);       /* 'x' after a 2-byte code point */
	assert_pos(p, 2, 2, 5);
	p = yaml_pos_at(t, sizeof t - 1, 8);       /* 'y' after CRLF */
	assert_pos(p, 3, 1, 8);
	p = yaml_pos_at(t, sizeof t - 1, 10);      /* 'z' after a lone CR */
	assert_pos(p, 4, 1, 10);
	p = yaml_pos_at(t, sizeof t - 1, 1000);    /* clamped */
	assert_pos(p, 4, 2, 11);
}

/* ---- typing helpers ----------------------------------------------------- */

static void test_typing_helpers(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	const struct ynode *r = load_clean(a, "t1: yes\nt2: On\nt3: TRUE\nt4: \"true\"\nt5: y\n"
					      "f1: no\nf2: off\nf3: False\nf4: 'no'\n"
					      "nb: maybe\nnb2: 1\n"
					      "n1: ~\nn2: null\nn3: NULL\nn4:\nn5: \"null\"\nn6: nUll\n"
					      "i1: 42\ni2: -7\ni3: \"8080\"\ni4: +3\n"
					      "x1: 0x10\nx2: 1.5\nx3: 99999999999999999999\nx4: ''\nx5: 12abc\n"
					      "d1: 1.5e3\nd2: .5\nd3: inf\nl: [1]\n");
	int b = -1;
	static const char *const trues[] = { "t1", "t2", "t3", "t4", "t5" };
	for (size_t i = 0; i < 5; i++) {
		b = -1;
		assert_true(y_bool(val(r, trues[i]), &b));
		assert_int_equal(b, 1);
	}
	static const char *const falses[] = { "f1", "f2", "f3", "f4" };
	for (size_t i = 0; i < 4; i++) {
		b = -1;
		assert_true(y_bool(val(r, falses[i]), &b));
		assert_int_equal(b, 0);
	}
	b = -1;
	assert_false(y_bool(val(r, "nb"), &b));
	assert_false(y_bool(val(r, "nb2"), &b));
	assert_false(y_bool(val(r, "n4"), &b));
	assert_false(y_bool(val(r, "l"), &b));
	assert_false(y_bool(NULL, &b));
	assert_int_equal(b, -1);

	assert_true(y_is_null(val(r, "n1")));
	assert_true(y_is_null(val(r, "n2")));
	assert_true(y_is_null(val(r, "n3")));
	assert_true(y_is_null(val(r, "n4")));
	assert_true(y_is_null(NULL));
	assert_false(y_is_null(val(r, "n5")));  /* quoted: a string */
	assert_false(y_is_null(val(r, "n6")));
	assert_false(y_is_null(val(r, "x4")));  /* '' is an empty string */
	assert_false(y_is_null(val(r, "l")));

	long long v = 0;
	assert_true(y_int(val(r, "i1"), &v));
	assert_int_equal(v, 42);
	assert_true(y_int(val(r, "i2"), &v));
	assert_int_equal(v, -7);
	assert_true(y_int(val(r, "i3"), &v));
	assert_int_equal(v, 8080);
	assert_true(y_int(val(r, "i4"), &v));
	assert_int_equal(v, 3);
	v = 123;
	assert_false(y_int(val(r, "x1"), &v));
	assert_false(y_int(val(r, "x2"), &v));
	assert_false(y_int(val(r, "x3"), &v));  /* overflow */
	assert_false(y_int(val(r, "x4"), &v));
	assert_false(y_int(val(r, "x5"), &v));
	assert_false(y_int(val(r, "n4"), &v));
	assert_false(y_int(val(r, "l"), &v));
	assert_int_equal(v, 123);

	double d = 0;
	assert_true(y_number(val(r, "d1"), &d));
	assert_true(d == 1500.0);
	assert_true(y_number(val(r, "d2"), &d));
	assert_true(d == 0.5);
	assert_true(y_number(val(r, "i1"), &d));
	assert_true(d == 42.0);
	assert_false(y_number(val(r, "d3"), &d));
	assert_false(y_number(val(r, "nb"), &d));

	assert_true(y_streq(val(r, "nb"), "maybe"));
	assert_false(y_streq(val(r, "nb"), "may"));
	assert_false(y_streq(val(r, "l"), "1"));
	assert_string_equal(y_kind_name(val(r, "l")), "a list");
	assert_string_equal(y_kind_name(r), "a mapping");
	assert_string_equal(y_kind_name(val(r, "n4")), "null");
	assert_string_equal(y_kind_name(val(r, "nb")), "a string");
	assert_null(y_get(r, "missing"));
	assert_null(y_get(val(r, "l"), "1"));
	arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scalar_spans),
		cmocka_unit_test(test_block_scalar_spans),
		cmocka_unit_test(test_block_scalar_after_comment),
		cmocka_unit_test(test_empty_values),
		cmocka_unit_test(test_flow_collections),
		cmocka_unit_test(test_block_collections),
		cmocka_unit_test(test_alias_span_and_entry),
		cmocka_unit_test(test_utf8_columns_and_bom),
		cmocka_unit_test(test_merge_alias),
		cmocka_unit_test(test_merge_list_earlier_wins),
		cmocka_unit_test(test_merge_explicit_wins),
		cmocka_unit_test(test_merge_nested_chain),
		cmocka_unit_test(test_merge_of_alias_value),
		cmocka_unit_test(test_merge_problems),
		cmocka_unit_test(test_duplicate_keys),
		cmocka_unit_test(test_undefined_alias),
		cmocka_unit_test(test_syntax_errors),
		cmocka_unit_test(test_multiple_documents),
		cmocka_unit_test(test_tags_and_anchor_redefinition),
		cmocka_unit_test(test_alias_bomb),
		cmocka_unit_test(test_merge_bomb),
		cmocka_unit_test(test_depth_limit),
		cmocka_unit_test(test_anchor_limit),
		cmocka_unit_test(test_expansion_and_node_limits),
		cmocka_unit_test(test_encoding_errors),
		cmocka_unit_test(test_precheck_and_pos_at),
		cmocka_unit_test(test_typing_helpers),
	};
	return cmocka_run_group_tests_name("yaml_load", tests, NULL, NULL);
}
