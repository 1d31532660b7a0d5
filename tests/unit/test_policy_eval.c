/*
 * test_policy_eval.c - policy rules run over normalized compose projects:
 * operators, three-valued logic, functions, `each`, scopes, positions and
 * messages of findings, exceptions, and built-in rule configuration.
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

#define HEX64 "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

/* ---- helpers ------------------------------------------------------------ */

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

/* today: the date that decides expired exceptions; builtins: 0 no built-in
 * rule runs unless a test policy includes it; 1 load the embedded built-in
 * policies first, as the command does with --policy; 2 the same, every
 * built-in rule on, as the command does without --policy. */
static void ev_init(struct ev *e, const char *today, int builtins)
{
	memset(e, 0, sizeof *e);
	e->a = arena_new();
	cl_rule_state_init(&e->rules);
	pol_set_init(&e->ps, e->a, &e->files, &e->rules, today);
	if (builtins && pol_set_load_builtins(&e->ps)) {
		t_print_policy_errors(&e->ps);
		fail_msg("the built-in policies do not load");
	}
	/* built-in rules run only where the test's policies include them */
	if (builtins != 2)
		pol_set_explicit(&e->ps);
}

static void ev_policy_as(struct ev *e, const char *name, const char *text)
{
	if (pol_set_load_text(&e->ps, name, text, strlen(text)) || e->ps.errors.n) {
		t_print_policy_errors(&e->ps);
		fail_msg("policy %s does not load", name);
	}
}

static void ev_policy(struct ev *e, const char *text)
{
	ev_policy_as(e, "t.pol", text);
}

static void ev_compose(struct ev *e, const char *yaml)
{
	uint32_t fi = cl_sources_add(&e->files, e->a, "c.yml");
	e->files.v[fi].text = yaml;
	e->files.v[fi].len = strlen(yaml);
	e->file = fi;
	/* as in a project: interpolated first, with no variable set (unset
	 * variables are the point of some cases) */
	uint32_t unset;
	e->doc = t_normalize(e->a, fi, yaml, strlen(yaml), &unset);
}

/* Run the policies (and the C rules they turn on) the way the engine does,
 * and list the findings one per line:
 *   file:line:col RULE severity: message [suppressed: reason] */
static const char *ev_run(struct ev *e)
{
	struct cl_ctx ctx = { .a = e->a, .out = &e->out, .rules = &e->rules,
			      .doc = e->doc, .file = e->file };
	for (size_t r = 0; r < CL_RULE_COUNT; r++)
		if (cl_rule_fns[r] && cl_rule_on(&e->rules, &cl_rules[r]))
			cl_rule_fns[r](&ctx, e->doc);
	pol_eval(&e->ps, e->doc, e->file, &e->out);
	pol_apply_exceptions(&e->ps, &e->out, 0);
	pol_raise_stale_exceptions(&e->ps, &e->out);
	cl_findings_finish(&e->out, e->a);
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < e->out.n; i++) {
		const struct cl_finding *f = &e->out.v[i];
		strbuf_addf(&sb, "%s:%u:%u %s %s: %s", e->files.v[f->at.file].path, f->at.start.line,
			    f->at.start.col, f->rule->id, cl_severity_name(f->severity), f->message);
		if (f->suppressed)
			strbuf_addf(&sb, " [suppressed: %s]", f->suppress_reason);
		strbuf_addch(&sb, '\n');
	}
	free(e->listing);
	e->listing = strbuf_detach(&sb, NULL);
	if (!e->listing)
		e->listing = calloc(1, 1);
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

static void expect_listing(const char *got, const char *want)
{
	if (strcmp(got, want)) {
		print_error("--- expected\n%s--- got\n%s---\n", want, got);
		fail_msg("findings differ");
	}
}

/* One policy (its rules wrapped in `policy "t" { ... }`, so the first rule is
 * on line 2) over one compose file, on 2027-01-01. */
static void lint(const char *rules, const char *yaml, const char *want)
{
	struct ev e;
	ev_init(&e, "2027-01-01", 0);
	struct strbuf pol = STRBUF_INIT;
	strbuf_addf(&pol, "policy \"t\" {\n%s}\n", rules);
	ev_policy(&e, pol.buf);
	ev_compose(&e, yaml);
	expect_listing(ev_run(&e), want);
	strbuf_release(&pol);
	ev_free(&e);
}

/* ---- equality --------------------------------------------------------------- */

static void test_loose_equality(void **state)
{
	(void)state;
	lint("  rule \"eq-num\" { message \"{value}\" for service each ports[*] require value.published != 465 }\n"
	     "  rule \"eq-str\" { message \"{value}\" for service forbid ports[*].published == \"8080\" }\n"
	     "  rule \"eq-bool\" { message \"{value}\" for service forbid labels.tls == true }\n"
	     "  rule \"eq-num-text\" { message \"{value}\" for service require labels.port == \"465\" and labels.port == 465.0 }\n"
	     "  rule \"eq-quoted\" { message \"{value}\" for service forbid labels.quoted == 465 }\n"
	     "  rule \"ne\" { message \"{value}\" for service forbid labels.tls != \"true\" }\n"
	     /* `- UNSET` is there, and null; a missing key also equals null */
	     "  rule \"unset\" { message \"{path}\" for service forbid environment.UNSET absent or environment.UNSET != null }\n"
	     "  rule \"null\" { message \"null {path}\" for service forbid environment.UNSET == null }\n"
	     "  rule \"null2\" { message \"null2\" for service forbid labels.tls == null }\n",
	     "services:\n"
	     "  web:\n"
	     "    ports:\n"
	     "      - \"465:465\"\n"
	     "      - target: 80\n"
	     "        published: \"8080\"\n"
	     "    labels:\n"
	     "      tls: \"true\"\n"
	     "      port: 465\n"
	     "      quoted: \"0465\"\n"
	     "    environment:\n"
	     "      - UNSET\n",
	     "c.yml:4:9 eq-num error: 465\n"
	     "c.yml:6:20 eq-str error: 8080\n"
	     "c.yml:8:12 eq-bool error: true\n"
	     /* numbers compare as numbers, whatever their spelling */
	     "c.yml:10:15 eq-quoted error: 0465\n"
	     "c.yml:12:9 null error: null environment.UNSET\n");
}

/* ---- regular expressions ----------------------------------------------------- */

static void test_match_and_nomatch(void **state)
{
	(void)state;
	lint("  rule \"m\" { message \"{service}: '{value}'\" for service require image =~ /@sha256:[0-9a-f]{64}$/ }\n"
	     "  rule \"nm\" { message \"{service}\" for service require image !~ /:latest$/i }\n",
	     "services:\n"
	     "  web:\n"
	     "    image: nginx:LATEST\n"
	     "  db:\n"
	     "    image: postgres@sha256:" HEX64 "\n"
	     "  none: {}\n",
	     "c.yml:3:12 m error: web: 'nginx:LATEST'\n"
	     "c.yml:3:12 nm error: web\n"
	     /* an absent image matches nothing, and so does not match /:latest$/ */
	     "c.yml:6:3 m error: none: ''\n");
}

/* ---- ordering: numbers, sizes, durations -------------------------------------- */

