/* outwriter.c — the output-directory writer (outwriter.h): writes only the
 * files whose bytes changed, never through a symlink or outside the out
 * dir, and on finish removes what the previous build wrote and this one
 * did not. The manifest it returns is built in manifest.c.
 *
 * Every path is resolved from a descriptor of the out dir (openat and
 * friends), so the working directory never matters.
 *
 * Nothing is fsynced. The outputs can always be regenerated from the cache,
 * and a file a crash truncates or loses normally no longer matches the
 * (size, mtime, inode) the manifest recorded, so the next build rewrites it;
 * an fsync per file would dominate a cold build of ~49,000 files.
 */
#include "outwriter.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "digest.h"
#include "locus/output.h"
#include "manifest.h"

#define TEMP_PREFIX ".locus-tmp-"
#define TEMP_ATTEMPTS 16
#define KNOWN_FLAGS ((unsigned)LOCUS_OUT_IF_MISSING)
#define HASH_CHUNK 16384

struct lp_writer {
    char *out_dir;               /* for messages; no trailing '/' */
    int out_fd;                  /* every path is resolved from here */
    const lp_manifest *previous; /* the last build's manifest (not ours), or NULL */
    pid_t pid;                   /* temp names: pid + counter */
    atomic_uint_fast64_t temp_counter;
    bool lock_ready;
    pthread_mutex_t lock;        /* guards everything below */
    bool finished;
    lp_manifest *current;        /* this build's paths, claimed before their I/O */
    lp_manifest *dirs;           /* directories seen to be real (checked or made) */
    lp_writer_stats stats;
};

/* One lp_writer_submit call. */
typedef struct submission {
    const char *path;
    const locus_digest *digest;
    uint64_t size;
    unsigned flags;
    const void *data;
    lp_fetch_fn fetch;
    void *fetch_ctx;
} submission;

/* A file as the writer left it, for the manifest. */
typedef struct file_state {
    locus_digest digest;
    uint64_t size;
    int64_t mtime_ns;
    uint64_t inode;
    bool written;
} file_state;

static int fail_errno(lp_error *err, const lp_writer *writer, const char *what,
                      const char *path, int errnum)
{
    char buf[128];
    return lp_fail(err, "%s %s/%s: %s", what, writer->out_dir, path,
                   strerror_r(errnum, buf, sizeof buf));
}

/* ---- path policy -------------------------------------------------------- */

/* path with control characters escaped, for messages. */
static const char *printable(const char *path, char *buf, size_t size)
{
    size_t used = 0;
    for (const unsigned char *p = (const unsigned char *)path; *p && used + 5 < size; p++) {
        if (*p < 0x20 || *p == 0x7f)
            used += (size_t)snprintf(buf + used, size - used, "\\x%02x", *p);
        else
            buf[used++] = (char)*p;
    }
    buf[used] = '\0';
    return buf;
}

static const char *path_problem(const char *path)
{
    if (!path || !*path)
        return "is empty";
    if (path[0] == '/')
        return "is absolute";
    if (strlen(path) >= PATH_MAX)
        return "is too long";
    const char *component = path;
    for (const char *p = path;; p++) {
        unsigned char c = (unsigned char)*p;
        if (c == '\\')
            return "contains a backslash";
        if ((c && c < 0x20) || c == 0x7f)
            return "contains a control character";
        if (c != '/' && c != '\0')
            continue;
        size_t len = (size_t)(p - component);
        if (len == 0)
            return "has an empty component (leading, trailing or double '/')";
        if (len == 1 && component[0] == '.')
            return "has a \".\" component";
        if (len == 2 && component[0] == '.' && component[1] == '.')
            return "has a \"..\" component";
        if (len > NAME_MAX)
            return "has a component longer than NAME_MAX";
        if (!c)
            return NULL;
        component = p + 1;
    }
}

int lp_outpath_check(const char *path, lp_error *err)
{
    const char *problem = path_problem(path);
    if (!problem)
        return 0;
    char shown[512];
    return lp_fail(err, "output path \"%s\" %s", path ? printable(path, shown, sizeof shown) : "",
                   problem);
}

/* ---- small file-system helpers ------------------------------------------ */

static int64_t mtime_ns(const struct stat *st)
{
    return (int64_t)st->st_mtim.tv_sec * 1000000000 + st->st_mtim.tv_nsec;
}

