/*
 * fuzz_yaml.c - libFuzzer harness: bytes as a compose file through the whole
 * pipeline (precheck, YAML load, schema check, model, normalize, built-in C
 * rules and built-in policies, exceptions, inline suppressions, finish),
 * then what `composelint test` does with the result: the file's comments
 * and its `# expect:` annotations checked against the findings, mismatches
 * printed.
 *
 * Build and run: tests/fuzz/run.sh (see tests/fuzz/README.md).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "engine/engine.h"
#include "engine/expect.h"
#include "policy/policy.h"
#include "report/report.h"
#include "yaml/comments.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static FILE *sink;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	/* nothing may ever wait for a terminal */
	if (!freopen("/dev/null", "r", stdin))
		return 0;
	sink = fopen("/dev/null", "w");
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cl_run run;
	cl_run_init(&run);
	run.policies->today = "2026-01-01";  /* deterministic expiry */
	cl_run_buffer(&run, "compose.yml", (const char *)data, size);
	cl_run_finish(&run);
	const struct cl_rule **rules;
	(void)pol_set_rules(run.policies, &rules);

	/* `composelint test`: comments from a second load, as test_cmd.c does */
	uint32_t fi = run.linted[0];
	const struct cl_source *src = &run.files.v[fi];
	struct yload ld;
	yaml_load(run.a, fi, src->text, src->len, &run.limits, &ld);
	struct ycomment *cs = NULL;
	uint32_t nc = yaml_comments(run.a, fi, src->text, src->len, ld.docs, ld.ndocs, &cs);
	struct cl_expect_result res;
	cl_expect_check(run.a, src, fi, cs, nc, &run.findings, &res);
	struct cl_report_opts ro = { 0, 0, "docs/rules/", 0 };
	for (uint32_t k = 0; k < res.problems.n && sink; k++)
		cl_report_diagnostic(sink, &run.files, &res.problems.v[k].at, res.problems.v[k].msg, &ro);
	cl_run_release(&run);
	return 0;
}
