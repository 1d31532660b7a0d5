/*
 * test_policy_regressions.c - policy-language behaviours settled in review,
 * each pinned by a test: regex error columns, null against interpolated
 * values, a missing key compared with null, wildcard items that lack the
 * compared key, and glob matching with `like`.
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
#include "base/source.h"
#include "base/strbuf.h"
#include "compose/value.h"
#include "core/finding.h"
#include "policy/policy.h"
#include "rules/context.h"

#include "helpers.h"

struct ev {
	struct arena *a;
	struct cl_sources files;
	struct cl_rule_state rules;
	struct pol_set ps;
	struct cl_findings out;
	uint32_t file;
	const struct cv *doc;
	char *listing;
};

static void ev_init(struct ev *e)
{
	memset(e, 0, sizeof *e);
	e->a = arena_new();
	cl_rule_state_init(&e->rules);
	pol_set_init(&e->ps, e->a, &e->files, &e->rules, "2027-01-01");
}

static int ev_load(struct ev *e, const char *text)
{
	return pol_set_load_text(&e->ps, "t.pol", text, strlen(text));
}

static void ev_compose(struct ev *e, const char *yaml)
{
	uint32_t fi = cl_sources_add(&e->files, e->a, "c.yml");
	e->files.v[fi].text = yaml;
	e->files.v[fi].len = strlen(yaml);
	e->file = fi;
	/* not interpolated: the rules see ${...} as written */
	e->doc = compose_normalize(e->a, t_yaml(e->a, fi, yaml, strlen(yaml)), NULL);
}

static const char *ev_run(struct ev *e)
{
	pol_eval(&e->ps, e->doc, e->file, &e->out);
	pol_apply_exceptions(&e->ps, &e->out, 0);
	cl_findings_finish(&e->out, e->a);
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < e->out.n; i++) {
		const struct cl_finding *f = &e->out.v[i];
		strbuf_addf(&sb, "%s:%u:%u %s: %s\n", e->files.v[f->at.file].path, f->at.start.line,
			    f->at.start.col, f->rule->id, f->message);
	}
	free(e->listing);
	e->listing = strbuf_detach(&sb, NULL);
	return e->listing;
}

static void ev_free(struct ev *e)
{
	free(e->listing);
	cl_findings_release(&e->out);
	pol_set_release(&e->ps);
	cl_rule_state_release(&e->rules);
	cl_sources_release(&e->files);
	arena_free(e->a);
}

static void lint(const char *rules, const char *yaml, const char *want)
{
	struct ev e;
	ev_init(&e);
	struct strbuf pol = STRBUF_INIT;
	strbuf_addf(&pol, "policy \"t\" {\n%s}\n", rules);
	if (ev_load(&e, pol.buf) || e.ps.errors.n) {
		t_print_policy_errors(&e.ps);
		fail_msg("policy does not load");
	}
	ev_compose(&e, yaml);
	const char *got = ev_run(&e);
	if (strcmp(got, want)) {
		print_error("--- expected\n%s--- got\n%s---\n", want, got);
		fail_msg("findings differ");
	}
	strbuf_release(&pol);
	ev_free(&e);
}

static void one_error(const char *text, uint32_t line, uint32_t col, const char *msg)
{
	struct ev e;
	ev_init(&e);
	assert_int_equal(ev_load(&e, text), -1);
	if (e.ps.errors.n != 1 || !strstr(e.ps.errors.v[0].msg, msg) ||
	    e.ps.errors.v[0].at.start.line != line || e.ps.errors.v[0].at.start.col != col) {
		t_print_policy_errors(&e.ps);
		fail_msg("expected one error at %u:%u: %s", line, col, msg);
	}
	ev_free(&e);
}

#define REQ(x) "policy \"p\" {\n  rule \"r\" {\n    for service\n    " x "\n  }\n}\n"

/* PCRE2 counts bytes of the decoded pattern: "\/" is one byte, é two */
static void test_regex_error_column(void **state)
{
	(void)state;
	one_error(REQ("require image =~ /a\\/(b/"), 4, 28, "missing closing parenthesis");
	one_error(REQ("require image =~ /é(b/"), 4, 26, "missing closing parenthesis");
}

/* "prefix-${SUFFIX}" is never null, whatever SUFFIX is; raw() of a
 * KEY=VALUE item is the value part */
