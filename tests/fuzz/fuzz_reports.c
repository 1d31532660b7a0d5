/*
 * fuzz_reports.c - libFuzzer harness: bytes as a compose file, linted with
 * the built-in rules, then every reporter (text, json, sarif, junit, github,
 * checkstyle, codeclimate) written to a memory stream.
 *
 * Besides memory errors, the harness checks that what each reporter wrote
 * is well-formed for its syntax (outcheck.h), so an escaping bug is a crash
 * too.  Two more things come from the input, so each input has one fixed
 * meaning:
 *   - the reporter options (colour, quiet, suppressed findings shown, a
 *     complete run) from the bits of its size;
 *   - the file's name: when the first line is `#!NAME`, NAME (any bytes) is
 *     the name reporters print and percent-encode; else "compose.yml".
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "engine/engine.h"
#include "policy/policy.h"
#include "report/report.h"
#include "outcheck.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	if (!freopen("/dev/null", "r", stdin))
		return 0;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	char *name = NULL;
	if (size > 2 && text[0] == '#' && text[1] == '!') {
		const char *nl = memchr(text, '\n', size);
		size_t n = (nl ? (size_t)(nl - text) : size) - 2;
		if (n && !memchr(text + 2, 0, n) && strncmp(text + 2, "-", n)) {
			name = xmalloc(n + 1);
			memcpy(name, text + 2, n);
			name[n] = '\0';
		}
	}

	struct cl_run run;
	cl_run_init(&run);
	run.policies->today = "2026-01-01";
	cl_run_buffer(&run, name ? name : "compose.yml", text, size);
	cl_run_finish(&run);

	const struct cl_rule **rules;
	struct cl_report_input in = { &run.findings, &run.files, run.linted, run.nlinted,
				      NULL, 0, (size & 8) == 0, "0.0.0-fuzz" };
	in.nrules = pol_set_rules(run.policies, &rules);
	in.rules = rules;
	struct cl_report_opts ro = { (int)(size & 1), (int)((size >> 1) & 1), "docs/rules/",
				     (int)((size >> 2) & 1) };
	for (int f = 0; f < CL_FMT_COUNT; f++)
		check_report((enum cl_format)f, &in, &ro);
	cl_run_release(&run);
	free(name);
	return 0;
}
