/* parse_attrs.c — field and relation attributes: `@name(args)` annotations
 * and legacy `( name: value )` groups (language.md §4.1, §4.4, §4.5).
 *
 * Decisions: `@map("col")`, `@policy(x)` (D-01/D-02/D-03, Q-13),
 * `@enum([...])`, `@discriminator`, `@message(...)`, `@required`,
 * named arguments such as `@length(min: 3, max: 20)` and `(onDelete: x)`
 * (D-01), and negative numbers are accepted. `@length(, 20)` keeps
 * working: the first argument may be left out. Attributes are kept
 * in source order; LOCUS_FLAG_PAREN marks the legacy form.
 */
#include <string.h>

#include "parser.h"

/* Words allowed after `@`: the reference's five keywords, plain
 * identifiers, and the keyword-spelled annotations of Q-11. */
static int annotation_name(ll_tok k)
{
    switch (k) {
    case TK_IDENT:
    case TK_KW_UNIQUE:
    case TK_KW_DEFAULT:
    case TK_KW_MAP:
    case TK_KW_POLICY:
    case TK_KW_MIN:
    case TK_KW_MAX:
    case TK_KW_LENGTH:
    case TK_KW_PATTERN:
    case TK_KW_EMAIL:
    case TK_KW_ENUM:
    case TK_KW_DISCRIMINATOR:
    case TK_KW_MESSAGE:
    case TK_KW_REQUIRED:
        return 1;
    default:
        return 0;
    }
}

static locus_node value(ll_parser *p);

/* `f(a, b)` after the identifier f (already consumed). */
static locus_node call(ll_parser *p, const ll_token *fn)
{
    ll_token rp;
    ll_open(p->b, LOCUS_AST_CALL, p->file, fn->off);
    ll_set_node(p->b, LOCUS_F_CALLEE, ll_p_ident(p, fn));
    ll_p_next(p); /* ( */
    size_t mark = ll_list_begin(p->b);
    if (ll_p_kind(p, 0) != TK_RPAREN) {
        do
            ll_push(p->b, value(p));
        while (!p->failed && ll_p_accept(p, TK_COMMA, NULL));
    }
    ll_list_end(p->b, LOCUS_F_ARGS, mark);
    if (!ll_p_expect(p, TK_RPAREN, &rp))
        return 0;
    return ll_close(p->b, rp.off + 1);
}

static locus_node array(ll_parser *p)
{
    ll_token lb = ll_p_next(p), rb;
    if (!ll_p_enter(p, lb.off))
        return 0;
    ll_open(p->b, LOCUS_AST_ARRAY, p->file, lb.off);
    size_t mark = ll_list_begin(p->b);
    if (ll_p_kind(p, 0) != TK_RBRACKET) {
        do
            ll_push(p->b, value(p));
        while (!p->failed && ll_p_accept(p, TK_COMMA, NULL));
    }
    ll_list_end(p->b, LOCUS_F_CHILDREN, mark);
    ll_p_leave(p);
    if (!ll_p_expect(p, TK_RBRACKET, &rb))
        return 0;
    return ll_close(p->b, rb.off + 1);
}

/* A value: number (maybe negative), string, identifier, call, array. */
static locus_node value(ll_parser *p)
{
    const ll_token *t = ll_p_peek(p, 0);
    switch (t->kind) {
    case TK_MINUS:
        if (ll_p_kind(p, 1) == TK_NUMBER) {
            ll_token minus = ll_p_next(p), num = ll_p_next(p);
            return ll_p_number(p, &num, 1, minus.off);
        }
        break;
    case TK_NUMBER:
    case TK_STRING: {
        ll_token tok = ll_p_next(p);
        return ll_p_literal(p, &tok);
    }
    case TK_IDENT: {
        ll_token tok = ll_p_next(p);
        if (ll_p_kind(p, 0) == TK_LPAREN)
            return call(p, &tok);
        return ll_p_ident(p, &tok);
    }
    case TK_LBRACKET:
        return array(p);
    default:
        break;
    }
    ll_p_error_expected(p, t, "a value");
    return 0;
}

/* An argument: `name: value` or a value. */
static locus_node argument(ll_parser *p)
{
    if (ll_tok_is_word(ll_p_kind(p, 0)) && ll_p_kind(p, 1) == TK_COLON) {
        ll_token name = ll_p_next(p);
        ll_p_next(p);
        ll_open(p->b, LOCUS_AST_ENTRY, p->file, name.off);
        ll_set_node(p->b, LOCUS_F_NAME, ll_p_ident(p, &name));
        ll_set_node(p->b, LOCUS_F_VALUE, value(p));
        return ll_close(p->b, p->lx.prev_end);
    }
    return value(p);
}

