/*
 * interp.c - Compose variable interpolation (see interp.h for the syntax).
 *
 * One recursive-descent pass over the string: text() copies literal text and
 * hands every '$' to dollar(); a '${' goes to braced(), whose word is text()
 * again, one level deeper.  A word that is not used is still walked (with no
 * output buffer) so that its end and its syntax errors are found.  Depth is
 * bounded by CL_INTERP_MAX_DEPTH and every byte of output goes through
 * emit(), which enforces CL_INTERP_MAX_OUTPUT; after a limit everything
 * unwinds at once (ip.fatal).
 */
#include "compose/interp.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/arena.h"
#include "base/strbuf.h"
#include "base/utf8.h"
#include "base/vec.h"

#define SNIPPET_MAX 40u   /* bytes of the expression quoted in a message */
#define REASON_MAX  256u  /* bytes of a required variable's message kept */

struct ip {
	struct arena *a;
	const char *s;
	size_t len;
	const struct cl_env *env;
	struct cl_interp *out;
	uint32_t cap_uses;
	size_t max_out;    /* max(CL_INTERP_MAX_OUTPUT, len) */
	int fatal;         /* a limit was hit: unwind */
	int quiet;         /* > 0 while skipping a malformed expression: report nothing */
	int in_msg;        /* > 0 while evaluating the message of ${X:?msg} */
	int unterminated;  /* an unclosed '${' was found: enclosing ones are not reported */
};

static int name_start(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}

static int name_char(char c)
{
	return name_start(c) || (c >= '0' && c <= '9');
}

const char *cl_interp_op_text(enum cl_interp_op op)
{
	switch (op) {
	case CL_INTERP_DEFAULT_EMPTY: return ":-";
	case CL_INTERP_DEFAULT:       return "-";
	case CL_INTERP_REQUIRE_EMPTY: return ":?";
	case CL_INTERP_REQUIRE:       return "?";
	case CL_INTERP_ALT_EMPTY:     return ":+";
	case CL_INTERP_ALT:           return "+";
	case CL_INTERP_PLAIN:         break;
	}
	return "";
}

/* s[off..end) quoted for a message, in the arena. */
static const char *snippet(struct ip *p, size_t off, size_t end)
{
	struct strbuf sb = STRBUF_INIT;
	utf8_add_printable(&sb, p->s + off, end - off, SNIPPET_MAX);
	char *r = arena_strndup(p->a, sb.buf ? sb.buf : "", sb.len);
	strbuf_release(&sb);
	return r;
}

/* Would error() record an error of this kind?  (Saves formatting when not.) */
static int can_report(const struct ip *p, enum cl_interp_err kind)
{
	if (kind == CL_INTERP_ELIMIT)
		return 1;  /* always said: error() makes room for it */
	if (p->quiet || p->fatal)
		return 0;  /* after a limit, nothing else is worth saying */
	return p->out->errors.n < CL_INTERP_MAX_ERRORS;
}

__attribute__((format(printf, 5, 6)))
static void error(struct ip *p, enum cl_interp_err kind, size_t off, size_t end,
		  const char *fmt, ...)
{
	if (!can_report(p, kind))
		return;
	struct cl_span at = { 0, { (uint32_t)off, 0, 0 }, { (uint32_t)end, 0, 0 } };
	if (p->out->errors.n == CL_INTERP_MAX_ERRORS)
		p->out->errors.n--;  /* a limit replaces the last error: it explains the empty value */
	va_list ap;
	va_start(ap, fmt);
	cl_diag_vadd(&p->out->errors, kind, &at, fmt, ap);
	va_end(ap);
}

/* Append d[0..n) unless only checking (sb NULL); the output limit is fatal. */
static void emit(struct ip *p, struct strbuf *sb, const char *d, size_t n, size_t off, size_t end)
{
	if (!sb || p->fatal || n == 0)
		return;
	if (n > p->max_out - sb->len) {
		error(p, CL_INTERP_ELIMIT, off, end,
		      "interpolation makes this value larger than %zu bytes", p->max_out);
		p->fatal = 1;
		return;
	}
	strbuf_add(sb, d, n);
}

