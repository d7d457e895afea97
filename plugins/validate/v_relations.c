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

#include "vmodel.h"
#include "vtext.h"

static int explicitly_indexed(const lv_member *r)
{
    for (size_t i = 0; i < r->nattrs; i++)
        if (r->attrs[i].kind == LV_ATTR_UNIQUE || r->attrs[i].kind == LV_ATTR_INDEX)
            return 1;
    return 0;
}

static int is_belongs_to(const lv_member *m)
{
    return !m->is_field && m->rel_kind == LOCUS_REL_BELONGS_TO;
}

static void indexing_hint(lv_ctx *ctx, const lv_entity *e)
{
    size_t unindexed = 0;
    for (size_t i = 0; i < e->nmembers; i++)
        unindexed += is_belongs_to(&e->members[i]) && !explicitly_indexed(&e->members[i]);
    if (unindexed >= 2)
        lv_warn(ctx, e->name_node,
                "Relation indexing hint: entity '%s' has multiple belongs_to without explicit "
                "indexing. Consider adding @unique/@index.",
                e->name);
}

/* A field of e named name + suffix that is optional or nullable. */
static int nullable_field(const lv_entity *e, const char *name, size_t nlen, const char *suffix)
{
    size_t slen = strlen(suffix);
    for (size_t i = 0; i < e->nmembers; i++) {
        const lv_member *f = &e->members[i];
        if (f->is_field && f->name_len == nlen + slen && memcmp(f->name, name, nlen) == 0 &&
            memcmp(f->name + nlen, suffix, slen) == 0 && (f->optional || f->nullable))
            return 1;
    }
    return 0;
}

static int check_set_null(lv_ctx *ctx, const lv_entity *e)
{
    for (size_t i = 0; i < e->nmembers; i++) {
        const lv_member *r = &e->members[i];
        if (!is_belongs_to(r))
            continue;
        locus_node on_delete = locus_ast_get(ctx->ast, r->node, LOCUS_F_ON_DELETE);
        const char *action = locus_ast_str(ctx->ast, on_delete, NULL);
        if (!action || strcmp(action, "set_null") != 0 ||
            (locus_ast_flags(ctx->ast, r->node) & LOCUS_FLAG_OPTIONAL) ||
            nullable_field(e, r->name, r->name_len, "Id") ||
            nullable_field(e, r->name, r->name_len, ""))
            continue;
        return lv_error_at(ctx, on_delete,
                           "on_delete: set_null requires nullable or optional relation field "
                           "'%s' on entity '%s'.",
                           r->name, e->name);
    }
    return 0;
}

int lv_phase_relation_hints(lv_ctx *ctx)
{
    for (size_t i = 0; i < ctx->entities.count; i++) {
        indexing_hint(ctx, &ctx->model[i]);
        if (check_set_null(ctx, &ctx->model[i]))
            return 1;
    }
    return 0;
}
