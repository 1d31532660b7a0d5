/*
 * sarif.c - SARIF 2.1.0, the format GitHub code scanning and other result
 * viewers read (docs/github-actions.md).
 *
 * One log with one run.  tool.driver.rules lists every rule that ran, in
 * registry order, then any rule met only in a finding (CL009, CL010 when
 * they did not run as such), in finding order; results refer to them by
 * index.  Every finding is a result, suppressed ones too, carrying a
 * `suppressions` entry with the reason.  CL000 findings (unreadable files)
 * are also tool execution notifications, and make executionSuccessful false.
 *
 * Locations are relative URI references against the uriBaseId %SRCROOT%,
 * the directory composelint ran in.  Its absolute URI is deliberately left
 * out of originalUriBaseIds (SARIF 2.1.0 section 3.14.14 allows omitting it
 * "to produce deterministic output"): the same input in the same relative
 * layout gives byte-identical output on every machine, and the log does not
 * reveal home directories.  Only a file named by an absolute path gets an
 * absolute file: URI, and then invocations[0].workingDirectory says where
 * composelint ran, so GitHub can make it relative to the checkout.
 *
 * Columns count code points (run.columnKind), and a region's end is
 * exclusive, as our spans are.  No timestamps; keys in a fixed order;
 * two-space indentation and a final newline, like the other JSON formats.
 */
#include "report/report.h"
#include "base/arena.h"
#include "base/utf8.h"
#include "report/escape.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SARIF_SCHEMA "https://json.schemastore.org/sarif-2.1.0.json"
#define SARIF_INFO_URI "https://github.com/composelint/composelint"
#define SARIF_DOCS_URI SARIF_INFO_URI "/blob/main/docs/rules/"
#define SARIF_SRCROOT "%SRCROOT%"
#define SARIF_FP_KEY "composelint/v1"

/* GitHub code scanning limits (it rejects or truncates beyond them). */
enum {
	GH_NAME_MAX = 255,          /* reportingDescriptor.name, in characters */
	GH_DESCRIPTION_MAX = 1024,  /* shortDescription.text, fullDescription.text */
	GH_TAGS_MAX = 20,           /* properties.tags per rule */
	GH_LOCATIONS_MAX = 1000,    /* locations per result */
};

/* ---- a small pretty-printing JSON writer ----------------------------------- */

struct jw {
	struct strbuf sb;
	int depth;
	int empty;  /* nothing written yet inside the innermost open object or array */
};

static void jw_indent(struct jw *w)
{
	strbuf_addch(&w->sb, '\n');
	for (int i = 0; i < w->depth; i++)
		strbuf_addstr(&w->sb, "  ");
}

static void jw_quoted(struct jw *w, const char *s)
{
	strbuf_addch(&w->sb, '"');
	esc_json(&w->sb, s);
	strbuf_addch(&w->sb, '"');
}

/* The separator and key of the next member (key NULL inside an array). */
static void jw_member(struct jw *w, const char *key)
{
	if (w->depth) {
		if (!w->empty)
			strbuf_addch(&w->sb, ',');
		jw_indent(w);
	}
	w->empty = 0;
	if (key) {
		jw_quoted(w, key);
		strbuf_addstr(&w->sb, ": ");
	}
}

static void jw_open(struct jw *w, const char *key, char bracket)
{
	jw_member(w, key);
	strbuf_addch(&w->sb, bracket);
	w->depth++;
	w->empty = 1;
}

static void jw_close(struct jw *w, char bracket)
{
	w->depth--;
	if (!w->empty)
		jw_indent(w);
	strbuf_addch(&w->sb, bracket);
	w->empty = 0;
}

static void jw_str(struct jw *w, const char *key, const char *s)
{
	jw_member(w, key);
	jw_quoted(w, s);
}

static void jw_uint(struct jw *w, const char *key, unsigned long v)
{
	jw_member(w, key);
	strbuf_addf(&w->sb, "%lu", v);
}

static void jw_bool(struct jw *w, const char *key, int v)
{
	jw_member(w, key);
	strbuf_addstr(&w->sb, v ? "true" : "false");
}

