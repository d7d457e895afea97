/* v_workflows.c — phase 6 of validation.md §8, the workflow-level checks:
 * trigger and steps blocks (V-09, V-10), trigger events (V-11, V-12),
 * concurrency (V-13) and retry (V-14); then the per-step checks of
 * v_steps.c. Only the first block of each kind counts (language.md §8.1). */
#include <string.h>

#include "vctx.h"
#include "vsteps.h"

static int check_trigger(lv_ctx *ctx, locus_node wf, locus_node trigger)
{
    const char *name = lv_name(ctx, wf, NULL);
    int webhook = 0, entity = 0;
    locus_node first_webhook = 0;
    size_t n = locus_ast_child_count(ctx->ast, trigger);
    for (size_t i = 0; i < n; i++) {
        locus_node ev = locus_ast_child(ctx->ast, trigger, i);
        if (locus_ast_kind_of(ctx->ast, ev) != LOCUS_AST_TRIGGER_EVENT)
            continue;
        int kind = locus_ast_get_int(ctx->ast, ev, LOCUS_F_EVENT, 0);
        if (kind == LOCUS_EVENT_WEBHOOK) {
            webhook = 1;
            if (!first_webhook)
                first_webhook = ev;
        } else if (kind == LOCUS_EVENT_CREATE || kind == LOCUS_EVENT_UPDATE ||
                   kind == LOCUS_EVENT_DELETE) {
            entity = 1;
        }
    }
    if (webhook && entity)
        return lv_error_at(ctx, lv_name_node(ctx, wf),
                           "Workflow '%s' cannot mix webhook and entity triggers.", name);
    if (first_webhook && !locus_ast_get(ctx->ast, first_webhook, LOCUS_F_SECRET))
        return lv_error_at(ctx, lv_name_node(ctx, wf),
                           "Workflow '%s' webhook trigger missing secret reference.", name);
    return 0;
}

/* The VALUE of the last ENTRY named key among block's children, or 0. */
static locus_node last_entry(const lv_ctx *ctx, locus_node block, const char *key,
                             locus_node *entry)
{
    locus_node value = 0;
    size_t n = locus_ast_child_count(ctx->ast, block);
    for (size_t i = 0; i < n; i++) {
        locus_node e = locus_ast_child(ctx->ast, block, i);
        if (locus_ast_kind_of(ctx->ast, e) == LOCUS_AST_ENTRY &&
            strcmp(lv_name(ctx, e, NULL), key) == 0) {
            value = locus_ast_get(ctx->ast, e, LOCUS_F_VALUE);
            if (entry)
                *entry = e;
        }
    }
    return value;
}

static int check_concurrency(lv_ctx *ctx, locus_node wf, locus_node conc)
{
    locus_node limit = last_entry(ctx, conc, "limit", NULL);
    if (!limit)
        return 0;
    double v = locus_ast_number(ctx->ast, limit);
    if (v <= 0 || v > 10000)
        return lv_error_at(ctx, limit, "Workflow '%s' concurrency.limit must be 1..10000.",
                           lv_name(ctx, wf, NULL));
    return 0;
}

static int is_retry_key(const char *key)
{
    return strcmp(key, "max") == 0 || strcmp(key, "backoff") == 0 ||
           strcmp(key, "factor") == 0 || strcmp(key, "delay") == 0;
}

/* The first ENTRY of retry whose key is not a retry setting, or 0. */
static locus_node first_unknown(const lv_ctx *ctx, locus_node retry)
{
    size_t n = locus_ast_child_count(ctx->ast, retry);
    for (size_t i = 0; i < n; i++) {
        locus_node e = locus_ast_child(ctx->ast, retry, i);
        if (locus_ast_kind_of(ctx->ast, e) == LOCUS_AST_ENTRY && !is_retry_key(lv_name(ctx, e, NULL)))
            return e;
    }
    return 0;
}

/* V-14, in the reference's order; with no setting written at all, an
 * unknown key is reported at the key, otherwise at the workflow name. */
static int check_retry(lv_ctx *ctx, locus_node wf, locus_node retry)
{
    const char *name = lv_name(ctx, wf, NULL);
    locus_node at = lv_name_node(ctx, wf);
    locus_node max = last_entry(ctx, retry, "max", NULL);
    locus_node backoff = last_entry(ctx, retry, "backoff", NULL);
    locus_node factor = last_entry(ctx, retry, "factor", NULL);
    locus_node unknown = first_unknown(ctx, retry);
    if (!max && !backoff && !factor && !last_entry(ctx, retry, "delay", NULL)) {
        if (unknown)
            return lv_error_at(ctx, lv_name_node(ctx, unknown),
                               "Workflow '%s' retry.%s is not supported.", name,
                               lv_name(ctx, unknown, NULL));
        return 0;
    }
    double v;
    if (max && ((v = locus_ast_number(ctx->ast, max)) < 0 || v > 100))
        return lv_error_at(ctx, at, "Workflow '%s' retry.max must be 0..100.", name);
    const char *mode = backoff ? locus_ast_str(ctx->ast, backoff, NULL) : NULL;
    if (!mode && backoff)
        mode = "";
    if (mode && strcmp(mode, "fixed") != 0 && strcmp(mode, "exponential") != 0)
        return lv_error_at(ctx, at, "Workflow '%s' retry.backoff must be fixed|exponential.",
                           name);
    if (mode && strcmp(mode, "exponential") == 0 && factor &&
        locus_ast_number(ctx->ast, factor) <= 1)
        return lv_error_at(ctx, at, "Workflow '%s' retry.factor must be >1 for exponential.",
                           name);
    if (unknown)
        return lv_error_at(ctx, at, "Workflow '%s' retry.%s is not supported.", name,
                           lv_name(ctx, unknown, NULL));
    return 0;
}

static int check_workflow(lv_ctx *ctx, locus_node wf)
{
    const char *name = lv_name(ctx, wf, NULL);
    locus_node trigger = lv_first_child(ctx, wf, LOCUS_AST_TRIGGER);
    locus_node steps = lv_first_child(ctx, wf, LOCUS_AST_STEPS);
    if (!trigger)
        return lv_error_at(ctx, lv_name_node(ctx, wf),
                           "Workflow '%s' is missing required 'trigger' block.", name);
    if (!steps)
        return lv_error_at(ctx, lv_name_node(ctx, wf),
                           "Workflow '%s' is missing required 'steps' block.", name);
    locus_node conc = lv_first_child(ctx, wf, LOCUS_AST_CONCURRENCY);
    locus_node retry = lv_first_child(ctx, wf, LOCUS_AST_RETRY);
    return check_trigger(ctx, wf, trigger) || (conc && check_concurrency(ctx, wf, conc)) ||
           (retry && check_retry(ctx, wf, retry)) || lv_check_steps(ctx, wf, steps);
}

int lv_phase_workflows(lv_ctx *ctx)
{
    for (size_t i = 0; i < ctx->workflows.count; i++)
        if (check_workflow(ctx, ctx->workflows.items[i]))
            return 1;
    return 0;
}
