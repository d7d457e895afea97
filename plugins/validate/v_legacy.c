/* v_legacy.c — legacy `( … )` attribute syntax and the deprecation
 * registry: phase 15 (W-15, W-16 and their deprecation records), the
 * parse-time `list of T` records that precede them, and phase 18, which
 * adds the held W-15/W-16 texts to the warning list (dropping exact
 * duplicates), completes every "Deprecated" warning without a removal
 * note with " (removal: TBD)" and registers one record per paren
 * attribute (validation.md §8, §9.3). */
#include <string.h>

#include "vmodel.h"
#include "vtext.h"

void lv_register_list_of(lv_ctx *ctx)
{
    for (size_t e = 0; e < ctx->entities.count; e++)
        for (size_t i = 0; i < ctx->model[e].nmembers; i++)
            if (ctx->model[e].members[i].list_of)
                lv_deprecate(ctx, "list_of_syntax",
                             "'list of Type' syntax is deprecated; use 'Type[]'", "0.5.0",
                             "Replace 'list of String' with 'String[]'");
}

static void legacy_members(lv_ctx *ctx, const lv_entity *e, int fields)
{
    const char *what = fields ? "field" : "relation";
    for (size_t i = 0; i < e->nmembers; i++) {
        const lv_member *m = &e->members[i];
        if (m->is_field != fields || !m->nparen)
            continue;
        lv_add(ctx, &ctx->paren_warnings, m->name_node,
               "Deprecated (legacy) attribute syntax '(...)' on %s '%s'. Use '@' form. (removal: "
               "0.4.0)\n  e.g. change: %s",
               what, m->name,
               fields ? "name String (unique) -> name String @unique"
                      : "belongs_to user User (policy: cascade) -> belongs_to user User "
                        "@policy(cascade)");
        char *msg = locus_arena_printf(ctx->arena,
                                       "Deprecated (legacy) attribute syntax '(...)' on %s '%s'. "
                                       "Use '@' form.",
                                       what, m->name);
        if (!msg) {
            ctx->oom = 1;
            return;
        }
        lv_deprecate(ctx, fields ? "paren_attr_field" : "paren_attr_relation", msg, "0.4.0",
                     fields ? "Replace '(unique)' with '@unique'"
                            : "Replace '(policy: cascade)' with '@policy(cascade)'");
    }
}

int lv_phase_legacy(lv_ctx *ctx)
{
    for (size_t e = 0; e < ctx->entities.count; e++) {
        legacy_members(ctx, &ctx->model[e], 1);
        legacy_members(ctx, &ctx->model[e], 0);
    }
    return 0;
}

/* The held W-15/W-16 texts, minus exact duplicates. No other warning can
 * equal one of them (their wording is unique to phase 15), so only the
 * held texts need comparing. */
static void append_held_warnings(lv_ctx *ctx)
{
    sm_map present;
    sm_init(&present, ctx->arena);
    for (size_t i = 0; i < ctx->paren_warnings.count; i++) {
        lv_diag d = ctx->paren_warnings.items[i];
        int rc = sm_put(&present, d.message, strlen(d.message), 0, NULL);
        if (rc < 0)
            ctx->oom = 1;
        if (rc > 0)
            lv_append(ctx, &ctx->res->warnings, d);
    }
}

static void complete_removal_notes(lv_ctx *ctx)
{
    lv_list *w = &ctx->res->warnings;
    for (size_t i = 0; i < w->count; i++) {
        const char *m = w->items[i].message;
        if (strstr(m, "Deprecated") && !strstr(m, "removal:")) {
            char *done = locus_arena_printf(ctx->arena, "%s (removal: TBD)", m);
            if (done)
                w->items[i].message = done;
            else
                ctx->oom = 1;
        }
    }
}

static void register_paren_attrs(lv_ctx *ctx)
{
    for (size_t e = 0; e < ctx->entities.count; e++)
        for (size_t i = 0; i < ctx->model[e].nmembers; i++)
            for (size_t k = 0; k < ctx->model[e].members[i].nparen; k++)
                lv_deprecate(ctx, "paren_attr", "Legacy paren attribute syntax is deprecated",
                             "v1.0.0", "Use @attribute form");
}

int lv_phase_finalise(lv_ctx *ctx)
{
    append_held_warnings(ctx);
    complete_removal_notes(ctx);
    register_paren_attrs(ctx);
    return 0;
}
