/* v_bindings.c — phase 7 of validation.md §8, per workflow: a run step
 * using the binding of a later run step (V-25), unused bindings (W-08)
 * and `${input.` interpolation in http_request bodies (W-09).
 *
 * W-08: the reference warns about every top-level binding, used or not
 * (Q-31); we warn only about bindings no later step mentions (a whole-word
 * occurrence in the text of any later top-level step, nested steps
 * included, or in the on_error/on_failure blocks). The reference's order is
 * kept: unused bindings of run steps first, then the others, each group in
 * step order. */
#include <string.h>

#include "vsteps.h"
#include "vtext.h"

static int is_run(const lv_ctx *ctx, locus_node step)
{
    return locus_ast_kind_of(ctx->ast, step) == LOCUS_AST_STEP_RUN;
}

/* A run step's argument text, or its raw text (`const x =`) when empty. */
static const char *run_args(const lv_ctx *ctx, locus_node step, size_t *len)
{
    locus_slice s;
    if (locus_ast_get_slice(ctx->ast, step, LOCUS_F_ARGS_RAW, &s) && s.length) {
        const char *t = s.text;
        size_t n = s.length;
        lv_trim(&t, &n);
        *len = n;
        return t;
    }
    if (locus_ast_get_slice(ctx->ast, step, LOCUS_F_BINDING_RAW, &s)) {
        *len = s.length;
        return s.text;
    }
    *len = 0;
    return "";
}

/* V-25 */
static int check_order(lv_ctx *ctx, locus_node wf, locus_node steps)
{
    size_t n = locus_ast_child_count(ctx->ast, steps);
    for (size_t i = 0; i < n; i++) {
        locus_node step = locus_ast_child(ctx->ast, steps, i);
        if (!is_run(ctx, step))
            continue;
        size_t alen;
        const char *args = run_args(ctx, step, &alen);
        for (size_t j = i + 1; j < n; j++) {
            locus_node later = locus_ast_child(ctx->ast, steps, j);
            size_t blen;
            const char *b = is_run(ctx, later)
                                ? locus_ast_str(ctx->ast,
                                                locus_ast_get(ctx->ast, later, LOCUS_F_BINDING), &blen)
                                : NULL;
            if (b && lv_has_word(args, alen, b, blen))
                return lv_error_at(ctx, locus_ast_get(ctx->ast, step, LOCUS_F_ACTION),
                                   "Workflow '%s' step dependency error: binding '%s' referenced "
                                   "before declaration.",
                                   lv_name(ctx, wf, NULL), b);
        }
    }
    return 0;
}

static int mentioned_in(const lv_ctx *ctx, locus_node node, const char *b, size_t blen)
{
    size_t len;
    const char *text = node ? locus_ast_text(ctx->ast, node, &len) : NULL;
    return text && lv_has_word(text, len, b, blen);
}

/* Whether a later step (or the error handlers) mentions the binding. */
static int binding_used(const lv_ctx *ctx, locus_node wf, locus_node steps, size_t at,
                        const char *b, size_t blen)
{
    size_t n = locus_ast_child_count(ctx->ast, steps);
    for (size_t j = at + 1; j < n; j++)
        if (mentioned_in(ctx, locus_ast_child(ctx->ast, steps, j), b, blen))
            return 1;
    return mentioned_in(ctx, lv_first_child(ctx, wf, LOCUS_AST_ON_ERROR), b, blen) ||
           mentioned_in(ctx, lv_first_child(ctx, wf, LOCUS_AST_ON_FAILURE), b, blen);
}

/* W-08 for the run-step bindings (runs = 1) or the others (runs = 0). */
static void warn_unused(lv_ctx *ctx, locus_node wf, locus_node steps, int runs)
{
    size_t n = locus_ast_child_count(ctx->ast, steps);
    for (size_t i = 0; i < n; i++) {
        locus_node step = locus_ast_child(ctx->ast, steps, i);
        const char *b;
        size_t blen;
        if (is_run(ctx, step) != runs || !lv_step_binding(ctx, step, &b, &blen))
            continue;
        if (!binding_used(ctx, wf, steps, i, b, blen))
            lv_warn(ctx, step, "unused workflow binding '%.*s'.", (int)blen, b);
    }
}

/* W-09: `${` then optional spaces then `input.` in an http_request body. */
static int unsafe_interpolation(const char *body, size_t len)
{
    for (const char *p = body; (p = memmem(p, len - (size_t)(p - body), "${", 2)); p += 2) {
        const char *q = p + 2, *end = body + len;
        while (q < end && *q == ' ')
            q++;
        if ((size_t)(end - q) >= 6 && memcmp(q, "input.", 6) == 0)
            return 1;
    }
    return 0;
}

static void warn_interpolation(lv_ctx *ctx, locus_node wf, locus_node steps)
{
    size_t n = locus_ast_child_count(ctx->ast, steps);
    for (size_t i = 0; i < n; i++) {
        locus_node step = locus_ast_child(ctx->ast, steps, i);
        size_t len;
        if (locus_ast_kind_of(ctx->ast, step) != LOCUS_AST_STEP_HTTP_REQUEST)
            continue;
        const char *body = lv_step_body(ctx, step, &len);
        if (unsafe_interpolation(body, len))
            lv_warn(ctx, step,
                    "Potential unsafe interpolation in http_request step of workflow '%s'. "
                    "Consider sanitizing inputs.",
                    lv_name(ctx, wf, NULL));
    }
}

int lv_phase_bindings(lv_ctx *ctx)
{
    for (size_t w = 0; w < ctx->workflows.count; w++) {
        locus_node wf = ctx->workflows.items[w];
        locus_node steps = lv_first_child(ctx, wf, LOCUS_AST_STEPS);
        if (check_order(ctx, wf, steps))
            return 1;
        warn_unused(ctx, wf, steps, 1);
        warn_unused(ctx, wf, steps, 0);
        warn_interpolation(ctx, wf, steps);
    }
    return 0;
}
