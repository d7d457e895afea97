/* check_cache.c — tests for the persistent task-result cache (core/cache.h).
 *
 * Rows are damaged, aged and counted through a separate SQLite connection
 * on DIR/cache.db, so these tests know the table and column names.
 */
#include <check.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cache.h"
#include "digest.h"
#include "testutil.h"

/* ---- helpers ---- */

static locus_digest key_of(int i)
{
    char name[32];
    snprintf(name, sizeof name, "key-%d", i);
    return locus_digest_of(name, strlen(name));
}

/* len deterministic bytes for seed: text-like (compressible) or noise. */
static void fill(char *buf, size_t len, uint32_t seed, int noise)
{
    uint32_t state = seed * 2654435761u + 1;
    for (size_t i = 0; i < len; i++) {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        buf[i] = noise ? (char)state : (char)('a' + state % 8);
    }
}

static lp_cache *open_cache(const char *dir, uint64_t limit)
{
    lp_cache *cache = NULL;
    lp_error err = {{0}};
    ck_assert_msg(lp_cache_open(dir, limit, &cache, &err) == 0, "%s", err.msg);
    ck_assert_ptr_nonnull(cache);
    return cache;
}

static void close_cache(lp_cache *cache)
{
    lp_error err = {{0}};
    ck_assert_msg(lp_cache_close(cache, &err) == 0, "%s", err.msg);
}

static void put(lp_cache *cache, int i, const char *meta, const void *data, size_t len)
{
    lp_error err = {{0}};
    locus_digest key = key_of(i);
    ck_assert_msg(lp_cache_put(cache, &key, meta, strlen(meta), data, len, &err) == 0, "%s",
                  err.msg);
}

static void flush(lp_cache *cache)
{
    lp_error err = {{0}};
    ck_assert_msg(lp_cache_flush(cache, &err) == 0, "%s", err.msg);
}

/* 1 on hit (out cleared first), 0 on miss; fails the test on -1. */
static int get_meta(lp_cache *cache, int i, locus_buf *out)
{
    lp_error err = {{0}};
    locus_digest key = key_of(i);
    locus_buf_clear(out);
    int rc = lp_cache_get_meta(cache, &key, out, &err);
    ck_assert_msg(rc == 0 || rc == 1, "get_meta: %s", err.msg);
    return rc;
}

static int get_data(lp_cache *cache, int i, locus_buf *out)
{
    lp_error err = {{0}};
    locus_digest key = key_of(i);
    locus_buf_clear(out);
    int rc = lp_cache_get_data(cache, &key, out, &err);
    ck_assert_msg(rc == 0 || rc == 1, "get_data: %s", err.msg);
    return rc;
}

static lp_cache_stats stats_of(lp_cache *cache)
{
    lp_cache_stats stats;
    lp_error err = {{0}};
    ck_assert_msg(lp_cache_get_stats(cache, &stats, &err) == 0, "%s", err.msg);
    return stats;
}

static void assert_buf_eq(const locus_buf *buf, const void *bytes, size_t len)
{
    ck_assert_uint_eq(buf->len, len);
    ck_assert(len == 0 || memcmp(buf->data, bytes, len) == 0);
}

/* A second connection to the cache database, as another program would see it. */
static sqlite3 *raw_open(const char *dir)
{
    char *path = tu_path(dir, "cache.db");
    sqlite3 *db = NULL;
    ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
    sqlite3_busy_timeout(db, 10000);
    free(path);
    return db;
}

static void raw_exec(sqlite3 *db, const char *sql)
{
    char *msg = NULL;
    int rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
    ck_assert_msg(rc == SQLITE_OK, "%s: %s", sql, msg ? msg : "?");
}

/* Run sql with ?1 bound to key i (and ?2 to value, if not NULL); returns
 * the first column of the first row as an integer, or -1 if no row. */
static int64_t raw_key_sql(const char *dir, const char *sql, int i, const void *value,
                           size_t value_len)
{
    sqlite3 *db = raw_open(dir);
    sqlite3_stmt *stmt = NULL;
    locus_digest key = key_of(i);
    ck_assert_msg(sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) == SQLITE_OK, "%s: %s", sql,
                  sqlite3_errmsg(db));
    sqlite3_bind_blob(stmt, 1, key.bytes, sizeof key.bytes, SQLITE_STATIC);
    if (value)
        sqlite3_bind_blob(stmt, 2, value, (int)value_len, SQLITE_STATIC);
    int rc = sqlite3_step(stmt);
    ck_assert_msg(rc == SQLITE_ROW || rc == SQLITE_DONE, "%s: %s", sql, sqlite3_errmsg(db));
    int64_t result = rc == SQLITE_ROW ? sqlite3_column_int64(stmt, 0) : -1;
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    return result;
}

static int64_t rows_with_key(const char *dir, int i)
{
    return raw_key_sql(dir, "SELECT count(*) FROM task WHERE key = ?1", i, NULL, 0);
}

static int64_t raw_count(const char *dir, const char *sql)
{
    sqlite3 *db = raw_open(dir);
    sqlite3_stmt *stmt = NULL;
    ck_assert_int_eq(sqlite3_prepare_v2(db, sql, -1, &stmt, NULL), SQLITE_OK);
    ck_assert_int_eq(sqlite3_step(stmt), SQLITE_ROW);
    int64_t count = sqlite3_column_int64(stmt, 0);
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    return count;
}

/* Invert the byte in the middle of a blob column of the row where
 * `where` (with ?1 bound to id) holds. */
