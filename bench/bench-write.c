/* bench-write.c — the write floor: a plain create+write of a list of files
 * (the same relative paths and sizes a build wrote), with the parent
 * directories made as needed, on one thread, no fsync, no temp files. The
 * benchmark states cold builds as a ratio to this. With --synthetic it
 * writes a fixed set of small files instead (the calibration workload).
 *
 *   bench-write --list FILE OUTDIR     lines "<size> <relative path>"
 *   bench-write --synthetic N SIZE OUTDIR
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

typedef struct out_file {
    size_t size;
    char *path; /* relative to OUTDIR */
} out_file;

typedef struct file_list {
    out_file *files;
    size_t count, cap;
    size_t bytes, max_size;
} file_list;

typedef struct write_stats {
    size_t dirs;
    double wall_s, user_s, sys_s;
} write_stats;

typedef struct options {
    const char *list;   /* --list FILE, or NULL */
    long synth_n;       /* --synthetic N SIZE */
    long synth_size;
    const char *outdir;
} options;

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double tv_s(struct timeval tv)
{
    return (double)tv.tv_sec + (double)tv.tv_usec / 1e6;
}

static int list_add(file_list *l, size_t size, const char *path)
{
    if (l->count == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 1024;
        out_file *grown = realloc(l->files, cap * sizeof *grown);
        if (!grown)
            return ENOMEM;
        l->files = grown;
        l->cap = cap;
    }
    char *copy = strdup(path);
    if (!copy)
        return ENOMEM;
    l->files[l->count++] = (out_file){size, copy};
    l->bytes += size;
    if (size > l->max_size)
        l->max_size = size;
    return 0;
}

static void list_free(file_list *l)
{
    for (size_t i = 0; i < l->count; i++)
        free(l->files[i].path);
    free(l->files);
    memset(l, 0, sizeof *l);
}

/* Whether a relative path has a ".." component (it would leave OUTDIR). */
static int has_dotdot(const char *path)
{
    for (const char *p = path; (p = strstr(p, "..")) != NULL; p += 2)
        if ((p == path || p[-1] == '/') && (p[2] == '\0' || p[2] == '/'))
            return 1;
    return 0;
}

/* One line "<size> <path>": the path is the rest of the line. */
static int parse_line(file_list *l, char *line)
{
    line[strcspn(line, "\n")] = '\0';
    if (*line == '\0')
        return 0;
    char *end;
    errno = 0;
    unsigned long long size = strtoull(line, &end, 10);
    if (errno || end == line || *end != ' ' || end[1] == '\0' || end[1] == '/' ||
        has_dotdot(end + 1))
        return EINVAL;
    return list_add(l, (size_t)size, end + 1);
}

static int read_list(file_list *l, const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return errno;
    char line[8192];
    int rc = 0;
    while (rc == 0 && fgets(line, sizeof line, f))
        rc = parse_line(l, line);
    fclose(f);
    return rc;
}

static int synthetic_list(file_list *l, long n, long size)
{
    char path[64];
    int rc = 0;
    for (long i = 0; i < n && rc == 0; i++) {
        snprintf(path, sizeof path, "d%03ld/f%05ld.txt", i / 100, i);
        rc = list_add(l, (size_t)size, path);
    }
    return rc;
}

/* mkdir -p for the parents of path (relative to dirfd). */
static int make_parents(int dirfd, const char *path, size_t *made)
{
    char buf[8192];
    size_t n = strlen(path);
    if (n >= sizeof buf)
        return ENAMETOOLONG;
    memcpy(buf, path, n + 1);
    for (char *p = strchr(buf, '/'); p; p = strchr(p + 1, '/')) {
        *p = '\0';
        if (mkdirat(dirfd, buf, 0777) == 0)
            (*made)++;
        else if (errno != EEXIST)
            return errno;
        *p = '/';
    }
    return 0;
}

/* The directory part of path (up to the last '/'), as a length. */
static size_t dir_len(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? (size_t)(slash - path) : 0;
}

static int write_one(int dirfd, const out_file *f, const char *data)
{
    int fd = openat(dirfd, f->path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
        return errno;
    size_t done = 0;
    while (done < f->size) {
        ssize_t w = write(fd, data + done, f->size - done);
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0) {
            int e = errno;
            close(fd);
            return e;
        }
        done += (size_t)w;
    }
    return close(fd) == 0 ? 0 : errno;
}

