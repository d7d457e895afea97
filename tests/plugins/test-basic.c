/* test-basic.c — a test plugin exercising every part of the SDK: per-item
 * and once stages, options, diagnostics, parallel-for, output files. */
#include <ctype.h>
#include <stdio.h>
#include <time.h>
#include <stdlib.h>
#include <string.h>

#include "locus/locus.h"

/* upper: one task per source file; emits the file upper-cased (plus the
 * `suffix` option). A line containing FAIL is an error at that line. */
static int upper_run(locus_task *t)
{
    const locus_port *src = locus_input(t, "sources");
    size_t index = locus_task_item(t), len;
    const char *key = locus_item_key(src, index);
    const char *text = locus_item_data(t, src, index, &len);
    if (!text)
        return -1;
    const char *suffix = locus_task_option(t, "suffix");
    size_t suffix_len = suffix ? strlen(suffix) : 0;
    char *out = locus_arena_alloc(locus_task_arena(t), len + suffix_len + 1);
    uint32_t line = 1, column = 1;
    for (size_t i = 0; i < len; i++) {
        out[i] = (char)toupper((unsigned char)text[i]);
        if (i + 4 <= len && memcmp(text + i, "FAIL", 4) == 0)
            locus_error(t, key, line, column, "found FAIL");
        if (i + 4 <= len && memcmp(text + i, "WARN", 4) == 0)
            locus_warning(t, key, line, column, "found WARN");
        column = text[i] == '\n' ? 1 : column + 1;
        line += text[i] == '\n';
    }
    if (suffix)
        memcpy(out + len, suffix, suffix_len);
    return locus_emit(t, "upper", NULL, out, len + suffix_len);
}

/* concat: one task; joins every item as "key: bytes\n". */
static int concat_run(locus_task *t)
{
    const locus_port *in = locus_input(t, "upper");
    locus_buf joined = LOCUS_BUF_INIT;
    int rc = 0;
    for (size_t i = 0; i < locus_port_count(in) && rc == 0; i++) {
        size_t len;
        const char *data = locus_item_data(t, in, i, &len);
        rc = !data || locus_buf_printf(&joined, "%s: ", locus_item_key(in, i)) ||
             locus_buf_append(&joined, data, len) || locus_buf_putc(&joined, '\n');
    }
    if (rc == 0)
        rc = locus_emit(t, "joined", NULL, joined.data ? joined.data : "", joined.len);
    locus_buf_free(&joined);
    return rc ? -1 : 0;
}

/* emit: writes all.txt and one file per input line under lines/, plus the
 * files named by the `extra` option (space-separated, may be bad paths). */
static int emit_run(locus_task *t)
{
    const locus_port *in = locus_input(t, "joined");
    size_t len;
    const char *data = locus_item_data(t, in, 0, &len);
    if (!data || locus_write_file(t, "all.txt", data, len, 0) != 0)
        return -1;
    size_t line_no = 0;
    for (const char *p = data; p < data + len; line_no++) {
        const char *nl = memchr(p, '\n', (size_t)(data + len - p));
        size_t line_len = nl ? (size_t)(nl - p) : (size_t)(data + len - p);
        locus_outfile *f = locus_out_open(t, locus_arena_printf(locus_task_arena(t),
                                                                "lines/%zu.txt", line_no), 0);
        if (!f)
            return -1;
        locus_out_write(f, p, line_len);
        locus_out_puts(f, "\n");
        if (locus_out_close(f) != 0)
            return -1;
        p += line_len + 1;
    }
    const char *extra = locus_task_option(t, "extra");
    if (extra && *extra) {
        char *copy = locus_arena_strdup(locus_task_arena(t), extra), *save = NULL;
        for (char *path = strtok_r(copy, " ", &save); path; path = strtok_r(NULL, " ", &save))
            if (locus_write_file(t, path, path, strlen(path), 0) != 0)
                return -1;
    }
    const char *scaffold = locus_task_option(t, "scaffold");
    if (scaffold && *scaffold &&
        locus_write_file(t, scaffold, "edit me\n", 8, LOCUS_OUT_IF_MISSING) != 0)
        return -1;
    return 0;
}

/* count: per item, independent of upper; emits the byte count. */
static int count_run(locus_task *t)
{
    const locus_port *src = locus_input(t, "sources");
    char text[32];
    int n = snprintf(text, sizeof text, "%zu", locus_item_size(src, locus_task_item(t)));
    return locus_emit(t, "counts", NULL, text, (size_t)n);
}

/* digests: one task that hashes every source on the pool. */
typedef struct digest_job {
    locus_task *t;
    const locus_port *src;
    locus_digest *out;
} digest_job;

static void digest_one(void *ctx, size_t i)
{
    digest_job *job = ctx;
    size_t len;
    const void *data = locus_item_data(job->t, job->src, i, &len);
    locus_arena *arena = locus_task_worker_arena(job->t);
    char *scratch = locus_arena_alloc(arena, 64); /* exercise worker arenas */
    if (data && scratch)
        job->out[i] = locus_digest_of(data, len);
}

