/* ast_int.h — core-internal entry to the AST blob reader: opening a blob
 * whose nodes were already walked (locus_item_ast remembers, per item of a
 * build, that its bytes passed the full check). */
#ifndef LP_AST_INT_H
#define LP_AST_INT_H

#include <stddef.h>

#include "locus/ast.h"

/* locus_ast_open; with walk_nodes 0 only the header and the file table are
 * checked: only for bytes that passed the full check before. */
int lp_ast_open_as(const void *data, size_t len, int walk_nodes, locus_ast *out);

#endif