static void test_sizes_and_durations(void **state)
{
	(void)state;
	lint("  rule \"mem\" { message \"{service} {value}\" for service require mem_limit <= 1g }\n"
	     "  rule \"mem-gt\" { message \"{service} {value}\" for service require mem_limit > 512m }\n"
	     "  rule \"hc\" { message \"{service} {value}\" for service require healthcheck.interval < 60s }\n"
	     "  rule \"hc-ge\" { message \"{service} {value}\" for service require healthcheck.interval >= 30s }\n"
	     "  rule \"hc-min\" { message \"{service} {value}\" for service require healthcheck.interval <= 1m0s }\n"
	     /* 1m is a size or a duration, the way the compared value reads */
	     "  rule \"hc-1m\" { message \"{service} {value}\" for service require healthcheck.interval < 1m }\n"
	     "  rule \"mem-1m\" { message \"{service} {value}\" for service require mem_limit > 1m }\n"
	     "  rule \"pids\" { message \"{service} {value}\" for service require pids_limit >= 100 when pids_limit exists }\n",
	     "services:\n"
	     "  a:\n"
	     "    mem_limit: 512m\n"
	     "    healthcheck: {interval: 30s}\n"
	     "  b:\n"
	     "    mem_limit: 2GB\n"
	     "    healthcheck: {interval: 1m30s}\n"
	     "    pids_limit: 99\n"
	     "  c:\n"
	     "    mem_limit: 1073741824\n"
	     "    healthcheck: {interval: 500ms}\n"
	     "    pids_limit: \"100\"\n",
	     "c.yml:3:16 mem-gt error: a 512m\n"
	     "c.yml:6:16 mem error: b 2GB\n"
	     "c.yml:7:29 hc error: b 1m30s\n"
	     "c.yml:7:29 hc-1m error: b 1m30s\n"
	     "c.yml:7:29 hc-min error: b 1m30s\n"
	     "c.yml:8:17 pids error: b 99\n"
	     "c.yml:11:29 hc-ge error: c 500ms\n");
}

static void test_ordering_of_unreadable_values(void **state)
{
	(void)state;
	/* a value that is not a size is not smaller than one: the requirement fails */
	lint("  rule \"mem\" { message \"{value}\" for service require mem_limit < 1g }\n"
	     "  rule \"cmp\" { message \"{value}\" for service forbid mem_limit >= 1g }\n",
	     "services:\n"
	     "  a:\n"
	     "    mem_limit: lots\n",
	     "c.yml:3:16 mem error: lots\n");
}

/* ---- lists and sets ------------------------------------------------------------- */

static void test_in_and_not_in(void **state)
{
	(void)state;
	lint("  set allowed = [\"CHOWN\", /^SET[UG]ID$/]\n"
	     "  rule \"in\" { message \"in {value}\" for service require cap_add[*] in allowed }\n"
	     "  rule \"notin\" { message \"notin {value}\" for service require cap_add[*] not in [\"SYS_ADMIN\", /^NET_/] }\n"
	     "  rule \"num\" { message \"num {value}\" for service require ports[*].published in [80, 443] }\n",
	     "services:\n"
	     "  web:\n"
	     "    cap_add: [CHOWN, SETUID, NET_ADMIN, SYS_ADMIN]\n"
	     "    ports: [\"80:8080\", \"8443:443\"]\n",
	     "c.yml:3:30 in error: in NET_ADMIN\n"
	     "c.yml:3:30 notin error: notin NET_ADMIN\n"
	     "c.yml:3:41 in error: in SYS_ADMIN\n"
	     "c.yml:3:41 notin error: notin SYS_ADMIN\n"
	     "c.yml:4:24 num error: num 8443\n");
}

static void test_contains(void **state)
{
	(void)state;
	lint("  rule \"list\" { for service require cap_drop contains \"ALL\" and cap_drop not contains \"NET_RAW\" }\n"
	     "  rule \"list-re\" { for service require security_opt contains /^no-new-privileges/ }\n"
	     "  rule \"map\" { message \"map {path}\" for service forbid environment contains \"DEBUG\" }\n"
	     "  rule \"map-re\" { for service require environment contains /^MO/ }\n"
	     "  rule \"str\" { message \"str {value}\" for service forbid image contains \"nginx\" }\n"
	     "  rule \"str2\" { for service require image contains \"mailu/\" and image contains /^ghcr/ }\n"
	     "  rule \"wild\" { message \"wild\" for service require volumes[*].target contains \"/var\" }\n"
	     "  rule \"wild2\" { for service require volumes[*].target contains \"/data\" and volumes[*].target contains /^\\/etc\\// }\n",
	     "services:\n"
	     "  web:\n"
	     "    image: ghcr.io/mailu/nginx:2.0\n"
	     "    cap_drop: ALL\n"
	     "    security_opt: [\"no-new-privileges:true\"]\n"
	     "    environment:\n"
	     "      DEBUG: \"1\"\n"
	     "      MODE: prod\n"
	     "    volumes: [\"data:/data\", \"./conf:/etc/conf:ro\"]\n",
	     "c.yml:2:3 wild error: wild\n"
	     "c.yml:3:12 str error: str ghcr.io/mailu/nginx:2.0\n"
	     "c.yml:7:7 map error: map environment\n");
}

static void test_subset_of(void **state)
{
	(void)state;
	lint("  rule \"caps\" { message \"{service} caps\" for service require cap_add subset of [\"CHOWN\", /^SET/] }\n"
	     "  rule \"env\" { message \"{service} env\" for service require environment subset of [\"A\", \"B\"] }\n"
	     /* keys() and wildcards: all the values together */
	     "  rule \"keys\" { message \"{service} keys\" for service require keys(environment) subset of [\"A\", \"B\"] }\n"
	     "  rule \"wild\" { message \"{service} wild\" for service require cap_add[*] subset of [\"CHOWN\", /^SET/] }\n",
	     "services:\n"
	     "  ok:\n"
	     "    cap_add: [CHOWN, SETUID]\n"
	     "    environment: [A=1]\n"
	     "  bad:\n"
	     "    cap_add: [CHOWN, NET_ADMIN]\n"
	     "    environment: {A: 1, C: 2}\n"
	     "  none: {}\n",
	     "c.yml:5:3 keys error: bad keys\n"
	     "c.yml:5:3 wild error: bad wild\n"
	     "c.yml:6:14 caps error: bad caps\n"
	     "c.yml:7:18 env error: bad env\n");
}

/* ---- exists / absent ------------------------------------------------------------ */

static void test_exists_and_absent(void **state)
{
	(void)state;
	lint("  rule \"e1\" { message \"e1 {service}\" for service require exists user }\n"
	     "  rule \"e2\" { message \"e2 {service}\" for service require user exists }\n"
	     "  rule \"a1\" { message \"a1 {service}\" for service forbid absent user }\n"
	     "  rule \"a2\" { message \"a2 {service}\" for service require healthcheck absent }\n"
	     "  rule \"e3\" { message \"e3 {service}\" for service require healthcheck exists }\n"
	     "  rule \"e4\" { message \"e4 {service}\" for service forbid labels[\"x.*\"] exists }\n"
	     /* a key written with no value exists, with a null value; so does a
	      * network named in a list */
	     "  rule \"n1\" { message \"n1 {service}\" for service require networks.internal exists }\n"
	     "  rule \"n2\" { message \"n2 {service}\" for service require networks contains \"internal\" and networks.* exists }\n",
	     "services:\n"
	     "  web:\n"
	     "    user: \"1000\"\n"
	     "    healthcheck:\n"
	     "    labels: [x.a=1]\n"
	     "    networks: [internal]\n"
	     "  db:\n"
	     "    image: pg\n"
	     "    networks:\n"
	     "      internal: {}\n",
	     /* `healthcheck:` exists (null); an absent key is reported at the
	      * service's own key */
	     "c.yml:4:16 a2 error: a2 web\n"
	     "c.yml:5:14 e4 error: e4 web\n"
	     "c.yml:7:3 a1 error: a1 db\n"
	     "c.yml:7:3 e1 error: e1 db\n"
	     "c.yml:7:3 e2 error: e2 db\n"
	     "c.yml:7:3 e3 error: e3 db\n");
}

