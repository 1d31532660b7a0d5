/*
 * junit.c - JUnit XML, the test report format CI systems (GitLab, Jenkins)
 * show without a plugin (docs/output-formats.md, "JUnit XML").
 *
 * Each linted compose file is a <testsuite>; in it, every unsuppressed
 * finding is a failed <testcase> (one <failure> each), every suppressed
 * finding a skipped one, and every rule that ran and found nothing in the
 * file a passing one.  Findings in other files (a policy with an expired
 * exception) get a suite of their own after the compose files.
 *
 * The document is valid against the Jenkins xUnit JUnit schema
 * (tests/validate-junit.sh checks it): <testsuites> carries only the
 * attributes that schema allows there, and nothing varies between runs (no
 * timestamp, hostname or time), so the same input gives the same bytes.
 */
#include "report/report.h"
#include "base/arena.h"
#include "base/utf8.h"
#include "report/escape.h"

#include <stdlib.h>
#include <string.h>

/* Widest part of a source line quoted in a failure, in bytes. */
#define LINE_MAX_BYTES 200

static void attr(struct strbuf *sb, const char *name, const char *value)
{
	strbuf_addf(sb, " %s=\"", name);
	esc_xml(sb, value);
	strbuf_addch(sb, '"');
}

/* esc_xml() of n bytes that may hold NULs (a NUL byte becomes U+FFFD). */
static void esc_xml_n(struct strbuf *sb, const char *s, size_t n)
{
	struct strbuf tmp = STRBUF_INIT;
	for (size_t i = 0; i < n; i++) {
		if (s[i])
			strbuf_addch(&tmp, s[i]);
		else
			strbuf_addstr(&tmp, "\xEF\xBF\xBD");
	}
	if (tmp.len)
		esc_xml(sb, tmp.buf);
	strbuf_release(&tmp);
}

/*
 * The source line of a span as "   27 | text" (escaped), the form of the
 * text format without the underline.  A long line is cut to a window around
 * the value, marked with "...", on UTF-8 boundaries.  Returns 0 when the
 * line is not available (unreadable file, no position).
 */
static int source_line(struct strbuf *sb, const struct cl_source *src, const struct cl_span *at)
{
	size_t len;
	const char *line = cl_span_valid(at) ? cl_source_line(src, at->start.line, &len) : NULL;
	if (!line)
		return 0;
	size_t off = (size_t)(line - src->text);
	size_t start = at->start.off >= off ? at->start.off - off : 0;
	if (start > len)
		start = len;
	size_t from = 0;
	if (len > LINE_MAX_BYTES && start > LINE_MAX_BYTES / 2)
		from = start - LINE_MAX_BYTES / 2;
	size_t to = len - from > LINE_MAX_BYTES ? from + LINE_MAX_BYTES : len;
	while (from < to && utf8_is_continuation((unsigned char)line[from]))
		from++;
	while (to < len && to > from && utf8_is_continuation((unsigned char)line[to]))
		to--;
	strbuf_addf(sb, "%5u | ", at->start.line);
	if (from)
		strbuf_addstr(sb, "...");
	esc_xml_n(sb, line + from, to - from);
	if (to < len)
		strbuf_addstr(sb, "...");
	return 1;
}

/* "file:line:col: " (or "file: " without a position), escaped. */
static void location(struct strbuf *sb, const struct cl_report_input *in, const struct cl_span *at)
{
	esc_xml(sb, in->files->v[at->file].display);
	if (cl_span_valid(at))
		strbuf_addf(sb, ":%u:%u", at->start.line, at->start.col);
	strbuf_addstr(sb, ": ");
}

/* "ID name", or "ID" for a policy rule without a name (as the text format). */
static void rule_label(struct strbuf *sb, const struct cl_rule *r)
{
	esc_xml(sb, r->id);
	if (strcmp(r->id, r->name)) {
		strbuf_addch(sb, ' ');
		esc_xml(sb, r->name);
	}
}

