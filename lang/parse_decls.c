/* parse_decls.c — declarations shared by pages, components, stores and
 * workflows: state blocks, type names, actions, component params
 * (language.md §6.1).
 *
 * Decisions: declared types are kept as written; action parameters
 * are recorded; a state initialiser may be negative, use `!`
 * or be parenthesised — such initialisers are RAW nodes
 * whose text is the default.
 */
#include "parser.h"

static int type_name_token(ll_tok k)
{
    switch (k) {
    case TK_IDENT:
    case TK_KW_STRING:
    case TK_KW_TEXT:
    case TK_KW_INTEGER:
    case TK_KW_DECIMAL:
    case TK_KW_BOOLEAN:
    case TK_KW_DATETIME:
    case TK_KW_JSON:
        return 1;
    default:
        return 0;
    }
}

/* TypeName, or `list of TypeName` when allowed, then `?`. */
locus_node ll_parse_type_name(ll_parser *p, int allow_list)
{
    const ll_token *t = ll_p_peek(p, 0);
    ll_open(p->b, LOCUS_AST_TYPE, p->file, t->off);
    if (allow_list && t->kind == TK_KW_LIST) {
        ll_p_next(p);
        if (!ll_p_expect(p, TK_KW_OF, NULL))
            return 0;
        ll_set_flags(p->b, LOCUS_FLAG_LIST | LOCUS_FLAG_LIST_OF);
        t = ll_p_peek(p, 0);
    }
    if (!type_name_token(t->kind)) {
        ll_p_error_expected(p, t, "a type name");
        return 0;
    }
    ll_token name = ll_p_next(p);
    ll_set_node(p->b, LOCUS_F_NAME, ll_p_ident(p, &name));
    if (name.sub) {
        const char *s = p->src.text + name.off;
        ll_set_node(p->b, LOCUS_F_ALIAS, ll_ident(p->b, p->file, name.off, name.len, s, name.len));
    }
    if (ll_p_accept(p, TK_QUESTION, NULL))
        ll_set_flags(p->b, LOCUS_FLAG_OPTIONAL);
    return ll_close(p->b, p->lx.prev_end);
}

/* `( … )` with balanced parentheses, any tokens inside. */
static int skip_parens(ll_parser *p)
{
    unsigned depth = 0;
    for (;;) {
        const ll_token *t = ll_p_peek(p, 0);
        if (t->kind == TK_EOF || t->kind == TK_ERROR) {
            ll_p_error_expected(p, t, "')'");
            return 0;
        }
        ll_p_next(p);
        if (t->kind == TK_LPAREN)
            depth++;
        else if (t->kind == TK_RPAREN && --depth == 0)
            return 1;
    }
}

static locus_node state_init(ll_parser *p)
{
    const ll_token *t = ll_p_peek(p, 0);
    uint32_t start = t->off;
    switch (t->kind) {
    case TK_STRING:
    case TK_NUMBER:
    case TK_IDENT: {
        ll_token tok = ll_p_next(p);
        return ll_p_literal(p, &tok);
    }
    case TK_LBRACKET: {
        ll_token lb = ll_p_next(p), rb;
        if (!ll_p_expect(p, TK_RBRACKET, &rb))
            return 0;
        ll_open(p->b, LOCUS_AST_ARRAY, p->file, lb.off);
        return ll_close(p->b, rb.off + 1);
    }
    case TK_MINUS:
        if (ll_p_kind(p, 1) == TK_NUMBER) {
            ll_token minus = ll_p_next(p), num = ll_p_next(p);
            return ll_p_number(p, &num, 1, minus.off);
        }
        break;
    case TK_BANG:
        while (ll_p_kind(p, 0) == TK_BANG)
            ll_p_next(p);
        t = ll_p_peek(p, 0);
        if (t->kind != TK_IDENT && t->kind != TK_NUMBER && t->kind != TK_STRING)
            break;
        ll_p_next(p);
        return ll_leaf(p->b, LOCUS_AST_RAW, p->file, start, p->lx.prev_end - start, NULL, 0);
    case TK_LPAREN:
        if (!skip_parens(p))
            return 0;
        return ll_leaf(p->b, LOCUS_AST_RAW, p->file, start, p->lx.prev_end - start, NULL, 0);
    default:
        break;
    }
    ll_p_error_expected(p, t, "an initial value");
    return 0;
}

