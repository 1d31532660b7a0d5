/*
 * engine.c - the pipeline for one compose file:
 *   bytes -> precheck -> YAML tree -> compose model -> schema + rules -> findings
 */
#include "engine/engine.h"
#include "base/arena.h"
#include "compose/model.h"
#include "compose/schema.h"
#include "compose/value.h"
#include "policy/policy.h"
#include "engine/suppress.h"
#include "rules/check.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void cl_run_init(struct cl_run *run)
{
	static const struct ylimits lim = YLIMITS_DEFAULT;
	memset(run, 0, sizeof *run);
	run->a = arena_new();
	run->limits = lim;
	for (size_t i = 0; i < CL_RULE_COUNT; i++) {
		run->enabled[i] = 1;
		run->severity[i] = cl_rules[i].severity;
	}
	run->policies = xcalloc(1, sizeof *run->policies);
	pol_set_init(run->policies, run->a, &run->files, NULL);
	if (pol_set_load_builtins(run->policies)) {
		fprintf(stderr, "composelint: BUG: the built-in policies do not load: %s\n",
			run->policies->errors[0].msg);
		abort();
	}
}

void cl_run_release(struct cl_run *run)
{
	if (run->policies)
		pol_set_release(run->policies);
	free(run->policies);
	free(run->linted);
	cl_findings_release(&run->findings);
	cl_sources_release(&run->files);
	arena_free(run->a);
	memset(run, 0, sizeof *run);
}

/* A finding of one of the CL0xx input rules; NULL when the rule is disabled. */
static struct cl_finding *input_finding(struct cl_run *run, enum cl_rule_index r,
					const struct cl_span *at, const char *msg)
{
	if (!run->enabled[r])
		return NULL;
	struct cl_finding *f = cl_findings_add(&run->findings);
	f->rule = &cl_rules[r];
	f->severity = run->severity[r];
	f->at = *at;
	f->message = msg;
	return f;
}

static void load_problems(struct cl_run *run, const struct yload *ld)
{
	static const enum cl_rule_index rule_of[] = {
		[YPROB_SYNTAX] = R_CL001, [YPROB_DUPLICATE] = R_CL002, [YPROB_LIMIT] = R_CL004,
		[YPROB_ENCODING] = R_CL005, [YPROB_EXTRA_DOC] = R_CL006,
	};
	for (uint32_t i = 0; i < ld->nproblems; i++) {
		const struct yproblem *p = &ld->problems[i];
		struct cl_finding *f = input_finding(run, rule_of[p->kind], &p->at, p->msg);
		if (f && cl_span_valid(&p->other)) {
			f->related = arena_alloc(run->a, sizeof *f->related);
			f->related[0].at = p->other;
			f->related[0].message = "first defined here";
			f->nrelated = 1;
		}
	}
}

static void too_large(struct cl_run *run, uint32_t fi)
{
	struct cl_span at = { fi, { 0, 1, 1 }, { 0, 1, 1 } };
	input_finding(run, R_CL004, &at,
		      arena_printf(run->a, "file is larger than the limit of %zu bytes; not linted",
				   run->limits.max_file_size));
}

static void lint_source(struct cl_run *run, uint32_t fi);

void cl_run_file(struct cl_run *run, const char *path)
{
	uint32_t fi = cl_sources_add(&run->files, run->a, path);
	struct cl_span whole = { fi, { 0, 0, 0 }, { 0, 0, 0 } };
	run->linted = xrealloc(run->linted, (run->nlinted + 1) * sizeof *run->linted);
	run->linted[run->nlinted++] = fi;
	int rc = cl_source_read(&run->files, run->a, fi, run->limits.max_file_size);
	const struct cl_source *src = &run->files.v[fi];
	if (rc < 0) {
		input_finding(run, R_CL000, &whole,
			      arena_printf(run->a, "cannot read '%s': %s", src->display,
					   strerror(src->read_error)));
		run->incomplete = 1;
		return;
	}
	if (rc > 0) {
		too_large(run, fi);
		return;
	}
	lint_source(run, fi);
}

void cl_run_buffer(struct cl_run *run, const char *name, const char *buf, size_t len)
{
	uint32_t fi = cl_sources_add(&run->files, run->a, name);
	run->linted = xrealloc(run->linted, (run->nlinted + 1) * sizeof *run->linted);
	run->linted[run->nlinted++] = fi;
	struct cl_source *src = &run->files.v[fi];
	int over = len > run->limits.max_file_size;
	src->len = over ? run->limits.max_file_size : len;
	src->text = arena_strndup(run->a, buf, src->len);
	if (over) {
		too_large(run, fi);
		return;
	}
	lint_source(run, fi);
}

/* Everything after reading: the file's bytes are in the file table. */
static void lint_source(struct cl_run *run, uint32_t fi)
{
	const struct cl_source *src = &run->files.v[fi];
	struct yload ld;
	size_t first = run->findings.n;  /* this file's findings start here */
	int loaded = yaml_load(run->a, fi, src->text, src->len, &run->limits, &ld) == 0;
	load_problems(run, &ld);
	if (!ld.ndocs)
		return;

	const struct ynode *root = ld.docs[0];
	struct cl_schema_issue *issues = NULL;
	uint32_t nissues = 0;
	compose_schema_check(run->a, root, &issues, &nissues);
	for (uint32_t i = 0; i < nissues; i++)
			input_finding(run, R_CL003, &issues[i].at, issues[i].msg);

	struct cl_project *p = compose_model_build(run->a, fi, root);
	struct cl_ctx ctx = { run->a, &run->findings, p, run->severity };
	for (size_t r = 0; r < CL_RULE_COUNT; r++)
		if (cl_rules[r].kind == CL_RULE_C && run->enabled[r] && run->policies->builtin_on[r])
			cl_rules[r].check(&ctx, p);

	{
		int truncated = 0;
		const struct cv *doc = compose_normalize(run->a, p, &truncated);
		if (truncated)
			input_finding(run, R_CL004, &root->span,
				      arena_printf(run->a, "aliases expand to more than %u values; "
						   "policies saw part of the file", CV_MAX_NODES));
		pol_eval(run->policies, p, doc, &run->findings);
		pol_apply_exceptions(run->policies, &run->findings, first);
	}

	/* inline suppressions, once every finding of this file is in; a file
	 * with a YAML error has no reliable comments and gets none */
	if (loaded)
		cl_suppress_file(run, fi, &ld, first);
}

void cl_run_finish(struct cl_run *run)
{
	pol_report_exceptions(run->policies, &run->findings);
	cl_findings_finish(&run->findings, run->a);
}