/* ---- any / all ------------------------------------------------------------------- */

static void test_any_and_all(void **state)
{
	(void)state;
	lint("  rule \"any\" { message \"any {service} {value}\" for service require any ports[*].host_ip == \"127.0.0.1\" }\n"
	     "  rule \"all\" { message \"all {service} {value}\" for service require all ports[*].host_ip == \"127.0.0.1\" when ports exists }\n"
	     "  rule \"each\" { message \"each {service} {value}\" for service require ports[*].host_ip == \"127.0.0.1\" }\n"
	     /* without matches, `all` holds (as the per-match default has nothing
	      * to report), `any` does not */
	     "  rule \"all0\" { message \"all0 {service}\" for service require all ports[*].host_ip == \"127.0.0.1\" }\n",
	     "services:\n"
	     "  web:\n"
	     "    ports: [\"127.0.0.1:80:80\", \"0.0.0.0:443:443\", \"10.0.0.1:8443:443\"]\n"
	     "  local:\n"
	     "    ports: [\"127.0.0.1:80:80\"]\n"
	     "  db: {}\n",
	     /* all: one finding, at the first item that fails; the default: one
	      * finding per failing item; any: only where none holds */
	     "c.yml:3:32 all error: all web 0.0.0.0\n"
	     "c.yml:3:32 all0 error: all0 web\n"
	     "c.yml:3:32 each error: each web 0.0.0.0\n"
	     "c.yml:3:51 each error: each web 10.0.0.1\n"
	     "c.yml:6:3 any error: any db \n");
}

/* ---- three-valued logic ------------------------------------------------------------ */

static void test_unknown_values_decide_nothing(void **state)
{
	(void)state;
	lint("  rule \"u1\" { message \"u1\" for service require image =~ /@sha256:/ }\n"
	     "  rule \"u2\" { message \"u2\" for service forbid image =~ /latest/ }\n"
	     "  rule \"u3\" { message \"u3\" for service require not (image == \"x\") }\n"
	     "  rule \"u4\" { message \"u4\" for service require image == \"x\" or user == \"0\" }\n"
	     "  rule \"u5\" { message \"u5\" for service require image == \"x\" and privileged exists }\n"
	     "  rule \"u6\" { message \"u6\" for service require image == \"x\" or privileged exists }\n"
	     "  rule \"u7\" { message \"u7\" for service require read_only }\n"
	     "  rule \"u8\" { message \"u8 {value}\" for service require cap_add[*] in [\"CHOWN\"] }\n"
	     "  rule \"u9\" { message \"u9\" for service require cap_add contains \"SYS_ADMIN\" }\n"
	     "  rule \"u10\" { message \"u10\" for service forbid cap_add contains \"CHOWN\" }\n"
	     "  rule \"u11\" { message \"u11\" for service require not (image =~ /x/) and user == \"1000\" }\n"
	     "  rule \"u12\" { message \"u12\" for service require image == \"x\" or user exists }\n"
	     "  rule \"u13\" { message \"u13\" for service require mem_limit < 1g }\n"
	     "  rule \"u14\" { message \"u14\" for service require image in [\"a\"] }\n"
	     "  rule \"u15\" { message \"u15\" for service forbid image exists }\n"
	     "  rule \"u16\" { message \"u16\" for service require user != \"0\" when image == \"x\" }\n"
	     "  rule \"u17\" { message \"u17\" for service where image == \"x\" require user == \"0\" }\n",
	     "services:\n"
	     "  web:\n"
	     "    image: ${IMAGE}\n"
	     "    user: ${USER_ID:-1000}\n"
	     "    read_only: ${RO}\n"
	     "    mem_limit: $MEM\n"
	     "    cap_add: [CHOWN, \"${EXTRA_CAP}\"]\n",
	     /* unknown and false is false; unknown and unknown, or unknown or
	      * false, decide nothing; existence does not depend on the value */
	     "c.yml:2:3 u5 error: u5\n"
	     "c.yml:3:12 u15 error: u15\n"
	     "c.yml:7:14 u10 error: u10\n");
}

static void test_dollar_dollar_is_known(void **state)
{
	(void)state;
	lint("  rule \"cmd\" { message \"{value}\" for service forbid command =~ /\\$/ }\n",
	     "services:\n"
	     "  web:\n"
	     "    command: echo $$HOME\n",
	     /* the value compose runs: "$$" is one literal dollar */
	     "c.yml:3:14 cmd error: echo $HOME\n");
}

/* ---- functions ------------------------------------------------------------------------ */

static void test_raw(void **state)
{
	(void)state;
	lint("  rule \"secret\" { message \"{key} literal\" for service each environment[/(PASSWORD|TOKEN)$/]\n"
	     "    require raw(value) =~ /^\\$\\{[^}]+\\}$/ when value != null }\n"
	     "  rule \"raw-quoted\" { message \"quoted\" for service require raw(labels.q) == \"x y\" }\n"
	     "  rule \"raw-num\" { message \"raw-num {value}\" for service forbid raw(labels.n) == \"0465\" }\n"
	     "  rule \"cooked-num\" { message \"cooked-num {value}\" for service forbid labels.n == \"309\" }\n"
	     "  rule \"raw-known\" { message \"raw-known {value}\" for service forbid raw(image) == \"$\\{IMAGE\\}\" }\n",
	     "services:\n"
	     "  web:\n"
	     "    image: ${IMAGE}\n"
	     "    labels:\n"
	     "      q: 'x y'\n"
	     "      n: 0465\n"
	     "    environment:\n"
	     "      DB_PASSWORD: ${DB_PASSWORD}\n"
	     "      API_TOKEN: \"hunter2\"\n"
	     "      OTHER_PASSWORD:\n",
	     "c.yml:3:12 raw-known error: raw-known ${IMAGE}\n"
	     /* 0465 is octal, as compose reads it */
	     "c.yml:6:10 cooked-num error: cooked-num 309\n"
	     "c.yml:6:10 raw-num error: raw-num 0465\n"
	     "c.yml:9:18 secret error: API_TOKEN literal\n");
}

static void test_count(void **state)
{
	(void)state;
	lint("  rule \"caps\" { message \"{service} has {value} caps\" for service require count(cap_add) <= 2 }\n"
	     "  rule \"ports\" { message \"{service} ports {value}\" for service require count(ports[*]) < 2 }\n"
	     "  rule \"none\" { message \"{service} secrets {value}\" for service require count(secrets) == 0 }\n"
	     "  rule \"env\" { message \"{service} env {value}\" for service require count(environment) >= 1 }\n"
	     "  rule \"rhs\" { message \"{service} rhs\" for service require count(cap_add) <= count(cap_drop) }\n",
	     "services:\n"
	     "  web:\n"
	     "    cap_add: [A, B, C]\n"
	     "    cap_drop: [ALL]\n"
	     "    ports: [\"80:80\", \"443:443\"]\n"
	     "    environment: {X: 1}\n"
	     "  db:\n"
	     "    cap_add: [A]\n"
	     "    cap_drop: [ALL]\n",
	     "c.yml:2:3 ports error: web ports 2\n"
	     "c.yml:3:14 caps error: web has 3 caps\n"
	     "c.yml:3:14 rhs error: web rhs\n"
	     "c.yml:7:3 env error: db env 0\n");
}