static void flip_byte(const char *dir, const char *table, const char *column, const char *where,
                      const void *id, size_t id_len)
{
    char select[160], update[160];
    snprintf(select, sizeof select, "SELECT %s FROM %s WHERE %s", column, table, where);
    snprintf(update, sizeof update, "UPDATE %s SET %s = ?2 WHERE %s", table, column, where);
    sqlite3 *db = raw_open(dir);
    sqlite3_stmt *stmt = NULL;
    ck_assert_int_eq(sqlite3_prepare_v2(db, select, -1, &stmt, NULL), SQLITE_OK);
    sqlite3_bind_blob(stmt, 1, id, (int)id_len, SQLITE_STATIC);
    ck_assert_int_eq(sqlite3_step(stmt), SQLITE_ROW);
    ck_assert_int_eq(sqlite3_column_type(stmt, 0), SQLITE_BLOB);
    int len = sqlite3_column_bytes(stmt, 0);
    ck_assert_int_gt(len, 0);
    unsigned char *copy = malloc((size_t)len);
    memcpy(copy, sqlite3_column_blob(stmt, 0), (size_t)len);
    sqlite3_finalize(stmt);
    copy[len / 2] ^= 0xff;
    ck_assert_int_eq(sqlite3_prepare_v2(db, update, -1, &stmt, NULL), SQLITE_OK);
    sqlite3_bind_blob(stmt, 1, id, (int)id_len, SQLITE_STATIC);
    sqlite3_bind_blob(stmt, 2, copy, len, SQLITE_STATIC);
    ck_assert_int_eq(sqlite3_step(stmt), SQLITE_DONE);
    ck_assert_int_eq(sqlite3_changes(db), 1);
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    free(copy);
}

static void flip_task_byte(const char *dir, int i, const char *column)
{
    locus_digest key = key_of(i);
    flip_byte(dir, "task", column, "key = ?1", key.bytes, sizeof key.bytes);
}

/* ---- round trips ---- */

START_TEST(round_trip_meta_and_data)
{
    char *dir = tu_mkdtemp();
    lp_cache *cache = open_cache(dir, 0);
    static char data[100000];
    fill(data, sizeof data, 1, 0);
    put(cache, 1, "meta-one", data, sizeof data);

    locus_buf out = LOCUS_BUF_INIT;
    /* Queued, not yet committed: still readable, and not in the file yet. */
    ck_assert_int_eq(get_meta(cache, 1, &out), 1);
    assert_buf_eq(&out, "meta-one", 8);
    ck_assert_int_eq(get_data(cache, 1, &out), 1);
    assert_buf_eq(&out, data, sizeof data);
    ck_assert_int_eq(rows_with_key(dir, 1), 0);

    flush(cache);
    ck_assert_int_eq(rows_with_key(dir, 1), 1);
    ck_assert_int_eq(get_meta(cache, 1, &out), 1);
    assert_buf_eq(&out, "meta-one", 8);
    ck_assert_int_eq(get_data(cache, 1, &out), 1);
    assert_buf_eq(&out, data, sizeof data);

    /* Results are appended to what out already holds. */
    lp_error err = {{0}};
    locus_digest key = key_of(1);
    locus_buf_clear(&out);
    locus_buf_puts(&out, "prefix:");
    ck_assert_int_eq(lp_cache_get_meta(cache, &key, &out, &err), 1);
    ck_assert_str_eq(out.data, "prefix:meta-one");

    locus_buf_free(&out);
    close_cache(cache);
    tu_rmtree(dir);
    free(dir);
}
END_TEST

START_TEST(round_trip_empty_values)
{
    char *dir = tu_mkdtemp();
    lp_cache *cache = open_cache(dir, 0);
    lp_error err = {{0}};
    locus_digest key = key_of(7);
    ck_assert_msg(lp_cache_put(cache, &key, NULL, 0, NULL, 0, &err) == 0, "%s", err.msg);
    flush(cache);
    locus_buf out = LOCUS_BUF_INIT;
    ck_assert_int_eq(get_meta(cache, 7, &out), 1);
    ck_assert_uint_eq(out.len, 0);
    ck_assert_int_eq(get_data(cache, 7, &out), 1);
    ck_assert_uint_eq(out.len, 0);
    locus_buf_free(&out);
    close_cache(cache);
    tu_rmtree(dir);
    free(dir);
}
END_TEST

START_TEST(miss_on_unknown_key)
{
    char *dir = tu_mkdtemp();
    lp_cache *cache = open_cache(dir, 0);
    put(cache, 1, "m", "data", 4);
    flush(cache);
    lp_error err = {{0}};
    locus_digest key = key_of(2);
    locus_buf out = LOCUS_BUF_INIT;
    locus_buf_puts(&out, "keep");
    ck_assert_int_eq(lp_cache_get_meta(cache, &key, &out, &err), 0);
    ck_assert_int_eq(lp_cache_get_data(cache, &key, &out, &err), 0);
    ck_assert_str_eq(out.data, "keep");
    locus_buf_free(&out);
    close_cache(cache);
    tu_rmtree(dir);
    free(dir);
}
END_TEST

START_TEST(reopen_still_hits)
{
    char *dir = tu_mkdtemp();
    char data[3000], meta[32];
    lp_cache *cache = open_cache(dir, 0);
    for (int i = 0; i < 100; i++) {
        fill(data, sizeof data, (uint32_t)i, i % 2);
        snprintf(meta, sizeof meta, "meta %d", i);
        put(cache, i, meta, data, sizeof data);
    }
    close_cache(cache); /* no flush: close commits the queue */

    cache = open_cache(dir, 0);
    locus_buf out = LOCUS_BUF_INIT;
    for (int i = 0; i < 100; i++) {
        fill(data, sizeof data, (uint32_t)i, i % 2);
        snprintf(meta, sizeof meta, "meta %d", i);
        ck_assert_int_eq(get_meta(cache, i, &out), 1);
        ck_assert_str_eq(out.data, meta);
        ck_assert_int_eq(get_data(cache, i, &out), 1);
        assert_buf_eq(&out, data, sizeof data);
    }
    ck_assert_int_eq(get_meta(cache, 100, &out), 0);
    locus_buf_free(&out);
    close_cache(cache);
    tu_rmtree(dir);
    free(dir);
}
END_TEST