static void lookup(struct ip *p, const char *name, size_t n, struct cl_env_value *v)
{
	memset(v, 0, sizeof *v);
	if (p->env && p->env->lookup)
		p->env->lookup(p->env, name, n, v);
	if (v->state == CL_ENV_SET && (v->len == 0 || !v->value))
		v->state = CL_ENV_EMPTY;
	if (v->state == CL_ENV_EMPTY) {
		v->value = "";
		v->len = 0;
	} else if (v->state != CL_ENV_SET) {
		v->state = CL_ENV_UNSET;
		v->value = NULL;
		v->len = 0;
	}
}

/* Record a lookup; returns its index, or -1 when the list is full. */
static long add_use(struct ip *p, size_t off, size_t end, const char *name, size_t n,
		    enum cl_interp_op op, const struct cl_env_value *v)
{
	struct cl_interp *o = p->out;
	if (o->nuses >= CL_INTERP_MAX_USES) {
		o->uses_truncated = 1;
		return -1;
	}
	struct cl_interp_use *u = ARENA_VEC_PUSH(p->a, o->uses, o->nuses, p->cap_uses);
	u->name = arena_strndup(p->a, name, n);
	u->off = (uint32_t)off;
	u->end = (uint32_t)end;
	u->op = op;
	u->state = v->state;
	u->at = v->at;
	u->unknown = op == CL_INTERP_PLAIN && v->state == CL_ENV_UNSET;
	return (long)o->nuses - 1;
}

/* $NAME or ${NAME}: s[off..end) names s[name..name+n). */
static void plain(struct ip *p, size_t off, size_t end, size_t name, size_t n, struct strbuf *sb)
{
	if (!sb)
		return;
	struct cl_env_value v;
	lookup(p, p->s + name, n, &v);
	add_use(p, off, end, p->s + name, n, CL_INTERP_PLAIN, &v);
	if ((v.state == CL_ENV_UNSET || v.unknown) && !p->in_msg)
		p->out->unknown = 1;
	emit(p, sb, v.value, v.len, off, end);
}

static size_t text(struct ip *p, size_t i, unsigned depth, struct strbuf *sb, int word);

static void unterminated(struct ip *p, size_t off)
{
	if (p->unterminated || p->fatal)
		return;
	/* Marked only once said: when the list is full of required-variable
	 * errors, the enclosing expression drops them as noise and says it. */
	if (!can_report(p, CL_INTERP_ESYNTAX))
		return;
	p->unterminated = 1;
	error(p, CL_INTERP_ESYNTAX, off, p->len,
	      "unterminated interpolation '%s': missing '}'", snippet(p, off, p->len));
}

/*
 * A malformed '${' at off, found at s[at]: report msg (which quotes
 * s[off..at]) and skip to the '}' that closes it.  Returns the index after
 * that '}', or len.
 */
static size_t malformed(struct ip *p, size_t off, size_t at, unsigned depth, const char *why)
{
	const char *snip = NULL;
	if (can_report(p, CL_INTERP_ESYNTAX)) {
		size_t shown = p->len;  /* through the offending character, whole */
		if (at < p->len) {
			shown = at + utf8_char_len((const unsigned char *)p->s + at, p->len - at);
		}
		snip = snippet(p, off, shown);
	}
	p->quiet++;
	size_t e = text(p, at, depth, NULL, 1);
	p->quiet--;
	size_t end = e < p->len ? e + 1 : p->len;
	if (snip)
		error(p, CL_INTERP_ESYNTAX, off, end, "invalid interpolation '%s': %s",
		      snip, why);
	if (snip && e >= p->len)
		p->unterminated = 1;  /* this error covers the missing '}' */
	return end;
}

