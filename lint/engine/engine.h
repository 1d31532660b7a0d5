/*
 * engine.h - one lint run: files in, findings out.
 *
 * A run owns an arena, the file table, the rule state (core/rule_state.h:
 * the options and the policies set it before the first project) and the
 * findings.  cl_run_project() lints one compose project: each file is read,
 * prechecked, loaded and checked against the schema once per run (however
 * many projects use it); the project is assembled (compose/project.h:
 * interpolation, include, extends, overrides, profiles) and normalized, and
 * the rules that are on, in C (rules/context.h) and in policies, run on it.
 * Problems with the input become CL0xx findings, so every reporter shows
 * them; a file that cannot be read at all also sets run->incomplete (exit
 * code 2).  Every finding is made by cl_raise() (core/finding.h).
 */
#ifndef CL_ENGINE_ENGINE_H
#define CL_ENGINE_ENGINE_H

#include "base/confine.h"
#include "base/source.h"
#include "compose/project.h"
#include "core/finding.h"
#include "core/rule.h"
#include "core/rule_state.h"
#include "yaml/load.h"

struct arena;
struct pol_set;
struct cl_file_cache;

struct cl_run {
	struct arena *a;
	struct cl_sources files;
	struct cl_findings findings;
	struct ylimits limits;
	struct cl_rule_state rules;  /* on or off, severities: options and policies set it */
	unsigned nlinted, cap_linted;  /* compose files linted (read and parsed or not) */
	uint32_t *linted;      /* their file-table indices, in order (policies are files too) */
	int incomplete;        /* some input could not be read: exit 2 */
	struct pol_set *policies; /* the built-in policies, and any --policy files */
	/* how projects are assembled: env files, environment, profiles,
	 * project directory (files and nfiles are ignored) */
	struct cl_project_opts project;
	/* what files named inside the project may be read: the root is set
	 * for each project from its directory unless given (--root) */
	struct cl_confine confine;
	struct cl_file_cache *cache;  /* private: the files loaded so far */
	const char **given;    /* private: paths named on the command line (cl_run_given) */
	uint32_t ngiven, cap_given;
};

void cl_run_init(struct cl_run *run);
void cl_run_release(struct cl_run *run);

/* cl_run_given() - path was named on the command line: it may be read
 * whatever kind of file it is (source.h, CL_READ_ANY_KIND); every other
 * path the run reads must be a regular file, or it is a CL000 finding. */
void cl_run_given(struct cl_run *run, const char *path);

/* cl_run_skipped() - a path the run could not search or lint (an unreadable
 * or too deeply nested directory): a finding of `rule` on it, and exit 2. */
void cl_run_skipped(struct cl_run *run, const char *path, enum cl_rule_index rule,
		    const char *msg);

/* cl_run_project() - lint the project of files[0] with its overrides
 * files[1..n) (path "-" reads stdin).  Returns the file index of files[0]. */
uint32_t cl_run_project(struct cl_run *run, const char *const *files, uint32_t n);

/* cl_run_file() - lint one compose file as a project of its own; returns
 * its file index. */
uint32_t cl_run_file(struct cl_run *run, const char *path);

/* cl_run_stopped() - the run was stopped at a run-wide limit (why names it):
 * a CL004 finding at the compose file being linted, and exit 2.  Returns 0
 * when no file was linted yet to put it on: the caller says why itself. */
int cl_run_stopped(struct cl_run *run, const char *why);

/*
 * cl_run_assemble() - assemble a project without linting it: its problems
 * (and its files' YAML problems) become findings, the effective document
 * and the project's files are in *out.  For `composelint config`.
 */
void cl_run_assemble(struct cl_run *run, const char *const *files, uint32_t n,
		     struct cl_assembled *out);

/* cl_run_references() - the files that a compose file brings into its
 * project by `include` and `extends.file`, as paths (in arena), without
 * interpolation: for directory scans, which lint such files only as part
 * of the project that uses them. */
uint32_t cl_run_references(struct cl_run *run, const char *path, const char ***out);

/* cl_run_buffer() - lint len bytes of buf as a compose file named `name`
 * (the bytes are copied; fuzzing harnesses, tests). */
void cl_run_buffer(struct cl_run *run, const char *name, const char *buf, size_t len);

/* cl_run_raise() - a finding of the input rule r (CL0xx) at `at` (the
 * message is kept, not copied); the rule state decides whether it counts. */
void cl_run_raise(struct cl_run *run, enum cl_rule_index r, const struct cl_span *at,
		  const char *msg);

/* cl_run_finish() - sort and merge findings; call once, before reporting. */
void cl_run_finish(struct cl_run *run);

#endif