START_TEST(garbage_database_file_is_replaced)
{
    char *dir = tu_mkdtemp();
    char junk[8192];
    memset(junk, 'x', sizeof junk - 1);
    junk[sizeof junk - 1] = '\0';
    tu_write(dir, "cache.db", junk);
    lp_cache *cache = open_cache(dir, 0);
    locus_buf out = LOCUS_BUF_INIT;
    ck_assert_int_eq(get_meta(cache, 1, &out), 0);
    put(cache, 1, "meta", "data", 4);
    close_cache(cache);
    cache = open_cache(dir, 0);
    ck_assert_int_eq(get_meta(cache, 1, &out), 1);
    locus_buf_free(&out);
    close_cache(cache);
    tu_rmtree(dir);
    free(dir);
}
END_TEST

START_TEST(put_replaces_same_key)
{
    char *dir = tu_mkdtemp();
    lp_cache *cache = open_cache(dir, 0);
    locus_buf out = LOCUS_BUF_INIT;
    put(cache, 1, "old", "old data", 8);
    flush(cache);
    put(cache, 1, "new", "new data!", 9);
    /* The queued value wins over the committed one before the flush... */
    ck_assert_int_eq(get_meta(cache, 1, &out), 1);
    ck_assert_str_eq(out.data, "new");
    ck_assert_int_eq(get_data(cache, 1, &out), 1);
    ck_assert_str_eq(out.data, "new data!");
    close_cache(cache);
    /* ...and after it. */
    cache = open_cache(dir, 0);
    ck_assert_int_eq(get_meta(cache, 1, &out), 1);
    ck_assert_str_eq(out.data, "new");
    ck_assert_int_eq(get_data(cache, 1, &out), 1);
    ck_assert_str_eq(out.data, "new data!");
    ck_assert_uint_eq(stats_of(cache).entries, 1);
    locus_buf_free(&out);
    close_cache(cache);
    tu_rmtree(dir);
    free(dir);
}
END_TEST

/* ---- corruption: a damaged row is a miss and is deleted ---- */

enum damage {
    FLIP_DATA,
    TRUNCATE_DATA,
    FLIP_META,
    FLIP_DIGEST,
    WRONG_SIZE,
    HUGE_SIZE, /* must be a miss, not an attempt to allocate a petabyte */
    DAMAGE_COUNT
};

static void damage_row(const char *dir, int i, enum damage how)
{
    switch (how) {
    case FLIP_DATA:
        flip_task_byte(dir, i, "data");
        break;
    case TRUNCATE_DATA:
        raw_key_sql(dir, "UPDATE task SET data = substr(data, 1, length(data) - 5) WHERE key = ?1",
                    i, NULL, 0);
        break;
    case FLIP_META:
        flip_task_byte(dir, i, "meta");
        break;
    case FLIP_DIGEST:
        flip_task_byte(dir, i, "data_digest");
        break;
    case WRONG_SIZE:
        raw_key_sql(dir, "UPDATE task SET raw_size = raw_size - 1 WHERE key = ?1", i, NULL, 0);
        break;
    case HUGE_SIZE:
        raw_key_sql(dir, "UPDATE task SET raw_size = 1 << 50 WHERE key = ?1", i, NULL, 0);
        break;
    default:
        ck_abort();
    }
}

START_TEST(corrupt_row_is_miss_and_deleted)
{
    enum damage how = (enum damage)_i;
    char *dir = tu_mkdtemp();
    lp_cache *cache = open_cache(dir, 0);
    static char data[20000];
    fill(data, sizeof data, 5, 0);
    put(cache, 1, "the meta of one", data, sizeof data);
    put(cache, 2, "the meta of two", data, sizeof data);
    flush(cache);
    damage_row(dir, 1, how);

    locus_buf out = LOCUS_BUF_INIT;
    locus_buf_puts(&out, "untouched");
    lp_error err = {{0}};
    locus_digest key = key_of(1);
    int rc = how == FLIP_META ? lp_cache_get_meta(cache, &key, &out, &err)
                              : lp_cache_get_data(cache, &key, &out, &err);
    ck_assert_msg(rc == 0, "damage %d: rc %d (%s)", how, rc, err.msg);
    ck_assert_str_eq(out.data, "untouched");
    ck_assert_int_eq(rows_with_key(dir, 1), 0);
    ck_assert_int_eq(get_meta(cache, 1, &out), 0);

    /* The neighbour is intact. */
    ck_assert_int_eq(get_data(cache, 2, &out), 1);
    assert_buf_eq(&out, data, sizeof data);
    locus_buf_free(&out);
    close_cache(cache);
    tu_rmtree(dir);
    free(dir);
}
END_TEST

START_TEST(corrupt_state_is_miss_and_deleted)
{
    char *dir = tu_mkdtemp();
    lp_cache *cache = open_cache(dir, 0);
    static char blob[10000];
    fill(blob, sizeof blob, 9, 0);
    lp_error err = {{0}};
    ck_assert_int_eq(lp_cache_state_put(cache, "manifest", blob, sizeof blob, &err), 0);

    flip_byte(dir, "state", "value", "name = CAST(?1 AS TEXT)", "manifest", 8);

    locus_buf out = LOCUS_BUF_INIT;
    ck_assert_int_eq(lp_cache_state_get(cache, "manifest", &out, &err), 0);
    ck_assert_uint_eq(out.len, 0);
    ck_assert_int_eq(raw_count(dir, "SELECT count(*) FROM state"), 0);
    locus_buf_free(&out);
    close_cache(cache);
    tu_rmtree(dir);
    free(dir);
}
END_TEST

