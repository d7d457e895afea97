/* v_defaults.c — phase 16 of validation.md §8, per field: list fields
 * cannot have defaults (V-40), Integer defaults must be 32-bit integers
 * (V-41). V-42 (nanoid() rejected by a second whitelist) is gone: one
 * whitelist, in phase 14 (decisions.md Q-38). */
#include <math.h>

#include "vmodel.h"
#include "vtext.h"

static const char *const integer_type[] = {"Integer", NULL};

static int check_field(lv_ctx *ctx, const lv_member *f)
{
    for (size_t i = 0; i < f->nattrs; i++)
        if (f->attrs[i].kind == LV_ATTR_DEFAULT && f->list)
            return lv_error_at(ctx, f->name_node, "List field '%s' cannot have a default value.",
                               f->name);
    if (!lv_member_type_is(f, integer_type))
        return 0;
    for (size_t i = 0; i < f->nattrs; i++) {
        if (f->attrs[i].kind != LV_ATTR_DEFAULT)
            continue;
        lv_value v = lv_default_value(ctx, f->attrs[i].node);
        if (v.kind == LV_VALUE_NUMBER &&
            (v.number != floor(v.number) || v.number < -2147483648.0 || v.number > 2147483647.0))
            return lv_error_at(ctx, f->name_node,
                               "Integer default overflow: field '%s' value (%s) outside range "
                               "-2147483648..2147483647.",
                               f->name, lv_js_number(ctx->arena, v.number));
    }
    return 0;
}

int lv_phase_defaults(lv_ctx *ctx)
{
    for (size_t e = 0; e < ctx->entities.count; e++) {
        const lv_entity *ent = &ctx->model[e];
        for (size_t i = 0; i < ent->nmembers; i++)
            if (ent->members[i].is_field && check_field(ctx, &ent->members[i]))
                return 1;
    }
    return 0;
}
