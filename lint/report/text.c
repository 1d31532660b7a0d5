/*
 * text.c - the terminal and editor format.
 *
 * The first line of each finding is the form editors, CI log parsers and
 * pre-commit understand (GNU "file:line:col: severity: message").  Below it
 * come the source line with the value underlined, where the value was
 * inherited from (note lines, in the same parseable form), a hint, and the
 * rule's page.
 */
#include "report/report.h"
#include "base/utf8.h"

#include <string.h>

#define C_RESET  "\033[0m"
#define C_BOLD   "\033[1m"
#define C_RED    "\033[1;31m"
#define C_YELLOW "\033[1;33m"
#define C_CYAN   "\033[1;36m"
#define C_GREEN  "\033[1;32m"
#define C_DIM    "\033[2m"

static const char *paint(const struct cl_report_opts *o, const char *code)
{
	return o->color ? code : "";
}

static const char *sev_color(enum cl_severity s)
{
	return s == CL_ERROR ? C_RED : s == CL_WARNING ? C_YELLOW : C_CYAN;
}

static void put_safe(FILE *out, const char *str, size_t n);

static void location(FILE *out, const struct cl_sources *files, const struct cl_span *at,
		     const struct cl_report_opts *o)
{
	/* a file name comes from a directory scan too: it may hold anything */
	fputs(paint(o, C_BOLD), out);
	put_safe(out, files->v[at->file].display, strlen(files->v[at->file].display));
	if (cl_span_valid(at))
		fprintf(out, ":%u:%u", at->start.line, at->start.col);
	fprintf(out, ":%s ", paint(o, C_RESET));
}

/* Write text with control characters and invalid UTF-8 made visible, so a
 * hostile file cannot drive the terminal or garble the report: C0 controls
 * as ^X, C1 controls as <U+009B>, bytes of invalid UTF-8 as \xNN. */
static void put_safe(FILE *out, const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = s[i];
		if (c >= 0x80) {
			uint32_t cp = 0;
			size_t l = utf8_decode(s + i, n - i, &cp);
			if (l && utf8_is_control(cp)) {
				/* C1: a terminal obeys it as it does ESC (U+009B is CSI) */
				fprintf(out, "<U+%04X>", (unsigned)cp);
				i += l - 1;
			} else if (l) {
				fwrite(s + i, 1, l, out);
				i += l - 1;
			} else {
				fprintf(out, "\\x%02X", c);
			}
		} else if (c == '\t' || (c >= 0x20 && c != 0x7f)) {
			fputc(c, out);
		} else {
			fprintf(out, "^%c", c == 0x7f ? '?' : c + '@');
		}
	}
}

/* The source line and a caret run under [start, end) of the span. */
static void excerpt(FILE *out, const struct cl_source *src, const struct cl_span *at,
		    const struct cl_report_opts *o)
{
	size_t len;
	const char *line = cl_source_line(src, at->start.line, &len);
	if (!line)
		return;
	size_t max = 200;  /* keep minified one-line files readable */
	size_t start = at->start.off >= (size_t)(line - src->text) ?
		       at->start.off - (size_t)(line - src->text) : 0;
	if (start > len)
		start = len;
	/* a span over several lines is underlined to the end of its first line */
	size_t end = at->end.line == at->start.line ? start + (at->end.off - at->start.off) : len;
	if (end > len)
		end = len;
	size_t from = 0;
	if (len > max && start > max / 2)
		from = start - max / 2;
	size_t to = len - from > max ? from + max : len;
	if (end > to)
		end = to;

	fprintf(out, "%s%5u |%s ", paint(o, C_DIM), at->start.line, paint(o, C_RESET));
	if (from)
		fputs("...", out);
	put_safe(out, line + from, to - from);
	if (to < len)
		fputs("...", out);
	fprintf(out, "\n%s      |%s ", paint(o, C_DIM), paint(o, C_RESET));
	if (from)
		fputs("   ", out);
	/* pad with spaces, but keep tabs so the caret lines up */
	for (size_t i = from; i < start; i++) {
		unsigned char c = (unsigned char)line[i];
		uint32_t cp = c;
		size_t l = c >= 0x80 ? utf8_decode((const unsigned char *)line + i, len - i, &cp) : 1;
		int c1 = c >= 0x80 && l && utf8_is_control(cp);
		if (c == '\t')
			fputc('\t', out);
		else if (c >= 0x80 && !l)
			fputs("    ", out);        /* shown as \xNN */
		else if (c1)
			fputs("        ", out);    /* shown as <U+0080> */
		else if ((c < 0x20 || c == 0x7f))
			fputs("  ", out);          /* shown as ^X */
		else
			fputc(' ', out);
		if (l > 1)
			i += l - 1;
	}
	size_t width = end > start ? utf8_columns((const unsigned char *)line + start, end - start) : 0;
	fputs(paint(o, C_GREEN), out);
	fputc('^', out);
	for (size_t i = 1; i < width; i++)
		fputc('~', out);
	fprintf(out, "%s\n", paint(o, C_RESET));
}