/* <testcase name="RULE line:col" classname="file"> with its opening tag closed. */
static void case_open(struct strbuf *sb, const struct cl_finding *f, const char *classname)
{
	strbuf_addstr(sb, "    <testcase name=\"");
	esc_xml(sb, f->rule->id);
	if (cl_span_valid(&f->at))
		strbuf_addf(sb, " %u:%u", f->at.start.line, f->at.start.col);
	strbuf_addch(sb, '"');
	attr(sb, "classname", classname);
}

static void failed_case(struct strbuf *sb, const struct cl_report_input *in, const struct cl_finding *f,
			const char *classname)
{
	case_open(sb, f, classname);
	strbuf_addstr(sb, ">\n      <failure");
	attr(sb, "message", f->message);
	attr(sb, "type", cl_severity_name(f->severity));
	strbuf_addch(sb, '>');
	/* the text format's first line, the line at fault, then where an
	 * inherited value is used */
	location(sb, in, &f->at);
	esc_xml(sb, cl_severity_name(f->severity));
	strbuf_addstr(sb, ": ");
	esc_xml(sb, f->message);
	strbuf_addstr(sb, " [");
	rule_label(sb, f->rule);
	strbuf_addch(sb, ']');
	struct strbuf line = STRBUF_INIT;
	if (source_line(&line, &in->files->v[f->at.file], &f->at)) {
		strbuf_addch(sb, '\n');
		strbuf_add(sb, line.buf, line.len);
	}
	for (uint32_t r = 0; r < f->nrelated; r++) {
		const struct cl_related *rel = &f->related[r];
		strbuf_addch(sb, '\n');
		location(sb, in, &rel->at);
		strbuf_addstr(sb, "note: ");
		esc_xml(sb, rel->message);
		strbuf_reset(&line);
		if (source_line(&line, &in->files->v[rel->at.file], &rel->at)) {
			strbuf_addch(sb, '\n');
			strbuf_add(sb, line.buf, line.len);
		}
	}
	strbuf_release(&line);
	strbuf_addstr(sb, "</failure>\n    </testcase>\n");
}

static void skipped_case(struct strbuf *sb, const struct cl_finding *f, const char *classname)
{
	case_open(sb, f, classname);
	strbuf_addstr(sb, ">\n      <skipped message=\"suppressed");
	if (f->suppress_reason) {
		strbuf_addstr(sb, ": ");
		esc_xml(sb, f->suppress_reason);
	}
	strbuf_addstr(sb, "\"/>\n    </testcase>\n");
}

static void passed_case(struct strbuf *sb, const struct cl_rule *r, const char *classname)
{
	strbuf_addstr(sb, "    <testcase name=\"");
	rule_label(sb, r);
	strbuf_addch(sb, '"');
	attr(sb, "classname", classname);
	strbuf_addstr(sb, "/>\n");
}

/*
 * Whether the rules saw all of a file: not when it could not be read (CL000),
 * parsed (CL001, CL005) or was cut at a limit (CL004).  Such a file gets no
 * passing test cases, which would claim checks that did not run.
 */
static int stops_rules(const struct cl_rule *r)
{
	static const char *const ids[] = { "CL000", "CL001", "CL004", "CL005" };
	if (r->from_policy)
		return 0;
	for (size_t i = 0; i < sizeof ids / sizeof *ids; i++)
		if (!strcmp(r->id, ids[i]))
			return 1;
	return 0;
}

struct totals {
	size_t tests, failures, skipped;
};

/*
 * One <testsuite> for file fi: its findings (idx[0..n), in report order),
 * then, when with_passes and the rules saw the whole file, a passing case
 * for each rule with no finding in it.  rule_of[i] is finding i's index in
 * in->rules, or -1.
 */
