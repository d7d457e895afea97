/* session.c — what watch mode keeps between builds: in-memory results
 * (the memo), the source lists and the paths reported dirty. */
#include "session.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "digest.h"
#include "engine_int.h"

lp_session *lp_session_new(void)
{
    lp_session *session = calloc(1, sizeof(lp_session));
    if (session)
        pthread_mutex_init(&session->blobs_lock, NULL);
    return session;
}

static void free_blobs(lp_session *session)
{
    for (size_t i = 0; i < session->blobs_cap; i++)
        if (session->blobs[i].occupied)
            free(session->blobs[i].data);
    free(session->blobs);
    session->blobs = NULL;
    session->blobs_cap = session->blobs_count = 0;
}

static void free_dirty(lp_session *session)
{
    for (size_t i = 0; i < session->dirty.cap; i++)
        free((char *)session->dirty.keys[i]);
    lp_strmap_free(&session->dirty);
}

static int save_state(lp_session *session, lp_error *err)
{
    if (!session->cache)
        return 0;
    int rc = 0;
    char name[8192];
    if (session->lists_valid) {
        const lp_source_list *lists[session->n_lists + 1];
        size_t n = 0;
        for (size_t i = 0; i < session->n_lists; i++)
            if (session->lists[i].n)
                lists[n++] = &session->lists[i];
        locus_buf blob = LOCUS_BUF_INIT;
        snprintf(name, sizeof name, "src:%s", session->src);
        rc |= lp_statcache_encode(lists, n, session->scan_time_ns, &blob) != 0 ||
              lp_cache_state_put(session->cache, name, blob.data, blob.len, err) != 0;
        locus_buf_free(&blob);
    }
    if (session->manifest && session->out) {
        locus_buf blob = LOCUS_BUF_INIT;
        snprintf(name, sizeof name, "out:%s", session->out);
        rc |= lp_manifest_encode(session->manifest, &blob) != 0 ||
              lp_cache_state_put(session->cache, name, blob.data, blob.len, err) != 0;
        locus_buf_free(&blob);
    }
    return rc ? -1 : 0;
}

int lp_session_free(lp_session *session, lp_error *err)
{
    if (!session)
        return 0;
    int rc = save_state(session, err);
    if (lp_cache_close(session->cache, rc == 0 ? err : NULL) != 0)
        rc = -1;
    lp_pool_free(session->pool);
    for (size_t i = 0; i < session->n_lists; i++)
        lp_source_list_free(&session->lists[i]);
    free(session->lists);
    free(session->src);
    free(session->out);
    lp_manifest_free(session->manifest);
    free_dirty(session);
    lp_memo_free(&session->results);
    free_blobs(session);
    pthread_mutex_destroy(&session->blobs_lock);
    free(session);
    return rc;
}

int lp_session_mark_dirty(lp_session *session, const char *rel_path)
{
    if (lp_strmap_get(&session->dirty, rel_path))
        return 0;
    char *copy = strdup(rel_path);
    if (!copy || lp_strmap_put(&session->dirty, copy, copy) != 0) {
        free(copy);
        session->all_dirty = 1; /* cannot remember it: rescan everything */
        return -1;
    }
    return 0;
}

void lp_session_mark_all_dirty(lp_session *session)
{
    session->all_dirty = 1;
}

void lp_session_clear_dirty(lp_session *session)
{
    free_dirty(session);
    session->all_dirty = 0;
}

size_t lp_session_results(const lp_session *session)
{
    return session->results.count;
}

/* ---- incremental source lists -------------------------------------------- */

/* Discovery order: depth first, each directory's entries by strcmp of
 * their names — i.e. component-wise strcmp of the relative paths. */
static int path_order(const char *a, const char *b)
{
    for (;;) {
        size_t la = strcspn(a, "/"), lb = strcspn(b, "/");
        size_t n = la < lb ? la : lb;
        int c = memcmp(a, b, n);
        if (c == 0 && la != lb)
            c = la < lb ? -1 : 1; /* a name is shorter than one it prefixes */
        if (c != 0 || !a[la] || !b[lb])
            return c != 0 ? c : (a[la] ? 1 : b[lb] ? -1 : 0);
        a += la + 1;
        b += lb + 1;
    }
}

static size_t find_position(const lp_source_list *list, const char *key, int *found)
{
    size_t lo = 0, hi = list->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = path_order(list->files[mid].key, key);
        if (c == 0) {
            *found = 1;
            return mid;
        }
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    *found = 0;
    return lo;
}

static void remove_at(lp_source_list *list, size_t index)
{
    free(list->files[index].key);
    memmove(&list->files[index], &list->files[index + 1],
            (list->n - index - 1) * sizeof *list->files);
    list->n--;
}

static int insert_at(lp_source_list *list, size_t index, const char *key)
{
    if (list->n == list->cap) {
        size_t cap = list->cap ? list->cap * 2 : 64;
        lp_source_file *grown = realloc(list->files, cap * sizeof *grown);
        if (!grown)
            return -1;
        list->files = grown;
        list->cap = cap;
    }
    memmove(&list->files[index + 1], &list->files[index], (list->n - index) * sizeof *list->files);
    memset(&list->files[index], 0, sizeof *list->files);
    list->n++;
    return (list->files[index].key = strdup(key)) ? 0 : -1;
}

static int64_t ts_ns(struct timespec ts)
{
    return (int64_t)ts.tv_sec * 1000000000ll + ts.tv_nsec;
}

