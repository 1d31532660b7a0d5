/*
 * fuzz_policy.c - libFuzzer harness: bytes as a policy file.  The policy is
 * loaded (lexer, parser, checker, regex compilation, includes of built-in
 * sets); its errors are printed as composelint prints them; when it loads
 * cleanly it is evaluated on a fixed compose project, and every reporter
 * writes the result to memory, checked for well-formedness (outcheck.h):
 * the policy's rule names, messages, help and urls reach SARIF and JUnit.
 *
 * The policy is named DIR/fuzz.pol, DIR a directory made at start-up that
 * holds three files for `include` to find: inc.pol (a policy with a rule,
 * a set and a configure), cycle.pol (includes fuzz.pol back) and bad.pol
 * (has an error).  Other paths resolve as usual; run.sh runs the harness in
 * an empty scratch directory.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine/engine.h"
#include "policy/policy.h"
#include "report/report.h"
#include "outcheck.h"

/* mkdtemp() is POSIX 2008 but <stdlib.h> hides it under strict C11 */
char *mkdtemp(char *template);

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A small project that gives most policy paths something to walk: anchors
 * and merge keys, short and long syntaxes, list and map forms, top-level
 * objects, interpolation, an inline suppression. */
static const char compose[] =
	"name: fuzz\n"
	"x-base: &base\n"
	"  restart: unless-stopped\n"
	"  cap_drop: [ALL]\n"
	"  security_opt: [\"no-new-privileges:true\"]\n"
	"  environment:\n"
	"    TZ: UTC\n"
	"    SECRET: ${SECRET:-changeme}\n"
	"services:\n"
	"  web:\n"
	"    <<: *base\n"
	"    image: nginx:1.25\n"
	"    ports: [\"8080:80\", \"127.0.0.1:8443:443/tcp\", {target: 9000, published: \"9000\"}]\n"
	"    volumes:\n"
	"      - ./html:/usr/share/nginx/html:ro\n"
	"      - type: bind\n"
	"        source: /var/run/docker.sock\n"
	"        target: /var/run/docker.sock\n"
	"      - data:/data\n"
	"    cap_add: [NET_ADMIN, SYS_ADMIN]\n"
	"    networks: [front, back]\n"
	"    depends_on: {db: {condition: service_healthy}}\n"
	"    healthcheck: {test: [CMD, curl, -f, http://localhost], interval: 30s}\n"
	"    mem_limit: 1.5g\n"
	"    labels:\n"
	"      traefik.http.routers.admin.rule: Host(`admin.example`)\n"
	"      traefik.http.routers.www.rule: Host(`www.example`)\n"
	"      tls: \"true\"\n"
	"      port: 465\n"
	"    deploy: {resources: {limits: {memory: 512M, cpus: \"0.5\"}}}\n"
	"  db:\n"
	"    <<: *base\n"
	"    image: postgres@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n"
	"    privileged: true  # composelint: disable=CL301 fuzz fixture\n"
	"    network_mode: host\n"
	"    read_only: true\n"
	"    tmpfs: /tmp\n"
	"    user: \"999:999\"\n"
	"    secrets: [pw]\n"
	"    configs: [{source: cf, target: /etc/cf}]\n"
	"    environment: [\"MODE=prod\", \"EMPTY=\", \"UNSET\"]\n"
	"    labels: [\"a=b\", \"c\"]\n"
	"  job:\n"
	"    image: ${REGISTRY}/job:latest\n"
	"    pid: host\n"
	"    profiles: [batch]\n"
	"    command: [\"sh\", \"-c\", \"echo hi\"]\n"
	"networks:\n"
	"  front: {}\n"
	"  back: {internal: true}\n"
	"volumes:\n"
	"  data:\n"
	"secrets:\n"
	"  pw: {file: ./pw.txt}\n"
	"configs:\n"
	"  cf: {content: \"x=1\"}\n";

static FILE *sink;
static char dir[] = "/tmp/fuzz_policy.XXXXXX";
static char name[sizeof dir + 16];

static const char *const files[][2] = {
	{ "inc.pol",
	  "policy \"inc\" {\n"
	  "  set ok = [\"CHOWN\", \"SETUID\"]\n"
	  "  include builtin \"security\"\n"
	  "  configure \"CL201\" { severity note allow service \"db\" because \"pinned elsewhere\" }\n"
	  "  rule \"inc/caps\" warning {\n"
	  "    message \"capability '{value}' of {service}\"\n"
	  "    for service\n"
	  "    require cap_add[*] in ok\n"
	  "    allow service \"web\" because \"needs it\" until 2025-01-01\n"
	  "  }\n"
	  "}\n" },
	{ "cycle.pol", "policy \"cycle\" {\n  include \"fuzz.pol\"\n  include \"inc.pol\"\n}\n" },
	{ "bad.pol", "policy \"bad\" {\n  rule \"bad/x\" { for nothing }\n}\n" },
};

static void cleanup(void)
{
	char p[sizeof name];
	for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
		snprintf(p, sizeof p, "%s/%s", dir, files[i][0]);
		unlink(p);
	}
	rmdir(dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	/* an `include "/dev/stdin"` must not wait for a terminal */
	if (!freopen("/dev/null", "r", stdin))
		abort();
	sink = fopen("/dev/null", "w");
	if (!sink || !mkdtemp(dir))
		abort();
	atexit(cleanup);
	for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
		snprintf(name, sizeof name, "%s/%s", dir, files[i][0]);
		FILE *f = fopen(name, "w");
		if (!f || fputs(files[i][1], f) < 0 || fclose(f))
			abort();
	}
	snprintf(name, sizeof name, "%s/fuzz.pol", dir);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cl_run run;
	struct cl_report_opts ro = { 0, 0, "docs/rules/", 1 };
	cl_run_init(&run);
	struct pol_set *ps = run.policies;
	ps->today = "2026-01-01";
	pol_set_explicit(ps);
	pol_set_load_text(ps, name, (const char *)data, size);
	if (ps->errors.n) {
		pol_set_sort_errors(ps);
		for (uint32_t i = 0; i < ps->errors.n; i++)
			cl_report_diagnostic(sink, &run.files, &ps->errors.v[i].at, ps->errors.v[i].msg, &ro);
	} else {
		cl_run_buffer(&run, "compose.yml", compose, sizeof compose - 1);
		cl_run_finish(&run);
		const struct cl_rule **rules;
		struct cl_report_input in = { &run.findings, &run.files, run.linted, run.nlinted,
					      NULL, 0, 1, "0.0.0-fuzz" };
		in.nrules = pol_set_rules(ps, &rules);
		in.rules = rules;
		for (int f = 0; f < CL_FMT_COUNT; f++)
			check_report((enum cl_format)f, &in, &ro);
	}
	cl_run_release(&run);
	return 0;
}
