/*
 * parse.c - recursive descent over policy tokens -> AST (see ast.h).
 *
 * The grammar is in docs/policy-language.md.  On an error the parser
 * records it and skips to the next statement, so one run reports every
 * mistake in a file, each with its position.
 *
 * Nesting (parentheses, `not`, lists, calls) is bounded by POL_MAX_NESTING
 * and chains of `and`/`or` become balanced trees, so no input makes this
 * parser, the validator or the evaluator recurse deeper than a few hundred
 * frames.
 */
#include "policy/parse.h"
#include "base/arena.h"
#include "base/utf8.h"
#include "base/vec.h"

#include <stdarg.h>
#include <string.h>

struct parser {
	struct pol_set *ps;
	struct plexer lx;
	struct ptoken tok, next;   /* one token of lookahead */
	struct cl_span prev;       /* the token consumed last: where a construct ends */
	uint32_t first_error;       /* ps->errors.n when the parse began */
	uint32_t depth;            /* open parentheses, `not`s, lists and calls */
};

/* ---- tokens ------------------------------------------------------------- */

/* A policy error; the parse failed when the set has more than first_error. */
#define error_at(p, at, ...) pol_set_error((p)->ps, (at), __VA_ARGS__)

static void bump(struct parser *p)
{
	p->prev = p->tok.at;
	p->tok = p->next;
	plex_next(&p->lx, &p->next);
	/* lexical errors are reported where they occur and then skipped */
	while (p->tok.kind == T_ERROR) {
		error_at(p, p->tok.at, "%s", p->tok.text);
		p->tok = p->next;
		plex_next(&p->lx, &p->next);
	}
}

static int is_word(const struct ptoken *t, const char *w)
{
	return t->kind == T_IDENT && !strcmp(t->text, w);
}

static int accept_word(struct parser *p, const char *w)
{
	if (!is_word(&p->tok, w))
		return 0;
	bump(p);
	return 1;
}

static int accept(struct parser *p, enum ptok k)
{
	if (p->tok.kind != k)
		return 0;
	bump(p);
	return 1;
}

static const char *describe_in(struct arena *a, const struct ptoken *t)
{
	if (t->kind == T_IDENT)
		return arena_printf(a, "'%.60s'", t->text);
	if (t->kind == T_STRING)
		return arena_printf(a, "string \"%.50s\"", t->text);
	return ptok_name(t->kind);
}

#define describe(t) describe_in(p->ps->a, (t))

static int expect(struct parser *p, enum ptok k, const char *where)
{
	if (accept(p, k))
		return 1;
	error_at(p, p->tok.at, "expected %s %s, found %s", ptok_name(k), where, describe(&p->tok));
	return 0;
}

static const char *expect_string(struct parser *p, const char *what)
{
	if (p->tok.kind == T_STRING) {
		const char *s = p->tok.text;
		bump(p);
		return s;
	}
	error_at(p, p->tok.at, "expected %s (a quoted string), found %s", what, describe(&p->tok));
	return NULL;
}

static struct cl_span join(struct cl_span a, struct cl_span b)
{
	a.end = b.end;
	return a;
}

/* One more level of nesting at the current token, or an error (once: the
 * callers unwind without parsing further). */
static int enter(struct parser *p)
{
	if (p->depth >= POL_MAX_NESTING) {
		error_at(p, p->tok.at, "nested deeper than %u levels (parentheses, 'not', lists and "
			 "function calls)", POL_MAX_NESTING);
		return 0;
	}
	p->depth++;
	return 1;
}

static void leave(struct parser *p)
{
	p->depth--;
}

/* ---- values and paths ----------------------------------------------------- */

static struct poperand *operand(struct parser *p);
static struct pexpr *expr(struct parser *p);

static struct poperand *new_operand(struct parser *p, enum poperand_kind k, struct cl_span at)
{
	struct poperand *o = arena_alloc(p->ps->a, sizeof *o);
	o->kind = k;
	o->at = at;
	return o;
}

