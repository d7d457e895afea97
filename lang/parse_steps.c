/* parse_steps.c — workflow steps (language.md §8.1, §8.3): run, branch,
 * forEach, delay, http_request, send_email, parallel, queue_publish,
 * db_tx, each optionally bound with `const x =`.
 *
 * Decisions: parallel/queue_publish/db_tx are structured steps;
 * a branch condition is any text up to its `steps { }` / `else { }`
 * blocks, which it no longer swallows; `delay { 5s }` and the
 * like are raw blocks (D-13). send_email bodies made of `key: value`
 * entries get ENTRY children with exact key names.
 */
#include <string.h>

#include "parser.h"

static locus_node step(ll_parser *p);

static locus_ast_kind step_kind(ll_tok k)
{
    switch (k) {
    case TK_KW_RUN: return LOCUS_AST_STEP_RUN;
    case TK_KW_BRANCH: return LOCUS_AST_STEP_BRANCH;
    case TK_KW_FOREACH: return LOCUS_AST_STEP_FOR_EACH;
    case TK_KW_DELAY: return LOCUS_AST_STEP_DELAY;
    case TK_KW_HTTP_REQUEST: return LOCUS_AST_STEP_HTTP_REQUEST;
    case TK_KW_SEND_EMAIL: return LOCUS_AST_STEP_SEND_EMAIL;
    case TK_KW_PARALLEL: return LOCUS_AST_STEP_PARALLEL;
    case TK_KW_QUEUE_PUBLISH: return LOCUS_AST_STEP_QUEUE_PUBLISH;
    case TK_KW_DB_TX: return LOCUS_AST_STEP_DB_TX;
    default: return LOCUS_AST_NONE;
    }
}

static int starts_step(ll_parser *p)
{
    ll_tok k = ll_p_kind(p, 0);
    return k == TK_KW_CONST || step_kind(k) != LOCUS_AST_NONE;
}

/* `{ step* }` into the open node's CHILDREN. */
static int step_list(ll_parser *p)
{
    ll_token lb, rb;
    if (!ll_p_expect(p, TK_LBRACE, &lb) || !ll_p_enter(p, lb.off))
        return 0;
    size_t mark = ll_list_begin(p->b);
    while (!p->failed && starts_step(p))
        ll_push(p->b, step(p));
    ll_list_end(p->b, LOCUS_F_CHILDREN, mark);
    ll_p_leave(p);
    return ll_p_expect(p, TK_RBRACE, &rb);
}

/* IDENT { . IDENT } | STRING | NUMBER */
static locus_node arg_expr(ll_parser *p)
{
    const ll_token *t = ll_p_peek(p, 0);
    if (t->kind == TK_STRING || t->kind == TK_NUMBER) {
        ll_token tok = ll_p_next(p);
        return ll_p_literal(p, &tok);
    }
    ll_token id;
    if (!ll_p_expect_ident(p, &id))
        return 0;
    locus_node cur = ll_p_ident(p, &id);
    unsigned depth = 0;
    while (!p->failed && ll_p_accept(p, TK_DOT, NULL)) {
        ll_token prop;
        if (!ll_p_expect_ident(p, &prop) || !ll_p_enter(p, prop.off))
            return 0;
        depth++;
        ll_open(p->b, LOCUS_AST_MEMBER, p->file, id.off);
        ll_set_node(p->b, LOCUS_F_OBJECT, cur);
        ll_set_node(p->b, LOCUS_F_PROPERTY, ll_p_ident(p, &prop));
        cur = ll_close(p->b, prop.off + prop.len);
    }
    while (depth--)
        ll_p_leave(p);
    return cur;
}

/* RunArg = IDENT ( ':' ArgExpr | { '.' IDENT } ) */
static locus_node run_arg(ll_parser *p)
{
    if (ll_p_kind(p, 0) == TK_IDENT && ll_p_kind(p, 1) == TK_COLON) {
        ll_token name = ll_p_next(p);
        ll_p_next(p);
        ll_open(p->b, LOCUS_AST_ENTRY, p->file, name.off);
        ll_set_node(p->b, LOCUS_F_NAME, ll_p_ident(p, &name));
        ll_set_node(p->b, LOCUS_F_VALUE, arg_expr(p));
        return ll_close(p->b, p->lx.prev_end);
    }
    return arg_expr(p);
}