/* ${...} at s[off]; depth counts this one.  Returns the index after it. */
static size_t braced(struct ip *p, size_t off, unsigned depth, struct strbuf *sb)
{
	const char *s = p->s;
	size_t n = p->len;
	if (depth > CL_INTERP_MAX_DEPTH) {
		error(p, CL_INTERP_ELIMIT, off, n,
		      "interpolation nested more than %u levels deep", CL_INTERP_MAX_DEPTH);
		p->fatal = 1;
		return n;
	}
	size_t j = off + 2;
	if (j >= n) {
		unterminated(p, off);
		return n;
	}
	if (s[j] == '}') {
		error(p, CL_INTERP_ESYNTAX, off, j + 1,
		      "invalid interpolation '${}': empty variable name");
		return j + 1;
	}
	if (!name_start(s[j]))
		return malformed(p, off, j, depth,
				 "a variable name ([A-Za-z_][A-Za-z0-9_]*) must follow '${'");
	size_t k = j;
	while (k < n && name_char(s[k]))
		k++;
	if (k >= n) {
		unterminated(p, off);
		return n;
	}
	enum cl_interp_op op;
	size_t w;
	switch (s[k]) {
	case '}':
		plain(p, off, k + 1, j, k - j, sb);
		return k + 1;
	case ':':
		if (k + 1 >= n) {
			unterminated(p, off);
			return n;
		}
		switch (s[k + 1]) {
		case '-': op = CL_INTERP_DEFAULT_EMPTY; break;
		case '?': op = CL_INTERP_REQUIRE_EMPTY; break;
		case '+': op = CL_INTERP_ALT_EMPTY; break;
		default:
			return malformed(p, off, k + 1, depth,
					 "':' must be followed by '-', '?' or '+' "
					 "(Compose supports :-, -, :?, ?, :+ and +)");
		}
		w = k + 2;
		break;
	case '-': op = CL_INTERP_DEFAULT; w = k + 1; break;
	case '?': op = CL_INTERP_REQUIRE; w = k + 1; break;
	case '+': op = CL_INTERP_ALT; w = k + 1; break;
	default:
		return malformed(p, off, k, depth,
				 "only '}' or a modifier (:-, -, :?, ?, :+, +) may follow the "
				 "variable name");
	}

	/* Decide, before walking the word, what it is for. */
	struct strbuf *target = NULL;
	struct strbuf msg = STRBUF_INIT;
	int fail = 0;
	long use = -1;
	if (sb) {
		struct cl_env_value v;
		lookup(p, s + j, k - j, &v);
		use = add_use(p, off, n, s + j, k - j, op, &v);
		int use_word = 0;
		switch (op) {
		case CL_INTERP_DEFAULT_EMPTY: use_word = v.state != CL_ENV_SET; break;
		case CL_INTERP_DEFAULT:       use_word = v.state == CL_ENV_UNSET; break;
		case CL_INTERP_REQUIRE_EMPTY: fail = v.state != CL_ENV_SET; break;
		case CL_INTERP_REQUIRE:       fail = v.state == CL_ENV_UNSET; break;
		case CL_INTERP_ALT_EMPTY:     use_word = v.state == CL_ENV_SET; break;
		case CL_INTERP_ALT:           use_word = v.state != CL_ENV_UNSET; break;
		case CL_INTERP_PLAIN:         break;
		}
		if (use_word) {
			target = sb;
		} else if (fail) {
			target = &msg;
			p->in_msg++;
		} else if (op != CL_INTERP_ALT_EMPTY && op != CL_INTERP_ALT) {
			emit(p, sb, v.value, v.len, off, w);
			if (v.unknown)
				p->out->unknown = 1;
		}
	}
	uint32_t mark = p->out->errors.n;
	size_t e = text(p, w, depth, target, 1);
	if (fail)
		p->in_msg--;
	if (p->fatal || e >= n) {
		strbuf_release(&msg);
		/* a word that never ends was evaluated by mistake: what it said
		 * about required variables is noise next to the missing '}' */
		uint32_t keep = mark;
		struct cl_diags *errs = &p->out->errors;
		for (uint32_t x = mark; x < errs->n; x++)
			if (errs->v[x].kind != CL_INTERP_EREQUIRED)
				errs->v[keep++] = errs->v[x];
		errs->n = keep;
		unterminated(p, off);
		return n;
	}
	if (use >= 0)
		p->out->uses[use].end = (uint32_t)(e + 1);
	if (fail && can_report(p, CL_INTERP_EREQUIRED)) {
		const char *shown = snippet(p, j, k);
		if (msg.len) {
			struct strbuf r = STRBUF_INIT;
			utf8_add_printable(&r, msg.buf, msg.len, REASON_MAX);
			error(p, CL_INTERP_EREQUIRED, off, e + 1,
			      "required variable %s is missing a value: %s", shown, r.buf);
			strbuf_release(&r);
		} else {
			error(p, CL_INTERP_EREQUIRED, off, e + 1,
			      "required variable %s is missing a value", shown);
		}
	}
	strbuf_release(&msg);
	return e + 1;
}