static bool stat_matches(const manifest_entry *entry, const struct stat *st)
{
    return entry->inode == (uint64_t)st->st_ino && entry->size == (uint64_t)st->st_size &&
           entry->mtime_ns == mtime_ns(st);
}

static bool is_claimed(lp_writer *writer, const char *path)
{
    pthread_mutex_lock(&writer->lock);
    bool claimed = manifest_get(writer->current, path) != NULL;
    pthread_mutex_unlock(&writer->lock);
    return claimed;
}

static bool dir_known(lp_writer *writer, const char *path, size_t len)
{
    uint64_t hash = manifest_hash(path, len);
    pthread_mutex_lock(&writer->lock);
    bool known = manifest_find(writer->dirs, path, len, hash) != NULL;
    pthread_mutex_unlock(&writer->lock);
    return known;
}

static int dir_remember(lp_writer *writer, const char *path, size_t len)
{
    uint64_t hash = manifest_hash(path, len);
    int rc = 0;
    pthread_mutex_lock(&writer->lock);
    if (!manifest_find(writer->dirs, path, len, hash) &&
        !manifest_add(writer->dirs, path, len, hash))
        rc = -1;
    pthread_mutex_unlock(&writer->lock);
    return rc;
}

/* Record the directories above path, from floor_len characters on, as
 * possibly emptied. Best effort: running out of memory only leaves empty
 * directories behind. */
static void note_parents(lp_manifest *emptied, const char *path, size_t floor_len)
{
    for (const char *slash = strchr(path, '/'); slash; slash = strchr(slash + 1, '/')) {
        size_t len = (size_t)(slash - path);
        uint64_t hash = manifest_hash(path, len);
        if (len >= floor_len && !manifest_find(emptied, path, len, hash))
            manifest_add(emptied, path, len, hash);
    }
}

static int deepest_first(const void *a, const void *b)
{
    const manifest_entry *const *x = a;
    const manifest_entry *const *y = b;
    return (int)(*y)->path_len - (int)(*x)->path_len;
}

/* rmdir each noted directory, children before parents. rmdir itself refuses
 * a directory that still holds anything, ours or not; that is the point. */
static void remove_empty_dirs(const lp_writer *writer, const lp_manifest *emptied)
{
    const manifest_entry **order = malloc((emptied->count + 1) * sizeof *order);
    if (!order)
        return;
    for (size_t i = 0; i < emptied->count; i++)
        order[i] = &emptied->entries[i];
    qsort(order, emptied->count, sizeof *order, deepest_first);
    for (size_t i = 0; i < emptied->count; i++)
        (void)unlinkat(writer->out_fd, order[i]->path, AT_REMOVEDIR);
    free(order);
}

/* ---- stale files -------------------------------------------------------- */

/* Every directory above path is a real directory (not a symlink, not
 * missing). A stale file reached any other way is not ours to touch. */
