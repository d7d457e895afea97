/* gr_scan.c — a small tokenizer for JavaScript-like text (gr_scan.h). */
#include "gr_scan.h"

#include <string.h>

/* Operators longest first, so the first prefix that matches wins. */
static const char *const puncts[] = {
    "===", "!==", "...", "**=", "<<=", ">>=", "&&=", "||=", "?\?=", "==", "!=", "<=", ">=",
    "=>",  "&&",  "||",  "??",  "?.",  "++",  "--",  "+=",  "-=",  "*=",  "/=",  "%=", "**",
};

static size_t quoted_end(gr_str t, size_t i)
{
    char q = t.s[i];
    for (size_t j = i + 1; j < t.len; j++) {
        if (t.s[j] == '\\')
            j++;
        else if (t.s[j] == q)
            return j + 1;
    }
    return t.len;
}

static size_t comment_end(gr_str t, size_t i)
{
    if (t.s[i + 1] == '/') {
        while (i < t.len && t.s[i] != '\n' && t.s[i] != '\r')
            i++;
        return i;
    }
    for (size_t j = i + 2; j + 1 < t.len; j++)
        if (t.s[j] == '*' && t.s[j + 1] == '/')
            return j + 2;
    return t.len;
}

static size_t punct_len(gr_str t, size_t i)
{
    for (size_t k = 0; k < sizeof puncts / sizeof puncts[0]; k++) {
        size_t n = strlen(puncts[k]);
        if (i + n <= t.len && memcmp(t.s + i, puncts[k], n) == 0)
            return n;
    }
    return 1;
}

gr_token gr_scan_at(gr_str t, size_t pos)
{
    gr_token tok = {GR_TK_END, pos, 0, 0};
    if (pos >= t.len)
        return tok;
    unsigned char c = (unsigned char)t.s[pos];
    size_t end = pos + 1;
    if (gr_is_space(c)) {
        tok.kind = GR_TK_SPACE;
        for (end = pos; end < t.len && gr_is_space((unsigned char)t.s[end]); end++)
            if (t.s[end] == '\n' || t.s[end] == '\r')
                tok.newline = 1;
    } else if (c == '/' && pos + 1 < t.len && (t.s[pos + 1] == '/' || t.s[pos + 1] == '*')) {
        tok.kind = GR_TK_COMMENT;
        end = comment_end(t, pos);
    } else if (c == '"' || c == '\'' || c == '`') {
        tok.kind = GR_TK_STRING;
        end = quoted_end(t, pos);
    } else if (gr_is_ident_start(c) || c >= 0x80) {
        tok.kind = GR_TK_IDENT;
        while (end < t.len &&
               (gr_is_ident_char((unsigned char)t.s[end]) || (unsigned char)t.s[end] >= 0x80))
            end++;
    } else if (c >= '0' && c <= '9') {
        tok.kind = GR_TK_NUMBER;
        while (end < t.len && (gr_is_ident_char((unsigned char)t.s[end]) || t.s[end] == '.'))
            end++;
    } else {
        tok.kind = GR_TK_PUNCT;
        end = pos + punct_len(t, pos);
    }
    tok.len = end - pos;
    return tok;
}

int gr_scan_all(gr_str t, locus_arena *arena, gr_tokens *out)
{
    size_t cap = 16, n = 0;
    gr_token *items = locus_arena_alloc(arena, cap * sizeof *items);
    int newline = 0;
    for (size_t pos = 0; items;) {
        gr_token tok = gr_scan_at(t, pos);
        if (tok.kind == GR_TK_END)
            break;
        pos += tok.len;
        if (tok.kind == GR_TK_SPACE || tok.kind == GR_TK_COMMENT) {
            newline |= tok.newline;
            continue;
        }
        if (n == cap) {
            gr_token *grown = locus_arena_alloc(arena, 2 * cap * sizeof *grown);
            if (grown)
                memcpy(grown, items, n * sizeof *items);
            items = grown, cap *= 2;
            if (!items)
                break;
        }
        tok.newline = newline;
        newline = 0;
        items[n++] = tok;
    }
    out->items = items;
    out->count = items ? n : 0;
    return items ? 0 : -1;
}

int gr_tok_is(gr_str text, const gr_token *tok, const char *lit)
{
    size_t n = strlen(lit);
    return tok->len == n && memcmp(text.s + tok->off, lit, n) == 0;
}

/* The next significant token after pos. */
static gr_token next_significant(gr_str t, size_t pos)
{
    for (;;) {
        gr_token tok = gr_scan_at(t, pos);
        if (tok.kind != GR_TK_SPACE && tok.kind != GR_TK_COMMENT)
            return tok;
        pos += tok.len;
    }
}

void gr_scan_free_names(gr_str t, gr_ident_fn fn, void *ctx)
{
    int after_dot = 0;
    unsigned brace_depth = 0;
    for (size_t pos = 0;;) {
        gr_token tok = gr_scan_at(t, pos);
        if (tok.kind == GR_TK_END)
            return;
        pos += tok.len;
        if (tok.kind == GR_TK_SPACE || tok.kind == GR_TK_COMMENT)
            continue;
        if (tok.kind == GR_TK_IDENT && !after_dot) {
            gr_token next = next_significant(t, pos);
            int key = brace_depth && gr_tok_is(t, &next, ":");
            if (!key)
                fn(ctx, (gr_str){t.s + tok.off, tok.len});
        }
        after_dot = gr_tok_is(t, &tok, ".") || gr_tok_is(t, &tok, "?.");
        if (gr_tok_is(t, &tok, "{"))
            brace_depth++;
        else if (gr_tok_is(t, &tok, "}") && brace_depth)
            brace_depth--;
    }
}
