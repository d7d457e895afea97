/* strmap.c — string-keyed hash map with linear probing. */
#include "strmap.h"

#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

uint64_t lp_strhash(const char *s, size_t len)
{
    return XXH3_64bits(s, len);
}

static size_t slot_of(const lp_strmap *map, const char *key)
{
    size_t mask = map->cap - 1;
    size_t slot = (size_t)lp_strhash(key, strlen(key)) & mask;
    while (map->keys[slot] && strcmp(map->keys[slot], key) != 0)
        slot = (slot + 1) & mask;
    return slot;
}

static int grow(lp_strmap *map)
{
    size_t cap = map->cap ? map->cap * 2 : 16;
    lp_strmap bigger = {calloc(cap, sizeof(char *)), calloc(cap, sizeof(void *)), cap, 0};
    if (!bigger.keys || !bigger.values) {
        free(bigger.keys);
        free(bigger.values);
        return -1;
    }
    for (size_t i = 0; i < map->cap; i++) {
        if (!map->keys[i])
            continue;
        size_t slot = slot_of(&bigger, map->keys[i]);
        bigger.keys[slot] = map->keys[i];
        bigger.values[slot] = map->values[i];
        bigger.count++;
    }
    free(map->keys);
    free(map->values);
    *map = bigger;
    return 0;
}

int lp_strmap_put(lp_strmap *map, const char *key, void *value)
{
    if ((map->count + 1) * 4 > map->cap * 3 && grow(map) != 0)
        return -1;
    size_t slot = slot_of(map, key);
    if (!map->keys[slot]) {
        map->keys[slot] = key;
        map->count++;
    }
    map->values[slot] = value;
    return 0;
}

void *lp_strmap_get(const lp_strmap *map, const char *key)
{
    if (!map->cap)
        return NULL;
    size_t slot = slot_of(map, key);
    return map->keys[slot] ? map->values[slot] : NULL;
}

void lp_strmap_free(lp_strmap *map)
{
    free(map->keys);
    free(map->values);
    map->keys = NULL;
    map->values = NULL;
    map->cap = map->count = 0;
}