/* Writes every file; parents are made when the directory differs from the
 * previous file's (the driver lists files sorted by path). */
static int write_all(int dirfd, const file_list *l, const char *data, size_t *dirs)
{
    const char *prev = NULL;
    size_t prev_len = 0;
    for (size_t i = 0; i < l->count; i++) {
        const char *path = l->files[i].path;
        size_t len = dir_len(path);
        if (len && (!prev || len != prev_len || memcmp(prev, path, len) != 0)) {
            int rc = make_parents(dirfd, path, dirs);
            if (rc)
                return rc;
        }
        prev = path;
        prev_len = len;
        int rc = write_one(dirfd, &l->files[i], data);
        if (rc)
            return rc;
    }
    return 0;
}

static int timed_write(const char *outdir, const file_list *l, write_stats *st)
{
    char *data = malloc(l->max_size ? l->max_size : 1);
    if (!data)
        return ENOMEM;
    memset(data, 'x', l->max_size);
    struct rusage r0, r1;
    getrusage(RUSAGE_SELF, &r0);
    double t0 = now_s();
    int rc = 0;
    if (mkdir(outdir, 0777) != 0 && errno != EEXIST)
        rc = errno;
    int dirfd = rc ? -1 : open(outdir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (!rc && dirfd < 0)
        rc = errno;
    if (!rc)
        rc = write_all(dirfd, l, data, &st->dirs);
    if (dirfd >= 0)
        close(dirfd);
    st->wall_s = now_s() - t0;
    getrusage(RUSAGE_SELF, &r1);
    st->user_s = tv_s(r1.ru_utime) - tv_s(r0.ru_utime);
    st->sys_s = tv_s(r1.ru_stime) - tv_s(r0.ru_stime);
    free(data);
    return rc;
}

static const char usage[] =
    "Usage: bench-write --list FILE OUTDIR\n"
    "       bench-write --synthetic N SIZE OUTDIR\n"
    "Create and write files under OUTDIR (made if missing) on one thread: open,\n"
    "write, close, parent directories made as needed, no fsync. --list reads lines\n"
    "\"<size> <relative path>\" (sorted by path); --synthetic writes N files of SIZE\n"
    "bytes, 100 per directory. Prints one JSON line: files, bytes, dirs, wall_s,\n"
    "user_s, sys_s (the listing is read before the clock starts).\n";

/* Returns 0 when usable, 1 for --help, -1 on a usage error. */
static int parse_options(int argc, char **argv, options *o)
{
    *o = (options){NULL, -1, -1, NULL};
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
            return 1;
        if (strcmp(argv[i], "--list") == 0 && i + 1 < argc) {
            o->list = argv[++i];
        } else if (strcmp(argv[i], "--synthetic") == 0 && i + 2 < argc) {
            o->synth_n = strtol(argv[++i], NULL, 10);
            o->synth_size = strtol(argv[++i], NULL, 10);
        } else if (argv[i][0] != '-' && !o->outdir) {
            o->outdir = argv[i];
        } else {
            return -1;
        }
    }
    int synth = o->synth_n >= 0 && o->synth_size >= 0;
    return o->outdir && (o->list != NULL) != synth ? 0 : -1;
}

int main(int argc, char **argv)
{
    options o;
    int prc = parse_options(argc, argv, &o);
    if (prc != 0) {
        fputs(usage, prc > 0 ? stdout : stderr);
        return prc > 0 ? 0 : 2;
    }
    file_list l = {0};
    int rc = o.list ? read_list(&l, o.list) : synthetic_list(&l, o.synth_n, o.synth_size);
    if (rc) {
        fprintf(stderr, "bench-write: %s: %s\n", o.list ? o.list : "--synthetic", strerror(rc));
        list_free(&l);
        return 1;
    }
    write_stats st = {0};
    rc = timed_write(o.outdir, &l, &st);
    if (rc) {
        fprintf(stderr, "bench-write: %s: %s\n", o.outdir, strerror(rc));
        list_free(&l);
        return 1;
    }
    printf("{\"files\": %zu, \"bytes\": %zu, \"dirs\": %zu, \"wall_s\": %.6f, "
           "\"user_s\": %.6f, \"sys_s\": %.6f}\n",
           l.count, l.bytes, st.dirs, st.wall_s, st.user_s, st.sys_s);
    list_free(&l);
    return 0;
}
