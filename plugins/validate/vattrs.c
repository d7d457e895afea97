/* vattrs.c — the reference's view of fields, relations and attributes
 * (vattrs.h). */
#include <string.h>

#include "vattrs.h"

static int is_paren(const lv_ctx *ctx, locus_node attr)
{
    return (locus_ast_flags(ctx->ast, attr) & LOCUS_FLAG_PAREN) != 0;
}

size_t lv_attrs(lv_ctx *ctx, locus_node holder, locus_node **out)
{
    size_t n = locus_ast_list_count(ctx->ast, holder, LOCUS_F_ATTRS), k = 0;
    *out = NULL;
    if (n == 0)
        return 0;
    locus_node *v = locus_arena_alloc(ctx->arena, n * sizeof *v);
    if (!v) {
        ctx->oom = 1;
        return 0;
    }
    for (int paren = 1; paren >= 0; paren--)
        for (size_t i = 0; i < n; i++) {
            locus_node a = locus_ast_list_at(ctx->ast, holder, LOCUS_F_ATTRS, i);
            if (is_paren(ctx, a) == paren)
                v[k++] = a;
        }
    *out = v;
    return k;
}

/* The first NUMBER among the arguments (`@min(5)`), or 0. */
static locus_node first_number_arg(const lv_ctx *ctx, locus_node attr)
{
    size_t n = locus_ast_list_count(ctx->ast, attr, LOCUS_F_ARGS);
    for (size_t i = 0; i < n; i++) {
        locus_node a = locus_ast_list_at(ctx->ast, attr, LOCUS_F_ARGS, i);
        if (locus_ast_kind_of(ctx->ast, a) == LOCUS_AST_NUMBER)
            return a;
    }
    return 0;
}

lv_attr_kind lv_attr_kind_of(const lv_ctx *ctx, locus_node attr)
{
    const char *name = lv_name(ctx, attr, NULL);
    if (strcmp(name, "unique") == 0)
        return LV_ATTR_UNIQUE;
    if (strcmp(name, "default") == 0)
        return locus_ast_list_count(ctx->ast, attr, LOCUS_F_ARGS) ? LV_ATTR_DEFAULT
                                                                   : LV_ATTR_OTHER;
    if (strcmp(name, "map") == 0)
        return LV_ATTR_MAP;
    if (strcmp(name, "policy") == 0)
        return LV_ATTR_POLICY;
    if (strcmp(name, "min") == 0 || strcmp(name, "max") == 0)
        return !first_number_arg(ctx, attr) ? LV_ATTR_OTHER
               : name[1] == 'i'             ? LV_ATTR_MIN
                                            : LV_ATTR_MAX;
    if (strcmp(name, "length") == 0)
        return LV_ATTR_LENGTH;
    if (strcmp(name, "index") == 0)
        return LV_ATTR_INDEX;
    return LV_ATTR_OTHER;
}

static locus_node first_arg(const lv_ctx *ctx, locus_node attr)
{
    locus_node a = locus_ast_list_at(ctx->ast, attr, LOCUS_F_ARGS, 0);
    /* `(default: v)` may come as an ENTRY in some spellings */
    if (locus_ast_kind_of(ctx->ast, a) == LOCUS_AST_ENTRY)
        a = locus_ast_get(ctx->ast, a, LOCUS_F_VALUE);
    return a;
}

lv_value lv_default_value(const lv_ctx *ctx, locus_node attr)
{
    lv_value v = {LV_VALUE_NONE, 0, NULL, 0};
    locus_node a = first_arg(ctx, attr);
    switch (locus_ast_kind_of(ctx->ast, a)) {
    case LOCUS_AST_NUMBER:
        v.kind = LV_VALUE_NUMBER;
        v.number = locus_ast_number(ctx->ast, a);
        break;
    case LOCUS_AST_STRING:
        v.kind = LV_VALUE_STRING;
        v.text = locus_ast_str(ctx->ast, a, &v.len);
        break;
    case LOCUS_AST_IDENT:
        v.text = locus_ast_str(ctx->ast, a, &v.len);
        v.kind = v.text && (strcmp(v.text, "true") == 0 || strcmp(v.text, "false") == 0)
                     ? LV_VALUE_BOOL
                     : LV_VALUE_STRING;
        break;
    case LOCUS_AST_CALL: {
        locus_node callee = locus_ast_get(ctx->ast, a, LOCUS_F_CALLEE);
        v.kind = LV_VALUE_CALL;
        v.text = locus_ast_str(ctx->ast, callee, &v.len);
        if (!v.text)
            v.text = locus_ast_text(ctx->ast, callee, &v.len);
        break;
    }
    default: break;
    }
    if (!v.text && v.kind != LV_VALUE_NUMBER)
        v.text = "", v.len = 0;
    return v;
}

const char *lv_policy_value(const lv_ctx *ctx, locus_node attr)
{
    locus_node a = first_arg(ctx, attr);
    const char *s = locus_ast_str(ctx->ast, a, NULL);
    return s ? s : "";
}

locus_node lv_field_type(const lv_ctx *ctx, locus_node field)
{
    return locus_ast_get(ctx->ast, field, LOCUS_F_TYPE);
}

int lv_rel_kind(const lv_ctx *ctx, locus_node rel)
{
    return locus_ast_get_int(ctx->ast, rel, LOCUS_F_REL_KIND, 0);
}

const char *lv_rel_target(const lv_ctx *ctx, locus_node rel, size_t *len)
{
    size_t n = 0;
    const char *s = locus_ast_str(ctx->ast, locus_ast_get(ctx->ast, rel, LOCUS_F_TARGET), &n);
    if (len)
        *len = s ? n : 0;
    return s ? s : "";
}

const char *lv_rel_inverse(const lv_ctx *ctx, locus_node rel)
{
    const char *inv = locus_ast_str(ctx->ast, locus_ast_get(ctx->ast, rel, LOCUS_F_INVERSE), NULL);
    if (!inv || strcmp(inv, lv_name(ctx, rel, NULL)) == 0 ||
        strcmp(inv, lv_rel_target(ctx, rel, NULL)) == 0)
        return NULL;
    return inv;
}
