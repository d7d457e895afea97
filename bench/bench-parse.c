/* bench-parse.c — parse throughput of the Locus parser (lang/, liblocuslang):
 * loads every .locus file under a directory into memory, then parses them all
 * on one thread, pass after pass, and prints the fastest pass as one JSON line.
 * Only ll_parse_file is timed: no file I/O, no cache, no threads.
 *
 *   bench-parse [--passes N] [--min-seconds S] DIR
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "locus_parse.h"

typedef struct source_file {
    char *key; /* path relative to DIR: the parser's source key */
    char *text;
    size_t len;
} source_file;

typedef struct corpus {
    source_file *files;
    size_t count, cap;
    size_t bytes;
} corpus;

typedef struct pass_result {
    double wall_s, cpu_s;
    size_t parse_errors;
} pass_result;

typedef struct options {
    const char *dir;
    long passes;        /* at least this many passes */
    double min_seconds; /* and at least this much parsing in total */
} options;

static double clock_s(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int has_suffix(const char *name, const char *suffix)
{
    size_t n = strlen(name), s = strlen(suffix);
    return n >= s && strcmp(name + n - s, suffix) == 0;
}

/* Reads a whole file into a malloc'd buffer. Returns 0, or an errno value. */
static int slurp(const char *path, char **text, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return errno;
    char *buf = NULL;
    size_t cap = 0, n = 0, got;
    do {
        if (n == cap) {
            cap = cap ? cap * 2 : 8192;
            char *grown = realloc(buf, cap);
            if (!grown) {
                free(buf);
                fclose(f);
                return ENOMEM;
            }
            buf = grown;
        }
        got = fread(buf + n, 1, cap - n, f);
        n += got;
    } while (got > 0);
    int rc = ferror(f) ? EIO : 0;
    fclose(f);
    if (rc) {
        free(buf);
        return rc;
    }
    *text = buf;
    *len = n;
    return 0;
}

static int corpus_add(corpus *c, const char *path, const char *key)
{
    if (c->count == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 1024;
        source_file *grown = realloc(c->files, cap * sizeof *grown);
        if (!grown)
            return ENOMEM;
        c->files = grown;
        c->cap = cap;
    }
    source_file *f = &c->files[c->count];
    int rc = slurp(path, &f->text, &f->len);
    if (rc)
        return rc;
    f->key = strdup(key);
    if (!f->key) {
        free(f->text);
        return ENOMEM;
    }
    c->count++;
    c->bytes += f->len;
    return 0;
}

static void corpus_free(corpus *c)
{
    for (size_t i = 0; i < c->count; i++) {
        free(c->files[i].key);
        free(c->files[i].text);
    }
    free(c->files);
    memset(c, 0, sizeof *c);
}

static int load_dir(corpus *c, const char *root, const char *rel);

/* One directory entry: recurse into directories, load .locus files. */
static int load_entry(corpus *c, const char *root, const char *rel, const struct dirent *e)
{
    if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
        return 0;
    char key[4096], path[8192];
    int n = snprintf(key, sizeof key, "%s%s%s", rel, *rel ? "/" : "", e->d_name);
    if (n < 0 || (size_t)n >= sizeof key)
        return ENAMETOOLONG;
    snprintf(path, sizeof path, "%s/%s", root, key);
    unsigned char type = e->d_type;
    struct stat st;
    if (type == DT_UNKNOWN && lstat(path, &st) == 0)
        type = S_ISDIR(st.st_mode) ? DT_DIR : S_ISREG(st.st_mode) ? DT_REG : DT_UNKNOWN;
    if (type == DT_DIR)
        return load_dir(c, root, key);
    if (type == DT_REG && has_suffix(e->d_name, ".locus"))
        return corpus_add(c, path, key);
    return 0;
}

static int load_dir(corpus *c, const char *root, const char *rel)
{
    char path[8192];
    snprintf(path, sizeof path, "%s%s%s", root, *rel ? "/" : "", rel);
    DIR *d = opendir(path);
    if (!d)
        return errno;
    int rc = 0;
    struct dirent *e;
    while (rc == 0 && (e = readdir(d)) != NULL)
        rc = load_entry(c, root, rel, e);
    closedir(d);
    return rc;
}

/* Parses every file once. Returns 0, or -1 when the parser ran out of memory. */
static int parse_pass(const corpus *c, pass_result *out)
{
    double wall0 = clock_s(CLOCK_MONOTONIC), cpu0 = clock_s(CLOCK_THREAD_CPUTIME_ID);
    size_t errors = 0;
    for (size_t i = 0; i < c->count; i++) {
        const source_file *f = &c->files[i];
        ll_parse_result res;
        int rc = ll_parse_file(f->key, strlen(f->key), f->text, f->len, &res);
        if (rc < 0)
            return -1;
        if (rc == 0)
            free(res.blob);
        else
            errors++;
    }
    out->wall_s = clock_s(CLOCK_MONOTONIC) - wall0;
    out->cpu_s = clock_s(CLOCK_THREAD_CPUTIME_ID) - cpu0;
    out->parse_errors = errors;
    return 0;
}

/* Runs passes until both limits are met; keeps the fastest (wall and CPU apart). */
static int run_passes(const corpus *c, const options *o, pass_result *best, long *passes)
{
    double total = 0;
    long n = 0;
    while (n < o->passes || total < o->min_seconds) {
        pass_result r;
        if (parse_pass(c, &r) != 0)
            return -1;
        if (n == 0 || r.wall_s < best->wall_s)
            best->wall_s = r.wall_s;
        if (n == 0 || r.cpu_s < best->cpu_s)
            best->cpu_s = r.cpu_s;
        best->parse_errors = r.parse_errors;
        total += r.wall_s;
        n++;
    }
    *passes = n;
    return 0;
}

static void print_json(const corpus *c, const pass_result *best, long passes)
{
    double mb = (double)c->bytes / 1e6;
    printf("{\"files\": %zu, \"bytes\": %zu, \"parse_errors\": %zu, \"passes\": %ld, "
           "\"best_wall_s\": %.6f, \"best_cpu_s\": %.6f, \"mb_per_s\": %.2f, "
           "\"mb_per_s_cpu\": %.2f}\n",
           c->count, c->bytes, best->parse_errors, passes, best->wall_s, best->cpu_s,
           best->wall_s > 0 ? mb / best->wall_s : 0.0, best->cpu_s > 0 ? mb / best->cpu_s : 0.0);
}

static const char usage[] =
    "Usage: bench-parse [--passes N] [--min-seconds S] DIR\n"
    "Parse throughput of liblocuslang on one thread: every .locus file under DIR is\n"
    "read into memory first, then parsed pass after pass (at least N passes, default\n"
    "3, and at least S seconds of parsing, default 1). Prints one JSON line: files,\n"
    "bytes, parse_errors, passes, best_wall_s, best_cpu_s, mb_per_s (MB = 10^6\n"
    "bytes, fastest pass by wall time), mb_per_s_cpu (fastest by thread CPU time).\n";

/* Returns 0 when the arguments are usable, 1 for --help, -1 on a usage error. */
static int parse_options(int argc, char **argv, options *o)
{
    *o = (options){NULL, 3, 1.0};
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
            return 1;
        if (strcmp(argv[i], "--passes") == 0 && i + 1 < argc)
            o->passes = strtol(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "--min-seconds") == 0 && i + 1 < argc)
            o->min_seconds = strtod(argv[++i], NULL);
        else if (argv[i][0] != '-' && !o->dir)
            o->dir = argv[i];
        else
            return -1;
    }
    return o->dir && o->passes >= 1 && o->min_seconds >= 0 ? 0 : -1;
}

int main(int argc, char **argv)
{
    options o;
    int prc = parse_options(argc, argv, &o);
    if (prc != 0) {
        fputs(usage, prc > 0 ? stdout : stderr);
        return prc > 0 ? 0 : 2;
    }
    corpus c = {0};
    int rc = load_dir(&c, o.dir, "");
    if (rc == 0 && c.count == 0)
        rc = ENOENT;
    if (rc != 0) {
        fprintf(stderr, "bench-parse: %s: cannot load .locus files: %s\n", o.dir, strerror(rc));
        corpus_free(&c);
        return 1;
    }
    pass_result best = {0};
    long passes = 0;
    if (run_passes(&c, &o, &best, &passes) != 0) {
        fputs("bench-parse: the parser ran out of memory\n", stderr);
        corpus_free(&c);
        return 1;
    }
    print_json(&c, &best, passes);
    corpus_free(&c);
    return 0;
}
