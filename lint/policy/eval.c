/*
 * eval.c - running policy rules over the normalized compose document.
 *
 * Logic is three-valued: a comparison with a value that only interpolation
 * could know is UNKNOWN, and an UNKNOWN requirement produces no finding
 * (--explain-unknown lists it).  A regular expression that a limit stopped
 * is UNKNOWN too, but a check that a limit left undecided is a CL004 error
 * finding at the value, never a silent pass; and each rule runs on a
 * budget of regex work (regex.h), after which its remaining checks are
 * not run and one CL004 finding says so.
 * Every result carries the location of the value that decided it, so a
 * failed requirement is reported at the value at fault: the offending list
 * item, the `cap_drop:` list that lacks ALL, or (when the key is absent)
 * the current `each` item or the object's own key.
 *
 * What a rule makes while it runs (values, paths, bindings) lives in a
 * scratch arena released after the rule, so memory does not grow with the
 * number of rules; findings, their messages and the undecided list go to
 * the run's arena.
 */
#include "policy/policy.h"
#include "base/arena.h"
#include "base/strbuf.h"
#include "base/utf8.h"
#include "base/vec.h"
#include "compose/origin.h"
#include "compose/value.h"
#include "policy/functions.h"
#include "policy/lex.h"
#include "policy/values.h"

#include <ctype.h>
#include <fnmatch.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum tv { TV_FALSE, TV_TRUE, TV_UNKNOWN };

struct eres {
	enum tv tv;
	struct cl_val at;           /* the deciding value, or nowhere */
	const char *value;          /* its text, for {value} */
	const char *path;
};

struct ectx {
	struct pol_set *ps;
	struct arena *a;            /* scratch: released when the rule is done */
	struct arena *keep;         /* the run's arena: what findings hold */
	struct cl_findings *out;
	const struct ppolicy *pol;
	const struct prule *rule;
	const struct cl_rule *reg;
	const struct cv *doc;
	const struct cv *obj;
	const char *obj_name;
	struct cl_span obj_span;    /* where object-level findings go */
	const struct pv *item;      /* the current `each` match */
	uint64_t budget;            /* regex units the rule has left */
	/* the current check: the first regex a limit stopped, and whether it
	 * was a path step (which leaves the selection itself incomplete) */
	int limit;                  /* PRE_MATCH_LIMIT... or 0 */
	struct cl_val limit_at;
	int limit_in_path;
	int spent;                  /* the budget ran out: the rule stops */
	struct cl_val spent_at;
};

/* ---- bindings and placeholders --------------------------------------------- */

/* A binding made by a regex step: on the value's own path first, then on
 * the current `each` item's. */
static const char *binding(const struct ectx *x, const struct pv *local, const char *name)
{
	const struct pv *where[2] = { local, x->item };
	for (int w = 0; w < 2; w++)
		for (uint32_t i = where[w] ? where[w]->nb : 0; i-- > 0;)
			if (!strcmp(where[w]->bn[i], name))
				return where[w]->bv[i];
	return NULL;
}

/* Expand {x} placeholders into arena a; `res` resolves the message-only ones. */
static const char *expand(struct ectx *x, struct arena *a, const char *s, const struct pv *local,
			  const struct eres *res)
{
	if (!strchr(s, '{') && !strchr(s, '\\'))
		return s;
	struct strbuf sb = STRBUF_INIT;
	for (const char *p = s; *p; p++) {
		if (*p == '\\' && (p[1] == '{' || p[1] == '}')) {
			strbuf_addch(&sb, p[1]);
			p++;
			continue;
		}
		const char *end = NULL;
		if (*p == '{') {
			end = p + 1;
			while (*end == '_' || isalnum((unsigned char)*end))
				end++;
			if (*end != '}' || end == p + 1)
				end = NULL;
		}
		if (!end) {
			strbuf_addch(&sb, *p);
			continue;
		}
		char name[64];
		snprintf(name, sizeof name, "%.*s", (int)(end - p - 1), p + 1);
		const char *val = binding(x, local, name);
		if (!val) {
			if (!strcmp(name, "rule"))
				val = x->rule->id;
			else if (!strcmp(name, "key"))
				val = x->item && x->item->key ? x->item->key : "";
			else if (!strcmp(name, "value"))
				val = res && res->value ? res->value :
				      x->item && x->item->text ? x->item->text : "";
			else if (!strcmp(name, "path"))
				val = res && res->path ? res->path : "";
			else if (!strcmp(name, "item"))
				val = x->item && x->item->text ? x->item->text : "";
			else if (!strcmp(name, "project")) {
				const struct cv *pn = cv_get(x->doc, "name");
				val = pn && pn->text ? pn->text : "";
			}
			else
				val = x->obj_name ? x->obj_name : "";  /* name, service, network... */
		}
		strbuf_addstr(&sb, val);
		p = end;
	}
	const char *out = arena_strndup(a, sb.buf ? sb.buf : "", sb.len);
	strbuf_release(&sb);
	return out;
}

