/*
 * CL202 image-latest-tag: `latest` (written or implied) changes under the
 * stack without any edit to the compose file.  A digest pins the image
 * whatever the tag says, so digests are left to CL201.
 */
#include "rules/check.h"

#include <string.h>

void cl_check_image_latest_tag(struct cl_ctx *ctx, const struct cl_project *p)
{
	CL_FOR_EACH_SERVICE(p, s) {
		const char *img = cl_str(&s->image);
		const struct cl_image_ref *r = &s->image_ref;
		if (!img || r->interpolated || r->digest)
			continue;
		if (!r->tag)
			cl_report(ctx, R_CL202, s, &s->image,
				  "image '%s' has no tag, which means 'latest'", img);
		else if (!strcmp(r->tag, "latest"))
			cl_report(ctx, R_CL202, s, &s->image, "image '%s' uses the 'latest' tag", img);
	}
}
