/*
 * checkstyle.c - Checkstyle XML, which many CI dashboards and editors read:
 * one <file> per linted file with an <error> per unsuppressed finding.
 */
#include "report/report.h"
#include "base/arena.h"
#include "report/escape.h"

#include <stdlib.h>

static void attr(struct strbuf *sb, const char *name, const char *value)
{
	strbuf_addf(sb, " %s=\"", name);
	esc_xml(sb, value);
	strbuf_addch(sb, '"');
}

void cl_report_checkstyle(FILE *out, const struct cl_report_input *in, const struct cl_report_opts *o)
{
	(void)o;
	struct strbuf sb = STRBUF_INIT;
	strbuf_addstr(&sb, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<checkstyle version=\"4.3\">\n");
	/* the compose files first, in lint order; then files only findings name
	 * (a policy with an expired exception) */
	unsigned char *done = xcalloc(in->files->n ? in->files->n : 1, 1);
	for (uint32_t pass = 0; pass < 2; pass++) {
		uint32_t n = pass ? in->files->n : in->nlinted;
		for (uint32_t k = 0; k < n; k++) {
			uint32_t fi = pass ? k : in->linted[k];
			if (done[fi])
				continue;
			int any = 0;
			for (size_t i = 0; i < in->findings->n && !any; i++)
				any = in->findings->v[i].at.file == fi && !in->findings->v[i].suppressed;
			if (pass && !any)
				continue;
			done[fi] = 1;
			strbuf_addstr(&sb, "  <file");
			attr(&sb, "name", in->files->v[fi].display);
			strbuf_addstr(&sb, ">\n");
			for (size_t i = 0; i < in->findings->n; i++) {
				const struct cl_finding *f = &in->findings->v[i];
				if (f->at.file != fi || f->suppressed)
					continue;
				strbuf_addstr(&sb, "    <error");
				if (cl_span_valid(&f->at))
					strbuf_addf(&sb, " line=\"%u\" column=\"%u\"", f->at.start.line,
						    f->at.start.col);
				attr(&sb, "severity", f->severity == CL_ERROR ? "error" :
					 f->severity == CL_WARNING ? "warning" : "info");
				attr(&sb, "message", f->message);
				struct strbuf src = STRBUF_INIT;
				strbuf_addf(&src, "composelint.%s", f->rule->id);
				attr(&sb, "source", src.buf);
				strbuf_release(&src);
				strbuf_addstr(&sb, "/>\n");
			}
			strbuf_addstr(&sb, "  </file>\n");
		}
	}
	free(done);
	strbuf_addstr(&sb, "</checkstyle>\n");
	fwrite(sb.buf, 1, sb.len, out);
	strbuf_release(&sb);
}
