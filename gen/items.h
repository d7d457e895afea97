/* items.h — reading the AST items of a task's input ports: opening an
 * item's blob (with a clear error when it is not one) and listing the
 * names the merge stage's `index` holds for one category. */
#ifndef GEN_ITEMS_H
#define GEN_ITEMS_H

#include <stddef.h>

#include "locus/ast.h"
#include "locus/locus.h"

/* Open item `index` of port as an AST. Returns 0, or -1 after reporting
 * an error diagnostic (the bytes could not be loaded or are no AST). */
int gen_open_item(locus_task *task, const locus_port *port, size_t index, locus_ast *out);

/* Open the only item of the input port `port_name` (`index`,
 * `design_system`, ...). A port without items gives 0 and an AST whose
 * root is LOCUS_NODE_NONE (every accessor then returns "absent"). */
int gen_open_single(locus_task *task, const char *port_name, locus_ast *out);

/* Names in declaration order. */
typedef struct gen_names {
    const char **names;
    size_t count;
} gen_names;

/* The names of one category (LOCUS_F_PAGES, LOCUS_F_WORKFLOWS, ...) of an
 * index blob; the array is in arena, the strings point into the blob.
 * Returns 0 or -1 (out of memory). */
int gen_index_names(const locus_ast *index, locus_ast_field category, locus_arena *arena,
                    gen_names *out);

#endif
