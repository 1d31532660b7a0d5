/*
 * config_cmd.c - `composelint config`: the effective project as YAML.
 *
 * What `docker compose config` prints, from the same assembly the linter
 * uses, so a user can see what composelint judged (and, with
 * --with-origins, where each value was written).  Problems found while
 * assembling (a missing required variable, an unresolved extends) go to
 * stderr as findings; the exit status follows --fail-on as for linting.
 */
#include "cli/options.h"
#include "base/arena.h"
#include "base/strbuf.h"
#include "compose/print.h"
#include "compose/value.h"

#include <stdio.h>
#include <string.h>

/* Top-level sections nobody wrote and that hold nothing: docker compose
 * config leaves them out too. */
static const struct cv *without_empty_sections(struct arena *a, const struct cv *root)
{
	if (!root || root->kind != CV_MAP)
		return root;
	struct cv *copy = arena_alloc(a, sizeof *copy);
	*copy = *root;
	struct cv_entry *items = arena_alloc(a, (root->n ? root->n : 1) * sizeof *items);
	copy->items = items;
	copy->n = 0;
	for (uint32_t i = 0; i < root->n; i++) {
		const struct cv *v = root->items[i].value;
		if (!v->at.node && !v->n && (v->kind == CV_MAP || v->kind == CV_LIST))
			continue;
		items[copy->n++] = root->items[i];
	}
	return copy;
}

int cmd_config(struct options *o, struct cl_run *run)
{
	struct project_list projects;
	if (projects_find(o, run, &projects))
		return CL_EXIT_ERROR;
	if (projects.n != 1) {
		fprintf(stderr, "composelint: config prints one project; %zu were given\n"
				"try 'composelint --help'\n", projects.n);
		projects_release(&projects);
		return CL_EXIT_ERROR;
	}
	struct cl_assembled as;
	cl_run_assemble(run, (const char *const *)projects.v[0].v, (uint32_t)projects.v[0].n, &as);
	projects_release(&projects);
	cl_run_finish(run);

	int rc = CL_EXIT_OK;
	struct strbuf sb = STRBUF_INIT;
	if (as.root) {
		int truncated = 0;
		const struct cv *doc = compose_normalize(run->a, as.root, &truncated);
		doc = without_empty_sections(run->a, doc);
		if (compose_print_yaml(&sb, doc, &run->files, o->with_origins) || truncated)
			rc = CL_EXIT_ERROR;
		fwrite(sb.buf, 1, sb.len, stdout);
		strbuf_release(&sb);
	} else {
		rc = CL_EXIT_ERROR;
	}
	cl_report_text(stderr, &run->findings, &run->files, &o->err);
	for (size_t i = 0; i < run->findings.n && o->fail_on; i++)
		if ((int)run->findings.v[i].severity >= o->fail_on && !run->findings.v[i].suppressed &&
		    rc == CL_EXIT_OK)
			rc = CL_EXIT_FINDINGS;
	if (run->incomplete)
		rc = CL_EXIT_ERROR;
	return rc;
}
