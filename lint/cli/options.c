/*
 * options.c - parsing the command line and setting up a run from it.
 */
#include "cli/options.h"
#include "base/arena.h"
#include "policy/policy.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

#ifndef CL_VERSION
#define CL_VERSION "0.0.0"
#endif

static const char usage[] =
	"usage: composelint [options] [FILE|DIR]...\n"
	"       composelint [options] -f FILE [-f OVERRIDE]...\n"
	"       composelint config [options] [--with-origins] [FILE | -f FILE...]\n"
	"       composelint test [options] [FILE|DIR]...\n"
	"\n"
	"Lint Docker Compose projects as docker compose would run them: override\n"
	"files merged, extends and include followed, variables interpolated. With\n"
	"no FILE, lint the project of the current directory (COMPOSE_FILE, else\n"
	"compose.yaml, compose.yml, docker-compose.yaml or docker-compose.yml,\n"
	"with its compose.override.* beside it). A DIR is searched for projects.\n"
	"FILE may be '-' for standard input.\n"
	"\n"
	"'composelint config' prints the effective project as YAML, like\n"
	"'docker compose config'; --with-origins adds where each value was written.\n"
	"\n"
	"'composelint test' lints policy test fixtures (every .yml/.yaml file\n"
	"of a DIR) and checks their findings against their '# expect: RULE'\n"
	"and '# expect-none' comments.\n"
	"\n"
	"project options:\n"
	"  -f, --file FILE       a compose file of the project; repeatable, later\n"
	"                        files override earlier ones\n"
	"  --env-file FILE       read variables from FILE instead of the project's\n"
	"                        .env; repeatable\n"
	"  --use-env             let the process environment set variables (it wins\n"
	"                        over .env); off by default, for reproducible results\n"
	"  --profile NAME        only the services docker compose --profile NAME\n"
	"                        would start; repeatable (default: every service)\n"
	"  --project-directory D where .env, include and extends paths start\n"
	"                        (default: the first file's directory)\n"
	"\n"
	"options:\n"
	"  --policy FILE         check FILE's rules instead of the built-in set;\n"
	"                        repeatable (a policy includes built-in rules only\n"
	"                        if it says so)\n"
	"  --today YYYY-MM-DD    the date that decides expired exceptions (default:\n"
	"                        SOURCE_DATE_EPOCH, else the system date)\n"
	"  --format FORMAT[:PATH] write a report in FORMAT (text, json, sarif, junit,\n"
	"                        github, checkstyle, codeclimate) to standard\n"
	"                        output or to PATH; repeatable\n"
	"  -o, --output PATH     write the format that has no PATH to PATH instead\n"
	"  --fail-on LEVEL       exit 1 when a finding is at or above LEVEL:\n"
	"                        error (default), warning, note, or never\n"
	"  --disable RULE        do not run RULE (id or name); repeatable\n"
	"  --severity RULE=LEVEL report RULE at LEVEL (error, warning, note)\n"
	"  --color WHEN          auto (default), always, never; NO_COLOR is honoured\n"
	"  --max-file-size N     skip files larger than N bytes (default 10485760)\n"
	"  --show-suppressed     also show suppressed findings, with their reasons\n"
	"  --explain-unknown     list the checks left undecided because a value is\n"
	"                        known only after interpolation (${VAR})\n"
	"  --list-rules          list the built-in rules and exit\n"
	"  -q, --quiet           one line per finding, no excerpt or summary\n"
	"  -h, --help            show this help and exit\n"
	"  --version             show the version and exit\n"
	"\n"
	"exit status: 0 clean, 1 findings at or above --fail-on, 2 could not\n"
	"lint everything (bad usage, bad policy, unreadable file).\n";