static void test_plaintext_secrets_with_interpolation(void **state)
{
	(void)state;
	lint("  rule \"s\" {\n"
	     "    message \"{key}\"\n"
	     "    for service\n"
	     "    each environment[/PASSWORD$/]\n"
	     "    require raw(value) =~ /^\\$\\{[^}]+\\}$/ when value != null\n"
	     "  }\n",
	     "services:\n"
	     "  web:\n"
	     "    environment:\n"
	     "      REPLICA_PASSWORD: prefix-${SUFFIX}\n"
	     "  db:\n"
	     "    environment:\n"
	     "      - DB_PASSWORD=${DB_PASSWORD}\n"
	     "      - ROOT_PASSWORD=secret\n"
	     "      - UNSET_PASSWORD\n",
	     "c.yml:4:25 s: REPLICA_PASSWORD\n"
	     "c.yml:8:9 s: ROOT_PASSWORD\n");
}

/* a missing key is null: `user == null` holds, `user != null` does not */
static void test_null_matches_a_missing_key(void **state)
{
	(void)state;
	lint("  rule \"eq\" { message \"eq\" for service require user == null }\n"
	     "  rule \"ne\" { message \"ne\" for service forbid user != null }\n",
	     "services:\n  web:\n    image: x\n", "");
	lint("  rule \"eq\" { message \"eq\" for service require user == null }\n",
	     "services:\n  web:\n    user: root\n", "c.yml:3:11 eq: eq\n");
}

/* below a wildcard, an item without the compared key fails the comparison
 * at that item, instead of dropping out of it */
static void test_wildcard_item_without_the_key(void **state)
{
	(void)state;
	lint("  rule \"lo\" {\n"
	     "    message \"{path}\"\n"
	     "    for service\n"
	     "    require ports[*].host_ip == \"127.0.0.1\"\n"
	     "  }\n",
	     "services:\n"
	     "  web:\n"
	     "    ports:\n"
	     "      - \"127.0.0.1:80:80\"\n"
	     "      - \"443:443\"\n"
	     "      - target: 8080\n"
	     "        published: 8080\n",
	     "c.yml:5:9 lo: ports[1].host_ip\n"
	     "c.yml:6:9 lo: ports[2].host_ip\n");
	/* `each` visits only what is there */
	lint("  rule \"e\" {\n"
	     "    message \"{item}\"\n"
	     "    for service\n"
	     "    each ports[*].published\n"
	     "    require value < 1024\n"
	     "  }\n",
	     "services:\n"
	     "  web:\n"
	     "    ports:\n"
	     "      - \"80\"\n"
	     "      - \"8080:80\"\n",
	     "c.yml:5:9 e: 8080\n");
	/* and a missing key is no value for exists or count */
	lint("  rule \"n\" {\n"
	     "    message \"{value}\"\n"
	     "    for service\n"
	     "    require count(ports[*].host_ip) == 1\n"
	     "  }\n",
	     "services:\n"
	     "  web:\n"
	     "    ports: [\"127.0.0.1:80:80\", \"443:443\"]\n", "");
}

/* `like` matches shell-style globs, `not like` is its negation; a glob
 * needs a quoted pattern */
static void test_glob_like(void **state)
{
	(void)state;
	lint("  rule \"db\" {\n"
	     "    message \"{service}\"\n"
	     "    for service where name like \"db-*\"\n"
	     "    require read_only == true\n"
	     "  }\n"
	     "  rule \"other\" {\n"
	     "    message \"{service}\"\n"
	     "    for service where name not like \"db-?ain\"\n"
	     "    forbid image like \"*:latest\"\n"
	     "  }\n",
	     "services:\n"
	     "  db-main:\n"
	     "    image: pg:latest\n"
	     "  db-replica:\n"
	     "    image: pg:latest\n"
	     "    read_only: true\n",
	     "c.yml:2:3 db: db-main\n"
	     "c.yml:5:12 other: db-replica\n");
	one_error(REQ("require name like /db-.*/"), 4, 23, "needs a glob pattern in quotes");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_regex_error_column),
		cmocka_unit_test(test_plaintext_secrets_with_interpolation),
		cmocka_unit_test(test_null_matches_a_missing_key),
		cmocka_unit_test(test_wildcard_item_without_the_key),
		cmocka_unit_test(test_glob_like),
	};
	return cmocka_run_group_tests_name("policy_regressions", tests, NULL, NULL);
}
