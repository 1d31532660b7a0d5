/* ast.c - names and properties of syntax tree nodes (see ast.h). */
#include "policy/ast.h"

int poperand_computed(const struct poperand *o)
{
	return o->kind == PO_PATH || o->kind == PO_IDENT || o->kind == PO_BINDING ||
	       o->kind == PO_CALL;
}

int poperand_multi(const struct poperand *o)
{
	if (o->kind == PO_PATH || o->kind == PO_IDENT)
		return o->path.multi;
	if (o->kind != PO_CALL)
		return 0;
	return o->fn->result == PFR_SEVERAL ||
	       (o->fn->result == PFR_EACH && poperand_multi(o->args[0]));
}

const char *pscope_name(enum pscope s)
{
	static const char *const names[] = { "service", "network", "volume", "secret", "config",
					     "project" };
	return names[s];
}

const char *pop_name(enum pop op)
{
	static const char *const names[] = { "==", "!=", "=~", "!~", "<", "<=", ">", ">=", "in",
					     "not in", "contains", "not contains", "subset of", "like",
					     "not like" };
	return names[op];
}
