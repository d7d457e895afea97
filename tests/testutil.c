/* testutil.c — temp directories and file helpers for the Check tests. */
#include "testutil.h"

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

char *tu_path(const char *dir, const char *name)
{
    size_t len = strlen(dir) + strlen(name) + 2;
    char *path = malloc(len);
    ck_assert_ptr_nonnull(path);
    snprintf(path, len, "%s/%s", dir, name);
    return path;
}

char *tu_mkdtemp(void)
{
    const char *base = getenv("TMPDIR");
    if (!base || !*base)
        base = "/tmp";
    char *path = tu_path(base, "locus-test-XXXXXX");
    ck_assert_msg(mkdtemp(path) != NULL, "mkdtemp: %s", strerror(errno));
    return path;
}

static int rm_entry(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
    (void)st;
    (void)type;
    (void)ftw;
    return remove(path);
}

void tu_rmtree(const char *path)
{
    if (!path || !*path || strcmp(path, "/") == 0)
        return;
    nftw(path, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static void make_parents(char *path)
{
    for (char *p = path + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        mkdir(path, 0777);
        *p = '/';
    }
}

void tu_write(const char *dir, const char *name, const char *content)
{
    char *path = tu_path(dir, name);
    make_parents(path);
    FILE *f = fopen(path, "wb");
    ck_assert_msg(f != NULL, "open %s: %s", path, strerror(errno));
    size_t len = strlen(content);
    ck_assert_uint_eq(fwrite(content, 1, len, f), len);
    ck_assert_int_eq(fclose(f), 0);
    free(path);
}

char *tu_read(const char *dir, const char *name, size_t *len)
{
    char *path = tu_path(dir, name);
    FILE *f = fopen(path, "rb");
    free(path);
    if (!f)
        return NULL;
    size_t cap = 4096, used = 0;
    char *data = malloc(cap);
    ck_assert_ptr_nonnull(data);
    size_t got;
    while ((got = fread(data + used, 1, cap - used - 1, f)) > 0) {
        used += got;
        if (cap - used < 2) {
            cap *= 2;
            data = realloc(data, cap);
            ck_assert_ptr_nonnull(data);
        }
    }
    fclose(f);
    data[used] = '\0';
    if (len)
        *len = used;
    return data;
}