static void test_keys_and_lower(void **state)
{
	(void)state;
	lint("  rule \"traefik\" { message \"{service} traefik\" for service require keys(labels) contains /^traefik\\./ }\n"
	     "  rule \"known\" { message \"{service} label {value}\" for service require keys(labels) in [\"traefik.enable\"] }\n"
	     "  rule \"restart\" { message \"{service} {value}\" for service require lower(restart) == \"always\" }\n"
	     "  rule \"latest\" { message \"{service} latest {value}\" for service forbid lower(image) =~ /:latest$/ }\n",
	     "services:\n"
	     "  web:\n"
	     "    image: NGINX:LATEST\n"
	     "    restart: Always\n"
	     "    labels:\n"
	     "      traefik.enable: \"true\"\n"
	     "      com.example.x: y\n"
	     "  db:\n"
	     "    restart: unless-stopped\n"
	     "    labels: [a=b]\n",
	     "c.yml:3:12 latest error: web latest nginx:latest\n"
	     "c.yml:7:7 known error: web label com.example.x\n"
	     "c.yml:8:3 traefik error: db traefik\n"
	     "c.yml:9:14 restart error: db unless-stopped\n"
	     "c.yml:10:14 known error: db label a\n");
}

/* ---- function calls on either side ------------------------------------------------------ */

/*
 * A function call stands for values as a path does, on either side of every
 * operator.  Each call below has a twin path selecting the same values, and
 * every comparison must give the same findings with the call as with its
 * twin: which rules fire, how many findings (a call with several values
 * makes one per failing value, as a wildcard does), and their {value}.
 * Every function of the table has a twin (test_policy_parse.c holds that).
 */
static const struct {
	const char *call, *twin;
} call_twins[] = {
	{ "count(cap_add)", "labels.three" },
	{ "raw(labels.octal)", "labels.octal_text" },
	{ "keys(environment)", "profiles[*]" },
	{ "lower(image)", "labels.lower_image" },
};

static const char twin_compose[] =
	"services:\n"
	"  web:\n"
	"    image: NGINX:1.25\n"
	"    cap_add: [A, B, C]\n"
	"    profiles: [A, B]\n"
	"    environment:\n"
	"      A: \"1\"\n"
	"      B: \"2\"\n"
	"    labels:\n"
	"      three: \"3\"\n"
	"      octal: 0465\n"
	"      octal_text: \"0465\"\n"
	"      lower_image: \"nginx:1.25\"\n";

/* What a call on the left is compared with. */
static const char *const twin_rights[] = {
	"== 3", "!= 3", "== \"0465\"", "== 465", "== \"A\"", "!= \"B\"", "== \"nginx:1.25\"",
	"== null", "< 4", "<= 3", "> 3", ">= 465", "< 1k", "> 2",
	"contains \"A\"", "not contains \"B\"", "contains \"1.25\"", "contains /^[0-9]+$/",
	"in [\"A\", 3, \"nginx:1.25\"]", "not in [\"A\"]", "subset of [\"A\", \"B\", \"3\"]",
	"=~ /^[A3n]/", "!~ /^A/", "like \"*5\"", "not like \"A*\"",
	"== labels.three", "!= labels.lower_image", "< labels.octal_text", "== profiles[*]",
};

/* What a call on the right is compared with, and how (the operators that
 * take a path on their right). */
static const char *const twin_lefts[] = {
	"labels.three", "labels.lower_image", "labels.octal_text", "profiles[*]", "cap_add",
	"image", "\"A\"", "\"B\"", "3",
};
static const char *const twin_ops[] = { "==", "!=", "<", "<=", ">", ">=", "contains", "not contains" };

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The messages of rule `id`'s findings in a listing, sorted, one a line. */
static char *messages_of(const char *listing, const char *id)
{
	char *msgs[64];
	size_t n = 0, idlen = strlen(id);
	for (const char *line = listing; *line; line = strchr(line, '\n') + 1) {
		const char *rule = strchr(line, ' ') + 1;
		if (strncmp(rule, id, idlen) || rule[idlen] != ' ')
			continue;
		assert_true(n < sizeof msgs / sizeof *msgs);
		const char *msg = strstr(rule, ": ") + 2;
		msgs[n++] = strndup(msg, strcspn(msg, "\n"));
	}
	qsort(msgs, n, sizeof *msgs, cmp_str);
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < n; i++) {
		strbuf_addf(&sb, "%s\n", msgs[i]);
		free(msgs[i]);
	}
	char *out = strbuf_detach(&sb, NULL);
	return out ? out : calloc(1, 1);
}

struct twin_run {
	struct strbuf pol;
	const char *tests[512];    /* the call's test of pair i */
	int right[512];            /* the call is on the right */
	unsigned n;
};

static void twin_pair(struct twin_run *r, const char *req, const char *l, const char *op,
		      const char *rr, const char *twin_l, const char *twin_r, int right)
{
	assert_true(r->n < sizeof r->tests / sizeof *r->tests);
	strbuf_addf(&r->pol, "  rule \"c%u\" { message \"{value}\" for service %s %s %s %s }\n",
		    r->n, req, l, op, rr);
	strbuf_addf(&r->pol, "  rule \"p%u\" { message \"{value}\" for service %s %s %s %s }\n",
		    r->n, req, twin_l, op, twin_r);
	struct strbuf t = STRBUF_INIT;
	strbuf_addf(&t, "%s %s %s %s", req, l, op, rr);
	r->tests[r->n] = strbuf_detach(&t, NULL);
	r->right[r->n++] = right;
}

static void test_calls_evaluate_like_paths(void **state)
{
	(void)state;
	static const char *const reqs[] = { "forbid", "require" };
	for (size_t t = 0; t < sizeof call_twins / sizeof *call_twins; t++) {
		const char *call = call_twins[t].call, *twin = call_twins[t].twin;
		struct twin_run r;
		memset(&r, 0, sizeof r);
		strbuf_addstr(&r.pol, "policy \"t\" {\n");
		for (size_t q = 0; q < 2; q++) {
			for (size_t i = 0; i < sizeof twin_rights / sizeof *twin_rights; i++)
				twin_pair(&r, reqs[q], call, twin_rights[i], "", twin, "", 0);
			for (size_t i = 0; i < sizeof twin_lefts / sizeof *twin_lefts; i++)
				for (size_t o = 0; o < sizeof twin_ops / sizeof *twin_ops; o++)
					twin_pair(&r, reqs[q], twin_lefts[i], twin_ops[o], call,
						  twin_lefts[i], twin, 1);
		}
		strbuf_addstr(&r.pol, "}\n");
		struct ev e;
		ev_init(&e, "2027-01-01", 0);
		ev_policy(&e, r.pol.buf);
		ev_compose(&e, twin_compose);
		const char *listing = ev_run(&e);
		unsigned fired[2] = { 0, 0 }, silent[2] = { 0, 0 };
		for (unsigned i = 0; i < r.n; i++) {
			char id[16];
			snprintf(id, sizeof id, "c%u", i);
			char *got = messages_of(listing, id);
			id[0] = 'p';
			char *want = messages_of(listing, id);
			if (strcmp(got, want))
				fail_msg("%s\n--- finds\n%s--- but with %s as %s\n%s---\n", r.tests[i], got,
					 twin, call, want);
			(*got ? fired : silent)[r.right[i]]++;
			free(got);
			free(want);
			free((char *)r.tests[i]);
		}
		/* both outcomes, on both sides, or the comparison above proves little */
		for (int side = 0; side < 2; side++) {
			if (!fired[side] || !silent[side])
				fail_msg("%s on the %s: %u tests fire, %u do not", call,
					 side ? "right" : "left", fired[side], silent[side]);
		}
		strbuf_release(&r.pol);
		ev_free(&e);
	}
}

/* The call on the right of `==` and `!=` is compared by its first value, as a
 * path with several values is: keys() there is no membership test. */
