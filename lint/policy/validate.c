/*
 * validate.c - everything that can be wrong with a parsed policy is found
 * here, before any compose file is read.
 *
 * Identifiers are resolved (a set, a binding from a named regex group, or a
 * field of the object in scope), operand types are checked against their
 * operator and function arguments against functions.h, `{x}` placeholders
 * must name something, and rule ids must be well-formed and unique across
 * the whole set of policies.
 */
#include "policy/validate.h"
#include "base/arena.h"
#include "base/vec.h"

#include <ctype.h>
#include <string.h>

struct names {
	const char **v;
	uint32_t n, cap;
};

struct validator {
	struct pol_set *ps;
	struct ppolicy *pol;
	const struct prule *rule;
	struct names bindings;      /* named groups of the rule's `each` path */
	uint32_t first_error;       /* ps->errors.n when validation began */
};

/* A policy error; the policy is invalid when the set has more than first_error. */
#define error_at(c, at, ...) pol_set_error((c)->ps, (at), __VA_ARGS__)

static const struct pset *find_set(const struct validator *c, const char *name)
{
	for (uint32_t i = 0; i < c->pol->nsets; i++)
		if (!strcmp(c->pol->sets[i].name, name))
			return &c->pol->sets[i];
	return NULL;
}

static int is_binding(const struct validator *c, const char *name)
{
	for (uint32_t i = 0; i < c->bindings.n; i++)
		if (!strcmp(c->bindings.v[i], name))
			return 1;
	return 0;
}

/* Placeholders every message and key may use, whatever the rule. */
static int is_builtin_placeholder(const char *name)
{
	static const char *const names[] = { "name", "project", "value", "key", "item", "rule",
					     "path", NULL };
	for (const char *const *n = names; *n; n++)
		if (!strcmp(*n, name))
			return 1;
	return 0;
}

/* Every `{x}` in s must be a binding or a built-in placeholder ("\{" is a brace). */
static void check_placeholders(struct validator *c, const char *s, struct cl_span at, int in_message)
{
	for (const char *p = s; *p; p++) {
		if (*p == '\\' && p[1]) {
			p++;
			continue;
		}
		if (*p != '{')
			continue;
		const char *end = p + 1;
		while (*end == '_' || isalnum((unsigned char)*end))
			end++;
		if (*end != '}' || end == p + 1)
			continue;  /* not a placeholder: "${...}" stays as written */
		char *name = arena_strndup(c->ps->a, p + 1, (size_t)(end - p - 1));
		/* {service} in a service rule, {network} in a network rule... */
		int scope_word = c->rule && c->rule->has_scope && c->rule->scope != PS_PROJECT &&
				 !strcmp(name, pscope_name(c->rule->scope));
		int ok = is_binding(c, name) || (in_message && (is_builtin_placeholder(name) || scope_word));
		if (!ok && !in_message && (!strcmp(name, "name") || !strcmp(name, "key") ||
					   !strcmp(name, "service") || !strcmp(name, "value")))
			ok = 1;
		if (!ok)
			error_at(c, at, "unknown placeholder '{%s}'%s", name,
				 c->bindings.n ? "; it is not a named group of the rule's 'each'" :
				 "; messages can use {name} (or the rule's scope: {service}, "
				 "{network}...), {value}, {key}, {item}, {path}, {rule}, {project} "
				 "and named groups of the rule's 'each' regex");
		p = end;
	}
}

static void check_path(struct validator *c, const struct ppath *path)
{
	if ((path->root == PR_VALUE || path->root == PR_KEY) && c->rule && !c->rule->has_each)
		error_at(c, path->root_at, "'value' and 'key' name the item of an 'each'; this rule "
			 "has none");
	for (uint32_t i = 0; i < path->n; i++) {
		const struct pseg *s = &path->segs[i];
		if ((s->kind == SEG_KEY || s->kind == SEG_GLOB) && s->key)
			check_placeholders(c, s->key, s->at, 0);
		if (s->kind != SEG_VAR || is_binding(c, s->key))
			continue;
		if (!strcmp(s->key, "name"))
			continue;
		if (!strcmp(s->key, "value") || !strcmp(s->key, "key")) {
			if (c->rule && !c->rule->has_each)
				error_at(c, s->at, "'%s' names the item of an 'each'; this rule has none",
					 s->key);
			continue;
		}
		const struct pset *set = find_set(c, s->key);
		if (set)
			((struct pset *)set)->used = 1;
		else
			error_at(c, s->at, "'%s' in [...] is neither a binding nor a set; quote it for a key",
				 s->key);
	}
}

static void resolve(struct validator *c, struct poperand *o);

static void resolve_ident(struct validator *c, struct poperand *o)
{
	const struct pset *set = find_set(c, o->text);
	if (set && o->path.n == 1) {
		o->kind = PO_SET;
		o->set = set;
		((struct pset *)set)->used = 1;
	} else if (is_binding(c, o->text) && o->path.n == 1) {
		o->kind = PO_BINDING;
	} else {
		o->kind = PO_PATH;
		check_path(c, &o->path);
	}
}

