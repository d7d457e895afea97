/* validate.c — lv_validate: read the PROJECT blob into the context, run
 * the phases of validation.md §8 in order until the first error, and
 * format the deprecation records (validate.h). */
#include <string.h>

#include "vmodel.h"

typedef int (*lv_phase)(lv_ctx *ctx);

/* Phase 17 (V-43/V-44) runs only with environment switches, which tasks
 * do not read; it is left out. */
static const lv_phase phases[] = {
    lv_phase_entities,       lv_phase_naming,         lv_phase_cycles,
    lv_phase_workflow_naming, lv_phase_workflows,     lv_phase_bindings,
    lv_phase_ui_warnings,    lv_phase_relation_hints, lv_phase_on_load,
    lv_phase_uploads,        lv_phase_design,         lv_phase_unused_actions,
    lv_phase_database,       lv_phase_legacy,         lv_phase_defaults,
    lv_phase_finalise,       lv_phase_component_ui,   lv_phase_collisions,
};

static int read_list(lv_ctx *ctx, locus_node root, locus_ast_field field, lv_nodes *out)
{
    out->count = locus_ast_list_count(ctx->ast, root, field);
    out->items = locus_arena_alloc(ctx->arena, (out->count + 1) * sizeof *out->items);
    if (!out->items)
        return -1;
    for (size_t i = 0; i < out->count; i++)
        out->items[i] = locus_ast_list_at(ctx->ast, root, field, i);
    return 0;
}

static int index_names(lv_ctx *ctx, const lv_nodes *defs, sm_map *map)
{
    sm_init(map, ctx->arena);
    for (size_t i = 0; i < defs->count; i++) {
        size_t len;
        const char *name = lv_name(ctx, defs->items[i], &len);
        if (sm_put(map, name, len, (uint32_t)i, NULL) < 0)
            return -1;
    }
    return 0;
}

static int index_actions(lv_ctx *ctx)
{
    const lv_nodes *holders[2] = {&ctx->pages, &ctx->stores};
    sm_init(&ctx->actions, ctx->arena);
    for (int h = 0; h < 2; h++)
        for (size_t i = 0; i < holders[h]->count; i++) {
            locus_node def = holders[h]->items[i];
            size_t n = locus_ast_child_count(ctx->ast, def);
            for (size_t k = 0; k < n; k++) {
                locus_node a = locus_ast_child(ctx->ast, def, k);
                size_t len;
                const char *name = lv_name(ctx, a, &len);
                if (locus_ast_kind_of(ctx->ast, a) == LOCUS_AST_ACTION &&
                    sm_put(&ctx->actions, name, len, 0, NULL) < 0)
                    return -1;
            }
        }
    return 0;
}

static int load_project(lv_ctx *ctx)
{
    locus_node root = locus_ast_root(ctx->ast);
    if (read_list(ctx, root, LOCUS_F_ENTITIES, &ctx->entities) ||
        read_list(ctx, root, LOCUS_F_PAGES, &ctx->pages) ||
        read_list(ctx, root, LOCUS_F_COMPONENTS, &ctx->components) ||
        read_list(ctx, root, LOCUS_F_STORES, &ctx->stores) ||
        read_list(ctx, root, LOCUS_F_WORKFLOWS, &ctx->workflows) ||
        read_list(ctx, root, LOCUS_F_UPLOADS, &ctx->uploads))
        return -1;
    locus_node ds = locus_ast_list_at(ctx->ast, root, LOCUS_F_DESIGN_SYSTEMS, 0);
    ctx->design = locus_ast_child_count(ctx->ast, ds) ? ds : 0;
    return lv_model_load(ctx) || index_names(ctx, &ctx->entities, &ctx->entity_index) ||
                   index_names(ctx, &ctx->components, &ctx->component_index) ||
                   index_actions(ctx)
               ? -1
               : 0;
}

/* "[deprecation] …" per id, then "[deprecation-summary] id xN, …". */
static void format_deprecations(lv_ctx *ctx)
{
    if (ctx->opts->suppress_deprecated || ctx->ndeprecations == 0)
        return;
    locus_buf summary = LOCUS_BUF_INIT;
    int bad = locus_buf_puts(&summary, "[deprecation-summary] ");
    for (int i = 0; i < ctx->ndeprecations; i++) {
        const lv_deprecation *d = &ctx->deprecations[i];
        lv_add(ctx, &ctx->res->deprecations, 0,
               "[deprecation] %s (removal: %s | scheduled " LV_DATE_PLACEHOLDER ") -> %s",
               d->message ? d->message : "", d->removal, d->suggestion);
        bad |= locus_buf_printf(&summary, "%s%s x%u", i ? ", " : "", d->id, d->count);
    }
    if (bad)
        ctx->oom = 1;
    else
        lv_add(ctx, &ctx->res->deprecations, 0, "%s", summary.data);
    locus_buf_free(&summary);
}

int lv_validate(const locus_ast *ast, const lv_options *opts, locus_arena *arena,
                lv_result *res)
{
    static const lv_options defaults = {0};
    lv_ctx ctx;
    memset(&ctx, 0, sizeof ctx);
    memset(res, 0, sizeof *res);
    ctx.ast = ast;
    ctx.arena = arena;
    ctx.opts = opts ? opts : &defaults;
    ctx.res = res;
    if (load_project(&ctx))
        return -1;
    lv_register_list_of(&ctx);
    for (size_t i = 0; i < sizeof phases / sizeof phases[0]; i++)
        if (phases[i](&ctx) || ctx.oom || res->has_error)
            break;
    if (!res->has_error && !ctx.oom)
        format_deprecations(&ctx);
    return ctx.oom ? -1 : 0;
}
