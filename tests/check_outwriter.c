/* check_outwriter.c — tests for the output writer and its manifest: what is
 * written, skipped, replaced and removed, which paths are refused, threads,
 * and the manifest encoding (round trip and corrupt blobs). */
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

/* Header-only XXH3, only to re-seal deliberately damaged manifests. */
#define XXH_INLINE_ALL
#include <xxhash.h>

#include "digest.h"
#include "locus/output.h"
#include "outwriter.h"
#include "testutil.h"

/* ---- helpers ------------------------------------------------------------ */

typedef struct out_file {
    const char *path;
    const char *content;
    unsigned flags;
} out_file;

/* What the fetch callback serves, and how often it was asked. */
typedef struct fetch_ctx {
    const char *content;
    int *calls;
} fetch_ctx;

static const void *fetch_content(void *ctx, size_t *len, lp_error *err)
{
    fetch_ctx *fetch = ctx;
    (*fetch->calls)++;
    *len = strlen(fetch->content);
    return fetch->content;
}

static const void *fetch_broken(void *ctx, size_t *len, lp_error *err)
{
    lp_fail(err, "cache row is gone");
    return NULL;
}

static lp_writer *open_writer(const char *out, const lp_manifest *previous)
{
    lp_writer *writer = NULL;
    lp_error err = {{0}};
    ck_assert_msg(lp_writer_open(out, previous, &writer, &err) == 0, "%s", err.msg);
    return writer;
}

static int submit_data(lp_writer *writer, const char *path, const char *content, unsigned flags,
                       lp_error *err)
{
    locus_digest digest = locus_digest_of(content, strlen(content));
    return lp_writer_submit(writer, path, &digest, strlen(content), flags, content, NULL, NULL,
                            err);
}

static int submit_fetch(lp_writer *writer, const char *path, const char *content,
                        unsigned flags, int *calls, lp_error *err)
{
    fetch_ctx ctx = {content, calls};
    locus_digest digest = locus_digest_of(content, strlen(content));
    return lp_writer_submit(writer, path, &digest, strlen(content), flags, NULL, fetch_content,
                            &ctx, err);
}

static lp_manifest *finish(lp_writer *writer, int remove_stale, lp_writer_stats *stats)
{
    lp_manifest *manifest = NULL;
    lp_writer_stats ignored;
    lp_error err = {{0}};
    ck_assert_msg(lp_writer_finish(writer, remove_stale, &manifest, stats ? stats : &ignored,
                                   &err) == 0, "%s", err.msg);
    ck_assert_ptr_nonnull(manifest);
    lp_writer_free(writer);
    return manifest;
}

/* One whole build of files (NULL-terminated list), bytes through fetch. */
static lp_manifest *build(const char *out, const lp_manifest *previous, const out_file *files,
                          int *fetches, lp_writer_stats *stats)
{
    int calls = 0;
    lp_writer *writer = open_writer(out, previous);
    for (const out_file *file = files; file->path; file++) {
        lp_error err = {{0}};
        ck_assert_msg(submit_fetch(writer, file->path, file->content, file->flags, &calls, &err)
                          == 0, "%s", err.msg);
    }
    if (fetches)
        *fetches = calls;
    return finish(writer, 1, stats);
}

static void assert_content(const char *dir, const char *name, const char *expected)
{
    size_t len = 0;
    char *data = tu_read(dir, name, &len);
    ck_assert_msg(data != NULL, "%s/%s is missing", dir, name);
    ck_assert_uint_eq(len, strlen(expected));
    ck_assert_str_eq(data, expected);
    free(data);
}

static bool present(const char *dir, const char *name)
{
    char *path = tu_path(dir, name);
    struct stat st;
    bool found = lstat(path, &st) == 0;
    free(path);
    return found;
}

static struct stat stat_of(const char *dir, const char *name)
{
    char *path = tu_path(dir, name);
    struct stat st;
    ck_assert_msg(lstat(path, &st) == 0, "lstat %s: %s", path, strerror(errno));
    free(path);
    return st;
}

static void set_mtime(const char *dir, const char *name, time_t seconds)
{
    char *path = tu_path(dir, name);
    struct timespec times[2] = {{seconds, 0}, {seconds, 0}};
    ck_assert_int_eq(utimensat(AT_FDCWD, path, times, AT_SYMLINK_NOFOLLOW), 0);
    free(path);
}

static void make_symlink(const char *target, const char *dir, const char *name)
{
    char *path = tu_path(dir, name);
    ck_assert_msg(symlink(target, path) == 0, "symlink %s: %s", path, strerror(errno));
    free(path);
}

static void make_dir(const char *dir, const char *name)
{
    char *path = tu_path(dir, name);
    ck_assert_int_eq(mkdir(path, 0777), 0);
    free(path);
}

/* Entries in dir (without . and ..). */
static int count_entries(const char *dir)
{
    DIR *d = opendir(dir);
    ck_assert_ptr_nonnull(d);
    int count = 0;
    for (struct dirent *e; (e = readdir(d));)
        count += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    closedir(d);
    return count;
}

/* Leftover ".locus-tmp-*" files anywhere under dir. */
static int count_temps(const char *dir)
{
    DIR *d = opendir(dir);
    ck_assert_ptr_nonnull(d);
    int count = 0;
    for (struct dirent *e; (e = readdir(d));) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        count += strncmp(e->d_name, ".locus-tmp-", 11) == 0;
        char *path = tu_path(dir, e->d_name);
        struct stat st;
        if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode))
            count += count_temps(path);
        free(path);
    }
    closedir(d);
    return count;
}

static bool same_file(const struct stat *a, const struct stat *b)
{
    return a->st_ino == b->st_ino && a->st_mtim.tv_sec == b->st_mtim.tv_sec &&
           a->st_mtim.tv_nsec == b->st_mtim.tv_nsec && a->st_size == b->st_size;
}

static void assert_listed(const lp_manifest *manifest, const char *path, const char *content)
{
    locus_digest digest, expected = locus_digest_of(content, strlen(content));
    ck_assert_msg(lp_manifest_lookup(manifest, path, &digest) == 1, "%s not listed", path);
    ck_assert_msg(lp_digest_eq(&digest, &expected), "%s: wrong digest", path);
}

