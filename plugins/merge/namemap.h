/* namemap.h — a small open-addressing hash map from byte strings to
 * 32-bit values, allocated in an arena. Used by the merge and validate
 * stages for every name lookup (duplicate definitions, known entities,
 * actions, bindings …), so that 10,000-file projects stay linear.
 *
 * Keys are not copied: they must outlive the map (they point into AST
 * blobs or the same arena). Nothing is ever removed.
 */
#ifndef LM_NAMEMAP_H
#define LM_NAMEMAP_H

#include <stddef.h>
#include <stdint.h>

#include "locus/arena.h"

typedef struct sm_slot {
    const char *key;
    size_t len;
    uint64_t hash;
    uint32_t value;
    uint32_t gen; /* the slot is in use when gen equals the map's */
} sm_slot;

typedef struct sm_map {
    locus_arena *arena;
    sm_slot *slots;
    size_t cap;   /* a power of two, or 0 before the first insert */
    size_t count;
    uint32_t gen; /* >= 1; bumped by sm_reset */
} sm_map;

/* An empty map whose memory comes from arena. */
void sm_init(sm_map *map, locus_arena *arena);
/* Empty the map in O(1), keeping its table: a map reused for every entity
 * of a project costs one table, not one per entity. */
void sm_reset(sm_map *map);

/* Insert key -> value unless key is present. Returns 1 when inserted, 0
 * when the key was already there (*existing, if not NULL, gets its value,
 * which is left unchanged), -1 when memory ran out. */
int sm_put(sm_map *map, const char *key, size_t len, uint32_t value, uint32_t *existing);

/* Set key -> value, inserting or overwriting. Returns 0, or -1 on memory failure. */
int sm_set(sm_map *map, const char *key, size_t len, uint32_t value);

/* 1 and *value set when key is present, else 0. value may be NULL. */
int sm_get(const sm_map *map, const char *key, size_t len, uint32_t *value);

/* Shorthand for NUL-terminated keys. */
int sm_has(const sm_map *map, const char *key);

#endif
