/* cache.c — the persistent task-result cache (cache.h): one SQLite database
 * in WAL mode, zstd-compressed values verified on every read, writes queued
 * and committed in batches, LRU eviction by a coarse access time.
 *
 * Locks: write_lock guards the write connection (and its statements);
 * queue_lock guards the queued and committing batches; pool_lock guards
 * the idle read connections and compression contexts. Order: write_lock
 * before queue_lock; pool_lock is never held with another lock.
 */
#include "cache.h"

#include <errno.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <xxhash.h>
#include <zstd.h>

#include "digest.h"

#define SCHEMA_VERSION 1
#define STRINGIFY(x) #x
#define AS_TEXT(x) STRINGIFY(x)
#define BUSY_TIMEOUT_MS 10000
/* Fast: compression runs on the worker threads, inside the build. */
#define ZSTD_LEVEL 1
/* A batch is committed once it holds this many rows or bytes. */
#define BATCH_MAX_ROWS 256
#define BATCH_MAX_BYTES (8u << 20)
/* A hit rewrites the row's access time only if it is older than this, so
 * a no-op build does not rewrite every row it reads. */
#define TOUCH_INTERVAL_S 3600

/* Columns are ordered so that reading meta never reaches the data blob's
 * overflow pages. The LRU index also covers the sizes, so eviction and
 * stats scan the index rather than the table. */
static const char SCHEMA_SQL[] =
    "CREATE TABLE task ("
    " key BLOB PRIMARY KEY NOT NULL,"
    " atime INTEGER NOT NULL,"       /* unix seconds of the last (coarse) use */
    " stored_size INTEGER NOT NULL," /* length(meta) + length(data) */
    " raw_size INTEGER NOT NULL,"    /* uncompressed data length */
    " meta_sum INTEGER NOT NULL,"    /* XXH3-64 of meta */
    " data_digest BLOB NOT NULL,"    /* XXH3-128 of the uncompressed data */
    " meta BLOB NOT NULL,"
    " data BLOB NOT NULL);"          /* one zstd frame */
    "CREATE INDEX task_lru ON task(atime, stored_size, raw_size);"
    "CREATE TABLE state ("
    " name TEXT PRIMARY KEY NOT NULL,"
    " raw_size INTEGER NOT NULL,"
    " digest BLOB NOT NULL,"
    " value BLOB NOT NULL);"
    "PRAGMA user_version = " AS_TEXT(SCHEMA_VERSION) ";";

enum row_status { ROW_ERROR = -1, ROW_MISS = 0, ROW_HIT = 1, ROW_CORRUPT = 2 };

typedef struct queued_row {
    locus_digest key;
    locus_digest data_digest;
    uint64_t meta_sum;
    size_t meta_len;
    size_t frame_len;
    size_t raw_len;
    unsigned char *bytes; /* meta, then the zstd frame */
} queued_row;

typedef struct write_batch {
    queued_row *rows;
    size_t row_count, row_cap;
    size_t bytes;           /* meta + frames held by rows */
    locus_digest *touches;  /* keys whose access time is stale */
    size_t touch_count, touch_cap;
} write_batch;

/* A stored value as read from a row, before it is trusted. */
typedef struct stored_value {
    const void *frame;
    size_t frame_len;
    int64_t raw_size;
    const void *digest;
    size_t digest_len;
} stored_value;

typedef struct reader {
    struct reader *next;      /* every reader, for close */
    struct reader *next_idle;
    sqlite3 *db;
    sqlite3_stmt *get_meta, *get_data, *get_state;
    ZSTD_DCtx *dctx;
} reader;

struct lp_cache {
    char *db_path;
    uint64_t size_limit;
    int locks_ready;

    pthread_mutex_t write_lock;
    sqlite3 *writer;
    sqlite3_stmt *put_row, *touch_row, *delete_row, *put_state, *delete_state;
    int wrote_rows; /* this process committed task rows: evict at close */

    pthread_mutex_t queue_lock;
    write_batch queued;
    write_batch committing; /* still visible to readers until committed */

    pthread_mutex_t pool_lock;
    reader *readers;
    reader *idle;
    /* Idle compression contexts: creating one per put costs more than the
     * compression itself. */
    ZSTD_CCtx **cctxs;
    size_t cctx_count, cctx_cap;
};

/* ---- SQLite helpers ---- */

static int db_fail(const lp_cache *c, sqlite3 *db, const char *what, lp_error *err)
{
    return lp_fail(err, "cache %s: %s: %s", c->db_path, what,
                   db ? sqlite3_errmsg(db) : "out of memory");
}

static int oom_fail(const lp_cache *c, lp_error *err)
{
    return lp_fail(err, "cache %s: out of memory", c->db_path);
}

static int exec_sql(const lp_cache *c, sqlite3 *db, const char *sql, lp_error *err)
{
    if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
        return db_fail(c, db, sql, err);
    return 0;
}

static void rollback(sqlite3 *db)
{
    if (!sqlite3_get_autocommit(db))
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
}

static int prepare(const lp_cache *c, sqlite3 *db, const char *sql, sqlite3_stmt **stmt,
                   lp_error *err)
{
    if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, stmt, NULL) != SQLITE_OK)
        return db_fail(c, db, sql, err);
    return 0;
}