/* ---- regular expressions under the rule's budget ------------------------------ */

static int regex(struct ectx *x, struct pregex *re, const char *s, const struct cl_val *at,
		 int in_path)
{
	if (x->spent)
		return PRE_BUDGET;
	int m = pregex_match(re, s, strlen(s), &x->budget);
	if (m >= 0)
		return m;
	struct cl_val where;
	memset(&where, 0, sizeof where);
	if (at)
		where = *at;
	if (m == PRE_BUDGET) {
		x->spent = 1;
		x->spent_at = where;
	} else if (!x->limit) {
		x->limit = m;
		x->limit_at = where;
	}
	x->limit_in_path |= in_path;
	return m;
}

/* ---- paths -------------------------------------------------------------------- */

static void child(struct ectx *x, struct pvals *out, const struct pv *parent,
		  const struct cv_entry *e, uint32_t index, const char **bn, const char **bv, uint32_t nb)
{
	struct pv v = pv_of_cv(e->value, e->key ? pv_path_key(x->a, parent->path, e->key) :
				  pv_path_index(x->a, parent->path, index));
	v.key = e->key;
	v.key_at = e->key_at;
	v.fanned = parent->fanned;
	if (!v.at.node && e->key_at.node)
		v.at = e->key_at;  /* a value with no text of its own: point at its key */
	/* bindings accumulate along the path */
	v.nb = parent->nb + nb;
	if (v.nb) {
		v.bn = arena_alloc(x->a, v.nb * sizeof *v.bn);
		v.bv = arena_alloc(x->a, v.nb * sizeof *v.bv);
		for (uint32_t i = 0; i < parent->nb; i++) {
			v.bn[i] = parent->bn[i];
			v.bv[i] = parent->bv[i];
		}
		for (uint32_t i = 0; i < nb; i++) {
			v.bn[parent->nb + i] = bn[i];
			v.bv[parent->nb + i] = bv[i];
		}
	}
	pvals_add(x->a, out, &v);
}

/*
 * Below a wildcard, an item that lacks the next key still counts: it stands
 * as a missing value, so `ports[*].host_ip == "127.0.0.1"` fails for a port
 * published on every interface instead of skipping it.  Outside wildcards a
 * missing key simply selects nothing.
 */
static void missing(struct ectx *x, struct pvals *out, const struct pv *parent, const char *path)
{
	if (!parent->fanned || parent->missing)
		return;
	struct pv v;
	memset(&v, 0, sizeof v);
	v.at = parent->at;
	v.path = path;
	v.fanned = v.missing = 1;
	v.bn = parent->bn;
	v.bv = parent->bv;
	v.nb = parent->nb;
	pvals_add(x->a, out, &v);
}

static const char *set_text(const struct pset *set)
{
	return set->value->kind == PO_STR || set->value->kind == PO_NUM ? set->value->text : NULL;
}

static const struct pset *find_set(const struct ectx *x, const char *name);

static void step(struct ectx *x, const struct pseg *seg, const struct pv *v, struct pvals *out)
{
	const struct cv *cv = v->cv;
	if (v->missing) {
		pvals_add(x->a, out, v);  /* still missing, however deep the path goes */
		return;
	}
	if (!cv)
		return;
	const char *key = NULL;
	switch (seg->kind) {
	case SEG_KEY:
		key = expand(x, x->a, seg->key, v, NULL);
		break;
	case SEG_VAR: {
		key = binding(x, v, seg->key);
		if (!key && !strcmp(seg->key, "name"))
			key = x->obj_name;
		else if (!key && !strcmp(seg->key, "key") && x->item)
			key = x->item->key;
		else if (!key && !strcmp(seg->key, "value") && x->item)
			key = x->item->text;
		const struct pset *set = key ? NULL : find_set(x, seg->key);
		if (set)
			key = set_text(set);
		if (!key)
			return;
		break;
	}
	default:
		break;
	}
	if (key) {
		const struct cv_entry *e = cv_entry(cv, key);
		if (e)
			child(x, out, v, e, 0, NULL, NULL, 0);
		else
			missing(x, out, v, pv_path_key(x->a, v->path, key));
		return;
	}
	if (seg->kind == SEG_INDEX) {
		if (cv->kind == CV_LIST && seg->index < cv->n)
			child(x, out, v, &cv->items[seg->index], seg->index, NULL, NULL, 0);
		else
			missing(x, out, v, pv_path_index(x->a, v->path, seg->index));
		return;
	}
	if (cv->kind != CV_LIST && cv->kind != CV_MAP)
		return;
	/* a glob's placeholders depend on the value, not on the entry */
	const char *glob = seg->kind == SEG_GLOB ? expand(x, x->a, seg->key, v, NULL) : NULL;
	for (uint32_t i = 0; i < cv->n; i++) {
		const struct cv_entry *e = &cv->items[i];
		if (seg->kind == SEG_ANY) {
			child(x, out, v, e, i, NULL, NULL, 0);
			out->v[out->n - 1].fanned = 1;
		} else if (!e->key) {
			continue;  /* globs and regexes select map keys */
		} else if (seg->kind == SEG_GLOB) {
			if (!fnmatch(glob, e->key, 0)) {
				child(x, out, v, e, i, NULL, NULL, 0);
				out->v[out->n - 1].fanned = 1;
			}
		} else if (seg->kind == SEG_REGEX && seg->re) {
			int m = regex(x, seg->re, e->key, &e->key_at, 1);
			if (m == PRE_MATCH) {
				const char **bn, **bv;
				uint32_t nb = pregex_groups(seg->re, x->a, e->key, &bn, &bv);
				child(x, out, v, e, i, bn, bv, nb);
				out->v[out->n - 1].fanned = 1;
			}
		}
	}
}

