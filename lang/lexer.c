/* lexer.c — turning Locus source text into tokens, one at a time.
 *
 * The reference lexer is ordered-first-match (language.md §2.2); for the
 * token set it has, that reduces to: skip whitespace/comments, then decide
 * by the first character, with the few order-dependent cases (size vs
 * duration vs number, `#` hex colours, two-character operators) handled
 * where they arise. Keyword patterns end at a word boundary, so a whole
 * word is scanned and looked up.
 */
#include <string.h>

#include "lexer.h"

/* [A-Za-z0-9_] */
static const unsigned char word_table[256] = {
    ['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1, ['6'] = 1, ['7'] = 1,
    ['8'] = 1, ['9'] = 1, ['_'] = 1,
    ['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1, ['g'] = 1, ['h'] = 1,
    ['i'] = 1, ['j'] = 1, ['k'] = 1, ['l'] = 1, ['m'] = 1, ['n'] = 1, ['o'] = 1, ['p'] = 1,
    ['q'] = 1, ['r'] = 1, ['s'] = 1, ['t'] = 1, ['u'] = 1, ['v'] = 1, ['w'] = 1, ['x'] = 1,
    ['y'] = 1, ['z'] = 1,
    ['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1, ['G'] = 1, ['H'] = 1,
    ['I'] = 1, ['J'] = 1, ['K'] = 1, ['L'] = 1, ['M'] = 1, ['N'] = 1, ['O'] = 1, ['P'] = 1,
    ['Q'] = 1, ['R'] = 1, ['S'] = 1, ['T'] = 1, ['U'] = 1, ['V'] = 1, ['W'] = 1, ['X'] = 1,
    ['Y'] = 1, ['Z'] = 1,
};

static int is_word(unsigned char c)
{
    return word_table[c];
}

static int is_hex(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

void ll_lex_init(ll_lexer *lx, const ll_source *src)
{
    memset(lx, 0, sizeof *lx);
    lx->src = src;
    lx->t = (const unsigned char *)src->text;
    lx->len = src->len;
    lx->pos = src->start;
    lx->prev_end = src->start;
}

int ll_is_unknown_char(const unsigned char *t, uint32_t i, uint32_t len, uint32_t *nbytes)
{
    unsigned char c = t[i];
    uint32_t cp, n;
    if (c < 0x80) {
        *nbytes = 1;
        return c == 0x0B || c == 0x0C;
    }
    if (c >= 0xF0)
        n = 4, cp = 0x10000; /* non-BMP: surrogate halves, never Unknown */
    else if (c >= 0xE0 && i + 2 < len)
        n = 3, cp = (uint32_t)(c & 0x0F) << 12 | (uint32_t)(t[i + 1] & 0x3F) << 6 | (t[i + 2] & 0x3F);
    else if (c >= 0xC0 && i + 1 < len)
        n = 2, cp = (uint32_t)(c & 0x1F) << 6 | (t[i + 1] & 0x3F);
    else
        n = 1, cp = 0xFFFD;
    *nbytes = n;
    return cp == 0xA0 || (cp >= 0x15EA && cp <= 0x16E8) || (cp >= 0x1FE0 && cp <= 0x20DE) ||
           (cp >= 0x2FD0 && cp <= 0x30CE) || (cp >= 0xFE01 && cp <= 0xFEFF);
}

/* Skip whitespace, `//` comments and alias lines from pos. */
static uint32_t skip_trivia(ll_lexer *lx, uint32_t pos)
{
    const unsigned char *t = lx->t;
    const ll_source *s = lx->src;
    for (;;) {
        while (pos < lx->len && (t[pos] == ' ' || t[pos] == '\n' || t[pos] == '\t' || t[pos] == '\r'))
            pos++;
        if (pos + 1 < lx->len && t[pos] == '/' && t[pos + 1] == '/') {
            const unsigned char *nl = memchr(t + pos, '\n', lx->len - pos);
            pos = nl ? (uint32_t)(nl - t) : lx->len;
            continue;
        }
        while (lx->next_alias < s->nalias_lines && s->alias_lines[lx->next_alias].start < pos)
            lx->next_alias++;
        if (lx->next_alias < s->nalias_lines && s->alias_lines[lx->next_alias].start == pos) {
            pos = s->alias_lines[lx->next_alias++].end;
            continue;
        }
        return pos;
    }
}

/* A string literal from the `"` at pos: its end, or 0 if it does not
 * close (a backslash before a line terminator also ends the match). */
static uint32_t string_end(const unsigned char *t, uint32_t len, uint32_t pos)
{
    uint32_t i = pos + 1;
    for (;;) {
        while (i < len && t[i] != '"' && t[i] != '\\')
            i++;
        if (i >= len)
            return 0;
        if (t[i] == '"')
            return i + 1;
        if (i + 1 >= len || t[i + 1] == '\n' || t[i + 1] == '\r')
            return 0;
        if (t[i + 1] == 0xE2 && i + 3 < len && t[i + 2] == 0x80 &&
            (t[i + 3] == 0xA8 || t[i + 3] == 0xA9))
            return 0;
        i += 2;
    }
}

/* Digits at pos: a SizeLiteral, Duration or NumberLiteral (in that order). */
static void lex_number(const unsigned char *t, uint32_t len, uint32_t pos, ll_token *tok)
{
    uint32_t i = pos;
    while (i < len && t[i] >= '0' && t[i] <= '9')
        i++;
    static const char *const sizes[] = {"B", "KB", "MB", "GB"};
    for (int k = 0; k < 4; k++) {
        uint32_t n = (uint32_t)strlen(sizes[k]);
        if (i + n <= len && memcmp(t + i, sizes[k], n) == 0 && (i + n == len || !is_word(t[i + n]))) {
            tok->kind = TK_SIZE, tok->len = i + n - pos;
            return;
        }
    }
    static const char *const units[] = {"ms", "s", "m", "h"};
    for (int k = 0; k < 4; k++) {
        uint32_t n = (uint32_t)strlen(units[k]);
        if (i + n <= len && memcmp(t + i, units[k], n) == 0 && (i + n == len || !is_word(t[i + n]))) {
            tok->kind = TK_DURATION, tok->len = i + n - pos;
            return;
        }
    }
    if (i + 1 < len && t[i] == '.' && t[i + 1] >= '0' && t[i + 1] <= '9') {
        i++;
        while (i < len && t[i] >= '0' && t[i] <= '9')
            i++;
    }
    tok->kind = TK_NUMBER, tok->len = i - pos;
}

/* An identifier or keyword at pos, with alias substitution. */
static void lex_word(const ll_lexer *lx, uint32_t pos, ll_token *tok)
{
    const unsigned char *t = lx->t;
    uint32_t i = pos + 1;
    while (i < lx->len && is_word(t[i]))
        i++;
    tok->len = i - pos;
    tok->kind = ll_keyword((const char *)t + pos, tok->len);
    if (lx->src->naliases && t[pos] >= 'A' && t[pos] <= 'Z' && (pos == 0 || !is_word(t[pos - 1]))) {
        const ll_alias *a = ll_source_alias(lx->src, (const char *)t + pos, tok->len);
        if (a) {
            tok->sub = lx->src->text + a->target_off;
            tok->sublen = a->target_len;
            tok->kind = ll_keyword(tok->sub, tok->sublen);
        }
    }
}

static int lex_punct(const unsigned char *t, uint32_t len, uint32_t pos, ll_token *tok)
{
    unsigned char c = t[pos], d = pos + 1 < len ? t[pos + 1] : 0;
    ll_tok k;
    tok->len = 1;
    switch (c) {
    case '=': k = d == '=' ? (tok->len = 2, TK_EQEQ) : TK_EQUALS; break;
    case '!': k = d == '=' ? (tok->len = 2, TK_NOTEQ) : TK_BANG; break;
    case '&': k = d == '&' ? (tok->len = 2, TK_ANDAND) : TK_ERROR; break;
    case '|': k = d == '|' ? (tok->len = 2, TK_OROR) : TK_PIPE; break;
    case '{': k = TK_LBRACE; break;
    case '}': k = TK_RBRACE; break;
    case ':': k = TK_COLON; break;
    case '(': k = TK_LPAREN; break;
    case ')': k = TK_RPAREN; break;
    case ',': k = TK_COMMA; break;
    case '?': k = TK_QUESTION; break;
    case '<': k = TK_LT; break;
    case '>': k = TK_GT; break;
    case '/': k = TK_SLASH; break;
    case '.': k = TK_DOT; break;
    case '+': k = TK_PLUS; break;
    case '-': k = TK_MINUS; break;
    case ';': k = TK_SEMI; break;
    case '*': k = TK_STAR; break;
    case '[': k = TK_LBRACKET; break;
    case ']': k = TK_RBRACKET; break;
    case '\'': k = TK_QUOTE; break;
    case '@': k = TK_AT; break;
    default: return 0;
    }
    tok->kind = k;
    return 1;
}

/* One token starting at pos (trivia already skipped). */
static void lex_at(const ll_lexer *lx, uint32_t pos, ll_token *tok)
{
    const unsigned char *t = lx->t;
    tok->off = pos;
    tok->sub = NULL;
    tok->sublen = 0;
    if (pos >= lx->len) {
        tok->kind = TK_EOF, tok->len = 0;
        return;
    }
    unsigned char c = t[pos];
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_') {
        lex_word(lx, pos, tok);
    } else if (c >= '0' && c <= '9') {
        lex_number(t, lx->len, pos, tok);
    } else if (c == '"') {
        uint32_t end = string_end(t, lx->len, pos);
        tok->kind = end ? TK_STRING : TK_ERROR;
        tok->len = end ? end - pos : 1;
    } else if (c == '#') {
        uint32_t i = pos + 1;
        while (i < lx->len && i - pos <= 9 && is_hex(t[i]))
            i++;
        uint32_t h = i - pos - 1;
        int ok = h >= 3 && h <= 8 && (i == lx->len || !is_word(t[i]));
        tok->kind = ok ? TK_HEX : TK_ERROR;
        tok->len = ok ? h + 1 : 1;
    } else if (!lex_punct(t, lx->len, pos, tok)) {
        uint32_t n;
        tok->kind = ll_is_unknown_char(t, pos, lx->len, &n) ? TK_UNKNOWN : TK_ERROR;
        tok->len = n;
    }
}

/* Lex the next token into the lookahead buffer. */
static void fill(ll_lexer *lx)
{
    ll_token *tok = &lx->la[(lx->la_head + lx->la_count) % LL_LOOKAHEAD];
    uint32_t pos = skip_trivia(lx, lx->pos);
    lex_at(lx, pos, tok);
    uint32_t reach = pos + (tok->len ? tok->len : 1);
    if (reach > lx->reach)
        lx->reach = reach;
    /* After an error or at the end, stay put: every further peek repeats it. */
    if (tok->kind != TK_ERROR && tok->kind != TK_EOF)
        lx->pos = pos + tok->len;
    else
        lx->pos = pos;
    lx->la_count++;
}

const ll_token *ll_peek_slow(ll_lexer *lx, unsigned k)
{
    while (lx->la_count <= k)
        fill(lx);
    return &lx->la[(lx->la_head + k) % LL_LOOKAHEAD];
}

ll_token ll_next(ll_lexer *lx)
{
    ll_token tok = *ll_peek(lx, 0);
    if (tok.kind != TK_EOF && tok.kind != TK_ERROR) {
        lx->la_head = (lx->la_head + 1) % LL_LOOKAHEAD;
        lx->la_count--;
        lx->prev_end = tok.off + tok.len;
    }
    return tok;
}

void ll_lex_seek(ll_lexer *lx, uint32_t pos)
{
    lx->la_count = 0;
    lx->la_head = 0;
    lx->pos = pos > lx->len ? lx->len : pos;
    lx->prev_end = lx->pos;
    uint32_t lo = 0, hi = lx->src->nalias_lines;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (lx->src->alias_lines[mid].start < lx->pos)
            lo = mid + 1;
        else
            hi = mid;
    }
    lx->next_alias = lo;
}

uint32_t ll_lex_next_start(ll_lexer *lx)
{
    return ll_peek(lx, 0)->off;
}

const char *ll_tok_text(const ll_lexer *lx, const ll_token *tok, uint32_t *len)
{
    if (tok->sub) {
        *len = tok->sublen;
        return tok->sub;
    }
    *len = tok->len;
    return lx->src->text + tok->off;
}

/* Replace alias names (whole words starting with A-Z) in s[0..len). */
static const char *substitute(const ll_source *src, const char *s, uint32_t len,
                              locus_arena *arena, uint32_t *outlen)
{
    locus_buf out = LOCUS_BUF_INIT;
    uint32_t i = 0, copied = 0;
    const char *result = s;
    *outlen = len;
    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        if (!is_word(c)) {
            i++;
            continue;
        }
        uint32_t j = i;
        while (j < len && is_word((unsigned char)s[j]))
            j++;
        const ll_alias *a = c >= 'A' && c <= 'Z' ? ll_source_alias(src, s + i, j - i) : NULL;
        if (a && (locus_buf_append(&out, s + copied, i - copied) ||
                  locus_buf_append(&out, src->text + a->target_off, a->target_len)))
            goto fail;
        if (a)
            copied = j;
        i = j;
    }
    if (out.data) {
        if (locus_buf_append(&out, s + copied, len - copied))
            goto fail;
        char *copy = locus_arena_strndup(arena, out.data, out.len);
        if (!copy)
            goto fail;
        *outlen = (uint32_t)out.len;
        result = copy;
    }
    locus_buf_free(&out);
    return result;
fail:
    locus_buf_free(&out);
    return NULL;
}

const char *ll_string_value(const ll_lexer *lx, const ll_token *tok, locus_arena *arena,
                            uint32_t *len)
{
    const char *s = lx->src->text + tok->off + 1;
    uint32_t n = tok->len >= 2 ? tok->len - 2 : 0;
    if (!lx->src->naliases) {
        *len = n;
        return s;
    }
    return substitute(lx->src, s, n, arena, len);
}

uint32_t ll_find_lex_error(const ll_source *src, uint32_t pos)
{
    ll_lexer lx;
    ll_lex_init(&lx, src);
    ll_lex_seek(&lx, pos);
    for (;;) {
        ll_token tok = ll_next(&lx);
        if (tok.kind == TK_ERROR)
            return tok.off;
        if (tok.kind == TK_EOF)
            return UINT32_MAX;
    }
}
