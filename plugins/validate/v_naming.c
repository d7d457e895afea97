/* v_naming.c — the naming warnings of phases 2, 4 and 5 (validation.md
 * §9.1: W-03, W-04, W-05, W-06, W-07): definitions whose names are not
 * PascalCase, and workflows with too many top-level steps. */
#include "vctx.h"
#include "vtext.h"

/* W-06's default threshold (the LOCUS_WORKFLOW_COMPLEXITY_THRESHOLD
 * environment switch is not read: tasks are pure). */
#define LV_COMPLEXITY_THRESHOLD 50

static void warn_not_pascal(lv_ctx *ctx, const lv_nodes *defs, const char *what)
{
    for (size_t i = 0; i < defs->count; i++) {
        const char *name = lv_name(ctx, defs->items[i], NULL);
        if (!lv_is_pascal(name))
            lv_warn(ctx, lv_name_node(ctx, defs->items[i]), "%s '%s' should use PascalCase.",
                    what, name);
    }
}

int lv_phase_naming(lv_ctx *ctx)
{
    warn_not_pascal(ctx, &ctx->pages, "Page");
    warn_not_pascal(ctx, &ctx->components, "Component");
    return 0;
}

int lv_phase_workflow_naming(lv_ctx *ctx)
{
    warn_not_pascal(ctx, &ctx->workflows, "Workflow");
    for (size_t i = 0; i < ctx->workflows.count; i++) {
        locus_node wf = ctx->workflows.items[i];
        size_t steps = locus_ast_child_count(ctx->ast, lv_first_child(ctx, wf, LOCUS_AST_STEPS));
        if (steps > LV_COMPLEXITY_THRESHOLD)
            lv_warn(ctx, lv_name_node(ctx, wf),
                    "Workflow '%s' complexity warning: %zu steps exceeds threshold %d.",
                    lv_name(ctx, wf, NULL), steps, LV_COMPLEXITY_THRESHOLD);
    }
    warn_not_pascal(ctx, &ctx->uploads, "Upload policy");
    return 0;
}
