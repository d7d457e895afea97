/* merge_plugin.c — the "locus-merge" plugin: stage "merge" reads every
 * file AST (port `ast`, in discovery order) and emits the unified project
 * (`project`), one item per definition on the section ports, the merged
 * `design_system` and the name `index` (see merge.h). A duplicate
 * definition is reported as the reference's merge error (kind "merge",
 * code "MERGE_ERROR") at the later definition's name. Outputs no stage
 * of the build reads (`check` has no generators) are not written. */
#include <stdlib.h>
#include <string.h>

#include "locus/locus.h"
#include "merge.h"

static int report_merge_error(locus_task *t, const lm_error *e)
{
    locus_diag d = {.severity = LOCUS_SEV_ERROR, .kind = "merge", .code = "MERGE_ERROR",
                    .file = e->file, .line = e->line, .column = e->column,
                    .length = e->length, .message = e->message};
    locus_diag_report(t, &d);
    return 0;
}

static int report_failure(locus_task *t, const lm_error *e)
{
    locus_error(t, e->file, 0, 0, "merge: %s", e->message);
    return -1;
}

/* lm_merge's parallel runner: the task's worker pool. */
static int on_pool(void *task, size_t n, void (*body)(void *ctx, size_t i), void *ctx)
{
    return locus_parallel_for(task, n, body, ctx);
}

/* Emit, then free our copy at once: merge's outputs are a few hundred MB
 * at 10,000 files and holding both copies doubled its peak memory. */
static int emit_blob(locus_task *t, const char *port, const char *key, lm_blob *b)
{
    int rc = locus_emit(t, port, key, b->data, b->size);
    free(b->data);
    b->data = NULL;
    return rc;
}

/* What the stages of this build read (locus_output_wanted). */
static unsigned wanted_outputs(locus_task *t)
{
    unsigned want = (locus_output_wanted(t, "project") ? LM_WANT_PROJECT : 0) |
                    (locus_output_wanted(t, "design_system") ? LM_WANT_DESIGN : 0) |
                    (locus_output_wanted(t, "index") ? LM_WANT_INDEX : 0);
    for (int c = 0; c < LM_NCATEGORIES; c++)
        if (locus_output_wanted(t, lm_category_port((lm_category)c)))
            want |= LM_WANT_ITEMS(c);
    return want;
}

static int emit_all(locus_task *t, lm_result *res, unsigned want)
{
    int rc = (want & LM_WANT_PROJECT && emit_blob(t, "project", "", &res->project)) ||
             (want & LM_WANT_DESIGN && emit_blob(t, "design_system", "", &res->design_system)) ||
             (want & LM_WANT_INDEX && emit_blob(t, "index", "", &res->index));
    for (size_t i = 0; i < res->nitems && rc == 0; i++)
        rc = emit_blob(t, lm_category_port(res->items[i].category), res->items[i].key,
                       &res->items[i].blob);
    return rc ? -1 : 0;
}

static int merge_run(locus_task *t)
{
    const locus_port *in = locus_input(t, "ast");
    size_t n = locus_port_count(in);
    locus_arena *arena = locus_task_arena(t);
    lm_file *files = locus_arena_zalloc(arena, (n ? n : 1) * sizeof *files);
    if (!files)
        return -1;
    for (size_t i = 0; i < n; i++) {
        files[i].key = locus_item_key(in, i);
        files[i].data = locus_item_data(t, in, i, &files[i].size);
        if (!files[i].data)
            return -1;
    }
    lm_result res;
    unsigned want = wanted_outputs(t);
    if (lm_merge_select(files, n, arena, &res, on_pool, t, want) != 0)
        return report_failure(t, &res.error);
    if (res.has_error)
        return report_merge_error(t, &res.error);
    int rc = emit_all(t, &res, want);
    lm_result_free(&res);
    return rc;
}

static const char *const merge_inputs[] = {"ast", NULL};
static const char *const merge_outputs[] = {"project",    "entities",  "pages",   "components",
                                            "stores",     "workflows", "uploads", "design_system",
                                            "index",      NULL};

static const locus_stage_desc merge_stages[] = {{
    .name = "merge",
    .version = "1",
    .help = "merge the file ASTs into one Locus project (duplicates are merge errors)",
    .inputs = merge_inputs,
    .outputs = merge_outputs,
    .fanout = LOCUS_FANOUT_ONCE,
    .run = merge_run,
}};

LOCUS_PLUGIN("locus-merge", "1.0.0", merge_stages);