/* `( [arg] { , arg } )` — the first argument may be omitted. */
static int arguments(ll_parser *p)
{
    ll_p_next(p); /* ( */
    size_t mark = ll_list_begin(p->b);
    if (ll_p_kind(p, 0) == TK_COMMA) {
        const ll_token *t = ll_p_peek(p, 0);
        ll_push(p->b, ll_leaf(p->b, LOCUS_AST_EMPTY, p->file, t->off, 0, NULL, 0));
    } else if (ll_p_kind(p, 0) != TK_RPAREN) {
        ll_push(p->b, argument(p));
    }
    while (!p->failed && ll_p_accept(p, TK_COMMA, NULL))
        ll_push(p->b, argument(p));
    ll_list_end(p->b, LOCUS_F_ARGS, mark);
    return ll_p_expect(p, TK_RPAREN, NULL);
}

/* `@default(V)`, `@map("c")`, `@policy(x)`: exactly one value. */
static int single_argument(ll_parser *p)
{
    if (!ll_p_expect(p, TK_LPAREN, NULL))
        return 0;
    size_t mark = ll_list_begin(p->b);
    ll_push(p->b, value(p));
    ll_list_end(p->b, LOCUS_F_ARGS, mark);
    return ll_p_expect(p, TK_RPAREN, NULL);
}

static locus_node annotation(ll_parser *p)
{
    ll_token at = ll_p_next(p);
    const ll_token *t = ll_p_peek(p, 0);
    if (!annotation_name(t->kind)) {
        ll_p_error_expected(p, t, "an attribute name after '@'");
        return 0;
    }
    ll_token name = ll_p_next(p);
    ll_open(p->b, LOCUS_AST_ATTRIBUTE, p->file, at.off);
    ll_set_node(p->b, LOCUS_F_NAME, ll_p_ident(p, &name));
    switch (name.kind) {
    case TK_KW_UNIQUE:
        break; /* a following `(` starts a legacy group, as in the reference */
    case TK_KW_DEFAULT:
    case TK_KW_MAP:
    case TK_KW_POLICY:
        ll_set_flags(p->b, LOCUS_FLAG_HAS_PARENS);
        if (!single_argument(p))
            return 0;
        break;
    default:
        if (ll_p_kind(p, 0) == TK_LPAREN) {
            ll_set_flags(p->b, LOCUS_FLAG_HAS_PARENS);
            if (!arguments(p))
                return 0;
        }
    }
    return ll_close(p->b, p->lx.prev_end);
}

static int is_word_text(ll_parser *p, const ll_token *t, const char *s)
{
    uint32_t len;
    const char *text = ll_tok_text(&p->lx, t, &len);
    return t->kind == TK_IDENT && len == strlen(s) && memcmp(text, s, len) == 0;
}

/* Legacy `( unique )`, `( default: V )`, `( map: "c" )`, `( policy: x )`,
 * and D-01's `( onDelete: x )`. */
static locus_node paren_group(ll_parser *p)
{
    ll_token lp = ll_p_next(p), rp;
    const ll_token *t = ll_p_peek(p, 0);
    int known = t->kind == TK_KW_UNIQUE || t->kind == TK_KW_DEFAULT || t->kind == TK_KW_MAP ||
                t->kind == TK_KW_POLICY || is_word_text(p, t, "onDelete");
    if (!known) {
        ll_p_error_expected(p, t, "'unique', 'default', 'map' or 'policy'");
        return 0;
    }
    ll_token name = ll_p_next(p);
    ll_open(p->b, LOCUS_AST_ATTRIBUTE, p->file, lp.off);
    ll_set_flags(p->b, LOCUS_FLAG_PAREN);
    ll_set_node(p->b, LOCUS_F_NAME, ll_p_ident(p, &name));
    if (name.kind != TK_KW_UNIQUE) {
        if (!ll_p_expect(p, TK_COLON, NULL))
            return 0;
        size_t mark = ll_list_begin(p->b);
        ll_push(p->b, value(p));
        ll_list_end(p->b, LOCUS_F_ARGS, mark);
    }
    if (!ll_p_expect(p, TK_RPAREN, &rp))
        return 0;
    return ll_close(p->b, rp.off + 1);
}

int ll_parse_attributes(ll_parser *p, int relation)
{
    (void)relation;
    size_t mark = ll_list_begin(p->b);
    for (;;) {
        ll_tok k = ll_p_kind(p, 0);
        if (p->failed || (k != TK_AT && k != TK_LPAREN))
            break;
        ll_push(p->b, k == TK_AT ? annotation(p) : paren_group(p));
    }
    ll_list_end(p->b, LOCUS_F_ATTRS, mark);
    return !p->failed;
}
