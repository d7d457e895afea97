/* ast_dump.c — the text form of ast_dump.h: S-expressions with field
 * names, compact enough to compare whole trees in tests. IDENT nodes
 * print as their bare text; slices print between « ». */
#include <stdio.h>

#include "ast_dump.h"

static int put_escaped(locus_buf *out, const char *s, size_t len)
{
    int rc = 0;
    for (size_t i = 0; i < len && !rc; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '\n')
            rc = locus_buf_puts(out, "\\n");
        else if (c == '"' || c == '\\')
            rc = locus_buf_printf(out, "\\%c", c);
        else if (c < 0x20)
            rc = locus_buf_printf(out, "\\x%02x", c);
        else
            rc = locus_buf_putc(out, (char)c);
    }
    return rc;
}

static int dump(const locus_ast *ast, locus_node n, unsigned opt, locus_buf *out);

static int dump_field(const locus_ast *ast, locus_node n, locus_field_info fi, unsigned opt,
                      locus_buf *out)
{
    int rc = 0;
    switch (fi.type) {
    case LOCUS_FT_NODE:
        rc = dump(ast, locus_ast_get(ast, n, fi.id), opt, out);
        break;
    case LOCUS_FT_LIST: {
        size_t count = locus_ast_list_count(ast, n, fi.id);
        rc = locus_buf_putc(out, '[');
        for (size_t i = 0; i < count && !rc; i++) {
            if (i)
                rc = locus_buf_putc(out, ' ');
            rc = rc ? rc : dump(ast, locus_ast_list_at(ast, n, fi.id, i), opt, out);
        }
        rc = rc ? rc : locus_buf_putc(out, ']');
        break;
    }
    case LOCUS_FT_STR: {
        size_t len;
        const char *s = locus_ast_get_str(ast, n, fi.id, &len);
        rc = locus_buf_putc(out, '"') || put_escaped(out, s, len) || locus_buf_putc(out, '"');
        break;
    }
    case LOCUS_FT_NUM: {
        double v = 0;
        locus_ast_get_num(ast, n, fi.id, &v);
        rc = locus_buf_printf(out, "%.17g", v) < 0;
        break;
    }
    case LOCUS_FT_INT:
        rc = locus_buf_printf(out, "%d", (int)locus_ast_get_int(ast, n, fi.id, 0)) < 0;
        break;
    case LOCUS_FT_SLICE: {
        locus_slice s;
        locus_ast_get_slice(ast, n, fi.id, &s);
        rc = locus_buf_puts(out, "\xC2\xAB") || put_escaped(out, s.text, s.length) ||
             locus_buf_puts(out, "\xC2\xBB");
        break;
    }
    default:
        rc = locus_buf_puts(out, "?");
    }
    return rc ? -1 : 0;
}

static int dump(const locus_ast *ast, locus_node n, unsigned opt, locus_buf *out)
{
    locus_ast_kind kind = locus_ast_kind_of(ast, n);
    size_t slen;
    const char *s = locus_ast_str(ast, n, &slen);
    locus_span sp = locus_ast_span(ast, n);
    if (kind == LOCUS_AST_IDENT && !(opt & LL_DUMP_POSITIONS) && !locus_ast_flags(ast, n))
        return put_escaped(out, s, slen) ? -1 : 0;
    const char *name = locus_ast_kind_name(kind);
    int rc = locus_buf_printf(out, "(%s", name ? name : "?") < 0;
    if (!rc && (opt & LL_DUMP_POSITIONS))
        rc = locus_buf_printf(out, "@%u:%u", sp.line, sp.column) < 0;
    if (!rc && (opt & LL_DUMP_FLAGS) && locus_ast_flags(ast, n))
        rc = locus_buf_printf(out, " #%x", locus_ast_flags(ast, n)) < 0;
    if (!rc && s)
        rc = locus_buf_puts(out, " \"") || put_escaped(out, s, slen) || locus_buf_putc(out, '"');
    size_t nf = locus_ast_field_count(ast, n);
    for (size_t i = 0; i < nf && !rc; i++) {
        locus_field_info fi = locus_ast_field_at(ast, n, i);
        if (fi.id == LOCUS_F_CHILDREN)
            continue;
        const char *fname = locus_ast_field_name(fi.id);
        rc = locus_buf_printf(out, " %s=", fname ? fname : "?") < 0 ||
             dump_field(ast, n, fi, opt, out);
    }
    size_t nc = locus_ast_child_count(ast, n);
    for (size_t i = 0; i < nc && !rc; i++)
        rc = locus_buf_putc(out, ' ') || dump(ast, locus_ast_child(ast, n, i), opt, out);
    return rc || locus_buf_putc(out, ')') ? -1 : 0;
}

int ll_ast_dump(const locus_ast *ast, locus_node node, unsigned options, locus_buf *out)
{
    if (!node)
        return locus_buf_puts(out, "()") ? -1 : 0;
    return dump(ast, node, options, out);
}
