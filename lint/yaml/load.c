/*
 * load.c - libfyaml events -> our YAML tree (see tree.h, load.h).
 *
 * Why events and not libfyaml's document API: on 0.7.12 the document API
 * expands alias bombs exponentially when resolving, checks duplicate keys in
 * O(n^2), has no position for collections, and has no depth limit we can
 * trust.  Building our own tree from fy_parser_parse() gives every node a
 * span, shares aliased nodes instead of copying them, and lets each hostile
 * shape be bounded by an explicit limit with a positioned problem.
 */
#include "yaml/load.h"
#include "base/arena.h"
#include "base/utf8.h"
#include "base/vec.h"
#include "base/hash.h"

#include <libfyaml.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A collection under construction. */
struct frame {
	struct ynode *node;
	const struct ynode **items;   /* sequence items, or keys/values alternating */
	uint32_t n, cap;
	struct cl_pos last_end;       /* end of the last child: a block collection's end */
};

struct anchor {
	const char *name;
	const struct ynode *node;
};

struct builder {
	struct arena *a;
	uint32_t file;
	const char *buf;
	size_t len;
	const struct ylimits *lim;
	struct yload *out;

	struct frame *stack;
	uint32_t depth, cap_stack;
	const struct ynode *root;
	struct cl_pos prev_end;       /* end of the previous event: where empty values sit */

	struct anchor *anchors;       /* open-addressing table, name -> latest node */
	uint32_t anchors_cap, anchors_n;

	uint64_t expansion;
	uint32_t doc_nodes;
	int failed;                   /* the current document cannot be used */
	int saw_doc;
};

/* ---- problems --------------------------------------------------------- */

static struct cl_span span_at(const struct builder *b, struct cl_pos p)
{
	struct cl_span s = { b->file, p, p };
	return s;
}

