/*
 * codeclimate.c - the Code Climate issue list GitLab shows as "code
 * quality": a JSON array of issues, each with a fingerprint so GitLab can
 * tell new problems from old ones between pipelines.
 */
#include "report/report.h"
#include "base/arena.h"
#include "report/escape.h"

#include <stdlib.h>
#include <string.h>

void cl_report_codeclimate(FILE *out, const struct cl_report_input *in, const struct cl_report_opts *o)
{
	(void)o;
	const struct cl_findings *fs = in->findings;
	char (*fp)[17] = xmalloc((fs->n ? fs->n : 1) * sizeof *fp);
	cl_fingerprints(in, fp);
	struct strbuf sb = STRBUF_INIT;
	strbuf_addch(&sb, '[');
	int first = 1;
	for (size_t i = 0; i < fs->n; i++) {
		const struct cl_finding *f = &fs->v[i];
		if (f->suppressed)
			continue;
		strbuf_addstr(&sb, first ? "\n  {" : ",\n  {");
		first = 0;
		strbuf_addstr(&sb, "\"type\": \"issue\", \"check_name\": \"");
		esc_json(&sb, f->rule->id);
		strbuf_addstr(&sb, "\", \"description\": \"");
		esc_json(&sb, f->message);
		strbuf_addf(&sb, "\", \"categories\": [\"%s\"], \"severity\": \"%s\", \"fingerprint\": \"%s\", "
			    "\"location\": {\"path\": \"",
			    f->rule->kind == CL_RULE_INPUT ? "Bug Risk" : "Security",
			    f->severity == CL_ERROR ? "major" : f->severity == CL_WARNING ? "minor" : "info",
			    fp[i]);
		esc_json(&sb, in->files->v[f->at.file].display);
		if (cl_span_valid(&f->at))
			strbuf_addf(&sb, "\", \"positions\": {\"begin\": {\"line\": %u, \"column\": %u}, "
				    "\"end\": {\"line\": %u, \"column\": %u}}}}", f->at.start.line,
				    f->at.start.col, f->at.end.line, f->at.end.col);
		else
			strbuf_addstr(&sb, "\", \"lines\": {\"begin\": 1}}}");
	}
	strbuf_addstr(&sb, first ? "]\n" : "\n]\n");
	fwrite(sb.buf, 1, sb.len, out);
	strbuf_release(&sb);
	free(fp);
}