/* ---- LRU ---- */

/* Give every row i an access time two days ago, plus i seconds. */
static void age_rows(const char *dir, int count)
{
    int64_t base = (int64_t)time(NULL) - 2 * 86400;
    for (int i = 0; i < count; i++) {
        char sql[96];
        snprintf(sql, sizeof sql, "UPDATE task SET atime = %lld WHERE key = ?1",
                 (long long)(base + i));
        raw_key_sql(dir, sql, i, NULL, 0);
    }
}

START_TEST(gc_evicts_least_recently_used)
{
    enum { ROWS = 40, TOUCHED = 5 };
    char *dir = tu_mkdtemp();
    lp_cache *cache = open_cache(dir, 0);
    char data[1000];
    for (int i = 0; i < ROWS; i++) {
        fill(data, sizeof data, (uint32_t)i, 1);
        put(cache, i, "m", data, sizeof data);
    }
    flush(cache);
    age_rows(dir, ROWS);
    /* Use the oldest rows: they become the most recent. */
    locus_buf out = LOCUS_BUF_INIT;
    for (int i = 0; i < TOUCHED; i++)
        ck_assert_int_eq(get_meta(cache, i, &out), 1);

    lp_cache_stats before = stats_of(cache);
    ck_assert_uint_eq(before.entries, ROWS);
    uint64_t limit = before.bytes / 2;
    uint64_t evicted = 0;
    lp_error err = {{0}};
    ck_assert_msg(lp_cache_gc(cache, limit, &evicted, &err) == 0, "%s", err.msg);
    lp_cache_stats after = stats_of(cache);
    ck_assert_uint_le(after.bytes, limit);
    ck_assert_uint_gt(evicted, 0);
    ck_assert_uint_eq(after.entries, ROWS - evicted);
    /* Exactly the oldest untouched rows went; touched and newest remain. */
    for (int i = 0; i < ROWS; i++) {
        int expect = i < TOUCHED || i >= TOUCHED + (int)evicted;
        ck_assert_msg(get_data(cache, i, &out) == expect, "row %d", i);
    }
    locus_buf_free(&out);
    close_cache(cache);
    tu_rmtree(dir);
    free(dir);
}
END_TEST

START_TEST(access_time_refresh_is_coarse)
{
    char *dir = tu_mkdtemp();
    lp_cache *cache = open_cache(dir, 0);
    put(cache, 1, "m", "recent", 6);
    put(cache, 2, "m", "stale", 5);
    flush(cache);
    int64_t now = (int64_t)time(NULL);
    char sql[96];
    snprintf(sql, sizeof sql, "UPDATE task SET atime = %lld WHERE key = ?1", (long long)(now - 60));
    raw_key_sql(dir, sql, 1, NULL, 0);
    snprintf(sql, sizeof sql, "UPDATE task SET atime = %lld WHERE key = ?1",
             (long long)(now - 7200));
    raw_key_sql(dir, sql, 2, NULL, 0);

    locus_buf out = LOCUS_BUF_INIT;
    ck_assert_int_eq(get_data(cache, 1, &out), 1);
    ck_assert_int_eq(get_data(cache, 2, &out), 1);
    flush(cache);
    const char *atime = "SELECT atime FROM task WHERE key = ?1";
    ck_assert_int_eq(raw_key_sql(dir, atime, 1, NULL, 0), now - 60);
    ck_assert_int_ge(raw_key_sql(dir, atime, 2, NULL, 0), now);
    locus_buf_free(&out);
    close_cache(cache);
    tu_rmtree(dir);
    free(dir);
}
END_TEST

START_TEST(close_evicts_to_limit_after_writing)
{
    enum { ROWS = 100, LIMIT = 20000 };
    char *dir = tu_mkdtemp();
    char data[1000];
    lp_cache *cache = open_cache(dir, LIMIT);
    for (int i = 0; i < ROWS; i++) {
        fill(data, sizeof data, (uint32_t)i, 1);
        put(cache, i, "m", data, sizeof data);
    }
    close_cache(cache);

    cache = open_cache(dir, 0);
    lp_cache_stats stats = stats_of(cache);
    ck_assert_uint_le(stats.bytes, LIMIT);
    ck_assert_uint_gt(stats.entries, 0);
    ck_assert_uint_lt(stats.entries, ROWS);
    close_cache(cache);
    tu_rmtree(dir);
    free(dir);
}
END_TEST

START_TEST(close_without_writes_does_not_evict)
{
    enum { ROWS = 50 };
    char *dir = tu_mkdtemp();
    char data[1000];
    lp_cache *cache = open_cache(dir, 0);
    for (int i = 0; i < ROWS; i++) {
        fill(data, sizeof data, (uint32_t)i, 1);
        put(cache, i, "m", data, sizeof data);
    }
    close_cache(cache);

    /* A reader with a tiny limit leaves the rows alone. */
    cache = open_cache(dir, 1000);
    locus_buf out = LOCUS_BUF_INIT;
    ck_assert_int_eq(get_data(cache, 3, &out), 1);
    close_cache(cache);
    ck_assert_int_eq(raw_count(dir, "SELECT count(*) FROM task"), ROWS);

    /* gc with limit 0 uses the configured limit. */
    cache = open_cache(dir, 5000);
    lp_error err = {{0}};
    uint64_t evicted = 0;
    ck_assert_msg(lp_cache_gc(cache, 0, &evicted, &err) == 0, "%s", err.msg);
    ck_assert_uint_gt(evicted, 0);
    ck_assert_uint_le(stats_of(cache).bytes, 5000);
    locus_buf_free(&out);
    close_cache(cache);
    tu_rmtree(dir);
    free(dir);
}
END_TEST

