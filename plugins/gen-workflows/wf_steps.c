/* wf_steps.c — the top-level steps of a workflow as the manifests list
 * them (outputs.md §11.1, language.md §8.3).
 *
 * Ids are numbered in post-order over every nested step: a step's nested
 * steps (branch bodies in source order, forEach bodies, and — Q-29 FIX —
 * parallel and db_tx bodies) get their ids before it does. A step's `raw`
 * is `const x =` for a bound step, else "", except that an
 * http_request's raw is its body.
 */
#include <string.h>

#include "jstext.h"
#include "wf_model.h"

const char *wf_kind_name(wf_kind kind)
{
    static const char *const names[] = {"run",   "branch",       "for_each",
                                        "delay", "http_request", "send_email",
                                        "parallel", "queue_publish", "db_tx"};
    return names[kind];
}

static int step_kind(locus_ast_kind kind, wf_kind *out)
{
    switch (kind) {
    case LOCUS_AST_STEP_RUN: *out = WF_RUN; return 1;
    case LOCUS_AST_STEP_BRANCH: *out = WF_BRANCH; return 1;
    case LOCUS_AST_STEP_FOR_EACH: *out = WF_FOR_EACH; return 1;
    case LOCUS_AST_STEP_DELAY: *out = WF_DELAY; return 1;
    case LOCUS_AST_STEP_HTTP_REQUEST: *out = WF_HTTP_REQUEST; return 1;
    case LOCUS_AST_STEP_SEND_EMAIL: *out = WF_SEND_EMAIL; return 1;
    case LOCUS_AST_STEP_PARALLEL: *out = WF_PARALLEL; return 1;
    case LOCUS_AST_STEP_QUEUE_PUBLISH: *out = WF_QUEUE_PUBLISH; return 1;
    case LOCUS_AST_STEP_DB_TX: *out = WF_DB_TX; return 1;
    default: return 0;
    }
}

static int is_step(const locus_ast *ast, locus_node node)
{
    wf_kind kind;
    return step_kind(locus_ast_kind_of(ast, node), &kind);
}

static unsigned nested_ids(const locus_ast *ast, locus_node step);

/* Ids used by the steps listed as children of block (and their nests). */
static unsigned block_ids(const locus_ast *ast, locus_node block)
{
    unsigned n = 0;
    for (size_t i = 0; i < locus_ast_child_count(ast, block); i++) {
        locus_node child = locus_ast_child(ast, block, i);
        if (is_step(ast, child))
            n += nested_ids(ast, child) + 1;
    }
    return n;
}

/* Ids used inside step (not counting its own). The AST is at most
 * LOCUS_AST_MAX_DEPTH deep, so the recursion is bounded. */
static unsigned nested_ids(const locus_ast *ast, locus_node step)
{
    switch (locus_ast_kind_of(ast, step)) {
    case LOCUS_AST_STEP_BRANCH: {
        unsigned n = 0;
        for (size_t i = 0; i < locus_ast_child_count(ast, step); i++)
            n += block_ids(ast, locus_ast_child(ast, step, i));
        return n;
    }
    case LOCUS_AST_STEP_FOR_EACH:
    case LOCUS_AST_STEP_PARALLEL:
    case LOCUS_AST_STEP_DB_TX: return block_ids(ast, step);
    default: return 0;
    }
}

static size_t count_steps(const locus_ast *ast, locus_node block)
{
    size_t n = 0;
    for (size_t i = 0; i < locus_ast_child_count(ast, block); i++)
        n += is_step(ast, locus_ast_child(ast, block, i));
    return n;
}

static wf_text slice_text(const locus_ast *ast, locus_node node, locus_ast_field field)
{
    locus_slice slice;
    if (!locus_ast_get_slice(ast, node, field, &slice))
        return (wf_text){NULL, 0};
    wf_text t = {slice.text, slice.length};
    gen_js_trim(&t.s, &t.len);
    return t;
}

static wf_text str_text(const locus_ast *ast, locus_node node)
{
    size_t len = 0;
    const char *s = locus_ast_str(ast, node, &len);
    return (wf_text){s, len};
}

/* `run a(x, f(y, z))` → ["x", "f(y, z)"]: the text between the
 * parentheses split at commas outside nested parentheses (quotes are not
 * respected), pieces trimmed; a blank last piece is dropped. */
