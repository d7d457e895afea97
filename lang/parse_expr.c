/* parse_expr.c — the expression language of language.md §11, for UI
 * interpolations and attribute values, branch conditions, run arguments
 * and forEach iterables.
 *
 * Decisions: `!` is logical not and `!=` inequality (Q-01 fixed); tokens
 * left over after a complete expression are an error at the first of
 * them (Q-27 fixed). Characters the lexer cannot lex are dropped, as in
 * the reference. An invalid expression is never a parse error of the
 * file: it becomes an EXPR_ERROR node carrying the message (validation
 * reports it where the reference does, V-46). A failed attempt is rolled
 * back in the builder, so it leaves no orphan nodes behind.
 */
#include <stdio.h>
#include <string.h>

#include "parser.h"

#define MAX_EXPR_DEPTH 100

typedef struct expr_ctx {
    ll_parser *p;
    ll_source sub; /* the file's source, cut off at the expression's end */
    ll_lexer lx;
    unsigned depth;
    int failed;
    uint32_t err_off;
    char err[96];
} expr_ctx;

typedef struct ex {
    locus_node node;
    unsigned depth; /* tree depth below and including this node */
} ex;

static const ll_token *peek(expr_ctx *c)
{
    const ll_token *t = ll_peek(&c->lx, 0);
    while (t->kind == TK_ERROR) {
        ll_lex_seek(&c->lx, t->off + t->len);
        t = ll_peek(&c->lx, 0);
    }
    return t;
}

static ll_token next(expr_ctx *c)
{
    peek(c);
    return ll_next(&c->lx);
}

static ex fail_at(expr_ctx *c, const ll_token *t, const char *what)
{
    if (!c->failed) {
        c->failed = 1;
        c->err_off = t->off;
        if (what)
            snprintf(c->err, sizeof c->err, "%s", what);
        else if (t->kind == TK_EOF)
            snprintf(c->err, sizeof c->err, "Unexpected EOF");
        else
            snprintf(c->err, sizeof c->err, "Unexpected token: %.*s",
                     (int)(t->len > 40 ? 40 : t->len), c->p->src.text + t->off);
    }
    return (ex){0, 0};
}

static ex too_deep(expr_ctx *c, uint32_t off)
{
    if (!c->failed) {
        c->failed = 1;
        c->err_off = off;
        snprintf(c->err, sizeof c->err, "Expression is nested too deeply");
    }
    return (ex){0, 0};
}

static int binop(ll_tok k, locus_op *op)
{
    switch (k) {
    case TK_OROR: *op = LOCUS_OP_OR; return 1;
    case TK_ANDAND: *op = LOCUS_OP_AND; return 2;
    case TK_EQEQ: *op = LOCUS_OP_EQ; return 3;
    case TK_NOTEQ: *op = LOCUS_OP_NE; return 3;
    case TK_LT: *op = LOCUS_OP_LT; return 4;
    case TK_GT: *op = LOCUS_OP_GT; return 4;
    case TK_PLUS: *op = LOCUS_OP_ADD; return 5;
    case TK_MINUS: *op = LOCUS_OP_SUB; return 5;
    case TK_STAR: *op = LOCUS_OP_MUL; return 6;
    case TK_SLASH: *op = LOCUS_OP_DIV; return 6;
    default: return 0;
    }
}

static ex parse_expr(expr_ctx *c, int min_prec);

static ex leaf(expr_ctx *c, const ll_token *t)
{
    return (ex){ll_p_literal(c->p, t), 1};
}

/* `( args )` after a callee; the opening paren is next. */
static ex parse_call(expr_ctx *c, ex callee, uint32_t start)
{
    next(c);
    ll_builder *b = c->p->b;
    ll_open(b, LOCUS_AST_CALL, c->p->file, start);
    ll_set_node(b, LOCUS_F_CALLEE, callee.node);
    size_t mark = ll_list_begin(b);
    unsigned depth = callee.depth;
    if (peek(c)->kind != TK_RPAREN) {
        for (;;) {
            ex arg = parse_expr(c, 1);
            if (c->failed)
                return arg;
            ll_push(b, arg.node);
            if (arg.depth > depth)
                depth = arg.depth;
            if (peek(c)->kind != TK_COMMA)
                break;
            next(c);
        }
    }
    if (peek(c)->kind != TK_RPAREN)
        return fail_at(c, peek(c), "Expected ) after arguments");
    ll_token rp = next(c);
    ll_list_end(b, LOCUS_F_ARGS, mark);
    return (ex){ll_close(b, rp.off + 1), depth + 1};
}

/* IDENT { '.' ANY } [ call ] */
static ex parse_path(expr_ctx *c, ll_token id)
{
    ex cur = leaf(c, &id);
    ll_builder *b = c->p->b;
    while (peek(c)->kind == TK_DOT) {
        next(c);
        ll_token prop = next(c);
        if (prop.kind == TK_EOF)
            return fail_at(c, &prop, NULL);
        if (cur.depth + 1 > MAX_EXPR_DEPTH)
            return too_deep(c, prop.off);
        ll_open(b, LOCUS_AST_MEMBER, c->p->file, id.off);
        ll_set_node(b, LOCUS_F_OBJECT, cur.node);
        ll_set_node(b, LOCUS_F_PROPERTY, ll_p_ident(c->p, &prop));
        cur.node = ll_close(b, prop.off + prop.len);
        cur.depth++;
    }
    if (peek(c)->kind == TK_LPAREN)
        return parse_call(c, cur, id.off);
    return cur;
}

