/* emit.h — how a Locus generator hands over one generated file.
 *
 * The build manifest (outputs.md §13) hashes each file's text as it was
 * *before* stabilisation, while the file on disk is stabilised. So every
 * generator publishes the pre-stabilisation text on its manifest port
 * (key = the output path) and writes the (stabilised) file.
 */
#ifndef GEN_EMIT_H
#define GEN_EMIT_H

#include <stddef.h>

#include "locus/locus.h"

enum {
    GEN_STABILIZE = 1u << 0,   /* apply outputs.md §0.6 to the written file */
    GEN_NO_MANIFEST = 1u << 1, /* not part of BUILD_MANIFEST.json */
    GEN_IF_MISSING = 1u << 2   /* write only if absent (package.json, ...) */
};

/* Write path with text, and (unless GEN_NO_MANIFEST) emit text on
 * manifest_port under the key path. Returns 0 or -1 (the task fails). */
int gen_emit_file(locus_task *task, const char *manifest_port, const char *path,
                  const char *text, size_t len, unsigned flags);

#endif
