/* v_entities.c — phase 1 of validation.md §8: per entity, naming (W-01),
 * each field's legacy-syntax warning (W-02) and type/attribute checks
 * (V-01…V-04), then has_one duplicates and inverses (V-05…V-07). */
#include <string.h>

#include "vattrs.h"
#include "vtext.h"

static const char *const numeric_types[] = {"Integer", "Decimal", "Float", "BigInt", NULL};
static const char *const text_types[] = {"String", "Text", NULL};

/* V-01: the first `default` attribute is null on an optional-only field. */
static int check_default_null(lv_ctx *ctx, locus_node field, locus_node type,
                              locus_node *attrs, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (lv_attr_kind_of(ctx, attrs[i]) != LV_ATTR_DEFAULT)
            continue;
        lv_value v = lv_default_value(ctx, attrs[i]);
        if (v.kind == LV_VALUE_STRING && strcmp(v.text, "null") == 0 &&
            lv_type_optional(ctx, type) && !lv_type_nullable(ctx, type))
            return lv_error_at(ctx, lv_name_node(ctx, field),
                               "Field '%s' cannot have default null when optional-only (mark "
                               "as nullable or remove default).",
                               lv_name(ctx, field, NULL));
        return 0;
    }
    return 0;
}

/* V-03, V-04: constraints on fields of the wrong type. */
static int check_constraints(lv_ctx *ctx, locus_node type, locus_node *attrs, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        lv_attr_kind k = lv_attr_kind_of(ctx, attrs[i]);
        if ((k == LV_ATTR_MIN || k == LV_ATTR_MAX) && !lv_type_is(ctx, type, numeric_types))
            return lv_error_at(ctx, attrs[i],
                               "@%s constraint only valid on numeric fields (Integer, Decimal, "
                               "Float, BigInt).",
                               k == LV_ATTR_MIN ? "min" : "max");
        if (k == LV_ATTR_LENGTH && !lv_type_is(ctx, type, text_types))
            return lv_error_at(ctx, attrs[i], "@length constraint only valid on String/Text fields.");
    }
    return 0;
}

static int check_field(lv_ctx *ctx, locus_node entity, locus_node field)
{
    const char *fname = lv_name(ctx, field, NULL);
    if (lv_has_paren_attr(ctx, field))
        lv_warn(ctx, lv_name_node(ctx, field),
                "Deprecated attribute syntax '(attr)' on field '%s' in entity '%s'. Use '@attr'.",
                fname, lv_name(ctx, entity, NULL));
    locus_node type = lv_field_type(ctx, field);
    locus_node *attrs;
    size_t n = lv_attrs(ctx, field, &attrs);
    if (check_default_null(ctx, field, type, attrs, n))
        return 1;
    if (lv_type_optional(ctx, type) && lv_type_nullable(ctx, type))
        return lv_error_at(ctx, lv_name_node(ctx, field),
                           "Field '%s' cannot be both optional and nullable", fname);
    return check_constraints(ctx, type, attrs, n);
}

static int is_has_one(const lv_ctx *ctx, locus_node r)
{
    return locus_ast_kind_of(ctx->ast, r) == LOCUS_AST_RELATION &&
           lv_rel_kind(ctx, r) == LOCUS_REL_HAS_ONE;
}

/* The has_one relation after index `from` with this target (for the position). */
static locus_node next_has_one(const lv_ctx *ctx, locus_node entity, size_t from,
                               const char *target)
{
    size_t n = locus_ast_child_count(ctx->ast, entity);
    for (size_t j = from + 1; j < n; j++) {
        locus_node s = locus_ast_child(ctx->ast, entity, j);
        if (is_has_one(ctx, s) && strcmp(lv_rel_target(ctx, s, NULL), target) == 0)
            return s;
    }
    return 0;
}

