/*
 * outputs.h - the files reports go to, checked before anything is written.
 *
 * A report must never replace what composelint reads: a typo such as
 * `-o compose.yml` (for `-f`) would otherwise put a JSON report where the
 * compose file was.  "The same file" means the same inode when both exist
 * (whatever the spelling: ./a, a symbolic link to it), else the same path
 * once its directory is resolved.
 */
#ifndef CL_CLI_OUTPUTS_H
#define CL_CLI_OUTPUTS_H

#include "base/source.h"
#include "cli/options.h"

/*
 * outputs_distinct() - 0, or a usage error (printed; CL_EXIT_ERROR) when
 * two reports name the same file, or a report's file is standard output
 * while another format writes there too.
 */
int outputs_distinct(const struct options *o);

/*
 * output_clobbers_input() - the path of the file of the run (a compose
 * file, an override, include or extends file, an env file, a policy) that
 * writing to `path` would replace, or NULL.  Only a regular file (or a
 * path that does not exist yet) can be replaced: writing to a device or a
 * FIFO that is also read destroys nothing.
 */
const char *output_clobbers_input(const char *path, const struct cl_sources *files);

/* output_replaces() - writing a report to `path` would replace the input
 * file `in` (not standard input, "-"). */
int output_replaces(const char *path, const char *in);

/*
 * std_streams_open() - make sure descriptors 0, 1 and 2 are open before
 * any file is: a closed one is given /dev/null opened the wrong way round
 * (read-only for stdout and stderr), so writes to it fail and are reported
 * instead of landing in whatever file would have taken its number.
 */
void std_streams_open(void);

/*
 * std_streams_close() - flush and close stdout; a write that failed (a full
 * disk, a closed descriptor, a pipe whose reader left while SIGPIPE is
 * ignored) is reported on stderr and turns rc into CL_EXIT_ERROR.
 */
int std_streams_close(int rc);

#endif
