/*
 * policy.h - policy files: load, validate, evaluate.
 *
 * A struct pol_set holds every policy of a run (the --policy files and what
 * they include).  Loading parses and validates each file completely and keeps
 * every error with its position; a run with policy errors stops before
 * linting (exit 2).  Evaluation turns each rule into findings on a compose
 * project; exceptions (`allow`) then mark findings suppressed with their
 * reason, and unused or expired exceptions become findings themselves.
 *
 * Strings and AST live in the arena given at pol_set_init(); compiled
 * regexes are released by pol_set_release().
 */
#ifndef CL_POLICY_POLICY_H
#define CL_POLICY_POLICY_H

#include <stdint.h>

#include "base/loc.h"
#include "base/diag.h"
#include "base/source.h"
#include "core/finding.h"
#include "core/rule_state.h"
#include "policy/ast.h"
#include "policy/regex.h"
#include "core/rule.h"

struct arena;
struct cl_confine;
struct cv;

struct pol_unknown {
	struct cl_span at;          /* the value that could not be judged */
	const char *rule;           /* the rule id */
	const char *value;          /* its text as written */
	const char *why;            /* "is known only after interpolation", ... */
};

struct pol_set {
	struct arena *a;
	struct cl_sources *files;
	struct pregex_pool regexes;
	struct ppolicy **v;
	uint32_t n, cap;
	struct cl_diags errors;     /* policy errors, printed on stderr (kind 0) */
	const char *today;          /* "YYYY-MM-DD": decides expired exceptions */
	/* the run's rule state: the policies write their part (which built-in
	 * rules are on, `configure`), evaluation reads it; their own rules join
	 * it as they are loaded */
	struct cl_rule_state *rules;
	int any_builtin;            /* some policy included built-in rules */
	/* requirements left undecided because a value is known only after
	 * interpolation (--explain-unknown lists them) */
	struct pol_unknown *unknown;
	uint32_t nunknown, cap_unknown;
	int explicit_policy;        /* --policy given: built-ins only where included */
	/* NULL, or what a policy's includes may read: pol_set_load() sets the
	 * root from the policy's directory, as a project's is set */
	struct cl_confine *confine;
	/* regex work each rule may do, in PCRE2 match-limit units (regex.h);
	 * a rule that spends it stops with a CL004 finding */
	uint64_t rule_budget;
	size_t scratch_peak;        /* the most one rule's evaluation held at once, in bytes */
};

/* The default of pol_set.rule_budget: a hundred matches that run into
 * PREGEX_MATCH_LIMIT, or a million quick ones. */
#define POL_RULE_BUDGET 100000000u

/* How deep parentheses, `not`, lists and function calls may nest in a
 * policy; deeper is a policy error.  Chains of `and` and `or` do not
 * count: they are kept as balanced trees.  Bounds every recursive walk
 * of the syntax tree. */
#define POL_MAX_NESTING 64u

void pol_set_init(struct pol_set *ps, struct arena *a, struct cl_sources *files,
		  struct cl_rule_state *rules, const char *today);
void pol_set_release(struct pol_set *ps);

/* pol_set_load_builtins() - the embedded built-in policies (their rules are
 * on by default).  0 on success (a failure is a bug in policies/builtin). */
int pol_set_load_builtins(struct pol_set *ps);

/* pol_set_explicit() - user policies take over: built-in rules are off
 * until a policy includes them.  Call before loading the first one. */
void pol_set_explicit(struct pol_set *ps);

/* pol_set_load() - load a policy file and what it includes; errors go to
 * ps->errors.  Returns 0 when the file and its includes are error-free. */
int pol_set_load(struct pol_set *ps, const char *path);
/* pol_set_load_text() - the same for text in memory (tests, built-in sets);
 * `name` is shown in positions. */
int pol_set_load_text(struct pol_set *ps, const char *name, const char *text, size_t len);

/* pol_set_error() - add a policy error at a span. */
void pol_set_error(struct pol_set *ps, struct cl_span at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* pol_rule_row() - the rule row (id, name, severity...) findings of policy
 * rule r carry: the registry's for a built-in, else one made for it (and
 * added to the rule state) when the policy is loaded. */
const struct cl_rule *pol_rule_row(struct pol_set *ps, struct prule *r);

/*
 * pol_set_rules() - every rule a run with this set runs, for reporters that
 * list them (SARIF, JUnit): the registry's rules that are on (input rules
 * and built-in rules), then each policy's own rules, in that order.  An
 * arena array.
 */
uint32_t pol_set_rules(struct pol_set *ps, const struct cl_rule ***out);

/* pol_set_sort_errors() - errors in file order, for printing. */
void pol_set_sort_errors(struct pol_set *ps);

/*
 * pol_eval() - run every policy rule that is on (ps->rules) on the
 * normalized document of one project (compose/value.h) whose main file is
 * `file` (where findings that have no position of their own go); findings
 * are raised into out.
 */
void pol_eval(struct pol_set *ps, const struct cv *doc, uint32_t file, struct cl_findings *out);

/*
 * pol_apply_exceptions() - mark findings [from, out->n) that an `allow`
 * covers as suppressed (policy rules' own allows, and `configure` allows of
 * built-in rules).
 */
void pol_apply_exceptions(struct pol_set *ps, struct cl_findings *out, size_t from);

/* pol_raise_stale_exceptions() - after all files: findings for expired and for
 * unused exceptions. */
void pol_raise_stale_exceptions(struct pol_set *ps, struct cl_findings *out);

#endif
