/* merge.c — lm_merge: open the file blobs, collect, reject duplicates,
 * merge the design systems and write every output blob (merge.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "merge.h"
#include "merge_blobs.h"
#include "merge_design.h"

static int fail(lm_result *res, const char *what, const char *detail)
{
    snprintf(res->error.message, sizeof res->error.message, "%s%s%s", what,
             detail ? ": " : "", detail ? detail : "");
    return -1;
}

static int open_all(const lm_file *files, size_t n, locus_arena *arena, locus_ast **out,
                    lm_result *res)
{
    locus_ast *asts = locus_arena_zalloc(arena, (n ? n : 1) * sizeof *asts);
    if (!asts)
        return fail(res, "out of memory", NULL);
    for (size_t i = 0; i < n; i++) {
        int rc = locus_ast_open(files[i].data, files[i].size, &asts[i]);
        if (rc != LOCUS_AST_OK) {
            res->error.file = files[i].key;
            return fail(res, "unreadable AST blob", locus_ast_strerror(rc));
        }
    }
    *out = asts;
    return 0;
}

static size_t count_defs(const lm_project *proj)
{
    size_t n = 0;
    for (int c = 0; c < LM_NCATEGORIES; c++)
        n += proj->defs[c].count;
    return n;
}

/* One blob per definition; a scratch arena holds each masked text. */
static int write_items(const lm_project *proj, locus_arena *arena, lm_result *res)
{
    res->items = locus_arena_zalloc(arena, (count_defs(proj) + 1) * sizeof *res->items);
    locus_arena *scratch = locus_arena_new();
    int rc = res->items && scratch ? 0 : -1;
    for (int c = 0; c < LM_NCATEGORIES && rc == 0; c++) {
        for (size_t i = 0; i < proj->defs[c].count && rc == 0; i++) {
            const lm_def *d = &proj->defs[c].items[i];
            lm_item *item = &res->items[res->nitems];
            item->category = (lm_category)c;
            item->key = locus_arena_strndup(arena, d->name, d->name_len);
            rc = item->key ? lm_write_item(d, scratch, &item->blob) : -1;
            if (rc == 0)
                res->nitems++;
            locus_arena_reset(scratch);
        }
    }
    locus_arena_free(scratch);
    return rc;
}

static int write_outputs(const lm_project *proj, locus_arena *arena, lm_result *res)
{
    lm_design ds;
    if (lm_design_merge(&proj->design_systems, arena, &ds) ||
        lm_write_project(proj, &ds, &res->project) ||
        lm_write_design(proj, &ds, arena, &res->design_system) ||
        lm_write_index(proj, &res->index) || write_items(proj, arena, res))
        return fail(res, "out of memory while writing the merged AST", NULL);
    return 0;
}

int lm_merge(const lm_file *files, size_t n, locus_arena *arena, lm_result *res)
{
    memset(res, 0, sizeof *res);
    locus_ast *asts;
    lm_project proj;
    if (open_all(files, n, arena, &asts, res))
        return -1;
    if (lm_collect(asts, n, arena, &proj))
        return fail(res, "out of memory", NULL);
    int dup = lm_find_duplicates(&proj, files, arena, &res->error);
    if (dup < 0)
        return fail(res, "out of memory", NULL);
    if (dup > 0) {
        res->has_error = 1;
        return 0;
    }
    if (write_outputs(&proj, arena, res)) {
        lm_result_free(res);
        return -1;
    }
    return 0;
}

void lm_result_free(lm_result *res)
{
    free(res->project.data);
    free(res->design_system.data);
    free(res->index.data);
    for (size_t i = 0; i < res->nitems; i++)
        free(res->items[i].blob.data);
    res->project.data = res->design_system.data = res->index.data = NULL;
    res->nitems = 0;
}
