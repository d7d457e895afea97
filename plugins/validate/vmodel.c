/* vmodel.c — reading the entities into the arrays of vmodel.h. */
#include <string.h>

#include "vmodel.h"

static int load_attrs(lv_ctx *ctx, lv_member *m)
{
    locus_node *nodes;
    m->nattrs = lv_attrs(ctx, m->node, &nodes);
    m->attrs = m->nattrs ? locus_arena_alloc(ctx->arena, m->nattrs * sizeof *m->attrs) : NULL;
    if (m->nattrs && !m->attrs)
        return -1;
    for (size_t i = 0; i < m->nattrs; i++) {
        m->attrs[i] = (lv_attr){nodes[i], lv_attr_kind_of(ctx, nodes[i])};
        m->nparen += (locus_ast_flags(ctx->ast, nodes[i]) & LOCUS_FLAG_PAREN) != 0;
    }
    return 0;
}

static int load_member(lv_ctx *ctx, locus_node node, lv_member *m)
{
    memset(m, 0, sizeof *m);
    m->node = node;
    m->is_field = locus_ast_kind_of(ctx->ast, node) == LOCUS_AST_FIELD;
    m->name_node = lv_name_node(ctx, node);
    m->name = locus_ast_str(ctx->ast, m->name_node, &m->name_len);
    if (!m->name)
        m->name = "", m->name_len = 0;
    m->type_name = "";
    m->target = "";
    if (m->is_field) {
        m->type = lv_field_type(ctx, node);
        uint32_t flags = locus_ast_flags(ctx->ast, m->type);
        m->type_name = lv_name(ctx, m->type, NULL);
        m->list = (flags & LOCUS_FLAG_LIST) != 0;
        m->list_of = (flags & LOCUS_FLAG_LIST_OF) != 0;
        m->optional = !m->list && (flags & LOCUS_FLAG_OPTIONAL) != 0;
        m->nullable = (flags & (LOCUS_FLAG_NULLABLE | LOCUS_FLAG_NULL_UNION)) != 0;
    } else {
        m->rel_kind = lv_rel_kind(ctx, node);
        m->target = lv_rel_target(ctx, node, &m->target_len);
    }
    return load_attrs(ctx, m);
}

static int load_entity(lv_ctx *ctx, locus_node node, lv_entity *e)
{
    e->node = node;
    e->name_node = lv_name_node(ctx, node);
    e->name = lv_name(ctx, node, &e->name_len);
    size_t n = locus_ast_child_count(ctx->ast, node);
    e->members = locus_arena_alloc(ctx->arena, (n ? n : 1) * sizeof *e->members);
    if (!e->members)
        return -1;
    e->nmembers = 0;
    for (size_t i = 0; i < n; i++) {
        locus_node c = locus_ast_child(ctx->ast, node, i);
        locus_ast_kind k = locus_ast_kind_of(ctx->ast, c);
        if ((k == LOCUS_AST_FIELD || k == LOCUS_AST_RELATION) &&
            load_member(ctx, c, &e->members[e->nmembers++]))
            return -1;
    }
    return 0;
}

int lv_model_load(lv_ctx *ctx)
{
    size_t n = ctx->entities.count;
    ctx->model = locus_arena_zalloc(ctx->arena, (n ? n : 1) * sizeof *ctx->model);
    if (!ctx->model)
        return -1;
    for (size_t i = 0; i < n; i++)
        if (load_entity(ctx, ctx->entities.items[i], &ctx->model[i]))
            return -1;
    return ctx->oom ? -1 : 0;
}

int lv_member_type_is(const lv_member *m, const char *const *names)
{
    if (!m->is_field || m->list)
        return 0;
    for (size_t i = 0; names[i]; i++)
        if (strcmp(m->type_name, names[i]) == 0)
            return 1;
    return 0;
}