static ex parse_unary(expr_ctx *c)
{
    ll_token t = next(c);
    if (++c->depth > MAX_EXPR_DEPTH)
        return too_deep(c, t.off);
    ex r = {0, 0};
    switch (t.kind) {
    case TK_BANG:
    case TK_MINUS: {
        ex operand = parse_unary(c);
        if (c->failed)
            break;
        r.depth = operand.depth + 1;
        ll_open(c->p->b, LOCUS_AST_UNARY, c->p->file, t.off);
        ll_set_int(c->p->b, LOCUS_F_OP, t.kind == TK_BANG ? LOCUS_OP_NOT : LOCUS_OP_NEG);
        ll_set_node(c->p->b, LOCUS_F_OPERAND, operand.node);
        r.node = ll_close(c->p->b, c->lx.prev_end);
        break;
    }
    case TK_IDENT:
        r = parse_path(c, t);
        break;
    case TK_NUMBER:
    case TK_STRING:
        r = leaf(c, &t);
        break;
    case TK_LPAREN:
        r = parse_expr(c, 1);
        if (!c->failed && peek(c)->kind != TK_RPAREN)
            r = fail_at(c, peek(c), "Expected )");
        else if (!c->failed)
            next(c);
        break;
    default:
        r = fail_at(c, &t, NULL);
    }
    c->depth--;
    return r;
}

static ex parse_expr(expr_ctx *c, int min_prec)
{
    uint32_t start = peek(c)->off;
    ex left = parse_unary(c);
    locus_op op;
    int prec;
    while (!c->failed && (prec = binop(peek(c)->kind, &op)) >= min_prec && prec > 0) {
        next(c);
        ex right = parse_expr(c, prec + 1);
        if (c->failed)
            break;
        unsigned depth = (left.depth > right.depth ? left.depth : right.depth) + 1;
        if (depth > MAX_EXPR_DEPTH)
            return too_deep(c, start);
        ll_open(c->p->b, LOCUS_AST_BINARY, c->p->file, start);
        ll_set_int(c->p->b, LOCUS_F_OP, op);
        ll_set_node(c->p->b, LOCUS_F_LEFT, left.node);
        ll_set_node(c->p->b, LOCUS_F_RIGHT, right.node);
        left.node = ll_close(c->p->b, c->lx.prev_end);
        left.depth = depth;
    }
    return left;
}

static int is_space(unsigned char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\v' || ch == '\f';
}

/* Parse [from, to), building nodes as it goes. */
static ex run(ll_parser *p, uint32_t from, uint32_t to, expr_ctx *c)
{
    memset(c, 0, sizeof *c);
    c->p = p;
    c->sub = p->src;
    c->sub.len = to;
    c->sub.naliases = 0; /* expression text is not alias-substituted */
    ll_lex_init(&c->lx, &c->sub);
    ll_lex_seek(&c->lx, from);
    ex r = parse_expr(c, 1);
    if (!c->failed && peek(c)->kind != TK_EOF)
        fail_at(c, peek(c), NULL);
    return r;
}

static int word_start(unsigned char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch == '_';
}

static int word_char(unsigned char ch)
{
    return word_start(ch) || (ch >= '0' && ch <= '9');
}

/* The common case, `name` or `a.b.c` with nothing else, built without
 * running the lexer; 0 when the text is anything else. */
static locus_node simple_path(ll_parser *p, uint32_t from, uint32_t to)
{
    const unsigned char *t = (const unsigned char *)p->src.text;
    uint32_t i = from, dots = 0;
    for (;;) {
        if (i >= to || !word_start(t[i]))
            return 0;
        uint32_t w = i;
        while (i < to && word_char(t[i]))
            i++;
        if (w == from && ll_keyword((const char *)t + w, i - w) != TK_IDENT)
            return 0;
        if (i == to)
            break;
        if (t[i] != '.' || ++dots > MAX_EXPR_DEPTH)
            return 0;
        i++;
    }
    locus_node cur = 0;
    for (i = from;;) {
        uint32_t w = i;
        while (i < to && word_char(t[i]))
            i++;
        locus_node id = ll_ident(p->b, p->file, w, i - w, (const char *)t + w, i - w);
        if (!cur) {
            cur = id;
        } else {
            ll_open(p->b, LOCUS_AST_MEMBER, p->file, from);
            ll_set_node(p->b, LOCUS_F_OBJECT, cur);
            ll_set_node(p->b, LOCUS_F_PROPERTY, id);
            cur = ll_close(p->b, i);
        }
        if (i == to)
            return cur;
        i++;
    }
}

locus_node ll_parse_expr_text(ll_parser *p, uint32_t from, uint32_t to)
{
    const unsigned char *t = (const unsigned char *)p->src.text;
    while (from < to && is_space(t[from]))
        from++;
    while (to > from && is_space(t[to - 1]))
        to--;
    if (p->failed || from == to)
        return 0;
    locus_node simple = simple_path(p, from, to);
    if (simple)
        return simple;
    expr_ctx c;
    ll_mark mark = ll_checkpoint(p->b);
    ex r = run(p, from, to, &c);
    if (!c.failed)
        return r.node;
    ll_rollback(p->b, mark);
    ll_open(p->b, LOCUS_AST_EXPR_ERROR, p->file, from);
    ll_set_own_str(p->b, c.err, strlen(c.err));
    ll_set_int(p->b, LOCUS_F_ERROR_OFFSET, (int32_t)c.err_off);
    return ll_close(p->b, to);
}