/* Run a statement that returns no rows, then reset it for reuse. */
static int step_done(const lp_cache *c, sqlite3_stmt *stmt, const char *what, lp_error *err)
{
    int rc = sqlite3_step(stmt);
    if (rc != SQLITE_DONE)
        db_fail(c, sqlite3_db_handle(stmt), what, err);
    sqlite3_reset(stmt);
    return rc == SQLITE_DONE ? 0 : -1;
}

/* The first n integer columns of a one-row query. */
static int query_u64s(const lp_cache *c, sqlite3 *db, const char *sql, uint64_t *values, int n,
                      lp_error *err)
{
    sqlite3_stmt *stmt = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) != SQLITE_OK)
        return db_fail(c, db, sql, err);
    int rc = sqlite3_step(stmt);
    if (rc != SQLITE_ROW) {
        db_fail(c, db, sql, err);
        sqlite3_finalize(stmt);
        return -1;
    }
    for (int i = 0; i < n; i++)
        values[i] = (uint64_t)sqlite3_column_int64(stmt, i);
    sqlite3_finalize(stmt);
    return 0;
}

static int open_db(const lp_cache *c, sqlite3 **out, lp_error *err)
{
    sqlite3 *db = NULL;
    /* NOMUTEX: each connection is used by one thread at a time (our locks). */
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    if (sqlite3_open_v2(c->db_path, &db, flags, NULL) != SQLITE_OK) {
        db_fail(c, db, "open", err);
        sqlite3_close(db);
        return -1;
    }
    sqlite3_busy_timeout(db, BUSY_TIMEOUT_MS);
    *out = db;
    return 0;
}

/* Make room for one more element in a growable array. */
static int grow(void **array, size_t *cap, size_t count, size_t elem_size)
{
    if (count < *cap)
        return 0;
    size_t new_cap = *cap ? *cap * 2 : 64;
    void *grown = realloc(*array, new_cap * elem_size);
    if (!grown)
        return -1;
    *array = grown;
    *cap = new_cap;
    return 0;
}

/* ---- values: compression and verification ---- */

static ZSTD_CCtx *cctx_acquire(lp_cache *c)
{
    ZSTD_CCtx *cctx = NULL;
    pthread_mutex_lock(&c->pool_lock);
    if (c->cctx_count)
        cctx = c->cctxs[--c->cctx_count];
    pthread_mutex_unlock(&c->pool_lock);
    return cctx ? cctx : ZSTD_createCCtx();
}

static void cctx_release(lp_cache *c, ZSTD_CCtx *cctx)
{
    pthread_mutex_lock(&c->pool_lock);
    int kept = grow((void **)&c->cctxs, &c->cctx_cap, c->cctx_count, sizeof *c->cctxs) == 0;
    if (kept)
        c->cctxs[c->cctx_count++] = cctx;
    pthread_mutex_unlock(&c->pool_lock);
    if (!kept)
        ZSTD_freeCCtx(cctx);
}

/* Compress len bytes into a new buffer after prefix_len bytes left for the
 * caller; *total is prefix_len + the frame length. */
static unsigned char *compress_value(lp_cache *c, const void *data, size_t len,
                                     size_t prefix_len, size_t *total)
{
    size_t bound = ZSTD_compressBound(len);
    if (ZSTD_isError(bound) || prefix_len + bound < bound)
        return NULL;
    unsigned char *bytes = malloc(prefix_len + bound);
    ZSTD_CCtx *cctx = bytes ? cctx_acquire(c) : NULL;
    if (!cctx) {
        free(bytes);
        return NULL;
    }
    size_t frame_len = ZSTD_compressCCtx(cctx, bytes + prefix_len, bound, len ? data : "", len,
                                         ZSTD_LEVEL);
    cctx_release(c, cctx);
    if (ZSTD_isError(frame_len)) {
        free(bytes);
        return NULL;
    }
    /* Queued rows wait in memory: do not hold the compression bound. */
    unsigned char *fitted = realloc(bytes, prefix_len + frame_len);
    *total = prefix_len + frame_len;
    return fitted ? fitted : bytes;
}

/* Decompress a stored value onto out if it matches its size and digest.
 * ROW_CORRUPT leaves out as it was. */
static int unpack_value(const lp_cache *c, ZSTD_DCtx *dctx, const stored_value *value,
                        locus_buf *out, lp_error *err)
{
    if (!value->frame || value->raw_size < 0 || (uint64_t)value->raw_size > SIZE_MAX ||
        value->digest_len != sizeof(locus_digest))
        return ROW_CORRUPT;
    size_t raw_size = (size_t)value->raw_size;
    /* The frame header's size must agree before we allocate for it. */
    if (ZSTD_getFrameContentSize(value->frame, value->frame_len) != (unsigned long long)raw_size)
        return ROW_CORRUPT;
    if (locus_buf_reserve(out, raw_size) != 0)
        return oom_fail(c, err);
    char *dst = out->data + out->len;
    size_t got = dctx ? ZSTD_decompressDCtx(dctx, dst, raw_size, value->frame, value->frame_len)
                      : ZSTD_decompress(dst, raw_size, value->frame, value->frame_len);
    int intact = !ZSTD_isError(got) && got == raw_size;
    if (intact) {
        locus_digest digest = locus_digest_of(dst, raw_size);
        intact = memcmp(digest.bytes, value->digest, sizeof digest.bytes) == 0;
    }
    if (!intact) {
        out->data[out->len] = '\0';
        return ROW_CORRUPT;
    }
    out->len += raw_size;
    out->data[out->len] = '\0';
    return ROW_HIT;
}

