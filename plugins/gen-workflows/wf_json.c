/* wf_json.c — workflow manifests v1 and v2 (outputs.md §11.2, §11.3).
 *
 * Member order and null rules follow the reference: in v1 `trigger` and
 * `concurrency` are always null and empty texts become null; v2 renders
 * triggers and concurrency, sorts retryConfig's keys and gives every step
 * its id. Q-29 FIX: parallel and db_tx steps carry `stepCount` (the
 * statements of their body), queue_publish steps their `body`.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "genutil.h"
#include "wf_json.h"

static void put_text(gen_json *json, wf_text text)
{
    gen_json_strn(json, text.s ? text.s : "", text.s ? text.len : 0);
}

/* The text, or null when it is absent or empty (JavaScript `x || null`). */
static void put_text_or_null(gen_json *json, wf_text text)
{
    if (text.s && text.len)
        gen_json_strn(json, text.s, text.len);
    else
        gen_json_null(json);
}

static void put_args(gen_json *json, const wf_step *step)
{
    gen_json_key(json, "args");
    gen_json_begin_array(json);
    for (size_t i = 0; i < step->nargs; i++)
        put_text(json, step->args[i]);
    gen_json_end_array(json);
}

static void put_counts(gen_json *json, const wf_step *step)
{
    gen_json_key(json, "thenCount");
    gen_json_num(json, (double)step->then_count);
    gen_json_key(json, "elseCount");
    gen_json_num(json, (double)step->else_count);
}

/* Members of the Q-29 kinds, the same in both versions. */
static void put_structured(gen_json *json, const wf_step *step)
{
    if (step->kind == WF_PARALLEL || step->kind == WF_DB_TX) {
        gen_json_key(json, "stepCount");
        gen_json_num(json, (double)step->step_count);
    } else if (step->kind == WF_QUEUE_PUBLISH) {
        gen_json_key(json, "body");
        put_text(json, step->body);
    }
}

static void put_email(gen_json *json, const wf_step *step)
{
    gen_json_key(json, "email");
    gen_json_begin_object(json);
    gen_json_key(json, "to");
    put_text_or_null(json, step->to);
    gen_json_key(json, "subject");
    put_text_or_null(json, step->subject);
    gen_json_key(json, "template");
    put_text_or_null(json, step->template_name);
    gen_json_end_object(json);
}

static void put_step_head(gen_json *json, size_t index, const wf_step *step, int with_id)
{
    char id[24];
    gen_json_begin_object(json);
    gen_json_key(json, "index");
    gen_json_num(json, (double)index);
    if (with_id) {
        snprintf(id, sizeof id, "s%u", step->id);
        gen_json_key(json, "id");
        gen_json_str(json, id);
    }
    gen_json_key(json, "kind");
    gen_json_str(json, wf_kind_name(step->kind));
    gen_json_key(json, "raw");
    put_text(json, step->raw);
}

static void put_step_v1(gen_json *json, size_t index, const wf_step *step)
{
    put_step_head(json, index, step, 0);
    if (step->kind == WF_RUN) {
        gen_json_key(json, "action");
        put_text(json, step->action);
        put_args(json, step);
    } else if (step->kind == WF_FOR_EACH) {
        gen_json_key(json, "loopVar");
        put_text(json, step->loop_var);
        if (step->iter.len) {
            gen_json_key(json, "iter");
            put_text(json, step->iter);
        }
    } else if (step->kind == WF_BRANCH) {
        if (step->condition.len) {
            gen_json_key(json, "condition");
            put_text(json, step->condition);
        }
        put_counts(json, step);
    }
    put_structured(json, step);
    gen_json_end_object(json);
}

static void put_step_v2(gen_json *json, size_t index, const wf_step *step)
{
    put_step_head(json, index, step, 1);
    if (step->kind == WF_RUN) {
        gen_json_key(json, "action");
        put_text(json, step->action);
        put_args(json, step);
    } else if (step->kind == WF_FOR_EACH) {
        gen_json_key(json, "loopVar");
        put_text(json, step->loop_var);
        gen_json_key(json, "iterRaw");
        put_text(json, step->iter);
    } else if (step->kind == WF_BRANCH) {
        if (step->condition.s) {
            gen_json_key(json, "condition");
            put_text(json, step->condition);
        }
        put_counts(json, step);
    } else if (step->kind == WF_SEND_EMAIL) {
        put_email(json, step);
    }
    put_structured(json, step);
    gen_json_end_object(json);
}

