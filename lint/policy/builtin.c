/* builtin.c - named sets of built-in rules (see builtin.h). */
#include "policy/builtin.h"

#include <string.h>

static const char *const security[] = { "image", "privilege", "filesystem", "network", NULL };

static const struct pol_builtin_set sets[] = {
	{ "recommended", "every built-in rule composelint runs by default", NULL },
	{ "all", "every built-in rule", NULL },
	{ "security", "images, privileges, filesystem and network rules", security },
};

const struct pol_builtin_set *pol_builtin_find(const char *name)
{
	for (size_t i = 0; i < sizeof sets / sizeof *sets; i++)
		if (!strcmp(sets[i].name, name))
			return &sets[i];
	return NULL;
}

int pol_builtin_in_set(const struct pol_builtin_set *s, const struct cl_rule *r)
{
	if (!s->categories)
		return 1;
	for (const char *const *c = s->categories; *c; c++)
		if (!strcmp(*c, r->category))
			return 1;
	return 0;
}

const char *pol_builtin_names(void)
{
	return "recommended, all, security";
}