static void encode(const lp_manifest *manifest, locus_buf *buf)
{
    locus_buf_clear(buf);
    ck_assert_int_eq(lp_manifest_encode(manifest, buf), 0);
}

/* ---- writing and skipping ----------------------------------------------- */

START_TEST(first_build_writes_files)
{
    char *tmp = tu_mkdtemp();
    char *out = tu_path(tmp, "out/deeper"); /* created by the writer */
    const out_file files[] = {{"index.html", "<h1>hi</h1>\n", 0},
                              {"a/b/c.txt", "nested", 0},
                              {"a/d.txt", "sibling", 0},
                              {"empty.txt", "", 0},
                              {NULL, NULL, 0}};
    int fetches = 0;
    lp_writer_stats stats;
    lp_manifest *manifest = build(out, NULL, files, &fetches, &stats);
    uint64_t bytes = 0;
    for (const out_file *f = files; f->path; f++) {
        assert_content(out, f->path, f->content);
        assert_listed(manifest, f->path, f->content);
        bytes += strlen(f->content);
    }
    ck_assert_int_eq(fetches, 4);
    ck_assert_uint_eq(stats.files, 4);
    ck_assert_uint_eq(stats.written, 4);
    ck_assert_uint_eq(stats.unchanged, 0);
    ck_assert_uint_eq(stats.removed, 0);
    ck_assert_uint_eq(stats.bytes_written, bytes);
    ck_assert_uint_eq(lp_manifest_count(manifest), 4);
    ck_assert_int_eq(lp_manifest_lookup(manifest, "a/b", NULL), 0);
    ck_assert_int_eq(count_temps(out), 0);
    lp_manifest_free(manifest);
    tu_rmtree(tmp);
    free(out);
    free(tmp);
}
END_TEST

START_TEST(noop_build_touches_nothing)
{
    char *out = tu_mkdtemp();
    const out_file files[] = {{"a.txt", "alpha", 0},
                              {"sub/b.txt", "beta", 0},
                              {"sub/deep/c.txt", "gamma", 0},
                              {NULL, NULL, 0}};
    lp_manifest *first = build(out, NULL, files, NULL, NULL);
    struct stat before[3];
    for (int i = 0; i < 3; i++)
        before[i] = stat_of(out, files[i].path);

    int fetches = -1;
    lp_writer_stats stats;
    lp_manifest *second = build(out, first, files, &fetches, &stats);
    ck_assert_int_eq(fetches, 0);
    for (int i = 0; i < 3; i++) {
        struct stat after = stat_of(out, files[i].path);
        ck_assert_msg(same_file(&before[i], &after), "%s was rewritten", files[i].path);
    }
    ck_assert_uint_eq(stats.files, 3);
    ck_assert_uint_eq(stats.written, 0);
    ck_assert_uint_eq(stats.unchanged, 3);
    ck_assert_uint_eq(stats.bytes_written, 0);
    /* Same entries, same recorded (size, mtime, inode): same bytes. */
    locus_buf a = LOCUS_BUF_INIT, b = LOCUS_BUF_INIT;
    encode(first, &a);
    encode(second, &b);
    ck_assert_uint_eq(a.len, b.len);
    ck_assert(memcmp(a.data, b.data, a.len) == 0);
    locus_buf_free(&a);
    locus_buf_free(&b);
    lp_manifest_free(first);
    lp_manifest_free(second);
    tu_rmtree(out);
    free(out);
}
END_TEST

START_TEST(changed_file_is_replaced)
{
    char *out = tu_mkdtemp();
    const out_file v1[] = {{"a.txt", "one", 0}, {"b.txt", "two", 0}, {NULL, NULL, 0}};
    const out_file v2[] = {{"a.txt", "ONE, longer", 0}, {"b.txt", "two", 0}, {NULL, NULL, 0}};
    lp_manifest *first = build(out, NULL, v1, NULL, NULL);
    struct stat a_before = stat_of(out, "a.txt"), b_before = stat_of(out, "b.txt");
    int fetches = 0;
    lp_writer_stats stats;
    lp_manifest *second = build(out, first, v2, &fetches, &stats);
    assert_content(out, "a.txt", "ONE, longer");
    assert_listed(second, "a.txt", "ONE, longer");
    struct stat a_after = stat_of(out, "a.txt"), b_after = stat_of(out, "b.txt");
    ck_assert_msg(a_after.st_ino != a_before.st_ino, "not replaced through rename");
    ck_assert(same_file(&b_before, &b_after));
    ck_assert_int_eq(fetches, 1);
    ck_assert_uint_eq(stats.written, 1);
    ck_assert_uint_eq(stats.unchanged, 1);
    ck_assert_uint_eq(stats.bytes_written, strlen("ONE, longer"));
    ck_assert_int_eq(count_temps(out), 0);
    lp_manifest_free(first);
    lp_manifest_free(second);
    tu_rmtree(out);
    free(out);
}
END_TEST

START_TEST(user_edit_is_overwritten)
{
    char *out = tu_mkdtemp();
    const out_file files[] = {{"size.txt", "generated", 0},
                              {"mtime.txt", "generated", 0},
                              {"inode.txt", "generated", 0},
                              {"deleted.txt", "generated", 0},
                              {"kept.txt", "generated", 0},
                              {NULL, NULL, 0}};
    lp_manifest *first = build(out, NULL, files, NULL, NULL);
    struct stat inode_before = stat_of(out, "inode.txt");
    /* In place, another size. */
    tu_write(out, "size.txt", "user edit, longer");
    /* In place, same size, other mtime. */
    tu_write(out, "mtime.txt", "GENERATED");
    set_mtime(out, "mtime.txt", 1000000000);
    /* Replaced (rename) by a file of the same size and the same mtime. */
    tu_write(out, "inode.new", "GENERATED");
    char *from = tu_path(out, "inode.new"), *to = tu_path(out, "inode.txt");
    struct timespec times[2] = {inode_before.st_mtim, inode_before.st_mtim};
    ck_assert_int_eq(utimensat(AT_FDCWD, from, times, 0), 0);
    ck_assert_int_eq(rename(from, to), 0);
    struct stat inode_after = stat_of(out, "inode.txt");
    ck_assert_uint_ne(inode_after.st_ino, inode_before.st_ino);
    ck_assert_int_eq(inode_after.st_mtim.tv_nsec, inode_before.st_mtim.tv_nsec);
    free(from);
    free(to);
    /* Gone. */
    char *deleted = tu_path(out, "deleted.txt");
    ck_assert_int_eq(unlink(deleted), 0);
    free(deleted);

    int fetches = 0;
    lp_writer_stats stats;
    lp_manifest *second = build(out, first, files, &fetches, &stats);
    for (const out_file *f = files; f->path; f++)
        assert_content(out, f->path, f->content);
    ck_assert_int_eq(fetches, 4);
    ck_assert_uint_eq(stats.written, 4);
    ck_assert_uint_eq(stats.unchanged, 1);
    lp_manifest_free(first);
    lp_manifest_free(second);
    tu_rmtree(out);
    free(out);
}
END_TEST

