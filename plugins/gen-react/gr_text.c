/* gr_text.c — small text helpers of the React generators (gr_text.h). */
#include "gr_text.h"

#include <string.h>

int gr_is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

int gr_is_ident_start(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$';
}

int gr_is_ident_char(unsigned char c)
{
    return gr_is_ident_start(c) || (c >= '0' && c <= '9');
}

int gr_is_identifier(const char *s, size_t len)
{
    if (len == 0 || !gr_is_ident_start((unsigned char)s[0]))
        return 0;
    for (size_t i = 1; i < len; i++)
        if (!gr_is_ident_char((unsigned char)s[i]))
            return 0;
    return 1;
}

gr_str gr_trim(gr_str text)
{
    while (text.len && gr_is_space((unsigned char)text.s[0]))
        text.s++, text.len--;
    while (text.len && gr_is_space((unsigned char)text.s[text.len - 1]))
        text.len--;
    return text;
}

int gr_str_eq(gr_str a, const char *lit)
{
    size_t n = strlen(lit);
    return a.len == n && memcmp(a.s, lit, n) == 0;
}

int gr_str_same(gr_str a, gr_str b)
{
    return a.len == b.len && (a.len == 0 || memcmp(a.s, b.s, a.len) == 0);
}

gr_str gr_node_text(const locus_ast *ast, locus_node node)
{
    gr_str t = {"", 0};
    if (!node)
        return t;
    const char *s = locus_ast_text(ast, node, &t.len);
    t.s = s ? s : "";
    if (!s)
        t.len = 0;
    return t;
}

gr_str gr_expr_text(const locus_ast *ast, locus_node expr)
{
    gr_str t = gr_node_text(ast, expr);
    locus_span sp = locus_ast_span(ast, expr);
    size_t flen;
    const char *file = locus_ast_file_text(ast, sp.file, &flen);
    if (!t.len || !file || sp.offset + sp.length > flen)
        return t;
    size_t from = sp.offset, to = sp.offset + sp.length;
    for (;;) {
        size_t a = from, b = to;
        while (a > 0 && gr_is_space((unsigned char)file[a - 1]))
            a--;
        while (b < flen && gr_is_space((unsigned char)file[b]))
            b++;
        if (a == 0 || b >= flen || file[a - 1] != '(' || file[b] != ')')
            break;
        from = a - 1, to = b + 1;
    }
    t.s = file + from;
    t.len = to - from;
    return t;
}

gr_str gr_name(const locus_ast *ast, locus_node node)
{
    gr_str t = {"", 0};
    const char *s = locus_ast_name(ast, node, &t.len);
    if (s)
        t.s = s;
    else
        t.len = 0;
    return t;
}

void gr_put_jsx_text(gr_out *out, gr_str text)
{
    size_t start = 0;
    for (size_t i = 0; i < text.len; i++) {
        char c = text.s[i];
        if (c != '{' && c != '}' && c != '<' && c != '>')
            continue;
        gr_putn(out, text.s + start, i - start);
        char esc[] = "{'x'}";
        esc[2] = c;
        gr_puts(out, esc);
        start = i + 1;
    }
    gr_putn(out, text.s + start, text.len - start);
}

void gr_put_capitalized(gr_out *out, gr_str s)
{
    if (!s.len)
        return;
    char c = s.s[0];
    gr_putc(out, c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c);
    gr_putn(out, s.s + 1, s.len - 1);
}

void gr_put_lower_first(gr_out *out, gr_str s)
{
    if (!s.len)
        return;
    char c = s.s[0];
    gr_putc(out, c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c);
    gr_putn(out, s.s + 1, s.len - 1);
}

void gr_put_str(gr_out *out, gr_str s)
{
    gr_putn(out, s.s, s.len);
}