static int run_step(ll_parser *p)
{
    ll_token action, lp, rp;
    if (!ll_p_expect_ident(p, &action))
        return 0;
    ll_set_node(p->b, LOCUS_F_ACTION, ll_p_ident(p, &action));
    if (!ll_p_accept(p, TK_LPAREN, &lp))
        return 1;
    ll_set_flags(p->b, LOCUS_FLAG_HAS_PARENS);
    size_t mark = ll_list_begin(p->b);
    if (ll_p_kind(p, 0) == TK_IDENT) {
        do
            ll_push(p->b, run_arg(p));
        while (!p->failed && ll_p_accept(p, TK_COMMA, NULL));
    }
    ll_list_end(p->b, LOCUS_F_ARGS, mark);
    if (!ll_p_expect(p, TK_RPAREN, &rp))
        return 0;
    ll_set_slice(p->b, LOCUS_F_ARGS_RAW, lp.off + 1, rp.off - lp.off - 1);
    return 1;
}

static int is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

/* The condition text of a branch: after `condition:` if present, trimmed,
 * without an enclosing `{ }` (language.md §8.3). */
static void condition(ll_parser *p, uint32_t from, uint32_t to)
{
    const char *t = p->src.text;
    const char *hit = memmem(t + from, to - from, "condition:", 10);
    if (hit)
        from = (uint32_t)(hit - t) + 10;
    while (from < to && is_space((unsigned char)t[from]))
        from++;
    while (to > from && is_space((unsigned char)t[to - 1]))
        to--;
    if (to - from >= 2 && t[from] == '{' && t[to - 1] == '}')
        from++, to--;
    ll_set_node(p->b, LOCUS_F_COND, ll_parse_expr_text(p, from, to));
}

static int branch_step(ll_parser *p)
{
    static const char *const stops[] = {"steps", "else", NULL};
    ll_token lb, rb;
    ll_raw raw;
    if (!ll_p_expect(p, TK_LBRACE, &lb))
        return 0;
    if (ll_raw_until(&p->src, lb.off, lb.off + 1, stops, &raw, p->diag)) {
        p->failed = 1;
        return 0;
    }
    ll_lex_seek(&p->lx, raw.close);
    if (raw.first < raw.last_end) {
        ll_set_slice(p->b, LOCUS_F_COND_RAW, raw.first, raw.last_end - raw.first);
        condition(p, raw.first, raw.last_end);
    }
    size_t mark = ll_list_begin(p->b);
    for (;;) {
        ll_tok k = ll_p_kind(p, 0);
        if (p->failed || (k != TK_KW_STEPS && k != TK_KW_ELSE))
            break;
        ll_token kw = ll_p_next(p);
        ll_open(p->b, k == TK_KW_STEPS ? LOCUS_AST_STEPS : LOCUS_AST_BRANCH_ELSE, p->file, kw.off);
        if (!step_list(p))
            return 0;
        ll_push(p->b, ll_close(p->b, p->lx.prev_end));
    }
    ll_list_end(p->b, LOCUS_F_CHILDREN, mark);
    return ll_p_expect(p, TK_RBRACE, &rb);
}

static int for_each_step(ll_parser *p)
{
    ll_token item;
    if (!ll_p_expect_ident(p, &item) || !ll_p_expect(p, TK_KW_IN, NULL))
        return 0;
    ll_set_node(p->b, LOCUS_F_ITEM, ll_p_ident(p, &item));
    ll_set_node(p->b, LOCUS_F_ITERABLE, arg_expr(p));
    return !p->failed && step_list(p);
}