/* {"text": s} under key */
static void jw_message(struct jw *w, const char *key, const char *s)
{
	jw_open(w, key, '{');
	jw_str(w, "text", s);
	jw_close(w, '}');
}

/* ---- text --------------------------------------------------------------------- */

/* Cut t to at most max code points, ending in "..." when cut. */
static void truncate_text(struct strbuf *t, size_t max)
{
	size_t n = 0, cut = 0;
	for (size_t i = 0; i < t->len; i++) {
		if (utf8_is_continuation((unsigned char)t->buf[i]))
			continue;  /* a continuation byte belongs to the code point before */
		if (n == max - 3)
			cut = i;
		if (++n > max) {
			t->len = cut;
			t->buf[cut] = '\0';
			strbuf_addstr(t, "...");
			return;
		}
	}
}

/* s as a sentence: first letter capitalized, closed by a full stop. */
static void add_sentence(struct strbuf *t, const char *s)
{
	size_t n = strlen(s);
	if (!n)
		return;
	strbuf_addch(t, s[0] >= 'a' && s[0] <= 'z' ? (char)(s[0] - 'a' + 'A') : s[0]);
	strbuf_add(t, s + 1, n - 1);
	if (!strchr(".!?", s[n - 1]))
		strbuf_addch(t, '.');
}

/* Plain text made literal in Markdown: backslash-escape what could be
 * inline syntax anywhere, and block syntax at the start of a line. */
static void add_markdown(struct strbuf *t, const char *s)
{
	int line_start = 1;
	for (; *s; s++) {
		if (strchr("\\`*_{}[]<>|~&", *s) || (line_start && strchr("#+-=>", *s)))
			strbuf_addch(t, '\\');
		strbuf_addch(t, *s);
		line_start = *s == '\n' || (line_start && *s == ' ');
	}
}

/* ---- URIs --------------------------------------------------------------------- */

