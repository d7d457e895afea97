/* theme_css.c — theme.css from a DESIGN_SYSTEM node. Themes and tokens are
 * printed in code-unit order (outputs.md §0.2b); a name given twice keeps
 * its last definition, as the reference's JavaScript objects do. */
#include "theme_css.h"

#include <stdlib.h>

#include "genutil.h"

/* A named node and its position among its siblings (ties sort by it, so
 * the last definition of a name comes last in its group). */
typedef struct gt_named {
    const char *name;
    size_t order;
    locus_node node;
} gt_named;

typedef struct gt_list {
    gt_named *items;
    size_t count, cap;
} gt_list;

static int list_push(gt_list *list, const char *name, locus_node node)
{
    if (!name)
        return 0;
    if (list->count == list->cap) {
        size_t cap = list->cap ? list->cap * 2 : 16;
        gt_named *grown = realloc(list->items, cap * sizeof *grown);
        if (!grown)
            return -1;
        list->items = grown;
        list->cap = cap;
    }
    list->items[list->count] = (gt_named){name, list->count, node};
    list->count++;
    return 0;
}

static int named_cmp(const void *a, const void *b)
{
    const gt_named *x = a, *y = b;
    int c = gen_codeunit_cmp(x->name, y->name);
    if (c)
        return c;
    return (x->order > y->order) - (x->order < y->order);
}

/* Sort, then keep only the last item of each run of equal names. */
static void sort_last_wins(gt_list *list)
{
    if (list->count)
        qsort(list->items, list->count, sizeof *list->items, named_cmp);
    size_t kept = 0;
    for (size_t i = 0; i < list->count; i++) {
        int last_of_run = i + 1 == list->count ||
                          gen_codeunit_cmp(list->items[i].name, list->items[i + 1].name) != 0;
        if (last_of_run)
            list->items[kept++] = list->items[i];
    }
    list->count = kept;
}

static int collect_themes(const locus_ast *ast, locus_node ds, gt_list *themes)
{
    for (size_t i = 0; i < locus_ast_child_count(ast, ds); i++) {
        locus_node section = locus_ast_child(ast, ds, i);
        if (locus_ast_kind_of(ast, section) != LOCUS_AST_COLORS)
            continue;
        for (size_t t = 0; t < locus_ast_child_count(ast, section); t++) {
            locus_node theme = locus_ast_child(ast, section, t);
            if (locus_ast_kind_of(ast, theme) == LOCUS_AST_THEME &&
                list_push(themes, locus_ast_name(ast, theme, NULL), theme))
                return -1;
        }
    }
    sort_last_wins(themes);
    return 0;
}

/* A token's value: a string's content between the quotes, or a hex colour
 * or number as written. */
static int put_value(locus_buf *out, const locus_ast *ast, locus_node value)
{
    size_t len = 0;
    const char *text = locus_ast_str(ast, value, &len);
    if (!text)
        text = locus_ast_text(ast, value, &len);
    return text ? locus_buf_append(out, text, len) : 0;
}

static int put_theme(locus_buf *out, const locus_ast *ast, const gt_named *theme)
{
    gt_list tokens = {0};
    int rc = 0;
    for (size_t i = 0; i < locus_ast_child_count(ast, theme->node) && rc == 0; i++) {
        locus_node entry = locus_ast_child(ast, theme->node, i);
        if (locus_ast_kind_of(ast, entry) == LOCUS_AST_ENTRY)
            rc = list_push(&tokens, locus_ast_name(ast, entry, NULL), entry);
    }
    sort_last_wins(&tokens);
    rc = rc || locus_buf_printf(out, "[data-theme=\"%s\"] {\n", theme->name);
    for (size_t i = 0; i < tokens.count && rc == 0; i++) {
        locus_node value = locus_ast_get(ast, tokens.items[i].node, LOCUS_F_VALUE);
        rc = locus_buf_printf(out, "  --color-%s: ", tokens.items[i].name) ||
             put_value(out, ast, value) || locus_buf_puts(out, ";\n");
    }
    free(tokens.items);
    return rc || locus_buf_puts(out, "}\n") ? -1 : 0;
}

int gt_theme_css(const locus_ast *ast, locus_node design_system, locus_buf *out)
{
    gt_list themes = {0};
    int rc = gen_css_header(out, "theme css") || collect_themes(ast, design_system, &themes);
    if (rc == 0 && themes.count == 0)
        rc = locus_buf_puts(out, "/* no design system colors defined */\n");
    for (size_t i = 0; i < themes.count && rc == 0; i++)
        rc = put_theme(out, ast, &themes.items[i]);
    free(themes.items);
    return rc ? -1 : 0;
}
