/* sources.c — source discovery in discovery order, and the stat cache that
 * lets an unchanged tree go unread. */
#include "sources.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "codec.h"
#include "digest.h"
#include "strmap.h"

#define STATCACHE_MAGIC 0x3153504cu /* "LPS1" */
/* Entries modified less than this long before the previous scan started
 * are re-hashed: the kernel stamps files from a coarse clock, so a write
 * just after that scan could carry the same mtime as the one it saw. */
#define TRUST_MARGIN_NS (100ll * 1000 * 1000)
#define MMAP_THRESHOLD (1u << 20)

struct lp_statcache {
    locus_arena *arena;
    lp_strmap by_key;
    int64_t scan_time_ns;
};

typedef struct cached_stat {
    const char *key;
    uint64_t size;
    int64_t mtime_ns;
    int64_t ctime_ns;
    uint64_t ino;
    locus_digest digest;
} cached_stat;

int lp_glob_match(char *const *include, const char *rel_path)
{
    const char *base = strrchr(rel_path, '/');
    base = base ? base + 1 : rel_path;
    for (char *const *pat = include; pat && *pat; pat++) {
        int on_path = strchr(*pat, '/') != NULL;
        if (fnmatch(*pat, on_path ? rel_path : base, on_path ? FNM_PATHNAME : 0) == 0)
            return 1;
    }
    return 0;
}

static int64_t ts_ns(struct timespec ts)
{
    return (int64_t)ts.tv_sec * 1000000000ll + ts.tv_nsec;
}

static int list_push(lp_source_list *list, const char *key, const struct stat *st)
{
    if (list->n == list->cap) {
        size_t cap = list->cap ? list->cap * 2 : 64;
        lp_source_file *grown = realloc(list->files, cap * sizeof *grown);
        if (!grown)
            return -1;
        list->files = grown;
        list->cap = cap;
    }
    lp_source_file *file = &list->files[list->n];
    memset(file, 0, sizeof *file);
    if (!(file->key = strdup(key)))
        return -1;
    file->size = (uint64_t)st->st_size;
    file->mtime_ns = ts_ns(st->st_mtim);
    file->ctime_ns = ts_ns(st->st_ctim);
    file->ino = (uint64_t)st->st_ino;
    list->n++;
    return 0;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
    return strcmp((*a)->d_name, (*b)->d_name);
}

static int is_excluded(const char *abs_dir, const char *const *exclude)
{
    for (const char *const *ex = exclude; ex && *ex; ex++)
        if (strcmp(abs_dir, *ex) == 0)
            return 1;
    return 0;
}

typedef struct scan_ctx {
    const char *root;
    char *const *include;
    int recursive;
    const char *const *exclude;
    uint64_t max_file_size;
    lp_source_list *list;
    lp_error *err;
} scan_ctx;

static int scan_dir(scan_ctx *ctx, const char *rel_dir);

static int scan_entry(scan_ctx *ctx, const char *rel_dir, const char *name)
{
    char rel[4096], abs[8192];
    int n = rel_dir[0] ? snprintf(rel, sizeof rel, "%s/%s", rel_dir, name)
                       : snprintf(rel, sizeof rel, "%s", name);
    if (n < 0 || (size_t)n >= sizeof rel)
        return lp_fail(ctx->err, "%s/%s: path too long", ctx->root, rel_dir);
    snprintf(abs, sizeof abs, "%s/%s", ctx->root, rel);
    struct stat st;
    if (lstat(abs, &st) != 0) {
        if (errno == ENOENT) /* deleted while we scan: not a source any more */
            return 0;
        return lp_fail(ctx->err, "%s: %s", abs, strerror(errno));
    }
    if (S_ISDIR(st.st_mode)) {
        if (!ctx->recursive || is_excluded(abs, ctx->exclude))
            return 0;
        return scan_dir(ctx, rel);
    }
    if (!S_ISREG(st.st_mode) || !lp_glob_match(ctx->include, rel))
        return 0;
    if (ctx->max_file_size && (uint64_t)st.st_size > ctx->max_file_size)
        return lp_fail(ctx->err, "%s: file is %lld bytes, larger than max_file_size (%llu)",
                       abs, (long long)st.st_size, (unsigned long long)ctx->max_file_size);
    if (list_push(ctx->list, rel, &st) != 0)
        return lp_fail(ctx->err, "out of memory");
    return 0;
}

