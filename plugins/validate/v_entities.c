/* v_entities.c — phase 1 of validation.md §8: per entity, naming (W-01),
 * each field's legacy-syntax warning (W-02) and type/attribute checks
 * (V-01…V-04), then has_one duplicates and inverses (V-05…V-07). */
#include <string.h>

#include "vmodel.h"
#include "vtext.h"

static const char *const numeric_types[] = {"Integer", "Decimal", "Float", "BigInt", NULL};
static const char *const text_types[] = {"String", "Text", NULL};

/* V-01: the first `default` attribute is null on an optional-only field. */
static int check_default_null(lv_ctx *ctx, const lv_member *f)
{
    for (size_t i = 0; i < f->nattrs; i++) {
        if (f->attrs[i].kind != LV_ATTR_DEFAULT)
            continue;
        lv_value v = lv_default_value(ctx, f->attrs[i].node);
        if (v.kind == LV_VALUE_STRING && strcmp(v.text, "null") == 0 && f->optional &&
            !f->nullable)
            return lv_error_at(ctx, f->name_node,
                               "Field '%s' cannot have default null when optional-only (mark "
                               "as nullable or remove default).",
                               f->name);
        return 0;
    }
    return 0;
}

/* V-03, V-04: constraints on fields of the wrong type. */
static int check_constraints(lv_ctx *ctx, const lv_member *f)
{
    for (size_t i = 0; i < f->nattrs; i++) {
        lv_attr_kind k = f->attrs[i].kind;
        if ((k == LV_ATTR_MIN || k == LV_ATTR_MAX) && !lv_member_type_is(f, numeric_types))
            return lv_error_at(ctx, f->attrs[i].node,
                               "@%s constraint only valid on numeric fields (Integer, Decimal, "
                               "Float, BigInt).",
                               k == LV_ATTR_MIN ? "min" : "max");
        if (k == LV_ATTR_LENGTH && !lv_member_type_is(f, text_types))
            return lv_error_at(ctx, f->attrs[i].node,
                               "@length constraint only valid on String/Text fields.");
    }
    return 0;
}

static int check_field(lv_ctx *ctx, const lv_entity *e, const lv_member *f)
{
    if (f->nparen)
        lv_warn(ctx, f->name_node,
                "Deprecated attribute syntax '(attr)' on field '%s' in entity '%s'. Use '@attr'.",
                f->name, e->name);
    if (check_default_null(ctx, f))
        return 1;
    if (f->optional && f->nullable)
        return lv_error_at(ctx, f->name_node, "Field '%s' cannot be both optional and nullable",
                           f->name);
    return check_constraints(ctx, f);
}

static int is_has_one(const lv_member *m)
{
    return !m->is_field && m->rel_kind == LOCUS_REL_HAS_ONE;
}

static int same_target(const lv_member *a, const lv_member *b)
{
    return a->target_len == b->target_len && memcmp(a->target, b->target, a->target_len) == 0;
}

/* V-05: among targets of several has_one relations, the one that appears
 * first; reported at its second relation. */
static int check_has_one(lv_ctx *ctx, const lv_entity *e, sm_map *count)
{
    sm_reset(count);
    for (size_t i = 0; i < e->nmembers; i++) {
        const lv_member *r = &e->members[i];
        uint32_t c = 0;
        if (!is_has_one(r))
            continue;
        sm_get(count, r->target, r->target_len, &c);
        if (sm_set(count, r->target, r->target_len, c + 1))
            ctx->oom = 1;
    }
    for (size_t i = 0; i < e->nmembers; i++) {
        const lv_member *r = &e->members[i];
        uint32_t c = 0;
        if (!is_has_one(r) || !sm_get(count, r->target, r->target_len, &c) || c < 2)
            continue;
        for (size_t j = i + 1; j < e->nmembers; j++)
            if (is_has_one(&e->members[j]) && same_target(&e->members[j], r))
                return lv_error_at(ctx, e->members[j].name_node,
                                   "duplicate has_one relations to '%s' on entity '%s'",
                                   r->target, e->name);
    }
    return 0;
}

/* The relation of e named name whose target is target. */
static int has_relation(const lv_entity *e, const char *name, const char *target)
{
    for (size_t i = 0; i < e->nmembers; i++)
        if (!e->members[i].is_field && strcmp(e->members[i].name, name) == 0 &&
            strcmp(e->members[i].target, target) == 0)
            return 1;
    return 0;
}

/* V-06, V-07: relations that declare an inverse. */
static int check_inverses(lv_ctx *ctx, const lv_entity *e)
{
    for (size_t i = 0; i < e->nmembers; i++) {
        const lv_member *r = &e->members[i];
        const char *inv = r->is_field ? NULL : lv_rel_inverse(ctx, r->node);
        uint32_t at;
        if (!inv)
            continue;
        if (!sm_get(&ctx->entity_index, r->target, r->target_len, &at))
            return lv_error_at(ctx, locus_ast_get(ctx->ast, r->node, LOCUS_F_TARGET),
                               "Relation '%s' references missing target entity '%s'.", r->name,
                               r->target);
        if (!has_relation(&ctx->model[at], inv, e->name))
            return lv_error_at(ctx, locus_ast_get(ctx->ast, r->node, LOCUS_F_INVERSE),
                               "Relation '%s' declares inverse '%s' not found on target '%s'.",
                               r->name, inv, r->target);
    }
    return 0;
}

static int check_entity(lv_ctx *ctx, const lv_entity *e, sm_map *scratch)
{
    if (!lv_is_pascal(e->name))
        lv_warn(ctx, e->name_node, "Entity '%s' should use PascalCase.", e->name);
    for (size_t i = 0; i < e->nmembers; i++)
        if (e->members[i].is_field && check_field(ctx, e, &e->members[i]))
            return 1;
    return check_has_one(ctx, e, scratch) || check_inverses(ctx, e);
}

int lv_phase_entities(lv_ctx *ctx)
{
    sm_map scratch;
    sm_init(&scratch, ctx->arena);
    for (size_t i = 0; i < ctx->entities.count; i++)
        if (check_entity(ctx, &ctx->model[i], &scratch))
            return 1;
    return 0;
}
