/*
 * policy.c - a run's set of policies: loading with includes, built-in rule
 * configuration, and exceptions (see policy.h).
 */
/* realpath() is XSI */
#define _XOPEN_SOURCE 700

#include "policy/policy.h"
#include "base/arena.h"
#include "base/confine.h"
#include "base/vec.h"
#include "policy/builtin.h"
#include "policy/parse.h"
#include "policy/validate.h"

#include <errno.h>
#include <fnmatch.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void pol_set_init(struct pol_set *ps, struct arena *a, struct cl_sources *files,
		  struct cl_rule_state *rules, const char *today)
{
	memset(ps, 0, sizeof *ps);
	ps->a = a;
	cl_diags_init(&ps->errors, a);
	ps->files = files;
	ps->rules = rules;
	ps->today = today;
	ps->rule_budget = POL_RULE_BUDGET;
}

void pol_set_release(struct pol_set *ps)
{
	pregex_pool_release(&ps->regexes);
	xfree(ps->unknown);
	xfree(ps->v);
	memset(ps, 0, sizeof *ps);
}

void pol_set_error(struct pol_set *ps, struct cl_span at, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	cl_diag_vadd(&ps->errors, 0, &at, fmt, ap);
	va_end(ap);
}

uint32_t pol_set_rules(struct pol_set *ps, const struct cl_rule ***out)
{
	uint32_t n = 0, cap = CL_RULE_COUNT;
	for (uint32_t i = 0; i < ps->n; i++)
		cap += ps->v[i]->nrules;
	const struct cl_rule **v = arena_alloc(ps->a, cap * sizeof *v);
	for (size_t r = 0; r < CL_RULE_COUNT; r++)
		if (cl_rule_on(ps->rules, &cl_rules[r]))
			v[n++] = &cl_rules[r];
	for (uint32_t i = 0; i < ps->n; i++)
		for (uint32_t k = 0; k < ps->v[i]->nrules; k++)
			if (!ps->v[i]->rules[k].builtin)
				v[n++] = pol_rule_row(ps, &ps->v[i]->rules[k]);
	*out = v;
	return n;
}

void pol_set_sort_errors(struct pol_set *ps)
{
	cl_diags_sort(&ps->errors);
}

/* ---- includes ---------------------------------------------------------------- */

/* The same file under two spellings (a.pol, ./a.pol, dir/../a.pol) is
 * loaded once: compare what the paths resolve to. */
static int same_file(const char *a, const char *b)
{
	if (!strcmp(a, b))
		return 1;
	char *ra = realpath(a, NULL), *rb = realpath(b, NULL);
	int same = ra && rb && !strcmp(ra, rb);
	free(ra);
	free(rb);
	return same;
}

static int already_loaded(const struct pol_set *ps, const char *path)
{
	for (uint32_t i = 0; i < ps->n; i++)
		if (same_file(ps->files->v[ps->v[i]->file].path, path))
			return 1;
	return 0;
}

static const char *relative_to(struct arena *a, const char *from, const char *path)
{
	if (path[0] == '/')
		return path;
	const char *slash = strrchr(from, '/');
	if (!slash)
		return path;
	return arena_printf(a, "%.*s/%s", (int)(slash - from), from, path);
}

static int load_parsed(struct pol_set *ps, struct ppolicy *pol, int builtin_source);

static int include_builtin(struct pol_set *ps, const struct pinclude *inc)
{
	/* a built-in set of rules, or one built-in rule by id or name */
	const struct pol_builtin_set *set = pol_builtin_find(inc->path);
	if (set) {
		for (size_t i = 0; i < CL_RULE_COUNT; i++)
			if (cl_rules[i].kind != CL_RULE_INPUT && pol_builtin_in_set(set, &cl_rules[i]))
				cl_rule_enable(ps->rules, &cl_rules[i], 1, CL_FROM_POLICY);
		ps->any_builtin = 1;
		return 0;
	}
	const struct cl_rule *r = cl_rule_find(inc->path);
	if (r && r->kind != CL_RULE_INPUT) {
		cl_rule_enable(ps->rules, r, 1, CL_FROM_POLICY);
		ps->any_builtin = 1;
		return 0;
	}
	pol_set_error(ps, inc->at, "unknown built-in set or rule '%s' (sets: %s; rules: "
		      "composelint --list-rules)", inc->path, pol_builtin_names());
	return -1;
}

