/*
 * main.c - composelint's entry point: pick the command, parse the options,
 * run it.  `composelint [options] PATH...` lints; `composelint test ...`
 * checks policy test fixtures; `composelint config ...` prints the
 * effective project.  Commands are words before the paths, as in git.
 */
#include "cli/options.h"

#include <string.h>

int main(int argc, char **argv)
{
	int (*cmd)(struct options *, struct cl_run *) = cmd_lint;
	int first = 1;
	if (argc > 1 && !strcmp(argv[1], "test")) {
		cmd = cmd_test;
		first = 2;
	} else if (argc > 1 && !strcmp(argv[1], "config")) {
		cmd = cmd_config;
		first = 2;
	}
	struct options o;
	struct cl_run run;
	options_init(&o);
	cl_run_init(&run);
	int rc = options_parse(argc, argv, first, &o, &run);
	if (!rc && o.list_rules)
		options_list_rules();
	else if (!rc)
		rc = options_setup(&o, &run) ? CL_EXIT_ERROR : cmd(&o, &run);
	options_release(&o);
	cl_run_release(&run);
	return rc < 0 ? CL_EXIT_OK : rc;
}