static int digests_run(locus_task *t)
{
    const char *fail = locus_task_option(t, "fail");
    if (fail && strcmp(fail, "true") == 0) {
        locus_error(t, NULL, 0, 0, "digests told to fail");
        return -1;
    }
    const locus_port *src = locus_input(t, "sources");
    size_t n = locus_port_count(src);
    digest_job job = {t, src, locus_arena_zalloc(locus_task_arena(t), (n + 1) * sizeof(locus_digest))};
    if (locus_parallel_for(t, n, digest_one, &job) != 0)
        return -1;
    locus_buf text = LOCUS_BUF_INIT;
    for (size_t i = 0; i < n; i++) {
        char hex[33];
        locus_digest_hex(&job.out[i], hex);
        locus_buf_printf(&text, "%s %s\n", locus_item_key(src, i), hex);
    }
    int rc = locus_emit(t, "digests", NULL, text.data ? text.data : "", text.len);
    locus_buf_free(&text);
    return rc;
}

/* gated: per source, writes gated/KEY with the byte count, but only once
 * "joined" exists (it waits for it without reading it). */
static int gated_run(locus_task *t)
{
    const locus_port *src = locus_input(t, "sources");
    size_t index = locus_task_item(t);
    char path[512], text[32];
    snprintf(path, sizeof path, "gated/%s", locus_item_key(src, index));
    int n = snprintf(text, sizeof text, "%zu\n", locus_item_size(src, index));
    return locus_write_file(t, path, text, (size_t)n, 0);
}

/* sleepy: takes `seconds` to finish, polling for cancellation unless
 * ignore_cancel is true (to test timeouts). hog: holds `megabytes` of
 * touched memory for a while (to test max_memory). Tests only: they read
 * the clock. */
static int sleepy_run(locus_task *t)
{
    double seconds = atof(locus_task_option(t, "seconds"));
    int ignore = strcmp(locus_task_option(t, "ignore_cancel"), "true") == 0;
    for (double slept = 0; slept < seconds; slept += 0.01) {
        if (!ignore && locus_task_cancelled(t))
            return -1;
        struct timespec tick = {0, 10 * 1000 * 1000};
        nanosleep(&tick, NULL);
    }
    return locus_write_file(t, "slept.txt", "zz\n", 3, 0);
}

static int hog_run(locus_task *t)
{
    size_t bytes = (size_t)atol(locus_task_option(t, "megabytes")) << 20;
    char *memory = malloc(bytes ? bytes : 1);
    if (!memory)
        return -1;
    memset(memory, 1, bytes);
    for (int i = 0; i < 300 && !locus_task_cancelled(t); i++) {
        struct timespec tick = {0, 10 * 1000 * 1000};
        nanosleep(&tick, NULL);
    }
    free(memory);
    return locus_task_cancelled(t) ? -1 : locus_write_file(t, "hog.txt", "big\n", 4, 0);
}

/* split: one task; for each source emits a 6 MB item on `left` and one on
 * `right` (filled with the source's first byte), so its result is one big
 * allocation (above malloc's largest mmap threshold, so freeing it unmaps
 * it). lefty reads `left` and is done after 100 ms; righty reads
 * every `right` item at once, waits 300 ms (lefty finishes meanwhile), and checks
 * the bytes it was handed are still there: the core must keep split's data
 * while any of its ports is being read. */
enum { SPLIT_ITEM = 6 << 20 };

static int split_run(locus_task *t)
{
    const locus_port *src = locus_input(t, "sources");
    char *fill = locus_arena_alloc(locus_task_arena(t), SPLIT_ITEM);
    if (!fill)
        return -1;
    for (size_t i = 0; i < locus_port_count(src); i++) {
        size_t len;
        const char *text = locus_item_data(t, src, i, &len);
        if (!text)
            return -1;
        memset(fill, len ? text[0] : '-', SPLIT_ITEM);
        const char *key = locus_item_key(src, i);
        if (locus_emit(t, "left", key, fill, SPLIT_ITEM) || locus_emit(t, "right", key, fill, SPLIT_ITEM))
            return -1;
    }
    return 0;
}

static int lefty_run(locus_task *t)
{
    const locus_port *in = locus_input(t, "left");
    struct timespec wait = {0, 100 * 1000 * 1000}; /* righty has its pointers by then */
    nanosleep(&wait, NULL);
    return locus_port_count(in) && locus_item_data(t, in, 0, NULL) ? 0 : -1;
}

static int righty_run(locus_task *t)
{
    const locus_port *in = locus_input(t, "right");
    size_t n = locus_port_count(in);
    const char **held = locus_arena_alloc(locus_task_arena(t), (n + 1) * sizeof *held);
    if (!held)
        return -1;
    for (size_t i = 0; i < n; i++)
        if (!(held[i] = locus_item_data(t, in, i, NULL)))
            return -1;
    struct timespec wait = {0, 300 * 1000 * 1000};
    nanosleep(&wait, NULL);
    for (size_t i = 0; i < n; i++)
        for (size_t b = 0; b < SPLIT_ITEM; b += 4096)
            if (held[i][b] != held[i][0]) {
                locus_error(t, NULL, 0, 0, "item %zu changed under the reader", i);
                return -1;
            }
    return 0;
}