static struct pregex *regex_of(struct parser *p, const struct ptoken *t)
{
	const char *err;
	size_t off;
	struct pregex *re = pregex_compile(&p->ps->regexes, p->ps->a, t->text, t->flags, &err, &off);
	if (!re) {
		/* PCRE2 counts bytes of the pattern as decoded ("\/" is one '/');
		 * walk the source text to the same byte, counting columns */
		struct cl_span at = t->at;
		const char *src = p->lx.buf;
		size_t first = at.start.off + 1, i = first, end = at.end.off, done = 0;
		while (done < off && i < end) {
			i += src[i] == '\\' && i + 1 < end && src[i + 1] == '/' ? 2 : 1;
			done += 1;
		}
		while (i < end && utf8_is_continuation((unsigned char)src[i]))
			i++;  /* never point into the middle of a character */
		at.start.col += 1 + (uint32_t)utf8_columns((const unsigned char *)src + first,
							   i > first ? i - first : 0);
		at.start.off = (uint32_t)i;
		if (at.start.off > at.end.off)
			at.start = at.end;
		error_at(p, at, "invalid regular expression: %s", err);
	}
	return re;
}

static int path_step(struct parser *p, struct ppath *path, uint32_t *cap)
{
	struct pseg seg;
	memset(&seg, 0, sizeof seg);
	seg.at = p->tok.at;
	if (accept(p, T_DOT)) {
		if (p->tok.kind == T_STAR) {
			seg.kind = SEG_ANY;
			seg.at = join(seg.at, p->tok.at);
			bump(p);
		} else if (p->tok.kind == T_IDENT) {
			seg.kind = SEG_KEY;
			seg.key = p->tok.text;
			seg.at = p->tok.at;
			bump(p);
		} else {
			error_at(p, p->tok.at, "expected a field name or '*' after '.', found %s",
				 describe(&p->tok));
			return -1;
		}
	} else if (accept(p, T_LBRACKET)) {
		struct ptoken t = p->tok;
		switch (t.kind) {
		case T_STAR:
			seg.kind = SEG_ANY;
			break;
		case T_STRING:
			seg.kind = strpbrk(t.text, "*?") ? SEG_GLOB : SEG_KEY;
			seg.key = t.text;
			break;
		case T_NUMBER:
			/* the range first: converting a double uint32_t cannot hold is UB */
			if (!(t.num >= 0 && t.num <= (double)UINT32_MAX) ||
			    t.num != (double)(uint32_t)t.num) {
				/* reported, then parsed on as index 0 so that the rest of
				 * the statement does not cascade into more errors */
				error_at(p, t.at, "a list index is a whole number, not %s", t.text);
				t.num = 0;
			}
			seg.kind = SEG_INDEX;
			seg.index = (uint32_t)t.num;
			break;
		case T_REGEX:
			seg.kind = SEG_REGEX;
			seg.re = regex_of(p, &t);
			break;
		case T_IDENT:
			seg.kind = SEG_VAR;
			seg.key = t.text;
			break;
		default:
			error_at(p, t.at, "expected a key, '*', an index or a regex in [...], found %s",
				 describe(&t));
			return -1;
		}
		bump(p);
		seg.at = join(seg.at, p->tok.at);
		if (!expect(p, T_RBRACKET, "to close the path step"))
			return -1;
	} else {
		return 0;
	}
	if (seg.kind == SEG_ANY || seg.kind == SEG_GLOB || seg.kind == SEG_REGEX)
		path->multi = 1;
	*ARENA_VEC_PUSH(p->ps->a, path->segs, path->n, *cap) = seg;
	return 1;
}

