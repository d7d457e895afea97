/* tasklog.h — the last build's task results, without their bytes, kept as
 * one state blob per pipeline in the cache.
 *
 * A build loads it into a memo first, so that each unchanged task is found
 * with a hash lookup instead of its own database query (a 10,000-file
 * project has ~50,000 tasks). Results whose meta is large (a validator
 * with thousands of warnings) stay out of the log: one query each is
 * cheap next to rewriting them into every log. The bytes of every result
 * stay in the cache's task rows, loaded only when a task that runs needs
 * them.
 */
#ifndef LP_TASKLOG_H
#define LP_TASKLOG_H

#include "cache.h"
#include "error.h"
#include "memo.h"

/* Metas larger than this are not logged. */
#define LP_TASKLOG_MAX_META (64u * 1024u)

/* Loading the log called name, in two halves, so that the decoding (the
 * larger half) can run on another thread while the build scans its
 * sources. fetch: 1 and the stored bytes in *blob, 0 when there is no log,
 * -1 on a cache error. decode: fills memo (empty if the log is unreadable)
 * and *digest, which identifies its bytes (zero if unreadable), from blob,
 * which it frees; it touches nothing else, so it may run on any thread. */
int lp_tasklog_fetch(lp_cache *cache, const char *name, locus_buf *blob, lp_error *err);
void lp_tasklog_decode(locus_buf *blob, lp_memo *memo, locus_digest *digest);

typedef struct lp_tasklog_writer {
    locus_buf blob;
    uint32_t count;
} lp_tasklog_writer;

void lp_tasklog_begin(lp_tasklog_writer *writer);
int lp_tasklog_add(lp_tasklog_writer *writer, const locus_digest *key, const void *meta,
                   size_t meta_len);
/* Store the log unless its bytes equal previous (the digest from load). */
int lp_tasklog_finish(lp_tasklog_writer *writer, lp_cache *cache, const char *name,
                      const locus_digest *previous, lp_error *err);

#endif