static void resolve(struct validator *c, struct poperand *o)
{
	switch (o->kind) {
	case PO_IDENT:
		resolve_ident(c, o);
		break;
	case PO_PATH:
		check_path(c, &o->path);
		break;
	case PO_STR:
		check_placeholders(c, o->text, o->at, 0);
		break;
	case PO_LIST:
		for (uint32_t i = 0; i < o->n; i++) {
			resolve(c, o->items[i]);
			if (o->items[i]->kind == PO_PATH || o->items[i]->kind == PO_CALL ||
			    o->items[i]->kind == PO_LIST)
				error_at(c, o->items[i]->at, "a list holds constants: strings, numbers, "
					 "booleans or regular expressions");
		}
		break;
	case PO_CALL:
		for (uint32_t i = 0; i < o->nargs; i++) {
			resolve(c, o->args[i]);
			if (o->fn->args[i] == PFA_PATH && o->args[i]->kind != PO_PATH)
				error_at(c, o->args[i]->at, "the argument of this function must be a path");
		}
		break;
	default:
		break;
	}
}

/* The operand as the right side sees it: sets stand for their value. */
static const struct poperand *deset(const struct poperand *o)
{
	return o->kind == PO_SET ? o->set->value : o;
}

static void check_expr(struct validator *c, struct pexpr *e)
{
	if (!e)
		return;
	switch (e->kind) {
	case PX_AND:
	case PX_OR:
		check_expr(c, e->l);
		check_expr(c, e->r);
		return;
	case PX_NOT:
		check_expr(c, e->l);
		return;
	case PX_EXISTS:
	case PX_ABSENT:
	case PX_TRUTH:
		resolve(c, e->a);
		if (e->kind != PX_TRUTH && e->a->kind != PO_PATH)
			error_at(c, e->a->at, "'exists' and 'absent' apply to a path");
		if (e->quant != PQ_DEFAULT)
			error_at(c, e->at, "'any' and 'all' go with a comparison");
		return;
	case PX_CMP:
		break;
	}
	resolve(c, e->a);
	resolve(c, e->b);
	const struct poperand *b = deset(e->b);
	switch (e->op) {
	case OP_MATCH:
	case OP_NOMATCH:
		if (b->kind != PO_REGEX)
			error_at(c, e->b->at, "'%s' needs a regular expression (/.../) on its right",
				 pop_name(e->op));
		break;
	case OP_IN:
	case OP_NOT_IN:
	case OP_SUBSET:
		if (b->kind != PO_LIST)
			error_at(c, e->b->at, "'%s' needs a list or a set on its right", pop_name(e->op));
		break;
	case OP_LT:
	case OP_LE:
	case OP_GT:
	case OP_GE:
		if (b->kind != PO_NUM && b->kind != PO_SIZE && b->kind != PO_DURATION &&
		    !poperand_computed(b))
			error_at(c, e->b->at, "'%s' compares numbers, sizes (512m) or durations (30s)",
				 pop_name(e->op));
		break;
	case OP_LIKE:
	case OP_NOT_LIKE:
		if (b->kind != PO_STR)
			error_at(c, e->b->at, "'%s' needs a glob pattern in quotes, e.g. \"db-*\"",
				 pop_name(e->op));
		break;
	case OP_CONTAINS:
	case OP_NOT_CONTAINS:
		if (b->kind == PO_LIST)
			error_at(c, e->b->at, "'contains' takes one value or regex; for several use "
				 "'subset of' or 'and'");
		break;
	default:
		if (b->kind == PO_REGEX)
			error_at(c, e->b->at, "use '=~' to match a regular expression");
		else if (b->kind == PO_LIST)
			error_at(c, e->b->at, "'%s' compares one value; to test membership use 'in'",
				 pop_name(e->op));
		break;
	}
	if (e->a->kind == PO_REGEX || e->a->kind == PO_LIST)
		error_at(c, e->a->at, "the left side of a comparison is a path or a value, not %s",
			 e->a->kind == PO_REGEX ? "a regular expression" : "a list");
}

static int valid_rule_id(const char *id)
{
	if (!*id)
		return 0;
	for (const char *p = id; *p; p++)
		if (!isalnum((unsigned char)*p) && !strchr("_./-", *p))
			return 0;
	return 1;
}

static void collect_bindings(struct validator *c, const struct prule *r)
{
	c->bindings.n = 0;
	if (!r->has_each)
		return;
	for (uint32_t i = 0; i < r->each.n; i++) {
		const struct pseg *s = &r->each.segs[i];
		if (s->kind != SEG_REGEX || !s->re)
			continue;
		const char **names;
		uint32_t n = pregex_group_names(s->re, c->ps->a, &names);
		for (uint32_t k = 0; k < n; k++)
			*ARENA_VEC_PUSH(c->ps->a, c->bindings.v, c->bindings.n, c->bindings.cap) = names[k];
	}
}