static int refresh_path(lp_source_list *list, const char *root, const char *rel,
                        char *const *include, int recursive, uint64_t max_file_size,
                        lp_error *err)
{
    char abs[8192];
    snprintf(abs, sizeof abs, "%s/%s", root, rel);
    struct stat st;
    int present = lstat(abs, &st) == 0 && S_ISREG(st.st_mode) && lp_glob_match(include, rel) &&
                  (recursive || !strchr(rel, '/'));
    int found;
    size_t at = find_position(list, rel, &found);
    if (!present) {
        if (found)
            remove_at(list, at);
        return 0;
    }
    if (max_file_size && (uint64_t)st.st_size > max_file_size)
        return lp_fail(err, "%s: file is %lld bytes, larger than max_file_size (%llu)", abs,
                       (long long)st.st_size, (unsigned long long)max_file_size);
    if (!found && insert_at(list, at, rel) != 0)
        return lp_fail(err, "out of memory");
    lp_source_file *file = &list->files[at];
    file->size = (uint64_t)st.st_size;
    file->mtime_ns = ts_ns(st.st_mtim);
    file->ctime_ns = ts_ns(st.st_ctim);
    file->ino = (uint64_t)st.st_ino;
    file->hashed = 0; /* lp_sources_digest reads it */
    return 0;
}

int lp_session_refresh_list(lp_session *session, lp_source_list *list, const char *root,
                            char *const *include, int recursive, uint64_t max_file_size,
                            lp_error *err)
{
    for (size_t i = 0; i < session->dirty.cap; i++) {
        const char *rel = session->dirty.keys[i];
        if (rel && refresh_path(list, root, rel, include, recursive, max_file_size, err) != 0)
            return -1;
    }
    return 0;
}

/* ---- stage memos ------------------------------------------------------- */

static size_t blob_slot(const blob_entry *table, size_t cap, const locus_digest *key)
{
    size_t mask = cap - 1;
    size_t slot = (size_t)lp_digest_u64(key) & mask;
    while (table[slot].occupied && !lp_digest_eq(&table[slot].key, key))
        slot = (slot + 1) & mask;
    return slot;
}

static int blobs_grow(lp_session *session)
{
    size_t cap = session->blobs_cap ? session->blobs_cap * 2 : 1024;
    blob_entry *table = calloc(cap, sizeof *table);
    if (!table)
        return -1;
    for (size_t i = 0; i < session->blobs_cap; i++)
        if (session->blobs[i].occupied)
            table[blob_slot(table, cap, &session->blobs[i].key)] = session->blobs[i];
    free(session->blobs);
    session->blobs = table;
    session->blobs_cap = cap;
    return 0;
}

void *lp_blobmemo_get(lp_session *session, const locus_digest *key, locus_arena *arena,
                      size_t *len)
{
    void *copy = NULL;
    pthread_mutex_lock(&session->blobs_lock);
    if (session->blobs_cap) {
        blob_entry *e = &session->blobs[blob_slot(session->blobs, session->blobs_cap, key)];
        if (e->occupied && (copy = locus_arena_alloc(arena, e->len ? e->len : 1)) != NULL) {
            memcpy(copy, e->data, e->len);
            *len = e->len;
            e->idle = 0;
        }
    }
    pthread_mutex_unlock(&session->blobs_lock);
    return copy;
}

int lp_blobmemo_put(lp_session *session, const locus_digest *key, const void *data, size_t len)
{
    void *copy = malloc(len ? len : 1);
    if (!copy)
        return -1;
    memcpy(copy, data, len);
    pthread_mutex_lock(&session->blobs_lock);
    int rc = 0;
    if ((session->blobs_count + 1) * 2 > session->blobs_cap && blobs_grow(session) != 0) {
        rc = -1;
    } else {
        blob_entry *e = &session->blobs[blob_slot(session->blobs, session->blobs_cap, key)];
        if (e->occupied) {
            free(e->data);
        } else {
            e->occupied = 1;
            e->key = *key;
            session->blobs_count++;
        }
        e->data = copy;
        e->len = len;
        e->idle = 0;
        copy = NULL;
    }
    pthread_mutex_unlock(&session->blobs_lock);
    free(copy);
    return rc;
}

void lp_blobmemo_begin_build(lp_session *session)
{
    for (size_t i = 0; i < session->blobs_cap; i++)
        session->blobs[i].idle++;
}

/* Whether an entry survives the build that just ended: one that several
 * builds in a row did not use is stale (an edit after one file's save
 * usually touches another file, whose blocks must still be there). */
static int memo_kept(const blob_entry *e)
{
    return e->occupied && e->idle <= LP_MEMO_IDLE_BUILDS;
}

void lp_blobmemo_evict_unused(lp_session *session)
{
    blob_entry *old = session->blobs;
    size_t old_cap = session->blobs_cap;
    size_t kept = 0;
    for (size_t i = 0; i < old_cap; i++)
        kept += memo_kept(&old[i]);
    if (kept == session->blobs_count)
        return;
    session->blobs = NULL;
    session->blobs_cap = session->blobs_count = 0;
    for (size_t i = 0; i < old_cap; i++) {
        if (!old[i].occupied)
            continue;
        if (!memo_kept(&old[i]) || ((session->blobs_count + 1) * 2 > session->blobs_cap &&
                             blobs_grow(session) != 0)) {
            free(old[i].data);
            continue;
        }
        session->blobs[blob_slot(session->blobs, session->blobs_cap, &old[i].key)] = old[i];
        session->blobs_count++;
    }
    free(old);
}
