/* volumes.c - the short volume syntax of compose (see volumes.h). */
#include "compose/volumes.h"
#include "base/arena.h"

#include <string.h>

/* C:\data or C:/data */
static int is_drive(const char *s)
{
	return ((s[0] >= 'A' && s[0] <= 'Z') || (s[0] >= 'a' && s[0] <= 'z')) && s[1] == ':' &&
	       (s[2] == '\\' || s[2] == '/');
}

static int is_path(const char *s)
{
	return s[0] == '/' || s[0] == '.' || s[0] == '~' || s[0] == '$' || is_drive(s);
}

int cl_mount_source_is_path(const char *s)
{
	return is_path(s);
}

/* indexed by enum cl_mount_type */
static const char *const type_names[] = { "volume", "bind", "tmpfs", "npipe", "cluster", "image",
					  "unknown" };

const char *cl_mount_type_name(enum cl_mount_type t)
{
	return type_names[t];
}

static int has_mode(const char *mode, const char *want)
{
	size_t wl = strlen(want);
	for (const char *p = mode; *p;) {
		size_t l = strcspn(p, ",");
		if (l == wl && !memcmp(p, want, l))
			return 1;
		p += l;
		if (*p)
			p++;
	}
	return 0;
}

int cl_parse_mount(struct arena *a, const char *text, struct cl_mount *out)
{
	if (!*text)
		return -1;
	out->source = NULL;
	out->read_only = 0;
	/* a Windows drive letter's colon is not a separator */
	const char *p = text;
	if (is_drive(text))
		p = text + 2;
	const char *c1 = strchr(p, ':');
	if (!c1) {
		out->type = CL_MOUNT_VOLUME;
		out->target = text;
		return 0;
	}
	out->source = arena_strndup(a, text, (size_t)(c1 - text));
	const char *t = c1 + 1;
	const char *tp = t;
	if (is_drive(t))
		tp = t + 2;
	const char *c2 = strchr(tp, ':');
	if (c2) {
		out->target = arena_strndup(a, t, (size_t)(c2 - t));
		out->read_only = has_mode(c2 + 1, "ro");
	} else {
		out->target = t;
	}
	out->type = is_path(out->source) ? CL_MOUNT_BIND : CL_MOUNT_VOLUME;
	return *out->source && *out->target ? 0 : -1;
}
