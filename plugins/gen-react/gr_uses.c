/* gr_uses.c — what a UI block refers to (gr_uses.h). */
#include "gr_uses.h"

#include <string.h>

#include "gr_scan.h"

static void add_ident(void *ctx, gr_str name)
{
    gr_names_add(&((gr_uses *)ctx)->idents, name);
}

/* `{xSlot}`: a bare identifier ending in "Slot" names a slot (§6.1). */
static void note_bare_name(gr_uses *uses, gr_str text)
{
    text = gr_trim(text);
    if (text.len > 4 && gr_is_identifier(text.s, text.len) &&
        memcmp(text.s + text.len - 4, "Slot", 4) == 0)
        gr_names_add(&uses->slots, text);
}

static void note_expr(const locus_ast *ast, locus_node expr, gr_uses *uses)
{
    if (!expr)
        return;
    gr_str text = gr_expr_text(ast, expr);
    gr_scan_free_names(text, add_ident, uses);
    note_bare_name(uses, text);
}

static void walk_list(const locus_ast *ast, locus_node node, gr_uses *uses);

static void walk_attrs(const locus_ast *ast, locus_node el, gr_uses *uses)
{
    size_t n = locus_ast_list_count(ast, el, LOCUS_F_ATTRS);
    for (size_t i = 0; i < n; i++) {
        locus_node value = locus_ast_get(ast, locus_ast_list_at(ast, el, LOCUS_F_ATTRS, i),
                                         LOCUS_F_VALUE);
        if (value && locus_ast_kind_of(ast, value) != LOCUS_AST_STRING)
            note_expr(ast, value, uses);
    }
}

static void walk_node(const locus_ast *ast, locus_node node, gr_uses *uses)
{
    switch (locus_ast_kind_of(ast, node)) {
    case LOCUS_AST_UI_ELEMENT: {
        gr_str tag = gr_name(ast, node);
        if (tag.len && tag.s[0] >= 'A' && tag.s[0] <= 'Z')
            gr_names_add(&uses->tags, tag);
        walk_attrs(ast, node, uses);
        break;
    }
    case LOCUS_AST_UI_EXPR:
        note_expr(ast, locus_ast_get(ast, node, LOCUS_F_EXPR), uses);
        break;
    case LOCUS_AST_UI_SLOT: {
        size_t len;
        const char *name = locus_ast_str(ast, node, &len);
        if (!name || (len == 7 && memcmp(name, "default", 7) == 0))
            uses->default_slot = 1;
        else
            gr_names_add(&uses->slots, (gr_str){name, len});
        break;
    }
    case LOCUS_AST_UI_IF:
    case LOCUS_AST_UI_ELSEIF:
        note_expr(ast, locus_ast_get(ast, node, LOCUS_F_COND), uses);
        break;
    case LOCUS_AST_UI_EACH:
        note_expr(ast, locus_ast_get(ast, node, LOCUS_F_ITERABLE), uses);
        break;
    default:
        break;
    }
    walk_list(ast, node, uses);
    size_t nelif = locus_ast_list_count(ast, node, LOCUS_F_ELIFS);
    for (size_t i = 0; i < nelif; i++)
        walk_node(ast, locus_ast_list_at(ast, node, LOCUS_F_ELIFS, i), uses);
    locus_node els = locus_ast_get(ast, node, LOCUS_F_ELSE);
    if (els)
        walk_node(ast, els, uses);
}

static void walk_list(const locus_ast *ast, locus_node node, gr_uses *uses)
{
    size_t n = locus_ast_child_count(ast, node);
    for (size_t i = 0; i < n; i++)
        walk_node(ast, locus_ast_child(ast, node, i), uses);
}

int gr_collect_uses(const locus_ast *ast, locus_node ui, locus_arena *arena, gr_uses *out)
{
    memset(out, 0, sizeof *out);
    gr_names_init(&out->tags, arena);
    gr_names_init(&out->idents, arena);
    gr_names_init(&out->slots, arena);
    if (ui)
        walk_list(ast, ui, out);
    return out->tags.failed || out->idents.failed || out->slots.failed ? -1 : 0;
}