static void eval_path(struct ectx *x, const struct ppath *path, struct pvals *out)
{
	struct pvals cur = { NULL, 0, 0, 0 };
	struct pv start;
	memset(&start, 0, sizeof start);
	switch (path->root) {
	case PR_SCOPE:
		start = pv_of_cv(x->obj, "");
		break;
	case PR_PROJECT:
		start = pv_of_cv(x->doc, "$");
		break;
	case PR_VALUE:
		if (!x->item)
			return;
		start = *x->item;
		break;
	case PR_KEY:
		if (!x->item || !x->item->key)
			return;
		start = pv_text(x->item->key);
		start.at = x->item->key_at;
		start.path = "key";
		break;
	case PR_NAME:
		start = pv_text(x->obj_name ? x->obj_name : "");
		start.path = "name";
		break;
	}
	pvals_add(x->a, &cur, &start);
	for (uint32_t i = 0; i < path->n && cur.n; i++) {
		struct pvals next = { NULL, 0, 0, 0 };
		for (uint32_t k = 0; k < cur.n; k++)
			step(x, &path->segs[i], &cur.v[k], &next);
		cur = next;
	}
	for (uint32_t k = 0; k < cur.n; k++)
		pvals_add(x->a, out, &cur.v[k]);
	out->multi = path->multi;
}

/* ---- operands ------------------------------------------------------------------ */

/* A set of the rule's own policy. */
static const struct pset *find_set(const struct ectx *x, const char *name)
{
	for (uint32_t s = 0; s < x->pol->nsets; s++)
		if (!strcmp(x->pol->sets[s].name, name))
			return &x->pol->sets[s];
	return NULL;
}

static void eval_operand(struct ectx *x, const struct poperand *o, struct pvals *out);

static void const_value(struct ectx *x, const struct poperand *o, struct pvals *out)
{
	struct pv v = pv_text(NULL);
	switch (o->kind) {
	case PO_STR:
		v.text = expand(x, x->a, o->text, NULL, NULL);
		break;
	case PO_BOOL:
		v.text = o->b ? "true" : "false";
		break;
	case PO_NULL:
		v.text = NULL;
		break;
	default:
		v.text = o->text;
		break;
	}
	pvals_add(x->a, out, &v);
}

/* A function call: the values of its arguments, then its evaluator. */
static void call(struct ectx *x, const struct poperand *o, struct pvals *out)
{
	struct pvals args[PFUNC_MAX_ARGS];
	memset(args, 0, sizeof args);
	for (uint32_t i = 0; i < o->nargs; i++)
		eval_operand(x, o->args[i], &args[i]);
	o->fn->eval(x->a, args, out);
	out->multi = poperand_multi(o);
}

static void eval_operand(struct ectx *x, const struct poperand *o, struct pvals *out)
{
	switch (o->kind) {
	case PO_PATH:
	case PO_IDENT:
		eval_path(x, &o->path, out);
		return;
	case PO_SET:
		eval_operand(x, o->set->value, out);
		return;
	case PO_BINDING: {
		const char *b = binding(x, NULL, o->text);
		struct pv v = pv_text(b ? b : "");
		pvals_add(x->a, out, &v);
		return;
	}
	case PO_CALL:
		call(x, o, out);
		return;
	default:
		const_value(x, o, out);
		return;
	}
}

/* ---- comparisons ------------------------------------------------------------------ */

static int as_number(const char *s, double *d)
{
	if (!s || !*s)
		return 0;
	char *end;
	if (strpbrk(s, "xXpP"))
		return 0;  /* "0x10" is text to compose, not 16 */
	*d = strtod(s, &end);
	return !*end && isfinite(*d) && !isspace((unsigned char)*s);
}

/* Loose equality, as people read compose: 465 == "465", true == "true". */
static int equal_text(const char *a, const char *b)
{
	double x, y;
	if (!a || !b)
		return !a && !b;
	if (as_number(a, &x) && as_number(b, &y))
		return x == y;
	return !strcmp(a, b);
}

/* One value against one constant operand (string, number, regex, bool,
 * null): 1, 0, or -1 when a regex gave up at its limits (decides nothing). */
