/* parse_workflow.c — `workflow` blocks (language.md §8.1, §8.2): trigger,
 * input, state, steps, on_error, on_failure, concurrency, retry.
 *
 * Raw texts (input, on_error, on_failure, a trigger without `on`) are raw
 * blocks. An empty `trigger { }` stays an error (Q-28 is
 * matched). Steps are in parse_steps.c.
 */
#include "parser.h"


static int starts_workflow_item(ll_parser *p)
{
    return ll_p_kind(p, 0) == TK_KW_STATE && ll_p_kind(p, 1) == TK_LBRACE;
}

/* `kw { raw }` */
static locus_node raw_block(ll_parser *p, locus_ast_kind kind)
{
    ll_token kw = ll_p_next(p);
    ll_open(p->b, kind, p->file, kw.off);
    if (!ll_p_braced_raw(p, NULL))
        return 0;
    return ll_close(p->b, p->lx.prev_end);
}

/* `on [:] webhook [( [k: S] )]` or `on [:] create|update|delete ( E )` */
static locus_node trigger_event(ll_parser *p)
{
    ll_token on = ll_p_next(p), a, b;
    ll_open(p->b, LOCUS_AST_TRIGGER_EVENT, p->file, on.off);
    if (ll_p_accept(p, TK_COLON, NULL))
        ll_set_flags(p->b, LOCUS_FLAG_COLON_SYNTAX);
    const ll_token *t = ll_p_peek(p, 0);
    int event = t->kind == TK_KW_WEBHOOK ? LOCUS_EVENT_WEBHOOK
                : t->kind == TK_KW_CREATE ? LOCUS_EVENT_CREATE
                : t->kind == TK_KW_UPDATE ? LOCUS_EVENT_UPDATE
                : t->kind == TK_KW_DELETE ? LOCUS_EVENT_DELETE : 0;
    if (!event) {
        ll_p_error_expected(p, t, "'webhook', 'create', 'update' or 'delete'");
        return 0;
    }
    ll_p_next(p); /* the verb */
    ll_set_int(p->b, LOCUS_F_EVENT, event);
    if (event == LOCUS_EVENT_WEBHOOK) {
        if (ll_p_accept(p, TK_LPAREN, NULL)) {
            ll_set_flags(p->b, LOCUS_FLAG_HAS_PARENS);
            if (ll_p_accept(p, TK_IDENT, &a)) {
                if (!ll_p_expect(p, TK_COLON, NULL) || !ll_p_expect_ident(p, &b))
                    return 0;
                ll_set_node(p->b, LOCUS_F_KEY, ll_p_ident(p, &a));
                ll_set_node(p->b, LOCUS_F_SECRET, ll_p_ident(p, &b));
            }
            if (!ll_p_expect(p, TK_RPAREN, NULL))
                return 0;
        }
    } else {
        ll_set_flags(p->b, LOCUS_FLAG_HAS_PARENS);
        if (!ll_p_expect(p, TK_LPAREN, NULL) || !ll_p_expect_ident(p, &a))
            return 0;
        ll_set_node(p->b, LOCUS_F_ENTITY, ll_p_ident(p, &a));
        if (!ll_p_expect(p, TK_RPAREN, NULL))
            return 0;
    }
    return ll_close(p->b, p->lx.prev_end);
}

static locus_node trigger(ll_parser *p)
{
    ll_token kw = ll_p_next(p), lb, rb;
    ll_open(p->b, LOCUS_AST_TRIGGER, p->file, kw.off);
    if (!ll_p_expect(p, TK_LBRACE, &lb))
        return 0;
    if (ll_p_kind(p, 0) != TK_KW_ON) {
        ll_raw raw;
        if (!ll_p_raw_body(p, &lb, &raw))
            return 0;
        if (raw.first == raw.last_end) {
            ll_p_fail(p, raw.close, 1, "a trigger block cannot be empty (write e.g. 'on create(Entity)')");
            return 0;
        }
        return ll_close(p->b, raw.close + 1);
    }
    uint32_t first = ll_p_peek(p, 0)->off;
    size_t mark = ll_list_begin(p->b);
    while (!p->failed && ll_p_kind(p, 0) == TK_KW_ON)
        ll_push(p->b, trigger_event(p));
    ll_list_end(p->b, LOCUS_F_CHILDREN, mark);
    uint32_t last = p->lx.prev_end;
    if (!ll_p_expect(p, TK_RBRACE, &rb))
        return 0;
    ll_set_slice(p->b, LOCUS_F_BODY, lb.off + 1, rb.off - lb.off - 1);
    ll_set_slice(p->b, LOCUS_F_CONTENT, first, last - first);
    return ll_close(p->b, rb.off + 1);
}

/* `key: value` where the value is a (maybe negative) number, identifier
 * or duration, as the key allows. */
