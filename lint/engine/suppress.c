/*
 * suppress.c - inline suppressions: parse `# composelint:` directives, mark
 * the findings they cover, raise CL007 and CL008 (see suppress.h).
 *
 * Matching is done per (line, rule) group of findings rather than per
 * finding, so a file with many directives and many findings (several
 * thousand services inheriting one anchor, a stack of comments above one
 * line) costs directives times distinct rules, not directives times
 * findings.
 */
#include "engine/suppress.h"
#include "base/suggest.h"
#include "base/arena.h"
#include "base/utf8.h"
#include "base/vec.h"
#include "engine/engine.h"
#include "policy/policy.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define PREFIX "composelint:"

static int is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static int is_word(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '_';
}

/* Characters of a rule id: built-in ids and names, and policy ids. */
static int is_rule_char(char c)
{
	return is_word(c) || c == '.' || c == '/';
}

static int is_suppress_rule(const struct cl_rule *r)
{
	return r == &cl_rules[R_CL007] || r == &cl_rules[R_CL008];
}

/* ---- parsing ------------------------------------------------------------ */

/* Columns of a comment's text, counted once from left to right. */
struct cursor {
	const struct ycomment *c;
	size_t idx;    /* text[idx] ... */
	uint32_t col;  /* ... is at this column */
};

static void cursor_init(struct cursor *k, const struct ycomment *c)
{
	k->c = c;
	k->idx = 0;
	/* '#' and the blanks after it are ASCII: one column per byte */
	k->col = c->at.start.col + (c->text_off - c->at.start.off);
}

/* The span of text[idx, idx + n) (on the comment's line); idx never goes
 * back, so a long rule list costs linear time. */
static struct cl_span text_span(struct cursor *k, size_t idx, size_t n)
{
	const struct ycomment *c = k->c;
	const unsigned char *t = (const unsigned char *)c->text;
	struct cl_span s = c->at;
	if (idx > k->idx) {
		k->col += (uint32_t)utf8_columns(t + k->idx, idx - k->idx);
		k->idx = idx;
	}
	s.start.off = c->text_off + (uint32_t)idx;
	s.start.col = k->col;
	s.end.off = s.start.off + (uint32_t)n;
	s.end.col = k->col + (uint32_t)utf8_columns(t + idx, n);
	return s;
}

static void add_error(struct cl_directive *d, struct cl_span at, const char *msg)
{
	cl_diag_add(&d->errors, 0, &at, "%s", msg);
}

/* The distance between two NUL-terminated words. */
static size_t word_distance(const char *s, const char *t)
{
	return edit_distance(s, strlen(s), t, strlen(t));
}

