/* merge_design.c — language.md §12.2. Blocks are folded in project order;
 * inside a block the sections count in the reference's key order (colors,
 * typography, spacing, radii, shadows), which decides the order of first
 * assignment. A colors section counts only when it has a theme; an empty
 * typography/spacing/radii/shadows section still counts (it switches on the
 * design-system checks). Typography keeps only fontFamily, baseSize and
 * weights. */
#include <string.h>

#include "merge_design.h"

static int keyed_set(lm_keyed *k, locus_arena *arena, const char *key, size_t len, lm_ref ref)
{
    uint32_t at;
    if (sm_get(&k->index, key, len, &at)) {
        k->items[at] = ref;
        return 0;
    }
    if (k->count == k->cap) {
        size_t cap = k->cap ? k->cap * 2 : 8;
        lm_ref *items = locus_arena_alloc(arena, cap * sizeof *items);
        if (!items)
            return -1;
        if (k->count)
            memcpy(items, k->items, k->count * sizeof *items);
        k->items = items;
        k->cap = cap;
    }
    k->items[k->count] = ref;
    return sm_put(&k->index, key, len, (uint32_t)k->count++, NULL) < 0 ? -1 : 0;
}

/* Set every ENTRY child of section into k. */
static int set_entries(const locus_ast *ast, locus_node section, lm_keyed *k, locus_arena *arena)
{
    for (size_t i = 0; i < locus_ast_child_count(ast, section); i++) {
        locus_node e = locus_ast_child(ast, section, i);
        size_t len;
        const char *key = locus_ast_name(ast, e, &len);
        if (locus_ast_kind_of(ast, e) == LOCUS_AST_ENTRY && key &&
            keyed_set(k, arena, key, len, (lm_ref){ast, e}))
            return -1;
    }
    return 0;
}

static int fold_typography(const locus_ast *ast, locus_node typo, lm_design *ds,
                           locus_arena *arena)
{
    for (size_t i = 0; i < locus_ast_child_count(ast, typo); i++) {
        locus_node e = locus_ast_child(ast, typo, i);
        if (locus_ast_kind_of(ast, e) == LOCUS_AST_WEIGHTS) {
            if (set_entries(ast, e, &ds->weights, arena))
                return -1;
            continue;
        }
        const char *key = locus_ast_name(ast, e, NULL);
        if (locus_ast_kind_of(ast, e) != LOCUS_AST_ENTRY || !key)
            continue;
        if (strcmp(key, "fontFamily") == 0)
            ds->font_family = (lm_ref){ast, e};
        else if (strcmp(key, "baseSize") == 0)
            ds->base_size = (lm_ref){ast, e};
    }
    return 0;
}

static int section_of(locus_ast_kind kind)
{
    switch (kind) {
    case LOCUS_AST_COLORS: return LM_DS_COLORS;
    case LOCUS_AST_TYPOGRAPHY: return LM_DS_TYPOGRAPHY;
    case LOCUS_AST_SPACING: return LM_DS_SPACING;
    case LOCUS_AST_RADII: return LM_DS_RADII;
    case LOCUS_AST_SHADOWS: return LM_DS_SHADOWS;
    default: return -1;
    }
}

static int fold_section(const locus_ast *ast, locus_node sec, int which, lm_design *ds,
                        locus_arena *arena)
{
    if (which == LM_DS_COLORS) {
        for (size_t t = 0; t < locus_ast_child_count(ast, sec); t++) {
            locus_node theme = locus_ast_child(ast, sec, t);
            size_t len;
            const char *name = locus_ast_name(ast, theme, &len);
            if (name && keyed_set(&ds->themes, arena, name, len, (lm_ref){ast, theme}))
                return -1;
        }
        return 0;
    }
    if (which == LM_DS_TYPOGRAPHY)
        return fold_typography(ast, sec, ds, arena);
    return set_entries(ast, sec, &ds->tokens[which], arena);
}

