/* v_uploads.c — phase 11 of validation.md §8, per upload policy: at least
 * one field (V-26), no field declared twice (V-27), and a store clause
 * with a path and a naming rule (V-28, V-29). Only the first store clause
 * and its first path/naming entries count. All at the policy name, where
 * the reference reports them. */
#include <string.h>

#include "vctx.h"

static locus_node first_entry(const lv_ctx *ctx, locus_node block, const char *key)
{
    size_t n = locus_ast_child_count(ctx->ast, block);
    for (size_t i = 0; i < n; i++) {
        locus_node e = locus_ast_child(ctx->ast, block, i);
        if (locus_ast_kind_of(ctx->ast, e) == LOCUS_AST_ENTRY &&
            strcmp(lv_name(ctx, e, NULL), key) == 0)
            return e;
    }
    return 0;
}

static int check_fields(lv_ctx *ctx, locus_node up)
{
    const char *name = lv_name(ctx, up, NULL);
    sm_map seen;
    sm_init(&seen, ctx->arena);
    size_t n = locus_ast_child_count(ctx->ast, up), fields = 0;
    for (size_t i = 0; i < n; i++) {
        locus_node f = locus_ast_child(ctx->ast, up, i);
        if (locus_ast_kind_of(ctx->ast, f) != LOCUS_AST_UPLOAD_FIELD)
            continue;
        fields++;
        size_t len;
        const char *fname = lv_name(ctx, f, &len);
        int rc = sm_put(&seen, fname, len, 0, NULL);
        if (rc < 0)
            ctx->oom = 1;
        if (rc == 0)
            return lv_error_at(ctx, lv_name_node(ctx, up),
                               "Upload policy '%s' duplicate field '%s'.", name, fname);
    }
    if (fields == 0)
        return lv_error_at(ctx, lv_name_node(ctx, up),
                           "Upload policy '%s' must declare at least one field.", name);
    return 0;
}

static int check_store(lv_ctx *ctx, locus_node up)
{
    locus_node store = lv_first_child(ctx, up, LOCUS_AST_UPLOAD_STORE);
    if (!store)
        return 0;
    const char *name = lv_name(ctx, up, NULL);
    locus_node path = locus_ast_get(ctx->ast, first_entry(ctx, store, "path"), LOCUS_F_VALUE);
    size_t len = 0;
    if (!path || !locus_ast_str(ctx->ast, path, &len) || len == 0)
        return lv_error_at(ctx, lv_name_node(ctx, up), "Upload policy '%s' storage path required.",
                           name);
    if (!first_entry(ctx, store, "naming"))
        return lv_error_at(ctx, lv_name_node(ctx, up),
                           "Upload policy '%s' storage naming required.", name);
    return 0;
}

int lv_phase_uploads(lv_ctx *ctx)
{
    for (size_t i = 0; i < ctx->uploads.count; i++) {
        locus_node up = ctx->uploads.items[i];
        if (check_fields(ctx, up) || check_store(ctx, up))
            return 1;
    }
    return 0;
}
