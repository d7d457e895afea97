/* parse_util.c — the parser's token, error, node and raw-block helpers
 * (see parser.h): what every grammar file uses. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parser.h"

const ll_token ll_eof_token = {TK_EOF, 0, 0, NULL, 0};
static const ll_token eof_token = {TK_EOF, 0, 0, NULL, 0};

ll_token ll_p_next(ll_parser *p)
{
    return p->failed ? eof_token : ll_next(&p->lx);
}

int ll_p_accept(ll_parser *p, ll_tok kind, ll_token *out)
{
    if (ll_p_kind(p, 0) != kind)
        return 0;
    ll_token tok = ll_p_next(p);
    if (out)
        *out = tok;
    return 1;
}

int ll_p_expect(ll_parser *p, ll_tok kind, ll_token *out)
{
    if (p->failed)
        return 0;
    if (ll_p_accept(p, kind, out))
        return 1;
    ll_p_error_expected(p, ll_p_peek(p, 0), ll_tok_display(kind));
    return 0;
}

int ll_p_expect_ident(ll_parser *p, ll_token *out)
{
    return ll_p_expect(p, TK_IDENT, out);
}

/* Print at most 40 bytes of the token, cut at a character boundary. */
static void describe(ll_parser *p, const ll_token *tok, char *buf, size_t size)
{
    if (tok->kind == TK_EOF) {
        snprintf(buf, size, "the end of the file");
        return;
    }
    uint32_t len = tok->len;
    const char *s = p->src.text + tok->off;
    int cut = 0;
    if (len > 40) {
        len = 40;
        while (len > 0 && ((unsigned char)s[len] & 0xC0) == 0x80)
            len--;
        cut = 1;
    }
    snprintf(buf, size, "'%.*s%s'", (int)len, s, cut ? "..." : "");
}

static void set_error(ll_parser *p, uint32_t off, uint32_t len, int at_eof, const char *fmt,
                      va_list ap)
{
    if (p->failed)
        return;
    p->failed = 1;
    p->diag->offset = off;
    p->diag->length = len;
    p->diag->at_eof = at_eof;
    p->diag->located = 0;
    vsnprintf(p->diag->message, sizeof p->diag->message, fmt, ap);
}