/* ---- stale files -------------------------------------------------------- */

START_TEST(stale_files_removed_others_untouched)
{
    char *out = tu_mkdtemp();
    const out_file v1[] = {{"keep.txt", "keep", 0},
                           {"gone/deep/x.txt", "x", 0},
                           {"gone/y.txt", "y", 0},
                           {"touched/t.txt", "t", 0},
                           {"edited/z.txt", "z", 0},
                           {"mixed/ours.txt", "ours", 0},
                           {NULL, NULL, 0}};
    const out_file v2[] = {{"keep.txt", "keep", 0}, {NULL, NULL, 0}};
    lp_manifest *first = build(out, NULL, v1, NULL, NULL);
    tu_write(out, "user.txt", "the user's");
    tu_write(out, "userdir/u.txt", "the user's");
    tu_write(out, "mixed/user.txt", "the user's");
    tu_write(out, "edited/z.txt", "z, edited by the user");
    set_mtime(out, "touched/t.txt", 1000000000); /* same bytes: still ours */

    lp_writer_stats stats;
    lp_manifest *second = build(out, first, v2, NULL, &stats);
    ck_assert_uint_eq(stats.removed, 4);
    ck_assert(!present(out, "gone"));
    ck_assert(!present(out, "touched"));
    ck_assert(!present(out, "mixed/ours.txt"));
    assert_content(out, "keep.txt", "keep");
    assert_content(out, "user.txt", "the user's");
    assert_content(out, "userdir/u.txt", "the user's");
    assert_content(out, "mixed/user.txt", "the user's");
    assert_content(out, "edited/z.txt", "z, edited by the user");
    ck_assert_uint_eq(lp_manifest_count(second), 1);
    assert_listed(second, "keep.txt", "keep");
    ck_assert_int_eq(lp_manifest_lookup(second, "edited/z.txt", NULL), 0);

    /* Nothing submitted: the last file goes, the out dir stays. */
    const out_file none[] = {{NULL, NULL, 0}};
    lp_manifest *third = build(out, second, none, NULL, &stats);
    ck_assert_uint_eq(stats.removed, 1);
    ck_assert(!present(out, "keep.txt"));
    ck_assert(access(out, F_OK) == 0);
    ck_assert_int_eq(count_entries(out), 4); /* user.txt userdir/ mixed/ edited/ */
    lp_manifest_free(first);
    lp_manifest_free(second);
    lp_manifest_free(third);
    tu_rmtree(out);
    free(out);
}
END_TEST

START_TEST(failed_build_keeps_previous_entries)
{
    char *out = tu_mkdtemp();
    const out_file v1[] = {{"a.txt", "a1", 0}, {"b.txt", "b1", 0}, {"c.txt", "c1", 0},
                           {NULL, NULL, 0}};
    lp_manifest *first = build(out, NULL, v1, NULL, NULL);

    lp_writer *writer = open_writer(out, first);
    lp_error err = {{0}};
    ck_assert_int_eq(submit_data(writer, "a.txt", "a2", 0, &err), 0);
    ck_assert_int_eq(submit_data(writer, "d.txt", "d2", 0, &err), 0);
    locus_digest digest = locus_digest_of("c2", 2);
    ck_assert_int_eq(lp_writer_submit(writer, "c.txt", &digest, 2, 0, NULL, fetch_broken, NULL,
                                      &err), -1);
    ck_assert_msg(strstr(err.msg, "c.txt") && strstr(err.msg, "cache row is gone"), "%s",
                  err.msg);
    lp_writer_stats stats;
    lp_manifest *second = finish(writer, 0, &stats);
    ck_assert_uint_eq(stats.removed, 0);
    ck_assert_uint_eq(stats.written, 2);
    ck_assert_uint_eq(lp_manifest_count(second), 4);
    assert_listed(second, "a.txt", "a2");
    assert_listed(second, "b.txt", "b1");
    assert_listed(second, "c.txt", "c1");
    assert_listed(second, "d.txt", "d2");
    assert_content(out, "b.txt", "b1");
    assert_content(out, "c.txt", "c1");

    /* A later good build still cleans up everything the failed one kept. */
    const out_file v3[] = {{"d.txt", "d2", 0}, {NULL, NULL, 0}};
    int fetches = 0;
    lp_manifest *third = build(out, second, v3, &fetches, &stats);
    ck_assert_int_eq(fetches, 0);
    ck_assert_uint_eq(stats.removed, 3);
    ck_assert_int_eq(count_entries(out), 1);
    ck_assert_uint_eq(lp_manifest_count(third), 1);
    lp_manifest_free(first);
    lp_manifest_free(second);
    lp_manifest_free(third);
    tu_rmtree(out);
    free(out);
}
END_TEST

/* Set or clear the immutable attribute; 0 if the file system or the
 * process's capabilities do not allow it. */
static int set_immutable(const char *dir, const char *name, int on)
{
    char *path = tu_path(dir, name);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    free(path);
    ck_assert_int_ge(fd, 0);
    int flags = 0, ok = ioctl(fd, FS_IOC_GETFLAGS, &flags) == 0;
    if (ok) {
        flags = on ? flags | FS_IMMUTABLE_FL : flags & ~FS_IMMUTABLE_FL;
        ok = ioctl(fd, FS_IOC_SETFLAGS, &flags) == 0;
    }
    close(fd);
    return ok;
}

