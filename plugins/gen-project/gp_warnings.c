/* gp_warnings.c — GENERATED_WARNINGS.txt / .json (outputs.md §12). */
#include "gp_warnings.h"

#include <stdlib.h>
#include <string.h>

#include "genutil.h"

static int blob_cmp(const void *a, const void *b)
{
    return gen_collate(((const gp_blob *)a)->key, ((const gp_blob *)b)->key);
}

static size_t count_lines(const gp_blob *items, size_t n)
{
    size_t lines = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < items[i].len; j++)
            lines += items[i].data[j] == '\n';
    return lines + n; /* a last line may lack its LF */
}

int gp_collect_warnings(gp_blob *items, size_t n, locus_arena *arena, gp_warnings *out)
{
    if (n)
        qsort(items, n, sizeof *items, blob_cmp);
    out->count = 0;
    out->messages = locus_arena_alloc(arena, (count_lines(items, n) + 1) * sizeof *out->messages);
    if (!out->messages)
        return -1;
    for (size_t i = 0; i < n; i++) {
        const char *p = items[i].data, *end = p + items[i].len;
        while (p < end) {
            const char *lf = memchr(p, '\n', (size_t)(end - p));
            const char *stop = lf ? lf : end;
            if (stop > p) {
                const char *line = locus_arena_strndup(arena, p, (size_t)(stop - p));
                if (!line)
                    return -1;
                out->messages[out->count++] = line;
            }
            p = lf ? lf + 1 : end;
        }
    }
    return 0;
}

int gp_warnings_txt(locus_buf *out, const gp_warnings *w)
{
    for (size_t i = 0; i < w->count; i++)
        if (locus_buf_printf(out, "- %s\n", w->messages[i]) != 0)
            return -1;
    return 0;
}

const char *gp_warning_kind(const char *message)
{
    if (strstr(message, "auto-added slot param 'children'"))
        return "slot_children_auto_add";
    if (strstr(message, "auto-added named slot param"))
        return "slot_named_auto_add";
    return "generic";
}

int gp_warnings_json(locus_buf *out, const gp_warnings *w)
{
    gen_json json;
    gen_json_init(&json, out);
    gen_json_begin_array(&json);
    for (size_t i = 0; i < w->count; i++) {
        gen_json_begin_object(&json);
        gen_json_key(&json, "kind");
        gen_json_str(&json, gp_warning_kind(w->messages[i]));
        gen_json_key(&json, "message");
        gen_json_str(&json, w->messages[i]);
        gen_json_end_object(&json);
    }
    gen_json_end_array(&json);
    return gen_json_finish(&json) || locus_buf_putc(out, '\n') ? -1 : 0;
}