/* Whether the block sets the section (a colors section needs a theme). */
static int block_sets(const locus_ast *ast, locus_node block, int which)
{
    for (size_t i = 0; i < locus_ast_child_count(ast, block); i++) {
        locus_node sec = locus_ast_child(ast, block, i);
        if (section_of(locus_ast_kind_of(ast, sec)) == which &&
            (which != LM_DS_COLORS || locus_ast_child_count(ast, sec) > 0))
            return 1;
    }
    return 0;
}

static void note_order(lm_design *ds, int which)
{
    for (int i = 0; i < ds->nsections; i++)
        if (ds->order[i] == which)
            return;
    ds->order[ds->nsections++] = which;
}

static int fold_block(const locus_ast *ast, locus_node block, lm_design *ds, locus_arena *arena)
{
    for (int which = 0; which < LM_DS_NSECTIONS; which++) {
        if (!block_sets(ast, block, which))
            continue;
        note_order(ds, which);
        for (size_t i = 0; i < locus_ast_child_count(ast, block); i++) {
            locus_node sec = locus_ast_child(ast, block, i);
            if (section_of(locus_ast_kind_of(ast, sec)) == which &&
                fold_section(ast, sec, which, ds, arena))
                return -1;
        }
    }
    return 0;
}

int lm_design_merge(const lm_defs *systems, locus_arena *arena, lm_design *out)
{
    memset(out, 0, sizeof *out);
    sm_init(&out->themes.index, arena);
    sm_init(&out->weights.index, arena);
    for (int i = 0; i < LM_DS_NSECTIONS; i++)
        sm_init(&out->tokens[i].index, arena);
    for (size_t i = 0; i < systems->count; i++)
        if (fold_block(systems->items[i].ast, systems->items[i].node, out, arena))
            return -1;
    return 0;
}

/* --- writing ------------------------------------------------------------ */

static void push_copies(ll_builder *b, const lm_keyed *k)
{
    for (size_t i = 0; i < k->count; i++)
        ll_push(b, ll_copy(b, k->items[i].ast, k->items[i].node));
}

static const locus_ast_kind section_kinds[LM_DS_NSECTIONS] = {
    LOCUS_AST_COLORS, LOCUS_AST_TYPOGRAPHY, LOCUS_AST_SPACING, LOCUS_AST_RADII,
    LOCUS_AST_SHADOWS};

static locus_node write_section(ll_builder *b, const lm_design *ds, int which)
{
    ll_open(b, section_kinds[which], LOCUS_AST_NO_FILE, 0);
    size_t mark = ll_list_begin(b);
    if (which == LM_DS_COLORS) {
        push_copies(b, &ds->themes);
    } else if (which == LM_DS_TYPOGRAPHY) {
        if (ds->font_family.node)
            ll_push(b, ll_copy(b, ds->font_family.ast, ds->font_family.node));
        if (ds->base_size.node)
            ll_push(b, ll_copy(b, ds->base_size.ast, ds->base_size.node));
        ll_open(b, LOCUS_AST_WEIGHTS, LOCUS_AST_NO_FILE, 0);
        size_t wmark = ll_list_begin(b);
        push_copies(b, &ds->weights);
        ll_list_end(b, LOCUS_F_CHILDREN, wmark);
        ll_push(b, ll_close(b, 0));
    } else {
        push_copies(b, &ds->tokens[which]);
    }
    ll_list_end(b, LOCUS_F_CHILDREN, mark);
    return ll_close(b, 0);
}

locus_node lm_design_write(ll_builder *b, const lm_design *ds)
{
    ll_open(b, LOCUS_AST_DESIGN_SYSTEM, LOCUS_AST_NO_FILE, 0);
    size_t mark = ll_list_begin(b);
    for (int i = 0; i < ds->nsections; i++)
        ll_push(b, write_section(b, ds, ds->order[i]));
    ll_list_end(b, LOCUS_F_CHILDREN, mark);
    return ll_close(b, 0);
}
