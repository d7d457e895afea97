/* attrs.c — attributes in the reference's order (attrs.h). */
#include "attrs.h"

#include <string.h>

void gen_attr_iter_init(gen_attr_iter *it, const locus_ast *ast, locus_node owner)
{
    it->ast = ast;
    it->owner = owner;
    it->count = locus_ast_list_count(ast, owner, LOCUS_F_ATTRS);
    it->index = 0;
    it->pass = 0;
}

locus_node gen_attr_next(gen_attr_iter *it)
{
    while (it->pass < 2) {
        while (it->index < it->count) {
            locus_node attr = locus_ast_list_at(it->ast, it->owner, LOCUS_F_ATTRS, it->index++);
            int paren = (locus_ast_flags(it->ast, attr) & LOCUS_FLAG_PAREN) != 0;
            if (paren == (it->pass == 0))
                return attr;
        }
        it->pass++;
        it->index = 0;
    }
    return LOCUS_NODE_NONE;
}

const char *gen_name(const locus_ast *ast, locus_node node)
{
    const char *name = locus_ast_name(ast, node, NULL);
    return name ? name : "";
}

int gen_attr_is(const locus_ast *ast, locus_node attr, const char *name)
{
    size_t len;
    const char *have = locus_ast_name(ast, attr, &len);
    return have && len == strlen(name) && memcmp(have, name, len) == 0;
}

size_t gen_attr_argc(const locus_ast *ast, locus_node attr)
{
    return locus_ast_list_count(ast, attr, LOCUS_F_ARGS);
}

locus_node gen_attr_arg(const locus_ast *ast, locus_node attr, size_t index)
{
    return locus_ast_list_at(ast, attr, LOCUS_F_ARGS, index);
}

locus_node gen_attr_first_of(const locus_ast *ast, locus_node attr, locus_ast_kind kind)
{
    size_t n = gen_attr_argc(ast, attr);
    for (size_t i = 0; i < n; i++) {
        locus_node arg = gen_attr_arg(ast, attr, i);
        if (locus_ast_kind_of(ast, arg) == kind)
            return arg;
    }
    return LOCUS_NODE_NONE;
}