static int match_const(struct ectx *x, const struct pv *v, const struct poperand *c)
{
	const struct poperand *k = c->kind == PO_SET ? c->set->value : c;
	if (k->kind == PO_REGEX) {
		if (!v->text || !k->re)
			return 0;
		int m = regex(x, k->re, v->text, &v->at, 0);
		return m < 0 ? -1 : m == PRE_MATCH;
	}
	if (k->kind == PO_NULL)
		return v->cv ? v->cv->kind == CV_NULL : !v->text;
	struct pvals cv = { NULL, 0, 0, 0 };
	eval_operand(x, k, &cv);
	for (uint32_t i = 0; i < cv.n; i++)
		if (equal_text(v->text, cv.v[i].text))
			return 1;
	return 0;
}

static int in_list(struct ectx *x, const struct pv *v, const struct poperand *list)
{
	const struct poperand *l = list->kind == PO_SET ? list->set->value : list;
	if (l->kind != PO_LIST)
		return match_const(x, v, l);
	int limit = 0;
	for (uint32_t i = 0; i < l->n; i++) {
		int m = match_const(x, v, l->items[i]);
		if (m > 0)
			return 1;
		limit |= m < 0;
	}
	return limit ? -1 : 0;
}

static enum tv tv_of(int m, int want)
{
	return m < 0 ? TV_UNKNOWN : (m > 0) == want ? TV_TRUE : TV_FALSE;
}

/*
 * The left value and the right constant as numbers of the same kind.  A
 * unit shared by sizes and durations ("5m": MiB or minutes) is read the way
 * the left value reads: "512m" is a size, "90s" a duration.
 */
static int number_pair(const struct pv *v, const struct poperand *rhs, const struct pvals *rvals,
		       double *a, double *b)
{
	const struct poperand *k = rhs->kind == PO_SET ? rhs->set->value : rhs;
	if (!v->text)
		return 0;
	if (k->kind == PO_SIZE || k->kind == PO_DURATION) {
		double ds, dd;
		int size_ok = !pol_parse_size(v->text, a);
		int dur_ok = !pol_parse_duration(v->text, &dd) || as_number(v->text, &dd);
		int rhs_dur = !pol_parse_duration(k->text, &ds);
		if (k->kind == PO_SIZE && size_ok) {
			*b = k->num;
			return 1;
		}
		if (dur_ok && (k->kind == PO_DURATION || rhs_dur)) {
			*a = dd;
			*b = k->kind == PO_DURATION ? k->num : ds;
			return 1;
		}
		return 0;
	}
	if (!as_number(v->text, a))
		return 0;
	if (k->kind == PO_NUM) {
		*b = k->num;
		return 1;
	}
	return rvals && rvals->n == 1 && as_number(rvals->v[0].text, b);
}

/* Elements of a collection value: list items, or a map's keys. */
static void elements(struct ectx *x, const struct pv *v, struct pvals *out)
{
	const struct cv *c = v->cv;
	if (!c)
		return;
	for (uint32_t i = 0; i < c->n; i++) {
		struct pv e;
		if (c->kind == CV_MAP) {
			e = pv_text(c->items[i].key);
			e.at = c->items[i].key_at;
		} else {
			e = pv_of_cv(c->items[i].value, pv_path_index(x->a, v->path, i));
		}
		pvals_add(x->a, out, &e);
	}
}

/* `contains`: does collection L hold a value matching rhs?  L is a list, a
 * map (its keys), the values a wildcard path matched, or a string (substring). */
static enum tv contains(struct ectx *x, const struct pvals *l, const struct poperand *rhs)
{
	struct pvals items = { NULL, 0, 0, 0 };
	if (l->multi) {
		items = *l;
	} else if (l->n == 1 && l->v[0].cv && (l->v[0].cv->kind == CV_LIST || l->v[0].cv->kind == CV_MAP)) {
		elements(x, &l->v[0], &items);
	} else if (l->n == 1 && l->v[0].text) {
		if (l->v[0].unknown)
			return TV_UNKNOWN;
		const struct poperand *k = rhs->kind == PO_SET ? rhs->set->value : rhs;
		if (k->kind == PO_REGEX)
			return tv_of(match_const(x, &l->v[0], k), 1);
		struct pvals r = { NULL, 0, 0, 0 };
		eval_operand(x, k, &r);
		return r.n && r.v[0].text && strstr(l->v[0].text, r.v[0].text) ? TV_TRUE : TV_FALSE;
	}
	int unknown = 0;
	for (uint32_t i = 0; i < items.n; i++) {
		if (items.v[i].unknown) {
			unknown = 1;
			continue;
		}
		int m = match_const(x, &items.v[i], rhs);
		if (m > 0)
			return TV_TRUE;
		unknown |= m < 0;
	}
	return unknown ? TV_UNKNOWN : TV_FALSE;
}

/* `subset of`: every element of the collection is in the list.  The
 * collection is the matches of a wildcard, or one value's elements. */