/* A CLnnn id, any case. */
static int looks_builtin(const char *s)
{
	if ((s[0] != 'C' && s[0] != 'c') || (s[1] != 'L' && s[1] != 'l') || !s[2])
		return 0;
	for (s += 2; *s; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

/* Bytes of the character at s (NUL-terminated), for quoting it. */
static int char_len(const char *s)
{
	return (int)utf8_char_len((const unsigned char *)s, strnlen(s, 4));
}

static void check_rule(struct arena *a, struct cl_directive *d, struct cl_dir_rule *r)
{
	if (!strcasecmp(r->name, "all")) {
		r->all = 1;
		return;
	}
	const struct cl_rule *b = cl_rule_find(r->name);
	if (b && is_suppress_rule(b)) {
		r->bad = 1;
		add_error(d, r->at,
			  arena_printf(a, "%s (%s) cannot be suppressed inline; use --disable %s",
				       b->id, b->name, b->id));
	} else if (b) {
		r->rule = b;
	} else if (looks_builtin(r->name)) {
		r->bad = 1;
		add_error(d, r->at, arena_printf(a, "unknown rule '%s'", r->name));
	}
	/* anything else is a policy rule id, matched by its text */
}

static void malformed(struct cl_directive *d, struct cl_span at, const char *msg)
{
	d->malformed = 1;
	add_error(d, at, msg);
}

int cl_directive_parse(struct arena *a, const struct ycomment *c, struct cl_directive *d)
{
	const char *t = c->text;
	size_t plen = strlen(PREFIX);
	if (strncmp(t, PREFIX, plen))
		return 0;
	memset(d, 0, sizeof *d);
	cl_diags_init(&d->errors, a);
	d->at = c->at;
	d->own_line = c->own_line;
	struct cursor cur;
	cursor_init(&cur, c);

	size_t i = plen;
	while (is_blank(t[i]))
		i++;
	size_t w = i;
	while (is_word(t[i]))
		i++;
	if (w == i) {
		malformed(d, c->at,
			  "'composelint:' comment without a directive; expected "
			  "'disable=RULE' or 'disable-file=RULE'");
		return 1;
	}
	char *word = arena_strndup(a, t + w, i - w);
	struct cl_span wat = text_span(&cur, w, i - w);
	if (!strcmp(word, "disable")) {
		d->kind = CL_DIR_LINE;
	} else if (!strcmp(word, "disable-file")) {
		d->kind = CL_DIR_FILE;
	} else {
		size_t d1 = word_distance(word, "disable"), d2 = word_distance(word, "disable-file");
		const char *best = d2 < d1 ? "disable-file" : "disable";
		size_t dist = d2 < d1 ? d2 : d1;
		if (dist <= 2)
			malformed(d, wat,
				  arena_printf(a, "unknown directive '%s'; did you mean '%s'?",
					       word, best));
		else
			malformed(d, wat,
				  arena_printf(a, "unknown directive '%s'; expected 'disable' or "
					       "'disable-file'", word));
		return 1;
	}
	while (is_blank(t[i]))
		i++;
	if (t[i] != '=') {
		malformed(d, wat,
			  arena_printf(a, "'%s' needs a list of rules: '%s=RULE[,RULE...] REASON'",
				       word, word));
		return 1;
	}
	char after = '=';
	i++;
	for (;;) {
		while (is_blank(t[i]))
			i++;
		size_t s = i;
		while (is_rule_char(t[i]))
			i++;
		if (s == i) {
			if (t[i])
				malformed(d, text_span(&cur, i, (size_t)char_len(t + i)),
					  arena_printf(a, "expected a rule after '%c', not '%.*s'", after,
						       char_len(t + i), t + i));
			else
				malformed(d, text_span(&cur, i, 0),
					  arena_printf(a, "missing rule after '%c'", after));
			return 1;
		}
		struct cl_dir_rule *r = ARENA_VEC_PUSH(a, d->rules, d->nrules, d->cap_rules);
		r->name = arena_strndup(a, t + s, i - s);
		r->at = text_span(&cur, s, i - s);
		size_t k = i;
		while (is_blank(t[k]))
			k++;
		if (t[k] == ',') {
			after = ',';
			i = k + 1;
			continue;
		}
		if (t[i] && !is_blank(t[i])) {
			malformed(d, text_span(&cur, i, (size_t)char_len(t + i)),
				  arena_printf(a, "unexpected '%.*s' in the rule list; separate rules "
					       "with ',' and the reason with a space",
					       char_len(t + i), t + i));
			return 1;
		}
		break;
	}
	while (is_blank(t[i]))
		i++;
	d->reason = t[i] ? t + i : NULL;  /* the text is trimmed at its end already */
	for (uint32_t k = 0; k < d->nrules; k++)
		check_rule(a, d, &d->rules[k]);
	if (!d->reason)
		add_error(d, c->at,
			  "suppression without a reason; say why after the rule list");
	return 1;
}

/* ---- target lines ------------------------------------------------------- */

/* Past the line break that ends the line holding offset i; len at the end. */
static size_t next_line(const char *buf, size_t len, size_t i)
{
	while (i < len && buf[i] != '\n' && buf[i] != '\r')
		i++;
	if (i < len && buf[i] == '\r' && i + 1 < len && buf[i + 1] == '\n')
		i++;
	return i < len ? i + 1 : len;
}

/*
 * The line an own-line directive (comment k) applies to: the next line that
 * is neither blank nor only a comment.  0 when a blank line (*blank set) or
 * the end of the file comes first.
 */
uint32_t cl_comment_target_line(const char *buf, size_t len, const struct ycomment *cs,
				uint32_t nc, uint32_t k, int *blank)
{
	uint32_t line = cs[k].at.start.line;
	size_t i = cs[k].at.end.off;
	uint32_t next = k + 1;
	*blank = 0;
	for (;;) {
		i = next_line(buf, len, i);
		if (i >= len)
			return 0;
		line++;
		while (i < len && is_blank(buf[i]))
			i++;
		if (i >= len)
			return 0;
		if (buf[i] == '\n' || buf[i] == '\r') {
			*blank = 1;
			return 0;
		}
		while (next < nc && cs[next].at.start.off < i)
			next++;
		if (!(next < nc && cs[next].at.start.off == i))
			return line;  /* not a comment line */
	}
}

/*
 * The targets of all own-line comments at once, from the last comment back:
 * a comment whose next line is another own-line comment takes over that
 * comment's answer instead of walking the stack again, so a tall stack of
 * comment lines costs linear time, not quadratic.  tgt[k] and gap[k] are
 * what cl_comment_target_line() returns and sets for comment k (0 for a
 * comment that does not stand on its own line).
 */
static void comment_targets(const char *buf, size_t len, const struct ycomment *cs, uint32_t nc,
			    uint32_t *tgt, unsigned char *gap)
{
	for (uint32_t k = nc; k-- > 0;) {
		tgt[k] = 0;
		gap[k] = 0;
		if (!cs[k].own_line)
			continue;
		size_t i = next_line(buf, len, cs[k].at.end.off);
		if (i >= len)
			continue;  /* the end of the file */
		while (i < len && is_blank(buf[i]))
			i++;
		if (i >= len)
			continue;
		if (buf[i] == '\n' || buf[i] == '\r') {
			gap[k] = 1;
			continue;
		}
		if (k + 1 < nc && cs[k + 1].at.start.off == i) {
			tgt[k] = tgt[k + 1];  /* the next line is only a comment */
			gap[k] = gap[k + 1];
			continue;
		}
		tgt[k] = cs[k].at.start.line + 1;
	}
}

/* ---- applying ----------------------------------------------------------- */

static int entry_matches(const struct cl_dir_rule *r, const struct cl_rule *rule)
{
	if (r->bad)
		return 0;
	if (r->all)
		return 1;
	if (r->rule)
		return r->rule == rule;
	return !strcmp(r->name, rule->id);
}

/* Mark every entry of d matching rule used; 1 when one matched. */
static int directive_matches(struct cl_directive *d, const struct cl_rule *rule)
{
	int hit = 0;
	if (d->malformed)
		return 0;
	for (uint32_t k = 0; k < d->nrules; k++)
		if (entry_matches(&d->rules[k], rule)) {
			d->rules[k].used = 1;
			hit = 1;
		}
	return hit;
}

struct key {
	uint32_t line;
	const struct cl_rule *rule;
	size_t i;  /* index in run->findings */
};

static int key_cmp(const void *pa, const void *pb)
{
	const struct key *a = pa, *b = pb;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	uintptr_t ra = (uintptr_t)a->rule, rb = (uintptr_t)b->rule;
	if (ra != rb)
		return ra < rb ? -1 : 1;
	return (a->i > b->i) - (a->i < b->i);
}

/* Line directives by target line, file order kept within a line. */
static int line_cmp(const void *pa, const void *pb)
{
	const struct cl_directive *a = *(const struct cl_directive *const *)pa;
	const struct cl_directive *b = *(const struct cl_directive *const *)pb;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	return (a->at.start.off > b->at.start.off) - (a->at.start.off < b->at.start.off);
}

/* The file directive that suppresses findings of one rule (cached per rule). */
struct file_hit {
	const struct cl_rule *rule;
	struct cl_directive *by;  /* NULL: none */
};

struct file_hits {
	struct file_hit *v;
	size_t n, cap;
};

static struct cl_directive *file_directive(struct cl_directive *ds, uint32_t nd,
					   struct file_hits *cache, const struct cl_rule *rule)
{
	for (size_t i = 0; i < cache->n; i++)
		if (cache->v[i].rule == rule)
			return cache->v[i].by;
	struct cl_directive *by = NULL;
	for (uint32_t k = 0; k < nd; k++)
		if (ds[k].kind == CL_DIR_FILE && directive_matches(&ds[k], rule) && !by)
			by = &ds[k];
	struct file_hit *h = VEC_PUSH(cache->v, cache->n, cache->cap);
	h->rule = rule;
	h->by = by;
	return by;
}


/* A built-in rule name close to an unknown id, for CL008's message. */
static const char *suggest_rule(const char *name)
{
	const char *best = NULL;
	size_t bestd = 3;
	if (strchr(name, '/') || strlen(name) < 4)
		return NULL;
	size_t len = strlen(name);
	for (size_t i = 0; i < CL_RULE_COUNT; i++) {
		size_t rlen = strlen(cl_rules[i].name);
		if (len + 2 < rlen || rlen + 2 < len)
			continue;  /* the lengths alone are too far apart */
		size_t dist = word_distance(name, cl_rules[i].name);
		if (dist < bestd && !is_suppress_rule(&cl_rules[i])) {
			bestd = dist;
			best = cl_rules[i].name;
		}
	}
	return best;
}

static void raise_problems(struct cl_run *run, const struct cl_directive *d)
{
	struct arena *a = run->a;
	for (uint32_t k = 0; k < d->errors.n; k++)
		cl_run_raise(run, R_CL007, &d->errors.v[k].at, d->errors.v[k].msg);
	if (d->malformed)
		return;
	int good = 0;
	for (uint32_t k = 0; k < d->nrules; k++)
		good |= !d->rules[k].bad;
	if (!good)
		return;
	if (d->kind == CL_DIR_LINE && !d->line) {
		cl_run_raise(run, R_CL008, &d->at,
			    d->blank_gap ? "suppresses nothing: a blank line separates this "
					   "comment from the line it would apply to"
					 : "suppresses nothing: no line below this comment to apply to");
		return;
	}
	const char *where = d->kind == CL_DIR_FILE ? "in this file" :
			    !d->own_line ? "on this line" :
			    arena_printf(a, "on line %u", d->line);
	for (uint32_t k = 0; k < d->nrules; k++) {
		const struct cl_dir_rule *r = &d->rules[k];
		if (r->bad || r->used)
			continue;
		if (r->rule && !cl_rule_on(&run->rules, r->rule))
			continue;  /* the rule did not run: its findings cannot be judged */
		const char *hint = !r->rule && !r->all ? suggest_rule(r->name) : NULL;
		const char *msg = r->all ? arena_printf(a, "no finding %s to suppress", where) :
				  arena_printf(a, "no %s finding %s to suppress", r->name, where);
		if (hint)
			msg = arena_printf(a, "%s; did you mean '%s'?", msg, hint);
		cl_run_raise(run, R_CL008, &r->at, msg);
	}
}

void cl_suppress_file(struct cl_run *run, uint32_t file, const struct yload *ld, size_t first)
{
	const struct cl_source *src = &run->files.v[file];
	struct ycomment *cs;
	uint32_t nc = yaml_comments(run->a, file, src->text, src->len, ld->docs, ld->ndocs, &cs);

	struct cl_directive *ds = NULL;
	uint32_t nd = 0, cap = 0, nline = 0;
	uint32_t *tgt = NULL;
	unsigned char *gap = NULL;
	for (uint32_t k = 0; k < nc; k++) {
		struct cl_directive d;
		if (!cl_directive_parse(run->a, &cs[k], &d))
			continue;
		if (d.kind == CL_DIR_LINE && !d.malformed && d.own_line && !tgt) {
			tgt = xmalloc(nc * sizeof *tgt);
			gap = xmalloc(nc);
			comment_targets(src->text, src->len, cs, nc, tgt, gap);
		}
		if (d.kind == CL_DIR_LINE && !d.malformed) {
			d.line = d.own_line ? tgt[k] : d.at.start.line;
			d.blank_gap = d.own_line && gap[k];
		}
		nline += d.kind == CL_DIR_LINE && d.line;
		*VEC_PUSH(ds, nd, cap) = d;
	}
	xfree(tgt);
	xfree(gap);
	if (!nd)
		return;

	/* line directives, sorted by the line they apply to */
	struct cl_directive **lines = xmalloc((nline ? nline : 1) * sizeof *lines);
	nline = 0;
	for (uint32_t k = 0; k < nd; k++)
		if (ds[k].kind == CL_DIR_LINE && ds[k].line)
			lines[nline++] = &ds[k];
	qsort(lines, nline, sizeof *lines, line_cmp);

	/* the findings of this file, grouped by (line, rule) */
	size_t nk = 0;
	struct key *keys = xmalloc((run->findings.n - first + 1) * sizeof *keys);
	for (size_t i = first; i < run->findings.n; i++) {
		const struct cl_finding *f = &run->findings.v[i];
		/* a finding a policy `allow` suppressed still counts as a match, so
		 * the comment is not reported unused; the policy's mark stays */
		if (f->at.file != file || is_suppress_rule(f->rule))
			continue;
		keys[nk].line = cl_span_valid(&f->at) ? f->at.start.line : 0;
		keys[nk].rule = f->rule;
		keys[nk].i = i;
		nk++;
	}
	qsort(keys, nk, sizeof *keys, key_cmp);

	struct file_hits cache = { NULL, 0, 0 };
	size_t lo = 0;
	for (size_t g = 0; g < nk;) {
		size_t end = g + 1;
		while (end < nk && keys[end].line == keys[g].line && keys[end].rule == keys[g].rule)
			end++;
		struct cl_directive *by = NULL;
		/* lines[] and keys[] are both sorted by line: walk them together */
		while (lo < nline && lines[lo]->line < keys[g].line)
			lo++;
		for (size_t k = lo; k < nline && lines[k]->line == keys[g].line; k++)
			if (directive_matches(lines[k], keys[g].rule) && !by)
				by = lines[k];
		struct cl_directive *fby = file_directive(ds, nd, &cache, keys[g].rule);
		if (!by)
			by = fby;
		for (size_t k = g; by && k < end; k++) {
			struct cl_finding *f = &run->findings.v[keys[k].i];
			if (f->suppressed)
				continue;
			f->suppressed = CL_SUPP_INLINE;
			f->suppress_reason = by->reason;
			f->suppress_at = by->at;
		}
		g = end;
	}
	xfree(cache.v);
	xfree(keys);
	xfree(lines);

	for (uint32_t k = 0; k < nd; k++)
		raise_problems(run, &ds[k]);
	xfree(ds);
}