static int append_checked_meta(const lp_cache *c, const void *meta, size_t len, uint64_t sum,
                               locus_buf *out, lp_error *err)
{
    if (XXH3_64bits(len ? meta : "", len) != sum)
        return ROW_CORRUPT;
    if (locus_buf_append(out, meta, len) != 0)
        return oom_fail(c, err);
    return ROW_HIT;
}

/* ---- write batches ---- */

static void batch_free(write_batch *batch)
{
    for (size_t i = 0; i < batch->row_count; i++)
        free(batch->rows[i].bytes);
    free(batch->rows);
    free(batch->touches);
    memset(batch, 0, sizeof *batch);
}

static int batch_full(const write_batch *batch)
{
    return batch->row_count >= BATCH_MAX_ROWS || batch->bytes >= BATCH_MAX_BYTES;
}

/* The newest queued row for key in batch, or NULL. */
static const queued_row *batch_find(const write_batch *batch, const locus_digest *key)
{
    for (size_t i = batch->row_count; i-- > 0;)
        if (lp_digest_eq(&batch->rows[i].key, key))
            return &batch->rows[i];
    return NULL;
}

static int insert_row(lp_cache *c, const queued_row *row, int64_t now, lp_error *err)
{
    sqlite3_stmt *stmt = c->put_row;
    sqlite3_bind_blob(stmt, 1, row->key.bytes, sizeof row->key.bytes, SQLITE_STATIC);
    sqlite3_bind_int64(stmt, 2, now);
    sqlite3_bind_int64(stmt, 3, (sqlite3_int64)(row->meta_len + row->frame_len));
    sqlite3_bind_int64(stmt, 4, (sqlite3_int64)row->raw_len);
    sqlite3_bind_int64(stmt, 5, (sqlite3_int64)row->meta_sum);
    sqlite3_bind_blob(stmt, 6, row->data_digest.bytes, sizeof row->data_digest.bytes,
                      SQLITE_STATIC);
    /* A non-NULL pointer even for empty meta: NULL would bind SQL NULL. */
    sqlite3_bind_blob64(stmt, 7, row->bytes, row->meta_len, SQLITE_STATIC);
    sqlite3_bind_blob64(stmt, 8, row->bytes + row->meta_len, row->frame_len, SQLITE_STATIC);
    return step_done(c, stmt, "write task row", err);
}

static int touch_row(lp_cache *c, const locus_digest *key, int64_t now, lp_error *err)
{
    sqlite3_bind_int64(c->touch_row, 1, now);
    sqlite3_bind_blob(c->touch_row, 2, key->bytes, sizeof key->bytes, SQLITE_STATIC);
    return step_done(c, c->touch_row, "update access time", err);
}

/* One transaction for the whole batch. write_lock held. */
static int commit_batch(lp_cache *c, const write_batch *batch, lp_error *err)
{
    if (batch->row_count == 0 && batch->touch_count == 0)
        return 0;
    int64_t now = (int64_t)time(NULL);
    if (exec_sql(c, c->writer, "BEGIN IMMEDIATE", err) != 0)
        return -1;
    for (size_t i = 0; i < batch->row_count; i++)
        if (insert_row(c, &batch->rows[i], now, err) != 0)
            goto fail;
    for (size_t i = 0; i < batch->touch_count; i++)
        if (touch_row(c, &batch->touches[i], now, err) != 0)
            goto fail;
    if (exec_sql(c, c->writer, "COMMIT", err) != 0)
        goto fail;
    if (batch->row_count)
        c->wrote_rows = 1;
    return 0;
fail:
    rollback(c->writer);
    return -1;
}

/* Commit the queue (if only_if_full, only when it reached the threshold).
 * Rows stay readable from memory until their transaction has committed.
 * A batch that fails to commit is dropped: it is only a cache. write_lock
 * held. */
static int flush_locked(lp_cache *c, int only_if_full, lp_error *err)
{
    pthread_mutex_lock(&c->queue_lock);
    int take = !only_if_full || batch_full(&c->queued);
    if (take) {
        c->committing = c->queued;
        memset(&c->queued, 0, sizeof c->queued);
    }
    pthread_mutex_unlock(&c->queue_lock);
    if (!take)
        return 0;
    int rc = commit_batch(c, &c->committing, err);
    pthread_mutex_lock(&c->queue_lock);
    write_batch done = c->committing;
    memset(&c->committing, 0, sizeof c->committing);
    pthread_mutex_unlock(&c->queue_lock);
    batch_free(&done);
    return rc;
}

static int flush_all(lp_cache *c, lp_error *err)
{
    pthread_mutex_lock(&c->write_lock);
    int rc = flush_locked(c, 0, err);
    pthread_mutex_unlock(&c->write_lock);
    return rc;
}

/* ---- read connections ---- */

static void reader_close(reader *r)
{
    if (!r)
        return;
    sqlite3_finalize(r->get_meta);
    sqlite3_finalize(r->get_data);
    sqlite3_finalize(r->get_state);
    sqlite3_close(r->db);
    ZSTD_freeDCtx(r->dctx);
    free(r);
}