static void suite(struct strbuf *sb, const struct cl_report_input *in, uint32_t fi, const size_t *idx,
		  size_t n, const long *rule_of, int with_passes, unsigned char *seen, struct totals *all)
{
	const char *name = in->files->v[fi].display;
	struct totals t = { 0, 0, 0 };
	memset(seen, 0, in->nrules ? in->nrules : 1);
	for (size_t k = 0; k < n; k++) {
		const struct cl_finding *f = &in->findings->v[idx[k]];
		if (f->suppressed)
			t.skipped++;
		else
			t.failures++;
		if (rule_of[idx[k]] >= 0)
			seen[rule_of[idx[k]]] = 1;
		if (stops_rules(f->rule))
			with_passes = 0;
	}
	t.tests = t.failures + t.skipped;
	if (with_passes)
		for (uint32_t r = 0; r < in->nrules; r++)
			t.tests += !seen[r];
	strbuf_addstr(sb, "  <testsuite");
	attr(sb, "name", name);
	strbuf_addf(sb, " tests=\"%zu\" failures=\"%zu\" errors=\"0\" skipped=\"%zu\">\n", t.tests,
		    t.failures, t.skipped);
	for (size_t k = 0; k < n; k++) {
		const struct cl_finding *f = &in->findings->v[idx[k]];
		if (f->suppressed)
			skipped_case(sb, f, name);
		else
			failed_case(sb, in, f, name);
	}
	if (with_passes)
		for (uint32_t r = 0; r < in->nrules; r++)
			if (!seen[r])
				passed_case(sb, in->rules[r], name);
	strbuf_addstr(sb, "  </testsuite>\n");
	all->tests += t.tests;
	all->failures += t.failures;
	all->skipped += t.skipped;
}

void cl_report_junit(FILE *out, const struct cl_report_input *in, const struct cl_report_opts *o)
{
	(void)o;
	const struct cl_findings *fs = in->findings;
	uint32_t nfiles = in->files->n;

	/* each finding's rule among those that ran */
	long *rule_of = xmalloc((fs->n ? fs->n : 1) * sizeof *rule_of);
	for (size_t i = 0; i < fs->n; i++) {
		rule_of[i] = -1;
		for (uint32_t r = 0; r < in->nrules && rule_of[i] < 0; r++)
			if (fs->v[i].rule == in->rules[r] || !strcmp(fs->v[i].rule->id, in->rules[r]->id))
				rule_of[i] = (long)r;
	}
	/* the findings grouped by file, each group in report order */
	size_t *first = xcalloc((size_t)nfiles + 1, sizeof *first);
	size_t *idx = xmalloc((fs->n ? fs->n : 1) * sizeof *idx);
	for (size_t i = 0; i < fs->n; i++)
		first[fs->v[i].at.file + 1]++;
	for (uint32_t f = 0; f < nfiles; f++)
		first[f + 1] += first[f];
	size_t *fill = xmalloc(((size_t)nfiles + 1) * sizeof *fill);
	memcpy(fill, first, ((size_t)nfiles + 1) * sizeof *fill);
	for (size_t i = 0; i < fs->n; i++)
		idx[fill[fs->v[i].at.file]++] = i;
	free(fill);

	unsigned char *seen = xmalloc(in->nrules ? in->nrules : 1);
	unsigned char *done = xcalloc(nfiles ? nfiles : 1, 1);
	struct totals all = { 0, 0, 0 };
	struct strbuf body = STRBUF_INIT;
	for (uint32_t k = 0; k < in->nlinted; k++) {
		uint32_t fi = in->linted[k];
		if (done[fi])
			continue;
		done[fi] = 1;
		suite(&body, in, fi, idx + first[fi], first[fi + 1] - first[fi], rule_of, 1, seen, &all);
	}
	/* files that are not compose files of this run but have findings */
	for (uint32_t fi = 0; fi < nfiles; fi++) {
		if (done[fi] || first[fi + 1] == first[fi])
			continue;
		suite(&body, in, fi, idx + first[fi], first[fi + 1] - first[fi], rule_of, 0, seen, &all);
	}

	struct strbuf sb = STRBUF_INIT;
	/* the Jenkins schema allows no "skipped" on <testsuites> */
	strbuf_addf(&sb, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		    "<testsuites name=\"composelint\" tests=\"%zu\" failures=\"%zu\" errors=\"0\">\n",
		    all.tests, all.failures);
	strbuf_add(&sb, body.buf ? body.buf : "", body.len);
	strbuf_addstr(&sb, "</testsuites>\n");
	fwrite(sb.buf, 1, sb.len, out);
	strbuf_release(&sb);
	strbuf_release(&body);
	free(done);
	free(seen);
	free(idx);
	free(first);
	free(rule_of);
}