static locus_node state_decl(ll_parser *p)
{
    ll_token name = ll_p_next(p);
    ll_open(p->b, LOCUS_AST_STATE_DECL, p->file, name.off);
    ll_set_node(p->b, LOCUS_F_NAME, ll_p_ident(p, &name));
    if (!ll_p_expect(p, TK_COLON, NULL))
        return 0;
    ll_set_node(p->b, LOCUS_F_TYPE, ll_parse_type_name(p, 1));
    if (!ll_p_expect(p, TK_EQUALS, NULL))
        return 0;
    ll_set_node(p->b, LOCUS_F_INIT, state_init(p));
    uint32_t end = p->lx.prev_end;
    ll_p_accept(p, TK_SEMI, NULL);
    return ll_close(p->b, end);
}

locus_node ll_parse_state_block(ll_parser *p)
{
    ll_token kw = ll_p_next(p), lb, rb;
    ll_open(p->b, LOCUS_AST_STATE_BLOCK, p->file, kw.off);
    if (!ll_p_expect(p, TK_LBRACE, &lb))
        return 0;
    uint32_t first = ll_p_peek(p, 0)->off;
    size_t mark = ll_list_begin(p->b);
    while (!p->failed && ll_p_kind(p, 0) == TK_IDENT)
        ll_push(p->b, state_decl(p));
    ll_list_end(p->b, LOCUS_F_CHILDREN, mark);
    uint32_t last = p->lx.prev_end;
    if (!ll_p_expect(p, TK_RBRACE, &rb))
        return 0;
    ll_set_slice(p->b, LOCUS_F_BODY, lb.off + 1, rb.off - lb.off - 1);
    ll_set_slice(p->b, LOCUS_F_CONTENT, first, last > first ? last - first : 0);
    return ll_close(p->b, rb.off + 1);
}

static locus_node action_param(ll_parser *p)
{
    ll_token name;
    if (!ll_p_expect_ident(p, &name))
        return 0;
    ll_open(p->b, LOCUS_AST_ACTION_PARAM, p->file, name.off);
    ll_set_node(p->b, LOCUS_F_NAME, ll_p_ident(p, &name));
    if (ll_p_accept(p, TK_COLON, NULL))
        ll_set_node(p->b, LOCUS_F_TYPE, ll_parse_type_name(p, 0));
    return ll_close(p->b, p->lx.prev_end);
}

locus_node ll_parse_action(ll_parser *p)
{
    ll_token kw = ll_p_next(p), name;
    ll_open(p->b, LOCUS_AST_ACTION, p->file, kw.off);
    if (!ll_p_expect_ident(p, &name))
        return 0;
    ll_set_node(p->b, LOCUS_F_NAME, ll_p_ident(p, &name));
    if (ll_p_accept(p, TK_LPAREN, NULL)) {
        ll_set_flags(p->b, LOCUS_FLAG_HAS_PARENS);
        size_t mark = ll_list_begin(p->b);
        if (ll_p_kind(p, 0) != TK_RPAREN) {
            do
                ll_push(p->b, action_param(p));
            while (!p->failed && ll_p_accept(p, TK_COMMA, NULL));
        }
        ll_list_end(p->b, LOCUS_F_PARAMS, mark);
        if (!ll_p_expect(p, TK_RPAREN, NULL))
            return 0;
    }
    if (!ll_p_braced_raw(p, NULL))
        return 0;
    return ll_close(p->b, p->lx.prev_end);
}

locus_node ll_parse_param(ll_parser *p, int (*stop_at)(ll_parser *p))
{
    ll_token kw = ll_p_next(p), name;
    ll_open(p->b, LOCUS_AST_PARAM, p->file, kw.off);
    if (!ll_p_expect_ident(p, &name) || !ll_p_expect(p, TK_COLON, NULL))
        return 0;
    ll_set_node(p->b, LOCUS_F_NAME, ll_p_ident(p, &name));
    ll_set_node(p->b, LOCUS_F_TYPE, ll_parse_type_name(p, 1));
    if (ll_p_accept(p, TK_EQUALS, NULL)) {
        const ll_token *t = ll_p_peek(p, 0);
        if (!ll_tok_raw_safe(t->kind) || t->kind == TK_RBRACE) {
            ll_p_error_expected(p, t, "a default value");
            return 0;
        }
        ll_set_node(p->b, LOCUS_F_DEFAULT, ll_parse_fallback_raw(p, stop_at));
    }
    return ll_close(p->b, p->lx.prev_end);
}
