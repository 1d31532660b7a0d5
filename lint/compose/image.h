/*
 * image.h - container image references: [registry/]path[:tag][@digest].
 *
 * The grammar is the distribution reference grammar docker uses; a
 * reference the grammar rejects is still split as far as it goes, with
 * .valid = 0, so rules can say what is wrong instead of going silent.
 */
#ifndef CL_COMPOSE_IMAGE_H
#define CL_COMPOSE_IMAGE_H

#include <stddef.h>

struct arena;

struct cl_image_ref {
	int valid;
	const char *registry;    /* "docker.io" when the reference names none */
	const char *path;        /* "library/nginx", "mailu/postfix" */
	const char *name;        /* last path component: "nginx", "postfix" */
	const char *tag;         /* NULL when absent */
	const char *digest;      /* "sha256:<hex>", NULL when absent */
	int interpolated;        /* contains ${...}: only known after interpolation */
};

/* cl_image_parse() - split text into its parts, strings in arena a. */
void cl_image_parse(struct arena *a, const char *text, struct cl_image_ref *out);

/* cl_digest_valid() - "sha256:" followed by exactly 64 lowercase hex digits. */
int cl_digest_valid(const char *digest);

#endif
