/* rule.c - the rule table, expanded from rules.def (see rule.h). */
#include "core/rule.h"

#include <stddef.h>
#include <string.h>
#include <strings.h>

const struct cl_rule cl_rules[CL_RULE_COUNT] = {
#define RULE(id, name, sev, cat, fn, summary, hint) \
	{ #id, name, sev, cat, CL_RULE_C, summary, hint, 0, NULL, NULL, 0, 0 },
#define INPUT_RULE(id, name, sev, cat, summary, hint) \
	{ #id, name, sev, cat, CL_RULE_INPUT, summary, hint, 0, NULL, NULL, 0, 0 },
#define POLICY_RULE(id, name, sev, cat, summary, hint) \
	{ #id, name, sev, cat, CL_RULE_POLICY, summary, hint, 0, NULL, NULL, 0, 0 },
#include "core/rules.def"
#undef RULE
#undef INPUT_RULE
#undef POLICY_RULE
};

const struct cl_rule *cl_rule_find(const char *s)
{
	for (size_t i = 0; i < CL_RULE_COUNT; i++)
		if (!strcasecmp(cl_rules[i].id, s) || !strcmp(cl_rules[i].name, s))
			return &cl_rules[i];
	return NULL;
}

const char *cl_severity_name(enum cl_severity s)
{
	switch (s) {
	case CL_ERROR:
		return "error";
	case CL_WARNING:
		return "warning";
	default:
		return "note";
	}
}

int cl_severity_parse(const char *s)
{
	if (!strcmp(s, "error"))
		return CL_ERROR;
	if (!strcmp(s, "warning"))
		return CL_WARNING;
	if (!strcmp(s, "note"))
		return CL_NOTE;
	return -1;
}
