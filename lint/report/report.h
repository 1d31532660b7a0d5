/*
 * report.h - reporters: findings -> text for people and machines.
 *
 * Reporters see only findings, the file table and the rule registry; none
 * of them knows about YAML or the compose model.
 */
#ifndef CL_REPORT_REPORT_H
#define CL_REPORT_REPORT_H

#include <stdio.h>

#include "base/source.h"
#include "core/finding.h"

/* Everything a reporter may read: one lint run's results. */
struct cl_report_input {
	const struct cl_findings *findings;      /* sorted and merged */
	const struct cl_sources *files;
	const uint32_t *linted;                  /* compose files, in lint order */
	uint32_t nlinted;
	const struct cl_rule *const *rules;      /* every rule that ran */
	uint32_t nrules;
	int complete;                            /* 0: some input could not be read (exit 2) */
	const char *version;
};

enum cl_format {
	CL_FMT_TEXT, CL_FMT_JSON, CL_FMT_SARIF, CL_FMT_JUNIT, CL_FMT_GITHUB,
	CL_FMT_CHECKSTYLE, CL_FMT_CODECLIMATE, CL_FMT_COUNT
};

struct cl_report_opts;

/* A reporter writes one whole document for the run to out. */
typedef void cl_reporter_fn(FILE *out, const struct cl_report_input *in,
			    const struct cl_report_opts *o);

/*
 * The formats' table (format.c) is the one list of format names: the
 * command line's parser, usage errors and --help read it from here.
 * cl_format_parse() - a format by name ("sarif"), or -1.
 * cl_format_name() - a format's name, a static string.
 */
int cl_format_parse(const char *name);
const char *cl_format_name(enum cl_format f);
cl_reporter_fn *cl_reporter(enum cl_format f);

/* The reporters (one file each under lint/report/). */
cl_reporter_fn cl_report_text_doc, cl_report_json, cl_report_sarif, cl_report_junit,
	cl_report_github, cl_report_checkstyle, cl_report_codeclimate;

/*
 * cl_fingerprints() - a stable identity for each finding: rule, file, object
 * and message, not the line, so baselines and code scanning alerts survive
 * unrelated edits; identical findings of a file are told apart by their
 * order.  out[i] gets 16 hex digits for finding i (the caller allocates
 * in->findings->n entries).
 */
void cl_fingerprints(const struct cl_report_input *in, char (*out)[17]);

struct cl_report_opts {
	int color;             /* ANSI colours (decided by the caller: tty, NO_COLOR, --color) */
	int quiet;             /* one line per finding: no excerpt, hint or summary */
	const char *docs_url;  /* prefix of rule pages, e.g. "docs/rules/" */
	int show_suppressed;   /* also list suppressed findings, each with its reason */
};

/* cl_report_text() - compiler-style text: file:line:col: severity: message [ID name],
 * the source line with the value underlined, related notes, a hint, a doc link.
 * Suppressed findings are left out unless o->show_suppressed. */
void cl_report_text(FILE *out, const struct cl_findings *f, const struct cl_sources *files,
		    const struct cl_report_opts *o);

/* cl_report_diagnostic() - a problem that stops composelint (a policy error),
 * in the same form: file:line:col: error: message, the line and a caret. */
void cl_report_diagnostic(FILE *out, const struct cl_sources *files, const struct cl_span *at,
			  const char *message, const struct cl_report_opts *o);

/* cl_report_summary() - "N files linted: E errors, W warnings, N notes", then
 * ", S suppressed" when findings were suppressed.  Suppressed findings are not
 * counted as errors, warnings or notes. */
void cl_report_summary(FILE *out, const struct cl_findings *f, unsigned nfiles,
		       const struct cl_report_opts *o);

#endif