static enum tv subset(struct ectx *x, const struct pvals *el, const struct poperand *rhs)
{
	int unknown = 0;
	for (uint32_t i = 0; i < el->n; i++) {
		if (el->v[i].unknown) {
			unknown = 1;
			continue;
		}
		int m = in_list(x, &el->v[i], rhs);
		if (!m)
			return TV_FALSE;
		unknown |= m < 0;
	}
	return unknown ? TV_UNKNOWN : TV_TRUE;
}

/* One left value against the right side; absent left values are handled by the caller. */
static int negative(enum pop op);

static enum tv compare1(struct ectx *x, const struct pv *v, enum pop op, const struct poperand *rhs,
			const struct pvals *rvals)
{
	const struct poperand *k = rhs->kind == PO_SET ? rhs->set->value : rhs;
	if (v->missing)  /* an item without the value: as if absent */
		return (op == OP_EQ || op == OP_NE) && k->kind == PO_NULL ?
		       (op == OP_EQ ? TV_TRUE : TV_FALSE) : negative(op) ? TV_TRUE : TV_FALSE;
	if ((op == OP_EQ || op == OP_NE) && k->kind == PO_NULL)
		return tv_of(match_const(x, v, k), op == OP_EQ);  /* "${X}" is never null */
	if (v->unknown)
		return TV_UNKNOWN;
	for (uint32_t i = 0; rvals && i < rvals->n; i++)
		if (rvals->v[i].unknown)
			return TV_UNKNOWN;
	double a, b;
	switch (op) {
	case OP_EQ:
	case OP_NE: {
		int eq;
		if (rvals)  /* a computed right side: its first value */
			eq = rvals->n && equal_text(v->text, rvals->v[0].text);
		else
			eq = match_const(x, v, rhs);
		return tv_of(eq, op == OP_EQ);
	}
	case OP_MATCH:
	case OP_NOMATCH: {
		if (!v->text || !k->re)
			return op == OP_NOMATCH ? TV_TRUE : TV_FALSE;
		int m = regex(x, k->re, v->text, &v->at, 0);
		if (m < 0)
			return TV_UNKNOWN;  /* a runaway pattern decides nothing */
		return (m == PRE_MATCH) == (op == OP_MATCH) ? TV_TRUE : TV_FALSE;
	}
	case OP_IN:
	case OP_NOT_IN:
		return tv_of(in_list(x, v, rhs), op == OP_IN);
	case OP_SUBSET: {
		struct pvals el = { NULL, 0, 0, 0 };
		elements(x, v, &el);
		return subset(x, &el, rhs);
	}
	case OP_LIKE:
	case OP_NOT_LIKE: {
		struct pvals r = { NULL, 0, 0, 0 };
		eval_operand(x, k, &r);
		int m = v->text && r.n && r.v[0].text && !fnmatch(r.v[0].text, v->text, 0);
		return m == (op == OP_LIKE) ? TV_TRUE : TV_FALSE;
	}
	default:
		if (!number_pair(v, rhs, rvals, &a, &b))
			return TV_FALSE;
		switch (op) {
		case OP_LT: return a < b ? TV_TRUE : TV_FALSE;
		case OP_LE: return a <= b ? TV_TRUE : TV_FALSE;
		case OP_GT: return a > b ? TV_TRUE : TV_FALSE;
		default: return a >= b ? TV_TRUE : TV_FALSE;
		}
	}
}

static int negative(enum pop op)
{
	return op == OP_NE || op == OP_NOMATCH || op == OP_NOT_IN || op == OP_NOT_CONTAINS ||
	       op == OP_SUBSET || op == OP_NOT_LIKE;
}

static struct eres result(enum tv tv, const struct pv *v)
{
	struct eres r;
	memset(&r, 0, sizeof r);
	r.tv = tv;
	if (v) {
		r.at = v->at;
		r.value = v->text;
		r.path = v->path;
	}
	return r;
}

static struct eres eval_expr(struct ectx *x, const struct pexpr *e);

/* Is a value of this operand where the object's problem is?  A value
 * elsewhere in the project ($...), or made from one, is not: such findings
 * go to the `each` item or the object. */
static int is_local(const struct poperand *o)
{
	if (o->kind == PO_PATH)
		return o->path.root != PR_PROJECT;
	for (uint32_t i = 0; o->kind == PO_CALL && i < o->nargs; i++)
		if (!is_local(o->args[i]))
			return 0;
	return 1;
}