static bool parents_are_real(lp_writer *writer, const char *path)
{
    char dir[PATH_MAX];
    for (const char *slash = strchr(path, '/'); slash; slash = strchr(slash + 1, '/')) {
        size_t len = (size_t)(slash - path);
        if (dir_known(writer, path, len))
            continue;
        memcpy(dir, path, len);
        dir[len] = '\0';
        struct stat st;
        if (fstatat(writer->out_fd, dir, &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISDIR(st.st_mode))
            return false;
        (void)dir_remember(writer, dir, len);
    }
    return true;
}

/* 1 if the file's bytes hash to the entry's digest, 0 if not, -1 on error. */
static int content_matches(const lp_writer *writer, const manifest_entry *entry, lp_error *err)
{
    int fd = openat(writer->out_fd, entry->path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return errno == ENOENT || errno == ELOOP
                   ? 0 : fail_errno(err, writer, "cannot read stale file", entry->path, errno);
    lp_hasher *hasher = lp_hasher_new();
    char *chunk = malloc(HASH_CHUNK);
    int errnum = ENOMEM;
    int rc = -1;
    if (!hasher || !chunk)
        goto done;
    for (;;) {
        ssize_t got = read(fd, chunk, HASH_CHUNK);
        if (got == 0)
            break;
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            errnum = errno;
            goto done;
        }
        lp_hasher_bytes(hasher, chunk, (size_t)got);
    }
    locus_digest digest = lp_hasher_finish(hasher);
    rc = lp_digest_eq(&digest, &entry->digest);
done:
    free(chunk);
    lp_hasher_free(hasher);
    close(fd);
    return rc >= 0 ? rc : fail_errno(err, writer, "cannot read stale file", entry->path, errnum);
}

/* Remove the file a previous-build entry names if it still is what we
 * wrote: same (size, mtime, inode), or failing that the same bytes.
 * 1 removed, 0 left alone (gone, replaced, behind a symlink), -1 error. */
static int remove_if_ours(lp_writer *writer, const manifest_entry *entry, lp_error *err)
{
    if (!parents_are_real(writer, entry->path))
        return 0;
    struct stat st;
    if (fstatat(writer->out_fd, entry->path, &st, AT_SYMLINK_NOFOLLOW) != 0)
        return errno == ENOENT || errno == ENOTDIR
                   ? 0 : fail_errno(err, writer, "cannot check stale file", entry->path, errno);
    if (!S_ISREG(st.st_mode))
        return 0;
    if (!stat_matches(entry, &st)) {
        if ((uint64_t)st.st_size != entry->size)
            return 0;
        int same = content_matches(writer, entry, err);
        if (same <= 0)
            return same;
    }
    if (unlinkat(writer->out_fd, entry->path, 0) != 0)
        return errno == ENOENT
                   ? 0 : fail_errno(err, writer, "cannot remove stale file", entry->path, errno);
    pthread_mutex_lock(&writer->lock);
    writer->stats.removed++;
    pthread_mutex_unlock(&writer->lock);
    return 1;
}

/* A stale file of ours stands where this build needs a directory (an
 * output "x" became "x/index"). Remove it now: finish would be too late.
 * 1 removed, 0 not ours, -1 error. */
static int clear_stale_file(lp_writer *writer, const char *path, lp_error *err)
{
    const manifest_entry *entry = manifest_get(writer->previous, path);
    if (!entry || (entry->flags & LOCUS_OUT_IF_MISSING) || is_claimed(writer, path))
        return 0;
    return remove_if_ours(writer, entry, err);
}

/* A directory stands where this build writes a file (outputs "x/..." became
 * "x"). Remove the stale files of ours under it, then the directories that
 * leaves empty. 1 if the path is free now, 0 if not, -1 error. */
static int clear_stale_dir(lp_writer *writer, const char *path, lp_error *err)
{
    const lp_manifest *previous = writer->previous;
    size_t len = strlen(path);
    lp_manifest *emptied = lp_manifest_new();
    if (!emptied)
        return lp_fail(err, "out of memory clearing %s/%s", writer->out_dir, path);
    int rc = 0;
    for (size_t i = 0; previous && i < previous->count && rc >= 0; i++) {
        const manifest_entry *entry = &previous->entries[i];
        if (entry->path_len <= len || entry->path[len] != '/' ||
            memcmp(entry->path, path, len) != 0 || (entry->flags & LOCUS_OUT_IF_MISSING) ||
            is_claimed(writer, entry->path))
            continue;
        rc = remove_if_ours(writer, entry, err);
        if (rc > 0)
            note_parents(emptied, entry->path, len);
    }
    if (rc >= 0)
        remove_empty_dirs(writer, emptied);
    lp_manifest_free(emptied);
    if (rc < 0)
        return -1;
    struct stat st;
    return fstatat(writer->out_fd, path, &st, AT_SYMLINK_NOFOLLOW) != 0 && errno == ENOENT;
}

/* ---- directories -------------------------------------------------------- */

/* Make dir, a parent of path, exist as a real directory. */
static int make_parent(lp_writer *writer, const char *dir, const char *path, lp_error *err)
{
    for (int attempt = 0; attempt < 3; attempt++) {
        struct stat st;
        if (fstatat(writer->out_fd, dir, &st, AT_SYMLINK_NOFOLLOW) != 0) {
            if (errno != ENOENT)
                return fail_errno(err, writer, "cannot check directory", dir, errno);
            if (mkdirat(writer->out_fd, dir, 0777) == 0)
                return 0;
            if (errno != EEXIST) /* else another thread made it: look again */
                return fail_errno(err, writer, "cannot create directory", dir, errno);
            continue;
        }
        if (S_ISDIR(st.st_mode))
            return 0;
        if (S_ISLNK(st.st_mode))
            return lp_fail(err, "refusing to write %s/%s: %s/%s is a symlink", writer->out_dir,
                           path, writer->out_dir, dir);
        int cleared = clear_stale_file(writer, dir, err);
        if (cleared < 0)
            return -1;
        if (!cleared)
            return lp_fail(err, "cannot write %s/%s: %s/%s is not a directory",
                           writer->out_dir, path, writer->out_dir, dir);
    }
    return lp_fail(err, "cannot create directory %s/%s: it keeps changing", writer->out_dir, dir);
}

/* mkdir -p for path's parents inside the out dir, refusing symlinks. Each
 * directory is looked at once per build; later files only hit the set. */
static int ensure_parents(lp_writer *writer, const char *path, lp_error *err)
{
    const char *last = strrchr(path, '/');
    if (!last || dir_known(writer, path, (size_t)(last - path)))
        return 0;
    char dir[PATH_MAX];
    for (const char *slash = strchr(path, '/'); slash; slash = strchr(slash + 1, '/')) {
        size_t len = (size_t)(slash - path);
        if (dir_known(writer, path, len))
            continue;
        memcpy(dir, path, len);
        dir[len] = '\0';
        if (make_parent(writer, dir, path, err) != 0)
            return -1;
        if (dir_remember(writer, dir, len) != 0)
            return lp_fail(err, "out of memory writing %s/%s", writer->out_dir, path);
    }
    return 0;
}

/* ---- writing one file --------------------------------------------------- */

/* 1 if path is a regular file (st filled), 0 if nothing is there, -1 if it
 * must not be written over: a symlink, or a directory that is not our own
 * stale output. */
static int inspect_target(lp_writer *writer, const char *path, struct stat *st, lp_error *err)
{
    if (fstatat(writer->out_fd, path, st, AT_SYMLINK_NOFOLLOW) != 0)
        return errno == ENOENT ? 0 : fail_errno(err, writer, "cannot check", path, errno);
    if (S_ISREG(st->st_mode))
        return 1;
    if (S_ISLNK(st->st_mode))
        return lp_fail(err, "refusing to write %s/%s: it is a symlink", writer->out_dir, path);
    if (!S_ISDIR(st->st_mode))
        return lp_fail(err, "cannot write %s/%s: it exists and is not a regular file",
                       writer->out_dir, path);
    int cleared = clear_stale_dir(writer, path, err);
    if (cleared < 0)
        return -1;
    if (!cleared)
        return lp_fail(err, "cannot write %s/%s: a directory is in the way", writer->out_dir,
                       path);
    return 0;
}

static int write_all(int fd, const void *bytes, size_t len)
{
    const char *p = bytes;
    while (len > 0) {
        ssize_t done = write(fd, p, len);
        if (done < 0 && errno == EINTR)
            continue;
        if (done < 0)
            return -1;
        p += done;
        len -= (size_t)done;
    }
    return 0;
}

/* Write the bytes, note the file's identity, close fd (in every case). */
static int fill_and_close(int fd, const void *bytes, size_t len, file_state *state)
{
    struct stat st;
    int rc = write_all(fd, bytes, len);
    if (rc == 0)
        rc = fstat(fd, &st);
    int errnum = errno;
    if (close(fd) != 0 && rc == 0) {
        rc = -1;
        errnum = errno;
    }
    if (rc != 0) {
        errno = errnum;
        return -1;
    }
    state->size = (uint64_t)st.st_size;
    state->mtime_ns = mtime_ns(&st);
    state->inode = (uint64_t)st.st_ino;
    state->written = true;
    return 0;
}

/* A file that does not exist yet: one open, no temp file, no rename.
 * 0 written, 1 the path exists after all (nothing done), -1 error. */
static int create_file(lp_writer *writer, const char *path, const void *bytes, size_t len,
                       file_state *state, lp_error *err)
{
    int fd = openat(writer->out_fd, path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
                    0666);
    if (fd < 0)
        return errno == EEXIST ? 1 : fail_errno(err, writer, "cannot create", path, errno);
    if (fill_and_close(fd, bytes, len, state) != 0) {
        int errnum = errno;
        (void)unlinkat(writer->out_fd, path, 0); /* never leave a half-written file */
        return fail_errno(err, writer, "cannot write", path, errnum);
    }
    return 0;
}

/* A fresh ".locus-tmp-*" file next to path; its name goes to temp. */
static int open_temp(lp_writer *writer, const char *path, char temp[PATH_MAX], lp_error *err)
{
    const char *slash = strrchr(path, '/');
    int dir_len = slash ? (int)(slash - path + 1) : 0;
    for (int attempt = 0; attempt < TEMP_ATTEMPTS; attempt++) {
        uint64_t n = atomic_fetch_add(&writer->temp_counter, 1);
        int len = snprintf(temp, PATH_MAX, "%.*s" TEMP_PREFIX "%ld-%" PRIu64, dir_len, path,
                           (long)writer->pid, n);
        if (len < 0 || len >= PATH_MAX)
            return lp_fail(err, "cannot write %s/%s: path too long for a temp file",
                           writer->out_dir, path);
        int fd = openat(writer->out_fd, temp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
                        0666);
        if (fd >= 0)
            return fd;
        if (errno != EEXIST)
            return fail_errno(err, writer, "cannot create a temp file to replace", path, errno);
    }
    return lp_fail(err, "cannot write %s/%s: no free temp file name", writer->out_dir, path);
}

/* An existing file: temp file + rename, so readers see the old bytes or the
 * new ones, never a mix. */
static int replace_file(lp_writer *writer, const char *path, const void *bytes, size_t len,
                        file_state *state, lp_error *err)
{
    char temp[PATH_MAX];
    int fd = open_temp(writer, path, temp, err);
    if (fd < 0)
        return -1;
    const char *what = "cannot write a temp file to replace";
    if (fill_and_close(fd, bytes, len, state) != 0)
        goto fail;
    what = "cannot rename a temp file over";
    if (renameat(writer->out_fd, temp, writer->out_fd, path) != 0)
        goto fail;
    return 0;
fail:;
    int errnum = errno;
    (void)unlinkat(writer->out_fd, temp, 0);
    return fail_errno(err, writer, what, path, errnum);
}

static int load_bytes(const lp_writer *writer, const submission *sub, const void **bytes,
                      lp_error *err)
{
    if (sub->data) {
        *bytes = sub->data;
        return 0;
    }
    lp_error fetch_err = {{0}};
    size_t len = 0;
    *bytes = sub->fetch(sub->fetch_ctx, &len, &fetch_err);
    if (!*bytes)
        return lp_fail(err, "cannot load the bytes of %s/%s: %s", writer->out_dir, sub->path,
                       fetch_err.msg);
    if ((uint64_t)len != sub->size)
        return lp_fail(err, "cannot write %s/%s: got %zu bytes, expected %" PRIu64,
                       writer->out_dir, sub->path, len, sub->size);
    return 0;
}

/* The file stays as it is: record what the manifest should say about it.
 * If it is still what we wrote, that is the previous entry; otherwise (an
 * IF_MISSING file the user owns) zeros, which match no real file, so the
 * file is never mistaken for ours. */
static void keep_file(const manifest_entry *prev, const submission *sub, const struct stat *st,
                      file_state *state)
{
    *state = (file_state){.digest = *sub->digest};
    if (!prev || !stat_matches(prev, st))
        return;
    state->digest = prev->digest;
    state->size = prev->size;
    state->mtime_ns = prev->mtime_ns;
    state->inode = prev->inode;
}

static int place_file(lp_writer *writer, const submission *sub, file_state *state,
                      lp_error *err)
{
    const manifest_entry *prev = manifest_get(writer->previous, sub->path);
    bool if_missing = sub->flags & LOCUS_OUT_IF_MISSING;
    struct stat st;
    int present = 0;
    /* Without a previous entry the file is almost always new: skip the
     * lstat and let O_EXCL find out. */
    if (prev || if_missing) {
        present = inspect_target(writer, sub->path, &st, err);
        if (present < 0)
            return -1;
        if (present && (if_missing || (lp_digest_eq(&prev->digest, sub->digest) &&
                                       stat_matches(prev, &st)))) {
            keep_file(prev, sub, &st, state);
            return 0;
        }
    }
    const void *bytes;
    if (load_bytes(writer, sub, &bytes, err) != 0)
        return -1;
    *state = (file_state){.digest = *sub->digest};
    if (!present) {
        int created = create_file(writer, sub->path, bytes, (size_t)sub->size, state, err);
        if (created <= 0)
            return created;
        present = inspect_target(writer, sub->path, &st, err);
        if (present < 0)
            return -1;
        if (present && if_missing) {
            keep_file(prev, sub, &st, state);
            return 0;
        }
    }
    return replace_file(writer, sub->path, bytes, (size_t)sub->size, state, err);
}

/* Reserve path for this build (the duplicate check) before any I/O. */
static int claim_path(lp_writer *writer, const char *path, size_t *index, lp_error *err)
{
    size_t len = strlen(path);
    uint64_t hash = manifest_hash(path, len);
    int rc = 0;
    pthread_mutex_lock(&writer->lock);
    if (writer->finished) {
        rc = lp_fail(err, "cannot write %s/%s: the build's output is finished", writer->out_dir,
                     path);
    } else if (manifest_find(writer->current, path, len, hash)) {
        rc = lp_fail(err, "%s/%s is written twice in one build", writer->out_dir, path);
    } else {
        manifest_entry *entry = manifest_add(writer->current, path, len, hash);
        if (entry) {
            entry->state = MANIFEST_PENDING;
            *index = (size_t)(entry - writer->current->entries);
            writer->stats.files++;
        } else {
            rc = lp_fail(err, "out of memory writing %s/%s", writer->out_dir, path);
        }
    }
    pthread_mutex_unlock(&writer->lock);
    return rc;
}

/* Record the outcome of a claimed path; state NULL means it failed. */
static void settle_path(lp_writer *writer, size_t index, unsigned flags, const file_state *state)
{
    pthread_mutex_lock(&writer->lock);
    manifest_entry *entry = &writer->current->entries[index];
    entry->flags = (uint8_t)flags;
    entry->state = state ? MANIFEST_DONE : MANIFEST_FAILED;
    if (state) {
        entry->digest = state->digest;
        entry->size = state->size;
        entry->mtime_ns = state->mtime_ns;
        entry->inode = state->inode;
        writer->stats.written += state->written;
        writer->stats.unchanged += !state->written;
        writer->stats.bytes_written += state->written ? state->size : 0;
    }
    pthread_mutex_unlock(&writer->lock);
}

int lp_writer_submit(lp_writer *writer, const char *path, const locus_digest *digest,
                     uint64_t size, unsigned flags, const void *data, lp_fetch_fn fetch,
                     void *fetch_ctx, lp_error *err)
{
    if (lp_outpath_check(path, err) != 0)
        return -1;
    if (flags & ~KNOWN_FLAGS)
        return lp_fail(err, "cannot write %s/%s: unknown flags 0x%x", writer->out_dir, path,
                       flags);
    if (!digest || (!data && !fetch))
        return lp_fail(err, "cannot write %s/%s: no digest or no bytes", writer->out_dir, path);
    submission sub = {path, digest, size, flags, data, fetch, fetch_ctx};
    size_t index = 0;
    if (claim_path(writer, path, &index, err) != 0)
        return -1;
    file_state state;
    int rc = ensure_parents(writer, path, err);
    if (rc == 0)
        rc = place_file(writer, &sub, &state, err);
    settle_path(writer, index, flags, rc == 0 ? &state : NULL);
    return rc;
}

/* ---- finishing ---------------------------------------------------------- */

/* This build's files; a path whose write failed keeps its previous entry,
 * since the old file (if any) is still there. */
static int keep_this_build(const lp_writer *writer, lp_manifest *next)
{
    const lp_manifest *current = writer->current;
    for (size_t i = 0; i < current->count; i++) {
        const manifest_entry *entry = &current->entries[i];
        if (entry->state != MANIFEST_DONE)
            entry = manifest_find(writer->previous, entry->path, entry->path_len, entry->hash);
        if (entry && manifest_add_copy(next, entry) != 0)
            return -1;
    }
    return 0;
}

/* Previous entries this build did not submit: removed and dropped, or
 * carried over (a failed build; or a file that could not be removed, so a
 * later build tries again). IF_MISSING files are the user's: dropped, never
 * removed. 0, -1 (err set, next complete) or -2 (out of memory). */
static int settle_previous(lp_writer *writer, int remove_stale, lp_manifest *next,
                           lp_manifest *emptied, lp_error *err)
{
    const lp_manifest *previous = writer->previous;
    int rc = 0;
    for (size_t i = 0; previous && i < previous->count; i++) {
        const manifest_entry *entry = &previous->entries[i];
        if (manifest_find(writer->current, entry->path, entry->path_len, entry->hash))
            continue;
        bool keep = !remove_stale;
        if (remove_stale && !(entry->flags & LOCUS_OUT_IF_MISSING)) {
            int removed = remove_if_ours(writer, entry, rc == 0 ? err : NULL);
            if (removed > 0)
                note_parents(emptied, entry->path, 0);
            if (removed < 0) {
                keep = true;
                rc = -1;
            }
        }
        if (keep && manifest_add_copy(next, entry) != 0)
            return -2;
    }
    return rc;
}

int lp_writer_finish(lp_writer *writer, int remove_stale, lp_manifest **manifest_out,
                     lp_writer_stats *stats, lp_error *err)
{
    *manifest_out = NULL;
    pthread_mutex_lock(&writer->lock);
    bool again = writer->finished;
    writer->finished = true;
    pthread_mutex_unlock(&writer->lock);
    if (again)
        return lp_fail(err, "the output writer for %s is already finished", writer->out_dir);
    lp_manifest *next = lp_manifest_new();
    lp_manifest *emptied = lp_manifest_new();
    int rc = -2;
    if (next && emptied && keep_this_build(writer, next) == 0)
        rc = settle_previous(writer, remove_stale, next, emptied, err);
    if (rc != -2)
        remove_empty_dirs(writer, emptied);
    lp_manifest_free(emptied);
    if (stats)
        *stats = writer->stats;
    if (rc == -2) {
        lp_manifest_free(next);
        return lp_fail(err, "out of memory finishing the output of %s", writer->out_dir);
    }
    *manifest_out = next;
    return rc;
}

/* ---- opening and closing ------------------------------------------------ */

/* mkdir -p. The out dir itself may be reached through symlinks: where the
 * outputs go is the user's choice; only what is inside is policed. */
static int make_out_dir(char *dir, lp_error *err)
{
    char buf[128];
    for (char *slash = strchr(dir + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
        *slash = '\0';
        int rc = mkdir(dir, 0777);
        int errnum = errno;
        if (rc != 0 && errnum != EEXIST)
            lp_fail(err, "cannot create directory %s: %s", dir,
                    strerror_r(errnum, buf, sizeof buf));
        *slash = '/';
        if (rc != 0 && errnum != EEXIST)
            return -1;
    }
    if (mkdir(dir, 0777) != 0 && errno != EEXIST)
        return lp_fail(err, "cannot create directory %s: %s", dir,
                       strerror_r(errno, buf, sizeof buf));
    return 0;
}

int lp_writer_open(const char *out_dir, const lp_manifest *previous, lp_writer **out,
                   lp_error *err)
{
    *out = NULL;
    if (!out_dir || !*out_dir)
        return lp_fail(err, "the output directory is not set");
    lp_writer *writer = calloc(1, sizeof *writer);
    if (!writer)
        return lp_fail(err, "out of memory opening %s", out_dir);
    writer->out_fd = -1;
    writer->out_dir = strdup(out_dir);
    writer->current = lp_manifest_new();
    writer->dirs = lp_manifest_new();
    if (!writer->out_dir || !writer->current || !writer->dirs) {
        lp_fail(err, "out of memory opening %s", out_dir);
        goto fail;
    }
    size_t len = strlen(writer->out_dir);
    while (len > 1 && writer->out_dir[len - 1] == '/')
        writer->out_dir[--len] = '\0';
    if (pthread_mutex_init(&writer->lock, NULL) != 0) {
        lp_fail(err, "cannot create a mutex for %s", out_dir);
        goto fail;
    }
    writer->lock_ready = true;
    if (make_out_dir(writer->out_dir, err) != 0)
        goto fail;
    writer->out_fd = open(writer->out_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (writer->out_fd < 0) {
        char buf[128];
        lp_fail(err, "cannot open %s: %s", writer->out_dir, strerror_r(errno, buf, sizeof buf));
        goto fail;
    }
    writer->previous = previous;
    writer->pid = getpid();
    atomic_init(&writer->temp_counter, 0);
    *out = writer;
    return 0;
fail:
    lp_writer_free(writer);
    return -1;
}

void lp_writer_free(lp_writer *writer)
{
    if (!writer)
        return;
    if (writer->out_fd >= 0)
        close(writer->out_fd);
    if (writer->lock_ready)
        pthread_mutex_destroy(&writer->lock);
    lp_manifest_free(writer->current);
    lp_manifest_free(writer->dirs);
    free(writer->out_dir);
    free(writer);
}
