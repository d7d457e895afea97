/* v_actions.c — phases 10 and 13 of validation.md §8: pages whose on load
 * body still says `onLoad {` (W-13), and actions no workflow runs (W-14).
 * W-14 counts run steps at any depth and also looks at store actions
 * (decisions.md Q-37; the reference sees page actions and top-level run
 * steps only). */
#include <string.h>

#include "vctx.h"
#include "vtext.h"

/* `onLoad\s*{` */
static int has_legacy_on_load(const char *t, size_t len)
{
    for (const char *p = t; (p = memmem(p, len - (size_t)(p - t), "onLoad", 6)); p += 6) {
        const char *q = p + 6;
        while (q < t + len && lv_is_space((unsigned char)*q))
            q++;
        if (q < t + len && *q == '{')
            return 1;
    }
    return 0;
}

int lv_phase_on_load(lv_ctx *ctx)
{
    for (size_t i = 0; i < ctx->pages.count; i++) {
        locus_node page = ctx->pages.items[i];
        locus_slice body;
        if (locus_ast_get_slice(ctx->ast, lv_first_child(ctx, page, LOCUS_AST_ON_LOAD),
                                LOCUS_F_CONTENT, &body) &&
            has_legacy_on_load(body.text, body.length))
            lv_warn(ctx, lv_name_node(ctx, page),
                    "Use canonical 'on load' instead of 'onLoad' in page '%s'.",
                    lv_name(ctx, page, NULL));
    }
    return 0;
}

/* Record the action of every run step below node. */
static void collect_runs(lv_ctx *ctx, locus_node node, sm_map *ran)
{
    size_t n = locus_ast_child_count(ctx->ast, node);
    for (size_t i = 0; i < n; i++) {
        locus_node c = locus_ast_child(ctx->ast, node, i);
        locus_ast_kind k = locus_ast_kind_of(ctx->ast, c);
        if (k == LOCUS_AST_STEP_RUN) {
            size_t len;
            const char *a = locus_ast_str(ctx->ast, locus_ast_get(ctx->ast, c, LOCUS_F_ACTION), &len);
            if (a && sm_put(ran, a, len, 0, NULL) < 0)
                ctx->oom = 1;
        } else if (k != LOCUS_AST_ENTRY) {
            collect_runs(ctx, c, ran);
        }
    }
}

static void warn_unused_in(lv_ctx *ctx, const lv_nodes *defs, const sm_map *ran)
{
    for (size_t i = 0; i < defs->count; i++) {
        size_t n = locus_ast_child_count(ctx->ast, defs->items[i]);
        for (size_t k = 0; k < n; k++) {
            locus_node a = locus_ast_child(ctx->ast, defs->items[i], k);
            size_t len;
            const char *name = lv_name(ctx, a, &len);
            if (locus_ast_kind_of(ctx->ast, a) == LOCUS_AST_ACTION && !sm_get(ran, name, len, NULL))
                lv_warn(ctx, lv_name_node(ctx, a),
                        "Unused action '%s'. Remove it or reference it from a workflow.", name);
        }
    }
}

int lv_phase_unused_actions(lv_ctx *ctx)
{
    sm_map ran;
    sm_init(&ran, ctx->arena);
    for (size_t i = 0; i < ctx->workflows.count; i++) {
        locus_node wf = ctx->workflows.items[i];
        collect_runs(ctx, lv_first_child(ctx, wf, LOCUS_AST_STEPS), &ran);
    }
    warn_unused_in(ctx, &ctx->pages, &ran);
    warn_unused_in(ctx, &ctx->stores, &ran);
    return 0;
}
