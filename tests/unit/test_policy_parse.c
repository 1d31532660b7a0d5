/*
 * test_policy_parse.c - policy text -> checked syntax tree, and every
 * mistake the parser and the checker report, with its message and position.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/arena.h"
#include "base/source.h"
#include "policy/ast.h"
#include "policy/functions.h"
#include "policy/policy.h"

#include "helpers.h"

/* ---- helpers ------------------------------------------------------------ */

struct fx {
	struct arena *a;
	struct cl_sources files;
	struct cl_rule_state rules;
	struct pol_set ps;
};

static void fx_init(struct fx *f)
{
	memset(f, 0, sizeof *f);
	f->a = arena_new();
	cl_rule_state_init(&f->rules);
	pol_set_init(&f->ps, f->a, &f->files, &f->rules, "2027-01-01");
}

/* Whether a policy turned rule r on (1), off (0), or left it alone (-1). */
static int policy_on(const struct fx *f, enum cl_rule_index r)
{
	const struct cl_rule_setting *s = cl_rule_setting(&f->rules, &cl_rules[r]);
	assert_non_null(s);
	return s->on_from == CL_FROM_POLICY ? s->on : -1;
}

static void fx_free(struct fx *f)
{
	pol_set_release(&f->ps);
	cl_rule_state_release(&f->rules);
	cl_sources_release(&f->files);
	arena_free(f->a);
}

static int load_as(struct fx *f, const char *name, const char *text)
{
	return pol_set_load_text(&f->ps, name, text, strlen(text));
}

static int load(struct fx *f, const char *text)
{
	return load_as(f, "t.pol", text);
}

static void expect_nerrors(const struct pol_set *ps, uint32_t n)
{
	if (ps->errors.n != n) {
		t_print_policy_errors(ps);
		fail_msg("%u policy errors, expected %u", ps->errors.n, n);
	}
}

/* Error i is at line:col and its message contains `msg`. */
static void expect_error(const struct pol_set *ps, uint32_t i, uint32_t line, uint32_t col,
			 const char *msg)
{
	if (i >= ps->errors.n) {
		t_print_policy_errors(ps);
		fail_msg("no error %u (\"%s\")", i, msg);
	}
	const struct cl_diag *e = &ps->errors.v[i];
	if (!strstr(e->msg, msg) || e->at.start.line != line || e->at.start.col != col) {
		t_print_policy_errors(ps);
		fail_msg("error %u is %u:%u \"%s\", expected %u:%u \"%s\"", i, e->at.start.line,
			 e->at.start.col, e->msg, line, col, msg);
	}
}

/* The first error of a policy whose one mistake may cause a second error. */
static void first_error(const char *text, uint32_t line, uint32_t col, const char *msg)
{
	struct fx f;
	fx_init(&f);
	assert_int_equal(load(&f, text), -1);
	expect_error(&f.ps, 0, line, col, msg);
	fx_free(&f);
}

/* The one error of a policy that has exactly one mistake. */
static void one_error(const char *text, uint32_t line, uint32_t col, const char *msg)
{
	struct fx f;
	fx_init(&f);
	assert_int_equal(load(&f, text), -1);
	expect_nerrors(&f.ps, 1);
	expect_error(&f.ps, 0, line, col, msg);
	fx_free(&f);
}

#define RULE_HEAD "policy \"p\" {\n  rule \"r\" {\n    for service\n"
#define RULE_TAIL "  }\n}\n"
/* A requirement alone in a rule: it is on line 4, and starts at column 5. */
#define REQ(x) RULE_HEAD "    " x "\n" RULE_TAIL

/* ---- a valid policy and its tree --------------------------------------------- */

static const char shapes[] =
	"policy \"shapes\" {\n"                                                       /* 1 */
	"  include builtin \"security\"\n"                                             /* 2 */
	"  set ports_ok = [80, 443]\n"                                                /* 3 */
	"  set root = /^root$/\n"                                                     /* 4 */
	"  rule \"a/b.c-1_x\" warning {\n"                                             /* 5 */
	"    name \"a-name\"; message \"bad {value} at {path}\"\n"                      /* 6 */
	"    help \"fix it\"\n"                                                        /* 7 */
	"    url \"https://example.org/a\"\n"                                          /* 8 */
	"    tags [\"x\", \"y\"]\n"                                                     /* 9 */
	"    for service where image exists\n"                                        /* 10 */
	"    each labels[/^r\\.(?<router>[^.]+)$/] where value != \"\"\n"               /* 11 */
	"    require labels[\"r.{router}.m\"] =~ /ok/i when router != \"x\" else \"router {router}\"\n" /* 12 */
	"    forbid user =~ root\n"                                                   /* 13 */
	"    allow service \"db*\", \"cache\" because \"legacy\" until 2027-06-30\n"    /* 14 */
	"    allow project because \"all of it\"\n"                                    /* 15 */
	"  }\n"                                                                       /* 16 */
	"  configure \"CL201\" { severity error; allow service \"x\" because \"y\" }\n" /* 17 */
	"  disable \"image-latest-tag\"\n"                                             /* 18 */
	"  rule \"expr\" {\n"                                                          /* 19 */
	"    for network where name == \"internal\"\n"                                 /* 20 */
	"    require a == 1 or b != \"2\" and not c exists\n"                          /* 21 */
	"    require any ports[*].published in ports_ok\n"                            /* 22 */
	"    require all x.*.y !~ /z/\n"                                              /* 23 */
	"    require count(cap_add) <= 2 and lower(image) contains \"x\"\n"            /* 24 */
	"    require keys(labels) not contains \"a\" or cap_add subset of [\"A\"] or c not in [\"B\", /c/]\n" /* 25 */
	"    require exists user and healthcheck absent and absent x\n"               /* 26 */
	"    require $.secrets[name].file exists and healthcheck.test[0] == \"NONE\"\n" /* 27 */
	"    require mem_limit < 512m and interval >= 30s and privileged and raw(user) == null\n" /* 28 */
	"  }\n"                                                                       /* 29 */
	"}\n";