static int die_usage(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int die_usage(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("composelint: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputs("\ntry 'composelint --help'\n", stderr);
	va_end(ap);
	return CL_EXIT_ERROR;
}

/* Match "--name", "--name=value" or "--name value"; *val gets the value. */
static int opt_value(int argc, char **argv, int *i, const char *name, const char **val)
{
	size_t n = strlen(name);
	const char *a = argv[*i];
	if (strncmp(a, name, n))
		return 0;
	if (a[n] == '=') {
		*val = a + n + 1;
		return 1;
	}
	if (a[n])
		return 0;
	if (*i + 1 >= argc) {
		*val = NULL;
		return 1;
	}
	*val = argv[++*i];
	return 1;
}

static int parse_size(const char *s, size_t *out)
{
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno || end == s || *end || v == 0 || v > (1ull << 32))
		return -1;
	*out = (size_t)v;
	return 0;
}

static int valid_date(const char *s)
{
	static const int days[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y, m, d;
	char tail;
	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-' ||
	    sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || m < 1 || m > 12 || d < 1)
		return 0;
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return d <= days[m - 1] && (m != 2 || d < 29 || leap);
}

/*
 * "Today" decides which policy exceptions have expired.  --today, then
 * SOURCE_DATE_EPOCH (reproducible builds' convention), then the clock, so a
 * test or a CI run can pin it.
 */
static const char *today(const struct options *o, char *buf, size_t n)
{
	if (o->today)
		return o->today;
	time_t t = time(NULL);
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	if (sde && *sde) {
		char *end;
		errno = 0;
		long long v = strtoll(sde, &end, 10);
		if (!*end && v >= 0 && !errno)
			t = (time_t)v;
		else
			fprintf(stderr, "composelint: warning: SOURCE_DATE_EPOCH '%s' is not a number of "
				"seconds; using the system clock\n", sde);
	}
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(buf, n, "%Y-%m-%d", &tm);
	return buf;
}

/*
 * Load every --policy file (on any error print them all and return -1), then
 * settle each built-in rule: on when the policies include it (all of them
 * without --policy) and --disable does not turn it off; at the severity
 * --severity gives, else the policies', else its default.
 */
static int setup_policies(const struct options *o, struct cl_run *run, const char *date,
			  const struct cl_report_opts *ro)
{
	struct pol_set *ps = run->policies;
	ps->today = date;
	if (o->policies.n) {
		pol_set_explicit(ps);
		for (size_t i = 0; i < o->policies.n; i++)
			pol_set_load(ps, o->policies.v[i]);
	}
	if (ps->nerrors) {
		pol_set_sort_errors(ps);
		for (uint32_t i = 0; i < ps->nerrors; i++)
			cl_report_diagnostic(stderr, &run->files, &ps->errors[i].at, ps->errors[i].msg, ro);
		fprintf(stderr, "composelint: %u error%s in policy files; nothing was linted\n",
			ps->nerrors, ps->nerrors == 1 ? "" : "s");
		return -1;
	}
	for (size_t r = 0; r < CL_RULE_COUNT; r++) {
		if (!run->enabled[r])
			ps->builtin_on[r] = ps->input_on[r] = 0;
		if (o->severity_set[r])
			ps->builtin_severity[r] = run->severity[r];
		else
			run->severity[r] = ps->builtin_severity[r];
	}
	return 0;
}

int options_parse(int argc, char **argv, int first, struct options *o, struct cl_run *run)
{
	int only_paths = 0;
	for (int i = first; i < argc; i++) {
		const char *a = argv[i], *v;
		if (only_paths || a[0] != '-' || !strcmp(a, "-")) {
			pathlist_add(&o->paths, a);
		} else if (!strcmp(a, "--")) {
			only_paths = 1;
		} else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			fputs(usage, stdout);
			return -1;
		} else if (!strcmp(a, "--version")) {
			printf("composelint %s\n", CL_VERSION);
			return -1;
		} else if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) {
			o->quiet = 1;
		} else if (!strcmp(a, "--explain-unknown")) {
			o->explain_unknown = 1;
		} else if (!strcmp(a, "--show-suppressed")) {
			o->show_suppressed = 1;
		} else if (!strcmp(a, "--list-rules")) {
			o->list_rules = 1;
		} else if (opt_value(argc, argv, &i, "--fail-on", &v)) {
			if (!v)
				return die_usage("%s needs a level", a);
			if (!strcmp(v, "never"))
				o->fail_on = 0;
			else if ((o->fail_on = cl_severity_parse(v)) < 0)
				return die_usage("unknown level '%s' for --fail-on", v);
		} else if (opt_value(argc, argv, &i, "--color", &v)) {
			if (!v)
				return die_usage("%s needs a value", a);
			if (!strcmp(v, "always"))
				o->color = 1;
			else if (!strcmp(v, "never"))
				o->color = 0;
			else if (!strcmp(v, "auto"))
				o->color = -1;
			else
				return die_usage("unknown value '%s' for --color", v);
		} else if (opt_value(argc, argv, &i, "--disable", &v)) {
			const struct cl_rule *r = v ? cl_rule_find(v) : NULL;
			if (!r)
				return die_usage("unknown rule '%s'", v ? v : "");
			run->enabled[r - cl_rules] = 0;
		} else if (opt_value(argc, argv, &i, "--severity", &v)) {
			const char *eq = v ? strchr(v, '=') : NULL;
			if (!eq)
				return die_usage("--severity takes RULE=LEVEL, not '%s'", v ? v : "");
			char id[64];
			snprintf(id, sizeof id, "%.*s", (int)(eq - v), v);
			const struct cl_rule *r = cl_rule_find(id);
			int sev = cl_severity_parse(eq + 1);
			if (!r)
				return die_usage("unknown rule '%s'", id);
			if (sev < 0)
				return die_usage("unknown level '%s'", eq + 1);
			run->severity[r - cl_rules] = (enum cl_severity)sev;
			o->severity_set[r - cl_rules] = 1;
		} else if (opt_value(argc, argv, &i, "--format", &v)) {
			if (!v)
				return die_usage("%s needs a format", a);
			if (o->noutputs == MAX_OUTPUTS)
				return die_usage("at most %d --format options", MAX_OUTPUTS);
			const char *colon = strchr(v, ':');
			char name[32];
			snprintf(name, sizeof name, "%.*s", colon ? (int)(colon - v) : (int)strlen(v), v);
			int f = cl_format_parse(name);
			if (f < 0)
				return die_usage("unknown format '%s' (text, json, sarif, junit, github, "
						 "checkstyle, codeclimate)", name);
			if (colon && !colon[1])
				return die_usage("--format %s: needs a file name after ':'", name);
			o->outputs[o->noutputs].format = (enum cl_format)f;
			o->outputs[o->noutputs++].path = colon ? colon + 1 : NULL;
		} else if (opt_value(argc, argv, &i, "--output", &v) || opt_value(argc, argv, &i, "-o", &v)) {
			if (!v || !*v)
				return die_usage("%s needs a file name", a);
			o->output_path = v;
		} else if (opt_value(argc, argv, &i, "--file", &v) || opt_value(argc, argv, &i, "-f", &v)) {
			if (!v || !*v)
				return die_usage("%s needs a compose file", a);
			pathlist_add(&o->files, v);
		} else if (opt_value(argc, argv, &i, "--env-file", &v)) {
			if (!v || !*v)
				return die_usage("%s needs a file", a);
			pathlist_add(&o->env_files, v);
		} else if (opt_value(argc, argv, &i, "--profile", &v)) {
			if (!v || !*v)
				return die_usage("%s needs a profile name", a);
			pathlist_add(&o->profiles, v);
		} else if (opt_value(argc, argv, &i, "--project-directory", &v)) {
			if (!v || !*v)
				return die_usage("%s needs a directory", a);
			o->project_dir = v;
		} else if (!strcmp(a, "--use-env")) {
			o->use_env = 1;
		} else if (!strcmp(a, "--with-origins")) {
			o->with_origins = 1;
		} else if (opt_value(argc, argv, &i, "--policy", &v)) {
			if (!v)
				return die_usage("%s needs a policy file", a);
			pathlist_add(&o->policies, v);
		} else if (opt_value(argc, argv, &i, "--today", &v)) {
			if (!v || !valid_date(v))
				return die_usage("--today takes a date as YYYY-MM-DD, not '%s'", v ? v : "");
			o->today = v;
		} else if (opt_value(argc, argv, &i, "--max-file-size", &v)) {
			if (!v || parse_size(v, &run->limits.max_file_size))
				return die_usage("--max-file-size takes a number of bytes, not '%s'",
						 v ? v : "");
		} else {
			return die_usage("unknown option '%s'", a);
		}
	}
	return 0;
}

