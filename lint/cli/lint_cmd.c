/*
 * lint_cmd.c - the default command: lint compose files and report.
 */
#include "cli/options.h"
#include "cli/outputs.h"
#include "base/arena.h"
#include "cli/run_limits.h"
#include "base/atomic.h"
#include "policy/policy.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef CL_VERSION
#define CL_VERSION "0.0.0"
#endif

static int unknown_cmp(const void *pa, const void *pb)
{
	const struct pol_unknown *a = pa, *b = pb;
	if (a->at.file != b->at.file)
		return a->at.file < b->at.file ? -1 : 1;
	if (a->at.start.off != b->at.start.off)
		return a->at.start.off < b->at.start.off ? -1 : 1;
	return strcmp(a->rule, b->rule);
}

/* What the policies could not judge, so "no finding" is not read as "fine". */
static void explain_unknown(struct cl_run *run, const struct cl_report_opts *ro)
{
	struct pol_set *ps = run->policies;
	if (!ps->nunknown)
		return;  /* (and no qsort() of a NULL array) */
	qsort(ps->unknown, ps->nunknown, sizeof *ps->unknown, unknown_cmp);
	for (uint32_t i = 0; i < ps->nunknown; i++) {
		const struct pol_unknown *u = &ps->unknown[i];
		if (i && !unknown_cmp(u, &ps->unknown[i - 1]))
			continue;
		struct cl_finding f;
		memset(&f, 0, sizeof f);
		struct cl_rule rule = { .id = u->rule, .name = u->rule, .severity = CL_NOTE,
					.category = "policy", .kind = CL_RULE_POLICY, .summary = "",
					.from_policy = 1 };
		const struct cl_rule *row = cl_rule_find(u->rule);
		f.rule = row ? row : &rule;
		f.severity = CL_NOTE;
		f.at = u->at;
		f.message = arena_printf(run->a, "not decided: '%s' %s", u->value, u->why);
		struct cl_findings one = { &f, 1, 1 };
		cl_report_text(stdout, &one, &run->files, ro);
	}
}

/*
 * Every requested report.  Files are opened first, all of them, then
 * written, then committed: a regular file is replaced whole or not at all
 * (base/atomic.h), anything else is written in place, and no report may
 * replace a file the run read.  A format on stdout has stdout to itself, so
 * the summary line goes to stderr then.
 */
static int write_reports(struct options *o, struct cl_run *run, const struct cl_report_input *in)
{
	int failed = 0, text_on_stdout = 0;
	struct atomic_file files[MAX_OUTPUTS];
	memset(files, 0, sizeof files);
	for (unsigned i = 0; i < o->noutputs; i++) {
		const char *path = o->outputs[i].path, *victim;
		if (!path)
			continue;
		if ((victim = output_clobbers_input(path, &run->files))) {
			fprintf(stderr, "composelint: refusing to write a report to '%s': it is '%s', a "
				"file this run reads\n", path, victim);
			failed = 1;
		} else if (atomic_open(&files[i], path)) {
			fprintf(stderr, "composelint: cannot write '%s': %s\n", path, strerror(errno));
			failed = 1;
		}
	}
	for (unsigned i = 0; i < o->noutputs; i++) {
		const struct output *out = &o->outputs[i];
		cl_reporter_fn *fn = cl_reporter(out->format);
		if (!out->path && out->format == CL_FMT_TEXT) {
			/* the terminal report: findings, what was left undecided, summary */
			text_on_stdout = 1;
			cl_report_text(stdout, in->findings, in->files, &o->out);
			if (o->explain_unknown)
				explain_unknown(run, &o->out);
			if (!o->quiet)
				cl_report_summary(stdout, in->findings, in->nlinted, &o->out);
			continue;
		}
		if (!out->path) {
			fn(stdout, in, &o->out);
			continue;
		}
		if (!files[i].fp)
			continue;
		struct cl_report_opts plain = o->out;
		plain.color = 0;  /* no escape sequences in files */
		fn(files[i].fp, in, &plain);
	}
	for (unsigned i = 0; i < o->noutputs; i++)
		if (files[i].fp && atomic_commit(&files[i])) {
			fprintf(stderr, "composelint: cannot write '%s': %s\n", o->outputs[i].path,
				strerror(errno));
			failed = 1;
		}
	if (!text_on_stdout && !o->quiet)
		cl_report_summary(stderr, in->findings, in->nlinted, &o->err);
	return failed;
}

/*
 * A report over a file of a project the run is about to lint is refused
 * before anything is read: write_reports() judges the files the run did
 * read, but a run stopped early (--max-memory, --timeout) has not read
 * them all.
 */
static int outputs_spare_projects(const struct options *o, const struct project_list *l)
{
	for (unsigned i = 0; i < o->noutputs; i++) {
		const char *path = o->outputs[i].path;
		for (size_t p = 0; path && p < l->n; p++)
			for (size_t f = 0; f < l->v[p].n; f++)
				if (output_replaces(path, l->v[p].v[f])) {
					fprintf(stderr, "composelint: refusing to write a report to "
						"'%s': it is '%s', a file this run reads\n", path,
						l->v[p].v[f]);
					return 1;
				}
	}
	return 0;
}

int cmd_lint(struct options *o, struct cl_run *run)
{
	if (outputs_distinct(o))
		return CL_EXIT_ERROR;
	struct project_list projects;
	if (projects_find(o, run, &projects))
		return CL_EXIT_ERROR;
	if (outputs_spare_projects(o, &projects)) {
		projects_release(&projects);
		return CL_EXIT_ERROR;
	}
	int incomplete = projects.incomplete;
	/* a run-wide limit jumps back here: what was found so far is reported */
	jmp_buf stop;
	volatile size_t next = 0;
	if (!setjmp(stop)) {
		run_limits_catch(&stop);
		for (; next < projects.n; next++)
			cl_run_project(run, (const char *const *)projects.v[next].v,
				       (uint32_t)projects.v[next].n);
	}
	run_limits_catch(NULL);
	if (run_limits_stopped() && !cl_run_stopped(run, run_limits_stopped()))
		fprintf(stderr, "composelint: %s\n", run_limits_stopped());
	projects_release(&projects);
	cl_run_finish(run);

	const struct cl_rule **rules;
	struct cl_report_input in = { &run->findings, &run->files, run->linted, run->nlinted,
				      NULL, 0, !(run->incomplete || incomplete), CL_VERSION };
	in.nrules = pol_set_rules(run->policies, &rules);
	in.rules = rules;
	if (write_reports(o, run, &in))
		incomplete = 1;

	int rc = CL_EXIT_OK;
	for (size_t i = 0; i < run->findings.n && o->fail_on; i++)
		if ((int)run->findings.v[i].severity >= o->fail_on && !run->findings.v[i].suppressed)
			rc = CL_EXIT_FINDINGS;
	if (run->incomplete || incomplete)
		rc = CL_EXIT_ERROR;
	return rc;
}
