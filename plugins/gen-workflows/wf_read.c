/* wf_read.c — the workflow-level data of the manifests (outputs.md §11.1):
 * trigger events, webhook secret, concurrency, the retry string and its
 * retryConfig, on_error/on_failure texts. Steps: wf_steps.c. */
#include <string.h>

#include "genutil.h"
#include "jstext.h"
#include "wf_model.h"

/* The first child of each kind: later blocks of a kind are ignored. */
typedef struct wf_blocks {
    locus_node trigger, steps, concurrency, retry, on_error, on_failure;
} wf_blocks;

static void find_blocks(const locus_ast *ast, locus_node wf, wf_blocks *b)
{
    memset(b, 0, sizeof *b);
    for (size_t i = 0; i < locus_ast_child_count(ast, wf); i++) {
        locus_node c = locus_ast_child(ast, wf, i);
        locus_node *slot = NULL;
        switch (locus_ast_kind_of(ast, c)) {
        case LOCUS_AST_TRIGGER: slot = &b->trigger; break;
        case LOCUS_AST_STEPS: slot = &b->steps; break;
        case LOCUS_AST_CONCURRENCY: slot = &b->concurrency; break;
        case LOCUS_AST_RETRY: slot = &b->retry; break;
        case LOCUS_AST_ON_ERROR: slot = &b->on_error; break;
        case LOCUS_AST_ON_FAILURE: slot = &b->on_failure; break;
        default: break;
        }
        if (slot && !*slot)
            *slot = c;
    }
}

static wf_text buf_text(locus_arena *arena, const locus_buf *buf, int *failed)
{
    wf_text t = {locus_arena_strndup(arena, buf->data ? buf->data : "", buf->len), buf->len};
    if (!t.s)
        *failed = 1;
    return t;
}

static const char *event_verb(int event)
{
    switch (event) {
    case LOCUS_EVENT_CREATE: return "create";
    case LOCUS_EVENT_UPDATE: return "update";
    case LOCUS_EVENT_DELETE: return "delete";
    default: return "webhook";
    }
}

/* "on create(E) on webhook": the events joined by spaces. */
static int read_trigger(const locus_ast *ast, locus_node trig, locus_arena *arena, wf_workflow *w)
{
    if (!trig)
        return 0;
    locus_buf text = LOCUS_BUF_INIT;
    int rc = locus_buf_puts(&text, "");
    for (size_t i = 0; i < locus_ast_child_count(ast, trig) && rc == 0; i++) {
        locus_node ev = locus_ast_child(ast, trig, i);
        int event = locus_ast_get_int(ast, ev, LOCUS_F_EVENT, 0);
        rc = locus_buf_puts(&text, i ? " on " : "on ");
        if (rc == 0 && event == LOCUS_EVENT_WEBHOOK) {
            rc = locus_buf_puts(&text, "webhook");
            if (!w->webhook) {
                size_t len = 0;
                const char *secret = locus_ast_str(ast, locus_ast_get(ast, ev, LOCUS_F_SECRET), &len);
                w->webhook = 1;
                w->secret_ref = (wf_text){secret, len};
            }
        } else if (rc == 0) {
            const char *entity = locus_ast_str(ast, locus_ast_get(ast, ev, LOCUS_F_ENTITY), NULL);
            rc = locus_buf_printf(&text, "%s(%s)", event_verb(event), entity ? entity : "");
        }
    }
    int failed = rc != 0;
    w->trigger = buf_text(arena, &text, &failed);
    locus_buf_free(&text);
    return failed ? -1 : 0;
}

/* The last `limit` and the last `group` entry. */
static void read_concurrency(const locus_ast *ast, locus_node conc, wf_workflow *w)
{
    for (size_t i = 0; i < locus_ast_child_count(ast, conc); i++) {
        locus_node entry = locus_ast_child(ast, conc, i);
        const char *key = locus_ast_name(ast, entry, NULL);
        locus_node value = locus_ast_get(ast, entry, LOCUS_F_VALUE);
        if (key && strcmp(key, "limit") == 0) {
            w->has_limit = 1;
            w->limit = locus_ast_number(ast, value);
        } else if (key && strcmp(key, "group") == 0) {
            size_t len = 0;
            const char *group = locus_ast_str(ast, value, &len);
            w->group = (wf_text){group, len};
        }
    }
}