static int scan_dir(scan_ctx *ctx, const char *rel_dir)
{
    char abs[8192];
    if (rel_dir[0])
        snprintf(abs, sizeof abs, "%s/%s", ctx->root, rel_dir);
    else
        snprintf(abs, sizeof abs, "%s", ctx->root);
    struct dirent **entries = NULL;
    int n = scandir(abs, &entries, NULL, by_name);
    if (n < 0)
        return lp_fail(ctx->err, "%s: cannot read directory: %s", abs, strerror(errno));
    int rc = 0;
    for (int i = 0; i < n; i++) {
        const char *name = entries[i]->d_name;
        if (rc == 0 && strcmp(name, ".") != 0 && strcmp(name, "..") != 0)
            rc = scan_entry(ctx, rel_dir, name);
        free(entries[i]);
    }
    free(entries);
    return rc;
}

int lp_sources_scan(const char *root, char *const *include, int recursive,
                    const char *const *exclude, uint64_t max_file_size,
                    lp_source_list *list, lp_error *err)
{
    struct stat st;
    if (stat(root, &st) != 0)
        return lp_fail(err, "%s: source directory: %s", root, strerror(errno));
    if (!S_ISDIR(st.st_mode))
        return lp_fail(err, "%s: source directory is not a directory", root);
    scan_ctx ctx = {root, include, recursive, exclude, max_file_size, list, err};
    return scan_dir(&ctx, "");
}

void lp_source_list_free(lp_source_list *list)
{
    for (size_t i = 0; i < list->n; i++)
        free(list->files[i].key);
    free(list->files);
    memset(list, 0, sizeof *list);
}

static int trusted(const lp_statcache *prev, const lp_source_file *file, locus_digest *digest)
{
    if (!prev)
        return 0;
    const cached_stat *entry = lp_strmap_get(&prev->by_key, file->key);
    if (!entry || entry->size != file->size || entry->mtime_ns != file->mtime_ns ||
        entry->ctime_ns != file->ctime_ns || entry->ino != file->ino)
        return 0;
    if (file->mtime_ns + TRUST_MARGIN_NS > prev->scan_time_ns ||
        file->ctime_ns + TRUST_MARGIN_NS > prev->scan_time_ns)
        return 0;
    *digest = entry->digest;
    return 1;
}

static int read_whole(const char *path, uint64_t expect_size, void **data, size_t *len,
                      lp_error *err)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return lp_fail(err, "%s: cannot read: %s", path, strerror(errno));
    size_t cap = (size_t)expect_size + 1, used = 0;
    char *buf = malloc(cap);
    if (!buf) {
        close(fd);
        return lp_fail(err, "%s: out of memory", path);
    }
    for (;;) {
        if (used == cap) {
            char *grown = realloc(buf, cap * 2);
            if (!grown)
                break;
            buf = grown;
            cap *= 2;
        }
        ssize_t got = read(fd, buf + used, cap - used);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            int saved = errno;
            free(buf);
            close(fd);
            return lp_fail(err, "%s: cannot read: %s", path, strerror(saved));
        }
        if (got == 0)
            break;
        used += (size_t)got;
    }
    close(fd);
    *data = buf;
    *len = used;
    return 0;
}

/* Hash a file without keeping it: mmap for large files. */
static int hash_file(const char *path, uint64_t size, locus_digest *digest, lp_error *err)
{
    if (size >= MMAP_THRESHOLD) {
        int fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0)
            return lp_fail(err, "%s: cannot read: %s", path, strerror(errno));
        void *map = mmap(NULL, (size_t)size, PROT_READ, MAP_PRIVATE, fd, 0);
        close(fd);
        if (map == MAP_FAILED)
            return lp_fail(err, "%s: cannot map: %s", path, strerror(errno));
        *digest = locus_digest_of(map, (size_t)size);
        munmap(map, (size_t)size);
        return 0;
    }
    void *data;
    size_t len;
    if (read_whole(path, size, &data, &len, err) != 0)
        return -1;
    *digest = locus_digest_of(data, len);
    free(data);
    return 0;
}

