/* v_steps.c — phase 6 of validation.md §8, per top-level step: bindings
 * that shadow input/state names or are declared twice (V-15, V-16), run
 * steps naming unknown actions (V-17), send_email fields (V-18…V-22) and
 * plain-http requests (V-23). Nested steps are looked at only for V-17:
 * the reference checks top-level run steps and page actions only, which
 * we fix (decisions.md Q-37): run steps at any depth, page and store
 * actions. */
#include <string.h>

#include "vsteps.h"
#include "vtext.h"

const char *lv_step_body(const lv_ctx *ctx, locus_node step, size_t *len)
{
    locus_slice s;
    if (!locus_ast_get_slice(ctx->ast, step, LOCUS_F_CONTENT, &s)) {
        *len = 0;
        return "";
    }
    *len = s.length;
    return s.text;
}

int lv_step_binding(const lv_ctx *ctx, locus_node step, const char **name, size_t *len)
{
    if (locus_ast_kind_of(ctx->ast, step) == LOCUS_AST_STEP_HTTP_REQUEST) {
        size_t blen;
        const char *body = lv_step_body(ctx, step, &blen);
        return lv_find_const(body, blen, name, len);
    }
    *name = locus_ast_str(ctx->ast, locus_ast_get(ctx->ast, step, LOCUS_F_BINDING), len);
    return *name != NULL;
}

/* Every identifier-like word of the input and state blocks' text. */
static void reserved_words(lv_ctx *ctx, locus_node wf, sm_map *words)
{
    locus_ast_kind kinds[2] = {LOCUS_AST_INPUT, LOCUS_AST_STATE_BLOCK};
    for (int k = 0; k < 2; k++) {
        locus_slice s;
        if (!locus_ast_get_slice(ctx->ast, lv_first_child(ctx, wf, kinds[k]), LOCUS_F_BODY, &s))
            continue;
        for (size_t i = 0; i < s.length;) {
            size_t n = lv_leading_ident(s.text + i, s.length - i);
            if (n == 0) {
                i++;
                continue;
            }
            if (sm_put(words, s.text + i, n, 0, NULL) < 0)
                ctx->oom = 1;
            i += n;
        }
    }
}

static int check_run(lv_ctx *ctx, const char *wf_name, locus_node step)
{
    locus_node action = locus_ast_get(ctx->ast, step, LOCUS_F_ACTION);
    size_t len;
    const char *name = locus_ast_str(ctx->ast, action, &len);
    if (name && !sm_get(&ctx->actions, name, len, NULL))
        return lv_error_at(ctx, action, "Workflow '%s' references unknown action '%s'.",
                           wf_name, name);
    return 0;
}

/* V-17 for run steps nested in step (Q-37 fix), in source order. */
static int check_nested_runs(lv_ctx *ctx, const char *wf_name, locus_node step)
{
    size_t n = locus_ast_child_count(ctx->ast, step);
    for (size_t i = 0; i < n; i++) {
        locus_node c = locus_ast_child(ctx->ast, step, i);
        if (locus_ast_kind_of(ctx->ast, c) == LOCUS_AST_STEP_RUN && check_run(ctx, wf_name, c))
            return 1;
        if (locus_ast_kind_of(ctx->ast, c) != LOCUS_AST_ENTRY && check_nested_runs(ctx, wf_name, c))
            return 1;
    }
    return 0;
}

static int check_email(lv_ctx *ctx, const char *wf, locus_node step)
{
    lv_email e = lv_email_fields(ctx, step);
    if (!e.to || !e.to_len)
        return lv_error_at(ctx, step, "Workflow '%s' send_email missing 'to'.", wf);
    if ((!e.subject || !e.subject_len) && (!e.template_path || !e.template_len))
        return lv_error_at(ctx, step, "Workflow '%s' send_email requires 'subject' or 'template'.",
                           wf);
    if (e.subject && (memchr(e.subject, '\n', e.subject_len) || memchr(e.subject, '\r', e.subject_len)))
        return lv_error_at(ctx, step,
                           "Workflow '%s' send_email subject contains newline characters.", wf);
    int odd = 0;
    for (size_t i = 0; i < e.to_len; i++)
        odd |= e.to[i] == ',' || lv_is_space((unsigned char)e.to[i]);
    if (odd && !memchr(e.to, '@', e.to_len))
        return lv_error_at(ctx, step, "Workflow '%s' send_email 'to' appears invalid: '%.*s'.",
                           wf, (int)e.to_len, e.to);
    if (e.template_path && e.template_len &&
        (e.template_path[0] == '/' || memmem(e.template_path, e.template_len, "..", 2)))
        return lv_error_at(ctx, step,
                           "Workflow '%s' send_email template path '%.*s' must be relative and "
                           "not contain '..'.",
                           wf, (int)e.template_len, e.template_path);
    return 0;
}