static void test_valid_policy_tree(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f);
	int rc = load(&f, shapes);
	expect_nerrors(&f.ps, 0);
	assert_int_equal(rc, 0);
	assert_int_equal(f.ps.n, 1);
	const struct ppolicy *pol = f.ps.v[0];
	assert_string_equal(pol->name, "shapes");
	assert_int_equal(pol->at.start.line, 1);
	assert_int_equal(pol->nincludes, 1);
	assert_true(pol->includes[0].builtin);
	assert_string_equal(pol->includes[0].path, "security");

	assert_int_equal(pol->nsets, 2);
	assert_string_equal(pol->sets[0].name, "ports_ok");
	assert_int_equal(pol->sets[0].value->kind, PO_LIST);
	assert_int_equal(pol->sets[0].value->n, 2);
	assert_int_equal(pol->sets[0].value->items[1]->kind, PO_NUM);
	assert_true(pol->sets[0].value->items[1]->num == 443);
	assert_int_equal(pol->sets[1].value->kind, PO_REGEX);
	assert_true(pol->sets[0].used);
	assert_true(pol->sets[1].used);

	assert_int_equal(pol->nrules, 2);
	const struct prule *r = &pol->rules[0];
	assert_string_equal(r->id, "a/b.c-1_x");
	assert_int_equal(r->severity, CL_WARNING);
	assert_string_equal(r->name, "a-name");
	assert_string_equal(r->message, "bad {value} at {path}");
	assert_int_equal(r->message_at.start.line, 6);
	assert_int_equal(r->message_at.start.col, 28);
	assert_string_equal(r->help, "fix it");
	assert_string_equal(r->url, "https://example.org/a");
	assert_int_equal(r->ntags, 2);
	assert_string_equal(r->tags[1], "y");
	assert_true(r->has_scope);
	assert_int_equal(r->scope, PS_SERVICE);
	assert_non_null(r->where);
	assert_int_equal(r->where->kind, PX_EXISTS);
	assert_true(r->has_each);
	assert_int_equal(r->each.root, PR_SCOPE);
	assert_int_equal(r->each.n, 2);
	assert_int_equal(r->each.segs[0].kind, SEG_KEY);
	assert_string_equal(r->each.segs[0].key, "labels");
	assert_int_equal(r->each.segs[1].kind, SEG_REGEX);
	assert_non_null(r->each.segs[1].re);
	assert_true(r->each.multi);
	assert_non_null(r->each_where);
	assert_int_equal(r->each_where->kind, PX_CMP);
	assert_int_equal(r->each_where->op, OP_NE);
	assert_int_equal(r->each_where->a->kind, PO_PATH);
	assert_int_equal(r->each_where->a->path.root, PR_VALUE);

	assert_int_equal(r->nreqs, 2);
	const struct prequire *q = &r->reqs[0];
	assert_false(q->forbid);
	assert_int_equal(q->at.start.line, 12);
	assert_int_equal(q->at.start.col, 5);
	assert_int_equal(q->cond->kind, PX_CMP);
	assert_int_equal(q->cond->op, OP_MATCH);
	assert_int_equal(q->cond->a->path.segs[1].kind, SEG_KEY);
	assert_string_equal(q->cond->a->path.segs[1].key, "r.{router}.m");
	assert_int_equal(q->cond->b->kind, PO_REGEX);
	assert_non_null(q->when);
	assert_int_equal(q->when->a->kind, PO_BINDING);  /* a named group of the each regex */
	assert_string_equal(q->message, "router {router}");
	assert_int_equal(q->message_at.start.col, 69);
	q = &r->reqs[1];
	assert_true(q->forbid);
	assert_int_equal(q->cond->b->kind, PO_SET);       /* `root` names the set */
	assert_string_equal(q->cond->b->set->name, "root");

	assert_int_equal(r->nallows, 2);
	assert_int_equal(r->allows[0].scope, PS_SERVICE);
	assert_int_equal(r->allows[0].nnames, 2);
	assert_string_equal(r->allows[0].names[0], "db*");
	assert_string_equal(r->allows[0].names[1], "cache");
	assert_string_equal(r->allows[0].reason, "legacy");
	assert_string_equal(r->allows[0].until, "2027-06-30");
	assert_false(r->allows[0].expired);     /* today is 2027-01-01 */
	assert_int_equal(r->allows[0].at.start.line, 14);
	assert_int_equal(r->allows[0].at.start.col, 5);
	assert_int_equal(r->allows[1].scope, PS_PROJECT);
	assert_int_equal(r->allows[1].nnames, 0);
	assert_null(r->allows[1].until);

	assert_int_equal(pol->nconfigs, 2);
	assert_string_equal(pol->configs[0].rule, "CL201");
	assert_ptr_equal(pol->configs[0].builtin, &cl_rules[R_CL201]);
	assert_true(pol->configs[0].has_severity);
	assert_int_equal(pol->configs[0].severity, CL_ERROR);
	assert_int_equal(pol->configs[0].nallows, 1);
	assert_false(pol->configs[0].disable);
	assert_true(pol->configs[1].disable);
	assert_ptr_equal(pol->configs[1].builtin, &cl_rules[R_CL202]);  /* found by name */

	/* the set's view of the built-in rules */
	assert_int_equal(cl_rule_severity(&f.rules, &cl_rules[R_CL201]), CL_ERROR);
	assert_int_equal(cl_rule_setting(&f.rules, &cl_rules[R_CL201])->severity_from, CL_FROM_POLICY);
	assert_true(f.ps.any_builtin);
	assert_int_equal(policy_on(&f, R_CL301), 1);   /* "security" has privileges */
	assert_int_equal(policy_on(&f, R_CL501), 1);   /* ... and network */
	assert_int_equal(policy_on(&f, R_CL001), -1);  /* input rules are not in sets */
	fx_free(&f);
}

static void expect_call(const struct poperand *o, const char *fn)
{
	assert_int_equal(o->kind, PO_CALL);
	assert_string_equal(o->fn->name, fn);
	assert_int_equal(o->nargs, o->fn->arity);
}

