/* gr_types.c — Locus type names as TypeScript types (gr_types.h). */
#include "gr_types.h"

#include <string.h>
#include <strings.h>

typedef struct type_row {
    const char *locus;
    gr_ts ts;
} type_row;

/* The reference's table (outputs.md §6.1), read with each keyword's own
 * meaning instead of the parser's "String" for all of them (O-07). */
static const type_row type_table[] = {
    {"string", GR_TS_STRING},  {"text", GR_TS_STRING},     {"email", GR_TS_STRING},
    {"url", GR_TS_STRING},     {"uuid", GR_TS_STRING},     {"integer", GR_TS_NUMBER},
    {"decimal", GR_TS_NUMBER}, {"number", GR_TS_NUMBER},   {"float", GR_TS_NUMBER},
    {"bigint", GR_TS_NUMBER},  {"boolean", GR_TS_BOOLEAN}, {"datetime", GR_TS_STRING},
    {"date", GR_TS_STRING},    {"json", GR_TS_ANY},        {"any", GR_TS_ANY},
    {"slot", GR_TS_NODE},      {"node", GR_TS_NODE},       {"children", GR_TS_NODE},
};

gr_ts gr_ts_of_name(gr_str name)
{
    for (size_t i = 0; i < sizeof type_table / sizeof type_table[0]; i++)
        if (strlen(type_table[i].locus) == name.len &&
            strncasecmp(type_table[i].locus, name.s, name.len) == 0)
            return type_table[i].ts;
    return GR_TS_ANY;
}

gr_ts gr_ts_of_type(const locus_ast *ast, locus_node type)
{
    return type ? gr_ts_of_name(gr_name(ast, type)) : GR_TS_ANY;
}

int gr_type_is_list(const locus_ast *ast, locus_node type)
{
    return type && (locus_ast_flags(ast, type) & LOCUS_FLAG_LIST);
}

int gr_type_is_optional(const locus_ast *ast, locus_node type)
{
    return type && (locus_ast_flags(ast, type) &
                    (LOCUS_FLAG_OPTIONAL | LOCUS_FLAG_NULLABLE | LOCUS_FLAG_NULL_UNION));
}

const char *gr_ts_name(gr_ts ts)
{
    switch (ts) {
    case GR_TS_STRING:
        return "string";
    case GR_TS_NUMBER:
        return "number";
    case GR_TS_BOOLEAN:
        return "boolean";
    case GR_TS_NODE:
        return "React.ReactNode";
    default:
        return "any";
    }
}

void gr_put_value_type(gr_out *out, const locus_ast *ast, locus_node type, int nullable)
{
    gr_ts ts = gr_ts_of_type(ast, type);
    int list = gr_type_is_list(ast, type);
    gr_puts(out, gr_ts_name(ts));
    if (list)
        gr_puts(out, "[]");
    if ((nullable || gr_type_is_optional(ast, type)) && (list || ts != GR_TS_ANY))
        gr_puts(out, " | null");
}

void gr_put_prop_type(gr_out *out, const locus_ast *ast, locus_node type)
{
    if (gr_type_is_list(ast, type))
        gr_puts(out, "any[]");
    else
        gr_puts(out, gr_ts_name(gr_ts_of_type(ast, type)));
}
