/*
 * volumes.h - the short volume syntax of compose: [SOURCE:]TARGET[:MODE].
 *
 * A source that is a path (starts with '/', '.', '~', '$', or a drive
 * letter) is a bind mount; otherwise it names a volume.  One part alone is
 * an anonymous volume at TARGET.  MODE is a comma list (ro, rw, z, Z,
 * nocopy, ...).  Normalization (value.h) expands it into the long syntax.
 */
#ifndef CL_COMPOSE_VOLUMES_H
#define CL_COMPOSE_VOLUMES_H

struct arena;

enum cl_mount_type {
	CL_MOUNT_VOLUME, CL_MOUNT_BIND, CL_MOUNT_TMPFS, CL_MOUNT_NPIPE,
	CL_MOUNT_CLUSTER, CL_MOUNT_IMAGE, CL_MOUNT_UNKNOWN
};

struct cl_mount {
	enum cl_mount_type type;
	const char *source;        /* NULL for anonymous volumes */
	const char *target;
	int read_only;
};

/* cl_parse_mount() - a short-syntax mount; 0, or -1 when text is not one.
 * Strings are in arena a or point into text. */
int cl_parse_mount(struct arena *a, const char *text, struct cl_mount *out);

/* cl_mount_source_is_path() - a source that is a host path (bind) rather
 * than a volume name. */
int cl_mount_source_is_path(const char *source);

/* cl_mount_type_name() - "volume", "bind", ...; "unknown" for CL_MOUNT_UNKNOWN. */
const char *cl_mount_type_name(enum cl_mount_type t);

#endif
