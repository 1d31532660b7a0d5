/*
 * options.h - the command line shared by composelint's commands.
 *
 * Exit status (documented in docs/cli.md):
 *   0  nothing at or above --fail-on (test: every fixture passes)
 *   1  findings at or above --fail-on (test: a fixture fails)
 *   2  composelint could not do its whole job (usage, bad policy,
 *      unreadable input); 2 wins over 1.
 */
#ifndef CL_CLI_OPTIONS_H
#define CL_CLI_OPTIONS_H

#include "cli/discover.h"
#include "engine/engine.h"
#include "report/report.h"
#include "core/rule.h"

enum cl_exit { CL_EXIT_OK = 0, CL_EXIT_FINDINGS = 1, CL_EXIT_ERROR = 2 };

/* The commands, by the word after "composelint" (none: lint). */
enum cl_command { CMD_LINT, CMD_CONFIG, CMD_TEST, CMD_COUNT };

/* One report to write: a format, to a file or (path NULL) to stdout. */
struct output {
	enum cl_format format;
	const char *path;
};

#define MAX_OUTPUTS 16

struct options {
	enum cl_command command;
	int fail_on;        /* severity, or 0 for never */
	int color;          /* -1 auto */
	int quiet;
	int list_rules;
	int show_suppressed;
	int explain_unknown;
	int with_origins;   /* config --with-origins */
	int use_env;        /* --use-env */
	struct pathlist paths;
	struct pathlist policies;
	struct pathlist files;      /* -f: one project, in this order */
	struct pathlist env_files;  /* --env-file */
	struct pathlist profiles;   /* --profile */
	const char *project_dir;    /* --project-directory */
	const char *today;  /* --today */
	struct output outputs[MAX_OUTPUTS];  /* --format; none given: text to stdout */
	unsigned noutputs;
	const char *output_path;             /* --output */
	struct cl_report_opts out, err;  /* report options for stdout and stderr */
	char date[16];      /* "today", YYYY-MM-DD, for the run's lifetime */
	size_t max_memory;  /* --max-memory, bytes; 0: no limit */
	unsigned timeout;   /* --timeout, seconds; 0: none */
};

void options_init(struct options *o);
void options_release(struct options *o);

/*
 * options_parse() - the command (argv[1] when it names one) and its
 * options (lint/cli/options.def) into o and run (enabled rules,
 * severities, limits).  Returns 0, -1 when done already (--help,
 * --version), or CL_EXIT_ERROR after printing a usage error (an unknown
 * option, or one the command does not use).  o keeps pointers into argv.
 */
int options_parse(int argc, char **argv, struct options *o, struct cl_run *run);

/*
 * options_setup() - decide colours, load the --policy files (printing
 * every policy error; -1 then) and settle the built-in rules' state.
 */
int options_setup(struct options *o, struct cl_run *run);

/* options_list_rules() - the registry as a table on stdout. */
void options_list_rules(void);

/* The commands. */
int cmd_lint(struct options *o, struct cl_run *run);
int cmd_test(struct options *o, struct cl_run *run);
int cmd_config(struct options *o, struct cl_run *run);

/*
 * The projects to lint or print, from -f, COMPOSE_FILE, the paths and the
 * current directory (see docs/cli.md, "Projects").  Each project is a main
 * file and its overrides; prints why and returns -1 when there is nothing.
 */
struct project_list {
	struct pathlist *v;   /* one pathlist per project */
	size_t n, cap;
	int incomplete;       /* a directory could not be read */
};
int projects_find(struct options *o, struct cl_run *run, struct project_list *out);
void projects_release(struct project_list *l);

#endif
