/* items.c — opening AST items of input ports and reading the name index. */
#include "items.h"

#include <string.h>

int gen_open_item(locus_task *task, const locus_port *port, size_t index, locus_ast *out)
{
    if (!locus_item_data(task, port, index, NULL))
        return -1; /* the core has reported why */
    int rc = locus_item_ast(task, port, index, out);
    if (rc == LOCUS_AST_OK)
        return 0;
    locus_error(task, NULL, 0, 0, "item '%s' is not a Locus AST: %s", locus_item_key(port, index),
                locus_ast_strerror(rc));
    return -1;
}

int gen_open_single(locus_task *task, const char *port_name, locus_ast *out)
{
    const locus_port *port = locus_input(task, port_name);
    memset(out, 0, sizeof *out);
    if (!port || locus_port_count(port) == 0)
        return 0;
    return gen_open_item(task, port, 0, out);
}

int gen_index_names(const locus_ast *index, locus_ast_field category, locus_arena *arena,
                    gen_names *out)
{
    locus_node root = locus_ast_root(index);
    size_t n = locus_ast_list_count(index, root, category);
    out->count = 0;
    out->names = locus_arena_alloc(arena, (n ? n : 1) * sizeof *out->names);
    if (!out->names)
        return -1;
    for (size_t i = 0; i < n; i++) {
        locus_node ident = locus_ast_list_at(index, root, category, i);
        const char *name = locus_ast_str(index, ident, NULL);
        if (name)
            out->names[out->count++] = name;
    }
    return 0;
}
