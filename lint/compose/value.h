/*
 * value.h - the normalized compose document: the one model of a project.
 *
 * compose_normalize() turns the assembled YAML tree of a project
 * (project.h) into one tree of plain values (null, bool, number, string,
 * list, map) in the shape `docker compose config` prints: short syntaxes
 * are expanded (ports "8080:80" becomes a mapping with target and
 * published), list-or-map fields become maps, single strings where lists
 * are meant become lists (keys.h says which key gets which shape).
 * Built-in rules, policies and `composelint config` all read this tree.
 *
 * It is lenient: a value of the wrong type is kept as written, and the
 * schema check (schema.h) reports it, never twice.
 *
 * Every value remembers where it was written (struct cl_val, position.h:
 * the YAML node and the alias/merge/extends chain), so a finding on a
 * normalized value still points at the text a person wrote.  A value
 * synthesized by normalization (the implicit `default` network) has no
 * node.
 *
 * Everything is owned by the arena passed to compose_normalize().
 */
#ifndef CL_COMPOSE_VALUE_H
#define CL_COMPOSE_VALUE_H

#include <stdint.h>

#include "compose/position.h"
#include "yaml/tree.h"

struct arena;

enum cv_kind { CV_NULL, CV_BOOL, CV_NUM, CV_STR, CV_LIST, CV_MAP };

struct cv;

struct cv_entry {
	const char *key;          /* NULL in lists */
	struct cl_val key_at;     /* where the key was written (maps) */
	const struct cv *value;
};

struct cv {
	uint8_t kind;             /* enum cv_kind */
	uint8_t unknown;          /* known only after interpolation: tests on it are skipped */
	const char *text;         /* scalars: canonical text ("true", "25", "nginx"); "" for null */
	const char *raw;          /* scalars: the text as written, quotes excluded; NULL if synthesized */
	double num;               /* CV_NUM */
	int b;                    /* CV_BOOL */
	struct cl_val at;         /* where it was written; at.node NULL when synthesized */
	const struct cv_entry *items;
	uint32_t n;
};

/* Limits the work of expanding aliases into values (alias bombs). */
#define CV_MAX_NODES 1000000u

/*
 * compose_normalize() - the document root (NULL for an empty file) as a
 * normalized value tree: a map with `services`, `networks`, `volumes`,
 * `secrets`, `configs` (and `name` when set); other top-level keys are
 * left out.  Each section is a map from name to definition, empty when the
 * document has none or it is not a mapping.  *truncated (may be NULL) is
 * set when CV_MAX_NODES was reached, or values nest deeper than
 * Y_MAX_EFFECTIVE_DEPTH through aliases; the tree is then partial.
 */
const struct cv *compose_normalize(struct arena *a, const struct ynode *root, int *truncated);

/* cv_get() - a map's value for key, or NULL. */
const struct cv *cv_get(const struct cv *map, const char *key);
const struct cv_entry *cv_entry(const struct cv *map, const char *key);

const char *cv_kind_name(enum cv_kind k);

#endif