static reader *reader_open(const lp_cache *c, lp_error *err)
{
    reader *r = calloc(1, sizeof *r);
    if (!r) {
        oom_fail(c, err);
        return NULL;
    }
    if (open_db(c, &r->db, err) != 0)
        goto fail;
    if (prepare(c, r->db, "SELECT atime, meta_sum, meta FROM task WHERE key = ?1", &r->get_meta,
                err) != 0 ||
        prepare(c, r->db,
                "SELECT atime, raw_size, data_digest, data FROM task WHERE key = ?1",
                &r->get_data, err) != 0 ||
        prepare(c, r->db, "SELECT raw_size, digest, value FROM state WHERE name = ?1",
                &r->get_state, err) != 0)
        goto fail;
    r->dctx = ZSTD_createDCtx();
    if (!r->dctx) {
        oom_fail(c, err);
        goto fail;
    }
    return r;
fail:
    reader_close(r);
    return NULL;
}

/* An idle read connection, or a new one: concurrent readers never share. */
static reader *reader_acquire(lp_cache *c, lp_error *err)
{
    pthread_mutex_lock(&c->pool_lock);
    reader *r = c->idle;
    if (r)
        c->idle = r->next_idle;
    pthread_mutex_unlock(&c->pool_lock);
    if (r)
        return r;
    r = reader_open(c, err);
    if (!r)
        return NULL;
    pthread_mutex_lock(&c->pool_lock);
    r->next = c->readers;
    c->readers = r;
    pthread_mutex_unlock(&c->pool_lock);
    return r;
}

static void reader_release(lp_cache *c, reader *r)
{
    pthread_mutex_lock(&c->pool_lock);
    r->next_idle = c->idle;
    c->idle = r;
    pthread_mutex_unlock(&c->pool_lock);
}

/* ---- reading task rows ---- */

static stored_value column_value(sqlite3_stmt *stmt, int raw_col, int digest_col, int frame_col)
{
    stored_value value;
    value.raw_size = sqlite3_column_type(stmt, raw_col) == SQLITE_INTEGER
                         ? sqlite3_column_int64(stmt, raw_col)
                         : -1;
    value.digest = sqlite3_column_blob(stmt, digest_col);
    value.digest_len = (size_t)sqlite3_column_bytes(stmt, digest_col);
    value.frame = sqlite3_column_type(stmt, frame_col) == SQLITE_BLOB
                      ? sqlite3_column_blob(stmt, frame_col)
                      : NULL;
    value.frame_len = (size_t)sqlite3_column_bytes(stmt, frame_col);
    return value;
}

static int take_meta(const lp_cache *c, sqlite3_stmt *stmt, locus_buf *out, lp_error *err)
{
    if (sqlite3_column_type(stmt, 1) != SQLITE_INTEGER ||
        sqlite3_column_type(stmt, 2) != SQLITE_BLOB)
        return ROW_CORRUPT;
    uint64_t sum = (uint64_t)sqlite3_column_int64(stmt, 1);
    const void *meta = sqlite3_column_blob(stmt, 2);
    size_t len = (size_t)sqlite3_column_bytes(stmt, 2);
    return append_checked_meta(c, meta, len, sum, out, err);
}

static int take_data(const lp_cache *c, reader *r, sqlite3_stmt *stmt, locus_buf *out,
                     lp_error *err)
{
    stored_value value = column_value(stmt, 1, 2, 3);
    return unpack_value(c, r->dctx, &value, out, err);
}

/* Look key up with r's get_meta or get_data statement. */
static int read_task(const lp_cache *c, reader *r, const locus_digest *key, int want_data,
                     locus_buf *out, int64_t *atime, lp_error *err)
{
    sqlite3_stmt *stmt = want_data ? r->get_data : r->get_meta;
    sqlite3_bind_blob(stmt, 1, key->bytes, sizeof key->bytes, SQLITE_STATIC);
    int rc = sqlite3_step(stmt);
    int status;
    if (rc == SQLITE_ROW) {
        *atime = sqlite3_column_int64(stmt, 0);
        status = want_data ? take_data(c, r, stmt, out, err) : take_meta(c, stmt, out, err);
    } else if (rc == SQLITE_DONE) {
        status = ROW_MISS;
    } else {
        status = db_fail(c, r->db, "read task row", err);
    }
    /* Reset ends the read transaction, so checkpoints are not held back. */
    sqlite3_reset(stmt);
    return status;
}

/* Rows put by this process but not committed yet. */
static int read_queued(lp_cache *c, const locus_digest *key, int want_data, locus_buf *out,
                       lp_error *err)
{
    int status = ROW_MISS;
    pthread_mutex_lock(&c->queue_lock);
    const queued_row *row = batch_find(&c->queued, key);
    if (!row)
        row = batch_find(&c->committing, key);
    if (row && want_data) {
        stored_value value = {row->bytes + row->meta_len, row->frame_len,
                              (int64_t)row->raw_len, row->data_digest.bytes,
                              sizeof row->data_digest.bytes};
        status = unpack_value(c, NULL, &value, out, err);
    } else if (row) {
        status = append_checked_meta(c, row->bytes, row->meta_len, row->meta_sum, out, err);
    }
    pthread_mutex_unlock(&c->queue_lock);
    if (status == ROW_CORRUPT)
        return lp_fail(err, "cache %s: queued row does not decompress", c->db_path);
    return status;
}

/* Queue an access-time refresh if the stored one is stale. Touches are
 * committed with the next batch; a lost touch only makes eviction a little
 * less accurate, so running out of memory here is not an error. */
