/* values.c - the values operands stand for (see values.h). */
#include "policy/values.h"
#include "base/arena.h"
#include "base/vec.h"

#include <string.h>

void pvals_add(struct arena *a, struct pvals *s, const struct pv *v)
{
	*ARENA_VEC_PUSH(a, s->v, s->n, s->cap) = *v;
}

struct pv pv_of_cv(const struct cv *cv, const char *path)
{
	struct pv v;
	memset(&v, 0, sizeof v);
	v.cv = cv;
	v.at = cv->at;
	v.unknown = cv->unknown;
	v.path = path;
	if (cv->kind != CV_LIST && cv->kind != CV_MAP)
		v.text = cv->text;
	return v;
}

struct pv pv_text(const char *text)
{
	struct pv v;
	memset(&v, 0, sizeof v);
	v.text = text;
	return v;
}

const char *pv_path_key(struct arena *a, const char *base, const char *key)
{
	int plain = *key && !strpbrk(key, ".[]\" *");
	if (!base || !*base)
		return plain ? key : arena_printf(a, "[\"%s\"]", key);
	return plain ? arena_printf(a, "%s.%s", base, key) : arena_printf(a, "%s[\"%s\"]", base, key);
}

const char *pv_path_index(struct arena *a, const char *base, uint32_t index)
{
	return arena_printf(a, "%s[%u]", base ? base : "", index);
}