START_TEST(unremovable_stale_file_stays_listed)
{
    char *out = tu_mkdtemp();
    const out_file v1[] = {{"stuck.txt", "s", 0}, {"free.txt", "f", 0}, {NULL, NULL, 0}};
    lp_manifest *first = build(out, NULL, v1, NULL, NULL);
    if (!set_immutable(out, "stuck.txt", 1)) { /* no CAP_LINUX_IMMUTABLE here */
        lp_manifest_free(first);
        tu_rmtree(out);
        free(out);
        return;
    }
    lp_writer *writer = open_writer(out, first);
    lp_manifest *second = NULL;
    lp_writer_stats stats;
    lp_error err = {{0}};
    int rc = lp_writer_finish(writer, 1, &second, &stats, &err);
    set_immutable(out, "stuck.txt", 0);
    lp_writer_free(writer);
    ck_assert_int_eq(rc, -1);
    ck_assert_msg(strstr(err.msg, "stuck.txt") && strstr(err.msg, strerror(EPERM)), "%s",
                  err.msg);
    ck_assert_ptr_nonnull(second);
    ck_assert_uint_eq(stats.removed, 1);
    ck_assert(!present(out, "free.txt"));
    ck_assert_uint_eq(lp_manifest_count(second), 1);
    assert_listed(second, "stuck.txt", "s");

    /* Once it can go, the next build removes it. */
    const out_file none[] = {{NULL, NULL, 0}};
    lp_manifest *third = build(out, second, none, NULL, &stats);
    ck_assert_uint_eq(stats.removed, 1);
    ck_assert_int_eq(count_entries(out), 0);
    lp_manifest_free(first);
    lp_manifest_free(second);
    lp_manifest_free(third);
    tu_rmtree(out);
    free(out);
}
END_TEST

START_TEST(if_missing_written_once_never_removed)
{
    char *out = tu_mkdtemp();
    const out_file v1[] = {{"s.txt", "scaffold", LOCUS_OUT_IF_MISSING},
                           {"untouched.txt", "scaffold", LOCUS_OUT_IF_MISSING},
                           {NULL, NULL, 0}};
    const out_file v2[] = {{"s.txt", "scaffold v2", LOCUS_OUT_IF_MISSING},
                           {"untouched.txt", "scaffold v2", LOCUS_OUT_IF_MISSING},
                           {NULL, NULL, 0}};
    lp_writer_stats stats;
    lp_manifest *first = build(out, NULL, v1, NULL, &stats);
    ck_assert_uint_eq(stats.written, 2);
    assert_content(out, "s.txt", "scaffold");
    tu_write(out, "s.txt", "mine now, edited");

    int fetches = 0;
    lp_manifest *second = build(out, first, v2, &fetches, &stats);
    ck_assert_int_eq(fetches, 0);
    ck_assert_uint_eq(stats.written, 0);
    ck_assert_uint_eq(stats.unchanged, 2);
    assert_content(out, "s.txt", "mine now, edited");
    assert_content(out, "untouched.txt", "scaffold");
    ck_assert_int_eq(lp_manifest_lookup(second, "s.txt", NULL), 1);

    /* The flag survives the manifest encoding. */
    locus_buf blob = LOCUS_BUF_INIT;
    encode(second, &blob);
    lp_manifest *decoded = NULL;
    lp_error err = {{0}};
    ck_assert_int_eq(lp_manifest_decode(blob.data, blob.len, &decoded, &err), 0);
    locus_buf_free(&blob);

    const out_file none[] = {{NULL, NULL, 0}};
    lp_manifest *third = build(out, decoded, none, NULL, &stats);
    ck_assert_uint_eq(stats.removed, 0);
    assert_content(out, "s.txt", "mine now, edited");
    assert_content(out, "untouched.txt", "scaffold");
    ck_assert_uint_eq(lp_manifest_count(third), 0);

    /* Deleted by the user: written again. */
    char *path = tu_path(out, "s.txt");
    ck_assert_int_eq(unlink(path), 0);
    free(path);
    lp_manifest *fourth = build(out, third, v2, &fetches, &stats);
    ck_assert_int_eq(fetches, 1);
    assert_content(out, "s.txt", "scaffold v2");

    /* Edited again, kept again (recorded as "not ours")... */
    tu_write(out, "s.txt", "edited again");
    lp_manifest *fifth = build(out, fourth, v2, &fetches, &stats);
    ck_assert_int_eq(fetches, 0);
    assert_content(out, "s.txt", "edited again");
    /* ...so a generator that drops the flag and owns the file again gets
     * its bytes back, although its digest did not change. */
    const out_file owned[] = {{"s.txt", "scaffold v2", 0}, {NULL, NULL, 0}};
    lp_manifest *sixth = build(out, fifth, owned, &fetches, &stats);
    ck_assert_int_eq(fetches, 1);
    assert_content(out, "s.txt", "scaffold v2");
    lp_manifest *all[] = {first, second, decoded, third, fourth, fifth, sixth};
    for (size_t i = 0; i < sizeof all / sizeof *all; i++)
        lp_manifest_free(all[i]);
    tu_rmtree(out);
    free(out);
}
END_TEST

START_TEST(file_and_directory_swap_places)
{
    char *out = tu_mkdtemp();
    const out_file v1[] = {{"x", "a file", 0}, {NULL, NULL, 0}};
    const out_file v2[] = {{"x/index.html", "now a directory", 0}, {NULL, NULL, 0}};
    const out_file v3[] = {{"x", "a file again", 0}, {NULL, NULL, 0}};
    lp_writer_stats stats;
    lp_manifest *first = build(out, NULL, v1, NULL, NULL);
    lp_manifest *second = build(out, first, v2, NULL, &stats);
    assert_content(out, "x/index.html", "now a directory");
    ck_assert_uint_eq(stats.removed, 1);
    lp_manifest *third = build(out, second, v3, NULL, &stats);
    assert_content(out, "x", "a file again");
    ck_assert_uint_eq(stats.removed, 1);

    /* A directory the user made is never cleared to make room. */
    tu_write(out, "y/user.txt", "the user's");
    lp_writer *writer = open_writer(out, third);
    lp_error err = {{0}};
    ck_assert_int_eq(submit_data(writer, "y", "file", 0, &err), -1);
    ck_assert_msg(strstr(err.msg, "/y") && strstr(err.msg, "directory"), "%s", err.msg);
    lp_manifest *fourth = finish(writer, 0, NULL);
    assert_content(out, "y/user.txt", "the user's");
    lp_manifest_free(first);
    lp_manifest_free(second);
    lp_manifest_free(third);
    lp_manifest_free(fourth);
    tu_rmtree(out);
    free(out);
}
END_TEST