static void check_allows(struct validator *c, const struct pallow *al, uint32_t n, int has_scope,
			 enum pscope scope)
{
	for (uint32_t i = 0; i < n; i++)
		if (has_scope && al[i].scope != scope && al[i].scope != PS_PROJECT)
			error_at(c, al[i].at, "this rule checks each %s; an exception for a %s never applies",
				 pscope_name(scope), pscope_name(al[i].scope));
}

/* Rule ids are unique across every policy of the set. */
static const struct prule *find_rule(const struct pol_set *ps, const char *id, const struct prule *self)
{
	for (uint32_t i = 0; i < ps->n; i++)
		for (uint32_t k = 0; k < ps->v[i]->nrules; k++)
			if (&ps->v[i]->rules[k] != self && !strcmp(ps->v[i]->rules[k].id, id))
				return &ps->v[i]->rules[k];
	return NULL;
}

int pol_validate(struct pol_set *ps, struct ppolicy *pol)
{
	struct validator c;
	memset(&c, 0, sizeof c);
	c.ps = ps;
	c.pol = pol;
	c.first_error = ps->errors.n;
	for (uint32_t i = 0; i < pol->nsets; i++) {
		for (uint32_t k = 0; k < i; k++)
			if (!strcmp(pol->sets[i].name, pol->sets[k].name))
				error_at(&c, pol->sets[i].at, "set '%s' is already defined at line %u",
					 pol->sets[i].name, pol->sets[k].at.start.line);
		resolve(&c, pol->sets[i].value);
		if (poperand_computed(pol->sets[i].value) || pol->sets[i].value->kind == PO_SET)
			error_at(&c, pol->sets[i].value->at, "a set holds constants, not paths");
	}
	for (uint32_t i = 0; i < pol->nrules; i++) {
		struct prule *r = &pol->rules[i];
		c.rule = r;
		const struct prule *other;
		if (!valid_rule_id(r->id))
			error_at(&c, r->at, "rule id '%s' may only use letters, digits and _ . / -", r->id);
		else if (!r->builtin && cl_rule_find(r->id))
			error_at(&c, r->at, "rule id '%s' belongs to a built-in rule; choose another id, "
				 "or use configure \"%s\" { ... } to change the built-in one", r->id, r->id);
		else if ((other = find_rule(ps, r->id, r)) != NULL && other->at.file != r->at.file)
			error_at(&c, r->at, "rule '%s' is already defined in %s at line %u", r->id,
				 ps->files->v[other->at.file].display, other->at.start.line);
		else if (other && other->at.start.off < r->at.start.off)
			error_at(&c, r->at, "rule '%s' is already defined at line %u", r->id,
				 other->at.start.line);
		if (!r->has_scope)
			error_at(&c, r->at, "rule '%s' needs a scope: for service (or network, volume, "
				 "secret, config, project)", r->id);
		if (!r->nreqs)
			error_at(&c, r->at, "rule '%s' has no 'require' or 'forbid'", r->id);
		collect_bindings(&c, r);
		check_expr(&c, r->where);
		if (r->has_each) {
			check_path(&c, &r->each);
			if (r->each.root == PR_NAME)
				error_at(&c, r->each_at, "'each' takes a path into the %s",
					 pscope_name(r->scope));
		}
		check_expr(&c, r->each_where);
		for (uint32_t k = 0; k < r->nreqs; k++) {
			check_expr(&c, r->reqs[k].cond);
			check_expr(&c, r->reqs[k].when);
		}
		if (r->message)
			check_placeholders(&c, r->message, r->message_at, 1);
		for (uint32_t k = 0; k < r->nreqs; k++)
			if (r->reqs[k].message)
				check_placeholders(&c, r->reqs[k].message, r->reqs[k].message_at, 1);
		check_allows(&c, r->allows, r->nallows, r->has_scope, r->scope);
	}
	c.rule = NULL;
	c.bindings.n = 0;
	for (uint32_t i = 0; i < pol->nconfigs; i++) {
		struct pconfig *cf = &pol->configs[i];
		cf->builtin = cl_rule_find(cf->rule);
		if (!cf->builtin)
			error_at(&c, cf->at, "'%s' is not a built-in rule (composelint --list-rules)", cf->rule);
		else if (cf->builtin->kind == CL_RULE_INPUT)
			error_at(&c, cf->at, "%s reports problems with the input itself; a policy cannot "
				 "configure it (use --disable or --severity on the command line)",
				 cf->builtin->id);
		check_allows(&c, cf->allows, cf->nallows, 1, PS_SERVICE);
	}
	return c.ps->errors.n > c.first_error ? -1 : 0;
}