START_TEST(gc_checkpoints_the_wal)
{
    char *dir = tu_mkdtemp();
    lp_cache *cache = open_cache(dir, 0);
    static char data[50000];
    for (int i = 0; i < 20; i++) {
        fill(data, sizeof data, (uint32_t)i, 1);
        put(cache, i, "m", data, sizeof data);
    }
    flush(cache);
    char *wal = tu_path(dir, "cache.db-wal");
    struct stat st;
    ck_assert_int_eq(stat(wal, &st), 0);
    ck_assert_int_gt(st.st_size, 0);
    lp_error err = {{0}};
    uint64_t evicted = 99;
    ck_assert_msg(lp_cache_gc(cache, 0, &evicted, &err) == 0, "%s", err.msg);
    ck_assert_uint_eq(evicted, 0); /* unbounded */
    ck_assert_int_eq(stat(wal, &st), 0);
    ck_assert_int_eq(st.st_size, 0);
    ck_assert_uint_eq(stats_of(cache).entries, 20);
    free(wal);
    close_cache(cache);
    tu_rmtree(dir);
    free(dir);
}
END_TEST

/* ---- state, stats, clear ---- */

static int state_get(lp_cache *cache, const char *name, locus_buf *out)
{
    lp_error err = {{0}};
    locus_buf_clear(out);
    int rc = lp_cache_state_get(cache, name, out, &err);
    ck_assert_msg(rc == 0 || rc == 1, "%s", err.msg);
    return rc;
}

static void state_put(lp_cache *cache, const char *name, const void *data, size_t len)
{
    lp_error err = {{0}};
    ck_assert_msg(lp_cache_state_put(cache, name, data, len, &err) == 0, "%s", err.msg);
}

START_TEST(state_get_put_overwrite)
{
    char *dir = tu_mkdtemp();
    lp_cache *cache = open_cache(dir, 0);
    locus_buf out = LOCUS_BUF_INIT;
    ck_assert_int_eq(state_get(cache, "project:/out", &out), 0);
    state_put(cache, "project:/out", "one", 3);
    ck_assert_int_eq(state_get(cache, "project:/out", &out), 1);
    ck_assert_str_eq(out.data, "one");
    state_put(cache, "project:/out", "second value", 12);
    ck_assert_int_eq(state_get(cache, "project:/out", &out), 1);
    ck_assert_str_eq(out.data, "second value");
    state_put(cache, "empty", "", 0);
    ck_assert_int_eq(state_get(cache, "empty", &out), 1);
    ck_assert_uint_eq(out.len, 0);
    ck_assert_int_eq(state_get(cache, "project:/other", &out), 0);

    /* state_put commits queued task rows first. */
    put(cache, 1, "m", "d", 1);
    static char big[1 << 20];
    fill(big, sizeof big, 3, 0);
    state_put(cache, "big", big, sizeof big);
    ck_assert_int_eq(rows_with_key(dir, 1), 1);
    close_cache(cache);

    cache = open_cache(dir, 0);
    ck_assert_int_eq(state_get(cache, "project:/out", &out), 1);
    ck_assert_str_eq(out.data, "second value");
    ck_assert_int_eq(state_get(cache, "big", &out), 1);
    assert_buf_eq(&out, big, sizeof big);
    ck_assert_uint_eq(stats_of(cache).state_rows, 3);
    locus_buf_free(&out);
    close_cache(cache);
    tu_rmtree(dir);
    free(dir);
}
END_TEST

START_TEST(stats_count_rows_and_bytes)
{
    char *dir = tu_mkdtemp();
    lp_cache *cache = open_cache(dir, 123456789);
    lp_cache_stats stats = stats_of(cache);
    ck_assert_uint_eq(stats.entries, 0);
    ck_assert_uint_eq(stats.bytes, 0);
    ck_assert_uint_eq(stats.raw_bytes, 0);
    ck_assert_uint_eq(stats.state_rows, 0);
    ck_assert_uint_eq(stats.limit, 123456789);
    ck_assert_uint_gt(stats.file_bytes, 0);
    sqlite3 *db = raw_open(dir);
    sqlite3_stmt *stmt = NULL;
    ck_assert_int_eq(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &stmt, NULL), SQLITE_OK);
    ck_assert_int_eq(sqlite3_step(stmt), SQLITE_ROW);
    ck_assert_str_eq((const char *)sqlite3_column_text(stmt, 0), "wal");
    sqlite3_finalize(stmt);
    sqlite3_close(db);

    char data[5000];
    uint64_t raw = 0;
    for (int i = 0; i < 10; i++) {
        size_t len = 1000 + 400 * (size_t)i;
        fill(data, len, (uint32_t)i, 0);
        put(cache, i, "meta", data, len);
        raw += len;
    }
    state_put(cache, "a", "x", 1);
    state_put(cache, "b", "y", 1);
    put(cache, 10, "queued", "", 0); /* stats include what is still queued */
    stats = stats_of(cache);
    ck_assert_uint_eq(stats.entries, 11);
    ck_assert_uint_eq(stats.raw_bytes, raw);
    ck_assert_uint_eq(stats.bytes,
                      raw_count(dir, "SELECT sum(length(meta) + length(data)) FROM task"));
    /* Compressible data is stored compressed. */
    ck_assert_uint_lt(stats.bytes, raw / 2);
    ck_assert_uint_eq(stats.state_rows, 2);
    ck_assert_uint_gt(stats.file_bytes, stats.bytes);
    close_cache(cache);
    tu_rmtree(dir);
    free(dir);
}
END_TEST