static int load_includes(struct pol_set *ps, struct ppolicy *pol)
{
	int rc = 0;
	const char *from = ps->files->v[pol->file].path;
	for (uint32_t i = 0; i < pol->nincludes; i++) {
		const struct pinclude *inc = &pol->includes[i];
		if (inc->builtin) {
			rc |= include_builtin(ps, inc);
			continue;
		}
		const char *path = relative_to(ps->a, from, inc->path);
		const char *why = ps->confine ? cl_confine_refuse(ps->confine, ps->a, path) : NULL;
		if (why) {
			pol_set_error(ps, inc->at, "cannot read included policy '%s': %s", path, why);
			rc = -1;
			continue;
		}
		if (already_loaded(ps, path))
			continue;  /* included twice, or a cycle: once is enough */
		uint32_t fi = cl_sources_add(ps->files, ps->a, path);
		if (cl_source_read(ps->files, ps->a, fi, 4u << 20, 0)) {
			pol_set_error(ps, inc->at, "cannot read included policy '%s': %s", path,
				      ps->files->v[fi].read_error ? cl_source_error(&ps->files->v[fi]) :
				      "larger than 4 MiB");
			rc = -1;
			continue;
		}
		struct ppolicy *sub = pol_parse(ps, fi, ps->files->v[fi].text, ps->files->v[fi].len);
		if (!sub || load_parsed(ps, sub, 0))
			rc = -1;
	}
	return rc;
}

static void add_policy(struct pol_set *ps, struct ppolicy *pol)
{
	*VEC_PUSH(ps->v, ps->n, ps->cap) = pol;
}

static void decide_expiry(struct pol_set *ps, struct pallow *al, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++)
		al[i].expired = al[i].until && ps->today && strcmp(al[i].until, ps->today) < 0;
}

static int load_parsed(struct pol_set *ps, struct ppolicy *pol, int builtin_source)
{
	add_policy(ps, pol);
	int rc = 0;
	for (uint32_t i = 0; builtin_source && i < pol->nrules; i++) {
		const struct cl_rule *row = cl_rule_find(pol->rules[i].id);
		pol->rules[i].builtin = row;
		if (!row || row->kind != CL_RULE_POLICY) {
			pol_set_error(ps, pol->rules[i].at, "built-in policy rule '%s' has no POLICY_RULE "
				      "row in rules.def", pol->rules[i].id);
			rc = -1;
		}
	}
	rc |= pol_validate(ps, pol);
	for (uint32_t i = 0; i < pol->nrules; i++) {
		decide_expiry(ps, pol->rules[i].allows, pol->rules[i].nallows);
		pol_rule_row(ps, &pol->rules[i]);
	}
	/* includes first, so that this file's own configure and disable
	 * statements win over what it includes */
	rc |= load_includes(ps, pol);
	for (uint32_t i = 0; i < pol->nconfigs; i++) {
		struct pconfig *c = &pol->configs[i];
		decide_expiry(ps, c->allows, c->nallows);
		if (!c->builtin)
			continue;
		if (c->disable)
			cl_rule_enable(ps->rules, c->builtin, 0, CL_FROM_POLICY);
		if (c->has_severity)
			cl_rule_set_severity(ps->rules, c->builtin, c->severity, CL_FROM_POLICY);
	}
	return rc;
}

int pol_set_load_builtins(struct pol_set *ps)
{
	int rc = 0;
	for (unsigned i = 0; i < pol_builtin_ntexts; i++) {
		uint32_t fi = cl_sources_add(ps->files, ps->a, pol_builtin_texts[i].name);
		struct cl_source *src = &ps->files->v[fi];
		src->text = pol_builtin_texts[i].text;
		src->len = strlen(src->text);
		struct ppolicy *pol = pol_parse(ps, fi, src->text, src->len);
		rc |= pol ? load_parsed(ps, pol, 1) : -1;
	}
	return rc;
}

void pol_set_explicit(struct pol_set *ps)
{
	if (ps->explicit_policy)
		return;
	ps->explicit_policy = 1;
	for (size_t r = 0; r < CL_RULE_COUNT; r++)
		if (cl_rules[r].kind != CL_RULE_INPUT)
			cl_rule_enable(ps->rules, &cl_rules[r], 0, CL_FROM_POLICY);
}

int pol_set_load_text(struct pol_set *ps, const char *name, const char *text, size_t len)
{
	uint32_t fi = cl_sources_add(ps->files, ps->a, name);
	struct cl_source *src = &ps->files->v[fi];
	src->text = arena_strndup(ps->a, text, len);
	src->len = len;
	struct ppolicy *pol = pol_parse(ps, fi, src->text, len);
	return pol ? load_parsed(ps, pol, 0) : -1;
}