static void test_expression_shapes(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f);
	assert_int_equal(load(&f, shapes), 0);
	const struct prule *r = &f.ps.v[0]->rules[1];
	assert_int_equal(r->scope, PS_NETWORK);
	assert_int_equal(r->where->a->path.root, PR_NAME);
	assert_int_equal(r->nreqs, 8);

	/* or binds looser than and, not binds tighter */
	const struct pexpr *e = r->reqs[0].cond;
	assert_int_equal(e->kind, PX_OR);
	assert_int_equal(e->l->kind, PX_CMP);
	assert_int_equal(e->l->op, OP_EQ);
	assert_int_equal(e->r->kind, PX_AND);
	assert_int_equal(e->r->l->op, OP_NE);
	assert_int_equal(e->r->r->kind, PX_NOT);
	assert_int_equal(e->r->r->l->kind, PX_EXISTS);
	assert_int_equal(e->at.start.line, 21);
	assert_int_equal(e->at.start.col, 13);
	assert_int_equal(e->r->r->l->at.start.col, 40);

	e = r->reqs[1].cond;
	assert_int_equal(e->quant, PQ_ANY);
	assert_int_equal(e->op, OP_IN);
	assert_int_equal(e->a->path.n, 3);
	assert_int_equal(e->a->path.segs[1].kind, SEG_ANY);
	assert_true(e->a->path.multi);
	assert_int_equal(e->b->kind, PO_SET);

	e = r->reqs[2].cond;
	assert_int_equal(e->quant, PQ_ALL);
	assert_int_equal(e->op, OP_NOMATCH);
	assert_int_equal(e->a->path.segs[1].kind, SEG_ANY);  /* .* */

	e = r->reqs[3].cond;
	assert_int_equal(e->kind, PX_AND);
	expect_call(e->l->a, "count");
	assert_int_equal(e->l->op, OP_LE);
	expect_call(e->r->a, "lower");
	assert_int_equal(e->r->op, OP_CONTAINS);

	e = r->reqs[4].cond;
	assert_int_equal(e->kind, PX_OR);
	assert_int_equal(e->l->kind, PX_OR);
	expect_call(e->l->l->a, "keys");
	assert_int_equal(e->l->l->op, OP_NOT_CONTAINS);
	assert_int_equal(e->l->r->op, OP_SUBSET);
	assert_int_equal(e->r->op, OP_NOT_IN);
	assert_int_equal(e->r->b->n, 2);
	assert_int_equal(e->r->b->items[1]->kind, PO_REGEX);

	e = r->reqs[5].cond;   /* exists user and healthcheck absent and absent x */
	assert_int_equal(e->l->l->kind, PX_EXISTS);
	assert_int_equal(e->l->r->kind, PX_ABSENT);
	assert_int_equal(e->r->kind, PX_ABSENT);
	assert_int_equal(e->l->l->at.start.col, 13);

	e = r->reqs[6].cond;
	assert_int_equal(e->l->kind, PX_EXISTS);
	assert_int_equal(e->l->a->path.root, PR_PROJECT);
	assert_int_equal(e->l->a->path.n, 3);
	assert_int_equal(e->l->a->path.segs[1].kind, SEG_VAR);
	assert_string_equal(e->l->a->path.segs[1].key, "name");
	assert_int_equal(e->r->a->path.segs[2].kind, SEG_INDEX);
	assert_int_equal(e->r->a->path.segs[2].index, 0);

	e = r->reqs[7].cond;   /* four terms: a balanced (a and b) and (c and d) */
	const struct pexpr *lt = e->l->l;
	assert_int_equal(lt->op, OP_LT);
	assert_int_equal(lt->b->kind, PO_SIZE);
	assert_true(lt->b->num == 512.0 * 1048576);
	assert_int_equal(e->l->r->b->kind, PO_DURATION);
	assert_true(e->l->r->b->num == 30);
	assert_int_equal(e->r->l->kind, PX_TRUTH);
	expect_call(e->r->r->a, "raw");
	assert_int_equal(e->r->r->b->kind, PO_NULL);
	fx_free(&f);
}

static void test_globs_and_keys_in_brackets(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f);
	assert_int_equal(load(&f, REQ("require labels[\"traefik.*\"] exists and labels[\"a.b\"] == \"c\"")), 0);
	const struct pexpr *e = f.ps.v[0]->rules[0].reqs[0].cond;
	assert_int_equal(e->l->a->path.segs[1].kind, SEG_GLOB);
	assert_true(e->l->a->path.multi);
	assert_int_equal(e->r->a->path.segs[1].kind, SEG_KEY);
	assert_string_equal(e->r->a->path.segs[1].key, "a.b");
	assert_false(e->r->a->path.multi);
	fx_free(&f);
}

static void test_fields_named_like_keywords(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f);
	/* keywords only mean something where the grammar expects them */
	assert_int_equal(load(&f, REQ("require any == \"x\" and labels.message exists and all == 1")), 0);
	const struct pexpr *e = f.ps.v[0]->rules[0].reqs[0].cond;
	assert_int_equal(e->l->l->kind, PX_CMP);
	assert_string_equal(e->l->l->a->path.segs[0].key, "any");
	assert_int_equal(e->l->l->quant, PQ_DEFAULT);
	assert_string_equal(e->l->r->a->path.segs[1].key, "message");
	assert_int_equal(e->r->kind, PX_CMP);
	assert_string_equal(e->r->a->path.segs[0].key, "all");
	fx_free(&f);
}

/* ---- the policy header and statements ------------------------------------------ */

static void test_missing_policy_header(void **state)
{
	(void)state;
	one_error("rule \"r\" {\n  for service\n  require image exists\n}\n", 1, 1,
		  "a policy file starts with: policy \"name\" {");
	one_error("", 1, 1, "a policy file starts with: policy \"name\" {");
	one_error("# only a comment\n\n", 3, 1, "a policy file starts with: policy \"name\" {");
	one_error("policy mailu {\n}\n", 1, 8,
		  "expected the policy name (a quoted string), found 'mailu'");
	one_error("policy \"p\"\n  rule \"r\" {}\n", 2, 3,
		  "expected '{' to open the policy, found 'rule'");
}

static void test_unknown_statement(void **state)
{
	(void)state;
	one_error("policy \"p\" {\n"
		  "  frobnicate \"x\" { a b }\n"
		  "  rule \"r\" { for service require image exists }\n"
		  "}\n",
		  2, 3, "expected include, set, rule, configure or disable, found 'frobnicate'");
	one_error(RULE_HEAD "    requires image exists\n" RULE_TAIL, 4, 5,
		  "expected a rule statement (for, each, require, forbid, allow, message, severity, "
		  "name, help, url, tags), found 'requires'");
	one_error("policy \"p\" {\n  \"rule\"\n}\n", 2, 3,
		  "expected include, set, rule, configure or disable, found string \"rule\"");
	one_error("policy \"p\" {\n}\n}\n", 3, 1, "unexpected '}' after the policy's closing '}'");
	one_error("policy \"p\" {\n  rule \"r\" { for service require image exists }\n", 3, 1,
		  "expected '}' to close the policy, found end of file");
	one_error("policy \"p\" {\n  configure \"CL201\" { severty error }\n}\n", 2, 23,
		  "expected 'severity' or 'allow' in configure, found 'severty'");
}

static void test_bad_scope_and_severity(void **state)
{
	(void)state;
	one_error("policy \"p\" {\n  rule \"r\" {\n    for container\n    require image exists\n  }\n}\n",
		  3, 9, "expected a scope (service, network, volume, secret, config, project), found "
		  "'container'");
	one_error("policy \"p\" {\n  rule \"r\" {\n    severity fatal\n" "    for service\n"
		  "    require image exists\n  }\n}\n",
		  3, 14, "expected a severity (error, warning, note), found 'fatal'");
	one_error("policy \"p\" {\n  rule r { for service require image exists }\n}\n", 2, 8,
		  "expected the rule id (a quoted string), found 'r'");
	one_error("policy \"p\" {\n  rule \"r\" {\n    for service\n    for network\n"
		  "    require image exists\n  }\n}\n",
		  4, 5, "rule has more than one 'for'");
}