/* path = root { step }; root = IDENT | "$" */
static struct poperand *path_operand(struct parser *p)
{
	struct poperand *o = new_operand(p, PO_PATH, p->tok.at);
	uint32_t cap = 0;
	o->path.root_at = p->tok.at;
	if (accept(p, T_DOLLAR)) {
		o->path.root = PR_PROJECT;
	} else {
		const char *w = p->tok.text;
		o->path.root = !strcmp(w, "value") ? PR_VALUE : !strcmp(w, "key") ? PR_KEY :
			       !strcmp(w, "name") ? PR_NAME : PR_SCOPE;
		if (o->path.root == PR_SCOPE) {
			struct pseg seg;
			memset(&seg, 0, sizeof seg);
			seg.kind = SEG_KEY;
			seg.key = w;
			seg.at = p->tok.at;
			*ARENA_VEC_PUSH(p->ps->a, o->path.segs, o->path.n, cap) = seg;
			o->kind = PO_IDENT;   /* may name a set or binding: validate.c decides */
			o->text = w;
		}
		bump(p);
	}
	int r;
	while ((r = path_step(p, &o->path, &cap)) > 0)
		o->kind = PO_PATH;
	if (o->path.root == PR_PROJECT && !o->path.n)
		error_at(p, o->at, "'$' must be followed by a path, e.g. $.networks[\"internal\"]");
	if (o->path.n)
		o->at = join(o->at, o->path.segs[o->path.n - 1].at);
	return o;
}

static struct poperand *list_items(struct parser *p)
{
	struct poperand *o = new_operand(p, PO_LIST, p->tok.at);
	uint32_t cap = 0;
	bump(p);  /* '[' */
	while (p->tok.kind != T_RBRACKET && p->tok.kind != T_EOF) {
		struct poperand *item = operand(p);
		if (!item)
			return NULL;
		*ARENA_VEC_PUSH(p->ps->a, o->items, o->n, cap) = item;
		if (!accept(p, T_COMMA))
			break;
	}
	o->at = join(o->at, p->tok.at);
	if (!expect(p, T_RBRACKET, "to close the list"))
		return NULL;
	return o;
}

/* NAME "(" [ operand { "," operand } ] ")": a function of functions.h */
static struct poperand *call_args(struct parser *p)
{
	struct ptoken t = p->tok;
	const struct pfunc *fn = pfunc_find(t.text);
	if (!fn) {
		error_at(p, t.at, "unknown function '%s' (%s)", t.text, pfunc_names(p->ps->a));
		return NULL;
	}
	struct poperand *o = new_operand(p, PO_CALL, t.at);
	o->fn = fn;
	uint32_t cap = 0;
	bump(p);  /* the name */
	bump(p);  /* '(' */
	if (p->tok.kind != T_RPAREN) {
		do {
			struct poperand *arg = operand(p);
			if (!arg)
				return NULL;
			*ARENA_VEC_PUSH(p->ps->a, o->args, o->nargs, cap) = arg;
		} while (accept(p, T_COMMA));
	}
	o->at = join(o->at, p->tok.at);
	if (!expect(p, T_RPAREN, "to close the function call"))
		return NULL;
	if (o->nargs != fn->arity) {
		error_at(p, o->at, "%s() takes %u argument%s, not %u", fn->name, fn->arity,
			 fn->arity == 1 ? "" : "s", o->nargs);
		return NULL;
	}
	return o;
}

/* A list or a call: one level of nesting around what `parse` reads. */
static struct poperand *nested(struct parser *p, struct poperand *(*parse)(struct parser *))
{
	if (!enter(p))
		return NULL;
	struct poperand *o = parse(p);
	leave(p);
	return o;
}