int lp_sources_digest(const char *root, lp_source_list *list, const lp_statcache *previous,
                      size_t *files_read, lp_error *err)
{
    size_t read_count = 0;
    for (size_t i = 0; i < list->n; i++) {
        lp_source_file *file = &list->files[i];
        if (file->hashed)
            continue;
        if (trusted(previous, file, &file->digest)) {
            file->hashed = 1;
            continue;
        }
        char path[8192];
        snprintf(path, sizeof path, "%s/%s", root, file->key);
        if (hash_file(path, file->size, &file->digest, err) != 0)
            return -1;
        file->hashed = 1;
        read_count++;
    }
    if (files_read)
        *files_read = read_count;
    return 0;
}

int lp_source_read(const char *root, const lp_source_file *file, void **data, size_t *len,
                   lp_error *err)
{
    char path[8192];
    snprintf(path, sizeof path, "%s/%s", root, file->key);
    if (read_whole(path, file->size, data, len, err) != 0)
        return -1;
    locus_digest digest = locus_digest_of(*data, *len);
    if (!lp_digest_eq(&digest, &file->digest)) {
        free(*data);
        *data = NULL;
        return lp_fail(err, "%s: the file changed during the build; run again", path);
    }
    return 0;
}

int lp_statcache_encode(const lp_source_list *const *lists, size_t n_lists,
                        int64_t scan_time_ns, locus_buf *out)
{
    size_t total = 0;
    for (size_t l = 0; l < n_lists; l++)
        total += lists[l]->n;
    if (lp_put_u32(out, STATCACHE_MAGIC) || lp_put_u64(out, (uint64_t)scan_time_ns) ||
        lp_put_u32(out, (uint32_t)total))
        return -1;
    for (size_t l = 0; l < n_lists; l++) {
        for (size_t i = 0; i < lists[l]->n; i++) {
            const lp_source_file *f = &lists[l]->files[i];
            if (lp_put_str(out, f->key) || lp_put_u64(out, f->size) ||
                lp_put_u64(out, (uint64_t)f->mtime_ns) || lp_put_u64(out, (uint64_t)f->ctime_ns) ||
                lp_put_u64(out, f->ino) || lp_put_digest(out, &f->digest))
                return -1;
        }
    }
    return 0;
}

int lp_statcache_decode(const void *data, size_t len, lp_statcache **out)
{
    lp_statcache *cache = calloc(1, sizeof *cache);
    if (!cache || !(cache->arena = locus_arena_new()))
        goto fail;
    lp_reader reader;
    lp_reader_init(&reader, data, len);
    if (lp_get_u32(&reader) != STATCACHE_MAGIC)
        goto fail;
    cache->scan_time_ns = (int64_t)lp_get_u64(&reader);
    uint32_t count = lp_get_u32(&reader);
    for (uint32_t i = 0; i < count && !reader.bad; i++) {
        cached_stat *entry = locus_arena_alloc(cache->arena, sizeof *entry);
        if (!entry)
            goto fail;
        entry->key = lp_get_str(&reader, cache->arena);
        entry->size = lp_get_u64(&reader);
        entry->mtime_ns = (int64_t)lp_get_u64(&reader);
        entry->ctime_ns = (int64_t)lp_get_u64(&reader);
        entry->ino = lp_get_u64(&reader);
        entry->digest = lp_get_digest(&reader);
        if (reader.bad || !entry->key || lp_strmap_put(&cache->by_key, entry->key, entry) != 0)
            goto fail;
    }
    if (reader.bad || reader.pos != reader.end)
        goto fail;
    *out = cache;
    return 0;
fail:
    lp_statcache_free(cache);
    return -1;
}

void lp_statcache_free(lp_statcache *cache)
{
    if (!cache)
        return;
    lp_strmap_free(&cache->by_key);
    locus_arena_free(cache->arena);
    free(cache);
}

size_t lp_statcache_count(const lp_statcache *cache)
{
    return cache ? cache->by_key.count : 0;
}