/* ---- exceptions ------------------------------------------------------------------- */

static void test_allow_without_reason(void **state)
{
	(void)state;
	/* reported where the reason should have been */
	one_error(REQ("require image exists\n    allow service \"db\""), 6, 3,
		  "an exception needs a reason: allow ... because \"why\"");
	one_error(REQ("require image exists\n    allow service \"db\" \"legacy\""), 5, 24,
		  "an exception needs a reason: allow ... because \"why\"");
	one_error(REQ("require image exists\n    allow service db because \"x\""), 5, 19,
		  "expected the name of what is allowed (a quoted string), found 'db'");
	one_error(REQ("require image exists\n    allow service \"db\" because legacy"), 5, 32,
		  "expected the reason (a quoted string), found 'legacy'");
}

static void test_allow_empty_reason(void **state)
{
	(void)state;
	one_error(REQ("require image exists\n    allow service \"db\" because \"\""), 5, 32,
		  "the reason of an exception must not be empty");
	one_error("policy \"p\" {\n  configure \"CL201\" {\n    allow service \"x\" because \"\"\n  }\n}\n",
		  3, 31, "the reason of an exception must not be empty");
}

static void test_allow_bad_date(void **state)
{
	(void)state;
	one_error(REQ("require image exists\n"
		      "    allow service \"db\" because \"x\" until \"2027-06-30\""),
		  5, 42, "expected a date (YYYY-MM-DD) after 'until', found string \"2027-06-30\"");
	one_error(REQ("require image exists\n"
		      "    allow service \"db\" because \"x\" until tomorrow"),
		  5, 42, "expected a date (YYYY-MM-DD) after 'until', found 'tomorrow'");
	one_error(REQ("require image exists\n"
		      "    allow service \"db\" because \"x\" until 20270630"),
		  5, 42, "expected a date (YYYY-MM-DD) after 'until', found number");

	/* not a date at all: the lexer says so, then the parser misses its date */
	struct fx f;
	fx_init(&f);
	assert_int_equal(load(&f, REQ("require image exists\n"
				      "    allow service \"db\" because \"x\" until 2027-6-30")), -1);
	expect_nerrors(&f.ps, 2);
	expect_error(&f.ps, 0, 5, 42, "'2027-6-30' is not a number, size (512m), duration (30s) or "
		     "date (2027-06-30)");
	expect_error(&f.ps, 1, 6, 3, "expected a date (YYYY-MM-DD) after 'until', found '}'");
	fx_free(&f);
}

static void test_allow_scope_mismatch(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f);
	assert_int_equal(load(&f, REQ("require image exists\n"
				      "    allow network \"front\" because \"x\"")), -1);
	expect_nerrors(&f.ps, 1);
	expect_error(&f.ps, 0, 5, 5,
		     "this rule checks each service; an exception for a network never applies");
	fx_free(&f);

	one_error("policy \"p\" {\n  configure \"CL201\" { allow volume \"v\" because \"x\" }\n}\n",
		  2, 23, "this rule checks each service; an exception for a volume never applies");
	one_error("policy \"p\" {\n  configure \"CL001\" { allow service \"v\" because \"x\" }\n}\n",
		  2, 3, "CL001 reports problems with the input itself");
	one_error("policy \"p\" {\n  configure \"CL999\" { severity note }\n}\n",
		  2, 3, "'CL999' is not a built-in rule (composelint --list-rules)");
	one_error("policy \"p\" {\n  disable \"no-such-rule\"\n}\n",
		  2, 3, "'no-such-rule' is not a built-in rule (composelint --list-rules)");
}

/* ---- regular expressions -------------------------------------------------------------- */

static void test_bad_regex_points_into_the_pattern(void **state)
{
	(void)state;
	/* "require image =~ " is 17 columns: the '/' is at 22 */
	one_error(REQ("require image =~ /x**/"), 4, 25,
		  "invalid regular expression: quantifier does not follow a repeatable item");
	one_error(REQ("require image =~ /ab(c/"), 4, 27,
		  "invalid regular expression: missing closing parenthesis");
	one_error(REQ("require image =~ /[z-a]/i"), 4, 26,
		  "invalid regular expression: range out of order in character class");
	one_error(REQ("require image in [\"a\", /(?<n>x/]"), 4, 35,
		  "invalid regular expression: ");
	one_error("policy \"p\" {\n  rule \"r\" {\n    for service\n    each labels[/(/]\n"
		  "    require value exists\n  }\n}\n",
		  4, 19, "invalid regular expression: missing closing parenthesis");
	one_error("policy \"p\" {\n  set s = /a)/\n}\n", 2, 13,
		  "invalid regular expression: ");
}

static void test_regex_with_escaped_slash_is_valid(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f);
	assert_int_equal(load(&f, REQ("require image =~ /^(ghcr\\.io\\/)?mailu\\//")), 0);
	fx_free(&f);
}

/* ---- placeholders ------------------------------------------------------------------- */

static void test_unknown_placeholder(void **state)
{
	(void)state;
	one_error("policy \"p\" {\n  rule \"r\" {\n    message \"image {img} is bad\"\n"
		  "    for service\n    require image exists\n  }\n}\n",
		  3, 13, "unknown placeholder '{img}'; messages can use {name} (or the rule's scope: "
		  "{service}, {network}...), {value}, {key}, {item}, {path}, {rule}, {project} and "
		  "named groups of the rule's 'each' regex");
	/* a rule with named groups says which ones it has */
	one_error("policy \"p\" {\n  rule \"r\" {\n    for service\n"
		  "    each labels[/^(?<router>.+)\\.rule$/]\n"
		  "    require value exists else \"router {route}\"\n  }\n}\n",
		  5, 31, "unknown placeholder '{route}'; it is not a named group of the rule's 'each'");
	/* in a key, only bindings and {name} {key} {service} {value} */
	one_error(REQ("require labels[\"x.{rule}\"] exists"), 4, 19, "unknown placeholder '{rule}'");
	one_error(REQ("require image == \"{nope}\""), 4, 22, "unknown placeholder '{nope}'");
	/* "${VAR}" reads as a placeholder too: it must be written "$\{VAR\}" */
	one_error(REQ("forbid raw(image) == \"${IMAGE}\""), 4, 26, "unknown placeholder '{IMAGE}'");

	/* what is fine: known names, escaped braces, "${...}" and "{}" */
	struct fx f;
	fx_init(&f);
	assert_int_equal(load(&f, "policy \"p\" {\n  rule \"r\" {\n"
			     "    message \"{name} {service} {value} {key} {rule} {path} \\{x\\} ${...} {} { a }\"\n"
			     "    for service\n    require labels[\"{name}.{service}\"] exists\n  }\n}\n"), 0);
	fx_free(&f);
}

