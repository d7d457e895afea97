/* v_database.c — phase 14 of validation.md §8, per entity: duplicate
 * field names (V-35), default functions outside the whitelist (V-36),
 * relation policies (V-37, V-38) and missing relation targets (V-39).
 * The whitelist is the single one of decisions.md Q-38 (nanoid included);
 * `@policy(x)` on a relation counts like `(policy: x)` (Q-14, D-03). */
#include <string.h>

#include "vattrs.h"
#include "vtext.h"

static int allowed_default_function(const char *fn)
{
    static const char *const allowed[] = {"now", "uuid", "cuid", "nanoid", "autoincrement", NULL};
    for (size_t i = 0; allowed[i]; i++)
        if (strcmp(fn, allowed[i]) == 0)
            return 1;
    return 0;
}

static int check_fields(lv_ctx *ctx, locus_node entity, sm_map *seen)
{
    sm_reset(seen);
    size_t n = locus_ast_child_count(ctx->ast, entity);
    for (size_t i = 0; i < n; i++) {
        locus_node f = locus_ast_child(ctx->ast, entity, i);
        if (locus_ast_kind_of(ctx->ast, f) != LOCUS_AST_FIELD)
            continue;
        size_t len;
        const char *name = lv_name(ctx, f, &len);
        int rc = sm_put(seen, name, len, 0, NULL);
        if (rc < 0)
            ctx->oom = 1;
        if (rc == 0)
            return lv_error_at(ctx, lv_name_node(ctx, f),
                               "Duplicate field name '%s' in entity '%s'.", name,
                               lv_name(ctx, entity, NULL));
        locus_node *attrs;
        size_t na = lv_attrs(ctx, f, &attrs);
        for (size_t k = 0; k < na; k++) {
            if (lv_attr_kind_of(ctx, attrs[k]) != LV_ATTR_DEFAULT)
                continue;
            lv_value v = lv_default_value(ctx, attrs[k]);
            if (v.kind == LV_VALUE_CALL && !allowed_default_function(v.text))
                return lv_error_at(ctx, lv_name_node(ctx, f),
                                   "Default function '%s' not allowed. Allowed: now, uuid, cuid, "
                                   "nanoid, autoincrement.",
                                   v.text);
        }
    }
    return 0;
}

static int check_policies(lv_ctx *ctx, locus_node rel)
{
    locus_node *attrs;
    size_t n = lv_attrs(ctx, rel, &attrs);
    const char *name = lv_name(ctx, rel, NULL);
    for (size_t i = 0; i < n; i++) {
        if (lv_attr_kind_of(ctx, attrs[i]) != LV_ATTR_POLICY)
            continue;
        if (lv_rel_kind(ctx, rel) != LOCUS_REL_BELONGS_TO)
            return lv_error_at(ctx, lv_name_node(ctx, rel),
                               "Policy attribute only supported on belongs_to relation '%s'", name);
        const char *v = lv_policy_value(ctx, attrs[i]);
        if (strcmp(v, "cascade") != 0 && strcmp(v, "restrict") != 0 && strcmp(v, "delete") != 0)
            return lv_error_at(ctx, lv_name_node(ctx, rel),
                               "Unsupported relation policy '%s' on '%s'. Allowed: cascade, "
                               "restrict, delete.",
                               v, name);
    }
    return 0;
}

/* V-39: "'T1' referenced by E.r1, E.r2; 'T2' referenced by E.r3". */
static int check_targets(lv_ctx *ctx, locus_node entity)
{
    const char *ename = lv_name(ctx, entity, NULL);
    size_t n = locus_ast_child_count(ctx->ast, entity);
    sm_map groups; /* missing target -> already listed */
    sm_init(&groups, ctx->arena);
    locus_buf msg = LOCUS_BUF_INIT;
    int bad = 0;
    for (size_t i = 0; i < n; i++) {
        locus_node r = locus_ast_child(ctx->ast, entity, i);
        size_t tlen;
        const char *target = lv_rel_target(ctx, r, &tlen);
        if (locus_ast_kind_of(ctx->ast, r) != LOCUS_AST_RELATION ||
            sm_get(&ctx->entity_index, target, tlen, NULL) || sm_get(&groups, target, tlen, NULL))
            continue;
        if (sm_put(&groups, target, tlen, 0, NULL) < 0)
            ctx->oom = 1;
        bad |= locus_buf_printf(&msg, "%s'%s' referenced by ", msg.len ? "; " : "", target);
        int first = 1;
        for (size_t k = i; k < n; k++) {
            locus_node s = locus_ast_child(ctx->ast, entity, k);
            if (locus_ast_kind_of(ctx->ast, s) == LOCUS_AST_RELATION &&
                strcmp(lv_rel_target(ctx, s, NULL), target) == 0) {
                bad |= locus_buf_printf(&msg, "%s%s.%s", first ? "" : ", ", ename,
                                        lv_name(ctx, s, NULL));
                first = 0;
            }
        }
    }
    if (bad)
        ctx->oom = 1;
    int rc = msg.len ? lv_error_at(ctx, lv_name_node(ctx, entity),
                                   "Missing relation target(s): %s", msg.data)
                     : 0;
    locus_buf_free(&msg);
    return rc;
}

int lv_phase_database(lv_ctx *ctx)
{
    sm_map seen;
    sm_init(&seen, ctx->arena);
    for (size_t e = 0; e < ctx->entities.count; e++) {
        locus_node ent = ctx->entities.items[e];
        if (check_fields(ctx, ent, &seen))
            return 1;
        size_t n = locus_ast_child_count(ctx->ast, ent);
        for (size_t i = 0; i < n; i++) {
            locus_node r = locus_ast_child(ctx->ast, ent, i);
            if (locus_ast_kind_of(ctx->ast, r) == LOCUS_AST_RELATION && check_policies(ctx, r))
                return 1;
        }
        if (check_targets(ctx, ent))
            return 1;
    }
    return 0;
}
