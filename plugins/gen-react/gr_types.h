/* gr_types.h — Locus type names as TypeScript types, for component props
 * (outputs.md §6.1 with O-07 fixed: every type keeps its own meaning),
 * page state (Q-18 fixed) and action parameters (Q-19/O-08 fixed). */
#ifndef GR_TYPES_H
#define GR_TYPES_H

#include "gr_out.h"
#include "gr_text.h"
#include "locus/ast.h"

typedef enum gr_ts {
    GR_TS_ANY = 0, /* entities, Json, unknown names */
    GR_TS_STRING,
    GR_TS_NUMBER,
    GR_TS_BOOLEAN,
    GR_TS_NODE /* slot, node, children: React.ReactNode */
} gr_ts;

/* The TypeScript base type of a Locus type name (case-insensitive). */
gr_ts gr_ts_of_name(gr_str name);
/* The base type of a TYPE node (ANY for no node). */
gr_ts gr_ts_of_type(const locus_ast *ast, locus_node type);
int gr_type_is_list(const locus_ast *ast, locus_node type);
int gr_type_is_optional(const locus_ast *ast, locus_node type);

/* The TypeScript spelling of a base type. */
const char *gr_ts_name(gr_ts ts);

/* A value type: `string`, `number[]`, `any[]`, `string | null` (optional
 * or nullable types get `| null`; `any` absorbs it). */
void gr_put_value_type(gr_out *out, const locus_ast *ast, locus_node type, int nullable);

/* A component prop type: lists are `any[]` (as the reference writes
 * them), the rest their base type. */
void gr_put_prop_type(gr_out *out, const locus_ast *ast, locus_node type);

#endif