START_TEST(clear_removes_everything)
{
    char *dir = tu_mkdtemp();
    lp_cache *cache = open_cache(dir, 0);
    static char data[30000];
    for (int i = 0; i < 30; i++) {
        fill(data, sizeof data, (uint32_t)i, 1);
        put(cache, i, "m", data, sizeof data);
    }
    flush(cache);
    state_put(cache, "s", "v", 1);
    put(cache, 100, "queued", "q", 1);
    uint64_t file_before = stats_of(cache).file_bytes;

    lp_error err = {{0}};
    ck_assert_msg(lp_cache_clear(cache, &err) == 0, "%s", err.msg);
    lp_cache_stats stats = stats_of(cache);
    ck_assert_uint_eq(stats.entries, 0);
    ck_assert_uint_eq(stats.bytes, 0);
    ck_assert_uint_eq(stats.raw_bytes, 0);
    ck_assert_uint_eq(stats.state_rows, 0);
    ck_assert_uint_lt(stats.file_bytes, file_before / 2);
    locus_buf out = LOCUS_BUF_INIT;
    ck_assert_int_eq(get_meta(cache, 0, &out), 0);
    ck_assert_int_eq(get_meta(cache, 100, &out), 0);
    ck_assert_int_eq(state_get(cache, "s", &out), 0);

    /* Still usable. */
    put(cache, 1, "again", "x", 1);
    flush(cache);
    ck_assert_int_eq(get_meta(cache, 1, &out), 1);
    ck_assert_str_eq(out.data, "again");
    locus_buf_free(&out);
    close_cache(cache);
    tu_rmtree(dir);
    free(dir);
}
END_TEST

/* ---- batching ---- */

START_TEST(batched_puts_all_readable)
{
    enum { ROWS = 5000 };
    char *dir = tu_mkdtemp();
    lp_cache *cache = open_cache(dir, 0);
    char data[3000], meta[32];
    for (int i = 0; i < ROWS; i++) {
        size_t len = 1000 + (size_t)(i % 2000);
        fill(data, len, (uint32_t)i, 0);
        snprintf(meta, sizeof meta, "m%d", i);
        put(cache, i, meta, data, len);
    }
    /* The queue commits itself as it fills, so it never holds everything... */
    int64_t committed = raw_count(dir, "SELECT count(*) FROM task");
    ck_assert_int_gt(committed, ROWS / 2);
    ck_assert_int_lt(committed, ROWS);
    flush(cache);
    /* ...and flush commits the rest. */
    ck_assert_int_eq(raw_count(dir, "SELECT count(*) FROM task"), ROWS);

    locus_buf out = LOCUS_BUF_INIT;
    for (int i = 0; i < ROWS; i++) {
        size_t len = 1000 + (size_t)(i % 2000);
        fill(data, len, (uint32_t)i, 0);
        snprintf(meta, sizeof meta, "m%d", i);
        ck_assert_int_eq(get_meta(cache, i, &out), 1);
        ck_assert_str_eq(out.data, meta);
        ck_assert_int_eq(get_data(cache, i, &out), 1);
        assert_buf_eq(&out, data, len);
    }
    locus_buf_free(&out);
    close_cache(cache);
    tu_rmtree(dir);
    free(dir);
}
END_TEST

/* ---- concurrency ---- */

/* A writer's value for key i: meta "<tag> <i>", data seeded by both, so a
 * reader can tell which writer a row came from and that it is whole. */
enum { WRITER_DATA = 1500 };

static void writer_value(char tag, int i, char *meta, size_t meta_size, char *data)
{
    snprintf(meta, meta_size, "%c %d", tag, i);
    fill(data, WRITER_DATA, (uint32_t)(tag * 100000 + i), 0);
}

/* Put keys [first, last) as writer tag; 0 on success. No Check asserts:
 * this also runs in a forked child and in threads. */
static int write_range(const char *dir, char tag, int first, int last)
{
    lp_cache *cache = NULL;
    lp_error err;
    char meta[32], data[WRITER_DATA];
    if (lp_cache_open(dir, 0, &cache, &err) != 0)
        return 1;
    int failed = 0;
    for (int i = first; i < last && !failed; i++) {
        writer_value(tag, i, meta, sizeof meta, data);
        locus_digest key = key_of(i);
        failed = lp_cache_put(cache, &key, meta, strlen(meta), data, sizeof data, &err) != 0;
        if (i % 500 == 0 && !failed)
            failed = lp_cache_flush(cache, &err) != 0;
    }
    return lp_cache_close(cache, &err) != 0 || failed;
}

/* Writer A puts keys [0, 2000) and B puts [1000, 3000), at the same time. */
enum { A_FIRST = 0, A_LAST = 2000, B_FIRST = 1000, B_LAST = 3000 };

static int from_allowed_writer(int i, char tag)
{
    return (tag == 'A' && i >= A_FIRST && i < A_LAST) || (tag == 'B' && i >= B_FIRST && i < B_LAST);
}

/* Every key holds a whole value (meta and data) from a writer that put it. */
static void check_written(const char *dir)
{
    lp_cache *cache = open_cache(dir, 0);
    locus_buf out = LOCUS_BUF_INIT;
    char meta[32], data[WRITER_DATA];
    for (int i = A_FIRST; i < B_LAST; i++) {
        ck_assert_msg(get_meta(cache, i, &out) == 1, "key %d", i);
        char tag = out.data[0];
        ck_assert_msg(from_allowed_writer(i, tag), "key %d from %c", i, tag);
        writer_value(tag, i, meta, sizeof meta, data);
        ck_assert_str_eq(out.data, meta);
        ck_assert_int_eq(get_data(cache, i, &out), 1);
        assert_buf_eq(&out, data, sizeof data);
    }
    ck_assert_uint_eq(stats_of(cache).entries, B_LAST - A_FIRST);
    locus_buf_free(&out);
    close_cache(cache);
}