/* Skip \s* then an optional c, then \s*. */
static size_t skip_sep(const char *t, size_t len, size_t i, char c)
{
    while (i < len && lv_is_space((unsigned char)t[i]))
        i++;
    if (i < len && t[i] == c)
        i++;
    while (i < len && lv_is_space((unsigned char)t[i]))
        i++;
    return i;
}

/* word\s*:?\s*<then> somewhere in text (then may start with an optional '"'). */
static int has_setting(const char *t, size_t len, const char *word, const char *then, int quote)
{
    size_t wl = strlen(word), tl = strlen(then);
    for (const char *p = t; (p = memmem(p, len - (size_t)(p - t), word, wl)); p++) {
        size_t i = skip_sep(t, len, (size_t)(p - t) + wl, ':');
        if (quote && i < len && t[i] == '"')
            i++;
        if (i + tl <= len && memcmp(t + i, then, tl) == 0)
            return 1;
    }
    return 0;
}

static int check_http(lv_ctx *ctx, const char *wf, locus_node step)
{
    size_t len;
    const char *body = lv_step_body(ctx, step, &len);
    if (has_setting(body, len, "url", "http://", 1) &&
        !has_setting(body, len, "allow_insecure", "true", 0))
        return lv_error_at(ctx, step,
                           "Workflow '%s' http_request must use HTTPS (add allow_insecure: true to "
                           "override).",
                           wf);
    return 0;
}

static int check_binding(lv_ctx *ctx, locus_node wf, locus_node step, sm_map *bound,
                         sm_map *reserved, int *have_reserved)
{
    const char *b;
    size_t len;
    if (!lv_step_binding(ctx, step, &b, &len))
        return 0;
    if (!*have_reserved) {
        reserved_words(ctx, wf, reserved);
        *have_reserved = 1;
    }
    const char *wf_name = lv_name(ctx, wf, NULL);
    if (sm_get(reserved, b, len, NULL))
        return lv_error_at(ctx, lv_name_node(ctx, wf),
                           "Workflow '%s' binding '%.*s' shadows reserved input/state name.",
                           wf_name, (int)len, b);
    int rc = sm_put(bound, b, len, 0, NULL);
    if (rc < 0)
        ctx->oom = 1;
    if (rc == 0)
        return lv_error_at(ctx, lv_name_node(ctx, wf), "Workflow '%s' redeclares binding '%.*s'.",
                           wf_name, (int)len, b);
    return 0;
}

static int check_step(lv_ctx *ctx, const char *wf, locus_node step)
{
    switch (locus_ast_kind_of(ctx->ast, step)) {
    case LOCUS_AST_STEP_RUN: return check_run(ctx, wf, step);
    case LOCUS_AST_STEP_SEND_EMAIL: return check_email(ctx, wf, step);
    case LOCUS_AST_STEP_HTTP_REQUEST: return check_http(ctx, wf, step);
    default: return check_nested_runs(ctx, wf, step);
    }
}

int lv_check_steps(lv_ctx *ctx, locus_node wf, locus_node steps)
{
    sm_map bound, reserved;
    sm_init(&bound, ctx->arena);
    sm_init(&reserved, ctx->arena);
    int have_reserved = 0;
    const char *wf_name = lv_name(ctx, wf, NULL);
    size_t n = locus_ast_child_count(ctx->ast, steps);
    for (size_t i = 0; i < n; i++) {
        locus_node step = locus_ast_child(ctx->ast, steps, i);
        if (check_binding(ctx, wf, step, &bound, &reserved, &have_reserved) ||
            check_step(ctx, wf_name, step))
            return 1;
    }
    return 0;
}
