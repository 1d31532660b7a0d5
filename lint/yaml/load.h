/*
 * load.h - bytes -> YAML trees, with every problem as a positioned value.
 *
 * yaml_load() never prints and never stops at the first duplicate key: it
 * returns the documents it could build and a list of problems.  A document
 * cut short by a syntax error or a limit is not returned (linting half a
 * document would report phantom findings), but its problems are.
 */
#ifndef CL_YAML_LOAD_H
#define CL_YAML_LOAD_H

#include <stddef.h>
#include <stdint.h>

#include "base/diag.h"
#include "base/loc.h"
#include "yaml/tree.h"

struct arena;

/* Bounds for hostile input.  Each one, when hit, is a YPROB_LIMIT problem. */
struct ylimits {
	size_t max_file_size;    /* bytes; checked by the caller before loading */
	uint32_t max_depth;      /* nested collections */
	uint32_t max_anchors;    /* anchors per document */
	uint64_t max_expansion;  /* entries copied by merge keys, per document */
	uint32_t max_nodes;      /* nodes per document */
};

#define YLIMITS_DEFAULT { 10u * 1024 * 1024, 64, 10000, 1000000, 4000000 }

enum yprob_kind {
	YPROB_SYNTAX,     /* the parser's error, or an undefined alias, a bad merge */
	YPROB_DUPLICATE,  /* a key written twice in one mapping; noted: the first */
	YPROB_LIMIT,      /* a bound of struct ylimits was reached */
	YPROB_ENCODING,   /* NUL byte, invalid UTF-8, UTF-16/32 */
	YPROB_EXTRA_DOC,  /* a second document in a compose file */
};

struct yload {
	const struct ynode **docs;
	uint32_t ndocs, cap_docs;
	struct cl_diags problems; /* kinds: enum yprob_kind; a duplicate's note is the first key */
	uint32_t nodes;          /* nodes built, all documents */
};

/*
 * yaml_load() - parse buf[0..len) of file `file` into trees in arena a.
 * buf must stay alive and unchanged until the call returns (strings are
 * copied into the arena).  Returns 0 when every document loaded, -1 when any
 * problem stopped a document.  Duplicate keys and extra documents do not
 * stop loading.
 */
int yaml_load(struct arena *a, uint32_t file, const char *buf, size_t len,
	      const struct ylimits *lim, struct yload *out);

/*
 * yaml_precheck() - the byte offset of the first byte libfyaml would
 * silently misread (NUL, invalid UTF-8, UTF-16/32 text), or (size_t)-1.
 * *why names the problem.  A UTF-8 BOM is fine.
 */
size_t yaml_precheck(const unsigned char *s, size_t n, const char **why);

/* yaml_pos_at() - line and column (code points) of byte offset off. */
struct cl_pos yaml_pos_at(const char *buf, size_t len, size_t off);

#endif
