/* strmap.h — an open-addressing hash map from strings to pointers.
 *
 * Keys are borrowed, not copied: they must outlive the map (they usually
 * live in an arena or in the structure the value points to).
 */
#ifndef LP_STRMAP_H
#define LP_STRMAP_H

#include <stddef.h>
#include <stdint.h>

typedef struct lp_strmap {
    const char **keys;
    void **values;
    size_t cap;   /* power of two, or 0 */
    size_t count;
} lp_strmap;

#define LP_STRMAP_INIT {NULL, NULL, 0, 0}

uint64_t lp_strhash(const char *s, size_t len);
/* Insert or replace. Returns 0, or -1 when memory ran out. */
int lp_strmap_put(lp_strmap *map, const char *key, void *value);
/* The value, or NULL. */
void *lp_strmap_get(const lp_strmap *map, const char *key);
void lp_strmap_free(lp_strmap *map);

#endif