static void problem(struct builder *b, enum yprob_kind kind, struct cl_span at,
		    const struct cl_span *other, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static void problem(struct builder *b, enum yprob_kind kind, struct cl_span at,
		    const struct cl_span *other, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	struct cl_diag *g = cl_diag_vadd(&b->out->problems, kind, &at, fmt, ap);
	va_end(ap);
	if (other)
		cl_diag_note(&b->out->problems, g, other, "first defined here");
}

/* ---- positions -------------------------------------------------------- */

static struct cl_pos pos_of(const struct fy_mark *m)
{
	struct cl_pos p = { (uint32_t)m->input_pos, (uint32_t)m->line + 1, (uint32_t)m->column + 1 };
	return p;
}

/* One code point back or forward over an ASCII delimiter (quote, '*'). */
static struct cl_pos pos_shift(struct cl_pos p, int delta)
{
	p.off = (uint32_t)((int64_t)p.off + delta);
	p.col = (uint32_t)((int64_t)p.col + delta);
	return p;
}

/*
 * A block scalar's event starts at its first content line; a finding should
 * point at the `|` or `>` indicator instead, which sits between the previous
 * token and the content, possibly behind an anchor or a tag.
 */
static struct cl_pos block_indicator(const struct builder *b, struct cl_pos content)
{
	size_t i = b->prev_end.off;
	if (i >= content.off)
		return content;
	while (i < content.off) {
		char c = b->buf[i];
		if (c == '|' || c == '>')
			return yaml_pos_at(b->buf, b->len, i);
		if (c == '#') {
			/* a comment ends at its line; the indicator may follow */
			while (i < content.off && b->buf[i] != '\n')
				i++;
			continue;
		}
		if (c == '&' || c == '!') {
			while (i < content.off && b->buf[i] != ' ' && b->buf[i] != '\t' &&
			       b->buf[i] != '\n')
				i++;
			continue;
		}
		i++;
	}
	return content;
}

/* ---- anchors ---------------------------------------------------------- */

static void anchors_reset(struct builder *b)
{
	xfree(b->anchors);
	b->anchors = NULL;
	b->anchors_cap = b->anchors_n = 0;
}

static struct anchor *anchor_slot(struct anchor *tab, uint32_t cap, const char *name)
{
	uint32_t i = cl_hash_bytes(name, strlen(name)) & (cap - 1);
	while (tab[i].name && strcmp(tab[i].name, name))
		i = (i + 1) & (cap - 1);
	return &tab[i];
}

/* Later definitions replace earlier ones: an alias names the closest preceding anchor. */
static int anchor_define(struct builder *b, const char *name, const struct ynode *n)
{
	if (b->anchors_n + 1 > b->anchors_cap / 2) {
		uint32_t cap = b->anchors_cap ? b->anchors_cap * 2 : 64;
		struct anchor *tab = xcalloc(cap, sizeof *tab);
		for (uint32_t i = 0; i < b->anchors_cap; i++)
			if (b->anchors[i].name)
				*anchor_slot(tab, cap, b->anchors[i].name) = b->anchors[i];
		xfree(b->anchors);
		b->anchors = tab;
		b->anchors_cap = cap;
	}
	struct anchor *s = anchor_slot(b->anchors, b->anchors_cap, name);
	if (!s->name) {
		if (b->anchors_n >= b->lim->max_anchors) {
			problem(b, YPROB_LIMIT, n->span, NULL,
				"more than %u anchors in one document", b->lim->max_anchors);
			b->failed = 1;
			return -1;
		}
		b->anchors_n++;
		s->name = name;
	}
	s->node = n;
	return 0;
}

static const struct ynode *anchor_find(const struct builder *b, const char *name)
{
	if (!b->anchors_cap)
		return NULL;
	const struct anchor *s = anchor_slot(b->anchors, b->anchors_cap, name);
	return s->name ? s->node : NULL;
}

/* ---- node construction ------------------------------------------------- */

static const char *token_text(struct builder *b, struct fy_token *t)
{
	size_t len = 0;
	const char *s = t ? fy_token_get_text(t, &len) : NULL;
	return s ? arena_strndup(b->a, s, len) : NULL;
}

/* The resolved tag: "!reset" stays local, "!!str" becomes "tag:yaml.org,2002:str". */
static const char *tag_text(struct builder *b, struct fy_token *t)
{
	return token_text(b, t);
}

static struct ynode *node_new(struct builder *b, enum ykind kind)
{
	if (++b->doc_nodes > b->lim->max_nodes && !b->failed) {
		problem(b, YPROB_LIMIT, span_at(b, b->prev_end), NULL,
			"more than %u YAML nodes in one document", b->lim->max_nodes);
		b->failed = 1;
	}
	b->out->nodes++;
	struct ynode *n = arena_alloc(b->a, sizeof *n);
	n->kind = (uint8_t)kind;
	n->span.file = b->file;
	return n;
}

static int is_merge_key(const struct ynode *k)
{
	if (k->kind != Y_SCALAR)
		return 0;
	if (k->tag)
		return !strcmp(k->tag, "tag:yaml.org,2002:merge");
	return k->style == YS_PLAIN && k->scalar.len == 2 && !memcmp(k->scalar.s, "<<", 2);
}

/* ---- mapping finalization: duplicates and merge keys -------------------- */

struct keyref {
	const char *s;
	size_t len;
	uint32_t idx;
};

static int keyref_cmp(const void *pa, const void *pb)
{
	const struct keyref *x = pa, *y = pb;
	size_t m = x->len < y->len ? x->len : y->len;
	int c = memcmp(x->s, y->s, m);
	if (c)
		return c;
	if (x->len != y->len)
		return x->len < y->len ? -1 : 1;
	return (x->idx > y->idx) - (x->idx < y->idx);
}

/* A set of key strings, to apply "explicit keys win, earlier sources win". */
struct keyset {
	const struct ynode **slot;
	uint32_t cap;
};

static void keyset_init(struct keyset *ks, uint32_t n)
{
	ks->cap = 16;
	while (ks->cap < n * 2 + 2)
		ks->cap *= 2;
	ks->slot = xcalloc(ks->cap, sizeof *ks->slot);
}

/* Returns 1 when added, 0 when the key was present. */
static int keyset_add(struct keyset *ks, const struct ynode *k)
{
	uint32_t i = cl_hash_bytes(k->scalar.s, k->scalar.len) & (ks->cap - 1);
	while (ks->slot[i]) {
		const struct ynode *o = ks->slot[i];
		if (o->scalar.len == k->scalar.len && !memcmp(o->scalar.s, k->scalar.s, k->scalar.len))
			return 0;
		i = (i + 1) & (ks->cap - 1);
	}
	ks->slot[i] = k;
	return 1;
}

static const struct ynode *deref_plain(const struct ynode *n)
{
	return n->kind == Y_ALIAS ? n->alias.target : n;
}

/* Collect merge sources of one `<<` value: (source mapping, site) pairs. */
struct msource {
	const struct ynode *map, *site;
};

static int add_source(struct builder *b, const struct ynode *v, struct msource **src,
		      uint32_t *nsrc, uint32_t *cap)
{
	const struct ynode *m = deref_plain(v);
	if (m->undefined)
		return -1;  /* already reported as an undefined alias */
	if (m->kind != Y_MAP) {
		problem(b, YPROB_SYNTAX, v->span, NULL,
			"merge key '<<' needs a mapping or an alias to one, not %s",
			m->kind == Y_SEQ ? "a list" : "a scalar");
		return -1;
	}
	struct msource *s = VEC_PUSH(*src, *nsrc, *cap);
	s->map = m;
	s->site = v;
	return 0;
}

static void map_finish(struct builder *b, struct frame *f)
{
	struct ynode *map = f->node;
	uint32_t np = f->n / 2;
	struct ypair *pairs = arena_alloc(b->a, (np ? np : 1) * sizeof *pairs);
	for (uint32_t i = 0; i < np; i++) {
		pairs[i].key = f->items[2 * i];
		pairs[i].value = f->items[2 * i + 1];
	}
	map->map.pairs = pairs;
	map->map.npairs = np;

	/* duplicates among scalar keys: sort once, O(n log n) even for huge maps */
	struct keyref *keys = xmalloc((np ? np : 1) * sizeof *keys);
	uint32_t nk = 0;
	unsigned char *shadowed = xcalloc(np ? np : 1, 1);
	for (uint32_t i = 0; i < np; i++) {
		const struct ynode *k = deref_plain(pairs[i].key);
		if (k->kind != Y_SCALAR || (is_merge_key(k) && pairs[i].key->kind != Y_ALIAS))
			continue;
		keys[nk].s = k->scalar.s;
		keys[nk].len = k->scalar.len;
		keys[nk].idx = i;
		nk++;
	}
	qsort(keys, nk, sizeof *keys, keyref_cmp);
	for (uint32_t i = 1, first = 0; i < nk; i++) {
		if (keys[i].len == keys[first].len && !memcmp(keys[i].s, keys[first].s, keys[i].len)) {
			const struct ynode *kn = pairs[keys[i].idx].key;
			const struct ynode *kf = pairs[keys[first].idx].key;
			problem(b, YPROB_DUPLICATE, kn->span, &kf->span,
				"duplicate key '%s' (first defined at line %u)",
				deref_plain(kn)->scalar.s, kf->span.start.line);
			/* the last definition wins, as most YAML loaders do; the
			 * finding makes sure it is not silent */
			shadowed[keys[i - 1].idx] = 1;
		} else {
			first = i;
		}
	}
	xfree(keys);

	/* merge sources, in the order written */
	struct msource *src = NULL;
	uint32_t nsrc = 0, cap_src = 0, nmerge_keys = 0;
	for (uint32_t i = 0; i < np; i++) {
		if (!is_merge_key(pairs[i].key))
			continue;
		if (++nmerge_keys == 2)
			problem(b, YPROB_DUPLICATE, pairs[i].key->span, NULL,
				"more than one merge key '<<' in one mapping; use '<<: [*a, *b]'");
		const struct ynode *v = pairs[i].value;
		const struct ynode *vd = deref_plain(v);
		if (vd->kind == Y_SEQ && v->kind != Y_ALIAS) {
			for (uint32_t j = 0; j < vd->seq.n; j++)
				add_source(b, vd->seq.items[j], &src, &nsrc, &cap_src);
		} else {
			add_source(b, v, &src, &nsrc, &cap_src);
		}
	}

	uint64_t total = np;
	for (uint32_t s = 0; s < nsrc; s++)
		total += src[s].map->map.n;
	struct yentry *ent = arena_alloc(b->a, (total ? total : 1) * sizeof *ent);
	uint32_t ne = 0;
	struct keyset ks = { NULL, 0 };
	if (nsrc)
		keyset_init(&ks, (uint32_t)(total > UINT32_MAX / 4 ? UINT32_MAX / 4 : total));
	for (uint32_t i = 0; i < np; i++) {
		if (shadowed[i] || is_merge_key(pairs[i].key))
			continue;
		const struct yvia *via = NULL;
		ent[ne].key = deref_plain(pairs[i].key);
		ent[ne].value = pairs[i].value;
		if (pairs[i].value->kind == Y_ALIAS) {
			via = y_via_push(b->a, YV_ALIAS, pairs[i].value, NULL);
			ent[ne].value = pairs[i].value->alias.target;
		}
		ent[ne].via = via;
		if (nsrc && ent[ne].key->kind == Y_SCALAR)
			keyset_add(&ks, ent[ne].key);
		ne++;
	}
	for (uint32_t s = 0; s < nsrc && !b->failed; s++) {
		const struct ynode *m = src[s].map;
		b->expansion += m->map.n;
		if (b->expansion > b->lim->max_expansion) {
			problem(b, YPROB_LIMIT, src[s].site->span, NULL,
				"merge keys expand to more than %llu entries",
				(unsigned long long)b->lim->max_expansion);
			b->failed = 1;
			break;
		}
		const struct yvia *site = y_via_push(b->a, YV_MERGE, src[s].site, NULL);
		for (uint32_t j = 0; j < m->map.n; j++) {
			const struct yentry *e = &m->map.entries[j];
			if (e->key->kind == Y_SCALAR && !keyset_add(&ks, e->key))
				continue;
			ent[ne] = *e;
			ent[ne].via = e->via ? y_via_concat(b->a, e->via, site) : site;
			ne++;
		}
	}
	xfree(ks.slot);
	xfree(src);
	xfree(shadowed);
	map->map.entries = ent;
	map->map.n = ne;
}

/* ---- the event loop --------------------------------------------------- */

static void attach(struct builder *b, const struct ynode *n)
{
	if (!b->depth) {
		b->root = n;
		return;
	}
	struct frame *f = &b->stack[b->depth - 1];
	*ARENA_VEC_PUSH(b->a, f->items, f->n, f->cap) = n;
	f->last_end = n->span.end;
}

static void push(struct builder *b, struct ynode *n)
{
	if (b->depth >= b->lim->max_depth) {
		problem(b, YPROB_LIMIT, n->span, NULL,
			"YAML nesting deeper than %u levels", b->lim->max_depth);
		b->failed = 1;
		return;
	}
	struct frame *f = VEC_PUSH(b->stack, b->depth, b->cap_stack);
	f->node = n;
	f->last_end = n->span.end;
}

static void pop(struct builder *b, struct fy_event *ev)
{
	struct frame *f = &b->stack[b->depth - 1];
	struct ynode *n = f->node;
	const struct fy_mark *em = fy_event_end_mark(ev);
	if (n->style == YS_FLOW && em)
		n->span.end = pos_of(em);
	else
		n->span.end = f->last_end;
	if (n->kind == Y_SEQ) {
		n->seq.items = f->items;
		n->seq.n = f->n;
	} else {
		if (f->n % 2) /* a key without a value cannot come from a sane parser */
			f->n--;
		map_finish(b, f);
	}
	b->depth--;
	if (n->anchor)
		anchor_define(b, n->anchor, n);
	attach(b, n);
}

static void on_scalar(struct builder *b, struct fy_event *ev)
{
	struct ynode *n = node_new(b, Y_SCALAR);
	struct fy_token *t = ev->scalar.value;
	const struct fy_mark *sm = fy_event_start_mark(ev), *em = fy_event_end_mark(ev);
	size_t len = 0;
	const char *text = t ? fy_token_get_text(t, &len) : "";
	if (!text)
		text = "";
	n->scalar.s = arena_strndup(b->a, text, len);
	n->scalar.len = len;
	n->tag = tag_text(b, ev->scalar.tag);
	n->anchor = token_text(b, ev->scalar.anchor);
	if (!sm || !em) {
		n->style = YS_EMPTY;
		n->span.start = n->span.end = b->prev_end;
		n->scalar.raw = "";
	} else {
		struct cl_pos s = pos_of(sm), e = pos_of(em);
		n->scalar.raw = arena_strndup(b->a, b->buf + s.off, e.off - s.off);
		n->scalar.raw_len = e.off - s.off;
		switch (fy_token_scalar_style(t)) {
		case FYSS_SINGLE_QUOTED:
			n->style = YS_SINGLE;
			s = pos_shift(s, -1);
			e = pos_shift(e, 1);
			break;
		case FYSS_DOUBLE_QUOTED:
			n->style = YS_DOUBLE;
			s = pos_shift(s, -1);
			e = pos_shift(e, 1);
			break;
		case FYSS_LITERAL:
			n->style = YS_LITERAL;
			s = block_indicator(b, s);
			break;
		case FYSS_FOLDED:
			n->style = YS_FOLDED;
			s = block_indicator(b, s);
			break;
		default:
			n->style = YS_PLAIN;
			break;
		}
		n->span.start = s;
		n->span.end = e;
		b->prev_end = e;  /* past a closing quote: an empty value follows the key */
	}
	if (n->anchor)
		anchor_define(b, n->anchor, n);
	attach(b, n);
}

static void on_alias(struct builder *b, struct fy_event *ev)
{
	struct ynode *n = node_new(b, Y_ALIAS);
	n->alias.name = token_text(b, ev->alias.anchor);
	if (!n->alias.name)
		n->alias.name = "";
	const struct fy_mark *sm = fy_event_start_mark(ev), *em = fy_event_end_mark(ev);
	if (sm && em) {
		n->span.start = pos_shift(pos_of(sm), -1);  /* include the '*' */
		n->span.end = pos_of(em);
		b->prev_end = n->span.end;
	} else {
		n->span.start = n->span.end = b->prev_end;
	}
	n->alias.target = anchor_find(b, n->alias.name);
	if (!n->alias.target) {
		/* YAML only allows aliases to anchors defined earlier; compose
		 * refuses the file, so this is a YAML error, not a lint */
		problem(b, YPROB_SYNTAX, n->span, NULL, "alias '*%s' names no anchor defined before it",
			n->alias.name);
		struct ynode *null = arena_alloc(b->a, sizeof *null);
		null->kind = Y_SCALAR;
		null->style = YS_EMPTY;
		null->undefined = 1;
		null->scalar.s = null->scalar.raw = "";
		null->span = n->span;
		n->alias.target = null;
	}
	attach(b, n);
}

static void on_collection(struct builder *b, struct fy_event *ev, enum ykind kind)
{
	struct ynode *n = node_new(b, kind);
	const struct fy_mark *sm = fy_event_start_mark(ev);
	struct fy_token *start_tok, *tag, *anchor;
	if (kind == Y_MAP) {
		start_tok = ev->mapping_start.mapping_start;
		tag = ev->mapping_start.tag;
		anchor = ev->mapping_start.anchor;
	} else {
		start_tok = ev->sequence_start.sequence_start;
		tag = ev->sequence_start.tag;
		anchor = ev->sequence_start.anchor;
	}
	n->style = YS_BLOCK;
	if (start_tok) {
		enum fy_token_type tt = fy_token_get_type(start_tok);
		if (tt == FYTT_FLOW_MAPPING_START || tt == FYTT_FLOW_SEQUENCE_START)
			n->style = YS_FLOW;
	}
	n->tag = tag_text(b, tag);
	n->anchor = token_text(b, anchor);
	n->span.start = n->span.end = sm ? pos_of(sm) : b->prev_end;
	if (sm)
		b->prev_end = n->span.start;
	push(b, n);
}

/* libfyaml reports token-located errors through the collecting diag; the rest
 * arrive as text, which we keep as a fallback message. */
struct diag_text {
	char msg[256];
};

static void diag_output(struct fy_diag *diag, void *user, const char *buf, size_t len)
{
	(void)diag;
	struct diag_text *dt = user;
	if (dt->msg[0])
		return;
	while (len && (buf[len - 1] == '\n' || buf[len - 1] == ' '))
		len--;
	if (len >= sizeof dt->msg)
		len = sizeof dt->msg - 1;
	memcpy(dt->msg, buf, len);
	dt->msg[len] = '\0';
}

/* The byte offset of a 1-based line and code-point column (clamped to the text). */
static uint32_t offset_of(const char *buf, size_t len, uint32_t line, uint32_t col)
{
	size_t off = 0;
	for (uint32_t l = 1; l < line && off < len; off++)
		if (buf[off] == '\n')
			l++;
	for (uint32_t c = 1; c < col && off < len && buf[off] != '\n';) {
		off++;
		if (off >= len || !utf8_is_continuation((unsigned char)buf[off]))
			c++;
	}
	return (uint32_t)off;
}

static void syntax_errors(struct builder *b, struct fy_diag *diag, const struct diag_text *dt)
{
	void *it = NULL;
	struct fy_diag_error *e;
	int any = 0;
	while ((e = fy_diag_errors_iterate(diag, &it)) != NULL) {
		struct cl_pos p = { 0, e->line > 0 ? (uint32_t)e->line : 1,
				    e->column > 0 ? (uint32_t)e->column : 1 };
		if (e->fyt) {
			const struct fy_mark *m = fy_token_start_mark(e->fyt);
			if (m)
				p = pos_of(m);
		} else {
			p.off = offset_of(b->buf, b->len, p.line, p.col);
		}
		problem(b, YPROB_SYNTAX, span_at(b, p), NULL, "%s", e->msg ? e->msg : "YAML syntax error");
		any = 1;
	}
	if (!any)
		problem(b, YPROB_SYNTAX, span_at(b, b->prev_end), NULL, "%s",
			dt->msg[0] ? dt->msg : "YAML syntax error");
}

static void doc_end(struct builder *b)
{
	if (!b->failed && b->root) {
		struct yload *o = b->out;
		*ARENA_VEC_PUSH(b->a, o->docs, o->ndocs, o->cap_docs) = b->root;
	}
	b->root = NULL;
	b->depth = 0;
	b->expansion = 0;
	b->doc_nodes = 0;
	anchors_reset(b);
}

int yaml_load(struct arena *a, uint32_t file, const char *buf, size_t len,
	      const struct ylimits *lim, struct yload *out)
{
	struct builder b;
	memset(&b, 0, sizeof b);
	memset(out, 0, sizeof *out);
	cl_diags_init(&out->problems, a);
	b.a = a;
	b.file = file;
	b.buf = buf;
	b.len = len;
	b.lim = lim;
	b.out = out;
	b.prev_end.line = b.prev_end.col = 1;

	const char *why = NULL;
	size_t bad = yaml_precheck((const unsigned char *)buf, len, &why);
	if (bad != (size_t)-1) {
		problem(&b, YPROB_ENCODING, span_at(&b, yaml_pos_at(buf, len, bad)), NULL,
			"%s (byte offset %zu)", why, bad);
		return -1;
	}

	struct diag_text dt = { { 0 } };
	struct fy_diag_cfg dc;
	fy_diag_cfg_default(&dc);
	dc.fp = NULL;
	dc.output_fn = diag_output;
	dc.user = &dt;
	dc.colorize = false;
	struct fy_diag *diag = fy_diag_create(&dc);
	if (!diag)
		abort();
	fy_diag_set_collect_errors(diag, true);
	struct fy_parse_cfg cfg;
	memset(&cfg, 0, sizeof cfg);
	/* duplicates are ours to find (libfyaml's check is quadratic); flow
	 * collections closed at the parent's indentation are accepted, as
	 * go-yaml and PyYAML (and so compose) accept them */
	cfg.flags = FYPCF_QUIET | FYPCF_ALLOW_DUPLICATE_KEYS | FYPCF_SLOPPY_FLOW_INDENTATION;
	cfg.diag = diag;
	struct fy_parser *fyp = fy_parser_create(&cfg);
	if (!fyp || fy_parser_set_string(fyp, buf, len)) {
		fprintf(stderr, "composelint: cannot create the YAML parser\n");
		abort();
	}

	int stream_failed = 0;
	struct fy_event *ev;
	while ((ev = fy_parser_parse(fyp)) != NULL) {
		switch (ev->type) {
		case FYET_DOCUMENT_START:
			if (b.saw_doc++ == 1) {
				const struct fy_mark *m = fy_event_start_mark(ev);
				problem(&b, YPROB_EXTRA_DOC, span_at(&b, m ? pos_of(m) : b.prev_end),
					NULL, "only the first YAML document of a compose file is used");
			}
			b.failed = 0;
			break;
		case FYET_DOCUMENT_END:
			doc_end(&b);
			break;
		case FYET_SCALAR:
			on_scalar(&b, ev);
			break;
		case FYET_ALIAS:
			on_alias(&b, ev);
			break;
		case FYET_MAPPING_START:
			on_collection(&b, ev, Y_MAP);
			break;
		case FYET_SEQUENCE_START:
			on_collection(&b, ev, Y_SEQ);
			break;
		case FYET_MAPPING_END:
		case FYET_SEQUENCE_END:
			if (b.depth)
				pop(&b, ev);
			break;
		default:
			break;
		}
		fy_parser_event_free(fyp, ev);
		if (b.failed)
			break;
	}
	if (!b.failed && fy_parser_get_stream_error(fyp)) {
		syntax_errors(&b, diag, &dt);
		stream_failed = 1;
	}
	int rc = (b.failed || stream_failed) ? -1 : 0;
	fy_parser_destroy(fyp);
	fy_diag_destroy(diag);
	xfree(b.stack);
	anchors_reset(&b);
	return rc;
}