static struct poperand *operand(struct parser *p)
{
	struct ptoken t = p->tok;
	struct poperand *o;
	switch (t.kind) {
	case T_STRING:
		o = new_operand(p, PO_STR, t.at);
		o->text = t.text;
		bump(p);
		return o;
	case T_NUMBER:
	case T_SIZE:
	case T_DURATION:
		o = new_operand(p, t.kind == T_NUMBER ? PO_NUM : t.kind == T_SIZE ? PO_SIZE : PO_DURATION,
				t.at);
		o->num = t.num;
		o->text = t.text;
		bump(p);
		return o;
	case T_REGEX:
		o = new_operand(p, PO_REGEX, t.at);
		o->re = regex_of(p, &t);
		o->text = t.text;
		bump(p);
		return o;
	case T_LBRACKET:
		return nested(p, list_items);
	case T_DOLLAR:
		return path_operand(p);
	case T_IDENT:
		if (!strcmp(t.text, "true") || !strcmp(t.text, "false")) {
			o = new_operand(p, PO_BOOL, t.at);
			o->b = t.text[0] == 't';
			bump(p);
			return o;
		}
		if (!strcmp(t.text, "null")) {
			bump(p);
			return new_operand(p, PO_NULL, t.at);
		}
		if (p->next.kind == T_LPAREN)
			return nested(p, call_args);
		return path_operand(p);
	default:
		error_at(p, t.at, "expected a value or a path, found %s", describe(&t));
		return NULL;
	}
}

/* ---- expressions ------------------------------------------------------------ */

static struct pexpr *new_expr(struct parser *p, enum pexpr_kind k, struct cl_span at)
{
	struct pexpr *e = arena_alloc(p->ps->a, sizeof *e);
	e->kind = k;
	e->at = at;
	return e;
}

/* comparison operator at the current token, consumed; -1 when none */
static int cmp_op(struct parser *p)
{
	static const struct {
		enum ptok tok;
		enum pop op;
	} sym[] = {
		{ T_EQ, OP_EQ }, { T_NE, OP_NE }, { T_MATCH, OP_MATCH }, { T_NOMATCH, OP_NOMATCH },
		{ T_LT, OP_LT }, { T_LE, OP_LE }, { T_GT, OP_GT }, { T_GE, OP_GE },
	};
	for (size_t i = 0; i < sizeof sym / sizeof *sym; i++)
		if (accept(p, sym[i].tok))
			return (int)sym[i].op;
	if (accept_word(p, "in"))
		return OP_IN;
	if (accept_word(p, "contains"))
		return OP_CONTAINS;
	if (accept_word(p, "like"))
		return OP_LIKE;
	if (is_word(&p->tok, "not") && (is_word(&p->next, "in") || is_word(&p->next, "contains") ||
					 is_word(&p->next, "like"))) {
		bump(p);
		if (accept_word(p, "in"))
			return OP_NOT_IN;
		return accept_word(p, "like") ? OP_NOT_LIKE : (bump(p), OP_NOT_CONTAINS);
	}
	if (is_word(&p->tok, "subset") && is_word(&p->next, "of")) {
		bump(p);
		bump(p);
		return OP_SUBSET;
	}
	return -1;
}

static struct pexpr *predicate(struct parser *p)
{
	struct cl_span start = p->tok.at;
	enum pquant q = PQ_DEFAULT;
	if ((is_word(&p->tok, "any") || is_word(&p->tok, "all")) &&
	    (p->next.kind == T_IDENT || p->next.kind == T_DOLLAR)) {
		q = p->tok.text[1] == 'n' ? PQ_ANY : PQ_ALL;
		bump(p);
	}
	if (p->tok.kind == T_LPAREN) {
		if (!enter(p))
			return NULL;
		bump(p);
		struct pexpr *e = expr(p);
		int closed = e && expect(p, T_RPAREN, "to close the parenthesis");
		leave(p);
		return closed ? e : NULL;
	}
	if (is_word(&p->tok, "exists") || is_word(&p->tok, "absent")) {
		/* prefix form: exists image */
		enum pexpr_kind k = p->tok.text[0] == 'e' ? PX_EXISTS : PX_ABSENT;
		bump(p);
		struct pexpr *e = new_expr(p, k, start);
		if (!(e->a = operand(p)))
			return NULL;
		e->at = join(start, e->a->at);
		return e;
	}
	struct poperand *a = operand(p);
	if (!a)
		return NULL;
	struct pexpr *e = new_expr(p, PX_TRUTH, join(start, a->at));
	e->a = a;
	e->quant = q;
	if (accept_word(p, "exists")) {
		e->kind = PX_EXISTS;
		return e;
	}
	if (accept_word(p, "absent")) {
		e->kind = PX_ABSENT;
		return e;
	}
	struct cl_span op_at = p->tok.at;
	int op = cmp_op(p);
	if (op < 0)
		return e;
	e->kind = PX_CMP;
	e->op = (enum pop)op;
	if (!(e->b = operand(p)))
		return NULL;
	(void)op_at;
	e->at = join(start, e->b->at);
	return e;
}

