/*
 * format.c - the output formats by name, and finding fingerprints shared by
 * the machine formats.
 */
#include "report/report.h"

#include "base/arena.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
	const char *name;
	cl_reporter_fn *fn;
} formats[CL_FMT_COUNT] = {
	[CL_FMT_TEXT] = { "text", cl_report_text_doc },
	[CL_FMT_JSON] = { "json", cl_report_json },
	[CL_FMT_SARIF] = { "sarif", cl_report_sarif },
	[CL_FMT_JUNIT] = { "junit", cl_report_junit },
	[CL_FMT_GITHUB] = { "github", cl_report_github },
	[CL_FMT_CHECKSTYLE] = { "checkstyle", cl_report_checkstyle },
	[CL_FMT_CODECLIMATE] = { "codeclimate", cl_report_codeclimate },
};

int cl_format_parse(const char *name)
{
	for (int i = 0; i < CL_FMT_COUNT; i++)
		if (!strcmp(formats[i].name, name))
			return i;
	return -1;
}

const char *cl_format_name(enum cl_format f)
{
	return formats[f].name;
}

cl_reporter_fn *cl_reporter(enum cl_format f)
{
	return formats[f].fn;
}

static uint64_t fnv(uint64_t h, const char *s)
{
	for (; s && *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return (h ^ 0xFF) * 1099511628211ull;  /* field separator */
}

static uint64_t finding_hash(const struct cl_report_input *in, const struct cl_finding *f)
{
	uint64_t h = 1469598103934665603ull;
	h = fnv(h, f->rule->id);
	h = fnv(h, in->files->v[f->at.file].display);
	h = fnv(h, f->scope);
	h = fnv(h, f->service);
	return fnv(h, f->message);
}

struct fp {
	uint64_t h;
	uint32_t file;
	size_t i;
};

static int fp_cmp(const void *pa, const void *pb)
{
	const struct fp *a = pa, *b = pb;
	if (a->file != b->file)
		return a->file < b->file ? -1 : 1;
	if (a->h != b->h)
		return a->h < b->h ? -1 : 1;
	return (a->i > b->i) - (a->i < b->i);
}

void cl_fingerprints(const struct cl_report_input *in, char (*out)[17])
{
	const struct cl_findings *fs = in->findings;
	struct fp *v = xmalloc((fs->n ? fs->n : 1) * sizeof *v);
	for (size_t i = 0; i < fs->n; i++) {
		v[i].h = finding_hash(in, &fs->v[i]);
		v[i].file = fs->v[i].at.file;
		v[i].i = i;
	}
	/* identical findings of a file are told apart by their order */
	qsort(v, fs->n, sizeof *v, fp_cmp);
	unsigned occurrence = 0;
	for (size_t k = 0; k < fs->n; k++) {
		occurrence = k && v[k].h == v[k - 1].h && v[k].file == v[k - 1].file ? occurrence + 1 : 0;
		uint64_t h = (v[k].h ^ occurrence) * 1099511628211ull;
		snprintf(out[v[k].i], 17, "%016llx", (unsigned long long)h);
	}
	free(v);
}