START_TEST(two_processes_share_a_cache)
{
    char *dir = tu_mkdtemp();
    int go[2];
    ck_assert_int_eq(pipe(go), 0);
    pid_t child = fork();
    ck_assert_int_ge(child, 0);
    if (child == 0) {
        char byte;
        close(go[1]);
        if (read(go[0], &byte, 1) != 1)
            _exit(2);
        _exit(write_range(dir, 'B', B_FIRST, B_LAST));
    }
    close(go[0]);
    ck_assert_int_eq(write(go[1], "x", 1), 1);
    close(go[1]);
    int mine = write_range(dir, 'A', A_FIRST, A_LAST);
    int status = 0;
    ck_assert_int_eq(waitpid(child, &status, 0), child);
    ck_assert_int_eq(mine, 0);
    ck_assert(WIFEXITED(status));
    ck_assert_int_eq(WEXITSTATUS(status), 0);
    check_written(dir);
    sqlite3 *db = raw_open(dir);
    sqlite3_stmt *stmt = NULL;
    ck_assert_int_eq(sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &stmt, NULL), SQLITE_OK);
    ck_assert_int_eq(sqlite3_step(stmt), SQLITE_ROW);
    ck_assert_str_eq((const char *)sqlite3_column_text(stmt, 0), "ok");
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    tu_rmtree(dir);
    free(dir);
}
END_TEST

typedef struct writer_job {
    const char *dir;
    char tag;
    int first, last;
    int failed;
} writer_job;

static void *writer_thread(void *arg)
{
    writer_job *job = arg;
    job->failed = write_range(job->dir, job->tag, job->first, job->last);
    return NULL;
}

START_TEST(two_caches_in_two_threads)
{
    char *dir = tu_mkdtemp();
    writer_job jobs[2] = {{dir, 'A', A_FIRST, A_LAST, -1}, {dir, 'B', B_FIRST, B_LAST, -1}};
    pthread_t threads[2];
    for (int t = 0; t < 2; t++)
        ck_assert_int_eq(pthread_create(&threads[t], NULL, writer_thread, &jobs[t]), 0);
    for (int t = 0; t < 2; t++) {
        pthread_join(threads[t], NULL);
        ck_assert_int_eq(jobs[t].failed, 0);
    }
    check_written(dir);
    tu_rmtree(dir);
    free(dir);
}
END_TEST

enum { SHARED_ROWS = 300, READERS = 6 };

typedef struct reader_job {
    lp_cache *cache;
    int id;
    int errors;
    atomic_int *last_put; /* newest key the putter has put, -1 at first */
    atomic_int *putting;  /* 1 until the putter is done */
} reader_job;

/* Read every shared row a few times, checking the bytes. */
static void *reader_thread(void *arg)
{
    reader_job *job = arg;
    locus_buf out = LOCUS_BUF_INIT;
    lp_error err;
    char meta[32], data[WRITER_DATA];
    for (int round = 0; round < 3; round++) {
        for (int n = 0; n < SHARED_ROWS; n++) {
            int i = (n + job->id * 37) % SHARED_ROWS;
            locus_digest key = key_of(i);
            writer_value('A', i, meta, sizeof meta, data);
            locus_buf_clear(&out);
            if (lp_cache_get_meta(job->cache, &key, &out, &err) != 1 || strcmp(out.data, meta))
                job->errors++;
            locus_buf_clear(&out);
            if (lp_cache_get_data(job->cache, &key, &out, &err) != 1 || out.len != sizeof data ||
                memcmp(out.data, data, sizeof data) != 0)
                job->errors++;
        }
    }
    locus_buf_free(&out);
    return NULL;
}

/* Meanwhile, put and read back other keys through the same cache. */
static void *putter_thread(void *arg)
{
    reader_job *job = arg;
    locus_buf out = LOCUS_BUF_INIT;
    lp_error err;
    char meta[32], data[WRITER_DATA];
    for (int i = SHARED_ROWS; i < SHARED_ROWS + 1000; i++) {
        writer_value('C', i, meta, sizeof meta, data);
        locus_digest key = key_of(i);
        if (lp_cache_put(job->cache, &key, meta, strlen(meta), data, sizeof data, &err) != 0)
            job->errors++;
        atomic_store(job->last_put, i);
        locus_buf_clear(&out);
        if (lp_cache_get_data(job->cache, &key, &out, &err) != 1 || out.len != sizeof data)
            job->errors++;
    }
    atomic_store(job->putting, 0);
    locus_buf_free(&out);
    return NULL;
}

/* Read the putter's newest key again and again: whether it is queued,
 * being committed or committed, it must be there. */
static void *chaser_thread(void *arg)
{
    reader_job *job = arg;
    locus_buf out = LOCUS_BUF_INIT;
    lp_error err;
    while (atomic_load(job->putting)) {
        int i = atomic_load(job->last_put);
        if (i < 0)
            continue;
        locus_digest key = key_of(i);
        locus_buf_clear(&out);
        if (lp_cache_get_meta(job->cache, &key, &out, &err) != 1)
            job->errors++;
    }
    locus_buf_free(&out);
    return NULL;
}