static void touch_if_stale(lp_cache *c, const locus_digest *key, int64_t atime)
{
    if ((int64_t)time(NULL) - atime < TOUCH_INTERVAL_S)
        return;
    pthread_mutex_lock(&c->queue_lock);
    write_batch *batch = &c->queued;
    if (grow((void **)&batch->touches, &batch->touch_cap, batch->touch_count,
             sizeof *batch->touches) == 0)
        batch->touches[batch->touch_count++] = *key;
    pthread_mutex_unlock(&c->queue_lock);
}

static int delete_task_row(lp_cache *c, const locus_digest *key, lp_error *err)
{
    pthread_mutex_lock(&c->write_lock);
    sqlite3_bind_blob(c->delete_row, 1, key->bytes, sizeof key->bytes, SQLITE_STATIC);
    int rc = step_done(c, c->delete_row, "delete corrupt task row", err);
    pthread_mutex_unlock(&c->write_lock);
    return rc;
}

static int get_task(lp_cache *c, const locus_digest *key, int want_data, locus_buf *out,
                    lp_error *err)
{
    int status = read_queued(c, key, want_data, out, err);
    if (status != ROW_MISS)
        return status;
    reader *r = reader_acquire(c, err);
    if (!r)
        return -1;
    int64_t atime = 0;
    status = read_task(c, r, key, want_data, out, &atime, err);
    reader_release(c, r);
    if (status == ROW_HIT)
        touch_if_stale(c, key, atime);
    if (status == ROW_CORRUPT)
        return delete_task_row(c, key, err) == 0 ? ROW_MISS : -1;
    return status;
}

int lp_cache_get_meta(lp_cache *cache, const locus_digest *key, locus_buf *out, lp_error *err)
{
    return get_task(cache, key, 0, out, err);
}

int lp_cache_get_data(lp_cache *cache, const locus_digest *key, locus_buf *out, lp_error *err)
{
    return get_task(cache, key, 1, out, err);
}

/* ---- writing task rows ---- */

int lp_cache_put(lp_cache *cache, const locus_digest *key, const void *meta, size_t meta_len,
                 const void *data, size_t data_len, lp_error *err)
{
    queued_row row = {.key = *key, .meta_len = meta_len, .raw_len = data_len};
    size_t total = 0;
    row.bytes = compress_value(cache, data, data_len, meta_len, &total);
    if (!row.bytes)
        return lp_fail(err, "cache %s: cannot compress %zu bytes", cache->db_path, data_len);
    if (meta_len)
        memcpy(row.bytes, meta, meta_len);
    row.frame_len = total - meta_len;
    row.meta_sum = XXH3_64bits(meta_len ? meta : "", meta_len);
    row.data_digest = locus_digest_of(data_len ? data : "", data_len);

    pthread_mutex_lock(&cache->queue_lock);
    write_batch *batch = &cache->queued;
    int grown = grow((void **)&batch->rows, &batch->row_cap, batch->row_count, sizeof row);
    if (grown == 0) {
        batch->rows[batch->row_count++] = row;
        batch->bytes += total;
    }
    int full = batch_full(batch);
    pthread_mutex_unlock(&cache->queue_lock);
    if (grown != 0) {
        free(row.bytes);
        return oom_fail(cache, err);
    }
    if (!full)
        return 0;
    pthread_mutex_lock(&cache->write_lock);
    /* Another thread may have committed the queue while we waited. */
    int rc = flush_locked(cache, 1, err);
    pthread_mutex_unlock(&cache->write_lock);
    return rc;
}

int lp_cache_flush(lp_cache *cache, lp_error *err)
{
    return flush_all(cache, err);
}

/* ---- state blobs ---- */

int lp_cache_state_get(lp_cache *cache, const char *name, locus_buf *out, lp_error *err)
{
    reader *r = reader_acquire(cache, err);
    if (!r)
        return -1;
    sqlite3_stmt *stmt = r->get_state;
    sqlite3_bind_text(stmt, 1, name, -1, SQLITE_STATIC);
    int rc = sqlite3_step(stmt);
    int status;
    if (rc == SQLITE_ROW) {
        stored_value value = column_value(stmt, 0, 1, 2);
        status = unpack_value(cache, r->dctx, &value, out, err);
    } else if (rc == SQLITE_DONE) {
        status = ROW_MISS;
    } else {
        status = db_fail(cache, r->db, "read state", err);
    }
    sqlite3_reset(stmt);
    reader_release(cache, r);
    if (status != ROW_CORRUPT)
        return status;
    pthread_mutex_lock(&cache->write_lock);
    sqlite3_bind_text(cache->delete_state, 1, name, -1, SQLITE_STATIC);
    rc = step_done(cache, cache->delete_state, "delete corrupt state", err);
    pthread_mutex_unlock(&cache->write_lock);
    return rc == 0 ? ROW_MISS : -1;
}

int lp_cache_state_put(lp_cache *cache, const char *name, const void *data, size_t len,
                       lp_error *err)
{
    size_t frame_len = 0;
    unsigned char *frame = compress_value(cache, data, len, 0, &frame_len);
    if (!frame)
        return lp_fail(err, "cache %s: cannot compress %zu bytes", cache->db_path, len);
    locus_digest digest = locus_digest_of(len ? data : "", len);

    pthread_mutex_lock(&cache->write_lock);
    int rc = flush_locked(cache, 0, err);
    if (rc == 0) {
        sqlite3_stmt *stmt = cache->put_state;
        sqlite3_bind_text(stmt, 1, name, -1, SQLITE_STATIC);
        sqlite3_bind_int64(stmt, 2, (sqlite3_int64)len);
        sqlite3_bind_blob(stmt, 3, digest.bytes, sizeof digest.bytes, SQLITE_STATIC);
        sqlite3_bind_blob64(stmt, 4, frame, frame_len, SQLITE_STATIC);
        rc = step_done(cache, stmt, "write state", err);
    }
    pthread_mutex_unlock(&cache->write_lock);
    free(frame);
    return rc;
}

