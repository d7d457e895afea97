/* v_defaults.c — phase 16 of validation.md §8, per field: list fields
 * cannot have defaults (V-40), Integer defaults must be 32-bit integers
 * (V-41). V-42 (nanoid() rejected by a second whitelist) is gone: one
 * whitelist, in phase 14 (decisions.md Q-38). */
#include <math.h>

#include "vattrs.h"
#include "vtext.h"

static const char *const integer_type[] = {"Integer", NULL};

static int check_field(lv_ctx *ctx, locus_node field)
{
    locus_node type = lv_field_type(ctx, field);
    const char *name = lv_name(ctx, field, NULL);
    locus_node *attrs;
    size_t n = lv_attrs(ctx, field, &attrs);
    for (size_t i = 0; i < n; i++)
        if (lv_attr_kind_of(ctx, attrs[i]) == LV_ATTR_DEFAULT && lv_type_is_list(ctx, type))
            return lv_error_at(ctx, lv_name_node(ctx, field),
                               "List field '%s' cannot have a default value.", name);
    if (!lv_type_is(ctx, type, integer_type))
        return 0;
    for (size_t i = 0; i < n; i++) {
        if (lv_attr_kind_of(ctx, attrs[i]) != LV_ATTR_DEFAULT)
            continue;
        lv_value v = lv_default_value(ctx, attrs[i]);
        if (v.kind == LV_VALUE_NUMBER &&
            (v.number != floor(v.number) || v.number < -2147483648.0 || v.number > 2147483647.0))
            return lv_error_at(ctx, lv_name_node(ctx, field),
                               "Integer default overflow: field '%s' value (%s) outside range "
                               "-2147483648..2147483647.",
                               name, lv_js_number(ctx->arena, v.number));
    }
    return 0;
}

int lv_phase_defaults(lv_ctx *ctx)
{
    for (size_t e = 0; e < ctx->entities.count; e++) {
        locus_node ent = ctx->entities.items[e];
        size_t n = locus_ast_child_count(ctx->ast, ent);
        for (size_t i = 0; i < n; i++) {
            locus_node f = locus_ast_child(ctx->ast, ent, i);
            if (locus_ast_kind_of(ctx->ast, f) == LOCUS_AST_FIELD && check_field(ctx, f))
                return 1;
        }
    }
    return 0;
}