/* The '$' at s[i]; returns the index after what it starts. */
static size_t dollar(struct ip *p, size_t i, unsigned depth, struct strbuf *sb)
{
	const char *s = p->s;
	size_t n = p->len;
	if (i + 1 >= n) {
		emit(p, sb, "$", 1, i, i + 1);
		return i + 1;
	}
	char c = s[i + 1];
	if (c == '$') {
		emit(p, sb, "$", 1, i, i + 2);
		return i + 2;
	}
	if (name_start(c)) {
		size_t j = i + 2;
		while (j < n && name_char(s[j]))
			j++;
		plain(p, i, j, i + 1, j - i - 1, sb);
		return j;
	}
	if (c == '{')
		return braced(p, i, depth + 1, sb);
	emit(p, sb, "$", 1, i, i + 1);  /* "$ ", "$1", "$}": literal, as in compose */
	return i + 1;
}

/*
 * Interpolate s[i..) into sb (NULL: only walk it) up to the end of the
 * string or, in a word, up to the '}' that closes the word, balancing the
 * literal braces on the way.  Returns the index of that '}', or len.
 */
static size_t text(struct ip *p, size_t i, unsigned depth, struct strbuf *sb, int word)
{
	const char *s = p->s;
	size_t n = p->len;
	size_t braces = 0;
	while (i < n && !p->fatal) {
		size_t j = i;
		while (j < n && s[j] != '$' && !(word && (s[j] == '{' || s[j] == '}')))
			j++;
		emit(p, sb, s + i, j - i, i, j);
		if (j >= n)
			break;
		i = j;
		if (s[i] == '$') {
			i = dollar(p, i, depth, sb);
		} else if (s[i] == '{') {
			braces++;
			emit(p, sb, "{", 1, i, i + 1);
			i++;
		} else if (braces == 0) {
			return i;
		} else {
			braces--;
			emit(p, sb, "}", 1, i, i + 1);
			i++;
		}
	}
	return n;
}

int cl_interpolate(struct arena *a, const char *s, size_t len, const struct cl_env *env,
		   struct cl_interp *out)
{
	memset(out, 0, sizeof *out);
	cl_diags_init(&out->errors, a);
	if (!s)
		len = 0;
	if (len > UINT32_MAX) {
		/* offsets are 32-bit, as in every cl_pos */
		struct cl_span at = { 0, { 0, 0, 0 }, { UINT32_MAX, 0, 0 } };
		cl_diag_add(&out->errors, CL_INTERP_ELIMIT, &at, "value too large to interpolate");
		out->value = "";
		out->unknown = 1;
		return -1;
	}
	if (!len || !memchr(s, '$', len)) {
		out->value = arena_strndup(a, len ? s : "", len);
		out->len = len;
		return 0;
	}
	struct ip p = { .a = a, .s = s, .len = len, .env = env, .out = out,
			.max_out = len > CL_INTERP_MAX_OUTPUT ? len : CL_INTERP_MAX_OUTPUT };
	struct strbuf sb = STRBUF_INIT;
	text(&p, 0, 0, &sb, 0);
	if (p.fatal) {
		out->value = "";
		out->len = 0;
		out->unknown = 1;
	} else {
		out->value = arena_strndup(a, sb.buf ? sb.buf : "", sb.len);
		out->len = sb.len;
	}
	strbuf_release(&sb);
	return out->errors.n ? -1 : 0;
}