static void test_first_value_of_a_call_on_the_right(void **state)
{
	(void)state;
	lint("  rule \"first\" { message \"first\" for service forbid \"A\" == keys(environment) }\n"
	     "  rule \"second\" { message \"second\" for service forbid \"B\" == keys(environment) }\n"
	     "  rule \"ne\" { message \"ne\" for service forbid \"B\" != keys(environment) }\n"
	     "  rule \"in\" { message \"in\" for service forbid keys(environment) contains \"B\" }\n"
	     "  rule \"count\" { message \"{value}\" for service forbid 3 == count(cap_add) }\n"
	     "  rule \"lt\" { message \"{value}\" for service forbid labels.n < count(cap_add) }\n"
	     "  rule \"lower\" { message \"{value}\" for service forbid labels.img == lower(image) }\n"
	     "  rule \"raw\" { message \"{value}\" for service require image == raw(image) }\n",
	     "services:\n"
	     "  web:\n"
	     "    image: ${IMG:-Nginx}\n"
	     "    cap_add: [A, B, C]\n"
	     "    environment: {A: 1, B: 2}\n"
	     "    labels: {n: \"2\", img: nginx}\n",
	     "c.yml:2:3 count error: 3\n"
	     "c.yml:2:3 first error: first\n"
	     "c.yml:2:3 in error: in\n"
	     "c.yml:2:3 ne error: ne\n"
	     "c.yml:3:12 raw error: Nginx\n"
	     "c.yml:6:17 lt error: 2\n"
	     "c.yml:6:27 lower error: nginx\n");
}

/* A call on the left with several values makes a finding per failing value,
 * as a wildcard path does; a call of a value elsewhere in the project ($...)
 * reports at the object, as the path itself does. */
static void test_calls_with_several_values_and_project_values(void **state)
{
	(void)state;
	lint("  rule \"keys\" { message \"{value}\" for service require keys(labels) in [\"a\"] }\n"
	     "  rule \"lower\" { message \"{value}\" for service forbid lower(cap_add[*]) == \"net_admin\" }\n"
	     "  rule \"proj\" { message \"{service}\" for service forbid lower($.name) == \"shop\" }\n"
	     "  rule \"proj-path\" { message \"{service}\" for service forbid $.name == \"Shop\" }\n",
	     "name: Shop\n"
	     "services:\n"
	     "  web:\n"
	     "    cap_add: [CHOWN, NET_ADMIN]\n"
	     "    labels: {a: 1, b: 2, c: 3}\n",
	     "c.yml:3:3 proj error: web\n"
	     "c.yml:3:3 proj-path error: web\n"
	     "c.yml:4:22 lower error: net_admin\n"
	     "c.yml:5:20 keys error: b\n"
	     "c.yml:5:26 keys error: c\n");
}

/* ---- each ------------------------------------------------------------------------------ */

static void test_each_regex_with_named_groups(void **state)
{
	(void)state;
	lint("  rule \"mw\" {\n"
	     "    for service where labels[\"traefik.enable\"] == true\n"
	     "    each labels[/^traefik\\.http\\.routers\\.(?<router>[^.]+)\\.rule$/]\n"
	     "    require labels[\"traefik.http.routers.{router}.middlewares\"] exists\n"
	     "      else \"router {router} ({key}: {value}) has no middlewares\"\n"
	     "    require labels[\"traefik.http.routers.{router}.middlewares\"] =~ /oauth2/\n"
	     "      when router =~ /admin/\n"
	     "      else \"admin router {router} uses {value}\"\n"
	     "  }\n",
	     "services:\n"
	     "  web:\n"
	     "    labels:\n"
	     "      traefik.enable: true\n"
	     "      traefik.http.routers.app.rule: Host(`a`)\n"
	     "      traefik.http.routers.app.middlewares: ipallow@file\n"
	     "      traefik.http.routers.admin.rule: Host(`b`)\n"
	     "      traefik.http.routers.admin.middlewares: ipallow@file\n"
	     "      traefik.http.routers.bare.rule: Host(`c`)\n"
	     "  off:\n"
	     "    labels:\n"
	     "      traefik.http.routers.x.rule: Host(`x`)\n",
	     "c.yml:8:47 mw error: admin router admin uses ipallow@file\n"
	     /* absent: at the `each` item */
	     "c.yml:9:39 mw error: router bare (traefik.http.routers.bare.rule: Host(`c`)) has no middlewares\n");
}

static void test_each_over_map_keys_and_wildcards(void **state)
{
	(void)state;
	lint("  rule \"net\" {\n"
	     "    message \"{service} on {key}\"\n"
	     "    for service where image =~ /postgres/\n"
	     "    each networks.*\n"
	     "    require key == \"internal\"\n"
	     "  }\n"
	     "  rule \"ports\" {\n"
	     "    message \"{service} publishes {value} ({path})\"\n"
	     "    for service\n"
	     "    each ports[*].published where value != 443\n"
	     "    require value == 80 or name == \"front\"\n"
	     "  }\n",
	     "services:\n"
	     "  front:\n"
	     "    ports: [\"443:443\", \"80:80\"]\n"
	     "  db:\n"
	     "    image: postgres:16\n"
	     "    ports: [\"5432:5432\", \"443:443\"]\n"
	     "    networks:\n"
	     "      - default\n"
	     "      - internal\n"
	     "  other:\n"
	     "    image: postgres:16\n",
	     "c.yml:6:13 ports error: db publishes 5432 (ports[0].published)\n"
	     "c.yml:8:9 net error: db on default\n"
	     /* no networks: key: compose's implicit default network, with no
	      * position of its own, is reported at the service */
	     "c.yml:10:3 net error: other on default\n");
}

static void test_forbid_when_else(void **state)
{
	(void)state;
	lint("  rule \"priv\" {\n"
	     "    message \"the rule's message: {service}\"\n"
	     "    for service\n"
	     "    forbid privileged == true\n"
	     "    forbid user == \"root\" when image !~ /^trusted\\// else \"{service} runs as {value}\"\n"
	     "  }\n",
	     "services:\n"
	     "  a:\n"
	     "    privileged: true\n"
	     "    user: root\n"
	     "  b:\n"
	     "    image: trusted/x\n"
	     "    user: root\n"
	     "    privileged: false\n",
	     "c.yml:3:17 priv error: the rule's message: a\n"
	     "c.yml:4:11 priv error: a runs as root\n");
}

/* {value} is the deciding value; {item} the `each` item whatever decided
 * (policies/mailu.pol's published-ports, as reviewed) */
static void test_item_and_value_placeholders(void **state)
{
	(void)state;
	lint("  set mail_ports = [25, 465, 587, 143, 993]\n"
	     "  rule \"ports\" {\n"
	     "    for service\n"
	     "    each ports[*].published\n"
	     "    require name == \"front\"\n"
	     "      else \"'{service}' must not publish port {item} ({value} is not front)\"\n"
	     "    require value in mail_ports when name == \"front\"\n"
	     "      else \"port {item} must not be published ({value})\"\n"
	     "  }\n",
	     "services:\n"
	     "  front:\n"
	     "    ports: [\"25:25\", \"8080:80\"]\n"
	     "  webmail:\n"
	     "    ports: [\"8081:80\"]\n",
	     "c.yml:3:22 ports error: port 8080 must not be published (8080)\n"
	     "c.yml:5:13 ports error: 'webmail' must not publish port 8081 (webmail is not front)\n");
}