/* ---- paths and symlinks ------------------------------------------------- */

START_TEST(bad_paths_refused)
{
    static const struct {
        const char *path;
        const char *reason;
    } bad[] = {
        {"../x", "\"..\""},           {"/etc/passwd", "absolute"},
        {"a/../../b", "\"..\""},      {"a//b", "empty component"},
        {"a\\b", "backslash"},        {"", "empty"},
        {".", "\".\""},               {"a/./b", "\".\""},
        {"a/", "empty component"},    {"a/..", "\"..\""},
        {"a\x01" "b", "control"},     {"a\nb", "control"},
    };
    static const char *const good[] = {"a", "a/b.c", ".hidden", "..foo", "a/...", "x/y z/ü"};
    char *tmp = tu_mkdtemp();
    char *out = tu_path(tmp, "out");
    lp_writer *writer = open_writer(out, NULL);
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        lp_error err = {{0}};
        ck_assert_int_eq(lp_outpath_check(bad[i].path, &err), -1);
        ck_assert_msg(strstr(err.msg, bad[i].reason), "\"%s\": %s", bad[i].path, err.msg);
        ck_assert_msg(strstr(err.msg, "output path \""), "%s", err.msg);
        ck_assert_int_eq(submit_data(writer, bad[i].path, "x", 0, &err), -1);
    }
    lp_error err = {{0}};
    ck_assert_int_eq(lp_outpath_check("a/../../b", &err), -1);
    ck_assert_msg(strstr(err.msg, "a/../../b"), "%s", err.msg);
    ck_assert_int_eq(lp_outpath_check(NULL, &err), -1);
    for (size_t i = 0; i < sizeof good / sizeof *good; i++)
        ck_assert_msg(lp_outpath_check(good[i], &err) == 0, "%s: %s", good[i], err.msg);
    lp_writer_stats stats;
    lp_manifest *manifest = finish(writer, 1, &stats);
    ck_assert_uint_eq(stats.files, 0);
    ck_assert_uint_eq(lp_manifest_count(manifest), 0);
    ck_assert_int_eq(count_entries(out), 0);
    ck_assert_int_eq(count_entries(tmp), 1); /* nothing but out/ */
    lp_manifest_free(manifest);
    tu_rmtree(tmp);
    free(out);
    free(tmp);
}
END_TEST

START_TEST(symlinked_directory_refused)
{
    char *tmp = tu_mkdtemp();
    char *out = tu_path(tmp, "out");
    char *outside = tu_path(tmp, "outside");
    make_dir(tmp, "outside");
    lp_writer *writer = open_writer(out, NULL);
    make_symlink(outside, out, "evil");
    make_dir(out, "real");
    make_symlink("../../outside", out, "real/link");
    lp_error err = {{0}};
    ck_assert_int_eq(submit_data(writer, "evil/x.txt", "x", 0, &err), -1);
    ck_assert_msg(strstr(err.msg, "evil") && strstr(err.msg, "symlink"), "%s", err.msg);
    ck_assert_int_eq(submit_data(writer, "real/link/deep/f.txt", "x", 0, &err), -1);
    ck_assert_msg(strstr(err.msg, "real/link") && strstr(err.msg, "symlink"), "%s", err.msg);
    ck_assert_int_eq(submit_data(writer, "real/fine.txt", "fine", 0, &err), 0);
    lp_manifest *manifest = finish(writer, 1, NULL);
    ck_assert_int_eq(count_entries(outside), 0);
    ck_assert_uint_eq(lp_manifest_count(manifest), 1);
    lp_manifest_free(manifest);
    tu_rmtree(tmp);
    free(out);
    free(outside);
    free(tmp);
}
END_TEST

START_TEST(stale_removal_never_follows_symlinks)
{
    char *tmp = tu_mkdtemp();
    char *out = tu_path(tmp, "out");
    char *outside = tu_path(tmp, "outside");
    const out_file v1[] = {{"sub/f.txt", "same", 0}, {"g.txt", "same", 0}, {NULL, NULL, 0}};
    lp_manifest *first = build(out, NULL, v1, NULL, NULL);
    /* The user swaps our directory and file for symlinks to look-alikes. */
    tu_write(outside, "f.txt", "same");
    char *sub = tu_path(out, "sub");
    tu_rmtree(sub);
    make_symlink(outside, out, "sub");
    char *g = tu_path(out, "g.txt");
    char *f = tu_path(outside, "f.txt");
    ck_assert_int_eq(unlink(g), 0);
    make_symlink(f, out, "g.txt");
    const out_file none[] = {{NULL, NULL, 0}};
    lp_writer_stats stats;
    lp_manifest *second = build(out, first, none, NULL, &stats);
    ck_assert_uint_eq(stats.removed, 0);
    assert_content(outside, "f.txt", "same");
    ck_assert(present(out, "sub"));
    ck_assert(present(out, "g.txt"));
    lp_manifest_free(first);
    lp_manifest_free(second);
    tu_rmtree(tmp);
    free(sub);
    free(g);
    free(f);
    free(out);
    free(outside);
    free(tmp);
}
END_TEST

START_TEST(symlink_as_file_refused)
{
    char *tmp = tu_mkdtemp();
    char *out = tu_path(tmp, "out");
    char *target = tu_path(tmp, "target.txt");
    tu_write(tmp, "target.txt", "orig");
    /* Cold (no manifest), known (in the manifest), and IF_MISSING. */
    const out_file v1[] = {{"known.txt", "ours", 0}, {NULL, NULL, 0}};
    lp_manifest *first = build(out, NULL, v1, NULL, NULL);
    char *known = tu_path(out, "known.txt");
    ck_assert_int_eq(unlink(known), 0);
    make_symlink(target, out, "known.txt");
    make_symlink(target, out, "cold.txt");
    make_symlink(target, out, "scaffold.txt");
    lp_writer *writer = open_writer(out, first);
    const char *const names[] = {"cold.txt", "known.txt", "scaffold.txt"};
    for (int i = 0; i < 3; i++) {
        lp_error err = {{0}};
        ck_assert_int_eq(submit_data(writer, names[i], "new", i == 2 ? LOCUS_OUT_IF_MISSING : 0,
                                     &err), -1);
        ck_assert_msg(strstr(err.msg, names[i]) && strstr(err.msg, "symlink"), "%s", err.msg);
    }
    lp_manifest *second = finish(writer, 0, NULL);
    assert_content(tmp, "target.txt", "orig");
    for (int i = 0; i < 3; i++)
        ck_assert(S_ISLNK(stat_of(out, names[i]).st_mode));
    lp_manifest_free(first);
    lp_manifest_free(second);
    tu_rmtree(tmp);
    free(known);
    free(target);
    free(out);
    free(tmp);
}
END_TEST

