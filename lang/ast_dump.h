/* ast_dump.h — a readable text form of an AST subtree, for tests and
 * debugging (`(KIND "str" FIELD=value … children…)`). */
#ifndef LL_AST_DUMP_H
#define LL_AST_DUMP_H

#include "locus/arena.h"
#include "locus/ast.h"

enum {
    LL_DUMP_POSITIONS = 1u << 0, /* add @line:col to every node */
    LL_DUMP_FLAGS = 1u << 1      /* add the flag bits */
};

/* Append the dump of node to out. Returns 0, or -1 on memory failure. */
int ll_ast_dump(const locus_ast *ast, locus_node node, unsigned options, locus_buf *out);

#endif
