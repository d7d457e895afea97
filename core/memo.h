/* memo.h — task results held in memory, keyed by task key.
 *
 * Two users: watch mode keeps every result (with its bytes) between
 * builds in its session; and every build loads the previous build's task
 * log (results without bytes, see tasklog.h), so that an unchanged task
 * costs one hash lookup instead of a database query.
 */
#ifndef LP_MEMO_H
#define LP_MEMO_H

#include <stddef.h>

#include "locus/artifact.h"
#include "result.h"

typedef struct memo_entry {
    locus_digest key;
    lp_result result; /* owned */
    void *data;       /* owned; NULL if not in memory (then it is in the cache) */
    int used;         /* looked up or stored by the current build */
    int occupied;
} memo_entry;

typedef struct lp_memo {
    memo_entry *entries;
    size_t cap, count;
} lp_memo;

memo_entry *lp_memo_find(lp_memo *memo, const locus_digest *key);
/* Store a result (taking result and data). */
int lp_memo_put(lp_memo *memo, const locus_digest *key, lp_result *result, void *data);
/* Room for count entries without rehashing (the task log knows its size). */
int lp_memo_reserve(lp_memo *memo, size_t count);
void lp_memo_begin_build(lp_memo *memo);
/* Drop results the last build did not use, to bound memory. */
void lp_memo_evict_unused(lp_memo *memo);
void lp_memo_free(lp_memo *memo);

#endif