static struct pexpr *unary(struct parser *p)
{
	struct cl_span start = p->tok.at;
	if (is_word(&p->tok, "not") && !is_word(&p->next, "in") && !is_word(&p->next, "contains") &&
	    !is_word(&p->next, "like")) {
		if (!enter(p))
			return NULL;
		bump(p);
		struct pexpr *e = new_expr(p, PX_NOT, start);
		e->l = unary(p);
		leave(p);
		if (!e->l)
			return NULL;
		e->at = join(start, e->l->at);
		return e;
	}
	return predicate(p);
}

/*
 * Terms [0, n) of one chain as a balanced tree: `and` and `or` are
 * associative and evaluated left to right either way, and a balanced tree
 * of 50,000 terms is 16 levels deep where a left-leaning one is 50,000.
 * The left half takes the odd term, so `a or b or c` is (a or b) or c.
 */
static struct pexpr *balance(struct parser *p, enum pexpr_kind kind, struct pexpr **t, uint32_t n)
{
	if (n == 1)
		return t[0];
	uint32_t left = n - n / 2;
	struct pexpr *e = new_expr(p, kind, t[0]->at);
	e->l = balance(p, kind, t, left);
	e->r = balance(p, kind, t + left, n - left);
	e->at = join(e->l->at, e->r->at);
	return e;
}

static struct pexpr *binary(struct parser *p, const char *word, enum pexpr_kind kind,
			    struct pexpr *(*sub)(struct parser *))
{
	struct pexpr *first = sub(p);
	if (!first || !is_word(&p->tok, word))
		return first;
	struct pexpr **terms = NULL;
	uint32_t n = 0, cap = 0;
	*ARENA_VEC_PUSH(p->ps->a, terms, n, cap) = first;
	while (is_word(&p->tok, word)) {
		bump(p);
		struct pexpr *t = sub(p);
		if (!t)
			return NULL;
		*ARENA_VEC_PUSH(p->ps->a, terms, n, cap) = t;
	}
	return balance(p, kind, terms, n);
}

static struct pexpr *and_expr(struct parser *p)
{
	return binary(p, "and", PX_AND, unary);
}

static struct pexpr *expr(struct parser *p)
{
	return binary(p, "or", PX_OR, and_expr);
}

/* ---- statements -------------------------------------------------------------- */

static const char *const statement_words[] = {
	"include", "set", "rule", "configure", "disable", "name", "severity", "message", "help",
	"url", "tags", "for", "each", "require", "forbid", "allow", NULL,
};

/* Skip to the start of the next statement (or the end of the block). */
static void sync(struct parser *p)
{
	int depth = 0;
	for (;;) {
		if (p->tok.kind == T_EOF)
			return;
		if (p->tok.kind == T_LBRACE) {
			depth++;
		} else if (p->tok.kind == T_RBRACE) {
			if (!depth)
				return;
			depth--;
		} else if (!depth && p->tok.kind == T_IDENT) {
			for (const char *const *w = statement_words; *w; w++)
				if (!strcmp(p->tok.text, *w))
					return;
		}
		bump(p);
	}
}

static int severity_word(struct parser *p, enum cl_severity *out)
{
	if (p->tok.kind == T_IDENT) {
		int s = cl_severity_parse(p->tok.text);
		if (s > 0) {
			*out = (enum cl_severity)s;
			bump(p);
			return 1;
		}
	}
	error_at(p, p->tok.at, "expected a severity (error, warning, note), found %s", describe(&p->tok));
	return 0;
}

