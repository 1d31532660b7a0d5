/*
 * suppress.h - inline suppressions: `# composelint: disable=RULE[,RULE...] REASON`.
 *
 * A comment whose text starts with `composelint:` is a directive:
 *
 *   disable=RULES REASON       trailing a line: that line's findings;
 *                              on a line of its own: the next line that is
 *                              neither blank nor a comment (a blank line in
 *                              between breaks the association)
 *   disable-file=RULES REASON  every finding of the file
 *
 * RULES is a comma-separated list of rule ids (CL201, any case), rule names
 * (image-not-pinned), policy rule ids (mailu/image-digest: letters, digits
 * and `_./-`), or `all`.  A finding matches when its primary position
 * (finding->at.start.line) is on the target line.  Suppressed findings are
 * kept and marked (suppressed, suppress_reason, suppress_at).
 *
 * Problems with the directives themselves are findings: CL007 for a
 * malformed directive, an unknown CLnnn id or a missing reason, CL008 for a
 * suppression that matched nothing.  Neither rule can be suppressed inline.
 * See docs/suppressions.md.
 */
#ifndef CL_ENGINE_SUPPRESS_H
#define CL_ENGINE_SUPPRESS_H

#include <stddef.h>
#include <stdint.h>

#include "base/diag.h"
#include "base/loc.h"
#include "core/rule.h"
#include "yaml/comments.h"
#include "yaml/load.h"

struct arena;
struct cl_run;

enum cl_dir_kind {
	CL_DIR_LINE,   /* disable= */
	CL_DIR_FILE,   /* disable-file= */
};

/* One entry of a directive's rule list. */
struct cl_dir_rule {
	const char *name;            /* as written */
	struct cl_span at;           /* where it is written */
	const struct cl_rule *rule;  /* a built-in rule; NULL for `all` and other ids */
	int all;                     /* `all`: every rule but CL007 and CL008 */
	int bad;                     /* reported as a problem; matches nothing */
	int used;                    /* matched a finding of the run */
};

struct cl_directive {
	enum cl_dir_kind kind;
	struct cl_span at;           /* the whole comment */
	int own_line;                /* the comment stands on a line of its own */
	int malformed;               /* cannot be applied at all (see errors) */
	const char *reason;          /* trimmed; NULL when none was written */
	struct cl_dir_rule *rules;
	uint32_t nrules, cap_rules;
	struct cl_diags errors;      /* problems with it, raised as CL007 findings */
	uint32_t line;               /* target line of a CL_DIR_LINE; 0 when none */
	int blank_gap;               /* own-line directive cut off by a blank line */
};

/*
 * cl_directive_parse() - 0 when the comment is not for composelint; 1 when
 * it is, with *d filled (check d->errors.n and d->malformed).  d->line is
 * left 0; cl_suppress_file() resolves it.
 */
int cl_directive_parse(struct arena *a, const struct ycomment *c, struct cl_directive *d);

/*
 * cl_comment_target_line() - the line an own-line comment (cs[k]) speaks
 * about: the next line that is neither blank nor only a comment.  0 when a
 * blank line (*blank set) or the end of the file comes first.  Shared by
 * suppressions and test expectations, so both attach the same way.
 */
uint32_t cl_comment_target_line(const char *buf, size_t len, const struct ycomment *cs,
				uint32_t nc, uint32_t k, int *blank);

/*
 * cl_suppress_file() - apply the directives of file `file`, loaded into ld
 * without error, to the findings at indices >= first of run->findings (the
 * ones added while linting it), then add the CL007 and CL008 findings.
 */
void cl_suppress_file(struct cl_run *run, uint32_t file, const struct yload *ld, size_t first);

#endif
