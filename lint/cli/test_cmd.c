/*
 * test_cmd.c - `composelint test`: policy tests.
 *
 * Every .yml/.yaml file under the given directories (or each given file) is
 * linted as its own project with the run's policies, then its findings are
 * compared with its `# expect:` annotations (engine/expect.h).  Each file
 * passes or fails as a whole; mismatches are printed in the
 * file:line:col: form, and a closing line counts files.
 */
#include "cli/options.h"
#include "base/arena.h"
#include "base/vec.h"
#include "engine/expect.h"
#include "yaml/comments.h"
#include "yaml/load.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* The comments of a file, from its text kept in the file table. */
static uint32_t file_comments(struct cl_run *run, uint32_t fi, struct ycomment **out)
{
	const struct cl_source *src = &run->files.v[fi];
	*out = NULL;
	if (!src->text)
		return 0;
	struct yload ld;
	yaml_load(run->a, fi, src->text, src->len, &run->limits, &ld);
	return yaml_comments(run->a, fi, src->text, src->len, ld.docs, ld.ndocs, out);
}

int cmd_test(struct options *o, struct cl_run *run)
{
	int incomplete = 0;
	if (!o->paths.n) {
		fprintf(stderr, "composelint: test needs fixture files or directories\n"
				"try 'composelint --help'\n");
		return CL_EXIT_ERROR;
	}
	/* the file table also holds policies: remember which entries are fixtures */
	uint32_t *fixtures = NULL;
	size_t nfix = 0, cap = 0;
	for (size_t i = 0; i < o->paths.n; i++) {
		const char *p = o->paths.v[i];
		struct discovery d;
		struct pathlist *found = &d.found;
		struct stat st;
		if (!stat(p, &st) && S_ISDIR(st.st_mode)) {
			discover_yaml(p, &d);
			for (size_t k = 0; k < d.nskipped; k++) {
				char *msg = discover_skip_message(&d.skipped[k], p);
				fprintf(stderr, "composelint: %s\n", msg);
				free(msg);
				incomplete = 1;
			}
		} else {
			memset(&d, 0, sizeof d);
			cl_run_given(run, p);
			pathlist_add(found, p);
		}
		for (size_t j = 0; j < found->n; j++)
			*VEC_PUSH(fixtures, nfix, cap) = cl_run_file(run, found->v[j]);
		discovery_release(&d);
	}
	cl_run_finish(run);

	unsigned passed = 0, failed = 0;
	for (size_t i = 0; i < nfix; i++) {
		uint32_t fi = fixtures[i];
		const struct cl_source *src = &run->files.v[fi];
		struct ycomment *cs;
		uint32_t nc = file_comments(run, fi, &cs);
		struct cl_expect_result res;
		cl_expect_check(run->a, src, fi, cs, nc, &run->findings, &res);
		if (src->read_error)
			incomplete = 1;
		if (!res.problems.n && !src->read_error) {
			passed++;
			if (!o->quiet)
				printf("ok %s (%u expectation%s)\n", src->display, res.expectations,
				       res.expectations == 1 ? "" : "s");
			continue;
		}
		failed++;
		printf("FAIL %s\n", src->display);
		for (uint32_t k = 0; k < res.problems.n; k++)
			cl_report_diagnostic(stdout, &run->files, &res.problems.v[k].at,
					     res.problems.v[k].msg, &o->out);
	}
	/* findings outside the fixtures (an expired or unused exception in a
	 * policy) fail no fixture, but a test run must not hide them */
	unsigned char *is_fixture = xcalloc(run->files.n ? run->files.n : 1, 1);
	for (size_t k = 0; k < nfix; k++)
		is_fixture[fixtures[k]] = 1;
	struct cl_findings other = { NULL, 0, 0 };
	for (size_t i = 0; i < run->findings.n; i++)
		if (!is_fixture[run->findings.v[i].at.file])
			cl_findings_append(&other, &run->findings.v[i]);
	cl_report_text(stdout, &other, &run->files, &o->out);
	cl_findings_release(&other);
	free(is_fixture);
	free(fixtures);
	printf("test: %u passed, %u failed\n", passed, failed);
	if (incomplete)
		return CL_EXIT_ERROR;
	return failed ? CL_EXIT_FINDINGS : CL_EXIT_OK;
}