START_TEST(concurrent_readers_and_writer)
{
    char *dir = tu_mkdtemp();
    lp_cache *cache = open_cache(dir, 0);
    char meta[32], data[WRITER_DATA];
    for (int i = 0; i < SHARED_ROWS; i++) {
        writer_value('A', i, meta, sizeof meta, data);
        put(cache, i, meta, data, sizeof data);
    }
    flush(cache);
    /* READERS readers, a putter, a chaser. */
    reader_job jobs[READERS + 2];
    pthread_t threads[READERS + 2];
    atomic_int last_put = -1, putting = 1;
    for (int t = 0; t < READERS + 2; t++) {
        jobs[t] = (reader_job){cache, t, 0, &last_put, &putting};
        void *(*run)(void *) = t < READERS ? reader_thread
                               : t == READERS ? putter_thread
                                              : chaser_thread;
        ck_assert_int_eq(pthread_create(&threads[t], NULL, run, &jobs[t]), 0);
    }
    for (int t = 0; t < READERS + 2; t++) {
        pthread_join(threads[t], NULL);
        ck_assert_msg(jobs[t].errors == 0, "thread %d: %d errors", t, jobs[t].errors);
    }
    ck_assert_uint_eq(stats_of(cache).entries, SHARED_ROWS + 1000);
    close_cache(cache);
    tu_rmtree(dir);
    free(dir);
}
END_TEST

/* ---- opening ---- */

START_TEST(open_creates_nested_private_directory)
{
    char *base = tu_mkdtemp();
    char *dir = tu_path(base, "a/b/cache");
    lp_cache *cache = open_cache(dir, 0);
    struct stat st;
    ck_assert_int_eq(stat(dir, &st), 0);
    ck_assert(S_ISDIR(st.st_mode));
    ck_assert_int_eq(st.st_mode & 0777, 0700);
    close_cache(cache);
    ck_assert_int_eq(lp_cache_close(NULL, NULL), 0);
    tu_rmtree(base);
    free(dir);
    free(base);
}
END_TEST

START_TEST(open_fails_with_path_in_message)
{
    char *base = tu_mkdtemp();
    tu_write(base, "file", "not a directory");
    char *dir = tu_path(base, "file/cache");
    lp_cache *cache = (lp_cache *)1;
    lp_error err = {{0}};
    ck_assert_int_eq(lp_cache_open(dir, 0, &cache, &err), -1);
    ck_assert_ptr_null(cache);
    ck_assert_msg(strstr(err.msg, "file") != NULL, "%s", err.msg);

    /* (A file that is not a database is replaced: see
     * garbage_database_file_is_replaced.) */
    free(dir);
    tu_rmtree(base);
    free(base);
}
END_TEST

static void reopen_after(const char *dir, const char *sql)
{
    sqlite3 *db = raw_open(dir);
    raw_exec(db, sql);
    sqlite3_close(db);
    lp_cache *cache = open_cache(dir, 0);
    locus_buf out = LOCUS_BUF_INIT;
    /* Rebuilt, so the old row is gone, and the cache works. */
    ck_assert_int_eq(get_meta(cache, 1, &out), 0);
    put(cache, 2, "fresh", "data", 4);
    flush(cache);
    ck_assert_int_eq(get_meta(cache, 2, &out), 1);
    ck_assert_str_eq(out.data, "fresh");
    locus_buf_free(&out);
    close_cache(cache);
}

START_TEST(other_schema_versions_are_rebuilt)
{
    char *dir = tu_mkdtemp();
    lp_cache *cache = open_cache(dir, 0);
    put(cache, 1, "m", "d", 1);
    close_cache(cache);
    /* A newer version, with a table we do not know. */
    reopen_after(dir, "PRAGMA user_version = 99; CREATE TABLE future(x);");
    ck_assert_int_eq(raw_count(dir, "SELECT count(*) FROM sqlite_master WHERE name = 'future'"), 0);
    /* An older, unversioned one whose task table has another shape. */
    reopen_after(dir, "PRAGMA user_version = 0; DROP TABLE task; DROP TABLE state;"
                      "CREATE TABLE task(key, value); INSERT INTO task VALUES (1, 2);");
    tu_rmtree(dir);
    free(dir);
}
END_TEST

static Suite *cache_suite(void)
{
    Suite *suite = suite_create("cache");
    TCase *basic = tcase_create("basic");
    tcase_add_test(basic, round_trip_meta_and_data);
    tcase_add_test(basic, round_trip_empty_values);
    tcase_add_test(basic, miss_on_unknown_key);
    tcase_add_test(basic, reopen_still_hits);
    tcase_add_test(basic, put_replaces_same_key);
    tcase_add_test(basic, garbage_database_file_is_replaced);
    tcase_add_loop_test(basic, corrupt_row_is_miss_and_deleted, 0, DAMAGE_COUNT);
    tcase_add_test(basic, corrupt_state_is_miss_and_deleted);
    tcase_add_test(basic, state_get_put_overwrite);
    tcase_add_test(basic, stats_count_rows_and_bytes);
    tcase_add_test(basic, clear_removes_everything);
    tcase_add_test(basic, open_creates_nested_private_directory);
    tcase_add_test(basic, open_fails_with_path_in_message);
    tcase_add_test(basic, other_schema_versions_are_rebuilt);
    suite_add_tcase(suite, basic);

    TCase *lru = tcase_create("lru");
    tcase_add_test(lru, gc_evicts_least_recently_used);
    tcase_add_test(lru, access_time_refresh_is_coarse);
    tcase_add_test(lru, close_evicts_to_limit_after_writing);
    tcase_add_test(lru, close_without_writes_does_not_evict);
    tcase_add_test(lru, gc_checkpoints_the_wal);
    suite_add_tcase(suite, lru);

    /* Thousands of rows; slower under sanitizers. */
    TCase *load = tcase_create("load");
    tcase_set_timeout(load, 120);
    tcase_add_test(load, batched_puts_all_readable);
    tcase_add_test(load, two_processes_share_a_cache);
    tcase_add_test(load, two_caches_in_two_threads);
    tcase_add_test(load, concurrent_readers_and_writer);
    suite_add_tcase(suite, load);
    return suite;
}

int main(void)
{
    SRunner *runner = srunner_create(cache_suite());
    srunner_run_all(runner, CK_NORMAL);
    int failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
