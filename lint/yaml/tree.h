/*
 * tree.h - composelint's own YAML tree, with a position on every node.
 *
 * The loader (load.h) builds this tree from libfyaml's event stream rather
 * than libfyaml's document API, which is unsafe on hostile input.  Every
 * node, collections included, knows where it starts and ends.
 *
 * Aliases stay aliases: an alias node points at its anchored target and
 * nothing is copied, so alias bombs cost nothing to load.  Merge keys
 * (`<<`) are applied when a mapping closes: a mapping's entries[] is its
 * effective content (explicit keys first-class, then inherited keys in merge
 * order), while pairs[] is what was written.  Each inherited entry carries
 * the chain of places (merge sites, alias sites) that brought it in, so a
 * finding can point at the value where it is written and also at the place
 * where it was used.
 *
 * All memory belongs to the arena the tree was loaded into.
 */
#ifndef CL_YAML_TREE_H
#define CL_YAML_TREE_H

#include <stddef.h>
#include <stdint.h>

#include "base/loc.h"

struct arena;

enum ykind { Y_SCALAR, Y_SEQ, Y_MAP, Y_ALIAS };

enum ystyle {
	YS_PLAIN, YS_SINGLE, YS_DOUBLE, YS_LITERAL, YS_FOLDED,
	YS_EMPTY,          /* a key with no value (`healthcheck:`): null */
	YS_BLOCK, YS_FLOW, /* collections */
};

struct ynode;

/*
 * How deep a value may nest once aliases are followed.  The loader bounds
 * nesting as written (struct ylimits), but an alias inside an anchored
 * collection that aliases another, and so on, nests without bound while
 * the file stays small; every walk that follows aliases stops here (and
 * says so) instead of running off the end of the stack.
 */
#define Y_MAX_EFFECTIVE_DEPTH 256u

/*
 * One link of the chain that brought a value to where it is used.  The
 * loader makes YV_ALIAS and YV_MERGE links; the compose layer (a project of
 * several files, lint/compose/project.h) adds the others.
 */
enum yvia_kind {
	YV_ALIAS,     /* site: the alias node */
	YV_MERGE,     /* site: the merge source (an alias, or an inline mapping) */
	YV_EXTENDS,   /* site: the `extends` value of the service that inherits */
	YV_INCLUDE,   /* site: the `include` item that brought the file in */
	YV_VARIABLE,  /* site: a scalar whose text is the variable's name and whose
		       * span is where it was defined (a .env line) */
};
struct yvia {
	enum yvia_kind kind;
	const struct ynode *site;  /* the alias node, or the merge source node */
	const struct yvia *next;   /* the link further out, towards the use */
};

struct ypair {
	const struct ynode *key, *value;  /* as written (may be aliases) */
};

/* An effective mapping entry: key and value are never aliases here. */
struct yentry {
	const struct ynode *key, *value;
	const struct yvia *via;           /* NULL when written in this mapping */
};

struct ynode {
	uint8_t kind;                     /* enum ykind */
	uint8_t style;                    /* enum ystyle */
	uint8_t undefined;                /* the null stand-in for an undefined alias */
	uint8_t unknown;                  /* interpolated with an unset variable: the
					   * text is not what compose would use */
	struct cl_span span;              /* the value's extent (quotes included) */
	const char *tag;                  /* "!reset", "tag:yaml.org,2002:str"; NULL if none */
	const char *anchor;               /* "&name" of this node, without '&'; NULL if none */
	const struct yvia *origin;        /* links that belong to the value wherever it
					   * is used (the variables interpolated into
					   * it); NULL for text as written */
	union {
		struct {
			const char *s;    /* NUL-terminated copy; may contain NULs: use len */
			size_t len;
			const char *raw;  /* the text as written, quotes excluded */
			size_t raw_len;
		} scalar;
		struct {
			const struct ynode **items;  /* as written (may be aliases) */
			uint32_t n;
			const struct yvia *const *vias; /* per item: the chain that brought it
							 * into a merged list; NULL when
							 * every item is written here */
		} seq;
		struct {
			const struct ypair *pairs;   /* as written, `<<` included */
			uint32_t npairs;
			const struct yentry *entries;/* effective, merges applied */
			uint32_t n;
		} map;
		struct {
			const char *name;
			const struct ynode *target;  /* never an alias; a null scalar if undefined */
		} alias;
	};
};

/* --- typing helpers: YAML 1.1 plain-scalar meaning, as compose applies it --- */

/* y_is_null() - an empty value, `~`, or plain `null`/`Null`/`NULL`. */
int y_is_null(const struct ynode *n);
/* y_bool() - 1 and *out set for true/false (and YAML 1.1 yes/no/on/off). */
int y_bool(const struct ynode *n, int *out);
/* y_int() - 1 and *out set for a decimal integer (quoted numbers accepted). */
int y_int(const struct ynode *n, long long *out);
/* y_number() - 1 for an integer or a float (plain or quoted). */
int y_number(const struct ynode *n, double *out);
/* y_streq() - the scalar's value equals s exactly. */
int y_streq(const struct ynode *n, const char *s);

/* y_deref() - follow an alias; extends *via (in arena a) with the alias site. */
const struct ynode *y_deref(const struct ynode *n, struct arena *a, const struct yvia **via);

/* y_get() - the effective entry for key in a mapping, or NULL. */
const struct yentry *y_get(const struct ynode *map, const char *key);

/* y_via_push() - a new chain link in front of `next`. */
const struct yvia *y_via_push(struct arena *a, enum yvia_kind kind,
			      const struct ynode *site, const struct yvia *next);
/* y_via_concat() - inner chain followed by outer chain (copies inner). */
const struct yvia *y_via_concat(struct arena *a, const struct yvia *inner,
				const struct yvia *outer);

/* y_subspan() - the span of the text s[off..end) of scalar n, when it can be
 * told exactly (written on one line, without escapes); n's span otherwise. */
struct cl_span y_subspan(const struct ynode *n, size_t off, size_t end);
/* y_rawspan() - the same for raw[off..end), the text as written (one line). */
struct cl_span y_rawspan(const struct ynode *n, size_t off, size_t end);

const char *y_kind_name(const struct ynode *n);

#endif