static int scope_word(struct parser *p, enum pscope *out)
{
	for (int i = PS_SERVICE; i <= PS_PROJECT; i++) {
		if (is_word(&p->tok, pscope_name((enum pscope)i))) {
			*out = (enum pscope)i;
			bump(p);
			return 1;
		}
	}
	error_at(p, p->tok.at,
		 "expected a scope (service, network, volume, secret, config, project), found %s",
		 describe(&p->tok));
	return 0;
}

/* allow SCOPE "name" {, "name"} because "reason" [until DATE] */
static int allow_stmt(struct parser *p, struct pallow *out)
{
	memset(out, 0, sizeof *out);
	out->at = p->tok.at;
	bump(p);  /* allow */
	if (!scope_word(p, &out->scope))
		return 0;
	uint32_t cap = 0;
	if (out->scope != PS_PROJECT) {
		do {
			const char *n = expect_string(p, "the name of what is allowed");
			if (!n)
				return 0;
			*ARENA_VEC_PUSH(p->ps->a, out->names, out->nnames, cap) = n;
		} while (accept(p, T_COMMA));
	}
	out->at = join(out->at, p->tok.at);
	if (!is_word(&p->tok, "because")) {
		error_at(p, p->tok.at, "an exception needs a reason: allow ... because \"why\"");
		return 0;
	}
	bump(p);
	struct cl_span reason_at = p->tok.at;
	if (!(out->reason = expect_string(p, "the reason")))
		return 0;
	if (!*out->reason) {
		error_at(p, reason_at, "the reason of an exception must not be empty");
		return 0;
	}
	if (accept_word(p, "until")) {
		if (p->tok.kind != T_DATE) {
			error_at(p, p->tok.at, "expected a date (YYYY-MM-DD) after 'until', found %s",
				 describe(&p->tok));
			return 0;
		}
		out->until = p->tok.text;
		bump(p);
	}
	return 1;
}

static void tags_stmt(struct parser *p, struct prule *r)
{
	uint32_t cap = 0;
	r->ntags = 0;  /* a repeated statement (an error) starts a fresh array */
	if (!expect(p, T_LBRACKET, "after 'tags'"))
		return;
	while (p->tok.kind == T_STRING) {
		*ARENA_VEC_PUSH(p->ps->a, r->tags, r->ntags, cap) = p->tok.text;
		bump(p);
		if (!accept(p, T_COMMA))
			break;
	}
	expect(p, T_RBRACKET, "to close the tags");
}

