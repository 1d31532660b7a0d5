/*
 * functions.c - the functions of the policy language, one row each (see
 * functions.h), and their evaluators.
 */
#include "policy/functions.h"
#include "base/arena.h"
#include "base/strbuf.h"
#include "policy/values.h"

#include <ctype.h>
#include <string.h>

/* count(PATH): how many values the path selects.  One list or map counts
 * its items; items that lack the rest of a wildcard path do not count. */
static void fn_count(struct arena *a, const struct pvals *args, struct pvals *out)
{
	const struct pvals *in = &args[0];
	uint32_t n = 0;
	for (uint32_t i = 0; i < in->n; i++)
		n += !in->v[i].missing;
	if (!in->multi && in->n == 1 && in->v[0].cv &&
	    (in->v[0].cv->kind == CV_LIST || in->v[0].cv->kind == CV_MAP))
		n = in->v[0].cv->n;
	struct pv v = pv_text(arena_printf(a, "%u", n));
	if (in->n == 1)
		v.at = in->v[0].at;
	pvals_add(a, out, &v);
}

/* raw(PATH): each value's text as written, which is always known. */
static void fn_raw(struct arena *a, const struct pvals *args, struct pvals *out)
{
	for (uint32_t i = 0; i < args[0].n; i++) {
		struct pv v = args[0].v[i];
		if (v.cv && v.cv->raw)
			v.text = v.cv->raw;
		v.unknown = 0;
		pvals_add(a, out, &v);
	}
}

/* keys(PATH): the keys of each map the path selects, each where it was written. */
static void fn_keys(struct arena *a, const struct pvals *args, struct pvals *out)
{
	for (uint32_t i = 0; i < args[0].n; i++) {
		const struct cv *m = args[0].v[i].cv;
		for (uint32_t k = 0; m && m->kind == CV_MAP && k < m->n; k++) {
			struct pv v = pv_text(m->items[k].key);
			v.at = m->items[k].key_at;
			v.key = m->items[k].key;
			v.path = pv_path_key(a, args[0].v[i].path, m->items[k].key);
			pvals_add(a, out, &v);
		}
	}
}

/* lower(X): each value's text in lower case (ASCII). */
static void fn_lower(struct arena *a, const struct pvals *args, struct pvals *out)
{
	for (uint32_t i = 0; i < args[0].n; i++) {
		struct pv v = args[0].v[i];
		if (v.text) {
			char *t = arena_strdup(a, v.text);
			for (char *p = t; *p; p++)
				*p = (char)tolower((unsigned char)*p);
			v.text = t;
		}
		pvals_add(a, out, &v);
	}
}

static const struct pfunc functions[] = {
	{ "count", 1, { PFA_PATH }, PFR_NUMBER, fn_count },
	{ "raw", 1, { PFA_PATH }, PFR_EACH, fn_raw },
	{ "keys", 1, { PFA_PATH }, PFR_SEVERAL, fn_keys },
	{ "lower", 1, { PFA_ANY }, PFR_EACH, fn_lower },
};

const struct pfunc *pfunc_find(const char *name)
{
	for (size_t i = 0; i < sizeof functions / sizeof *functions; i++)
		if (!strcmp(functions[i].name, name))
			return &functions[i];
	return NULL;
}

const char *pfunc_names(struct arena *a)
{
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < sizeof functions / sizeof *functions; i++)
		strbuf_addf(&sb, "%s%s", i ? ", " : "", functions[i].name);
	const char *s = arena_strndup(a, sb.buf, sb.len);
	strbuf_release(&sb);
	return s;
}