static void put_steps(gen_json *json, const wf_workflow *w,
                      void (*put_step)(gen_json *, size_t, const wf_step *))
{
    gen_json_key(json, "steps");
    gen_json_begin_array(json);
    for (size_t i = 0; i < w->nsteps; i++)
        put_step(json, i, &w->steps[i]);
    gen_json_end_array(json);
}

static int pair_cmp(const void *a, const void *b)
{
    return gen_codeunit_cmp(((const wf_pair *)a)->key, ((const wf_pair *)b)->key);
}

/* retryConfig: null without a retry block; keys in retry-string order, or
 * (v2) in code-unit order. */
static void put_retry_config(gen_json *json, const wf_workflow *w, int sorted)
{
    gen_json_key(json, "retryConfig");
    if (!w->has_retry) {
        gen_json_null(json);
        return;
    }
    wf_pair pairs[4];
    memcpy(pairs, w->config, w->nconfig * sizeof *pairs);
    if (sorted)
        qsort(pairs, w->nconfig, sizeof *pairs, pair_cmp);
    gen_json_begin_object(json);
    for (size_t i = 0; i < w->nconfig; i++) {
        gen_json_key(json, pairs[i].key);
        put_text(json, pairs[i].value);
    }
    gen_json_end_object(json);
}

static int finish(gen_json *json, locus_buf *out)
{
    gen_json_end_object(json);
    return gen_json_finish(json) || locus_buf_putc(out, '\n') ? -1 : 0;
}

int wf_json_v1(const wf_workflow *w, locus_buf *out)
{
    gen_json json;
    gen_json_init(&json, out);
    gen_json_begin_object(&json);
    gen_json_key(&json, "name");
    gen_json_str(&json, w->name);
    gen_json_key(&json, "trigger");
    gen_json_null(&json);
    put_steps(&json, w, put_step_v1);
    gen_json_key(&json, "concurrency");
    gen_json_null(&json);
    gen_json_key(&json, "retry");
    put_text_or_null(&json, w->retry);
    put_retry_config(&json, w, 0);
    gen_json_key(&json, "onError");
    put_text_or_null(&json, w->on_error);
    gen_json_key(&json, "version");
    gen_json_num(&json, 1);
    return finish(&json, out);
}

static void put_trigger_meta(gen_json *json, const wf_workflow *w)
{
    gen_json_key(json, "triggerMeta");
    if (!w->webhook) {
        gen_json_null(json);
        return;
    }
    gen_json_begin_object(json);
    gen_json_key(json, "type");
    gen_json_str(json, "webhook");
    if (w->secret_ref.s) {
        gen_json_key(json, "secretRef");
        put_text(json, w->secret_ref);
    }
    gen_json_end_object(json);
}

/* `limit: N` or `limit: N group: G`; null without a limit. */
static void put_concurrency(gen_json *json, const wf_workflow *w)
{
    gen_json_key(json, "concurrency");
    if (!w->has_limit) {
        gen_json_null(json);
        return;
    }
    locus_buf text = LOCUS_BUF_INIT;
    int rc = locus_buf_puts(&text, "limit: ") || gen_js_number(&text, w->limit);
    if (rc == 0 && w->group.len)
        rc = locus_buf_printf(&text, " group: %.*s", (int)w->group.len, w->group.s);
    if (rc)
        json->failed = 1;
    else
        gen_json_strn(json, text.data, text.len);
    locus_buf_free(&text);
}

int wf_json_v2(const wf_workflow *w, locus_buf *out)
{
    gen_json json;
    gen_json_init(&json, out);
    gen_json_begin_object(&json);
    gen_json_key(&json, "name");
    gen_json_str(&json, w->name);
    gen_json_key(&json, "trigger");
    if (w->trigger.s)
        put_text(&json, w->trigger);
    else
        gen_json_null(&json);
    put_trigger_meta(&json, w);
    put_steps(&json, w, put_step_v2);
    put_concurrency(&json, w);
    gen_json_key(&json, "retry");
    if (w->has_retry)
        put_text(&json, w->retry);
    else
        gen_json_null(&json);
    put_retry_config(&json, w, 1);
    gen_json_key(&json, "onError");
    put_text_or_null(&json, w->on_error);
    gen_json_key(&json, "onFailure");
    put_text_or_null(&json, w->on_failure);
    gen_json_key(&json, "version");
    gen_json_num(&json, 2);
    return finish(&json, out);
}
