/*
 * options.c - the command line from one table (options.def): its parser,
 * each command's --help, and setting up a run from the parsed options.
 */
#include "cli/options.h"
#include "base/arena.h"
#include "cli/run_limits.h"
#include "base/strbuf.h"
#include "policy/policy.h"

#include <ctype.h>
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>

extern char **environ;

#ifndef CL_VERSION
#define CL_VERSION "0.0.0"
#endif

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
 * Load every --policy file (on any error print them all and return -1).  The
 * rule state settles itself: --disable and --severity, set while parsing,
 * win over what the policies say (core/rule_state.h).
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
	if (ps->errors.n) {
		pol_set_sort_errors(ps);
		for (uint32_t i = 0; i < ps->errors.n; i++)
			cl_report_diagnostic(stderr, &run->files, &ps->errors.v[i].at, ps->errors.v[i].msg, ro);
		fprintf(stderr, "composelint: %u error%s in policy files; nothing was linted\n",
			ps->errors.n, ps->errors.n == 1 ? "" : "s");
		return -1;
	}
	return 0;
}

/*
 * The handlers options.def names with CALL().  Each gets the value (NULL
 * for a missing value when its row has no "needs") and returns 0, -1 when
 * the run is over (--help), or die_usage()'s status.
 */
#define HANDLER(fn) \
	static int fn(struct options *o __attribute__((unused)), \
		      struct cl_run *run __attribute__((unused)), \
		      const char *v __attribute__((unused)))

HANDLER(opt_today)
{
	if (!v || !valid_date(v))
		return die_usage("--today takes a date as YYYY-MM-DD, not '%s'", v ? v : "");
	o->today = v;
	return 0;
}

/* "text, json, ...": the reporters' formats, in their table's order. */
static void format_names(struct strbuf *sb)
{
	for (int f = 0; f < CL_FMT_COUNT; f++)
		strbuf_addf(sb, "%s%s", f ? ", " : "", cl_format_name((enum cl_format)f));
}

HANDLER(opt_format)
{
	if (o->noutputs == MAX_OUTPUTS)
		return die_usage("at most %d --format options", MAX_OUTPUTS);
	const char *colon = strchr(v, ':');
	char name[32];
	snprintf(name, sizeof name, "%.*s", colon ? (int)(colon - v) : (int)strlen(v), v);
	int f = cl_format_parse(name);
	if (f < 0) {
		struct strbuf known = STRBUF_INIT;
		format_names(&known);
		int rc = die_usage("unknown format '%s' (%s)", name, known.buf);
		strbuf_release(&known);
		return rc;
	}
	if (colon && !colon[1])
		return die_usage("--format %s: needs a file name after ':'", name);
	o->outputs[o->noutputs].format = (enum cl_format)f;
	o->outputs[o->noutputs++].path = colon ? colon + 1 : NULL;
	return 0;
}

HANDLER(opt_fail_on)
{
	if (!strcmp(v, "never"))
		o->fail_on = 0;
	else if ((o->fail_on = cl_severity_parse(v)) < 0)
		return die_usage("unknown level '%s' for --fail-on", v);
	return 0;
}

HANDLER(opt_disable)
{
	const struct cl_rule *r = v ? cl_rule_find(v) : NULL;
	if (!r)
		return die_usage("unknown rule '%s'", v ? v : "");
	cl_rule_enable(&run->rules, r, 0, CL_FROM_CLI);
	return 0;
}

HANDLER(opt_severity)
{
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
	cl_rule_set_severity(&run->rules, r, (enum cl_severity)sev, CL_FROM_CLI);
	return 0;
}

HANDLER(opt_color)
{
	if (!strcmp(v, "always"))
		o->color = 1;
	else if (!strcmp(v, "never"))
		o->color = 0;
	else if (!strcmp(v, "auto"))
		o->color = -1;
	else
		return die_usage("unknown value '%s' for --color", v);
	return 0;
}