/* V-05: among targets of several has_one relations, the one that appears first. */
static int check_has_one(lv_ctx *ctx, locus_node entity, sm_map *count)
{
    sm_reset(count);
    size_t n = locus_ast_child_count(ctx->ast, entity);
    for (size_t i = 0; i < n; i++) {
        locus_node r = locus_ast_child(ctx->ast, entity, i);
        if (!is_has_one(ctx, r))
            continue;
        size_t len;
        const char *target = lv_rel_target(ctx, r, &len);
        uint32_t c = 0;
        sm_get(count, target, len, &c);
        if (sm_set(count, target, len, c + 1))
            ctx->oom = 1;
    }
    for (size_t i = 0; i < n; i++) {
        locus_node r = locus_ast_child(ctx->ast, entity, i);
        size_t len;
        const char *target = lv_rel_target(ctx, r, &len);
        uint32_t c = 0;
        if (is_has_one(ctx, r) && sm_get(count, target, len, &c) && c >= 2)
            return lv_error_at(ctx, lv_name_node(ctx, next_has_one(ctx, entity, i, target)),
                               "duplicate has_one relations to '%s' on entity '%s'", target,
                               lv_name(ctx, entity, NULL));
    }
    return 0;
}

/* The relation of entity named name whose target is target, or 0. */
static locus_node find_relation(const lv_ctx *ctx, locus_node entity, const char *name,
                                const char *target)
{
    size_t n = locus_ast_child_count(ctx->ast, entity);
    for (size_t i = 0; i < n; i++) {
        locus_node r = locus_ast_child(ctx->ast, entity, i);
        if (locus_ast_kind_of(ctx->ast, r) == LOCUS_AST_RELATION &&
            strcmp(lv_name(ctx, r, NULL), name) == 0 &&
            strcmp(lv_rel_target(ctx, r, NULL), target) == 0)
            return r;
    }
    return 0;
}

/* V-06, V-07: relations that declare an inverse. */
static int check_inverses(lv_ctx *ctx, locus_node entity)
{
    const char *ename = lv_name(ctx, entity, NULL);
    size_t n = locus_ast_child_count(ctx->ast, entity);
    for (size_t i = 0; i < n; i++) {
        locus_node r = locus_ast_child(ctx->ast, entity, i);
        const char *inv = locus_ast_kind_of(ctx->ast, r) == LOCUS_AST_RELATION
                              ? lv_rel_inverse(ctx, r)
                              : NULL;
        if (!inv)
            continue;
        size_t tlen;
        const char *target = lv_rel_target(ctx, r, &tlen);
        uint32_t at;
        if (!sm_get(&ctx->entity_index, target, tlen, &at))
            return lv_error_at(ctx, locus_ast_get(ctx->ast, r, LOCUS_F_TARGET),
                               "Relation '%s' references missing target entity '%s'.",
                               lv_name(ctx, r, NULL), target);
        if (!find_relation(ctx, ctx->entities.items[at], inv, ename))
            return lv_error_at(ctx, locus_ast_get(ctx->ast, r, LOCUS_F_INVERSE),
                               "Relation '%s' declares inverse '%s' not found on target '%s'.",
                               lv_name(ctx, r, NULL), inv, target);
    }
    return 0;
}

static int check_entity(lv_ctx *ctx, locus_node entity, sm_map *scratch)
{
    const char *name = lv_name(ctx, entity, NULL);
    if (!lv_is_pascal(name))
        lv_warn(ctx, lv_name_node(ctx, entity), "Entity '%s' should use PascalCase.", name);
    size_t n = locus_ast_child_count(ctx->ast, entity);
    for (size_t i = 0; i < n; i++) {
        locus_node f = locus_ast_child(ctx->ast, entity, i);
        if (locus_ast_kind_of(ctx->ast, f) == LOCUS_AST_FIELD && check_field(ctx, entity, f))
            return 1;
    }
    return check_has_one(ctx, entity, scratch) || check_inverses(ctx, entity);
}

int lv_phase_entities(lv_ctx *ctx)
{
    sm_map scratch;
    sm_init(&scratch, ctx->arena);
    for (size_t i = 0; i < ctx->entities.count; i++)
        if (check_entity(ctx, ctx->entities.items[i], &scratch))
            return 1;
    return 0;
}
