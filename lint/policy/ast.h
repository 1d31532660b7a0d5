/*
 * ast.h - the checked syntax tree of a policy file.
 *
 * parse.c builds it (compiling regexes), validate.c resolves names in place
 * and rejects what cannot run, eval.c runs it.  Every node keeps its span
 * in the policy file, so each policy error and each finding can point into
 * the policy.  All nodes live in the run's arena; compiled regexes are
 * released by pol_set_release().
 */
#ifndef CL_POLICY_AST_H
#define CL_POLICY_AST_H

#include <stdint.h>

#include "base/loc.h"
#include "policy/functions.h"
#include "policy/regex.h"
#include "core/rule.h"

enum pscope { PS_SERVICE, PS_NETWORK, PS_VOLUME, PS_SECRET, PS_CONFIG, PS_PROJECT };

enum pop {
	OP_EQ, OP_NE, OP_MATCH, OP_NOMATCH, OP_LT, OP_LE, OP_GT, OP_GE,
	OP_IN, OP_NOT_IN, OP_CONTAINS, OP_NOT_CONTAINS, OP_SUBSET,
	OP_LIKE, OP_NOT_LIKE,   /* shell-style glob: name like "db-*" */
};

/* A step of a path into the normalized compose document. */
enum pseg_kind {
	SEG_KEY,      /* .name or ["name"], placeholders {x} expanded at run time */
	SEG_GLOB,     /* ["traefik.*"]: keys matching a glob */
	SEG_REGEX,    /* [/re/]: keys matching a regex; named groups bind */
	SEG_ANY,      /* [*] or .*: every item */
	SEG_INDEX,    /* [0] */
	SEG_VAR,      /* [name]: the key held by a binding or a set's value */
};

struct pseg {
	enum pseg_kind kind;
	struct cl_span at;
	const char *key;
	uint32_t index;
	struct pregex *re;
};

enum proot {
	PR_SCOPE,     /* fields of the object in scope: image, ports[*].published */
	PR_PROJECT,   /* $.networks["internal"] */
	PR_VALUE,     /* value: the current `each` item */
	PR_KEY,       /* key: the current `each` item's key */
	PR_NAME,      /* name: the scope object's name */
};

struct ppath {
	enum proot root;
	struct cl_span root_at;
	struct pseg *segs;
	uint32_t n;
	int multi;    /* has a step that can match several items */
};

enum poperand_kind {
	PO_PATH, PO_STR, PO_NUM, PO_SIZE, PO_DURATION, PO_BOOL, PO_NULL, PO_LIST, PO_REGEX,
	PO_IDENT,     /* resolved by validate.c into PO_SET, PO_BINDING or PO_PATH */
	PO_SET, PO_BINDING,
	PO_CALL,      /* a function of functions.h */
};

struct poperand {
	enum poperand_kind kind;
	struct cl_span at;
	const char *text;            /* strings (with {x} placeholders), identifiers, numbers as written */
	double num;
	int b;
	struct ppath path;
	struct pregex *re;
	struct poperand **items;     /* PO_LIST */
	uint32_t n;
	const struct pfunc *fn;      /* PO_CALL: the function and its arguments */
	struct poperand **args;
	uint32_t nargs;
	const struct pset *set;      /* PO_SET */
};

enum pexpr_kind { PX_AND, PX_OR, PX_NOT, PX_CMP, PX_EXISTS, PX_ABSENT, PX_TRUTH };

enum pquant { PQ_DEFAULT, PQ_ANY, PQ_ALL };

struct pexpr {
	enum pexpr_kind kind;
	struct cl_span at;
	struct pexpr *l, *r;         /* and, or, not (l only) */
	enum pop op;
	enum pquant quant;
	struct poperand *a, *b;      /* comparison; exists/absent/truth use a */
};

struct pset {
	const char *name;
	struct cl_span at;
	struct poperand *value;
	int used;
};

/* `allow SCOPE "name"... because "..." until DATE` */
struct pallow {
	struct cl_span at;
	enum pscope scope;
	const char **names;          /* globs */
	uint32_t nnames;
	const char *reason;
	const char *until;           /* "YYYY-MM-DD" or NULL */
	int expired;                 /* decided against the run's date */
	unsigned matched;
};

struct prequire {
	struct cl_span at;
	int forbid;                  /* `forbid X` reports when X holds */
	struct pexpr *cond;
	struct pexpr *when;
	const char *message;         /* `else "..."`: this requirement's own message */
	struct cl_span message_at;
};

struct prule {
	struct cl_span at;
	const char *id;
	const char *name;
	enum cl_severity severity;
	const char *message, *help, *url;
	struct cl_span message_at;
	const char **tags;
	uint32_t ntags;
	enum pscope scope;
	int has_scope;
	struct cl_span scope_at;
	struct pexpr *where;
	struct ppath each;
	int has_each;
	struct cl_span each_at;
	struct pexpr *each_where;
	struct prequire *reqs;
	uint32_t nreqs;
	struct pallow *allows;
	uint32_t nallows;
	const struct cl_rule *builtin;  /* a policy rule that implements a built-in id */
	const struct cl_rule *reg;      /* the row its findings carry (made by eval.c) */
};

/* `configure "CL201" { severity error; allow ... }` and `disable "CL201"` */
struct pconfig {
	struct cl_span at;
	const char *rule;
	const struct cl_rule *builtin;  /* resolved by validate.c */
	int disable;
	int has_severity;
	enum cl_severity severity;
	struct pallow *allows;
	uint32_t nallows;
};

struct pinclude {
	struct cl_span at;
	const char *path;
	int builtin;
};

struct ppolicy {
	struct cl_span at;
	const char *name;
	uint32_t file;
	struct pset *sets;
	uint32_t nsets;
	struct prule *rules;
	uint32_t nrules;
	struct pconfig *configs;
	uint32_t nconfigs;
	struct pinclude *includes;
	uint32_t nincludes;
};

const char *pscope_name(enum pscope s);
const char *pop_name(enum pop op);

/* poperand_computed() - does the operand stand for values found at run
 * time (a path, a binding, a function call), as opposed to a constant?
 * Such an operand goes on either side of an operator where a path goes. */
int poperand_computed(const struct poperand *o);
/* poperand_multi() - does it stand for several matches, as a wildcard path
 * or keys() does?  For a call, the result kind of functions.h says. */
int poperand_multi(const struct poperand *o);

#endif