/* ---- operand types --------------------------------------------------------------------- */

static void test_match_needs_a_regex(void **state)
{
	(void)state;
	one_error(REQ("require image =~ \"nginx\""), 4, 22,
		  "'=~' needs a regular expression (/.../) on its right");
	one_error(REQ("forbid image !~ [/a/]"), 4, 21,
		  "'!~' needs a regular expression (/.../) on its right");
	one_error("policy \"p\" {\n  set names = [\"a\"]\n  rule \"r\" {\n    for service\n"
		  "    require image =~ names\n  }\n}\n",
		  5, 22, "'=~' needs a regular expression (/.../) on its right");
	one_error(REQ("require image == /nginx/"), 4, 22, "use '=~' to match a regular expression");
	one_error(REQ("require /nginx/ == image"), 4, 13,
		  "the left side of a comparison is a path or a value, not a regular expression");
}

static void test_in_needs_a_list(void **state)
{
	(void)state;
	one_error(REQ("require image in \"nginx\""), 4, 22, "'in' needs a list or a set on its right");
	one_error(REQ("require image not in /x/"), 4, 26, "'not in' needs a list or a set on its right");
	one_error(REQ("require cap_add subset of \"ALL\""), 4, 31,
		  "'subset of' needs a list or a set on its right");
	one_error(REQ("require cap_drop contains [\"ALL\", \"X\"]"), 4, 31,
		  "'contains' takes one value or regex; for several use 'subset of' or 'and'");
	one_error(REQ("require pids_limit < \"100\""), 4, 26,
		  "'<' compares numbers, sizes (512m) or durations (30s)");
	one_error(REQ("require image in [\"a\", user]"), 4, 28,
		  "a list holds constants: strings, numbers, booleans or regular expressions");
	one_error(REQ("require [\"a\"] == image"), 4, 13,
		  "the left side of a comparison is a path or a value, not a list");
}

static void test_paths_and_functions(void **state)
{
	(void)state;
	one_error(REQ("require upper(image) == \"X\""), 4, 13,
		  "unknown function 'upper' (count, raw, keys, lower)");
	one_error(REQ("require count(\"x\") == 1"), 4, 19, "the argument of this function must be a path");
	one_error(REQ("require raw(/x/) == 1"), 4, 17, "the argument of this function must be a path");
	one_error(REQ("require count(cap_add == 1"), 4, 27,
		  "expected ')' to close the function call, found '=='");
	one_error(REQ("require exists \"x\""), 4, 20, "'exists' and 'absent' apply to a path");
	one_error(REQ("require any image"), 4, 13, "'any' and 'all' go with a comparison");
	one_error(REQ("require $ exists"), 4, 13,
		  "'$' must be followed by a path, e.g. $.networks[\"internal\"]");
	/* a bad path step is reported, then the parser resynchronizes on the
	 * token it could not use, which may add an error of its own */
	first_error(REQ("require ports[1.5] exists"), 4, 19, "a list index is a whole number, not 1.5");
	first_error(REQ("require ports[(] exists"), 4, 19,
		    "expected a key, '*', an index or a regex in [...], found '('");
	first_error(REQ("require ports.1 exists"), 4, 19,
		    "expected a field name or '*' after '.', found number");
	one_error(REQ("require labels[x] exists"), 4, 19,
		  "'x' in [...] is neither a binding nor a set; quote it for a key");
	one_error(REQ("require (image exists"), 5, 3,
		  "expected ')' to close the parenthesis, found '}'");
	one_error(REQ("require image =="), 5, 3, "expected a value or a path, found '}'");
	one_error("policy \"p\" {\n  set s = image\n}\n", 2, 11, "a set holds constants, not paths");
	one_error("policy \"p\" {\n  set s = [1]\n  set s = [2]\n}\n", 3, 7,
		  "set 's' is already defined at line 2");
	one_error("policy \"p\" {\n  set = [1]\n}\n", 2, 7, "expected a name after 'set', found '='");
	one_error("policy \"p\" {\n  rule \"r\" {\n    for service\n    each name\n"
		  "    require value exists\n  }\n}\n",
		  4, 10, "'each' takes a path into the service");
	one_error("policy \"p\" {\n  rule \"r\" {\n    for service\n    each \"labels\"\n"
		  "    require value exists\n  }\n}\n",
		  4, 10, "expected a path after 'each', found string \"labels\"");
}

static void test_function_calls(void **state)
{
	(void)state;
	one_error(REQ("require count(cap_add, cap_drop) == 1"), 4, 13, "count() takes 1 argument, not 2");
	one_error(REQ("require lower() == \"x\""), 4, 13, "lower() takes 1 argument, not 0");
	one_error(REQ("require exists count(cap_add)"), 4, 20, "'exists' and 'absent' apply to a path");
	one_error(REQ("require keys(labels) absent"), 4, 13, "'exists' and 'absent' apply to a path");
	one_error("policy \"p\" {\n  set mail_ports = [25]\n  rule \"r\" { for service require count(mail_ports) == 1 }\n}\n",
		  3, 40, "the argument of this function must be a path");
	one_error("policy \"p\" {\n  set s = count(cap_add)\n}\n", 2, 11,
		  "a set holds constants, not paths");
	one_error(REQ("require image in [\"a\", lower(user)]"), 4, 28,
		  "a list holds constants: strings, numbers, booleans or regular expressions");
	/* calls nest; lower() takes any operand */
	struct fx f;
	fx_init(&f);
	assert_int_equal(load(&f, REQ("require lower(raw(image)) == lower(\"X\") and lower(\"A\") == \"a\"")), 0);
	const struct pexpr *e = f.ps.v[0]->rules[0].reqs[0].cond;
	expect_call(e->l->a, "lower");
	expect_call(e->l->a->args[0], "raw");
	assert_int_equal(e->l->a->args[0]->args[0]->kind, PO_PATH);
	expect_call(e->l->b, "lower");
	assert_int_equal(e->l->b->args[0]->kind, PO_STR);
	assert_int_equal(e->l->b->at.start.col, 34);
	assert_int_equal(e->l->b->at.end.col, 44);
	fx_free(&f);
}

/* The errors of one policy text, one message a line, positions left out. */
static char *errors_of(const char *text)
{
	struct fx f;
	fx_init(&f);
	size_t len = 0;
	char *out = NULL;
	FILE *fp = open_memstream(&out, &len);
	if (load(&f, text))
		for (uint32_t i = 0; i < f.ps.errors.n; i++)
			fprintf(fp, "%s\n", f.ps.errors.v[i].msg);
	fclose(fp);
	fx_free(&f);
	return out;
}

