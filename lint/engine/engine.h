/*
 * engine.h - one lint run: files in, findings out.
 *
 * A run owns an arena, the file table and the findings.  cl_run_file()
 * lints one compose file as its own project: read, precheck, load, build the
 * model, check it against the schema, run the enabled rules.  Problems with
 * the input become CL0xx findings, so every reporter shows them; a file
 * that cannot be read at all also sets run->incomplete (exit code 2).
 */
#ifndef CL_ENGINE_ENGINE_H
#define CL_ENGINE_ENGINE_H

#include "base/source.h"
#include "engine/finding.h"
#include "rules/registry.h"
#include "yaml/load.h"

struct arena;
struct pol_set;

struct cl_run {
	struct arena *a;
	struct cl_sources files;
	struct cl_findings findings;
	struct ylimits limits;
	unsigned char enabled[CL_RULE_COUNT];
	enum cl_severity severity[CL_RULE_COUNT];
	unsigned nlinted;      /* compose files linted (read and parsed or not) */
	uint32_t *linted;      /* their file-table indices, in order (policies are files too) */
	int incomplete;        /* some input could not be read: exit 2 */
	struct pol_set *policies; /* the built-in policies, and any --policy files */
};

void cl_run_init(struct cl_run *run);
void cl_run_release(struct cl_run *run);

/* cl_run_file() - lint one compose file (path "-" reads stdin). */
void cl_run_file(struct cl_run *run, const char *path);

/* cl_run_buffer() - lint len bytes of buf as a compose file named `name`
 * (the bytes are copied; fuzzing harnesses, tests). */
void cl_run_buffer(struct cl_run *run, const char *name, const char *buf, size_t len);

/* cl_run_finish() - sort and merge findings; call once, before reporting. */
void cl_run_finish(struct cl_run *run);

#endif