/* ---- maintenance ---- */

/* Rowids of the least recently used rows whose sizes add up to excess. */
static int collect_lru(lp_cache *c, uint64_t excess, sqlite3_int64 **ids, size_t *count,
                       lp_error *err)
{
    static const char sql[] = "SELECT rowid, stored_size FROM task ORDER BY atime";
    sqlite3_stmt *stmt = NULL;
    size_t cap = 0;
    uint64_t freed = 0;
    if (sqlite3_prepare_v2(c->writer, sql, -1, &stmt, NULL) != SQLITE_OK)
        return db_fail(c, c->writer, sql, err);
    int rc = SQLITE_DONE;
    while (freed < excess && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        if (grow((void **)ids, &cap, *count, sizeof **ids) != 0) {
            sqlite3_finalize(stmt);
            return oom_fail(c, err);
        }
        (*ids)[(*count)++] = sqlite3_column_int64(stmt, 0);
        freed += (uint64_t)sqlite3_column_int64(stmt, 1);
    }
    if (freed < excess && rc != SQLITE_DONE) {
        db_fail(c, c->writer, sql, err);
        sqlite3_finalize(stmt);
        return -1;
    }
    sqlite3_finalize(stmt);
    return 0;
}

static int delete_rowids(lp_cache *c, const sqlite3_int64 *ids, size_t count, lp_error *err)
{
    static const char sql[] = "DELETE FROM task WHERE rowid = ?1";
    sqlite3_stmt *stmt = NULL;
    if (sqlite3_prepare_v2(c->writer, sql, -1, &stmt, NULL) != SQLITE_OK)
        return db_fail(c, c->writer, sql, err);
    int rc = 0;
    for (size_t i = 0; i < count && rc == 0; i++) {
        sqlite3_bind_int64(stmt, 1, ids[i]);
        rc = step_done(c, stmt, "evict task row", err);
    }
    sqlite3_finalize(stmt);
    return rc;
}

/* Delete least recently used task rows until the stored bytes are <= limit.
 * write_lock held. */
static int evict_locked(lp_cache *c, uint64_t limit, uint64_t *evicted, lp_error *err)
{
    uint64_t total = 0;
    sqlite3_int64 *ids = NULL;
    size_t count = 0;
    if (exec_sql(c, c->writer, "BEGIN IMMEDIATE", err) != 0)
        return -1;
    if (query_u64s(c, c->writer, "SELECT coalesce(sum(stored_size), 0) FROM task", &total, 1,
                   err) != 0)
        goto fail;
    if (total > limit && collect_lru(c, total - limit, &ids, &count, err) != 0)
        goto fail;
    if (delete_rowids(c, ids, count, err) != 0 || exec_sql(c, c->writer, "COMMIT", err) != 0)
        goto fail;
    free(ids);
    if (evicted)
        *evicted = count;
    return 0;
fail:
    rollback(c->writer);
    free(ids);
    return -1;
}

/* Give freed pages back to the file system and empty the WAL. Another
 * process reading at this moment can keep the checkpoint from finishing;
 * that is not an error, the next one will. write_lock held. */