/* `require l op r` with a call and with its twin path give the same errors;
 * 1 when there are none. */
static int same_errors(const char *l, const char *op, const char *r, const char *twin_l,
		       const char *twin_r)
{
	char call[256], path[256];
	snprintf(call, sizeof call, REQ("require %s %s %s"), l, op, r);
	snprintf(path, sizeof path, REQ("require %s %s %s"), twin_l, op, twin_r);
	char *ce = errors_of(call), *pe = errors_of(path);
	if (strcmp(ce, pe))
		fail_msg("%s--- gives\n%s--- but with a path\n%s---\n", call, ce, pe);
	int ok = !*ce;
	free(ce);
	free(pe);
	return ok;
}

/*
 * A function call is held to what a path is, on either side of every
 * operator: where the path is accepted the call is, and where the path is
 * refused the call is refused with the same message.  Every function of
 * the table has a twin here.
 */
static void test_calls_are_validated_like_paths(void **state)
{
	(void)state;
	static const struct { const char *call, *path; } twins[] = {
		{ "count(cap_add)", "cap_add" }, { "raw(image)", "image" },
		{ "keys(labels)", "labels[*]" }, { "lower(image)", "image" },
	};
	static const char *const ops[] = {
		"==", "!=", "=~", "!~", "<", "<=", ">", ">=", "in", "not in", "contains",
		"not contains", "subset of", "like", "not like",
	};
	static const char *const others[] = { "user", "\"x\"", "3", "512m", "/x/", "[\"x\"]", "null" };
	const size_t ntwins = sizeof twins / sizeof *twins;
	unsigned accepted[2] = { 0, 0 }, refused[2] = { 0, 0 };
	for (size_t t = 0; t < ntwins; t++)
		for (size_t o = 0; o < sizeof ops / sizeof *ops; o++)
			for (size_t k = 0; k < sizeof others / sizeof *others; k++)
				for (int right = 0; right < 2; right++) {
					int ok = same_errors(right ? others[k] : twins[t].call, ops[o],
							     right ? twins[t].call : others[k],
							     right ? others[k] : twins[t].path,
							     right ? twins[t].path : others[k]);
					(ok ? accepted : refused)[right]++;
				}
	for (int right = 0; right < 2; right++) {
		assert_true(accepted[right] > 0);
		assert_true(refused[right] > 0);
	}
	/* every function of the table has its twin above */
	struct arena *a = arena_new();
	char *names = arena_strdup(a, pfunc_names(a));
	size_t nnames = 0;
	for (char *save = NULL, *n = strtok_r(names, ", ", &save); n; n = strtok_r(NULL, ", ", &save)) {
		size_t t = 0;
		while (t < ntwins && (strncmp(twins[t].call, n, strlen(n)) || twins[t].call[strlen(n)] != '('))
			t++;
		if (t == ntwins)
			fail_msg("function %s() has no twin path in this test", n);
		assert_true(pfunc_find(n)->arity <= PFUNC_MAX_ARGS);
		nnames++;
	}
	assert_int_equal(nnames, ntwins);
	arena_free(a);
}

static void test_value_without_each(void **state)
{
	(void)state;
	one_error(REQ("require $.secrets[value].file exists"), 4, 22,
		  "'value' names the item of an 'each'; this rule has none");
	one_error(REQ("require labels[key] exists"), 4, 19,
		  "'key' names the item of an 'each'; this rule has none");
	/* the error points at the word itself */
	one_error(REQ("require value == \"x\""), 4, 13,
		  "'value' and 'key' name the item of an 'each'; this rule has none");
	one_error(REQ("require key.x exists"), 4, 13,
		  "'value' and 'key' name the item of an 'each'; this rule has none");
	struct fx f;
	fx_init(&f);
	assert_int_equal(load(&f, REQ("require value == \"x\" or key.x exists")), -1);
	expect_nerrors(&f.ps, 2);
	assert_string_equal(f.ps.errors.v[0].msg,
			    "'value' and 'key' name the item of an 'each'; this rule has none");
	assert_string_equal(f.ps.errors.v[1].msg,
			    "'value' and 'key' name the item of an 'each'; this rule has none");
	fx_free(&f);
}

/* ---- rule ids --------------------------------------------------------------------------- */

static void test_duplicate_rule_id(void **state)
{
	(void)state;
	one_error("policy \"p\" {\n"
		  "  rule \"same\" { for service require image exists }\n"
		  "  rule \"other\" { for service require image exists }\n"
		  "  rule \"same\" { for service require user exists }\n"
		  "}\n",
		  4, 3, "rule 'same' is already defined at line 2");

	/* across the policies of a set */
	struct fx f;
	fx_init(&f);
	assert_int_equal(load_as(&f, "a.pol", "policy \"a\" {\n"
				 "  rule \"same\" { for service require image exists }\n}\n"), 0);
	assert_int_equal(load_as(&f, "b.pol", "policy \"b\" {\n\n"
				 "  rule \"same\" { for service require image exists }\n}\n"), -1);
	expect_nerrors(&f.ps, 1);
	expect_error(&f.ps, 0, 3, 3, "rule 'same' is already defined");
	assert_non_null(strstr(f.ps.errors.v[0].msg, "line 2"));
	assert_int_equal(f.ps.errors.v[0].at.file, 1);
	fx_free(&f);
}

static void test_builtin_rule_id(void **state)
{
	(void)state;
	one_error("policy \"p\" {\n  rule \"CL201\" { for service require image exists }\n}\n", 2, 3,
		  "rule id 'CL201' belongs to a built-in rule; choose another id, or use "
		  "configure \"CL201\" { ... } to change the built-in one");
	one_error("policy \"p\" {\n  rule \"cl501\" { for service require image exists }\n}\n", 2, 3,
		  "rule id 'cl501' belongs to a built-in rule");
	one_error("policy \"p\" {\n  rule \"privileged\" { for service require image exists }\n}\n",
		  2, 3, "rule id 'privileged' belongs to a built-in rule");
	one_error("policy \"p\" {\n  rule \"CL009\" { for service require image exists }\n}\n", 2, 3,
		  "rule id 'CL009' belongs to a built-in rule");
	one_error("policy \"p\" {\n  rule \"a b\" { for service require image exists }\n}\n", 2, 3,
		  "rule id 'a b' may only use letters, digits and _ . / -");
	one_error("policy \"p\" {\n  rule \"\" { for service require image exists }\n}\n", 2, 3,
		  "rule id '' may only use letters, digits and _ . / -");
}