HANDLER(opt_max_file_size)
{
	if (!v || parse_size(v, &run->limits.max_file_size))
		return die_usage("--max-file-size takes a number of bytes, not '%s'", v ? v : "");
	return 0;
}

/* A number of bytes with an optional K, M or G (powers of 1024); 0 is allowed. */
HANDLER(opt_max_memory)
{
	static const char units[] = "KMG";
	char *end = NULL;
	errno = 0;
	unsigned long long n = v && isdigit((unsigned char)*v) ? strtoull(v, &end, 10) : 0;
	const char *u = end && *end ? strchr(units, toupper((unsigned char)*end)) : NULL;
	int shift = u ? 10 * (int)(u - units + 1) : 0;
	if (u)
		end++;
	if (!end || errno || *end || n > (SIZE_MAX >> shift))
		return die_usage("--max-memory takes a size in bytes (K, M, G suffixes), not '%s'",
				 v ? v : "");
	o->max_memory = (size_t)n << shift;
	return 0;
}

HANDLER(opt_timeout)
{
	char *end = NULL;
	errno = 0;
	unsigned long n = v && isdigit((unsigned char)*v) ? strtoul(v, &end, 10) : 0;
	if (!end || errno || *end || n > 1000000)
		return die_usage("--timeout takes a number of seconds, not '%s'", v ? v : "");
	o->timeout = (unsigned)n;
	return 0;
}

/* The root and the opened-up paths are compared after resolving symlinks,
 * as the paths the project's files name are. */
HANDLER(opt_root)
{
	struct stat st;
	const char *r = cl_confine_resolve(run->a, v);
	if (!r || stat(r, &st) || !S_ISDIR(st.st_mode))
		return die_usage("--root needs a directory; '%s' is not one", v);
	run->confine.given_root = r;
	return 0;
}

HANDLER(opt_allow_outside)
{
	if (cl_confine_allow(&run->confine, run->a, v))
		return die_usage("--allow-outside: cannot resolve '%s': %s", v, strerror(errno));
	return 0;
}

HANDLER(opt_max_regex_budget)
{
	char *end;
	errno = 0;
	unsigned long long n = v && *v >= '0' && *v <= '9' ? strtoull(v, &end, 10) : 0;
	if (!n || errno || *end)
		return die_usage("--max-regex-budget takes a positive number of match-limit units, "
				 "not '%s'", v ? v : "");
	run->policies->rule_budget = n;
	return 0;
}

static void print_help(enum cl_command c);

HANDLER(opt_help)
{
	print_help(o->command);
	return -1;
}

HANDLER(opt_version)
{
	printf("composelint %s\n", CL_VERSION);
	return -1;
}

#undef HANDLER

#define FOR_LINT (1u << CMD_LINT)
#define FOR_CONFIG (1u << CMD_CONFIG)
#define FOR_TEST (1u << CMD_TEST)
#define FOR_ALL (FOR_LINT | FOR_CONFIG | FOR_TEST)

enum section { PROJECT, GENERAL };
enum action { CALL, FLAG, VALUE, LIST };

static const struct option {
	const char *name;   /* after "--" */
	char letter;        /* after "-", or 0 */
	const char *arg;    /* the value's name, NULL for a flag */
	const char *needs;  /* "a file": a missing or empty value is a usage error */
	unsigned commands;  /* FOR_* */
	enum section section;
	enum action action;
	size_t field;       /* FLAG, VALUE, LIST: offsetof(struct options, field) */
	int (*handler)(struct options *, struct cl_run *, const char *);  /* CALL */
	const char *help;
} options[] = {
/* The field's type is checked: comparing pointers of different types does
 * not compile. */
#define FIELD(f, type) offsetof(struct options, f) + 0 * sizeof(&((struct options *)0)->f == (type *)0)
#define FLAG(f) FLAG, FIELD(f, int), NULL
#define VALUE(f) VALUE, FIELD(f, const char *), NULL
#define LIST(f) LIST, FIELD(f, struct pathlist), NULL
#define CALL(fn) CALL, 0, fn
#define OPTION(lng, shrt, arg, needs, commands, section, action, help) \
	{ lng, shrt, arg, needs, commands, section, action, help },
#include "cli/options.def"
#undef OPTION
#undef CALL
#undef LIST
#undef VALUE
#undef FLAG
#undef FIELD
};

