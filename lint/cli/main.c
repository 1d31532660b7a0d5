/*
 * main.c - composelint's entry point: parse the command and its options,
 * run it.  `composelint [options] PATH...` lints; `composelint test ...`
 * checks policy test fixtures; `composelint config ...` prints the
 * effective project.  Commands are words before the paths, as in git.
 */
#include "cli/options.h"
#include "cli/outputs.h"
#include "cli/run_limits.h"

static int (*const run_command[CMD_COUNT])(struct options *, struct cl_run *) = {
	[CMD_LINT] = cmd_lint,
	[CMD_CONFIG] = cmd_config,
	[CMD_TEST] = cmd_test,
};

int main(int argc, char **argv)
{
	std_streams_open();
	struct options o;
	struct cl_run run;
	options_init(&o);
	cl_run_init(&run);
	int rc = options_parse(argc, argv, &o, &run);
	if (!rc && o.list_rules)
		options_list_rules();
	else if (!rc && options_setup(&o, &run))
		rc = CL_EXIT_ERROR;
	else if (!rc) {
		run_limits_arm(o.max_memory, o.timeout);
		rc = run_command[o.command](&o, &run);
		run_limits_catch(NULL);
	}
	options_release(&o);
	cl_run_release(&run);
	return std_streams_close(rc < 0 ? CL_EXIT_OK : rc);
}