static struct eres eval_cmp(struct ectx *x, const struct pexpr *e)
{
	struct pvals l = { NULL, 0, 0, 0 }, r = { NULL, 0, 0, 0 };
	eval_operand(x, e->a, &l);
	int rv = poperand_computed(e->b);  /* evaluated once; constants are matched as they are */
	if (rv)
		eval_operand(x, e->b, &r);
	int local = is_local(e->a);
	if (e->op == OP_CONTAINS || e->op == OP_NOT_CONTAINS) {
		enum tv tv = l.n ? contains(x, &l, e->b) : TV_FALSE;
		if (e->op == OP_NOT_CONTAINS && tv != TV_UNKNOWN)
			tv = tv == TV_TRUE ? TV_FALSE : TV_TRUE;
		return result(tv, local && l.n == 1 && !l.multi ? &l.v[0] : NULL);
	}
	if (e->op == OP_SUBSET && l.multi)
		return result(subset(x, &l, e->b), NULL);
	if (!l.n && l.multi)  /* no matches: all of none holds, any of none does not */
		return result(e->quant == PQ_ANY ? TV_FALSE : TV_TRUE, NULL);
	const struct poperand *rk = e->b->kind == PO_SET ? e->b->set->value : e->b;
	if (!l.n && (e->op == OP_EQ || e->op == OP_NE) && rk->kind == PO_NULL)
		return result(e->op == OP_EQ ? TV_TRUE : TV_FALSE, NULL);  /* missing is null */
	if (!l.n)  /* absent: nothing equals it, everything differs from it */
		return result(negative(e->op) ? TV_TRUE : TV_FALSE, NULL);
	int any = e->quant == PQ_ANY;
	int unknown = 0;
	const struct pv *first_false = NULL, *first_true = NULL;
	for (uint32_t i = 0; i < l.n; i++) {
		enum tv tv = compare1(x, &l.v[i], e->op, e->b, rv ? &r : NULL);
		if (tv == TV_UNKNOWN)
			unknown = 1;
		else if (tv == TV_FALSE && !first_false)
			first_false = &l.v[i];
		else if (tv == TV_TRUE && !first_true)
			first_true = &l.v[i];
	}
	if (any) {
		if (first_true)
			return result(TV_TRUE, local ? first_true : NULL);
		return result(unknown ? TV_UNKNOWN : TV_FALSE, local && l.n ? &l.v[0] : NULL);
	}
	if (first_false)
		return result(TV_FALSE, local ? first_false : NULL);
	return result(unknown ? TV_UNKNOWN : TV_TRUE, local ? &l.v[0] : NULL);
}

static struct eres eval_expr(struct ectx *x, const struct pexpr *e)
{
	struct eres a, b;
	switch (e->kind) {
	case PX_AND:
		a = eval_expr(x, e->l);
		if (a.tv == TV_FALSE)
			return a;
		b = eval_expr(x, e->r);
		if (b.tv == TV_FALSE)
			return b;
		if (a.tv == TV_UNKNOWN || b.tv == TV_UNKNOWN)
			a.tv = TV_UNKNOWN;
		return a;
	case PX_OR:
		a = eval_expr(x, e->l);
		if (a.tv == TV_TRUE)
			return a;
		b = eval_expr(x, e->r);
		if (b.tv == TV_TRUE)
			return b;
		if (b.tv == TV_UNKNOWN)
			a.tv = TV_UNKNOWN;
		return a;
	case PX_NOT:
		a = eval_expr(x, e->l);
		if (a.tv != TV_UNKNOWN)
			a.tv = a.tv == TV_TRUE ? TV_FALSE : TV_TRUE;
		return a;
	case PX_EXISTS:
	case PX_ABSENT: {
		struct pvals l = { NULL, 0, 0, 0 };
		eval_operand(x, e->a, &l);
		int present = 0;
		for (uint32_t i = 0; i < l.n; i++)
			present += !l.v[i].missing;
		int local = is_local(e->a);
		return result(present == (e->kind == PX_EXISTS) ? TV_TRUE : TV_FALSE,
			      local && l.n ? &l.v[0] : NULL);
	}
	case PX_TRUTH: {
		struct pvals l = { NULL, 0, 0, 0 };
		eval_operand(x, e->a, &l);
		if (!l.n)
			return result(TV_FALSE, NULL);
		for (uint32_t i = 0; i < l.n; i++) {
			if (l.v[i].unknown)
				return result(TV_UNKNOWN, &l.v[i]);
			if (!l.v[i].text || strcmp(l.v[i].text, "true"))
				return result(TV_FALSE, &l.v[i]);
		}
		return result(TV_TRUE, &l.v[0]);
	}
	case PX_CMP:
		return eval_cmp(x, e);
	}
	return result(TV_UNKNOWN, NULL);
}

/* ---- findings ------------------------------------------------------------------------ */

/* A requirement's text for the default message.  One finding per object
 * must not copy a policy's 4 MiB condition each time: long ones are cut
 * (at a character boundary) and end in "...". */
#define QUOTE_MAX 200u

static const char *source_text(struct ectx *x, struct cl_span at)
{
	const struct cl_source *src = &x->ps->files->v[at.file];
	if (!src->text || at.end.off <= at.start.off || at.end.off > src->len)
		return "";
	const char *s = src->text + at.start.off;
	size_t len = at.end.off - at.start.off;
	if (len <= QUOTE_MAX)
		return arena_strndup(x->a, s, len);
	len = QUOTE_MAX;
	while (len && utf8_is_continuation((unsigned char)s[len]))
		len--;
	return arena_printf(x->a, "%.*s...", (int)len, s);
}

