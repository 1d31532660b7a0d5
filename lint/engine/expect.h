/*
 * expect.h - policy tests: what a fixture says its findings must be.
 *
 * A fixture is a compose file annotated with comments:
 *
 *   # expect: RULE[,RULE...]   trailing a line: findings of these rules must
 *                              start on that line; on a line of its own: on
 *                              the next line that is neither blank nor a
 *                              comment (as inline suppressions attach)
 *   # expect-none              the file must have no finding at all
 *
 * Every other (unsuppressed) finding of the file is unexpected.  RULE is a
 * rule id (CL201, mailu/image-digest) or a built-in rule's name.
 */
#ifndef CL_ENGINE_EXPECT_H
#define CL_ENGINE_EXPECT_H

#include <stddef.h>
#include <stdint.h>

#include "base/diag.h"
#include "base/loc.h"
#include "base/source.h"
#include "core/finding.h"
#include "yaml/comments.h"

struct arena;

struct cl_expect {
	struct cl_span at;      /* the rule's name in the comment */
	uint32_t line;          /* where the finding must start */
	const char *rule;       /* as written */
	unsigned matched;
};

struct cl_expect_result {
	/* what went wrong for one file: missed expectations, unexpected findings */
	struct cl_diags problems;
	uint32_t expectations;  /* how many were written */
};

/*
 * cl_expect_check() - read the annotations of file `file` from its comments
 * (cs, nc) and compare them with the findings of that file; problems in
 * file order.  Returns the number of problems (0: the file passes).
 */
uint32_t cl_expect_check(struct arena *a, const struct cl_source *src, uint32_t file,
			 const struct ycomment *cs, uint32_t nc, const struct cl_findings *f,
			 struct cl_expect_result *out);

#endif
