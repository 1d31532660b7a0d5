/*
 * json.c - the JSON format, schema version 1 (docs/output-formats.md).
 *
 * One document per run, keys in a fixed order and no timestamps, so the
 * output of the same input is byte-identical and diffs cleanly.
 */
#include "report/report.h"
#include "base/arena.h"
#include "report/escape.h"

#include <stdlib.h>

static void str(struct strbuf *sb, const char *s)
{
	if (!s) {
		strbuf_addstr(sb, "null");
		return;
	}
	strbuf_addch(sb, '"');
	esc_json(sb, s);
	strbuf_addch(sb, '"');
}

static void span(struct strbuf *sb, const struct cl_report_input *in, const struct cl_span *at)
{
	strbuf_addstr(sb, "\"file\": ");
	str(sb, in->files->v[at->file].display);
	if (!cl_span_valid(at)) {
		strbuf_addstr(sb, ", \"start\": null, \"end\": null");
		return;
	}
	strbuf_addf(sb, ", \"start\": {\"line\": %u, \"column\": %u}, \"end\": {\"line\": %u, \"column\": %u}",
		    at->start.line, at->start.col, at->end.line, at->end.col);
}

void cl_report_json(FILE *out, const struct cl_report_input *in, const struct cl_report_opts *o)
{
	(void)o;
	const struct cl_findings *fs = in->findings;
	char (*fp)[17] = xmalloc((fs->n ? fs->n : 1) * sizeof *fp);
	cl_fingerprints(in, fp);
	struct strbuf sb = STRBUF_INIT;
	strbuf_addstr(&sb, "{\n  \"version\": 1,\n  \"tool\": {\"name\": \"composelint\", \"version\": ");
	str(&sb, in->version);
	strbuf_addstr(&sb, "},\n  \"complete\": ");
	strbuf_addstr(&sb, in->complete ? "true" : "false");
	strbuf_addstr(&sb, ",\n  \"files\": [");
	for (uint32_t i = 0; i < in->nlinted; i++) {
		strbuf_addstr(&sb, i ? ", " : "");
		str(&sb, in->files->v[in->linted[i]].display);
	}
	strbuf_addf(&sb, "],\n  \"summary\": {\"files\": %u, \"errors\": %zu, \"warnings\": %zu, "
		    "\"notes\": %zu, \"suppressed\": %zu},\n  \"findings\": [",
		    in->nlinted, cl_findings_count(fs, CL_ERROR), cl_findings_count(fs, CL_WARNING),
		    cl_findings_count(fs, CL_NOTE), cl_findings_suppressed(fs));
	for (size_t i = 0; i < fs->n; i++) {
		const struct cl_finding *f = &fs->v[i];
		strbuf_addstr(&sb, i ? ",\n    {" : "\n    {");
		strbuf_addstr(&sb, "\"rule\": ");
		str(&sb, f->rule->id);
		strbuf_addstr(&sb, ", \"name\": ");
		str(&sb, f->rule->name);
		strbuf_addstr(&sb, ", \"severity\": ");
		str(&sb, cl_severity_name(f->severity));
		strbuf_addstr(&sb, ", \"message\": ");
		str(&sb, f->message);
		strbuf_addstr(&sb, ",\n     ");
		span(&sb, in, &f->at);
		strbuf_addstr(&sb, ",\n     \"scope\": ");
		str(&sb, f->service ? (f->scope ? f->scope : "service") : NULL);
		strbuf_addstr(&sb, ", \"object\": ");
		str(&sb, f->service);
		strbuf_addstr(&sb, ", \"related\": [");
		for (uint32_t r = 0; r < f->nrelated; r++) {
			strbuf_addstr(&sb, r ? ", {" : "{");
			span(&sb, in, &f->related[r].at);
			strbuf_addstr(&sb, ", \"message\": ");
			str(&sb, f->related[r].message);
			strbuf_addch(&sb, '}');
		}
		strbuf_addstr(&sb, "],\n     \"suppression\": ");
		if (!f->suppressed) {
			strbuf_addstr(&sb, "null");
		} else {
			strbuf_addstr(&sb, "{\"kind\": ");
			str(&sb, f->suppressed == CL_SUPP_INLINE ? "inline" : "policy");
			strbuf_addstr(&sb, ", \"reason\": ");
			str(&sb, f->suppress_reason);
			strbuf_addstr(&sb, ", ");
			span(&sb, in, &f->suppress_at);
			strbuf_addch(&sb, '}');
		}
		strbuf_addstr(&sb, ", \"fingerprint\": ");
		str(&sb, fp[i]);
		strbuf_addch(&sb, '}');
	}
	strbuf_addstr(&sb, fs->n ? "\n  ]\n}\n" : "]\n}\n");
	fwrite(sb.buf, 1, sb.len, out);
	strbuf_release(&sb);
	free(fp);
}