void options_list_rules(void)
{
	int width = 20;  /* the name column fits the longest name */
	for (size_t i = 0; i < CL_RULE_COUNT; i++)
		if ((int)strlen(cl_rules[i].name) > width)
			width = (int)strlen(cl_rules[i].name);
	for (size_t i = 0; i < CL_RULE_COUNT; i++)
		printf("%s  %-*s %-8s %s\n", cl_rules[i].id, width, cl_rules[i].name,
		       cl_severity_name(cl_rules[i].severity), cl_rules[i].summary);
}


void options_init(struct options *o)
{
	memset(o, 0, sizeof *o);
	o->fail_on = CL_ERROR;
	o->color = -1;
}

void options_release(struct options *o)
{
	pathlist_release(&o->paths);
	pathlist_release(&o->policies);
	pathlist_release(&o->files);
	pathlist_release(&o->env_files);
	pathlist_release(&o->profiles);
}

/* --output names the file of the one format without a path; at most one
 * format may write to stdout, so stdout always holds one valid document. */
static int settle_outputs(struct options *o)
{
	if (!o->noutputs) {
		o->outputs[0].format = CL_FMT_TEXT;
		o->outputs[0].path = NULL;
		o->noutputs = 1;
	}
	unsigned to_stdout = 0;
	for (unsigned i = 0; i < o->noutputs; i++)
		to_stdout += !o->outputs[i].path;
	if (o->output_path) {
		if (to_stdout != 1)
			return die_usage("--output needs exactly one --format without a file name, not %u",
					 to_stdout);
		for (unsigned i = 0; i < o->noutputs; i++)
			if (!o->outputs[i].path)
				o->outputs[i].path = o->output_path;
		to_stdout = 0;
	}
	if (to_stdout > 1)
		return die_usage("%u formats write to standard output; give all but one a file "
				 "(--format FORMAT:PATH)", to_stdout);
	return 0;
}

int options_setup(struct options *o, struct cl_run *run)
{
	if (settle_outputs(o))
		return -1;
	const char *nc = getenv("NO_COLOR");
	int no_color = nc && *nc;
	o->out.quiet = o->err.quiet = o->quiet;
	o->out.docs_url = o->err.docs_url = "docs/rules/";
	o->out.show_suppressed = o->err.show_suppressed = o->show_suppressed;
	o->out.color = o->color >= 0 ? o->color : isatty(STDOUT_FILENO) && !no_color;
	o->err.color = o->color >= 0 ? o->color : isatty(STDERR_FILENO) && !no_color;
	struct cl_project_opts *po = &run->project;
	po->project_dir = o->project_dir;
	po->env_files = (const char *const *)o->env_files.v;
	po->nenv_files = (uint32_t)o->env_files.n;
	po->profiles = (const char *const *)o->profiles.v;
	po->nprofiles = (uint32_t)o->profiles.n;
	po->environ = o->use_env ? environ : NULL;
	return setup_policies(o, run, today(o, o->date, sizeof o->date), &o->err);
}
