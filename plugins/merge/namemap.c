/* namemap.c — the open-addressing string map of namemap.h (linear probing,
 * FNV-1a hashes, load factor at most 1/2). */
#include <string.h>

#include "namemap.h"

static uint64_t hash_bytes(const char *s, size_t len)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ull;
    }
    return h;
}

void sm_init(sm_map *map, locus_arena *arena)
{
    memset(map, 0, sizeof *map);
    map->arena = arena;
    map->gen = 1;
}

void sm_reset(sm_map *map)
{
    map->count = 0;
    if (++map->gen == 0) { /* wrapped: really clear the table once */
        if (map->cap)
            memset(map->slots, 0, map->cap * sizeof *map->slots);
        map->gen = 1;
    }
}

static sm_slot *find_slot(sm_slot *slots, size_t cap, uint32_t gen, const char *key, size_t len,
                          uint64_t h)
{
    size_t i = (size_t)h & (cap - 1);
    while (slots[i].gen == gen &&
           !(slots[i].hash == h && slots[i].len == len && memcmp(slots[i].key, key, len) == 0))
        i = (i + 1) & (cap - 1);
    return &slots[i];
}

/* Double the table (the old one stays in the arena; growth is geometric,
 * so the waste is bounded by the final size). */
static int grow(sm_map *map)
{
    size_t cap = map->cap ? map->cap * 2 : 8;
    sm_slot *slots = locus_arena_zalloc(map->arena, cap * sizeof *slots);
    if (!slots)
        return -1;
    for (size_t i = 0; i < map->cap; i++)
        if (map->slots[i].gen == map->gen)
            *find_slot(slots, cap, map->gen, map->slots[i].key, map->slots[i].len,
                       map->slots[i].hash) = map->slots[i];
    map->slots = slots;
    map->cap = cap;
    return 0;
}

static sm_slot *lookup_for_insert(sm_map *map, const char *key, size_t len, uint64_t h)
{
    if ((map->count + 1) * 2 > map->cap && grow(map) != 0)
        return NULL;
    return find_slot(map->slots, map->cap, map->gen, key, len, h);
}

int sm_put(sm_map *map, const char *key, size_t len, uint32_t value, uint32_t *existing)
{
    uint64_t h = hash_bytes(key, len);
    sm_slot *slot = lookup_for_insert(map, key, len, h);
    if (!slot)
        return -1;
    if (slot->gen == map->gen) {
        if (existing)
            *existing = slot->value;
        return 0;
    }
    *slot = (sm_slot){key, len, h, value, map->gen};
    map->count++;
    return 1;
}

int sm_set(sm_map *map, const char *key, size_t len, uint32_t value)
{
    uint64_t h = hash_bytes(key, len);
    sm_slot *slot = lookup_for_insert(map, key, len, h);
    if (!slot)
        return -1;
    if (slot->gen != map->gen)
        map->count++;
    *slot = (sm_slot){key, len, h, value, map->gen};
    return 0;
}

int sm_get(const sm_map *map, const char *key, size_t len, uint32_t *value)
{
    if (!map->cap || !key)
        return 0;
    const sm_slot *slot =
        find_slot(map->slots, map->cap, map->gen, key, len, hash_bytes(key, len));
    if (slot->gen != map->gen)
        return 0;
    if (value)
        *value = slot->value;
    return 1;
}

int sm_has(const sm_map *map, const char *key)
{
    return key && sm_get(map, key, strlen(key), NULL);
}
