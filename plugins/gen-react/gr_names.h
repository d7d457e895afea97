/* gr_names.h — an ordered set of names (first-insertion order, no
 * duplicates) in arena memory: tags a UI uses, names its expressions
 * read, slot references. Sets are small (one UI block), so lookups are
 * linear. */
#ifndef GR_NAMES_H
#define GR_NAMES_H

#include <stddef.h>

#include "gr_text.h"
#include "locus/arena.h"

typedef struct gr_names {
    gr_str *items;
    size_t count, cap;
    locus_arena *arena;
    int failed; /* out of memory: the set is incomplete */
} gr_names;

void gr_names_init(gr_names *set, locus_arena *arena);
/* Add name unless present. The bytes are not copied. */
void gr_names_add(gr_names *set, gr_str name);
int gr_names_has(const gr_names *set, gr_str name);

#endif