START_TEST(duplicate_submit_refused)
{
    char *out = tu_mkdtemp();
    lp_writer *writer = open_writer(out, NULL);
    lp_error err = {{0}};
    ck_assert_int_eq(submit_data(writer, "dir/a.txt", "first", 0, &err), 0);
    ck_assert_int_eq(submit_data(writer, "dir/a.txt", "second", 0, &err), -1);
    ck_assert_msg(strstr(err.msg, "dir/a.txt") && strstr(err.msg, "twice"), "%s", err.msg);
    lp_writer_stats stats;
    lp_manifest *manifest = finish(writer, 1, &stats);
    assert_content(out, "dir/a.txt", "first");
    assert_listed(manifest, "dir/a.txt", "first");
    ck_assert_uint_eq(stats.files, 1);
    lp_manifest_free(manifest);
    tu_rmtree(out);
    free(out);
}
END_TEST

/* A write that fails half way leaves neither a temp file nor a partial
 * output, and the old file intact. RLIMIT_FSIZE makes write fail with
 * EFBIG even for root. */
START_TEST(failed_write_leaves_no_debris)
{
    char *out = tu_mkdtemp();
    const out_file v1[] = {{"old.txt", "small", 0}, {NULL, NULL, 0}};
    lp_manifest *first = build(out, NULL, v1, NULL, NULL);
    size_t big_len = 64 * 1024;
    char *big = malloc(big_len + 1);
    ck_assert_ptr_nonnull(big);
    memset(big, 'b', big_len);
    big[big_len] = '\0';

    lp_writer *writer = open_writer(out, first);
    struct rlimit saved, limit;
    ck_assert_int_eq(getrlimit(RLIMIT_FSIZE, &saved), 0);
    limit = saved;
    limit.rlim_cur = 4096;
    void (*old_handler)(int) = signal(SIGXFSZ, SIG_IGN);
    ck_assert_int_eq(setrlimit(RLIMIT_FSIZE, &limit), 0);
    lp_error replace_err = {{0}}, create_err = {{0}};
    int replaced = submit_data(writer, "old.txt", big, 0, &replace_err);
    int created = submit_data(writer, "new.txt", big, 0, &create_err);
    ck_assert_int_eq(setrlimit(RLIMIT_FSIZE, &saved), 0);
    signal(SIGXFSZ, old_handler);

    ck_assert_int_eq(replaced, -1);
    ck_assert_int_eq(created, -1);
    ck_assert_msg(strstr(replace_err.msg, "old.txt") && strstr(replace_err.msg, strerror(EFBIG)),
                  "%s", replace_err.msg);
    ck_assert_msg(strstr(create_err.msg, "new.txt"), "%s", create_err.msg);
    lp_writer_stats stats;
    lp_manifest *second = finish(writer, 0, &stats);
    ck_assert_uint_eq(stats.files, 2);
    ck_assert_uint_eq(stats.written, 0);
    assert_content(out, "old.txt", "small");
    ck_assert(!present(out, "new.txt"));
    ck_assert_int_eq(count_temps(out), 0);
    assert_listed(second, "old.txt", "small");
    ck_assert_int_eq(lp_manifest_lookup(second, "new.txt", NULL), 0);
    free(big);
    lp_manifest_free(first);
    lp_manifest_free(second);
    tu_rmtree(out);
    free(out);
}
END_TEST

/* ---- threads ------------------------------------------------------------ */

#define THREADS 4
#define FILES_PER_THREAD 2000

typedef struct worker {
    lp_writer *writer;
    int id;
    int first;      /* file numbers first .. first + count - 1 */
    int count;
    int fetches;
    int failures;
    lp_error err;
} worker;

static void file_name(char *buf, size_t size, int n)
{
    snprintf(buf, size, "d%02d/sub%d/f%05d.txt", n % 10, n % 3, n);
}