void cl_report_text(FILE *out, const struct cl_findings *f, const struct cl_sources *files,
		    const struct cl_report_opts *o)
{
	for (size_t i = 0; i < f->n; i++) {
		const struct cl_finding *x = &f->v[i];
		if (x->suppressed && !o->show_suppressed)
			continue;
		location(out, files, &x->at, o);
		fprintf(out, "%s%s:%s ", paint(o, sev_color(x->severity)),
			cl_severity_name(x->severity), paint(o, C_RESET));
		put_safe(out, x->message, strlen(x->message));
		/* a policy rule's id, name and url are the policy's text, which
		 * may hold control characters ("\n", raw bytes): made visible too */
		fputs(" [", out);
		put_safe(out, x->rule->id, strlen(x->rule->id));
		if (strcmp(x->rule->id, x->rule->name)) {  /* else a policy rule without a name */
			fputc(' ', out);
			put_safe(out, x->rule->name, strlen(x->rule->name));
		}
		fputc(']', out);
		/* the one-line form must still tell a suppressed finding apart */
		fputs(x->suppressed && o->quiet ? " (suppressed)\n" : "\n", out);
		if (o->quiet)
			continue;
		if (cl_span_valid(&x->at))
			excerpt(out, &files->v[x->at.file], &x->at, o);
		for (uint32_t r = 0; r < x->nrelated; r++) {
			const struct cl_related *rel = &x->related[r];
			location(out, files, &rel->at, o);
			fprintf(out, "%snote:%s ", paint(o, C_CYAN), paint(o, C_RESET));
			put_safe(out, rel->message, strlen(rel->message));
			fputc('\n', out);
			excerpt(out, &files->v[rel->at.file], &rel->at, o);
		}
		if (x->suppressed) {
			fprintf(out, "      = %ssuppressed:%s ", paint(o, C_BOLD), paint(o, C_RESET));
			if (x->suppress_reason)
				put_safe(out, x->suppress_reason, strlen(x->suppress_reason));
			else
				fputs("suppressed without a reason", out);
			fputc('\n', out);
		}
		if (x->rule->hint) {
			fprintf(out, "      = %shint:%s ", paint(o, C_BOLD), paint(o, C_RESET));
			put_safe(out, x->rule->hint, strlen(x->rule->hint));
			fputc('\n', out);
		}
		if (!x->rule->from_policy)
			fprintf(out, "      = %ssee:%s %s%s.md\n", paint(o, C_BOLD), paint(o, C_RESET),
				o->docs_url, x->rule->id);
		else if (x->rule->url) {
			fprintf(out, "      = %ssee:%s ", paint(o, C_BOLD), paint(o, C_RESET));
			put_safe(out, x->rule->url, strlen(x->rule->url));
			fputc('\n', out);
		}
	}
}

void cl_report_summary(FILE *out, const struct cl_findings *f, unsigned nfiles,
		       const struct cl_report_opts *o)
{
	size_t e = cl_findings_count(f, CL_ERROR), w = cl_findings_count(f, CL_WARNING),
	       n = cl_findings_count(f, CL_NOTE), s = cl_findings_suppressed(f);
	fprintf(out, "%s%u file%s linted: %zu error%s, %zu warning%s, %zu note%s",
		paint(o, C_BOLD), nfiles, nfiles == 1 ? "" : "s", e, e == 1 ? "" : "s", w,
		w == 1 ? "" : "s", n, n == 1 ? "" : "s");
	if (s)
		fprintf(out, ", %zu suppressed", s);
	fprintf(out, "%s\n", paint(o, C_RESET));
}

void cl_report_diagnostic(FILE *out, const struct cl_sources *files, const struct cl_span *at,
			  const char *message, const struct cl_report_opts *o)
{
	location(out, files, at, o);
	fprintf(out, "%serror:%s ", paint(o, C_RED), paint(o, C_RESET));
	put_safe(out, message, strlen(message));
	fputc('\n', out);
	if (cl_span_valid(at))
		excerpt(out, &files->v[at->file], at, o);
}

void cl_report_text_doc(FILE *out, const struct cl_report_input *in, const struct cl_report_opts *o)
{
	cl_report_text(out, in->findings, in->files, o);
	if (!o->quiet)
		cl_report_summary(out, in->findings, in->nlinted, o);
}
