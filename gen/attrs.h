/* attrs.h — entity field/relation attributes as the backend generators see
 * them (outputs.md §2.2, §4.1): every legacy `( … )` attribute first, in
 * source order, then every `@` annotation in source order. The AST keeps
 * them interleaved as written; this iterator applies the reference's order
 * without allocating. */
#ifndef GEN_ATTRS_H
#define GEN_ATTRS_H

#include "locus/ast.h"

typedef struct gen_attr_iter {
    const locus_ast *ast;
    locus_node owner;  /* FIELD or RELATION */
    size_t count;      /* attributes in the ATTRS list */
    size_t index;      /* next position to look at */
    int pass;          /* 0: paren attributes, 1: annotations, 2: done */
} gen_attr_iter;

void gen_attr_iter_init(gen_attr_iter *it, const locus_ast *ast, locus_node owner);
/* The next attribute in reference order, or LOCUS_NODE_NONE at the end. */
locus_node gen_attr_next(gen_attr_iter *it);

/* The node's declared name (LOCUS_F_NAME), or "" when it has none: never
 * NULL, so it can go straight into text. */
const char *gen_name(const locus_ast *ast, locus_node node);

/* 1 if the attribute's name is exactly `name`. */
int gen_attr_is(const locus_ast *ast, locus_node attr, const char *name);
/* Number of arguments and the i-th one (LOCUS_NODE_NONE past the end). */
size_t gen_attr_argc(const locus_ast *ast, locus_node attr);
locus_node gen_attr_arg(const locus_ast *ast, locus_node attr, size_t index);
/* The first argument of the given kind, or LOCUS_NODE_NONE. */
locus_node gen_attr_first_of(const locus_ast *ast, locus_node attr, locus_ast_kind kind);

#endif