static void file_body(char *buf, size_t size, int n)
{
    snprintf(buf, size, "file %d\n%.*s\n", n, n % 200, "0123456789abcdef0123456789abcdef"
             "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
             "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
}

static void *worker_run(void *arg)
{
    worker *w = arg;
    for (int n = w->first; n < w->first + w->count; n++) {
        char name[64], body[256];
        file_name(name, sizeof name, n);
        file_body(body, sizeof body, n);
        if (submit_fetch(w->writer, name, body, 0, &w->fetches, &w->err) != 0)
            w->failures++;
    }
    return NULL;
}

static lp_manifest *threaded_build(const char *out, const lp_manifest *previous, int spread,
                                   worker workers[THREADS], lp_writer_stats *stats)
{
    lp_writer *writer = open_writer(out, previous);
    pthread_t threads[THREADS];
    for (int i = 0; i < THREADS; i++) {
        workers[i] = (worker){.writer = writer, .id = i, .count = FILES_PER_THREAD};
        workers[i].first = spread ? i * FILES_PER_THREAD : 0;
        ck_assert_int_eq(pthread_create(&threads[i], NULL, worker_run, &workers[i]), 0);
    }
    for (int i = 0; i < THREADS; i++)
        ck_assert_int_eq(pthread_join(threads[i], NULL), 0);
    return finish(writer, 1, stats);
}

START_TEST(concurrent_submits_all_land)
{
    char *out = tu_mkdtemp();
    worker workers[THREADS];
    lp_writer_stats stats;
    lp_manifest *first = threaded_build(out, NULL, 1, workers, &stats);
    for (int i = 0; i < THREADS; i++)
        ck_assert_msg(workers[i].failures == 0, "%s", workers[i].err.msg);
    ck_assert_uint_eq(stats.files, THREADS * FILES_PER_THREAD);
    ck_assert_uint_eq(stats.written, THREADS * FILES_PER_THREAD);
    ck_assert_uint_eq(lp_manifest_count(first), THREADS * FILES_PER_THREAD);
    for (int n = 0; n < THREADS * FILES_PER_THREAD; n++) {
        char name[64], body[256];
        file_name(name, sizeof name, n);
        file_body(body, sizeof body, n);
        assert_content(out, name, body);
        assert_listed(first, name, body);
    }
    lp_manifest *second = threaded_build(out, first, 1, workers, &stats);
    for (int i = 0; i < THREADS; i++)
        ck_assert_int_eq(workers[i].fetches, 0);
    ck_assert_uint_eq(stats.unchanged, THREADS * FILES_PER_THREAD);
    ck_assert_uint_eq(stats.written, 0);
    lp_manifest_free(first);
    lp_manifest_free(second);
    tu_rmtree(out);
    free(out);
}
END_TEST

START_TEST(concurrent_duplicates_refused_once_each)
{
    char *out = tu_mkdtemp();
    worker workers[THREADS];
    lp_writer_stats stats;
    lp_manifest *manifest = threaded_build(out, NULL, 0, workers, &stats);
    int failures = 0;
    for (int i = 0; i < THREADS; i++)
        failures += workers[i].failures;
    ck_assert_int_eq(failures, (THREADS - 1) * FILES_PER_THREAD);
    ck_assert_uint_eq(stats.files, FILES_PER_THREAD);
    ck_assert_uint_eq(lp_manifest_count(manifest), FILES_PER_THREAD);
    lp_manifest_free(manifest);
    tu_rmtree(out);
    free(out);
}
END_TEST

/* ---- manifest encoding -------------------------------------------------- */

static lp_manifest *sample_manifest(const char *out, int files)
{
    lp_writer *writer = open_writer(out, NULL);
    for (int n = 0; n < files; n++) {
        char name[64], body[256];
        file_name(name, sizeof name, n);
        file_body(body, sizeof body, n);
        lp_error err = {{0}};
        ck_assert_msg(submit_data(writer, name, body, n % 7 == 0 ? LOCUS_OUT_IF_MISSING : 0,
                                  &err) == 0, "%s", err.msg);
    }
    return finish(writer, 1, NULL);
}

START_TEST(manifest_round_trip)
{
    char *out = tu_mkdtemp();
    lp_manifest *manifest = sample_manifest(out, 300);
    locus_buf blob = LOCUS_BUF_INIT, again = LOCUS_BUF_INIT;
    encode(manifest, &blob);
    lp_manifest *decoded = NULL;
    lp_error err = {{0}};
    ck_assert_msg(lp_manifest_decode(blob.data, blob.len, &decoded, &err) == 0, "%s", err.msg);
    ck_assert_uint_eq(lp_manifest_count(decoded), 300);
    for (int n = 0; n < 300; n++) {
        char name[64], body[256];
        file_name(name, sizeof name, n);
        file_body(body, sizeof body, n);
        assert_listed(decoded, name, body);
    }
    encode(decoded, &again);
    ck_assert_uint_eq(again.len, blob.len);
    ck_assert(memcmp(again.data, blob.data, blob.len) == 0);

    /* The decoded manifest drives a no-op build: sizes, mtimes and inodes
     * came through. */
    lp_writer *writer = open_writer(out, decoded);
    int fetches = 0;
    for (int n = 0; n < 300; n++) {
        char name[64], body[256];
        file_name(name, sizeof name, n);
        file_body(body, sizeof body, n);
        ck_assert_int_eq(submit_fetch(writer, name, body, 0, &fetches, &err), 0);
    }
    ck_assert_int_eq(fetches, 0);
    lp_manifest *next = finish(writer, 1, NULL);

    lp_manifest *empty = lp_manifest_new(), *empty_decoded = NULL;
    encode(empty, &blob);
    ck_assert_int_eq(lp_manifest_decode(blob.data, blob.len, &empty_decoded, &err), 0);
    ck_assert_uint_eq(lp_manifest_count(empty_decoded), 0);
    ck_assert_int_eq(lp_manifest_lookup(empty_decoded, "a", NULL), 0);
    locus_buf_free(&blob);
    locus_buf_free(&again);
    lp_manifest *all[] = {manifest, decoded, next, empty, empty_decoded};
    for (size_t i = 0; i < sizeof all / sizeof *all; i++)
        lp_manifest_free(all[i]);
    tu_rmtree(out);
    free(out);
}
END_TEST

static void reseal(uint8_t *blob, size_t len)
{
    uint64_t sum = XXH3_64bits(blob, len - 8);
    for (int i = 0; i < 8; i++)
        blob[len - 8 + i] = (uint8_t)(sum >> (8 * i));
}

static int decodes(const void *blob, size_t len)
{
    lp_manifest *manifest = NULL;
    lp_error err = {{0}};
    int rc = lp_manifest_decode(blob, len, &manifest, &err);
    if (rc == 0) {
        ck_assert_ptr_nonnull(manifest);
        lp_manifest_free(manifest);
    } else {
        ck_assert_ptr_null(manifest);
        ck_assert_msg(strstr(err.msg, "corrupt output manifest"), "%s", err.msg);
    }
    return rc == 0;
}

START_TEST(manifest_corruption_rejected)
{
    char *out = tu_mkdtemp();
    lp_manifest *manifest = sample_manifest(out, 60);
    locus_buf blob = LOCUS_BUF_INIT;
    encode(manifest, &blob);
    ck_assert(decodes(blob.data, blob.len));
    uint8_t *copy = malloc(blob.len);
    ck_assert_ptr_nonnull(copy);

    /* Every truncation, each in a buffer of exactly that size (ASan sees
     * any read past the end). */
    for (size_t len = 0; len < blob.len; len++) {
        uint8_t *cut = malloc(len ? len : 1);
        memcpy(cut, blob.data, len);
        ck_assert_msg(!decodes(cut, len), "truncated to %zu bytes but accepted", len);
        free(cut);
    }
    /* Bit flips: the checksum catches them all. */
    srand(12345);
    for (int round = 0; round < 2000; round++) {
        memcpy(copy, blob.data, blob.len);
        int flips = 1 + rand() % 3;
        for (int i = 0; i < flips; i++)
            copy[(size_t)rand() % blob.len] ^= (uint8_t)(1u << (rand() % 8));
        if (memcmp(copy, blob.data, blob.len) != 0)
            ck_assert(!decodes(copy, blob.len));
    }
    /* Flips behind a valid checksum reach the parser: it must not crash,
     * and structural damage must be refused. */
    int refused = 0;
    for (int round = 0; round < 5000; round++) {
        memcpy(copy, blob.data, blob.len);
        copy[8 + (size_t)rand() % (blob.len - 16)] ^= (uint8_t)(1u << (rand() % 8));
        reseal(copy, blob.len);
        refused += !decodes(copy, blob.len);
    }
    ck_assert_int_gt(refused, 0);
    /* Trailing garbage, even correctly sealed. */
    uint8_t *longer = malloc(blob.len + 1);
    memcpy(longer, blob.data, blob.len - 8);
    longer[blob.len - 8] = 0;
    reseal(longer, blob.len + 1);
    ck_assert(!decodes(longer, blob.len + 1));
    free(longer);
    free(copy);
    locus_buf_free(&blob);
    lp_manifest_free(manifest);
    tu_rmtree(out);
    free(out);
}
END_TEST

/* A hand-made version-1 blob (see manifest.c) with the given paths and
 * flags, to check what the decoder accepts beyond a valid checksum. */
static size_t craft(uint8_t *buf, const char *const *paths, int count, unsigned flags,
                    unsigned version)
{
    uint8_t *p = buf;
    memcpy(p, "LPmf", 4);
    p += 4;
    for (int i = 0; i < 4; i++)
        *p++ = (uint8_t)(version >> (8 * i));
    *p++ = (uint8_t)count;
    for (int i = 0; i < count; i++) {
        size_t len = strlen(paths[i]);
        *p++ = 0;                /* shared */
        *p++ = (uint8_t)len;     /* suffix_len */
        memcpy(p, paths[i], len);
        p += len;
        memset(p, 0xaa, 16);     /* digest */
        p += 16;
        *p++ = 1;                /* size */
        memset(p, 0, 8);         /* mtime */
        p += 8;
        *p++ = 5;                /* inode */
        *p++ = (uint8_t)flags;
    }
    p += 8;
    reseal(buf, (size_t)(p - buf));
    return (size_t)(p - buf);
}

START_TEST(manifest_content_checked)
{
    uint8_t buf[512];
    const char *const ok[] = {"a", "b/c"};
    ck_assert(decodes(buf, craft(buf, ok, 2, 0, 1)));
    ck_assert(decodes(buf, craft(buf, ok, 2, LOCUS_OUT_IF_MISSING, 1)));
    lp_manifest *manifest = NULL;
    ck_assert_int_eq(lp_manifest_decode(buf, craft(buf, ok, 2, 0, 1), &manifest, NULL), 0);
    ck_assert_int_eq(lp_manifest_lookup(manifest, "b/c", NULL), 1);
    lp_manifest_free(manifest);

    ck_assert(!decodes(buf, craft(buf, ok, 2, 0, 2)));        /* unknown version */
    ck_assert(!decodes(buf, craft(buf, ok, 2, 0x80 >> 1, 1))); /* unknown flag */
    const char *const escape[] = {"../x"};
    ck_assert(!decodes(buf, craft(buf, escape, 1, 0, 1)));
    const char *const absolute[] = {"/etc/passwd"};
    ck_assert(!decodes(buf, craft(buf, absolute, 1, 0, 1)));
    const char *const unsorted[] = {"b", "a/b", "a"}; /* any order will do */
    ck_assert(decodes(buf, craft(buf, unsorted, 3, 0, 1)));
    const char *const twice[] = {"a", "a"};
    ck_assert(!decodes(buf, craft(buf, twice, 2, 0, 1)));
    size_t len = craft(buf, ok, 2, 0, 1);
    buf[0] = 'X';
    reseal(buf, len);
    ck_assert(!decodes(buf, len));
    /* A count far beyond what the bytes can hold. */
    len = craft(buf, ok, 2, 0, 1);
    buf[8] = 0x7f;
    reseal(buf, len);
    ck_assert(!decodes(buf, len));
}
END_TEST

static Suite *outwriter_suite(void)
{
    Suite *suite = suite_create("outwriter");
    TCase *write = tcase_create("write");
    tcase_set_timeout(write, 60);
    tcase_add_test(write, first_build_writes_files);
    tcase_add_test(write, noop_build_touches_nothing);
    tcase_add_test(write, changed_file_is_replaced);
    tcase_add_test(write, user_edit_is_overwritten);
    tcase_add_test(write, stale_files_removed_others_untouched);
    tcase_add_test(write, failed_build_keeps_previous_entries);
    tcase_add_test(write, unremovable_stale_file_stays_listed);
    tcase_add_test(write, if_missing_written_once_never_removed);
    tcase_add_test(write, file_and_directory_swap_places);
    tcase_add_test(write, duplicate_submit_refused);
    tcase_add_test(write, failed_write_leaves_no_debris);
    suite_add_tcase(suite, write);
    TCase *paths = tcase_create("paths");
    tcase_add_test(paths, bad_paths_refused);
    tcase_add_test(paths, symlinked_directory_refused);
    tcase_add_test(paths, stale_removal_never_follows_symlinks);
    tcase_add_test(paths, symlink_as_file_refused);
    suite_add_tcase(suite, paths);
    TCase *threads = tcase_create("threads");
    tcase_set_timeout(threads, 120);
    tcase_add_test(threads, concurrent_submits_all_land);
    tcase_add_test(threads, concurrent_duplicates_refused_once_each);
    suite_add_tcase(suite, threads);
    TCase *manifest = tcase_create("manifest");
    tcase_set_timeout(manifest, 60);
    tcase_add_test(manifest, manifest_round_trip);
    tcase_add_test(manifest, manifest_corruption_rejected);
    tcase_add_test(manifest, manifest_content_checked);
    suite_add_tcase(suite, manifest);
    return suite;
}

int main(void)
{
    SRunner *runner = srunner_create(outwriter_suite());
    srunner_run_all(runner, CK_NORMAL);
    int failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