/* picky: emits on `picked_a` and `picked_b` only what some stage reads
 * (locus_output_wanted) and writes what it saw to picky.txt; pickb reads
 * `picked_b` and writes how many items it got. */
static int picky_run(locus_task *t)
{
    char seen[64];
    int a = locus_output_wanted(t, "picked_a"), b = locus_output_wanted(t, "picked_b");
    int len = snprintf(seen, sizeof seen, "a=%d b=%d other=%d\n", a, b,
                       locus_output_wanted(t, "sources"));
    if ((a && locus_emit(t, "picked_a", "x", "A", 1)) ||
        (b && locus_emit(t, "picked_b", "x", "B", 1)))
        return -1;
    return locus_write_file(t, "picky.txt", seen, (size_t)len, 0);
}

static int pickb_run(locus_task *t)
{
    char text[32];
    int len = snprintf(text, sizeof text, "%zu\n", locus_port_count(locus_input(t, "picked_b")));
    return locus_write_file(t, "pickb.txt", text, (size_t)len, 0);
}

static const char *const in_sources[] = {"sources", NULL};
static const char *const out_split[] = {"left", "right", NULL};
static const char *const out_picky[] = {"picked_a", "picked_b", NULL};
static const char *const in_picked_b[] = {"picked_b", NULL};
static const char *const in_left[] = {"left", NULL};
static const char *const in_right[] = {"right", NULL};
static const char *const out_upper[] = {"upper", NULL};
static const char *const in_upper[] = {"upper", NULL};
static const char *const out_joined[] = {"joined", NULL};
static const char *const in_joined[] = {"joined", NULL};
static const char *const out_counts[] = {"counts", NULL};
static const char *const out_digests[] = {"digests", NULL};
static const char *const after_joined[] = {"joined", NULL};

static const locus_option_desc upper_options[] = {
    {"suffix", "text appended to every item", NULL}, {NULL, NULL, NULL}};
static const locus_option_desc digests_options[] = {
    {"fail", "true: report an error (for tests of failed builds)", "false"}, {NULL, NULL, NULL}};
static const locus_option_desc sleepy_options[] = {
    {"seconds", "how long to take", "0"},
    {"ignore_cancel", "true: do not stop when the build stops", "false"},
    {NULL, NULL, NULL}};
static const locus_option_desc hog_options[] = {
    {"megabytes", "memory to hold", "0"}, {NULL, NULL, NULL}};
static const locus_option_desc emit_options[] = {
    {"extra", "extra files to write (their path is their content)", ""},
    {"scaffold", "a file written only if missing", ""},
    {NULL, NULL, NULL}};

static const locus_stage_desc stages[] = {
    {.name = "upper", .version = "1", .help = "upper-case each source",
     .inputs = in_sources, .outputs = out_upper, .fanout = LOCUS_FANOUT_PER_ITEM,
     .run = upper_run, .options = upper_options},
    {.name = "concat", .version = "1", .inputs = in_upper, .outputs = out_joined,
     .fanout = LOCUS_FANOUT_ONCE, .run = concat_run},
    {.name = "emit", .version = "1", .inputs = in_joined, .outputs = NULL,
     .fanout = LOCUS_FANOUT_ONCE, .run = emit_run, .options = emit_options},
    {.name = "count", .version = "1", .inputs = in_sources, .outputs = out_counts,
     .fanout = LOCUS_FANOUT_PER_ITEM, .run = count_run},
    {.name = "digests", .version = "1", .inputs = in_sources, .outputs = out_digests,
     .fanout = LOCUS_FANOUT_ONCE, .run = digests_run, .options = digests_options},
    {.name = "sleepy", .version = "1", .inputs = in_sources, .outputs = NULL,
     .fanout = LOCUS_FANOUT_ONCE, .run = sleepy_run, .options = sleepy_options},
    {.name = "hog", .version = "1", .inputs = in_sources, .outputs = NULL,
     .fanout = LOCUS_FANOUT_ONCE, .run = hog_run, .options = hog_options},
    {.name = "gated", .version = "1", .inputs = in_sources, .outputs = NULL,
     .fanout = LOCUS_FANOUT_PER_ITEM, .run = gated_run, .after = after_joined},
    {.name = "split", .version = "1", .inputs = in_sources, .outputs = out_split,
     .fanout = LOCUS_FANOUT_ONCE, .run = split_run},
    {.name = "lefty", .version = "1", .inputs = in_left, .outputs = NULL,
     .fanout = LOCUS_FANOUT_ONCE, .run = lefty_run},
    {.name = "righty", .version = "1", .inputs = in_right, .outputs = NULL,
     .fanout = LOCUS_FANOUT_ONCE, .run = righty_run},
    {.name = "picky", .version = "1", .inputs = in_sources, .outputs = out_picky,
     .fanout = LOCUS_FANOUT_ONCE, .run = picky_run},
    {.name = "pickb", .version = "1", .inputs = in_picked_b, .outputs = NULL,
     .fanout = LOCUS_FANOUT_ONCE, .run = pickb_run},
};

LOCUS_PLUGIN("test-basic", "1.0", stages);