static int rule_item(struct parser *p, struct prule *r, uint32_t *cap_reqs, uint32_t *cap_allows)
{
	struct ptoken t = p->tok;
	const char *w = t.kind == T_IDENT ? t.text : "";
	if (!strcmp(w, "name") || !strcmp(w, "message") || !strcmp(w, "help") || !strcmp(w, "url")) {
		bump(p);
		struct cl_span at = p->tok.at;
		const char *s = expect_string(p, w);
		if (!s)
			return 0;
		if (w[0] == 'm')
			r->message_at = at;
		if (w[0] == 'n')
			r->name = s;
		else if (w[0] == 'm')
			r->message = s;
		else if (w[0] == 'h')
			r->help = s;
		else
			r->url = s;
		return 1;
	}
	if (!strcmp(w, "severity")) {
		bump(p);
		return severity_word(p, &r->severity);
	}
	if (!strcmp(w, "tags")) {
		if (r->ntags)
			error_at(p, t.at, "rule has more than one 'tags'; list them all in one");
		bump(p);
		tags_stmt(p, r);
		return 1;
	}
	if (!strcmp(w, "for")) {
		if (r->has_scope)
			error_at(p, t.at, "rule has more than one 'for'");
		bump(p);
		r->scope_at = p->tok.at;
		if (!scope_word(p, &r->scope))
			return 0;
		r->has_scope = 1;
		if (accept_word(p, "where"))
			return (r->where = expr(p)) != NULL;
		return 1;
	}
	if (!strcmp(w, "each")) {
		if (r->has_each)
			error_at(p, t.at, "rule has more than one 'each'");
		bump(p);
		r->each_at = p->tok.at;
		if (p->tok.kind != T_IDENT && p->tok.kind != T_DOLLAR) {
			error_at(p, p->tok.at, "expected a path after 'each', found %s", describe(&p->tok));
			return 0;
		}
		struct poperand *o = path_operand(p);
		r->each = o->path;
		r->each_at = o->at;
		r->has_each = 1;
		if (accept_word(p, "where"))
			return (r->each_where = expr(p)) != NULL;
		return 1;
	}
	if (!strcmp(w, "require") || !strcmp(w, "forbid")) {
		struct prequire q;
		memset(&q, 0, sizeof q);
		q.forbid = w[0] == 'f';
		bump(p);
		if (!(q.cond = expr(p)))
			return 0;
		q.cond->at.end = p->prev.end;  /* up to a closing ')' or a postfix 'exists' */
		q.at = join(t.at, q.cond->at);
		if (accept_word(p, "when") && !(q.when = expr(p)))
			return 0;
		if (accept_word(p, "else")) {
			q.message_at = p->tok.at;
			if (!(q.message = expect_string(p, "the message of this requirement")))
				return 0;
		}
		*ARENA_VEC_PUSH(p->ps->a, r->reqs, r->nreqs, *cap_reqs) = q;
		return 1;
	}
	if (!strcmp(w, "allow")) {
		struct pallow al;
		if (!allow_stmt(p, &al))
			return 0;
		*ARENA_VEC_PUSH(p->ps->a, r->allows, r->nallows, *cap_allows) = al;
		return 1;
	}
	error_at(p, t.at, "expected a rule statement (for, each, require, forbid, allow, message, "
		 "severity, name, help, url, tags), found %s", describe(&t));
	return 0;
}

static void rule_stmt(struct parser *p, struct ppolicy *pol, uint32_t *cap)
{
	struct prule r;
	memset(&r, 0, sizeof r);
	r.at = p->tok.at;
	r.severity = CL_ERROR;
	bump(p);  /* rule */
	struct cl_span id_at = p->tok.at;
	if (!(r.id = expect_string(p, "the rule id"))) {
		sync(p);
		return;
	}
	r.at = join(r.at, id_at);
	if (p->tok.kind == T_IDENT && cl_severity_parse(p->tok.text) > 0)
		severity_word(p, &r.severity);
	if (!expect(p, T_LBRACE, "to open the rule")) {
		sync(p);
		return;
	}
	uint32_t cap_reqs = 0, cap_allows = 0;
	while (p->tok.kind != T_RBRACE && p->tok.kind != T_EOF) {
		uint32_t at = p->tok.at.start.off;
		if (!rule_item(p, &r, &cap_reqs, &cap_allows)) {
			/* a statement word rule_item refused (`set`, `rule`...) is
			 * where sync() stops: step over it, or this never ends */
			if (p->tok.at.start.off == at && p->tok.kind != T_EOF)
				bump(p);
			sync(p);
		}
	}
	expect(p, T_RBRACE, "to close the rule");
	*ARENA_VEC_PUSH(p->ps->a, pol->rules, pol->nrules, *cap) = r;
}

