/*
 * loc.h - positions in source files.
 *
 * A position is a byte offset plus the 1-based line and column that editors
 * and SARIF expect.  Columns count Unicode code points (a tab is one column),
 * as libfyaml does; reporters that need bytes use .off.  libfyaml's 0-based
 * marks are converted once, in the YAML loader.
 */
#ifndef CL_BASE_LOC_H
#define CL_BASE_LOC_H

#include <stdint.h>

struct cl_pos {
	uint32_t off;   /* byte offset from the start of the file */
	uint32_t line;  /* 1-based; 0 means "no position" */
	uint32_t col;   /* 1-based, in code points */
};

/* A range [start, end) in one file of the run's file table. */
struct cl_span {
	uint32_t file;
	struct cl_pos start, end;
};

/* A place that explains another ("first defined here", an alias site): the
 * related locations of findings and the notes of diagnostics. */
struct cl_related {
	struct cl_span at;
	const char *message;
};

static inline int cl_span_valid(const struct cl_span *s)
{
	return s->start.line != 0;
}

#endif