static locus_node entry(ll_parser *p, int numbers, int idents, int durations)
{
    ll_token key = ll_p_next(p), minus;
    ll_open(p->b, LOCUS_AST_ENTRY, p->file, key.off);
    ll_set_node(p->b, LOCUS_F_NAME, ll_p_ident(p, &key));
    if (!ll_p_expect(p, TK_COLON, NULL))
        return 0;
    const ll_token *t = ll_p_peek(p, 0);
    locus_node v = 0;
    if (durations && t->kind == TK_DURATION) {
        ll_token tok = ll_p_next(p);
        v = ll_p_literal(p, &tok);
    } else if (idents && t->kind == TK_IDENT) {
        ll_token tok = ll_p_next(p);
        v = ll_p_ident(p, &tok);
    } else if (numbers == 2 && t->kind == TK_MINUS && ll_p_kind(p, 1) == TK_NUMBER) {
        minus = ll_p_next(p);
        ll_token num = ll_p_next(p);
        v = ll_p_number(p, &num, 1, minus.off);
    } else if (numbers && t->kind == TK_NUMBER) {
        ll_token num = ll_p_next(p);
        v = ll_p_number(p, &num, 0, 0);
    } else {
        ll_p_error_expected(p, t, numbers && idents ? "a number or a name"
                                  : numbers         ? "a number"
                                                    : "a name");
        return 0;
    }
    ll_set_node(p->b, LOCUS_F_VALUE, v);
    return ll_close(p->b, p->lx.prev_end);
}

/* `concurrency { (limit: N | group: G) [,] … }`, at least one entry. */
static locus_node concurrency(ll_parser *p)
{
    ll_token kw = ll_p_next(p), rb;
    ll_open(p->b, LOCUS_AST_CONCURRENCY, p->file, kw.off);
    if (!ll_p_expect(p, TK_LBRACE, NULL))
        return 0;
    size_t mark = ll_list_begin(p->b);
    do {
        ll_tok k = ll_p_kind(p, 0);
        if (k != TK_KW_LIMIT && k != TK_KW_GROUP) {
            ll_p_error_expected(p, ll_p_peek(p, 0), "'limit' or 'group'");
            return 0;
        }
        ll_push(p->b, entry(p, k == TK_KW_LIMIT, k == TK_KW_GROUP, 0));
        ll_p_accept(p, TK_COMMA, NULL);
    } while (!p->failed && (ll_p_kind(p, 0) == TK_KW_LIMIT || ll_p_kind(p, 0) == TK_KW_GROUP));
    ll_list_end(p->b, LOCUS_F_CHILDREN, mark);
    if (!ll_p_expect(p, TK_RBRACE, &rb))
        return 0;
    return ll_close(p->b, rb.off + 1);
}

/* `retry { max: N, backoff: B, factor: F, delay: D, other: V … }` */
static locus_node retry(ll_parser *p)
{
    ll_token kw = ll_p_next(p), rb;
    ll_open(p->b, LOCUS_AST_RETRY, p->file, kw.off);
    if (!ll_p_expect(p, TK_LBRACE, NULL))
        return 0;
    size_t mark = ll_list_begin(p->b);
    for (;;) {
        ll_tok k = ll_p_kind(p, 0);
        if (p->failed)
            break;
        if (k == TK_KW_MAX || k == TK_KW_FACTOR)
            ll_push(p->b, entry(p, 2, 0, 0));
        else if (k == TK_KW_BACKOFF)
            ll_push(p->b, entry(p, 0, 1, 0));
        else if (k == TK_KW_DELAY)
            ll_push(p->b, entry(p, 2, 0, 1));
        else if (k == TK_IDENT)
            ll_push(p->b, entry(p, 2, 1, 0));
        else
            break;
        ll_p_accept(p, TK_COMMA, NULL);
    }
    ll_list_end(p->b, LOCUS_F_CHILDREN, mark);
    if (!ll_p_expect(p, TK_RBRACE, &rb))
        return 0;
    return ll_close(p->b, rb.off + 1);
}

static locus_node item(ll_parser *p, int *more)
{
    *more = 1;
    switch (ll_p_kind(p, 0)) {
    case TK_KW_TRIGGER: return trigger(p);
    case TK_KW_INPUT: return raw_block(p, LOCUS_AST_INPUT);
    case TK_KW_STATE: return ll_parse_state_block(p);
    case TK_KW_STEPS: return ll_parse_steps_block(p);
    case TK_KW_ON_ERROR: return raw_block(p, LOCUS_AST_ON_ERROR);
    case TK_KW_ON_FAILURE: return raw_block(p, LOCUS_AST_ON_FAILURE);
    case TK_KW_CONCURRENCY: return concurrency(p);
    case TK_KW_RETRY: return retry(p);
    default:
        if (ll_tok_raw_safe(ll_p_kind(p, 0)))
            return ll_parse_fallback_raw(p, starts_workflow_item);
        *more = 0;
        return 0;
    }
}

locus_node ll_parse_workflow(ll_parser *p)
{
    ll_token kw = ll_p_next(p), name, rb;
    ll_open(p->b, LOCUS_AST_WORKFLOW, p->file, kw.off);
    if (!ll_p_expect_ident(p, &name))
        return 0;
    ll_set_node(p->b, LOCUS_F_NAME, ll_p_ident(p, &name));
    if (!ll_p_expect(p, TK_LBRACE, NULL))
        return 0;
    size_t mark = ll_list_begin(p->b);
    int more = 1;
    while (!p->failed && more) {
        locus_node n = item(p, &more);
        if (more)
            ll_push(p->b, n);
    }
    ll_list_end(p->b, LOCUS_F_CHILDREN, mark);
    if (!ll_p_expect(p, TK_RBRACE, &rb))
        return 0;
    return ll_close(p->b, rb.off + 1);
}