static int is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int is_hex(int c)
{
	return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static int is_unreserved(int c)
{
	return is_alpha(c) || is_digit(c) || c == '-' || c == '.' || c == '_' || c == '~';
}

static void add_pct(struct strbuf *t, unsigned char c)
{
	strbuf_addf(t, "%%%02X", c);
}

/* A file path as a URI path: '/' separates segments, everything but the
 * RFC 3986 unreserved characters is percent-encoded (UTF-8 bytes too). */
static void add_uri_path(struct strbuf *t, const char *p)
{
	for (; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (is_unreserved(c) || c == '/')
			strbuf_addch(t, (char)c);
		else
			add_pct(t, c);
	}
}

/*
 * A policy's url as an absolute URI, or 0 when it is not one (no scheme):
 * characters a URI cannot hold (spaces, non-ASCII, a second '#', a '%' not
 * starting an escape) are percent-encoded.
 */
static int add_absolute_uri(struct strbuf *t, const char *u)
{
	const char *p = u;
	if (!is_alpha((unsigned char)*p))
		return 0;
	while (is_alpha((unsigned char)*p) || is_digit((unsigned char)*p) || *p == '+' || *p == '-' ||
	       *p == '.')
		p++;
	if (*p != ':')
		return 0;
	int fragment = 0;
	for (p = u; *p; p++) {
		unsigned char c = (unsigned char)*p;
		int ok = is_unreserved(c) || (c && strchr(":/?@!$&'()*+,;=", c));
		if (c == '#' && !fragment) {
			ok = 1;
			fragment = 1;
		} else if (c == '%') {
			ok = is_hex((unsigned char)p[1]) && is_hex((unsigned char)p[2]);
		}
		if (ok)
			strbuf_addch(t, (char)c);
		else
			add_pct(t, c);
	}
	return 1;
}

/* ---- rules -------------------------------------------------------------------- */

struct rule_ix {
	const char *id;
	uint32_t index;
};

struct rules {
	const struct cl_rule **v;  /* driver.rules, in output order */
	struct rule_ix *by_id;     /* the same, sorted by id, for lookups */
	uint32_t n;
};

/* The position in r->by_id where id is or would go. */
static uint32_t rules_pos(const struct rules *r, const char *id)
{
	uint32_t lo = 0, hi = r->n;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (strcmp(r->by_id[mid].id, id) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static const struct rule_ix *rules_find(const struct rules *r, const char *id)
{
	uint32_t at = rules_pos(r, id);
	return at < r->n && !strcmp(r->by_id[at].id, id) ? &r->by_id[at] : NULL;
}

static void rules_add(struct rules *r, const struct cl_rule *rule)
{
	uint32_t at = rules_pos(r, rule->id);
	if (at < r->n && !strcmp(r->by_id[at].id, rule->id))
		return;  /* each id once: the first row listed wins */
	memmove(&r->by_id[at + 1], &r->by_id[at], (r->n - at) * sizeof *r->by_id);
	r->by_id[at].id = rule->id;
	r->by_id[at].index = r->n;
	r->v[r->n++] = rule;
}

/* The rules that ran, then rules met only in findings, in finding order. */
static void rules_build(struct rules *r, const struct cl_report_input *in)
{
	size_t cap = (size_t)in->nrules + in->findings->n + 1;
	r->v = xmalloc(cap * sizeof *r->v);
	r->by_id = xmalloc(cap * sizeof *r->by_id);
	r->n = 0;
	for (uint32_t i = 0; i < in->nrules; i++)
		rules_add(r, in->rules[i]);
	for (size_t i = 0; i < in->findings->n; i++)
		rules_add(r, in->findings->v[i].rule);
}

static void rules_release(struct rules *r)
{
	free(r->v);
	free(r->by_id);
}

static const char *level_name(enum cl_severity s)
{
	return s == CL_ERROR ? "error" : s == CL_WARNING ? "warning" : "note";
}

static int has_tag(const struct cl_rule *rule, const char *tag)
{
	for (unsigned i = 0; i < rule->ntags; i++)
		if (rule->tags[i] && !strcmp(rule->tags[i], tag))
			return 1;
	return 0;
}

/* Security rules: the built-in image, privilege, filesystem and network
 * categories, and policy rules tagged "security". */
static int is_security(const struct cl_rule *rule)
{
	static const char *const cats[] = { "image", "privilege", "filesystem", "network" };
	for (size_t i = 0; i < sizeof cats / sizeof *cats; i++)
		if (rule->category && !strcmp(rule->category, cats[i]))
			return 1;
	return has_tag(rule, "security");
}

/* The rule's page: ours for built-in rules, the policy's url otherwise (or none). */
static int rule_uri(struct strbuf *t, const struct cl_rule *rule)
{
	if (!rule->from_policy) {
		strbuf_addstr(t, SARIF_DOCS_URI);
		add_uri_path(t, rule->id);
		strbuf_addstr(t, ".md");
		return 1;
	}
	return rule->url && add_absolute_uri(t, rule->url);
}

/*
 * A rule's description: its summary and hint as sentences.  A policy rule's
 * summary is its message template, where "\{" and "\}" mark literal braces;
 * its placeholders ("{service}") stay, which reads well enough.
 */
static void add_description(struct strbuf *t, const struct cl_rule *rule, int with_hint)
{
	const char *summary = rule->summary && *rule->summary ? rule->summary : rule->id;
	struct strbuf s = STRBUF_INIT;
	for (const char *p = summary; *p; p++) {
		if (rule->from_policy && p[0] == '\\' && (p[1] == '{' || p[1] == '}'))
			p++;
		strbuf_addch(&s, *p);
	}
	add_sentence(t, s.buf);
	if (with_hint && rule->hint && *rule->hint) {
		strbuf_addch(t, ' ');
		add_sentence(t, rule->hint);
	}
	strbuf_release(&s);
}

static void write_rule(struct jw *w, const struct cl_rule *rule)
{
	struct strbuf t = STRBUF_INIT, uri = STRBUF_INIT, desc = STRBUF_INIT;
	int has_uri = rule_uri(&uri, rule);

	jw_open(w, NULL, '{');
	jw_str(w, "id", rule->id);
	/* a policy rule without a name has its id as name: SARIF wants the
	 * name left out then (3.49.7, multitool SARIF1001) */
	if (rule->name && *rule->name && strcmp(rule->name, rule->id)) {
		strbuf_addstr(&t, rule->name);
		truncate_text(&t, GH_NAME_MAX);
		jw_str(w, "name", t.buf);
	}

	strbuf_reset(&t);
	add_description(&t, rule, 0);
	truncate_text(&t, GH_DESCRIPTION_MAX);
	jw_message(w, "shortDescription", t.buf);

	add_description(&desc, rule, 1);
	strbuf_reset(&t);
	strbuf_add(&t, desc.buf, desc.len);
	truncate_text(&t, GH_DESCRIPTION_MAX);
	jw_message(w, "fullDescription", t.buf);

	jw_open(w, "defaultConfiguration", '{');
	jw_str(w, "level", level_name(rule->severity));
	jw_close(w, '}');

	if (has_uri)
		jw_str(w, "helpUri", uri.buf);

	/* help: the description and a link to the rule's page */
	jw_open(w, "help", '{');
	strbuf_reset(&t);
	strbuf_add(&t, desc.buf, desc.len);
	if (has_uri || rule->url) {
		strbuf_addstr(&t, "\n\nSee ");
		strbuf_addstr(&t, has_uri ? uri.buf : rule->url);
	}
	jw_str(w, "text", t.buf);
	strbuf_reset(&t);
	add_markdown(&t, desc.buf);
	if (has_uri && !rule->from_policy) {
		strbuf_addf(&t, "\n\nSee [docs/rules/%s.md](%s)", rule->id, uri.buf);
	} else if (has_uri) {
		/* an autolink: the URI holds no blanks, '<' or '>' */
		strbuf_addf(&t, "\n\nSee <%s>", uri.buf);
	} else if (rule->url) {
		strbuf_addstr(&t, "\n\nSee ");
		add_markdown(&t, rule->url);
	}
	jw_str(w, "markdown", t.buf);
	jw_close(w, '}');

	int security = is_security(rule);
	jw_open(w, "properties", '{');
	jw_open(w, "tags", '[');
	/* the rule's own tags, each once, leaving room for category and "security" */
	unsigned room = GH_TAGS_MAX - 2, written = 0;
	for (unsigned i = 0; i < rule->ntags && written < room; i++) {
		const char *tag = rule->tags[i];
		int seen = !tag || !*tag;
		for (unsigned j = 0; j < i && !seen; j++)
			seen = rule->tags[j] && !strcmp(rule->tags[j], tag);
		if (seen || (rule->category && !strcmp(tag, rule->category)) ||
		    (security && !strcmp(tag, "security")))
			continue;
		jw_str(w, NULL, tag);
		written++;
	}
	if (rule->category && *rule->category && !(security && !strcmp(rule->category, "security")))
		jw_str(w, NULL, rule->category);
	if (security)
		jw_str(w, NULL, "security");
	jw_close(w, ']');
	if (security) {
		jw_str(w, "security-severity", rule->severity == CL_ERROR ? "8.0" :
				rule->severity == CL_WARNING ? "5.0" : "2.0");
	} else {
		jw_str(w, "problem.severity", rule->severity == CL_ERROR ? "error" :
				rule->severity == CL_WARNING ? "warning" : "recommendation");
	}
	jw_close(w, '}');
	jw_close(w, '}');
	strbuf_release(&t);
	strbuf_release(&uri);
	strbuf_release(&desc);
}

/* ---- locations ---------------------------------------------------------------- */

static void write_artifact(struct jw *w, const struct cl_report_input *in, uint32_t file)
{
	const struct cl_source *src = &in->files->v[file];
	struct strbuf t = STRBUF_INIT;
	int absolute = 0;
	if (!strcmp(src->path, "-")) {
		strbuf_addstr(&t, "stdin");
	} else if (src->display[0] == '/') {
		strbuf_addstr(&t, "file://");
		add_uri_path(&t, src->display);
		absolute = 1;
	} else {
		const char *p = src->display;
		while (p[0] == '.' && p[1] == '/')  /* "./a.yml" is "a.yml" */
			for (p += 2; *p == '/'; p++)
				;
		add_uri_path(&t, *p ? p : ".");
	}
	jw_open(w, "artifactLocation", '{');
	jw_str(w, "uri", t.buf);
	if (!absolute)
		jw_str(w, "uriBaseId", SARIF_SRCROOT);
	jw_close(w, '}');
	strbuf_release(&t);
}

static void write_region(struct jw *w, const struct cl_report_input *in, const struct cl_span *at)
{
	struct cl_pos start = at->start, end = at->end;
	if (end.line < start.line || (end.line == start.line && end.col < start.col))
		end = start;  /* never end before the start */
	if (end.col == 1 && end.line > start.line) {
		/* a span ending at a line start ends, inclusively, on the line before */
		size_t len;
		const char *line = cl_source_line(&in->files->v[at->file], end.line - 1, &len);
		if (line) {
			while (len && (line[len - 1] == '\r' || line[len - 1] == '\n'))
				len--;
			end.line--;
			end.col = (uint32_t)utf8_columns((const unsigned char *)line, len) + 1;
			if (end.line == start.line && end.col < start.col)
				end.col = start.col;
		}
	}
	jw_open(w, "region", '{');
	jw_uint(w, "startLine", start.line);
	if (start.col)
		jw_uint(w, "startColumn", start.col);
	jw_uint(w, "endLine", end.line);
	if (start.col && end.col)
		jw_uint(w, "endColumn", end.col);
	jw_close(w, '}');
}

static void write_physical(struct jw *w, const struct cl_report_input *in, const struct cl_span *at)
{
	jw_open(w, "physicalLocation", '{');
	write_artifact(w, in, at->file);
	if (cl_span_valid(at))
		write_region(w, in, at);
	jw_close(w, '}');
}

/* ---- the log ------------------------------------------------------------------ */

static int is_absolute(const struct cl_report_input *in, uint32_t file)
{
	return file < in->files->n && in->files->v[file].display[0] == '/' &&
	       strcmp(in->files->v[file].path, "-");
}

/* Does any location of the log name a file by an absolute path? */
static int uses_absolute_paths(const struct cl_report_input *in)
{
	for (size_t i = 0; i < in->findings->n; i++) {
		const struct cl_finding *f = &in->findings->v[i];
		if (is_absolute(in, f->at.file) || (f->suppressed && is_absolute(in, f->suppress_at.file)))
			return 1;
		for (uint32_t r = 0; r < f->nrelated; r++)
			if (is_absolute(in, f->related[r].at.file))
				return 1;
	}
	return 0;
}

static void write_invocation(struct jw *w, const struct cl_report_input *in,
			     const struct rules *rules)
{
	jw_open(w, "invocations", '[');
	jw_open(w, NULL, '{');
	jw_bool(w, "executionSuccessful", in->complete);
	if (uses_absolute_paths(in)) {
		char *cwd = getcwd(NULL, 0);
		if (cwd && cwd[0] == '/') {
			struct strbuf t = STRBUF_INIT;
			strbuf_addstr(&t, "file://");
			add_uri_path(&t, cwd);
			if (t.buf[t.len - 1] != '/')
				strbuf_addch(&t, '/');
			jw_open(w, "workingDirectory", '{');
			jw_str(w, "uri", t.buf);
			jw_close(w, '}');
			strbuf_release(&t);
		}
		free(cwd);
	}
	jw_open(w, "toolExecutionNotifications", '[');
	for (size_t i = 0; i < in->findings->n; i++) {
		const struct cl_finding *f = &in->findings->v[i];
		if (strcmp(f->rule->id, cl_rules[R_CL000].id))
			continue;
		jw_open(w, NULL, '{');
		jw_str(w, "level", "error");
		jw_message(w, "message", f->message);
		jw_open(w, "locations", '[');
		jw_open(w, NULL, '{');
		write_physical(w, in, &f->at);
		jw_close(w, '}');
		jw_close(w, ']');
		jw_open(w, "associatedRule", '{');
		jw_str(w, "id", f->rule->id);
		jw_uint(w, "index", rules_find(rules, f->rule->id)->index);
		jw_close(w, '}');
		jw_close(w, '}');
	}
	jw_close(w, ']');
	jw_close(w, '}');
	jw_close(w, ']');
}

static void write_result(struct jw *w, const struct cl_report_input *in, const struct rules *rules,
			 const struct cl_finding *f, const char *fingerprint)
{
	jw_open(w, NULL, '{');
	jw_str(w, "ruleId", f->rule->id);
	jw_uint(w, "ruleIndex", rules_find(rules, f->rule->id)->index);
	jw_str(w, "level", level_name(f->severity));
	jw_message(w, "message", f->message);
	jw_open(w, "locations", '[');
	jw_open(w, NULL, '{');
	write_physical(w, in, &f->at);
	jw_close(w, '}');
	jw_close(w, ']');
	if (f->nrelated) {
		jw_open(w, "relatedLocations", '[');
		for (uint32_t r = 0; r < f->nrelated && r < GH_LOCATIONS_MAX; r++) {
			jw_open(w, NULL, '{');
			jw_uint(w, "id", r + 1);
			write_physical(w, in, &f->related[r].at);
			if (f->related[r].message)
				jw_message(w, "message", f->related[r].message);
			jw_close(w, '}');
		}
		jw_close(w, ']');
	}
	jw_open(w, "partialFingerprints", '{');
	jw_str(w, SARIF_FP_KEY, fingerprint);
	jw_close(w, '}');
	if (f->suppressed) {
		jw_open(w, "suppressions", '[');
		jw_open(w, NULL, '{');
		jw_str(w, "kind", f->suppressed == CL_SUPP_INLINE ? "inSource" : "external");
		jw_str(w, "status", "accepted");
		if (f->suppress_reason)
			jw_str(w, "justification", f->suppress_reason);
		if (f->suppress_at.file < in->files->n) {
			jw_open(w, "location", '{');
			write_physical(w, in, &f->suppress_at);
			jw_close(w, '}');
		}
		jw_close(w, '}');
		jw_close(w, ']');
	}
	jw_close(w, '}');
}

void cl_report_sarif(FILE *out, const struct cl_report_input *in, const struct cl_report_opts *o)
{
	(void)o;
	const struct cl_findings *fs = in->findings;
	char (*fp)[17] = xmalloc((fs->n ? fs->n : 1) * sizeof *fp);
	cl_fingerprints(in, fp);
	struct rules rules;
	rules_build(&rules, in);

	struct jw w = { STRBUF_INIT, 0, 1 };
	jw_open(&w, NULL, '{');
	jw_str(&w, "$schema", SARIF_SCHEMA);
	jw_str(&w, "version", "2.1.0");
	jw_open(&w, "runs", '[');
	jw_open(&w, NULL, '{');

	jw_open(&w, "tool", '{');
	jw_open(&w, "driver", '{');
	jw_str(&w, "name", "composelint");
	jw_str(&w, "semanticVersion", in->version);
	jw_str(&w, "informationUri", SARIF_INFO_URI);
	jw_open(&w, "rules", '[');
	for (uint32_t i = 0; i < rules.n; i++)
		write_rule(&w, rules.v[i]);
	jw_close(&w, ']');
	jw_close(&w, '}');
	jw_close(&w, '}');

	write_invocation(&w, in, &rules);

	jw_open(&w, "originalUriBaseIds", '{');
	jw_open(&w, SARIF_SRCROOT, '{');
	jw_message(&w, "description", "The directory composelint ran in. Its absolute URI is "
		   "left out so that the log is the same on every machine.");
	jw_close(&w, '}');
	jw_close(&w, '}');

	jw_str(&w, "columnKind", "unicodeCodePoints");

	jw_open(&w, "results", '[');
	for (size_t i = 0; i < fs->n; i++)
		write_result(&w, in, &rules, &fs->v[i], fp[i]);
	jw_close(&w, ']');

	jw_close(&w, '}');
	jw_close(&w, ']');
	jw_close(&w, '}');
	strbuf_addch(&w.sb, '\n');
	fwrite(w.sb.buf, 1, w.sb.len, out);
	strbuf_release(&w.sb);
	rules_release(&rules);
	free(fp);
}