/* A finding of rule row `row` at `at` (else the item or the object). */
static void raise_at(struct ectx *x, const struct cl_rule *row, struct cl_val at, const char *msg)
{
	const struct cl_span *fallback = &x->obj_span;
	if (!at.node && x->item && (x->item->at.node || x->item->key_at.node))
		at = x->item->at.node ? x->item->at : x->item->key_at;
	const char *object = x->rule->scope == PS_PROJECT ? NULL : x->obj_name;
	struct cl_span span;
	struct cl_related *rel;
	uint32_t n = compose_origin(x->keep, &at, object, fallback, &span, &rel);
	if (!cl_span_valid(&span))
		span = *fallback;
	struct cl_finding *f = cl_raise(x->out, x->ps->rules, row, &span, rel, n, object, msg);
	if (f)
		f->scope = x->rule->scope == PS_SERVICE ? NULL : pscope_name(x->rule->scope);
}

static void raise_finding(struct ectx *x, const struct prequire *q, const struct eres *res)
{
	const char *msg;
	if (q->message)
		msg = expand(x, x->keep, q->message, NULL, res);
	else if (x->rule->message)
		msg = expand(x, x->keep, x->rule->message, NULL, res);
	else if (x->rule->scope == PS_PROJECT)
		msg = arena_printf(x->keep, "%s: %s", q->forbid ? "forbidden" : "requirement not met",
				   source_text(x, q->cond->at));
	else
		msg = arena_printf(x->keep, "%s '%s': %s: %s", pscope_name(x->rule->scope), x->obj_name,
				   q->forbid ? "forbidden" : "requirement not met",
				   source_text(x, q->cond->at));
	raise_at(x, x->reg, res->at, msg);
}

/* CL004: what a limit kept the rule from deciding. */
static void limit_finding(struct ectx *x, struct cl_val at, const char *why)
{
	raise_at(x, &cl_rules[R_CL004], at,
		 arena_printf(x->keep, "rule '%s' could not be decided: %s", x->rule->id, why));
}

/* A new check: no limit met yet. */
static void begin_check(struct ectx *x)
{
	x->limit = 0;
	x->limit_in_path = 0;
}

/*
 * Did a limit leave the check's answer open?  A comparison a limit stopped
 * is UNKNOWN, which the other side of an `or` may still decide; a path step
 * a limit stopped leaves the selection incomplete, whatever the answer.
 * Says so in a CL004 finding (unless the budget ran out: the rule's one
 * finding covers that).
 */
static int limited(struct ectx *x, enum tv tv)
{
	if (x->spent)
		return 1;
	if (!x->limit_in_path && !(tv == TV_UNKNOWN && x->limit))
		return 0;
	limit_finding(x, x->limit_at, pregex_limit_text(x->limit ? x->limit : PRE_MATCH_LIMIT));
	return 1;
}

/* Remember a requirement that interpolation keeps from being decided. */
static void undecided(struct ectx *x, const struct eres *res)
{
	struct pol_set *ps = x->ps;
	struct cl_span at = res->at.node ? res->at.node->span :
			    x->item && x->item->at.node ? x->item->at.node->span : x->obj_span;
	struct pol_unknown *u = VEC_PUSH(ps->unknown, ps->nunknown, ps->cap_unknown);
	u->at = at;
	u->rule = x->rule->id;
	u->value = res->at.node && res->at.node->kind == Y_SCALAR ? res->at.node->scalar.raw :
		   arena_strdup(x->keep, res->value ? res->value : "");
	u->why = "is known only after interpolation";
}

static int is_multi_cmp(const struct pexpr *e)
{
	return (e->kind == PX_CMP || e->kind == PX_TRUTH) && e->quant == PQ_DEFAULT &&
	       poperand_multi(e->a) && e->op != OP_CONTAINS &&
	       e->op != OP_NOT_CONTAINS && e->op != OP_SUBSET;
}

/* A condition (`where`, `when`) that must hold: 1 when it does; a limit
 * that left it open is a finding. */
static int holds(struct ectx *x, const struct pexpr *e)
{
	begin_check(x);
	enum tv tv = eval_expr(x, e).tv;
	return !limited(x, tv) && tv == TV_TRUE;
}