static void test_wildcard_items_are_findings_of_their_own(void **state)
{
	(void)state;
	lint("  rule \"caps\" { message \"{value} at {path}\" for service require cap_add[*] in [\"CHOWN\"] }\n",
	     "services:\n"
	     "  web:\n"
	     "    cap_add:\n"
	     "      - NET_ADMIN\n"
	     "      - CHOWN\n"
	     "      - SYS_PTRACE\n"
	     "  app:\n"
	     "    cap_add: [SYS_ADMIN, CHOWN, NET_RAW]\n",
	     "c.yml:4:9 caps error: NET_ADMIN at cap_add[0]\n"
	     "c.yml:6:9 caps error: SYS_PTRACE at cap_add[2]\n"
	     "c.yml:8:15 caps error: SYS_ADMIN at cap_add[0]\n"
	     "c.yml:8:33 caps error: NET_RAW at cap_add[2]\n");
}

static void test_inherited_values_point_at_the_anchor(void **state)
{
	(void)state;
	struct ev e;
	ev_init(&e, "2027-01-01", 0);
	ev_policy(&e, "policy \"t\" {\n"
		  "  rule \"file-env\" { message \"{key} is not read\" for service\n"
		  "    each environment[/_FILE$/] forbid key exists }\n}\n");
	ev_compose(&e, "x-env: &env\n"
		   "  A_FILE: /run/a\n"
		   "services:\n"
		   "  one:\n"
		   "    environment:\n"
		   "      <<: *env\n"
		   "  two:\n"
		   "    environment:\n"
		   "      <<: *env\n"
		   "      B_FILE: /run/b\n");
	expect_listing(ev_run(&e),
		       "c.yml:2:3 file-env error: A_FILE is not read\n"
		       "c.yml:10:7 file-env error: B_FILE is not read\n");
	/* one finding for the written value, with each use as a related place */
	assert_int_equal(e.out.v[0].nrelated, 2);
	assert_int_equal(e.out.v[0].related[0].at.start.line, 6);
	assert_int_equal(e.out.v[0].related[0].at.start.col, 11);
	assert_string_equal(e.out.v[0].related[0].message,
			    "service 'one' inherits this value here, through '<<: *env'");
	assert_int_equal(e.out.v[0].related[1].at.start.line, 9);
	assert_null(e.out.v[0].service);   /* about two services */
	assert_string_equal(e.out.v[1].service, "two");
	ev_free(&e);
}

/* ---- project paths and scopes ------------------------------------------------------------- */

static void test_project_paths(void **state)
{
	(void)state;
	lint("  rule \"sec\" { for service each secrets[*].source\n"
	     "    require $.secrets[value].file exists else \"secret {value} has no file\" }\n"
	     "  rule \"net\" { for service each networks.* require $.networks[key] exists\n"
	     "    or key == \"default\" else \"network {key} is not declared\" }\n"
	     "  rule \"int\" { for service where networks contains \"internal\"\n"
	     "    require $.networks[\"internal\"].internal == true else \"{service}: internal is not internal\" }\n",
	     "services:\n"
	     "  web:\n"
	     "    secrets: [a, b]\n"
	     "    networks: [internal, ghost]\n"
	     "networks:\n"
	     "  internal: {}\n"
	     "secrets:\n"
	     "  a: {file: ./a}\n"
	     "  b: {external: true}\n",
	     "c.yml:2:3 int error: web: internal is not internal\n"
	     "c.yml:3:18 sec error: secret b has no file\n"
	     "c.yml:4:26 net error: network ghost is not declared\n");
}

static void test_network_volume_and_project_scopes(void **state)
{
	(void)state;
	struct ev e;
	ev_init(&e, "2027-01-01", 0);
	ev_policy(&e, "policy \"t\" {\n"
		  "  rule \"net\" { for network where name != \"front\" require internal == true\n"
		  "    else \"network {network} is not internal\" }\n"
		  "  rule \"vol\" { for volume require driver exists else \"volume {volume} has no driver\" }\n"
		  "  rule \"proj\" { for project require $.name exists else \"the project has no name\" }\n"
		  "  rule \"proj2\" { message \"{value} services\" for project require count(services) <= 1 }\n"
		  "  rule \"proj3\" { for project require services.web exists }\n"
		  "}\n");
	ev_compose(&e, "services:\n"
		   "  web: {}\n"
		   "  db: {}\n"
		   "networks:\n"
		   "  front: {}\n"
		   "  back:\n"
		   "    driver: overlay\n"
		   "  side:\n"
		   "    internal: true\n"
		   "volumes:\n"
		   "  data:\n"
		   "    driver: local\n"
		   "  cache:\n");
	expect_listing(ev_run(&e),
		       "c.yml:1:1 proj error: the project has no name\n"
		       "c.yml:2:3 proj2 error: 2 services\n"
		       "c.yml:6:3 net error: network back is not internal\n"
		       "c.yml:13:3 vol error: volume cache has no driver\n");
	/* scope and object name go with each finding, for exceptions and reports */
	assert_null(e.out.v[0].service);
	assert_string_equal(e.out.v[0].scope, "project");
	assert_string_equal(e.out.v[2].service, "back");
	assert_string_equal(e.out.v[2].scope, "network");
	assert_string_equal(e.out.v[3].service, "cache");
	assert_string_equal(e.out.v[3].scope, "volume");
	ev_free(&e);
}

static void test_default_messages(void **state)
{
	(void)state;
	lint("  rule \"svc\" { for service require image =~ /@/ }\n"
	     "  rule \"svc2\" { for service forbid privileged == true }\n"
	     "  rule \"svc3\" { for service require user exists }\n"
	     "  rule \"svc4\" { for service require not (image exists) }\n"
	     "  rule \"svc5\" { for service forbid healthcheck absent }\n"
	     "  rule \"net\" { for network require internal == true }\n"
	     "  rule \"proj\" { for project require count(services) == 0 }\n",
	     "services:\n"
	     "  web:\n"
	     "    image: nginx\n"
	     "    privileged: yes\n"
	     "networks:\n"
	     "  n: {internal: false}\n",
	     "c.yml:2:3 svc3 error: service 'web': requirement not met: user exists\n"
	     "c.yml:2:3 svc5 error: service 'web': forbidden: healthcheck absent\n"
	     /* the services mapping starts where `web:` does, and ends later */
	     "c.yml:2:3 proj error: requirement not met: count(services) == 0\n"
	     "c.yml:3:12 svc error: service 'web': requirement not met: image =~ /@/\n"
	     "c.yml:3:12 svc4 error: service 'web': requirement not met: not (image exists)\n"
	     "c.yml:4:17 svc2 error: service 'web': forbidden: privileged == true\n"
	     "c.yml:6:17 net error: network 'n': requirement not met: internal == true\n");
}

static void test_where_filters(void **state)
{
	(void)state;
	lint("  rule \"redis\" { message \"{service}\" for service where image =~ /(^|\\/)redis[:@]/ and read_only == true\n"
	     "    require volumes[*].target contains \"/data\" or tmpfs contains /^\\/data(:|$)/ }\n",
	     "services:\n"
	     "  cache:\n"
	     "    image: redis:7\n"
	     "    read_only: true\n"
	     "  cache2:\n"
	     "    image: redis:7\n"
	     "    read_only: true\n"
	     "    tmpfs: /data:size=64m\n"
	     "  writable:\n"
	     "    image: redis:7\n"
	     "  notredis:\n"
	     "    image: myredis:7\n"
	     "    read_only: true\n",
	     "c.yml:2:3 redis error: cache\n");
}

/* ---- runaway regular expressions ------------------------------------------------------------ */

