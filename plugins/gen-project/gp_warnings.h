/* gp_warnings.h — generation warnings (outputs.md §12): collected from the
 * React generator's per-component items, ordered by component name, and
 * written as GENERATED_WARNINGS.txt and GENERATED_WARNINGS.json. */
#ifndef GP_WARNINGS_H
#define GP_WARNINGS_H

#include <stddef.h>

#include "locus/arena.h"

/* One item of the component_warnings port: key = component name, data =
 * that component's warnings, one per line (LF-separated). */
typedef struct gp_blob {
    const char *key;
    const char *data;
    size_t len;
} gp_blob;

typedef struct gp_warnings {
    const char **messages; /* in arena */
    size_t count;
} gp_warnings;

/* Order the items by component name (name collation, §0.2a; the array is
 * sorted in place) and list their lines in that order. Empty lines are
 * skipped. Returns 0 or -1 (out of memory). */
int gp_collect_warnings(gp_blob *items, size_t n, locus_arena *arena, gp_warnings *out);

/* `- «warning»` lines, each ending with LF. */
int gp_warnings_txt(locus_buf *out, const gp_warnings *w);
/* JSON2 of [{"kind", "message"}...] plus LF. */
int gp_warnings_json(locus_buf *out, const gp_warnings *w);
/* slot_children_auto_add, slot_named_auto_add or generic. */
const char *gp_warning_kind(const char *message);

#endif
