/* manifest.h — the output manifest's insides, shared by manifest.c (the
 * table and its binary encoding) and outwriter.c (the writer that fills it).
 *
 * Not part of any public interface: these names carry no lp_ prefix so the
 * library's export list (^(locus_|lp_)) keeps them private to liblocus.
 */
#ifndef LP_MANIFEST_H
#define LP_MANIFEST_H

#include <stddef.h>
#include <stdint.h>

#include "outwriter.h"

/* What the writer has done with a path in the build under way. Only the
 * writer's own table uses PENDING and FAILED; a manifest handed to a caller
 * holds DONE entries only. Never encoded. */
enum manifest_state { MANIFEST_DONE = 0, MANIFEST_PENDING, MANIFEST_FAILED };

typedef struct manifest_entry {
    const char *path;    /* NUL-terminated, owned by the manifest's arena */
    uint64_t hash;       /* manifest_hash(path), kept to make rehashing cheap */
    locus_digest digest;
    /* The file as the writer left it; all zero means "unknown, not ours". */
    uint64_t size;
    int64_t mtime_ns;
    uint64_t inode;
    uint32_t path_len;
    uint8_t flags;       /* LOCUS_OUT_* */
    uint8_t state;       /* enum manifest_state */
} manifest_entry;

struct lp_manifest {
    manifest_entry *entries; /* insertion order; reallocated as it grows */
    size_t count;
    size_t cap;
    uint32_t *slots;         /* open addressing: entry index + 1, 0 = empty */
    size_t slot_mask;        /* slot count - 1 (a power of two, >= 2 * count) */
    locus_arena *paths;
};

uint64_t manifest_hash(const char *path, size_t len);
/* The entry for path, or NULL. manifest may be NULL (an empty manifest). */
manifest_entry *manifest_find(const lp_manifest *manifest, const char *path, size_t len,
                              uint64_t hash);
manifest_entry *manifest_get(const lp_manifest *manifest, const char *path);
/* Append a zeroed entry for a path that is not listed yet (the caller has
 * checked); the path is copied. The pointer is valid until the next add.
 * NULL if memory ran out. */
manifest_entry *manifest_add(lp_manifest *manifest, const char *path, size_t len,
                             uint64_t hash);
/* Append a copy of an entry of another manifest, as DONE. */
int manifest_add_copy(lp_manifest *manifest, const manifest_entry *source);

#endif
