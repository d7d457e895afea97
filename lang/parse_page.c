/* parse_page.c — `page`, `component` and `store` blocks and their items:
 * state, `on load`, actions, `ui`, `style_override`, params, and the Raw
 * fallback for anything else (language.md §6).
 *
 * Item choice follows the reference (first matching alternative, with its
 * lookahead); decisions applied here: the fallback no longer swallows the
 * items after it; store actions are kept;
 * `style: override { }` is a synonym of `style_override { }` (D-09).
 */
#include "parser.h"

/* --- where a fallback run must stop (the start of a real item) --- */

static int starts_page_item(ll_parser *p)
{
    ll_tok k0 = ll_p_kind(p, 0), k1 = ll_p_kind(p, 1);
    return (k0 == TK_KW_STATE && k1 == TK_LBRACE) || (k0 == TK_KW_ON && k1 == TK_KW_LOAD) ||
           (k0 == TK_KW_ACTION && k1 == TK_IDENT) || (k0 == TK_KW_UI && k1 == TK_LBRACE);
}

static int starts_component_item(ll_parser *p)
{
    return ll_p_kind(p, 0) == TK_KW_UI && ll_p_kind(p, 1) == TK_LBRACE;
}

static int starts_store_item(ll_parser *p)
{
    ll_tok k0 = ll_p_kind(p, 0), k1 = ll_p_kind(p, 1);
    return (k0 == TK_KW_STATE && k1 == TK_LBRACE) || (k0 == TK_KW_ACTION && k1 == TK_IDENT);
}

/* `kw [load] { raw }` for on load (the keywords are consumed here). */
static locus_node on_load(ll_parser *p)
{
    ll_token kw = ll_p_next(p);
    ll_p_next(p); /* load */
    ll_open(p->b, LOCUS_AST_ON_LOAD, p->file, kw.off);
    if (!ll_p_braced_raw(p, NULL))
        return 0;
    return ll_close(p->b, p->lx.prev_end);
}

/* Where the markup of a ui block ends. CONTENT stops before a trailing
 * `//`, as in the reference; but a `//` on the same line as the last
 * markup is text such as a URL (`<p>see http://x.org</p>`), not a comment
 * line, and the markup includes the rest of that line. */
static uint32_t markup_end(const ll_parser *p, const ll_raw *raw)
{
    const char *t = p->src.text;
    uint32_t i = raw->last_end;
    while (i < raw->close && (t[i] == ' ' || t[i] == '\t'))
        i++;
    if (raw->first == raw->last_end || i + 1 >= raw->close || t[i] != '/' || t[i + 1] != '/')
        return raw->last_end;
    while (i < raw->close && t[i] != '\n' && t[i] != '\r')
        i++;
    while (i > raw->last_end && (t[i - 1] == ' ' || t[i - 1] == '\t'))
        i--;
    return i;
}

static locus_node ui_block(ll_parser *p)
{
    ll_token kw = ll_p_next(p);
    ll_raw raw;
    ll_open(p->b, LOCUS_AST_UI, p->file, kw.off);
    if (!ll_p_braced_raw(p, &raw))
        return 0;
    size_t mark = ll_list_begin(p->b);
    if (!ll_parse_ui(p, raw.first, markup_end(p, &raw)))
        return 0;
    ll_list_end(p->b, LOCUS_F_CHILDREN, mark);
    return ll_close(p->b, raw.close + 1);
}

static int style_colon_override(ll_parser *p)
{
    return ll_p_kind(p, 0) == TK_KW_STYLE && ll_p_kind(p, 1) == TK_COLON &&
           ll_p_kind(p, 2) == TK_KW_OVERRIDE;
}

static locus_node style_override(ll_parser *p)
{
    ll_token kw = ll_p_next(p);
    ll_open(p->b, LOCUS_AST_STYLE_OVERRIDE, p->file, kw.off);
    if (kw.kind == TK_KW_STYLE) {
        ll_p_next(p), ll_p_next(p); /* : override */
        ll_set_flags(p->b, LOCUS_FLAG_COLON_SYNTAX);
    }
    if (!ll_p_braced_raw(p, NULL))
        return 0;
    return ll_close(p->b, p->lx.prev_end);
}

/* One page item, or 0 with *more = 0 when the next token starts none. */
static locus_node page_item(ll_parser *p, int *more)
{
    ll_tok k0 = ll_p_kind(p, 0), k1 = ll_p_kind(p, 1);
    *more = 1;
    if (k0 == TK_KW_STATE && k1 == TK_LBRACE)
        return ll_parse_state_block(p);
    if (k0 == TK_KW_ON && k1 == TK_KW_LOAD)
        return on_load(p);
    if (k0 == TK_KW_ACTION)
        return ll_parse_action(p);
    if (k0 == TK_KW_UI)
        return ui_block(p);
    if (ll_tok_raw_safe(k0))
        return ll_parse_fallback_raw(p, starts_page_item);
    *more = 0;
    return 0;
}

static locus_node component_item(ll_parser *p, int *more)
{
    ll_tok k0 = ll_p_kind(p, 0);
    *more = 1;
    if (k0 == TK_KW_PARAM)
        return ll_parse_param(p, starts_component_item);
    if (k0 == TK_KW_UI)
        return ui_block(p);
    if (k0 == TK_KW_STYLE_OVERRIDE || style_colon_override(p))
        return style_override(p);
    if (ll_tok_raw_safe(k0))
        return ll_parse_fallback_raw(p, starts_component_item);
    *more = 0;
    return 0;
}

static locus_node store_item(ll_parser *p, int *more)
{
    ll_tok k0 = ll_p_kind(p, 0), k1 = ll_p_kind(p, 1);
    *more = 1;
    if (k0 == TK_KW_STATE && k1 == TK_LBRACE)
        return ll_parse_state_block(p);
    if (k0 == TK_KW_ACTION)
        return ll_parse_action(p);
    if (ll_tok_raw_safe(k0))
        return ll_parse_fallback_raw(p, starts_store_item);
    *more = 0;
    return 0;
}

/* `{ items }` of a page/component/store; the node is open. */
static locus_node body(ll_parser *p, locus_node (*item)(ll_parser *p, int *more))
{
    ll_token rb;
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

/* `(guard: Role)` */
static int guard(ll_parser *p)
{
    ll_token role;
    ll_p_next(p);
    if (!ll_p_expect(p, TK_KW_GUARD, NULL) || !ll_p_expect(p, TK_COLON, NULL) ||
        !ll_p_expect_ident(p, &role) || !ll_p_expect(p, TK_RPAREN, NULL))
        return 0;
    ll_set_node(p->b, LOCUS_F_GUARD, ll_p_ident(p, &role));
    return 1;
}

static int header(ll_parser *p, locus_ast_kind kind)
{
    ll_token kw = ll_p_next(p), name;
    ll_open(p->b, kind, p->file, kw.off);
    if (!ll_p_expect_ident(p, &name))
        return 0;
    ll_set_node(p->b, LOCUS_F_NAME, ll_p_ident(p, &name));
    return 1;
}

locus_node ll_parse_page(ll_parser *p)
{
    if (!header(p, LOCUS_AST_PAGE))
        return 0;
    if (ll_p_kind(p, 0) == TK_LPAREN && !guard(p))
        return 0;
    return body(p, page_item);
}

locus_node ll_parse_component(ll_parser *p)
{
    return header(p, LOCUS_AST_COMPONENT) ? body(p, component_item) : 0;
}

locus_node ll_parse_store(ll_parser *p)
{
    return header(p, LOCUS_AST_STORE) ? body(p, store_item) : 0;
}