static void configure_stmt(struct parser *p, struct ppolicy *pol, uint32_t *cap, int disable)
{
	struct pconfig c;
	memset(&c, 0, sizeof c);
	c.at = p->tok.at;
	c.disable = disable;
	bump(p);
	struct cl_span id_at = p->tok.at;
	if (!(c.rule = expect_string(p, "a built-in rule id or name"))) {
		sync(p);
		return;
	}
	c.at = join(c.at, id_at);
	if (!disable) {
		uint32_t cap_allows = 0;
		if (!expect(p, T_LBRACE, "to open the configuration")) {
			sync(p);
			return;
		}
		while (p->tok.kind != T_RBRACE && p->tok.kind != T_EOF) {
			if (accept_word(p, "severity")) {
				c.has_severity = severity_word(p, &c.severity);
			} else if (is_word(&p->tok, "allow")) {
				struct pallow al;
				if (allow_stmt(p, &al))
					*ARENA_VEC_PUSH(p->ps->a, c.allows, c.nallows, cap_allows) = al;
				else
					sync(p);
			} else {
				error_at(p, p->tok.at, "expected 'severity' or 'allow' in configure, found %s",
					 describe(&p->tok));
				bump(p);
				sync(p);
			}
		}
		expect(p, T_RBRACE, "to close the configuration");
	}
	*ARENA_VEC_PUSH(p->ps->a, pol->configs, pol->nconfigs, *cap) = c;
}

struct ppolicy *pol_parse(struct pol_set *ps, uint32_t file, const char *buf, size_t len)
{
	struct parser parser;
	struct parser *p = &parser;
	memset(p, 0, sizeof *p);
	p->ps = ps;
	p->first_error = ps->errors.n;
	plex_init(&p->lx, ps->a, file, buf, len);
	plex_next(&p->lx, &p->next);
	bump(p);

	struct ppolicy *pol = arena_alloc(ps->a, sizeof *pol);
	pol->file = file;
	pol->at = p->tok.at;
	if (!accept_word(p, "policy")) {
		error_at(p, p->tok.at, "a policy file starts with: policy \"name\" {");
		return NULL;
	}
	if (!(pol->name = expect_string(p, "the policy name")) ||
	    !expect(p, T_LBRACE, "to open the policy"))
		return NULL;
	uint32_t cap_sets = 0, cap_rules = 0, cap_cfg = 0, cap_inc = 0;
	while (p->tok.kind != T_RBRACE && p->tok.kind != T_EOF) {
		struct ptoken t = p->tok;
		if (is_word(&t, "rule")) {
			rule_stmt(p, pol, &cap_rules);
		} else if (is_word(&t, "configure") || is_word(&t, "disable")) {
			configure_stmt(p, pol, &cap_cfg, t.text[0] == 'd');
		} else if (is_word(&t, "set")) {
			struct pset s;
			memset(&s, 0, sizeof s);
			bump(p);
			s.at = p->tok.at;
			if (p->tok.kind != T_IDENT) {
				error_at(p, p->tok.at, "expected a name after 'set', found %s", describe(&p->tok));
				sync(p);
				continue;
			}
			s.name = p->tok.text;
			bump(p);
			if (!expect(p, T_ASSIGN, "after the set's name") || !(s.value = operand(p))) {
				sync(p);
				continue;
			}
			*ARENA_VEC_PUSH(ps->a, pol->sets, pol->nsets, cap_sets) = s;
		} else if (is_word(&t, "include")) {
			struct pinclude inc;
			memset(&inc, 0, sizeof inc);
			inc.at = t.at;
			bump(p);
			inc.builtin = accept_word(p, "builtin");
			struct cl_span at = p->tok.at;
			if (!(inc.path = expect_string(p, inc.builtin ? "a built-in set or rule" : "a file"))) {
				sync(p);
				continue;
			}
			inc.at = join(inc.at, at);
			*ARENA_VEC_PUSH(ps->a, pol->includes, pol->nincludes, cap_inc) = inc;
		} else {
			error_at(p, t.at, "expected include, set, rule, configure or disable, found %s",
				 describe(&t));
			bump(p);
			sync(p);
		}
	}
	expect(p, T_RBRACE, "to close the policy");
	if (p->tok.kind != T_EOF)
		error_at(p, p->tok.at, "unexpected %s after the policy's closing '}'", describe(&p->tok));
	return ps->errors.n > p->first_error ? NULL : pol;
}
