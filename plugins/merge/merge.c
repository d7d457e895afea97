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

/* The blobs to write: 0 the project, 1 the design system, 2 the index,
 * 3 + i definition i. Jobs are independent, so they may run in parallel;
 * each records its own failure. */
typedef struct write_jobs {
    const lm_project *proj;
    const lm_design *ds;
    lm_result *res;
    const lm_def **defs; /* definition of item i */
    locus_arena *arena;  /* for the design item's masked texts (job 1 only) */
    unsigned char *failed;
    unsigned want;       /* LM_WANT_* */
} write_jobs;

static int write_one(write_jobs *w, size_t job)
{
    if (job == 0)
        return w->want & LM_WANT_PROJECT ? lm_write_project(w->proj, w->ds, &w->res->project)
                                         : 0;
    if (job == 1)
        return w->want & LM_WANT_DESIGN
                   ? lm_write_design(w->proj, w->ds, w->arena, &w->res->design_system)
                   : 0;
    if (job == 2)
        return w->want & LM_WANT_INDEX ? lm_write_index(w->proj, &w->res->index) : 0;
    /* each item's masked text lives until its blob is finished */
    locus_arena *scratch = locus_arena_new();
    int rc = scratch ? lm_write_item(w->defs[job - 3], scratch, &w->res->items[job - 3].blob) : -1;
    locus_arena_free(scratch);
    return rc;
}

static void write_job(void *ctx, size_t job)
{
    write_jobs *w = ctx;
    w->failed[job] = write_one(w, job) != 0;
}

static int prepare_items(const lm_project *proj, locus_arena *arena, unsigned want,
                         lm_result *res, const lm_def ***defs)
{
    size_t n = 0;
    for (int c = 0; c < LM_NCATEGORIES; c++)
        n += want & LM_WANT_ITEMS(c) ? proj->defs[c].count : 0;
    res->items = locus_arena_zalloc(arena, (n + 1) * sizeof *res->items);
    *defs = locus_arena_alloc(arena, (n + 1) * sizeof **defs);
    if (!res->items || !*defs)
        return -1;
    for (int c = 0; c < LM_NCATEGORIES; c++)
        for (size_t i = 0; i < proj->defs[c].count && (want & LM_WANT_ITEMS(c)); i++) {
            const lm_def *d = &proj->defs[c].items[i];
            lm_item *item = &res->items[res->nitems];
            item->category = (lm_category)c;
            item->key = locus_arena_strndup(arena, d->name, d->name_len);
            if (!item->key)
                return -1;
            (*defs)[res->nitems++] = d;
        }
    return 0;
}

static int write_outputs(const lm_project *proj, locus_arena *arena, lm_result *res,
                         lm_parallel_fn parallel, void *pool, unsigned want)
{
    lm_design ds;
    write_jobs w = {proj, &ds, res, NULL, arena, NULL, want};
    if (lm_design_merge(&proj->design_systems, arena, &ds) ||
        prepare_items(proj, arena, want, res, &w.defs))
        return fail(res, "out of memory while merging", NULL);
    size_t jobs = 3 + res->nitems;
    w.failed = locus_arena_zalloc(arena, jobs);
    if (!w.failed)
        return fail(res, "out of memory while merging", NULL);
    if (parallel) {
        if (parallel(pool, jobs, write_job, &w))
            return fail(res, "cancelled while writing the merged AST", NULL);
    } else {
        for (size_t j = 0; j < jobs; j++)
            write_job(&w, j);
    }
    for (size_t j = 0; j < jobs; j++)
        if (w.failed[j])
            return fail(res, "out of memory while writing the merged AST", NULL);
    return 0;
}

int lm_merge(const lm_file *files, size_t n, locus_arena *arena, lm_result *res)
{
    return lm_merge_select(files, n, arena, res, NULL, NULL, LM_WANT_ALL);
}

int lm_merge_select(const lm_file *files, size_t n, locus_arena *arena, lm_result *res,
                    lm_parallel_fn parallel, void *pool, unsigned want)
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
    if (write_outputs(&proj, arena, res, parallel, pool, want)) {
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