/* With the embedded built-in policies in the set, as the command has them,
 * the id of a built-in rule is still reported as such, not as a duplicate of
 * a rule in a file the user never wrote. */
static void test_builtin_rule_id_with_builtins_loaded(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f);
	assert_int_equal(pol_set_load_builtins(&f.ps), 0);
	pol_set_explicit(&f.ps);
	assert_int_equal(load(&f, "policy \"p\" {\n  rule \"CL201\" { for service require image exists }\n}\n"), -1);
	expect_nerrors(&f.ps, 1);
	expect_error(&f.ps, 0, 2, 3, "rule id 'CL201' belongs to a built-in rule");
	fx_free(&f);
}

static void test_rule_without_scope_or_requirement(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f);
	assert_int_equal(load(&f, "policy \"p\" {\n  rule \"empty\" {\n    message \"m\"\n  }\n}\n"), -1);
	expect_nerrors(&f.ps, 2);
	expect_error(&f.ps, 0, 2, 3, "rule 'empty' needs a scope: for service (or network, volume, "
		     "secret, config, project)");
	expect_error(&f.ps, 1, 2, 3, "rule 'empty' has no 'require' or 'forbid'");
	fx_free(&f);

	one_error("policy \"p\" {\n  rule \"r\" { require image exists }\n}\n", 2, 3,
		  "rule 'r' needs a scope");
	one_error("policy \"p\" {\n  rule \"r\" { for service }\n}\n", 2, 3,
		  "rule 'r' has no 'require' or 'forbid'");
}

/* ---- includes ----------------------------------------------------------------------------- */

static void test_unknown_builtin_set(void **state)
{
	(void)state;
	one_error("policy \"p\" {\n  include builtin \"strict\"\n}\n", 2, 3,
		  "unknown built-in set or rule 'strict' (sets: recommended, all, security; rules: "
		  "composelint --list-rules)");
	/* input rules cannot be included: they are always on */
	one_error("policy \"p\" {\n  include builtin \"CL001\"\n}\n", 2, 3,
		  "unknown built-in set or rule 'CL001'");

	struct fx f;
	fx_init(&f);
	assert_int_equal(load(&f, "policy \"p\" {\n  include builtin \"CL201\"\n"
			     "  include builtin \"docker-socket\"\n}\n"), 0);
	assert_int_equal(policy_on(&f, R_CL201), 1);
	assert_int_equal(policy_on(&f, R_CL402), 1);
	assert_int_equal(policy_on(&f, R_CL202), -1);
	fx_free(&f);
}

/* A file's own disable and configure win over what it includes, wherever
 * they are written in it. */
static void test_disable_wins_over_include_in_the_same_file(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f);
	assert_int_equal(pol_set_load_builtins(&f.ps), 0);
	pol_set_explicit(&f.ps);
	assert_int_equal(load(&f, "policy \"p\" {\n  include builtin \"recommended\"\n  disable \"CL202\"\n"
			     "  configure \"CL201\" { severity note }\n}\n"), 0);
	assert_int_equal(policy_on(&f, R_CL202), 0);
	assert_int_equal(policy_on(&f, R_CL201), 1);
	assert_int_equal(cl_rule_severity(&f.rules, &cl_rules[R_CL201]), CL_NOTE);
	fx_free(&f);

	fx_init(&f);
	assert_int_equal(pol_set_load_builtins(&f.ps), 0);
	pol_set_explicit(&f.ps);
	assert_int_equal(load(&f, "policy \"p\" {\n  disable \"image-latest-tag\"\n"
			     "  include builtin \"security\"\n}\n"), 0);
	assert_int_equal(policy_on(&f, R_CL202), 0);
	assert_int_equal(policy_on(&f, R_CL301), 1);
	fx_free(&f);
}

static void write_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
}

/* main.pol includes rules/caps.pol, which includes ../main.pol: the same
 * file under another spelling is loaded once, not until the path is too long */
static void test_include_cycle_through_parent_dir(void **state)
{
	(void)state;
	char dir[] = "/tmp/composelint-cycle-XXXXXX", sub[64], main_path[96], caps_path[96];
	assert_non_null(mkdtemp(dir));
	snprintf(sub, sizeof sub, "%s/rules", dir);
	assert_int_equal(mkdir(sub, 0700), 0);
	snprintf(main_path, sizeof main_path, "%s/main.pol", dir);
	snprintf(caps_path, sizeof caps_path, "%s/rules/caps.pol", dir);
	write_file(main_path, "policy \"main\" {\n  include \"rules/caps.pol\"\n}\n");
	write_file(caps_path, "policy \"caps\" {\n  include \"../main.pol\"\n"
		   "  rule \"caps/x\" { for service require cap_add exists }\n}\n");
	struct fx f;
	fx_init(&f);
	int rc = pol_set_load(&f.ps, main_path);
	uint32_t nerrors = f.ps.errors.n, n = f.ps.n;
	if (nerrors)
		t_print_policy_errors(&f.ps);
	fx_free(&f);
	remove(caps_path);
	remove(main_path);
	remove(sub);
	remove(dir);
	assert_int_equal(nerrors, 0);
	assert_int_equal(rc, 0);
	assert_int_equal(n, 2);
}

static void test_unreadable_include(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f);
	/* relative to the including file */
	assert_int_equal(load_as(&f, "no/such/dir/main.pol",
				 "policy \"p\" {\n  include \"other.pol\"\n}\n"), -1);
	expect_nerrors(&f.ps, 1);
	expect_error(&f.ps, 0, 2, 3, "cannot read included policy 'no/such/dir/other.pol': "
		     "No such file or directory");
	fx_free(&f);

	fx_init(&f);
	assert_int_equal(pol_set_load(&f.ps, "no/such/file.pol"), -1);
	expect_nerrors(&f.ps, 1);
	assert_string_equal(f.ps.errors.v[0].msg,
			    "cannot read policy 'no/such/file.pol': No such file or directory");
	assert_int_equal(f.ps.errors.v[0].at.start.line, 0);  /* about the whole file */
	fx_free(&f);
}