static void run_require(struct ectx *x, const struct prequire *q)
{
	if (q->when && !holds(x, q->when))
		return;
	const struct pexpr *c = q->cond;
	begin_check(x);
	if (is_multi_cmp(c)) {
		/* a wildcard path on the left: each failing item is its own finding */
		struct pvals l = { NULL, 0, 0, 0 };
		eval_operand(x, c->a, &l);
		struct pvals r = { NULL, 0, 0, 0 };
		if (c->kind == PX_CMP && poperand_computed(c->b))
			eval_operand(x, c->b, &r);
		if (limited(x, TV_TRUE))
			return;  /* the matches themselves are incomplete */
		for (uint32_t i = 0; i < l.n && !x->spent; i++) {
			enum tv tv;
			begin_check(x);
			if (c->kind == PX_TRUTH)
				tv = l.v[i].unknown ? TV_UNKNOWN :
				     l.v[i].text && !strcmp(l.v[i].text, "true") ? TV_TRUE : TV_FALSE;
			else
				tv = compare1(x, &l.v[i], c->op, c->b, poperand_computed(c->b) ? &r : NULL);
			struct eres res = result(tv, &l.v[i]);
			if (limited(x, tv))
				continue;
			if (tv == (q->forbid ? TV_TRUE : TV_FALSE))
				raise_finding(x, q, &res);
			else if (tv == TV_UNKNOWN)
				undecided(x, &res);
		}
		return;
	}
	struct eres res = eval_expr(x, c);
	if (limited(x, res.tv))
		return;
	if (res.tv == (q->forbid ? TV_TRUE : TV_FALSE))
		raise_finding(x, q, &res);
	else if (res.tv == TV_UNKNOWN)
		undecided(x, &res);
}

static void run_object(struct ectx *x)
{
	const struct prule *r = x->rule;
	if (r->where && !holds(x, r->where))
		return;
	if (!r->has_each) {
		for (uint32_t i = 0; i < r->nreqs && !x->spent; i++)
			run_require(x, &r->reqs[i]);
		return;
	}
	struct pvals items = { NULL, 0, 0, 0 };
	begin_check(x);
	eval_path(x, &r->each, &items);
	if (limited(x, TV_TRUE))
		return;  /* which items there are is not known */
	for (uint32_t k = 0; k < items.n && !x->spent; k++) {
		if (items.v[k].missing)
			continue;  /* each visits what is there */
		x->item = &items.v[k];
		if (!r->each_where || holds(x, r->each_where))
			for (uint32_t i = 0; i < r->nreqs && !x->spent; i++)
				run_require(x, &r->reqs[i]);
	}
	x->item = NULL;
}

/* The registry row a policy rule's findings point at; made once per rule. */
const struct cl_rule *pol_rule_row(struct pol_set *ps, struct prule *r)
{
	if (r->builtin)
		return r->builtin;
	if (r->reg)
		return r->reg;
	struct cl_rule *row = arena_alloc(ps->a, sizeof *row);
	row->id = r->id;
	row->name = r->name ? r->name : r->id;
	row->severity = r->severity;
	row->category = "policy";
	row->summary = r->message ? r->message : r->id;
	row->hint = r->help;
	row->from_policy = 1;
	row->kind = CL_RULE_POLICY;
	row->url = r->url;
	row->tags = r->tags;
	row->ntags = r->ntags;
	r->reg = row;
	cl_rule_state_add(ps->rules, row);
	return row;
}

static const char *const scope_keys[] = { "services", "networks", "volumes", "secrets", "configs" };

/* One rule on every object of its scope, with its own budget; objects with
 * no position of their own are reported at `nowhere`. */
static void run_rule(struct ectx *x, const struct cl_span *nowhere)
{
	const struct prule *r = x->rule;
	x->budget = x->ps->rule_budget;
	if (r->scope == PS_PROJECT) {
		x->obj = x->doc;
		x->obj_span = x->doc->at.node ? x->doc->at.node->span : *nowhere;
		run_object(x);
	} else {
		const struct cv *objs = cv_get(x->doc, scope_keys[r->scope]);
		for (uint32_t o = 0; objs && o < objs->n && !x->spent; o++) {
			x->obj = objs->items[o].value;
			x->obj_name = objs->items[o].key;
			x->obj_span = objs->items[o].key_at.node ? objs->items[o].key_at.node->span :
				      *nowhere;
			run_object(x);
		}
	}
	if (x->spent)
		limit_finding(x, x->spent_at,
			      arena_printf(x->a, "it spent its regular expression budget of %llu "
					   "match-limit units; its remaining checks were not run",
					   (unsigned long long)x->ps->rule_budget));
}

void pol_eval(struct pol_set *ps, const struct cv *doc, uint32_t file, struct cl_findings *out)
{
	const struct cl_span nowhere = { file, { 0, 1, 1 }, { 0, 1, 1 } };
	for (uint32_t i = 0; i < ps->n; i++) {
		struct ppolicy *pol = ps->v[i];
		for (uint32_t k = 0; k < pol->nrules; k++) {
			struct prule *r = &pol->rules[k];
			const struct cl_rule *row = pol_rule_row(ps, r);
			if (!cl_rule_on(ps->rules, row))
				continue;
			struct ectx x;
			memset(&x, 0, sizeof x);
			x.ps = ps;
			x.a = arena_new();
			x.keep = ps->a;
			x.out = out;
			x.pol = pol;
			x.rule = r;
			x.reg = row;
			x.doc = doc;
			run_rule(&x, &nowhere);
			if (arena_used(x.a) > ps->scratch_peak)
				ps->scratch_peak = arena_used(x.a);
			arena_free(x.a);
		}
	}
}