/* `key: value` entries of a send_email body, when it is only that. */
static void email_entries(ll_parser *p, const ll_raw *raw)
{
    ll_source sub = p->src;
    ll_lexer lx;
    sub.len = raw->last_end;
    ll_lex_init(&lx, &sub);
    ll_lex_seek(&lx, raw->first);
    size_t mark = ll_list_begin(p->b);
    for (;;) {
        ll_token key = ll_next(&lx), colon, v;
        if (key.kind == TK_EOF)
            break;
        colon = ll_next(&lx);
        v = ll_next(&lx);
        int value_ok = v.kind == TK_STRING || v.kind == TK_IDENT || v.kind == TK_NUMBER;
        if (!ll_tok_is_word(key.kind) || colon.kind != TK_COLON || !value_ok)
            goto not_entries;
        ll_token first_value = v;
        while (ll_peek(&lx, 0)->kind == TK_DOT && ll_peek(&lx, 1)->kind == TK_IDENT)
            ll_next(&lx), v = ll_next(&lx);
        locus_node name = ll_ident(p->b, p->file, key.off, key.len, p->src.text + key.off, key.len);
        locus_node value = v.off == first_value.off
                               ? ll_p_literal(p, &v)
                               : ll_leaf(p->b, LOCUS_AST_RAW, p->file, first_value.off,
                                         lx.prev_end - first_value.off, NULL, 0);
        ll_open(p->b, LOCUS_AST_ENTRY, p->file, key.off);
        ll_set_node(p->b, LOCUS_F_NAME, name);
        ll_set_node(p->b, LOCUS_F_VALUE, value);
        ll_push(p->b, ll_close(p->b, lx.prev_end));
        if (ll_peek(&lx, 0)->kind == TK_COMMA)
            ll_next(&lx);
    }
    ll_list_end(p->b, LOCUS_F_CHILDREN, mark);
    return;
not_entries:
    ll_list_drop(p->b, mark);
}

/* `kw [name] { raw }` steps */
static int raw_step(ll_parser *p, locus_ast_kind kind)
{
    ll_raw raw;
    ll_token name;
    if (kind == LOCUS_AST_STEP_HTTP_REQUEST && ll_p_accept(p, TK_IDENT, &name))
        ll_set_node(p->b, LOCUS_F_NAME, ll_p_ident(p, &name));
    if (!ll_p_braced_raw(p, &raw))
        return 0;
    if (kind == LOCUS_AST_STEP_SEND_EMAIL)
        email_entries(p, &raw);
    return 1;
}

static int step_body(ll_parser *p, locus_ast_kind kind)
{
    switch (kind) {
    case LOCUS_AST_STEP_RUN: return run_step(p);
    case LOCUS_AST_STEP_BRANCH: return branch_step(p);
    case LOCUS_AST_STEP_FOR_EACH: return for_each_step(p);
    case LOCUS_AST_STEP_PARALLEL:
    case LOCUS_AST_STEP_DB_TX: return step_list(p);
    default: return raw_step(p, kind);
    }
}

static locus_node step(ll_parser *p)
{
    locus_node binding = 0;
    ll_token cnst = {TK_EOF, 0, 0, NULL, 0}, name, eq;
    if (ll_p_accept(p, TK_KW_CONST, &cnst)) {
        if (!ll_p_expect_ident(p, &name) || !ll_p_expect(p, TK_EQUALS, &eq))
            return 0;
        binding = ll_p_ident(p, &name);
    }
    const ll_token *t = ll_p_peek(p, 0);
    locus_ast_kind kind = step_kind(t->kind);
    if (kind == LOCUS_AST_NONE) {
        ll_p_error_expected(p, t, "a step (run, branch, forEach, delay, ...)");
        return 0;
    }
    ll_token kw = ll_p_next(p);
    ll_open(p->b, kind, p->file, kw.off);
    if (binding) {
        ll_set_node(p->b, LOCUS_F_BINDING, binding);
        ll_set_slice(p->b, LOCUS_F_BINDING_RAW, cnst.off, eq.off + 1 - cnst.off);
    }
    if (!step_body(p, kind))
        return 0;
    return ll_close(p->b, p->lx.prev_end);
}

locus_node ll_parse_steps_block(ll_parser *p)
{
    ll_token kw = ll_p_next(p);
    ll_open(p->b, LOCUS_AST_STEPS, p->file, kw.off);
    if (!step_list(p))
        return 0;
    return ll_close(p->b, p->lx.prev_end);
}
