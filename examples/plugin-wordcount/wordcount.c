/* wordcount.c — an example third-party locus-pipeline plugin.
 *
 * Two stages:
 *   wordcount    once per source file: counts its lines, words and bytes
 *                and emits them on the port "counts" ("L W B").
 *   wordreport   once: reads every count and writes report.txt (a table
 *                sorted by word count) and totals.json.
 * docs/plugin-authoring.md walks through this file.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <locus/locus.h>

typedef struct counts {
    unsigned long lines, words, bytes;
} counts;

static counts count_text(const char *text, size_t len)
{
    counts c = {0, 0, (unsigned long)len};
    int in_word = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char ch = (unsigned char)text[i];
        c.lines += ch == '\n';
        if (isspace(ch)) {
            in_word = 0;
        } else if (!in_word) {
            in_word = 1;
            c.words++;
        }
    }
    return c;
}

static int wordcount_run(locus_task *task)
{
    const locus_port *sources = locus_input(task, "sources");
    size_t index = locus_task_item(task), len;
    const char *text = locus_item_data(task, sources, index, &len);
    if (!text)
        return -1;
    counts c = count_text(text, len);
    if (c.words == 0)
        locus_warning(task, locus_item_key(sources, index), 1, 1, "file has no words");
    char line[96];
    int n = snprintf(line, sizeof line, "%lu %lu %lu", c.lines, c.words, c.bytes);
    return locus_emit(task, "counts", NULL, line, (size_t)n);
}

typedef struct row {
    const char *key;
    counts c;
} row;

static int by_words_then_key(const void *a, const void *b)
{
    const row *x = a, *y = b;
    if (x->c.words != y->c.words)
        return x->c.words < y->c.words ? 1 : -1;
    return strcmp(x->key, y->key);
}

static int wordreport_run(locus_task *task)
{
    const locus_port *in = locus_input(task, "counts");
    size_t n = locus_port_count(in);
    row *rows = locus_arena_alloc(locus_task_arena(task), (n + 1) * sizeof *rows);
    counts total = {0, 0, 0};
    for (size_t i = 0; i < n; i++) {
        const char *data = locus_item_data(task, in, i, NULL);
        rows[i].key = locus_item_key(in, i);
        if (!data || sscanf(data, "%lu %lu %lu", &rows[i].c.lines, &rows[i].c.words,
                            &rows[i].c.bytes) != 3)
            return -1;
        total.lines += rows[i].c.lines;
        total.words += rows[i].c.words;
        total.bytes += rows[i].c.bytes;
    }
    qsort(rows, n, sizeof *rows, by_words_then_key);
    const char *title = locus_task_option(task, "title");
    locus_outfile *report = locus_out_open(task, "report.txt", 0);
    if (!report)
        return -1;
    locus_out_printf(report, "%s\n\n%8s %8s %8s  file\n", title, "lines", "words", "bytes");
    for (size_t i = 0; i < n; i++)
        locus_out_printf(report, "%8lu %8lu %8lu  %s\n", rows[i].c.lines, rows[i].c.words,
                         rows[i].c.bytes, rows[i].key);
    locus_out_printf(report, "%8lu %8lu %8lu  total (%zu files)\n", total.lines, total.words,
                     total.bytes, n);
    if (locus_out_close(report) != 0)
        return -1;
    char json[160];
    int len = snprintf(json, sizeof json,
                       "{\"files\": %zu, \"lines\": %lu, \"words\": %lu, \"bytes\": %lu}\n", n,
                       total.lines, total.words, total.bytes);
    return locus_write_file(task, "totals.json", json, (size_t)len, 0);
}

static const char *const wordcount_in[] = {"sources", NULL};
static const char *const wordcount_out[] = {"counts", NULL};
static const char *const wordreport_in[] = {"counts", NULL};
static const locus_option_desc wordreport_options[] = {
    {"title", "first line of report.txt", "Word counts"},
    {NULL, NULL, NULL},
};

static const locus_stage_desc stages[] = {
    {.name = "wordcount", .version = "1", .help = "count lines, words and bytes per file",
     .inputs = wordcount_in, .outputs = wordcount_out, .fanout = LOCUS_FANOUT_PER_ITEM,
     .run = wordcount_run},
    {.name = "wordreport", .version = "1", .help = "write report.txt and totals.json",
     .inputs = wordreport_in, .outputs = NULL, .fanout = LOCUS_FANOUT_ONCE,
     .run = wordreport_run, .options = wordreport_options},
};

LOCUS_PLUGIN("wordcount", "1.0.0", stages);
