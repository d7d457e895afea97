/* parse_upload.c — `upload` policies (language.md §9): fields with size,
 * count, mime types and `required`, and the `store` clause.
 *
 * Decision Q-30: maxSize and maxCount are kept (SIZE value in bytes,
 * NUMBER); the clause order of the reference is kept.
 */
#include "parser.h"

/* `type` or `type/sub` */
static locus_node mime(ll_parser *p)
{
    ll_token a, b;
    if (!ll_p_expect_ident(p, &a))
        return 0;
    uint32_t end = a.off + a.len;
    if (ll_p_accept(p, TK_SLASH, NULL)) {
        if (!ll_p_expect_ident(p, &b))
            return 0;
        end = b.off + b.len;
    }
    /* the value is the text as written, minus any blanks around '/' */
    char buf[256];
    uint32_t n = 0;
    for (uint32_t i = a.off; i < end && n < sizeof buf; i++) {
        char c = p->src.text[i];
        if (c != ' ' && c != '\t' && c != '\r' && c != '\n')
            buf[n++] = c;
    }
    return ll_leaf(p->b, LOCUS_AST_MIME, p->file, a.off, end - a.off, buf, n);
}

/* `field name [maxSize: S] [maxCount: N] mime: [ m, … ] [required]` */
static locus_node field(ll_parser *p)
{
    ll_token kw = ll_p_next(p), name, v;
    ll_open(p->b, LOCUS_AST_UPLOAD_FIELD, p->file, kw.off);
    if (!ll_p_expect_ident(p, &name))
        return 0;
    ll_set_node(p->b, LOCUS_F_NAME, ll_p_ident(p, &name));
    if (ll_p_accept(p, TK_KW_MAXSIZE, NULL)) {
        if (!ll_p_expect(p, TK_COLON, NULL) || !ll_p_expect(p, TK_SIZE, &v))
            return 0;
        ll_set_node(p->b, LOCUS_F_MAX_SIZE, ll_p_literal(p, &v));
    }
    if (ll_p_accept(p, TK_KW_MAXCOUNT, NULL)) {
        if (!ll_p_expect(p, TK_COLON, NULL) || !ll_p_expect(p, TK_NUMBER, &v))
            return 0;
        ll_set_node(p->b, LOCUS_F_MAX_COUNT, ll_p_literal(p, &v));
    }
    if (!ll_p_expect(p, TK_KW_MIME, NULL) || !ll_p_expect(p, TK_COLON, NULL) ||
        !ll_p_expect(p, TK_LBRACKET, NULL))
        return 0;
    size_t mark = ll_list_begin(p->b);
    do
        ll_push(p->b, mime(p));
    while (!p->failed && ll_p_accept(p, TK_COMMA, NULL));
    ll_list_end(p->b, LOCUS_F_MIME, mark);
    if (!ll_p_expect(p, TK_RBRACKET, NULL))
        return 0;
    if (ll_p_accept(p, TK_KW_REQUIRED, NULL))
        ll_set_flags(p->b, LOCUS_FLAG_REQUIRED);
    return ll_close(p->b, p->lx.prev_end);
}

static locus_node store_entry(ll_parser *p)
{
    ll_token key = ll_p_next(p), v;
    ll_open(p->b, LOCUS_AST_ENTRY, p->file, key.off);
    ll_set_node(p->b, LOCUS_F_NAME, ll_p_ident(p, &key));
    if (!ll_p_expect(p, TK_COLON, NULL) ||
        !ll_p_expect(p, key.kind == TK_KW_PATH ? TK_STRING : TK_IDENT, &v))
        return 0;
    ll_set_node(p->b, LOCUS_F_VALUE, ll_p_literal(p, &v));
    return ll_close(p->b, v.off + v.len);
}

/* `store { strategy: s | path: "p" | naming: n }` (no braces) */
static locus_node store(ll_parser *p)
{
    ll_token kw = ll_p_next(p);
    ll_open(p->b, LOCUS_AST_UPLOAD_STORE, p->file, kw.off);
    size_t mark = ll_list_begin(p->b);
    for (;;) {
        ll_tok k = ll_p_kind(p, 0);
        if (p->failed || (k != TK_KW_STRATEGY && k != TK_KW_PATH && k != TK_KW_NAMING))
            break;
        ll_push(p->b, store_entry(p));
    }
    ll_list_end(p->b, LOCUS_F_CHILDREN, mark);
    return ll_close(p->b, p->lx.prev_end);
}

locus_node ll_parse_upload(ll_parser *p)
{
    ll_token kw = ll_p_next(p), name, lb, rb;
    ll_open(p->b, LOCUS_AST_UPLOAD, p->file, kw.off);
    if (!ll_p_expect_ident(p, &name) || !ll_p_expect(p, TK_LBRACE, &lb))
        return 0;
    ll_set_node(p->b, LOCUS_F_NAME, ll_p_ident(p, &name));
    uint32_t first = ll_p_peek(p, 0)->off;
    size_t mark = ll_list_begin(p->b);
    for (;;) {
        ll_tok k = ll_p_kind(p, 0);
        if (p->failed || (k != TK_KW_FIELD && k != TK_KW_STORE))
            break;
        ll_push(p->b, k == TK_KW_FIELD ? field(p) : store(p));
    }
    ll_list_end(p->b, LOCUS_F_CHILDREN, mark);
    uint32_t last = p->lx.prev_end;
    if (!ll_p_expect(p, TK_RBRACE, &rb))
        return 0;
    ll_set_slice(p->b, LOCUS_F_BODY, lb.off + 1, rb.off - lb.off - 1);
    ll_set_slice(p->b, LOCUS_F_CONTENT, first, last > first ? last - first : 0);
    return ll_close(p->b, rb.off + 1);
}
