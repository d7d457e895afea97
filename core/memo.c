/* memo.c — the in-memory result table: open addressing on the key. */
#include "memo.h"

#include <stdlib.h>
#include <string.h>

#include "digest.h"

static size_t memo_slot(const lp_memo *memo, const locus_digest *key)
{
    size_t mask = memo->cap - 1;
    size_t slot = (size_t)lp_digest_u64(key) & mask;
    while (memo->entries[slot].occupied && !lp_digest_eq(&memo->entries[slot].key, key))
        slot = (slot + 1) & mask;
    return slot;
}

static int memo_grow(lp_memo *memo)
{
    size_t cap = memo->cap ? memo->cap * 2 : 1024;
    memo_entry *old = memo->entries;
    size_t old_cap = memo->cap;
    memo->entries = calloc(cap, sizeof *memo->entries);
    if (!memo->entries) {
        memo->entries = old;
        return -1;
    }
    memo->cap = cap;
    for (size_t i = 0; i < old_cap; i++)
        if (old[i].occupied)
            memo->entries[memo_slot(memo, &old[i].key)] = old[i];
    free(old);
    return 0;
}

int lp_memo_reserve(lp_memo *memo, size_t count)
{
    while (count * 4 > memo->cap * 3)
        if (memo_grow(memo) != 0)
            return -1;
    return 0;
}

memo_entry *lp_memo_find(lp_memo *memo, const locus_digest *key)
{
    if (!memo->cap)
        return NULL;
    memo_entry *entry = &memo->entries[memo_slot(memo, key)];
    if (!entry->occupied)
        return NULL;
    entry->used = 1;
    return entry;
}

int lp_memo_put(lp_memo *memo, const locus_digest *key, lp_result *result, void *data)
{
    if ((memo->count + 1) * 4 > memo->cap * 3 && memo_grow(memo) != 0)
        return -1;
    memo_entry *entry = &memo->entries[memo_slot(memo, key)];
    if (entry->occupied) {
        lp_result_free(&entry->result);
        free(entry->data);
    } else {
        entry->occupied = 1;
        entry->key = *key;
        memo->count++;
    }
    entry->result = *result;
    entry->data = data;
    entry->used = 1;
    memset(result, 0, sizeof *result);
    return 0;
}

void lp_memo_begin_build(lp_memo *memo)
{
    for (size_t i = 0; i < memo->cap; i++)
        memo->entries[i].used = 0;
}

void lp_memo_evict_unused(lp_memo *memo)
{
    size_t kept = 0;
    for (size_t i = 0; i < memo->cap; i++)
        kept += memo->entries[i].occupied && memo->entries[i].used;
    if (kept == memo->count)
        return;
    memo_entry *old = memo->entries;
    size_t old_cap = memo->cap;
    memo->entries = NULL;
    memo->cap = memo->count = 0;
    for (size_t i = 0; i < old_cap; i++) {
        memo_entry *e = &old[i];
        if (!e->occupied)
            continue;
        if (!e->used || lp_memo_put(memo, &e->key, &e->result, e->data) != 0) {
            lp_result_free(&e->result);
            free(e->data);
        }
    }
    free(old);
}

void lp_memo_free(lp_memo *memo)
{
    for (size_t i = 0; i < memo->cap; i++) {
        if (!memo->entries[i].occupied)
            continue;
        lp_result_free(&memo->entries[i].result);
        free(memo->entries[i].data);
    }
    free(memo->entries);
    memo->entries = NULL;
    memo->cap = memo->count = 0;
}
