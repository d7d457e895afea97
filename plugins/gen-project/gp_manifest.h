/* gp_manifest.h — BUILD_MANIFEST.json (outputs.md §13): every file the
 * generators publish on their manifest ports, listed in code-unit order,
 * and the SHA-256 over `path LF text LF` of each in that order, where text
 * is the file's pre-stabilisation text (v1 for workflows: O-02 MATCH). */
#ifndef GP_MANIFEST_H
#define GP_MANIFEST_H

#include <stddef.h>

#include "locus/arena.h"

typedef struct gp_file {
    const char *path;
    const void *data;
    size_t len;
} gp_file;

/* Sort files by path (in place) and append the manifest's text (JSON2 plus
 * LF). Returns 0; 1 when a path occurs twice (*dup names it; nothing is
 * written); -1 when memory ran out. */
int gp_manifest(gp_file *files, size_t n, locus_buf *out, const char **dup);

#endif
