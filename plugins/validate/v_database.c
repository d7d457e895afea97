/* v_database.c — phase 14 of validation.md §8, per entity: duplicate
 * field names (V-35), default functions outside the whitelist (V-36),
 * relation policies (V-37, V-38) and missing relation targets (V-39).
 * The whitelist is the single one of decisions.md Q-38 (nanoid included);
 * `@policy(x)` on a relation counts like `(policy: x)` (Q-14, D-03). */
#include <string.h>

#include "vmodel.h"
#include "vtext.h"

static int allowed_default_function(const char *fn)
{
    static const char *const allowed[] = {"now", "uuid", "cuid", "nanoid", "autoincrement", NULL};
    for (size_t i = 0; allowed[i]; i++)
        if (strcmp(fn, allowed[i]) == 0)
            return 1;
    return 0;
}

static int check_fields(lv_ctx *ctx, const lv_entity *e, sm_map *seen)
{
    sm_reset(seen);
    for (size_t i = 0; i < e->nmembers; i++) {
        const lv_member *f = &e->members[i];
        if (!f->is_field)
            continue;
        int rc = sm_put(seen, f->name, f->name_len, 0, NULL);
        if (rc < 0)
            ctx->oom = 1;
        if (rc == 0)
            return lv_error_at(ctx, f->name_node, "Duplicate field name '%s' in entity '%s'.",
                               f->name, e->name);
        for (size_t k = 0; k < f->nattrs; k++) {
            if (f->attrs[k].kind != LV_ATTR_DEFAULT)
                continue;
            lv_value v = lv_default_value(ctx, f->attrs[k].node);
            if (v.kind == LV_VALUE_CALL && !allowed_default_function(v.text))
                return lv_error_at(ctx, f->name_node,
                                   "Default function '%s' not allowed. Allowed: now, uuid, cuid, "
                                   "nanoid, autoincrement.",
                                   v.text);
        }
    }
    return 0;
}

static int check_policies(lv_ctx *ctx, const lv_member *r)
{
    for (size_t i = 0; i < r->nattrs; i++) {
        if (r->attrs[i].kind != LV_ATTR_POLICY)
            continue;
        if (r->rel_kind != LOCUS_REL_BELONGS_TO)
            return lv_error_at(ctx, r->name_node,
                               "Policy attribute only supported on belongs_to relation '%s'",
                               r->name);
        const char *v = lv_policy_value(ctx, r->attrs[i].node);
        if (strcmp(v, "cascade") != 0 && strcmp(v, "restrict") != 0 && strcmp(v, "delete") != 0)
            return lv_error_at(ctx, r->name_node,
                               "Unsupported relation policy '%s' on '%s'. Allowed: cascade, "
                               "restrict, delete.",
                               v, r->name);
    }
    return 0;
}

static int missing_target(const lv_ctx *ctx, const lv_member *r)
{
    return !r->is_field && !sm_get(&ctx->entity_index, r->target, r->target_len, NULL);
}

/* V-39: "'T1' referenced by E.r1, E.r2; 'T2' referenced by E.r3"
 * (targets in order of first reference). */
static int check_targets(lv_ctx *ctx, const lv_entity *e)
{
    size_t first = 0;
    while (first < e->nmembers && !missing_target(ctx, &e->members[first]))
        first++;
    if (first == e->nmembers)
        return 0;
    locus_buf msg = LOCUS_BUF_INIT;
    int bad = 0;
    for (size_t i = first; i < e->nmembers; i++) {
        const lv_member *r = &e->members[i];
        int listed = 0;
        for (size_t k = first; k < i && !listed; k++)
            listed = missing_target(ctx, &e->members[k]) && !strcmp(e->members[k].target, r->target);
        if (!missing_target(ctx, r) || listed)
            continue;
        bad |= locus_buf_printf(&msg, "%s'%s' referenced by ", msg.len ? "; " : "", r->target);
        const char *sep = "";
        for (size_t k = i; k < e->nmembers; k++)
            if (!e->members[k].is_field && !strcmp(e->members[k].target, r->target)) {
                bad |= locus_buf_printf(&msg, "%s%s.%s", sep, e->name, e->members[k].name);
                sep = ", ";
            }
    }
    if (bad)
        ctx->oom = 1;
    lv_error_at(ctx, e->name_node, "Missing relation target(s): %s", msg.data ? msg.data : "");
    locus_buf_free(&msg);
    return 1;
}

int lv_phase_database(lv_ctx *ctx)
{
    sm_map seen;
    sm_init(&seen, ctx->arena);
    for (size_t i = 0; i < ctx->entities.count; i++) {
        const lv_entity *e = &ctx->model[i];
        if (check_fields(ctx, e, &seen))
            return 1;
        for (size_t k = 0; k < e->nmembers; k++)
            if (!e->members[k].is_field && check_policies(ctx, &e->members[k]))
                return 1;
        if (check_targets(ctx, e))
            return 1;
    }
    return 0;
}