#define NOPTIONS (sizeof options / sizeof *options)

/* The commands: the word after "composelint" (none for linting), their
 * synopsis lines, what they do and what their exit status means. */
static const struct command {
	const char *word;
	const char *synopsis;
	const char *about;
	const char *status;
} commands[CMD_COUNT] = {
	[CMD_LINT] = {
		NULL,
		"composelint [options] [FILE|DIR]...\n"
		"composelint [options] -f FILE [-f OVERRIDE]...\n",
		"Lint Docker Compose projects as docker compose would run them: override\n"
		"files merged, extends and include followed, variables interpolated. With\n"
		"no FILE, lint the project of the current directory (COMPOSE_FILE, else\n"
		"compose.yaml, compose.yml, docker-compose.yaml or docker-compose.yml,\n"
		"with its compose.override.* beside it). A DIR is searched for projects.\n"
		"FILE may be '-' for standard input.\n",
		"exit status: 0 clean, 1 findings at or above --fail-on, 2 could not\n"
		"lint everything (bad usage, bad policy, unreadable file).\n",
	},
	[CMD_CONFIG] = {
		"config",
		"composelint config [options] [--with-origins] [FILE | -f FILE...]\n",
		"'composelint config' prints the effective project as YAML, like\n"
		"'docker compose config'; --with-origins adds where each value was written.\n",
		"exit status: 0 printed, 1 a problem met while assembling is at or above\n"
		"--fail-on, 2 could not print the project (bad usage, unreadable file).\n",
	},
	[CMD_TEST] = {
		"test",
		"composelint test [options] [FILE|DIR]...\n",
		"'composelint test' lints policy test fixtures (every .yml/.yaml file\n"
		"of a DIR) and checks their findings against their '# expect: RULE'\n"
		"and '# expect-none' comments.\n",
		"exit status: 0 every fixture passes, 1 a fixture fails, 2 could not\n"
		"test everything (bad usage, bad policy, unreadable file).\n",
	},
};

/* Help text: the value column, and the width help sentences wrap at. */
enum { HELP_COLUMN = 24, HELP_WIDTH = 76 };

/* "  -f, --file FILE", then the help sentence wrapped under the column. */
static void print_option(const struct option *opt)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_addstr(&sb, "  ");
	if (opt->letter)
		strbuf_addf(&sb, "-%c, ", opt->letter);
	strbuf_addf(&sb, "--%s", opt->name);
	if (opt->arg)
		strbuf_addf(&sb, " %s", opt->arg);
	int col = (int)sb.len;
	fputs(sb.buf, stdout);
	strbuf_reset(&sb);

	const char *slot = strstr(opt->help, "{formats}");
	if (slot) {
		strbuf_add(&sb, opt->help, (size_t)(slot - opt->help));
		format_names(&sb);
		strbuf_addstr(&sb, slot + strlen("{formats}"));
	} else {
		strbuf_addstr(&sb, opt->help);
	}
	int first = 1;
	for (const char *w = sb.buf; *w;) {
		size_t n = strcspn(w, " ");
		if (first && col < HELP_COLUMN) {
			col += printf("%*s", HELP_COLUMN - col, "");
		} else if (first || col + 1 + (int)n <= HELP_WIDTH) {
			col += printf(" ");
		} else {
			col = printf("\n%*s", HELP_COLUMN, "") - 1;
		}
		col += printf("%.*s", (int)n, w);
		first = 0;
		w += n;
		w += strspn(w, " ");
	}
	putchar('\n');
	strbuf_release(&sb);
}

