/*
 * CL201 image-not-pinned: a tag can be moved to other content at any time;
 * only a digest names exactly what was reviewed.
 */
#include "rules/check.h"

void cl_check_image_not_pinned(struct cl_ctx *ctx, const struct cl_project *p)
{
	CL_FOR_EACH_SERVICE(p, s) {
		const char *img = cl_str(&s->image);
		if (!img || s->image_ref.interpolated)
			continue;   /* no image (build only), or known only after interpolation */
		const char *d = s->image_ref.digest;
		if (!d)
			cl_report(ctx, R_CL201, s, &s->image,
				  "image '%s' is not pinned to a sha256 digest", img);
		else if (!cl_digest_valid(d))
			cl_report(ctx, R_CL201, s, &s->image,
				  "image digest '%s' is not 'sha256:' followed by 64 hex digits", d);
	}
}