static void test_runaway_regex_is_a_limit_finding(void **state)
{
	(void)state;
	char yaml[1024];
	char as[201];
	memset(as, 'a', 200);
	as[200] = 0;
	snprintf(yaml, sizeof yaml, "services:\n  web:\n    labels:\n      big: %sb\n      small: ab\n", as);
	/* (a+)+$ against a long run of a's that ends in b backtracks without
	 * end: the match limit stops it, and a check it leaves undecided is a
	 * CL004 error at the value, naming the rule, never a pass; a short
	 * subject is decided normally */
	lint("  rule \"redos\" { message \"redos {path}\" for service require labels[*] =~ /(a+)+$/ }\n"
	     "  rule \"redos-not\" { message \"not {path}\" for service forbid labels[*] !~ /(a+)+$/ }\n"
	     /* ... in a list, with contains: undecided too */
	     "  rule \"in\" { message \"in {path}\" for service require labels[*] in [\"x\", /(a+)+$/] }\n"
	     "  rule \"notin\" { message \"notin {path}\" for service forbid labels[*] not in [/(a+)+$/] }\n"
	     "  rule \"contains\" { message \"contains\" for service require labels.big contains /(a+)+$/ }\n"
	     /* decided all the same: the other side of the `or` holds */
	     "  rule \"or\" { message \"or\" for service require labels.big =~ /(a+)+$/ or labels.small == \"ab\" }\n"
	     /* a `where` it leaves open is reported the same way */
	     "  rule \"where\" { message \"where\" for service where labels.big =~ /(a+)+$/ require image exists }\n",
	     yaml,
	     "c.yml:4:12 CL004 error: rule 'contains' could not be decided: the regular expression hit its match limit\n"
	     "c.yml:4:12 CL004 error: rule 'in' could not be decided: the regular expression hit its match limit\n"
	     "c.yml:4:12 CL004 error: rule 'notin' could not be decided: the regular expression hit its match limit\n"
	     "c.yml:4:12 CL004 error: rule 'redos' could not be decided: the regular expression hit its match limit\n"
	     "c.yml:4:12 CL004 error: rule 'redos-not' could not be decided: the regular expression hit its match limit\n"
	     "c.yml:4:12 CL004 error: rule 'where' could not be decided: the regular expression hit its match limit\n"
	     "c.yml:5:14 in error: in labels.small\n"
	     "c.yml:5:14 notin error: notin labels.small\n"
	     "c.yml:5:14 redos error: redos labels.small\n"
	     "c.yml:5:14 redos-not error: not labels.small\n");
	/* a key that a path step could not judge leaves the selection
	 * incomplete, whatever the comparison says of the rest */
	snprintf(yaml, sizeof yaml, "services:\n  web:\n    labels:\n      %sb: x\n", as);
	lint("  rule \"step\" { message \"step\" for service forbid labels[/^(a+)+$/] exists }\n"
	     "  rule \"each\" { message \"each\" for service each labels[/^(a+)+$/] require value == \"y\" }\n",
	     yaml,
	     "c.yml:4:7 CL004 error: rule 'each' could not be decided: the regular expression hit its match limit\n"
	     "c.yml:4:7 CL004 error: rule 'step' could not be decided: the regular expression hit its match limit\n");
}

/* ---- exceptions ---------------------------------------------------------------------------- */

static const char exceptions_policy[] =
	"policy \"t\" {\n"                                                                     /* 1 */
	"  rule \"r\" {\n"                                                                      /* 2 */
	"    message \"{service} has no user\"\n"                                               /* 3 */
	"    for service\n"                                                                    /* 4 */
	"    require user exists\n"                                                            /* 5 */
	"    allow service \"db*\" because \"databases run as their own user\"\n"                /* 6 */
	"    allow service \"cache\" because \"old\" until 2026-12-31\n"                         /* 7 */
	"    allow service \"web\" because \"until the image is rebuilt\" until 2027-01-01\n"    /* 8 */
	"    allow service \"gone\" because \"removed\"\n"                                       /* 9 */
	"    allow service \"x\", \"y\" because \"removed too\"\n"                                /* 10 */
	"    allow network \"web\" because \"a network, not the service\" until 2020-01-01\n"    /* 11 */
	"  }\n"                                                                                /* 12 */
	"}\n";

static const char exceptions_compose[] =
	"services:\n"
	"  db1: {}\n"
	"  db2: {}\n"
	"  cache: {}\n"
	"  web: {}\n"
	"  app: {}\n";

static void test_exceptions(void **state)
{
	(void)state;
	struct ev e;
	ev_init(&e, "2027-01-01", 0);
	/* a network rule's exception in a service rule is an error: checked in
	 * test_policy_parse; here the same policy without that line */
	char *pol = strdup(exceptions_policy);
	char *net = strstr(pol, "    allow network");
	memmove(net, strchr(net, '\n') + 1, strlen(strchr(net, '\n') + 1) + 1);
	ev_policy(&e, pol);
	ev_compose(&e, exceptions_compose);
	expect_listing(ev_run(&e),
		       "t.pol:7:5 CL009 warning: the exception of service 'cache' from r expired on "
		       "2026-12-31 (reason: old)\n"
		       "t.pol:9:5 CL010 note: the exception of service 'gone' from r matched no finding\n"
		       "t.pol:10:5 CL010 note: the exception of 2 services from r matched no finding\n"
		       "c.yml:2:3 r error: db1 has no user [suppressed: databases run as their own user]\n"
		       "c.yml:3:3 r error: db2 has no user [suppressed: databases run as their own user]\n"
		       "c.yml:4:3 r error: cache has no user\n"
		       "c.yml:5:3 r error: web has no user [suppressed: until the image is rebuilt]\n"
		       "c.yml:6:3 r error: app has no user\n");
	/* the suppression points at the exception that made it */
	assert_int_equal(e.out.v[3].suppressed, CL_SUPP_POLICY);
	assert_int_equal(e.out.v[3].suppress_at.start.line, 6);
	assert_int_equal(e.out.v[3].suppress_at.start.col, 5);
	assert_int_equal(e.out.v[5].suppressed, CL_SUPP_NONE);
	/* an exception findings is about the policy, not a service */
	assert_null(e.out.v[0].service);
	free(pol);
	ev_free(&e);

	/* a day later the second exception has expired too; without a date
	 * nothing expires */
	ev_init(&e, "2027-01-02", 0);
	pol = strdup(exceptions_policy);
	net = strstr(pol, "    allow network");
	memmove(net, strchr(net, '\n') + 1, strlen(strchr(net, '\n') + 1) + 1);
	ev_policy(&e, pol);
	ev_compose(&e, exceptions_compose);
	ev_run(&e);
	assert_non_null(strstr(e.listing, "c.yml:5:3 r error: web has no user\n"));
	assert_non_null(strstr(e.listing, "t.pol:8:5 CL009 warning: the exception of service 'web' "
			       "from r expired on 2027-01-01 (reason: until the image is rebuilt)\n"));
	ev_free(&e);

	ev_init(&e, NULL, 0);
	ev_policy(&e, pol);
	ev_compose(&e, exceptions_compose);
	ev_run(&e);
	assert_non_null(strstr(e.listing, "c.yml:4:3 r error: cache has no user [suppressed: old]\n"));
	assert_null(strstr(e.listing, "CL009"));
	free(pol);
	ev_free(&e);
}

static void test_project_and_network_exceptions(void **state)
{
	(void)state;
	lint("  rule \"n\" { message \"{network}\" for network require internal == true\n"
	     "    allow network \"back*\" because \"backends are firewalled\" }\n"
	     "  rule \"p\" { message \"{service}\" for service require user exists\n"
	     "    allow project because \"this project is a demo\" }\n",
	     "services:\n"
	     "  web: {}\n"
	     "networks:\n"
	     "  backend: {}\n"
	     "  front: {}\n",
	     "c.yml:2:3 p error: web [suppressed: this project is a demo]\n"
	     "c.yml:4:3 n error: backend [suppressed: backends are firewalled]\n"
	     "c.yml:5:3 n error: front\n");
}

