/* gr_names.c — an ordered set of names (gr_names.h). */
#include "gr_names.h"

#include <string.h>

void gr_names_init(gr_names *set, locus_arena *arena)
{
    memset(set, 0, sizeof *set);
    set->arena = arena;
}

int gr_names_has(const gr_names *set, gr_str name)
{
    for (size_t i = 0; i < set->count; i++)
        if (gr_str_same(set->items[i], name))
            return 1;
    return 0;
}

void gr_names_add(gr_names *set, gr_str name)
{
    if (set->failed || gr_names_has(set, name))
        return;
    if (set->count == set->cap) {
        size_t cap = set->cap ? set->cap * 2 : 8;
        gr_str *grown = locus_arena_alloc(set->arena, cap * sizeof *grown);
        if (!grown) {
            set->failed = 1;
            return;
        }
        if (set->count)
            memcpy(grown, set->items, set->count * sizeof *grown);
        set->items = grown;
        set->cap = cap;
    }
    set->items[set->count++] = name;
}