/* The four retry settings; a later entry overwrites an earlier one. */
enum { RETRY_MAX, RETRY_BACKOFF, RETRY_FACTOR, RETRY_DELAY, RETRY_NKEYS };
static const char *const retry_keys[RETRY_NKEYS] = {"max", "backoff", "factor", "delayMs"};

static int retry_slot(const char *key)
{
    if (!key)
        return -1;
    if (strcmp(key, "delay") == 0)
        return RETRY_DELAY;
    for (int k = 0; k < RETRY_DELAY; k++)
        if (strcmp(key, retry_keys[k]) == 0)
            return k;
    return -1; /* unknown keys do not reach the manifests */
}

/* A value as the retry string prints it: an identifier as written, a
 * number (or a duration in milliseconds) in JavaScript's form. */
static int put_retry_value(locus_buf *out, const locus_ast *ast, locus_node value)
{
    if (locus_ast_kind_of(ast, value) == LOCUS_AST_IDENT) {
        const char *word = locus_ast_str(ast, value, NULL);
        return locus_buf_puts(out, word ? word : "");
    }
    return gen_js_number(out, locus_ast_number(ast, value));
}

/* One retryConfig value: the setting as the retry string prints it. */
static int config_value(const locus_ast *ast, locus_node value, locus_arena *arena, wf_text *out)
{
    locus_buf text = LOCUS_BUF_INIT;
    int failed = put_retry_value(&text, ast, value) != 0;
    *out = buf_text(arena, &text, &failed);
    locus_buf_free(&text);
    return failed ? -1 : 0;
}

/* retryConfig, then the retry string: its pieces `key: value` joined by
 * ", " in the fixed key order (the reference derives retryConfig back
 * from that string, so both always agree). */
static int read_retry(const locus_ast *ast, locus_node retry, locus_arena *arena, wf_workflow *w)
{
    locus_node values[RETRY_NKEYS] = {0};
    for (size_t i = 0; i < locus_ast_child_count(ast, retry); i++) {
        locus_node entry = locus_ast_child(ast, retry, i);
        int slot = retry_slot(locus_ast_name(ast, entry, NULL));
        if (slot >= 0)
            values[slot] = locus_ast_get(ast, entry, LOCUS_F_VALUE);
    }
    w->has_retry = 1;
    for (int k = 0; k < RETRY_NKEYS; k++) {
        if (!values[k])
            continue;
        wf_pair *pair = &w->config[w->nconfig++];
        pair->key = retry_keys[k];
        if (config_value(ast, values[k], arena, &pair->value))
            return -1;
    }
    locus_buf text = LOCUS_BUF_INIT;
    int failed = locus_buf_puts(&text, "") != 0;
    for (size_t i = 0; i < w->nconfig && !failed; i++)
        failed = locus_buf_printf(&text, "%s%s: %.*s", i ? ", " : "", w->config[i].key,
                                  (int)w->config[i].value.len, w->config[i].value.s) != 0;
    w->retry = buf_text(arena, &text, &failed);
    locus_buf_free(&text);
    return failed ? -1 : 0;
}

/* The text between a block's braces, trimmed. */
static wf_text body_text(const locus_ast *ast, locus_node block)
{
    locus_slice body;
    if (!block || !locus_ast_get_slice(ast, block, LOCUS_F_BODY, &body))
        return (wf_text){NULL, 0};
    wf_text t = {body.text, body.length};
    gen_js_trim(&t.s, &t.len);
    return t;
}

int wf_read(const locus_ast *ast, locus_node node, locus_arena *arena, wf_workflow *out)
{
    wf_blocks blocks;
    memset(out, 0, sizeof *out);
    out->name = locus_ast_name(ast, node, NULL);
    if (!out->name)
        out->name = "";
    find_blocks(ast, node, &blocks);
    read_concurrency(ast, blocks.concurrency, out);
    out->on_error = body_text(ast, blocks.on_error);
    out->on_failure = body_text(ast, blocks.on_failure);
    if (read_trigger(ast, blocks.trigger, arena, out) ||
        (blocks.retry && read_retry(ast, blocks.retry, arena, out)))
        return -1;
    return wf_read_steps(ast, blocks.steps, arena, out);
}
