/* cache.h — the persistent task-result cache (SQLite, WAL, zstd values).
 *
 * One database file, DIR/cache.db, holds:
 *   - task results: key (16-byte digest) -> meta (small, stored raw) and
 *     data (large, zstd-compressed), with the data's digest and size, and
 *     an access time for LRU eviction;
 *   - named state blobs (per-project bookkeeping: source stat cache, the
 *     output manifest), stored zstd-compressed with their digest.
 *
 * Reads verify what they return: meta carries a checksum, data is
 * decompressed and its XXH3-128 compared with the stored digest. A corrupt
 * or truncated row is reported as a miss and deleted, never returned.
 *
 * Writes are queued and committed in batches (one transaction per batch,
 * synchronous=NORMAL), because one commit per task would cost tens of
 * seconds at 10,000 tasks. lp_cache_flush commits what is queued.
 *
 * Thread safety: every function may be called from any thread; each thread
 * gets its own read connection, writes go through one connection under a
 * mutex. Two processes may use the same directory at once (WAL +
 * busy timeout); both see a consistent database.
 */
#ifndef LP_CACHE_H
#define LP_CACHE_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "locus/arena.h"
#include "locus/artifact.h"

typedef struct lp_cache lp_cache;

typedef struct lp_cache_stats {
    uint64_t entries;     /* task result rows */
    uint64_t bytes;       /* stored bytes of task rows (meta + compressed data) */
    uint64_t raw_bytes;   /* uncompressed bytes of those rows */
    uint64_t state_rows;  /* named state blobs */
    uint64_t limit;       /* size bound in bytes; 0 = unbounded */
    uint64_t file_bytes;  /* size of the database files on disk (db + wal) */
} lp_cache_stats;

/* Open (creating the directory and database as needed). size_limit 0 means
 * unbounded. */
int lp_cache_open(const char *dir, uint64_t size_limit, lp_cache **out, lp_error *err);
/* Flush pending writes, evict down to the limit if anything was written,
 * close. NULL is a no-op. Returns -1 if the final flush failed. */
int lp_cache_close(lp_cache *cache, lp_error *err);

/* Task results. Returns 1 on hit (meta/data appended to out), 0 on miss
 * (including a corrupt row, which is deleted), -1 on an I/O error.
 * A hit refreshes the row's access time (batched, coarse). */
int lp_cache_get_meta(lp_cache *cache, const locus_digest *key, locus_buf *out,
                      lp_error *err);
int lp_cache_get_data(lp_cache *cache, const locus_digest *key, locus_buf *out,
                      lp_error *err);
/* Queue a result for writing; it replaces any row with the same key. The
 * bytes are copied (data is compressed on the calling thread). */
int lp_cache_put(lp_cache *cache, const locus_digest *key, const void *meta,
                 size_t meta_len, const void *data, size_t data_len, lp_error *err);
/* Commit everything queued so far. */
int lp_cache_flush(lp_cache *cache, lp_error *err);

/* Named state blobs (name is any string, e.g. "project:/abs/out"). Same
 * return convention as lp_cache_get_meta. put writes immediately (its own
 * transaction, after flushing the queue). */
int lp_cache_state_get(lp_cache *cache, const char *name, locus_buf *out, lp_error *err);
int lp_cache_state_put(lp_cache *cache, const char *name, const void *data, size_t len,
                       lp_error *err);

/* Maintenance, for `locus-pipeline cache stats|gc|clear`. gc evicts least
 * recently used task rows until the stored bytes are <= limit (0: the
 * configured limit) and checkpoints the WAL. */
int lp_cache_get_stats(lp_cache *cache, lp_cache_stats *stats, lp_error *err);
int lp_cache_gc(lp_cache *cache, uint64_t limit, uint64_t *evicted_rows, lp_error *err);
int lp_cache_clear(lp_cache *cache, lp_error *err);

#endif