int pol_set_load(struct pol_set *ps, const char *path)
{
	if (already_loaded(ps, path))
		return 0;
	if (ps->confine) {
		/* its includes stay below the root its own directory has */
		const char *slash = strrchr(path, '/');
		cl_confine_set_root(ps->confine, ps->a,
				    !slash ? "." : slash == path ? "/" :
				    arena_strndup(ps->a, path, (size_t)(slash - path)));
	}
	uint32_t fi = cl_sources_add(ps->files, ps->a, path);
	int rc = cl_source_read(ps->files, ps->a, fi, 4u << 20, CL_READ_ANY_KIND);
	if (rc) {
		struct cl_span at = { fi, { 0, 0, 0 }, { 0, 0, 0 } };
		pol_set_error(ps, at, "cannot read policy '%s': %s", path,
			      rc < 0 ? cl_source_error(&ps->files->v[fi]) : "larger than 4 MiB");
		return -1;
	}
	struct ppolicy *pol = pol_parse(ps, fi, ps->files->v[fi].text, ps->files->v[fi].len);
	return pol ? load_parsed(ps, pol, 0) : -1;
}

/* ---- exceptions ----------------------------------------------------------------- */

static const char *scope_of(const struct cl_finding *f)
{
	return f->scope ? f->scope : "service";
}

static int allow_covers(const struct pallow *al, const struct cl_finding *f)
{
	if (al->expired)
		return 0;
	if (al->scope == PS_PROJECT)
		return 1;
	if (!f->service || strcmp(pscope_name(al->scope), scope_of(f)))
		return 0;
	for (uint32_t i = 0; i < al->nnames; i++)
		if (!fnmatch(al->names[i], f->service, 0))
			return 1;
	return 0;
}

static void apply(struct pallow *al, uint32_t n, struct cl_finding *f)
{
	for (uint32_t i = 0; i < n && !f->suppressed; i++) {
		if (!allow_covers(&al[i], f))
			continue;
		f->suppressed = CL_SUPP_POLICY;
		f->suppress_reason = al[i].reason;
		f->suppress_at.file = al[i].at.file;
		f->suppress_at.start = al[i].at.start;
		f->suppress_at.end = al[i].at.end;
		al[i].matched++;
	}
}

void pol_apply_exceptions(struct pol_set *ps, struct cl_findings *out, size_t from)
{
	for (size_t i = from; i < out->n; i++) {
		struct cl_finding *f = &out->v[i];
		for (uint32_t p = 0; p < ps->n && !f->suppressed; p++) {
			struct ppolicy *pol = ps->v[p];
			for (uint32_t r = 0; r < pol->nrules && !f->suppressed; r++)
				if (pol->rules[r].reg == f->rule ||
				    (pol->rules[r].builtin && pol->rules[r].builtin == f->rule))
					apply(pol->rules[r].allows, pol->rules[r].nallows, f);
			for (uint32_t c = 0; c < pol->nconfigs && !f->suppressed; c++)
				if (pol->configs[c].builtin == f->rule)
					apply(pol->configs[c].allows, pol->configs[c].nallows, f);
		}
	}
}

static void raise_stale(struct pol_set *ps, struct cl_findings *out, const char *rule,
			const struct pallow *al, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++) {
		const char *what = al[i].scope == PS_PROJECT ? "the project" :
				   al[i].nnames == 1 ?
				   arena_printf(ps->a, "%s '%s'", pscope_name(al[i].scope), al[i].names[0]) :
				   arena_printf(ps->a, "%u %ss", al[i].nnames, pscope_name(al[i].scope));
		enum cl_rule_index r;
		const char *msg;
		if (al[i].expired) {
			r = R_CL009;
			msg = arena_printf(ps->a, "the exception of %s from %s expired on %s (reason: %s)",
					   what, rule, al[i].until, al[i].reason);
		} else if (!al[i].matched) {
			r = R_CL010;
			msg = arena_printf(ps->a, "the exception of %s from %s matched no finding", what, rule);
		} else {
			continue;
		}
		cl_raise(out, ps->rules, &cl_rules[r], &al[i].at, NULL, 0, NULL, msg);
	}
}

void pol_raise_stale_exceptions(struct pol_set *ps, struct cl_findings *out)
{
	for (uint32_t p = 0; p < ps->n; p++) {
		const struct ppolicy *pol = ps->v[p];
		for (uint32_t r = 0; r < pol->nrules; r++)
			raise_stale(ps, out, pol->rules[r].id, pol->rules[r].allows,
				    pol->rules[r].nallows);
		for (uint32_t c = 0; c < pol->nconfigs; c++)
			if (pol->configs[c].builtin)
				raise_stale(ps, out, pol->configs[c].builtin->id,
					    pol->configs[c].allows, pol->configs[c].nallows);
	}
}
