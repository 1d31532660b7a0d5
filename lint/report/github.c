/*
 * github.c - GitHub Actions workflow commands, one line per finding:
 *   ::error file=F,line=L,col=C,endLine=L,endColumn=C,title=ID name::message
 * which the runner turns into annotations on the pull request.  Property
 * values and the message are escaped as the runner requires.
 */
#include "report/report.h"
#include "report/escape.h"

#include <string.h>

void cl_report_github(FILE *out, const struct cl_report_input *in, const struct cl_report_opts *o)
{
	(void)o;
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < in->findings->n; i++) {
		const struct cl_finding *f = &in->findings->v[i];
		if (f->suppressed)
			continue;
		strbuf_reset(&sb);
		strbuf_addstr(&sb, f->severity == CL_ERROR ? "::error " :
			      f->severity == CL_WARNING ? "::warning " : "::notice ");
		strbuf_addstr(&sb, "file=");
		esc_github_prop(&sb, in->files->v[f->at.file].display);
		if (cl_span_valid(&f->at)) {
			strbuf_addf(&sb, ",line=%u,col=%u,endLine=%u", f->at.start.line, f->at.start.col,
				    f->at.end.line);
			/* endColumn is only meaningful on a single line */
			if (f->at.end.line == f->at.start.line)
				strbuf_addf(&sb, ",endColumn=%u", f->at.end.col);
		}
		strbuf_addstr(&sb, ",title=");
		struct strbuf title = STRBUF_INIT;
		/* "ID name", or "ID" for a policy rule without a name, as in text */
		if (strcmp(f->rule->id, f->rule->name))
			strbuf_addf(&title, "%s %s", f->rule->id, f->rule->name);
		else
			strbuf_addstr(&title, f->rule->id);
		esc_github_prop(&sb, title.buf);
		strbuf_release(&title);
		strbuf_addstr(&sb, "::");
		esc_github_data(&sb, f->message);
		strbuf_addch(&sb, '\n');
		fwrite(sb.buf, 1, sb.len, out);
	}
	strbuf_release(&sb);
}