static void test_include_a_file(void **state)
{
	(void)state;
	char dir[] = "/tmp/composelint-policy-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char main_path[128], sub_path[128], bad_path[128];
	snprintf(main_path, sizeof main_path, "%s/main.pol", dir);
	snprintf(sub_path, sizeof sub_path, "%s/sub.pol", dir);
	snprintf(bad_path, sizeof bad_path, "%s/bad.pol", dir);
	FILE *fp = fopen(main_path, "w");
	assert_non_null(fp);
	fputs("policy \"main\" {\n  include \"sub.pol\"\n  include \"sub.pol\"\n"
	      "  rule \"m\" { for service require image exists }\n}\n", fp);
	fclose(fp);
	fp = fopen(sub_path, "w");
	assert_non_null(fp);
	/* a cycle back to main is loaded once */
	fputs("policy \"sub\" {\n  include \"main.pol\"\n"
	      "  rule \"s\" { for service require user exists }\n}\n", fp);
	fclose(fp);
	fp = fopen(bad_path, "w");
	assert_non_null(fp);
	fputs("policy \"bad\" {\n  include \"sub.pol\"\n  rule \"s\" { for service require x exists }\n}\n", fp);
	fclose(fp);

	struct fx f;
	fx_init(&f);
	assert_int_equal(pol_set_load(&f.ps, main_path), 0);
	expect_nerrors(&f.ps, 0);
	assert_int_equal(f.ps.n, 2);
	assert_string_equal(f.ps.v[0]->name, "main");
	assert_string_equal(f.ps.v[1]->name, "sub");
	/* loading it again is a no-op */
	assert_int_equal(pol_set_load(&f.ps, main_path), 0);
	assert_int_equal(f.ps.n, 2);
	/* an error in another file is reported in that file */
	assert_int_equal(pol_set_load(&f.ps, bad_path), -1);
	expect_nerrors(&f.ps, 1);
	expect_error(&f.ps, 0, 3, 3, "rule 's' is already defined");
	assert_non_null(strstr(f.ps.errors.v[0].msg, "line 3"));
	assert_string_equal(f.files.v[f.ps.errors.v[0].at.file].path, bad_path);
	fx_free(&f);

	remove(main_path);
	remove(sub_path);
	remove(bad_path);
	remove(dir);
}

/* ---- several errors ------------------------------------------------------------------------- */

static void test_several_parse_errors_in_one_file(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f);
	const char *text =
		"policy \"p\" {\n"                                     /* 1 */
		"  rule \"a\" {\n"                                      /* 2 */
		"    for service\n"                                    /* 3 */
		"    require image =~ /(/\n"                           /* 4 */
		"    allow service \"x\"\n"                             /* 5 */
		"  }\n"                                                /* 6 */
		"  bogus\n"                                            /* 7 */
		"  rule \"b\" {\n"                                      /* 8 */
		"    for servce\n"                                     /* 9 */
		"    require user == @\"x\"\n"                          /* 10 */
		"    require upper(user) == \"X\"\n"                    /* 11 */
		"  }\n"                                                /* 12 */
		"  rule \"c\" { for service require image == 1.2.3 }\n" /* 13 */
		"}\n";                                                 /* 14 */
	assert_int_equal(load(&f, text), -1);
	expect_nerrors(&f.ps, 8);
	expect_error(&f.ps, 0, 4, 24, "invalid regular expression: missing closing parenthesis");
	expect_error(&f.ps, 1, 6, 3, "an exception needs a reason");
	expect_error(&f.ps, 2, 7, 3, "expected include, set, rule, configure or disable, found 'bogus'");
	expect_error(&f.ps, 3, 9, 9, "expected a scope (service, network, volume, secret, config, "
		     "project), found 'servce'");
	expect_error(&f.ps, 4, 10, 21, "unexpected character '@'");
	expect_error(&f.ps, 5, 11, 13, "unknown function 'upper'");
	expect_error(&f.ps, 6, 13, 43, "'1.2.3' is not a number");
	/* the bad number is dropped, so the comparison has no right side */
	expect_error(&f.ps, 7, 13, 49, "expected a value or a path, found '}'");
	assert_int_equal(f.ps.n, 0);  /* a policy with parse errors is not kept */
	fx_free(&f);
}

static void test_several_check_errors_in_one_file(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f);
	const char *text =
		"policy \"p\" {\n"                                           /* 1 */
		"  rule \"a\" {\n"                                            /* 2 */
		"    message \"{nope}\"\n"                                    /* 3 */
		"    for service\n"                                          /* 4 */
		"    require image =~ \"x\"\n"                                /* 5 */
		"    require cap_add in \"x\"\n"                              /* 6 */
		"  }\n"                                                      /* 7 */
		"  rule \"a\" { for service require image exists }\n"        /* 8 */
		"  rule \"CL302\" { require image exists }\n"                /* 9 */
		"}\n";
	assert_int_equal(load(&f, text), -1);
	expect_nerrors(&f.ps, 6);
	expect_error(&f.ps, 0, 5, 22, "'=~' needs a regular expression");
	expect_error(&f.ps, 1, 6, 24, "'in' needs a list or a set on its right");
	expect_error(&f.ps, 2, 3, 13, "unknown placeholder '{nope}'");
	expect_error(&f.ps, 3, 8, 3, "rule 'a' is already defined at line 2");
	expect_error(&f.ps, 4, 9, 3, "rule id 'CL302' belongs to a built-in rule");
	expect_error(&f.ps, 5, 9, 3, "rule 'CL302' needs a scope");
	fx_free(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid_policy_tree),
		cmocka_unit_test(test_expression_shapes),
		cmocka_unit_test(test_globs_and_keys_in_brackets),
		cmocka_unit_test(test_fields_named_like_keywords),
		cmocka_unit_test(test_missing_policy_header),
		cmocka_unit_test(test_unknown_statement),
		cmocka_unit_test(test_bad_scope_and_severity),
		cmocka_unit_test(test_allow_without_reason),
		cmocka_unit_test(test_allow_empty_reason),
		cmocka_unit_test(test_allow_bad_date),
		cmocka_unit_test(test_allow_scope_mismatch),
		cmocka_unit_test(test_bad_regex_points_into_the_pattern),
		cmocka_unit_test(test_regex_with_escaped_slash_is_valid),
		cmocka_unit_test(test_unknown_placeholder),
		cmocka_unit_test(test_match_needs_a_regex),
		cmocka_unit_test(test_in_needs_a_list),
		cmocka_unit_test(test_paths_and_functions),
		cmocka_unit_test(test_function_calls),
		cmocka_unit_test(test_calls_are_validated_like_paths),
		cmocka_unit_test(test_value_without_each),
		cmocka_unit_test(test_duplicate_rule_id),
		cmocka_unit_test(test_builtin_rule_id),
		cmocka_unit_test(test_builtin_rule_id_with_builtins_loaded),
		cmocka_unit_test(test_rule_without_scope_or_requirement),
		cmocka_unit_test(test_unknown_builtin_set),
		cmocka_unit_test(test_disable_wins_over_include_in_the_same_file),
		cmocka_unit_test(test_include_cycle_through_parent_dir),
		cmocka_unit_test(test_unreadable_include),
		cmocka_unit_test(test_include_a_file),
		cmocka_unit_test(test_several_parse_errors_in_one_file),
		cmocka_unit_test(test_several_check_errors_in_one_file),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
