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
#include "engine/finding.h"

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