static void error_at(ll_parser *p, uint32_t off, uint32_t len, int at_eof, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static void error_at(ll_parser *p, uint32_t off, uint32_t len, int at_eof, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    set_error(p, off, len, at_eof, fmt, ap);
    va_end(ap);
}

void ll_p_error_expected(ll_parser *p, const ll_token *tok, const char *what)
{
    char found[64];
    if (p->failed)
        return;
    if (tok->kind == TK_ERROR) {
        describe(p, tok, found, sizeof found);
        error_at(p, tok->off, tok->len, 0, "unexpected character %s", found);
        return;
    }
    describe(p, tok, found, sizeof found);
    error_at(p, tok->off, tok->len, tok->kind == TK_EOF, "expected %s but found %s", what, found);
}

void ll_p_fail(ll_parser *p, uint32_t offset, uint32_t length, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    set_error(p, offset, length, offset >= p->src.len, fmt, ap);
    va_end(ap);
}

void ll_p_defer(ll_parser *p, uint32_t offset, uint32_t length, const char *fmt, ...)
{
    if (p->has_deferred || p->failed)
        return;
    va_list ap;
    va_start(ap, fmt);
    p->has_deferred = 1;
    p->deferred.offset = offset;
    p->deferred.length = length;
    p->deferred.at_eof = 0;
    p->deferred.located = 0;
    vsnprintf(p->deferred.message, sizeof p->deferred.message, fmt, ap);
    va_end(ap);
}

int ll_p_enter(ll_parser *p, uint32_t offset)
{
    if (p->failed)
        return 0;
    if (++p->depth > LL_MAX_NESTING) {
        ll_p_fail(p, offset, 1, "nesting is too deep (more than %d levels)", LL_MAX_NESTING);
        return 0;
    }
    return 1;
}

void ll_p_leave(ll_parser *p)
{
    if (p->depth)
        p->depth--;
}

locus_node ll_p_ident(ll_parser *p, const ll_token *tok)
{
    uint32_t len;
    const char *s = ll_tok_text(&p->lx, tok, &len);
    return ll_ident(p->b, p->file, tok->off, tok->len, s, len);
}

locus_node ll_p_number(ll_parser *p, const ll_token *tok, int negative, uint32_t minus_off)
{
    const char *s = p->src.text + tok->off;
    char buf[64];
    double v;
    if (tok->len < sizeof buf) {
        memcpy(buf, s, tok->len);
        buf[tok->len] = 0;
        v = strtod(buf, NULL);
    } else {
        char *copy = locus_arena_strndup(p->arena, s, tok->len);
        v = copy ? strtod(copy, NULL) : 0;
    }
    uint32_t start = negative ? minus_off : tok->off;
    ll_open(p->b, LOCUS_AST_NUMBER, p->file, start);
    ll_set_own_str(p->b, s, tok->len);
    ll_set_num(p->b, LOCUS_F_NUMBER, negative ? -v : v);
    if (negative)
        ll_set_flags(p->b, LOCUS_FLAG_NEGATIVE);
    return ll_close(p->b, tok->off + tok->len);
}

/* Bytes of a size literal such as 5MB (factor 1024). */
static double size_bytes(const char *s, uint32_t len)
{
    double n = 0;
    uint32_t i = 0;
    while (i < len && s[i] >= '0' && s[i] <= '9')
        n = n * 10 + (s[i++] - '0');
    switch (len - i == 2 ? s[i] : 'B') {
    case 'K': return n * 1024;
    case 'M': return n * 1024 * 1024;
    case 'G': return n * 1024 * 1024 * 1024;
    default: return n;
    }
}

/* Milliseconds of a duration such as 250ms, 5s, 10m, 2h. */
static double duration_ms(const char *s, uint32_t len)
{
    double n = 0;
    uint32_t i = 0;
    while (i < len && s[i] >= '0' && s[i] <= '9')
        n = n * 10 + (s[i++] - '0');
    if (len - i == 2)
        return n;
    switch (s[i]) {
    case 's': return n * 1000;
    case 'm': return n * 60000;
    case 'h': return n * 3600000;
    default: return n;
    }
}

locus_node ll_p_literal(ll_parser *p, const ll_token *tok)
{
    const char *s = p->src.text + tok->off;
    switch (tok->kind) {
    case TK_STRING: {
        uint32_t len;
        const char *v = ll_string_value(&p->lx, tok, p->arena, &len);
        if (!v) {
            ll_p_fail(p, tok->off, tok->len, "out of memory");
            return 0;
        }
        return ll_leaf(p->b, LOCUS_AST_STRING, p->file, tok->off, tok->len, v, len);
    }
    case TK_NUMBER:
        return ll_p_number(p, tok, 0, 0);
    case TK_SIZE:
    case TK_DURATION:
        ll_open(p->b, tok->kind == TK_SIZE ? LOCUS_AST_SIZE : LOCUS_AST_DURATION, p->file, tok->off);
        ll_set_own_str(p->b, s, tok->len);
        ll_set_num(p->b, LOCUS_F_NUMBER,
                   tok->kind == TK_SIZE ? size_bytes(s, tok->len) : duration_ms(s, tok->len));
        return ll_close(p->b, tok->off + tok->len);
    case TK_HEX:
        return ll_leaf(p->b, LOCUS_AST_HEX_COLOR, p->file, tok->off, tok->len, s, tok->len);
    default:
        return ll_p_ident(p, tok);
    }
}

int ll_p_raw_body(ll_parser *p, const ll_token *lbrace, ll_raw *out)
{
    ll_raw raw;
    if (p->failed)
        return 0;
    if (ll_raw_block(&p->src, lbrace->off, lbrace->off + 1, &raw, p->diag)) {
        p->failed = 1;
        return 0;
    }
    ll_set_slice(p->b, LOCUS_F_BODY, raw.body_start, raw.close - raw.body_start);
    ll_set_slice(p->b, LOCUS_F_CONTENT, raw.first, raw.last_end - raw.first);
    ll_lex_seek(&p->lx, raw.close + 1);
    if (out)
        *out = raw;
    return 1;
}

int ll_p_braced_raw(ll_parser *p, ll_raw *out)
{
    ll_token lb;
    return ll_p_expect(p, TK_LBRACE, &lb) && ll_p_raw_body(p, &lb, out);
}
