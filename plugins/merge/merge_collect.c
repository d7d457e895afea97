/* merge_collect.c — gathering the definitions of every file, in file
 * (discovery) order and source order inside a file (language.md §12.1):
 * entities of all database blocks, pages, components, stores, workflows,
 * uploads, and the design_system blocks. */
#include <string.h>

#include "merge.h"

static const char *const category_ports[LM_NCATEGORIES] = {
    "entities", "pages", "components", "stores", "workflows", "uploads"};

const char *lm_category_port(lm_category category)
{
    return category < LM_NCATEGORIES ? category_ports[category] : NULL;
}

static int push_def(lm_defs *defs, locus_arena *arena, lm_def def)
{
    if (defs->count == defs->cap) {
        size_t cap = defs->cap ? defs->cap * 2 : 16;
        lm_def *items = locus_arena_alloc(arena, cap * sizeof *items);
        if (!items)
            return -1;
        if (defs->count)
            memcpy(items, defs->items, defs->count * sizeof *items);
        defs->items = items;
        defs->cap = cap;
    }
    defs->items[defs->count++] = def;
    return 0;
}

static int add(lm_defs *defs, locus_arena *arena, const locus_ast *ast, uint32_t file,
               locus_node node)
{
    lm_def def = {ast, file, node, NULL, 0};
    def.name = locus_ast_name(ast, node, &def.name_len);
    if (!def.name)
        def.name = "", def.name_len = 0;
    return push_def(defs, arena, def);
}

/* The category a top-level block kind belongs to, or -1. */
static int category_of(locus_ast_kind kind)
{
    switch (kind) {
    case LOCUS_AST_PAGE: return LM_PAGE;
    case LOCUS_AST_COMPONENT: return LM_COMPONENT;
    case LOCUS_AST_STORE: return LM_STORE;
    case LOCUS_AST_WORKFLOW: return LM_WORKFLOW;
    case LOCUS_AST_UPLOAD: return LM_UPLOAD;
    default: return -1;
    }
}

static int collect_block(const locus_ast *ast, uint32_t file, locus_node block,
                         locus_arena *arena, lm_project *out)
{
    locus_ast_kind kind = locus_ast_kind_of(ast, block);
    if (kind == LOCUS_AST_DATABASE) {
        size_t n = locus_ast_child_count(ast, block);
        for (size_t i = 0; i < n; i++) {
            locus_node ent = locus_ast_child(ast, block, i);
            if (locus_ast_kind_of(ast, ent) == LOCUS_AST_ENTITY &&
                add(&out->defs[LM_ENTITY], arena, ast, file, ent))
                return -1;
        }
        return 0;
    }
    if (kind == LOCUS_AST_DESIGN_SYSTEM)
        return add(&out->design_systems, arena, ast, file, block);
    int cat = category_of(kind);
    return cat < 0 ? 0 : add(&out->defs[cat], arena, ast, file, block);
}

int lm_collect(const locus_ast *asts, size_t n, locus_arena *arena, lm_project *out)
{
    memset(out, 0, sizeof *out);
    for (size_t f = 0; f < n; f++) {
        locus_node root = locus_ast_root(&asts[f]);
        size_t nblocks = locus_ast_child_count(&asts[f], root);
        for (size_t i = 0; i < nblocks; i++)
            if (collect_block(&asts[f], (uint32_t)f, locus_ast_child(&asts[f], root, i), arena,
                              out))
                return -1;
    }
    return 0;
}
