/* v_relations.c — phase 9 of validation.md §8, per entity: the indexing
 * hint W-12 and the on_delete: set_null rule.
 *
 * W-12: the reference counts every belongs_to relation, indexed or not
 * we count those without `@unique`/`@index` (decisions.md Q-35).
 * set_null: the reference's check throws and swallows its own error
 * we report it (D-12): a belongs_to relation with on_delete:
 * set_null must be optional (`belongs_to A?`) or have an optional or
 * nullable field `<r>Id` (or `<r>`) holding the key. */
#include <string.h>

#include "vattrs.h"
#include "vtext.h"

static int explicitly_indexed(lv_ctx *ctx, locus_node rel)
{
    locus_node *attrs;
    size_t n = lv_attrs(ctx, rel, &attrs);
    for (size_t i = 0; i < n; i++) {
        lv_attr_kind k = lv_attr_kind_of(ctx, attrs[i]);
        if (k == LV_ATTR_UNIQUE || k == LV_ATTR_INDEX)
            return 1;
    }
    return 0;
}

static int is_belongs_to(const lv_ctx *ctx, locus_node n)
{
    return locus_ast_kind_of(ctx->ast, n) == LOCUS_AST_RELATION &&
           lv_rel_kind(ctx, n) == LOCUS_REL_BELONGS_TO;
}

static void indexing_hint(lv_ctx *ctx, locus_node entity)
{
    size_t n = locus_ast_child_count(ctx->ast, entity), unindexed = 0;
    for (size_t i = 0; i < n; i++) {
        locus_node r = locus_ast_child(ctx->ast, entity, i);
        if (is_belongs_to(ctx, r) && !explicitly_indexed(ctx, r))
            unindexed++;
    }
    if (unindexed >= 2)
        lv_warn(ctx, lv_name_node(ctx, entity),
                "Relation indexing hint: entity '%s' has multiple belongs_to without explicit "
                "indexing. Consider adding @unique/@index.",
                lv_name(ctx, entity, NULL));
}

/* A field of entity named name (optionally followed by suffix) that is
 * optional or nullable. */
static int nullable_field(const lv_ctx *ctx, locus_node entity, const char *name,
                          const char *suffix)
{
    size_t nlen = strlen(name), slen = strlen(suffix);
    size_t n = locus_ast_child_count(ctx->ast, entity);
    for (size_t i = 0; i < n; i++) {
        locus_node f = locus_ast_child(ctx->ast, entity, i);
        size_t len;
        const char *fname = lv_name(ctx, f, &len);
        if (locus_ast_kind_of(ctx->ast, f) != LOCUS_AST_FIELD || len != nlen + slen ||
            memcmp(fname, name, nlen) != 0 || memcmp(fname + nlen, suffix, slen) != 0)
            continue;
        locus_node type = lv_field_type(ctx, f);
        if (lv_type_optional(ctx, type) || lv_type_nullable(ctx, type))
            return 1;
    }
    return 0;
}

static int check_set_null(lv_ctx *ctx, locus_node entity)
{
    size_t n = locus_ast_child_count(ctx->ast, entity);
    for (size_t i = 0; i < n; i++) {
        locus_node r = locus_ast_child(ctx->ast, entity, i);
        locus_node on_delete = locus_ast_get(ctx->ast, r, LOCUS_F_ON_DELETE);
        const char *action = locus_ast_str(ctx->ast, on_delete, NULL);
        if (!is_belongs_to(ctx, r) || !action || strcmp(action, "set_null") != 0)
            continue;
        const char *name = lv_name(ctx, r, NULL);
        if ((locus_ast_flags(ctx->ast, r) & LOCUS_FLAG_OPTIONAL) ||
            nullable_field(ctx, entity, name, "Id") || nullable_field(ctx, entity, name, ""))
            continue;
        return lv_error_at(ctx, on_delete,
                           "on_delete: set_null requires nullable or optional relation field "
                           "'%s' on entity '%s'.",
                           name, lv_name(ctx, entity, NULL));
    }
    return 0;
}

int lv_phase_relation_hints(lv_ctx *ctx)
{
    for (size_t i = 0; i < ctx->entities.count; i++) {
        indexing_hint(ctx, ctx->entities.items[i]);
        if (check_set_null(ctx, ctx->entities.items[i]))
            return 1;
    }
    return 0;
}
