/* parse_design.c — `design_system { … }` blocks (language.md §5): colour
 * themes, typography with weights, spacing, radii, shadows.
 *
 * Token assignments become ENTRY nodes whose VALUE keeps its own position
 * (validation reports V-31…V-34 there). Decision Q-13: a hex colour as a
 * typography value and a non-number font weight are clear errors instead
 * of the reference's crash; like that crash they are reported only when
 * the rest of the file parses.
 */
#include "parser.h"

enum entry_rule { ANY_VALUE, TYPOGRAPHY_VALUE, WEIGHT_VALUE };

static locus_node entry(ll_parser *p, enum entry_rule rule)
{
    ll_token key = ll_p_next(p);
    ll_open(p->b, LOCUS_AST_ENTRY, p->file, key.off);
    ll_set_node(p->b, LOCUS_F_NAME, ll_p_ident(p, &key));
    if (!ll_p_expect(p, TK_COLON, NULL))
        return 0;
    const ll_token *v = ll_p_peek(p, 0);
    if (v->kind != TK_STRING && v->kind != TK_HEX && v->kind != TK_NUMBER) {
        ll_p_error_expected(p, v, "a string, a hex colour or a number");
        return 0;
    }
    if (rule == TYPOGRAPHY_VALUE && v->kind == TK_HEX)
        ll_p_defer(p, v->off, v->len, "a typography value cannot be a colour");
    if (rule == WEIGHT_VALUE && v->kind != TK_NUMBER)
        ll_p_defer(p, v->off, v->len, "a font weight must be a number, such as 400");
    ll_token tok = ll_p_next(p);
    ll_set_node(p->b, LOCUS_F_VALUE, ll_p_literal(p, &tok));
    return ll_close(p->b, tok.off + tok.len);
}

/* `kw { entries }`; typography also allows a `weights { }` block. */
static locus_node token_block(ll_parser *p, locus_ast_kind kind, enum entry_rule rule)
{
    ll_token kw = ll_p_next(p), rb;
    ll_open(p->b, kind, p->file, kw.off);
    if (!ll_p_expect(p, TK_LBRACE, NULL))
        return 0;
    size_t mark = ll_list_begin(p->b);
    for (;;) {
        ll_tok k = ll_p_kind(p, 0);
        if (p->failed)
            break;
        if (k == TK_IDENT)
            ll_push(p->b, entry(p, rule));
        else if (k == TK_KW_WEIGHTS && kind == LOCUS_AST_TYPOGRAPHY)
            ll_push(p->b, token_block(p, LOCUS_AST_WEIGHTS, WEIGHT_VALUE));
        else
            break;
    }
    ll_list_end(p->b, LOCUS_F_CHILDREN, mark);
    if (!ll_p_expect(p, TK_RBRACE, &rb))
        return 0;
    return ll_close(p->b, rb.off + 1);
}

static locus_node theme(ll_parser *p)
{
    ll_token name = ll_p_next(p), rb;
    ll_open(p->b, LOCUS_AST_THEME, p->file, name.off);
    ll_set_node(p->b, LOCUS_F_NAME, ll_p_literal(p, &name));
    if (!ll_p_expect(p, TK_LBRACE, NULL))
        return 0;
    size_t mark = ll_list_begin(p->b);
    while (!p->failed && ll_p_kind(p, 0) == TK_IDENT)
        ll_push(p->b, entry(p, ANY_VALUE));
    ll_list_end(p->b, LOCUS_F_CHILDREN, mark);
    if (!ll_p_expect(p, TK_RBRACE, &rb))
        return 0;
    return ll_close(p->b, rb.off + 1);
}

static locus_node colors(ll_parser *p)
{
    ll_token kw = ll_p_next(p), rb;
    ll_open(p->b, LOCUS_AST_COLORS, p->file, kw.off);
    if (!ll_p_expect(p, TK_LBRACE, NULL))
        return 0;
    size_t mark = ll_list_begin(p->b);
    while (!p->failed && (ll_p_kind(p, 0) == TK_IDENT || ll_p_kind(p, 0) == TK_STRING))
        ll_push(p->b, theme(p));
    ll_list_end(p->b, LOCUS_F_CHILDREN, mark);
    if (!ll_p_expect(p, TK_RBRACE, &rb))
        return 0;
    return ll_close(p->b, rb.off + 1);
}

static locus_node section(ll_parser *p, int *more)
{
    *more = 1;
    switch (ll_p_kind(p, 0)) {
    case TK_KW_COLORS: return colors(p);
    case TK_KW_TYPOGRAPHY: return token_block(p, LOCUS_AST_TYPOGRAPHY, TYPOGRAPHY_VALUE);
    case TK_KW_SPACING: return token_block(p, LOCUS_AST_SPACING, ANY_VALUE);
    case TK_KW_RADII: return token_block(p, LOCUS_AST_RADII, ANY_VALUE);
    case TK_KW_SHADOWS: return token_block(p, LOCUS_AST_SHADOWS, ANY_VALUE);
    default:
        *more = 0;
        return 0;
    }
}

locus_node ll_parse_design_system(ll_parser *p)
{
    ll_token kw = ll_p_next(p), rb;
    ll_open(p->b, LOCUS_AST_DESIGN_SYSTEM, p->file, kw.off);
    if (!ll_p_expect(p, TK_LBRACE, NULL))
        return 0;
    size_t mark = ll_list_begin(p->b);
    int more = 1;
    while (!p->failed && more) {
        locus_node n = section(p, &more);
        if (more)
            ll_push(p->b, n);
    }
    ll_list_end(p->b, LOCUS_F_CHILDREN, mark);
    if (!ll_p_expect(p, TK_RBRACE, &rb))
        return 0;
    return ll_close(p->b, rb.off + 1);
}