static int split_args(wf_text inner, locus_arena *arena, wf_step *step)
{
    step->nargs = 0;
    if (!inner.s || inner.len == 0)
        return 0;
    size_t commas = 0;
    for (size_t i = 0; i < inner.len; i++)
        commas += inner.s[i] == ',';
    step->args = locus_arena_alloc(arena, (commas + 1) * sizeof *step->args);
    if (!step->args)
        return -1;
    size_t depth = 0, start = 0;
    for (size_t i = 0; i <= inner.len; i++) {
        char c = i < inner.len ? inner.s[i] : ',';
        if (c == '(')
            depth++;
        else if (c == ')' && depth)
            depth--;
        if (c != ',' || (depth && i < inner.len))
            continue;
        wf_text piece = {inner.s + start, i - start};
        gen_js_trim(&piece.s, &piece.len);
        if (i < inner.len || piece.len)
            step->args[step->nargs++] = piece;
        start = i + 1;
    }
    return 0;
}

/* The branch condition (language.md §8.3): the leading text, trimmed;
 * only what follows the first `condition:`, trimmed; one enclosing pair
 * of braces removed and the rest trimmed again. */
static wf_text branch_condition(wf_text raw)
{
    if (!raw.s)
        return raw;
    const char *hit = memmem(raw.s, raw.len, "condition:", 10);
    if (hit) {
        raw.len -= (size_t)(hit + 10 - raw.s);
        raw.s = hit + 10;
        gen_js_trim(&raw.s, &raw.len);
    }
    if (raw.len >= 2 && raw.s[0] == '{' && raw.s[raw.len - 1] == '}') {
        raw.s++;
        raw.len -= 2;
        gen_js_trim(&raw.s, &raw.len);
    }
    return raw;
}

/* then: the last steps block with a step; else: the last else block. */
static void branch_counts(const locus_ast *ast, locus_node branch, wf_step *step)
{
    for (size_t i = 0; i < locus_ast_child_count(ast, branch); i++) {
        locus_node block = locus_ast_child(ast, branch, i);
        size_t n = count_steps(ast, block);
        locus_ast_kind kind = locus_ast_kind_of(ast, block);
        if (kind == LOCUS_AST_BRANCH_ELSE)
            step->else_count = n;
        else if (kind == LOCUS_AST_STEPS && n)
            step->then_count = n;
    }
}

static int read_step(const locus_ast *ast, locus_node node, locus_arena *arena, wf_step *step)
{
    step->raw = slice_text(ast, node, LOCUS_F_BINDING_RAW);
    switch (step->kind) {
    case WF_RUN:
        step->action = str_text(ast, locus_ast_get(ast, node, LOCUS_F_ACTION));
        return split_args(slice_text(ast, node, LOCUS_F_ARGS_RAW), arena, step);
    case WF_BRANCH:
        step->condition = branch_condition(slice_text(ast, node, LOCUS_F_COND_RAW));
        branch_counts(ast, node, step);
        return 0;
    case WF_FOR_EACH: {
        step->loop_var = str_text(ast, locus_ast_get(ast, node, LOCUS_F_ITEM));
        locus_node iter = locus_ast_get(ast, node, LOCUS_F_ITERABLE);
        step->iter.s = locus_ast_text(ast, iter, &step->iter.len);
        gen_js_trim(&step->iter.s, &step->iter.len);
        return 0;
    }
    case WF_HTTP_REQUEST: step->raw = slice_text(ast, node, LOCUS_F_BODY); return 0;
    case WF_SEND_EMAIL: {
        wf_text body = slice_text(ast, node, LOCUS_F_BODY);
        wf_email_fields(ast, node, body, step);
        return 0;
    }
    case WF_PARALLEL:
    case WF_DB_TX: step->step_count = count_steps(ast, node); return 0;
    case WF_QUEUE_PUBLISH: step->body = slice_text(ast, node, LOCUS_F_BODY); return 0;
    default: return 0;
    }
}

int wf_read_steps(const locus_ast *ast, locus_node steps, locus_arena *arena, wf_workflow *out)
{
    size_t n = count_steps(ast, steps);
    out->nsteps = 0;
    out->steps = locus_arena_zalloc(arena, (n ? n : 1) * sizeof *out->steps);
    if (!out->steps)
        return -1;
    unsigned next_id = 0;
    for (size_t i = 0; i < locus_ast_child_count(ast, steps); i++) {
        locus_node node = locus_ast_child(ast, steps, i);
        wf_step *step = &out->steps[out->nsteps];
        if (!step_kind(locus_ast_kind_of(ast, node), &step->kind))
            continue;
        next_id += nested_ids(ast, node);
        step->id = next_id++;
        if (read_step(ast, node, arena, step))
            return -1;
        out->nsteps++;
    }
    return 0;
}