/* ---- built-in rules --------------------------------------------------------------------------- */

static const char hardened[] =
	"x-safe: &safe\n"                                          /* 1 */
	"  cap_drop: [ALL]\n"                                      /* 2 */
	"  security_opt: [\"no-new-privileges:true\"]\n"           /* 3 */
	"  read_only: true\n"                                      /* 4 */
	"services:\n"                                              /* 5 */
	"  web:\n"                                                 /* 6 */
	"    <<: *safe\n"                                          /* 7 */
	"    image: nginx:1.25\n"                                  /* 8 */
	"    privileged: true\n"                                   /* 9 */
	"  legacy:\n"                                              /* 10 */
	"    <<: *safe\n"                                          /* 11 */
	"    image: vendor/app\n"                                  /* 12 */
	"  rw:\n"                                                  /* 13 */
	"    <<: *safe\n"                                          /* 14 */
	"    image: busybox:1@sha256:" HEX64 "\n"                  /* 15 */
	"    read_only: false\n"                                   /* 16 */
	"    ports: [\"8080:80\"]\n"                               /* 17 */
	"  rw2:\n"                                                 /* 18 */
	"    <<: *safe\n"                                          /* 19 */
	"    image: busybox:1@sha256:" HEX64 "\n"                  /* 20 */
	"    ports: [\"8080:80\"]\n";                              /* 21 */

static void test_include_builtin_security_and_configure(void **state)
{
	(void)state;
	struct ev e;
	ev_init(&e, "2027-01-01", 1);
	ev_policy(&e, "policy \"t\" {\n"
		  "  include builtin \"security\"\n"
		  "  configure \"CL201\" {\n"
		  "    severity error\n"
		  "    allow service \"legacy\" because \"the vendor publishes no digests\"\n"
		  "  }\n"
		  "  configure \"read-only-rootfs\" { severity note }\n"
		  "  configure \"CL501\" { allow service \"rw*\" because \"only one runs at a time\" }\n"
		  "}\n");
	ev_compose(&e, hardened);
	expect_listing(ev_run(&e),
		       "c.yml:8:12 CL201 error: image 'nginx:1.25' is not pinned to a sha256 digest\n"
		       "c.yml:9:17 CL301 error: privileged: true gives the container every capability and host device\n"
		       "c.yml:12:12 CL201 error: image 'vendor/app' is not pinned to a sha256 digest "
		       "[suppressed: the vendor publishes no digests]\n"
		       "c.yml:12:12 CL202 warning: image 'vendor/app' has no tag, which means 'latest'\n"
		       "c.yml:16:16 CL401 note: read_only is false\n"
		       "c.yml:21:13 CL501 error: host port 8080/tcp is already published by service 'rw' "
		       "[suppressed: only one runs at a time]\n");
	assert_int_equal(cl_rule_severity(&e.rules, &cl_rules[R_CL201]), CL_ERROR);
	assert_int_equal(cl_rule_severity(&e.rules, &cl_rules[R_CL401]), CL_NOTE);
	ev_free(&e);
}

static void test_builtins_off_until_included(void **state)
{
	(void)state;
	struct ev e;
	ev_init(&e, "2027-01-01", 1);
	/* a user policy alone: no built-in rule runs */
	ev_policy(&e, "policy \"t\" {\n  rule \"own\" { message \"own\" for service forbid privileged == true }\n}\n");
	ev_compose(&e, hardened);
	expect_listing(ev_run(&e), "c.yml:9:17 own error: own\n");
	for (size_t r = 0; r < CL_RULE_COUNT; r++)
		assert_int_equal(cl_rule_on(&e.rules, &cl_rules[r]), cl_rules[r].kind == CL_RULE_INPUT);
	ev_free(&e);

	/* without a user policy every built-in rule is on, at its own severity */
	ev_init(&e, "2027-01-01", 2);
	ev_compose(&e, hardened);
	expect_listing(ev_run(&e),
		       "c.yml:8:12 CL201 warning: image 'nginx:1.25' is not pinned to a sha256 digest\n"
		       "c.yml:9:17 CL301 error: privileged: true gives the container every capability and host device\n"
		       "c.yml:12:12 CL201 warning: image 'vendor/app' is not pinned to a sha256 digest\n"
		       "c.yml:12:12 CL202 warning: image 'vendor/app' has no tag, which means 'latest'\n"
		       "c.yml:16:16 CL401 warning: read_only is false\n"
		       "c.yml:21:13 CL501 error: host port 8080/tcp is already published by service 'rw'\n");
	ev_free(&e);
}

static void test_disable_in_a_later_policy(void **state)
{
	(void)state;
	struct ev e;
	ev_init(&e, "2027-01-01", 1);
	ev_policy_as(&e, "a.pol", "policy \"a\" {\n  include builtin \"recommended\"\n}\n");
	ev_policy_as(&e, "b.pol", "policy \"b\" {\n  disable \"CL202\"\n  disable \"privileged\"\n"
		     "  disable \"CL501\"\n}\n");
	ev_compose(&e, hardened);
	expect_listing(ev_run(&e),
		       "c.yml:8:12 CL201 warning: image 'nginx:1.25' is not pinned to a sha256 digest\n"
		       "c.yml:12:12 CL201 warning: image 'vendor/app' is not pinned to a sha256 digest\n"
		       "c.yml:16:16 CL401 warning: read_only is false\n");
	ev_free(&e);

	ev_init(&e, "2027-01-01", 1);
	ev_policy(&e, "policy \"t\" {\n  include builtin \"image-latest-tag\"\n}\n");
	ev_compose(&e, hardened);
	expect_listing(ev_run(&e),
		       "c.yml:12:12 CL202 warning: image 'vendor/app' has no tag, which means 'latest'\n");
	ev_free(&e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_loose_equality),
		cmocka_unit_test(test_match_and_nomatch),
		cmocka_unit_test(test_sizes_and_durations),
		cmocka_unit_test(test_ordering_of_unreadable_values),
		cmocka_unit_test(test_in_and_not_in),
		cmocka_unit_test(test_contains),
		cmocka_unit_test(test_subset_of),
		cmocka_unit_test(test_exists_and_absent),
		cmocka_unit_test(test_any_and_all),
		cmocka_unit_test(test_unknown_values_decide_nothing),
		cmocka_unit_test(test_dollar_dollar_is_known),
		cmocka_unit_test(test_raw),
		cmocka_unit_test(test_count),
		cmocka_unit_test(test_keys_and_lower),
		cmocka_unit_test(test_calls_evaluate_like_paths),
		cmocka_unit_test(test_first_value_of_a_call_on_the_right),
		cmocka_unit_test(test_calls_with_several_values_and_project_values),
		cmocka_unit_test(test_each_regex_with_named_groups),
		cmocka_unit_test(test_each_over_map_keys_and_wildcards),
		cmocka_unit_test(test_forbid_when_else),
		cmocka_unit_test(test_item_and_value_placeholders),
		cmocka_unit_test(test_wildcard_items_are_findings_of_their_own),
		cmocka_unit_test(test_inherited_values_point_at_the_anchor),
		cmocka_unit_test(test_project_paths),
		cmocka_unit_test(test_network_volume_and_project_scopes),
		cmocka_unit_test(test_default_messages),
		cmocka_unit_test(test_where_filters),
		cmocka_unit_test(test_runaway_regex_is_a_limit_finding),
		cmocka_unit_test(test_exceptions),
		cmocka_unit_test(test_project_and_network_exceptions),
		cmocka_unit_test(test_include_builtin_security_and_configure),
		cmocka_unit_test(test_builtins_off_until_included),
		cmocka_unit_test(test_disable_in_a_later_policy),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
