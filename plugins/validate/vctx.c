/* vctx.c — reporting and small AST helpers shared by the validator's
 * phases (vctx.h). */
#include <stdarg.h>
#include <string.h>

#include "vctx.h"
#include "vtext.h"

static void locate(const lv_ctx *ctx, locus_node node, lv_diag *d)
{
    if (!node)
        return;
    locus_span sp = locus_ast_span(ctx->ast, node);
    if (sp.file == LOCUS_AST_NO_FILE || sp.line == 0)
        return;
    d->file = locus_ast_file_path(ctx->ast, sp.file, NULL);
    d->line = sp.line;
    d->column = sp.column;
    d->length = sp.length;
}

int lv_error_at(lv_ctx *ctx, locus_node node, const char *fmt, ...)
{
    if (ctx->res->has_error)
        return 1;
    va_list ap;
    va_start(ap, fmt);
    lv_diag d = {lv_vformat(ctx->arena, fmt, ap), NULL, 0, 0, 0};
    va_end(ap);
    if (!d.message)
        ctx->oom = 1;
    locate(ctx, node, &d);
    ctx->res->error = d;
    ctx->res->has_error = 1;
    return 1;
}

static int push(lv_ctx *ctx, lv_list *list, lv_diag d)
{
    if (list->count == list->cap) {
        size_t cap = list->cap ? list->cap * 2 : 16;
        lv_diag *items = locus_arena_alloc(ctx->arena, cap * sizeof *items);
        if (!items)
            return -1;
        if (list->count)
            memcpy(items, list->items, list->count * sizeof *items);
        list->items = items;
        list->cap = cap;
    }
    list->items[list->count++] = d;
    return 0;
}

void lv_append(lv_ctx *ctx, lv_list *list, lv_diag d)
{
    if (push(ctx, list, d))
        ctx->oom = 1;
}

void lv_add(lv_ctx *ctx, lv_list *list, locus_node node, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    lv_diag d = {lv_vformat(ctx->arena, fmt, ap), NULL, 0, 0, 0};
    va_end(ap);
    locate(ctx, node, &d);
    if (!d.message || push(ctx, list, d))
        ctx->oom = 1;
}

void lv_deprecate(lv_ctx *ctx, const char *id, const char *message, const char *removal,
                  const char *suggestion)
{
    for (int i = 0; i < ctx->ndeprecations; i++) {
        if (strcmp(ctx->deprecations[i].id, id) == 0) {
            ctx->deprecations[i].count++;
            return;
        }
    }
    if (ctx->ndeprecations == LV_MAX_DEPRECATIONS)
        return;
    char *copy = locus_arena_strdup(ctx->arena, message);
    if (!copy)
        ctx->oom = 1;
    ctx->deprecations[ctx->ndeprecations++] = (lv_deprecation){id, copy, removal, suggestion, 1};
}

const char *lv_name(const lv_ctx *ctx, locus_node node, size_t *len)
{
    size_t n = 0;
    const char *s = locus_ast_name(ctx->ast, node, &n);
    if (len)
        *len = s ? n : 0;
    return s ? s : "";
}

locus_node lv_name_node(const lv_ctx *ctx, locus_node node)
{
    return locus_ast_get(ctx->ast, node, LOCUS_F_NAME);
}

locus_node lv_first_child(const lv_ctx *ctx, locus_node node, locus_ast_kind kind)
{
    size_t n = locus_ast_child_count(ctx->ast, node);
    for (size_t i = 0; i < n; i++) {
        locus_node c = locus_ast_child(ctx->ast, node, i);
        if (locus_ast_kind_of(ctx->ast, c) == kind)
            return c;
    }
    return 0;
}
