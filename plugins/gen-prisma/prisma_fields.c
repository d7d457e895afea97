/* prisma_fields.c — Prisma lines of scalar and list fields (outputs.md
 * §2.2): mapped type, `?`, the attributes that Prisma knows (@unique,
 * @default, @map) in the reference's order, and the `// nullable` note. */
#include <string.h>

#include "attrs.h"
#include "genutil.h"
#include "prisma.h"

/* mapType of outputs.md §2.2; unknown names fall back to String. */
static const char *prisma_type(const char *scalar)
{
    static const char *const map[][2] = {
        {"String", "String"},     {"Text", "String"},  {"Integer", "Int"},
        {"Decimal", "Decimal"},   {"Boolean", "Boolean"}, {"DateTime", "DateTime"},
        {"Json", "Json"},         {"BigInt", "BigInt"}, {"Float", "Float"},
        {"UUID", "String"},       {"Email", "String"},  {"URL", "String"},
    };
    for (size_t i = 0; scalar && i < sizeof map / sizeof map[0]; i++)
        if (strcmp(map[i][0], scalar) == 0)
            return map[i][1];
    return "String";
}

static int put_node_str(locus_buf *out, const locus_ast *ast, locus_node node)
{
    size_t len;
    const char *s = locus_ast_str(ast, node, &len);
    return s ? locus_buf_append(out, s, len) : 0;
}

static int put_call(locus_buf *out, const locus_ast *ast, locus_node call)
{
    locus_node callee = locus_ast_get(ast, call, LOCUS_F_CALLEE);
    size_t len;
    const char *name = locus_ast_kind_of(ast, callee) == LOCUS_AST_IDENT
                           ? locus_ast_str(ast, callee, &len)
                           : locus_ast_text(ast, callee, &len);
    int rc = name ? locus_buf_append(out, name, len) : 0;
    rc |= locus_buf_putc(out, '(');
    size_t n = locus_ast_list_count(ast, call, LOCUS_F_ARGS);
    for (size_t i = 0; i < n; i++) {
        if (i)
            rc |= locus_buf_puts(out, ", ");
        rc |= gp_default_value(out, ast, locus_ast_list_at(ast, call, LOCUS_F_ARGS, i));
    }
    return rc | locus_buf_putc(out, ')');
}

static int put_array(locus_buf *out, const locus_ast *ast, locus_node array)
{
    int rc = locus_buf_putc(out, '[');
    size_t n = locus_ast_child_count(ast, array);
    for (size_t i = 0; i < n; i++) {
        if (i)
            rc |= locus_buf_puts(out, ", ");
        rc |= gp_default_value(out, ast, locus_ast_child(ast, array, i));
    }
    return rc | locus_buf_putc(out, ']');
}

/* renderDefault: strings keep their raw text, identifiers other than
 * true/false become strings, numbers print as JavaScript numbers. */
int gp_default_value(locus_buf *out, const locus_ast *ast, locus_node value)
{
    switch (locus_ast_kind_of(ast, value)) {
    case LOCUS_AST_STRING:
        return locus_buf_putc(out, '"') | put_node_str(out, ast, value) | locus_buf_putc(out, '"');
    case LOCUS_AST_IDENT: {
        const char *s = locus_ast_str(ast, value, NULL);
        if (s && (strcmp(s, "true") == 0 || strcmp(s, "false") == 0))
            return locus_buf_puts(out, s);
        return locus_buf_putc(out, '"') | put_node_str(out, ast, value) | locus_buf_putc(out, '"');
    }
    case LOCUS_AST_NUMBER:
        return gen_js_number(out, locus_ast_number(ast, value));
    case LOCUS_AST_CALL:
        return put_call(out, ast, value);
    case LOCUS_AST_ARRAY: /* only in invalid programs (V-40); Prisma's list form */
        return put_array(out, ast, value);
    default:
        return locus_buf_puts(out, "null");
    }
}

static int put_attribute(locus_buf *out, const locus_ast *ast, locus_node attr)
{
    locus_node arg = gen_attr_arg(ast, attr, 0);
    if (gen_attr_is(ast, attr, "unique"))
        return locus_buf_puts(out, " @unique");
    if (gen_attr_is(ast, attr, "default"))
        return locus_buf_puts(out, " @default(") | gp_default_value(out, ast, arg) |
               locus_buf_putc(out, ')');
    if (gen_attr_is(ast, attr, "map"))
        return locus_buf_puts(out, " @map(\"") | put_node_str(out, ast, arg) |
               locus_buf_puts(out, "\")");
    return 0; /* validation-only and unknown attributes */
}

static int put_type(locus_buf *out, const locus_ast *ast, locus_node type)
{
    uint32_t flags = locus_ast_flags(ast, type);
    int rc = locus_buf_puts(out, prisma_type(locus_ast_name(ast, type, NULL)));
    if (flags & LOCUS_FLAG_LIST)
        return rc | locus_buf_puts(out, "[]");
    if (flags & (LOCUS_FLAG_OPTIONAL | LOCUS_FLAG_NULLABLE | LOCUS_FLAG_NULL_UNION))
        rc |= locus_buf_putc(out, '?');
    return rc;
}

/* Nullable (`| Null` or `nullable`) and not optional; lists never. */
static int needs_nullable_note(const locus_ast *ast, locus_node type)
{
    uint32_t flags = locus_ast_flags(ast, type);
    return !(flags & (LOCUS_FLAG_LIST | LOCUS_FLAG_OPTIONAL)) &&
           (flags & (LOCUS_FLAG_NULLABLE | LOCUS_FLAG_NULL_UNION));
}

int gp_field_line(locus_buf *out, const locus_ast *ast, locus_node field)
{
    locus_node type = locus_ast_get(ast, field, LOCUS_F_TYPE);
    int rc = put_node_str(out, ast, locus_ast_get(ast, field, LOCUS_F_NAME));
    rc |= locus_buf_putc(out, ' ') | put_type(out, ast, type);
    gen_attr_iter it;
    gen_attr_iter_init(&it, ast, field);
    for (locus_node attr; (attr = gen_attr_next(&it)) != LOCUS_NODE_NONE;)
        rc |= put_attribute(out, ast, attr);
    /* O-15 FIX: after the attributes, so that they stay in the schema. */
    if (needs_nullable_note(ast, type))
        rc |= locus_buf_puts(out, " // nullable");
    return rc ? -1 : 0;
}