static int shrink_locked(lp_cache *c, lp_error *err)
{
    if (exec_sql(c, c->writer, "PRAGMA incremental_vacuum", err) != 0)
        return -1;
    int rc = sqlite3_wal_checkpoint_v2(c->writer, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
    if (rc != SQLITE_OK && rc != SQLITE_BUSY && rc != SQLITE_LOCKED)
        return db_fail(c, c->writer, "checkpoint", err);
    return 0;
}

int lp_cache_gc(lp_cache *cache, uint64_t limit, uint64_t *evicted_rows, lp_error *err)
{
    uint64_t evicted = 0;
    if (limit == 0)
        limit = cache->size_limit;
    pthread_mutex_lock(&cache->write_lock);
    int rc = flush_locked(cache, 0, err);
    if (rc == 0 && limit != 0)
        rc = evict_locked(cache, limit, &evicted, err);
    if (rc == 0)
        rc = shrink_locked(cache, err);
    pthread_mutex_unlock(&cache->write_lock);
    if (evicted_rows)
        *evicted_rows = evicted;
    return rc;
}

int lp_cache_clear(lp_cache *cache, lp_error *err)
{
    pthread_mutex_lock(&cache->write_lock);
    pthread_mutex_lock(&cache->queue_lock);
    write_batch dropped = cache->queued;
    memset(&cache->queued, 0, sizeof cache->queued);
    pthread_mutex_unlock(&cache->queue_lock);
    batch_free(&dropped);
    int rc = exec_sql(cache, cache->writer,
                      "BEGIN IMMEDIATE; DELETE FROM task; DELETE FROM state; COMMIT", err);
    if (rc != 0)
        rollback(cache->writer);
    else
        rc = shrink_locked(cache, err);
    pthread_mutex_unlock(&cache->write_lock);
    return rc;
}

static uint64_t file_size(const char *path, const char *suffix)
{
    char name[4096];
    struct stat st;
    if ((size_t)snprintf(name, sizeof name, "%s%s", path, suffix) >= sizeof name)
        return 0;
    return stat(name, &st) == 0 ? (uint64_t)st.st_size : 0;
}

int lp_cache_get_stats(lp_cache *cache, lp_cache_stats *stats, lp_error *err)
{
    memset(stats, 0, sizeof *stats);
    if (flush_all(cache, err) != 0)
        return -1;
    reader *r = reader_acquire(cache, err);
    if (!r)
        return -1;
    uint64_t task[3];
    int rc = query_u64s(cache, r->db,
                        "SELECT count(*), coalesce(sum(stored_size), 0),"
                        " coalesce(sum(raw_size), 0) FROM task",
                        task, 3, err);
    if (rc == 0)
        rc = query_u64s(cache, r->db, "SELECT count(*) FROM state", &stats->state_rows, 1, err);
    reader_release(cache, r);
    if (rc != 0)
        return -1;
    stats->entries = task[0];
    stats->bytes = task[1];
    stats->raw_bytes = task[2];
    stats->limit = cache->size_limit;
    stats->file_bytes = file_size(cache->db_path, "") + file_size(cache->db_path, "-wal");
    return 0;
}

/* ---- open and close ---- */

static int make_dirs(const char *dir, lp_error *err)
{
    char path[4096];
    if (!*dir)
        return lp_fail(err, "cache: empty directory name");
    if ((size_t)snprintf(path, sizeof path, "%s", dir) >= sizeof path)
        return lp_fail(err, "cache %s: path too long", dir);
    for (char *p = path + 1;; p++) {
        if (*p != '/' && *p != '\0')
            continue;
        char saved = *p;
        *p = '\0';
        /* Parents get the usual mode; the cache itself is private. */
        if (mkdir(path, saved ? 0777 : 0700) != 0 && errno != EEXIST)
            return lp_fail(err, "cache: cannot create %s: %s", path, strerror(errno));
        *p = saved;
        if (!saved)
            break;
    }
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
        return lp_fail(err, "cache: %s is not a directory", dir);
    return 0;
}

/* DROP statements for every table and view: a database from another schema
 * version is simply rebuilt (it is a cache). */
static int drop_all_tables(lp_cache *c, lp_error *err)
{
    static const char sql[] = "SELECT type, name FROM sqlite_master"
                              " WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%'";
    sqlite3_stmt *stmt = NULL;
    locus_buf drops = LOCUS_BUF_INIT;
    int rc = -1;
    if (sqlite3_prepare_v2(c->writer, sql, -1, &stmt, NULL) != SQLITE_OK)
        return db_fail(c, c->writer, sql, err);
    int step;
    while ((step = sqlite3_step(stmt)) == SQLITE_ROW) {
        char *drop = sqlite3_mprintf("DROP %s IF EXISTS \"%w\";", sqlite3_column_text(stmt, 0),
                                     sqlite3_column_text(stmt, 1));
        int failed = !drop || locus_buf_puts(&drops, drop) != 0;
        sqlite3_free(drop);
        if (failed) {
            oom_fail(c, err);
            goto done;
        }
    }
    if (step != SQLITE_DONE) {
        db_fail(c, c->writer, sql, err);
        goto done;
    }
    rc = drops.len ? exec_sql(c, c->writer, drops.data, err) : 0;
done:
    sqlite3_finalize(stmt);
    locus_buf_free(&drops);
    return rc;
}

static int schema_version(lp_cache *c, uint64_t *version, lp_error *err)
{
    return query_u64s(c, c->writer, "PRAGMA user_version", version, 1, err);
}

static int ensure_schema(lp_cache *c, lp_error *err)
{
    uint64_t version = 0;
    if (schema_version(c, &version, err) != 0)
        return -1;
    if (version == SCHEMA_VERSION)
        return 0;
    /* Decide again under the write lock: another process may be here too. */
    if (exec_sql(c, c->writer, "BEGIN IMMEDIATE", err) != 0)
        return -1;
    if (schema_version(c, &version, err) != 0)
        goto fail;
    if (version != SCHEMA_VERSION &&
        (drop_all_tables(c, err) != 0 || exec_sql(c, c->writer, SCHEMA_SQL, err) != 0))
        goto fail;
    if (exec_sql(c, c->writer, "COMMIT", err) != 0)
        goto fail;
    return 0;
fail:
    rollback(c->writer);
    return -1;
}

/* Settings fixed once the database has pages (WAL mode writes the first),
 * so they are applied to a new, empty file only. Incremental vacuum lets gc
 * and clear shrink the file; 16 KB pages take half the writes of 4 KB ones
 * for rows of a few KB. */
static int set_file_format(lp_cache *c, lp_error *err)
{
    uint64_t pages = 0;
    if (query_u64s(c, c->writer, "PRAGMA page_count", &pages, 1, err) != 0)
        return -1;
    if (pages)
        return 0;
    return exec_sql(c, c->writer, "PRAGMA page_size = 16384; PRAGMA auto_vacuum = INCREMENTAL",
                    err);
}

static int open_writer(lp_cache *c, lp_error *err)
{
    if (open_db(c, &c->writer, err) != 0)
        return -1;
    if (set_file_format(c, err) != 0 ||
        exec_sql(c, c->writer, "PRAGMA journal_mode = WAL", err) != 0 ||
        exec_sql(c, c->writer, "PRAGMA synchronous = NORMAL", err) != 0 ||
        ensure_schema(c, err) != 0)
        return -1;
    if (prepare(c, c->writer,
                "INSERT OR REPLACE INTO task(key, atime, stored_size, raw_size, meta_sum,"
                " data_digest, meta, data) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                &c->put_row, err) != 0 ||
        prepare(c, c->writer, "UPDATE task SET atime = ?1 WHERE key = ?2 AND atime < ?1",
                &c->touch_row, err) != 0 ||
        prepare(c, c->writer, "DELETE FROM task WHERE key = ?1", &c->delete_row, err) != 0 ||
        prepare(c, c->writer,
                "INSERT OR REPLACE INTO state(name, raw_size, digest, value)"
                " VALUES (?1, ?2, ?3, ?4)",
                &c->put_state, err) != 0 ||
        prepare(c, c->writer, "DELETE FROM state WHERE name = ?1", &c->delete_state, err) != 0)
        return -1;
    return 0;
}

static int init_locks(lp_cache *c)
{
    if (pthread_mutex_init(&c->write_lock, NULL) != 0)
        return -1;
    if (pthread_mutex_init(&c->queue_lock, NULL) != 0) {
        pthread_mutex_destroy(&c->write_lock);
        return -1;
    }
    if (pthread_mutex_init(&c->pool_lock, NULL) != 0) {
        pthread_mutex_destroy(&c->queue_lock);
        pthread_mutex_destroy(&c->write_lock);
        return -1;
    }
    c->locks_ready = 1;
    return 0;
}

/* Free everything, without flushing. Works on a half-opened cache. */
static void cache_free(lp_cache *c)
{
    for (reader *r = c->readers, *next; r; r = next) {
        next = r->next;
        reader_close(r);
    }
    sqlite3_finalize(c->put_row);
    sqlite3_finalize(c->touch_row);
    sqlite3_finalize(c->delete_row);
    sqlite3_finalize(c->put_state);
    sqlite3_finalize(c->delete_state);
    /* Last, so that it is the connection that checkpoints and removes the WAL. */
    sqlite3_close(c->writer);
    batch_free(&c->queued);
    batch_free(&c->committing);
    for (size_t i = 0; i < c->cctx_count; i++)
        ZSTD_freeCCtx(c->cctxs[i]);
    free(c->cctxs);
    if (c->locks_ready) {
        pthread_mutex_destroy(&c->pool_lock);
        pthread_mutex_destroy(&c->queue_lock);
        pthread_mutex_destroy(&c->write_lock);
    }
    free(c->db_path);
    free(c);
}

/* Close the write connection and its statements (for a retry). */
static void close_writer(lp_cache *c)
{
    sqlite3_stmt **stmts[] = {&c->put_row, &c->touch_row, &c->delete_row, &c->put_state,
                              &c->delete_state};
    for (size_t i = 0; i < sizeof stmts / sizeof stmts[0]; i++) {
        sqlite3_finalize(*stmts[i]);
        *stmts[i] = NULL;
    }
    sqlite3_close(c->writer);
    c->writer = NULL;
}

/* It is a cache: a file that is not a database, or a damaged one, is
 * replaced by an empty database instead of failing every build. Any other
 * failure (permissions, a full disk, a lock) is reported as is. */
static int replace_damaged(lp_cache *c, lp_error *err)
{
    int code = c->writer ? (sqlite3_errcode(c->writer) & 0xff) : 0;
    if (code != SQLITE_NOTADB && code != SQLITE_CORRUPT)
        return -1;
    close_writer(c);
    static const char *const suffixes[] = {"", "-wal", "-shm"};
    for (size_t i = 0; i < 3; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s%s", c->db_path, suffixes[i]);
        if (unlink(path) != 0 && errno != ENOENT)
            return lp_fail(err, "cache %s: cannot remove the damaged database: %s", path,
                           strerror(errno));
    }
    return open_writer(c, err);
}

int lp_cache_open(const char *dir, uint64_t size_limit, lp_cache **out, lp_error *err)
{
    *out = NULL;
    if (make_dirs(dir, err) != 0)
        return -1;
    lp_cache *c = calloc(1, sizeof *c);
    if (!c)
        return lp_fail(err, "cache %s: out of memory", dir);
    c->size_limit = size_limit;
    size_t len = strlen(dir) + sizeof "/cache.db";
    c->db_path = malloc(len);
    if (!c->db_path || init_locks(c) != 0) {
        lp_fail(err, "cache %s: out of memory", dir);
        goto fail;
    }
    snprintf(c->db_path, len, "%s/cache.db", dir);
    if (open_writer(c, err) != 0 && replace_damaged(c, err) != 0)
        goto fail;
    *out = c;
    return 0;
fail:
    cache_free(c);
    return -1;
}

int lp_cache_close(lp_cache *cache, lp_error *err)
{
    if (!cache)
        return 0;
    pthread_mutex_lock(&cache->write_lock);
    int rc = flush_locked(cache, 0, err);
    if (rc == 0 && cache->wrote_rows && cache->size_limit != 0)
        rc = evict_locked(cache, cache->size_limit, NULL, err);
    pthread_mutex_unlock(&cache->write_lock);
    cache_free(cache);
    return rc;
}
