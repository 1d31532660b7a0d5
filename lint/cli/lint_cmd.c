/*
 * lint_cmd.c - the default command: lint compose files and report.
 */
#include "cli/options.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int cmd_lint(struct options *o, struct cl_run *run)
{
	int incomplete = 0;
	if (!o->paths.n) {
		char *p = discover_default(".");
		if (!p) {
			fprintf(stderr, "composelint: no compose file in the current directory "
					"(looked for compose.yaml, compose.yml, docker-compose.yaml, "
					"docker-compose.yml)\n");
			return CL_EXIT_ERROR;
		}
		cl_run_file(run, p);
		free(p);
	}
	for (size_t i = 0; i < o->paths.n; i++) {
		const char *p = o->paths.v[i];
		struct stat st;
		if (strcmp(p, "-") && !stat(p, &st) && S_ISDIR(st.st_mode)) {
			struct pathlist found = { NULL, 0, 0 };
			if (discover_dir(p, &found)) {
				fprintf(stderr, "composelint: cannot read directory '%s': %s\n", p,
					strerror(errno));
				incomplete = 1;
			} else if (!found.n) {
				fprintf(stderr, "composelint: no compose files under '%s'\n", p);
				incomplete = 1;
			}
			for (size_t j = 0; j < found.n; j++)
				cl_run_file(run, found.v[j]);
			pathlist_release(&found);
		} else {
			cl_run_file(run, p);
		}
	}
	cl_run_finish(run);

	cl_report_text(stdout, &run->findings, &run->files, &o->out);
	if (!o->quiet)
		cl_report_summary(stdout, &run->findings, run->nlinted, &o->out);

	int rc = CL_EXIT_OK;
	for (size_t i = 0; i < run->findings.n && o->fail_on; i++)
		if ((int)run->findings.v[i].severity >= o->fail_on && !run->findings.v[i].suppressed)
			rc = CL_EXIT_FINDINGS;
	if (run->incomplete || incomplete)
		rc = CL_EXIT_ERROR;
	fflush(stdout);
	if (ferror(stdout))
		rc = CL_EXIT_ERROR;
	return rc;
}