static void print_synopsis(const char *lines, int *first)
{
	for (const char *l = lines; *l; l = strchr(l, '\n') + 1) {
		fputs(*first ? "usage: " : "       ", stdout);
		fwrite(l, 1, strcspn(l, "\n") + 1, stdout);
		*first = 0;
	}
}

/* A command's --help; linting's, the main one, also shows the others. */
static void print_help(enum cl_command c)
{
	int first = 1;
	print_synopsis(commands[c].synopsis, &first);
	for (int k = 0; c == CMD_LINT && k < CMD_COUNT; k++)
		if (k != CMD_LINT)
			print_synopsis(commands[k].synopsis, &first);
	printf("\n%s", commands[c].about);
	if (c == CMD_LINT) {
		for (int k = 0; k < CMD_COUNT; k++)
			if (k != CMD_LINT)
				printf("\n%s", commands[k].about);
		const char *sep = "\nTheir own options:";
		for (int k = 0; k < CMD_COUNT; k++)
			if (k != CMD_LINT) {
				printf("%s 'composelint %s --help'", sep, commands[k].word);
				sep = ",";
			}
		fputs(".\n", stdout);
	}
	static const char *const headings[] = { [PROJECT] = "project options", [GENERAL] = "options" };
	for (int s = PROJECT; s <= GENERAL; s++) {
		printf("\n%s:\n", headings[s]);
		for (size_t i = 0; i < NOPTIONS; i++)
			if (options[i].section == (enum section)s && options[i].commands & 1u << c)
				print_option(&options[i]);
	}
	printf("\n%s", commands[c].status);
}

/*
 * The row "--name", "--name=value", "-x" or "-x=value" spells, or NULL;
 * *inline_value gets what follows '=' (a flag takes no value).
 */
static const struct option *find_option(const char *a, const char **inline_value)
{
	*inline_value = NULL;
	for (size_t i = 0; i < NOPTIONS; i++) {
		const struct option *opt = &options[i];
		const char *rest;
		size_t n = strlen(opt->name);
		if (a[1] == '-' && !strncmp(a + 2, opt->name, n))
			rest = a + 2 + n;
		else if (a[1] != '-' && opt->letter && a[1] == opt->letter)
			rest = a + 2;
		else
			continue;
		if (!*rest)
			return opt;
		if (*rest == '=' && opt->arg) {
			*inline_value = rest + 1;
			return opt;
		}
	}
	return NULL;
}

int options_parse(int argc, char **argv, struct options *o, struct cl_run *run)
{
	int first = 1;
	o->command = CMD_LINT;
	for (int c = 0; argc > 1 && c < CMD_COUNT; c++)
		if (commands[c].word && !strcmp(argv[1], commands[c].word)) {
			o->command = (enum cl_command)c;
			first = 2;
		}
	int only_paths = 0;
	for (int i = first; i < argc; i++) {
		const char *a = argv[i], *v;
		if (only_paths || a[0] != '-' || !strcmp(a, "-")) {
			pathlist_add(&o->paths, a);
			continue;
		}
		if (!strcmp(a, "--")) {
			only_paths = 1;
			continue;
		}
		int rc;
		const struct option *opt = find_option(a, &v);
		if (!opt)
			return die_usage("unknown option '%s'", a);
		if (!(opt->commands & 1u << o->command))
			return o->command == CMD_LINT
				? die_usage("--%s is not an option for linting", opt->name)
				: die_usage("--%s is not an option of 'composelint %s'", opt->name,
					    commands[o->command].word);
		if (opt->arg && !v && i + 1 < argc)
			v = argv[++i];
		if (opt->needs && (!v || !*v))
			return die_usage("%s needs %s", a, opt->needs);
		char *field = (char *)o + opt->field;
		if (opt->action == FLAG)
			*(int *)field = 1;
		else if (opt->action == VALUE)
			*(const char **)field = v;
		else if (opt->action == LIST)
			pathlist_add((struct pathlist *)field, v);
		else if ((rc = opt->handler(o, run, v)))
			return rc;
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
	o->max_memory = RUN_MAX_MEMORY_DEFAULT;
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
