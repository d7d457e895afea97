/* merge_blobs.c — the blobs the merge stage emits (merge_blobs.h).
 *
 * The index blob is built from synthetic nodes only (no file, no span), so
 * its bytes depend on nothing but the names in declaration order: editing a
 * body leaves it unchanged and keeps generator tasks that read it cached.
 * Item blobs carry a masked copy of their file (text_mask.h) for the same
 * reason.
 */
#include <stdlib.h>
#include <string.h>

#include "ast_build.h"
#include "merge_blobs.h"
#include "text_mask.h"

static const locus_ast_field category_fields[LM_NCATEGORIES] = {
    LOCUS_F_ENTITIES, LOCUS_F_PAGES, LOCUS_F_COMPONENTS,
    LOCUS_F_STORES,   LOCUS_F_WORKFLOWS, LOCUS_F_UPLOADS};

static int finish(ll_builder *b, locus_node root, lm_blob *out)
{
    int rc = ll_finish(b, root, &out->data, &out->size);
    ll_builder_free(b);
    return rc ? -1 : 0;
}

int lm_write_project(const lm_project *proj, const lm_design *ds, lm_blob *out)
{
    ll_builder *b = ll_builder_new();
    if (!b)
        return -1;
    ll_open(b, LOCUS_AST_PROJECT, LOCUS_AST_NO_FILE, 0);
    for (int c = 0; c < LM_NCATEGORIES; c++) {
        const lm_defs *defs = &proj->defs[c];
        size_t mark = ll_list_begin(b);
        for (size_t i = 0; i < defs->count; i++)
            ll_push(b, ll_copy(b, defs->items[i].ast, defs->items[i].node));
        ll_list_end(b, category_fields[c], mark);
    }
    size_t mark = ll_list_begin(b);
    if (ds->nsections)
        ll_push(b, lm_design_write(b, ds));
    ll_list_end(b, LOCUS_F_DESIGN_SYSTEMS, mark);
    return finish(b, ll_close(b, 0), out);
}

/* Register the masked text of ast's file `file` in b before copying nodes
 * of it (ll_copy then finds the file by its key). */
static int add_masked_file(ll_builder *b, const locus_ast *ast, uint32_t file,
                           const lm_range *keep, size_t nkeep, locus_arena *arena)
{
    size_t klen, tlen, mlen;
    const char *key = locus_ast_file_path(ast, file, &klen);
    const char *text = locus_ast_file_text(ast, file, &tlen);
    if (!key || !text)
        return 0; /* ll_copy imports whatever the blob has */
    char *masked = lm_mask_text(arena, text, tlen, keep, nkeep, &mlen);
    if (!masked)
        return -1;
    uint32_t line, col;
    int bom = mlen >= 3 && memcmp(masked, "\xEF\xBB\xBF", 3) == 0 &&
              locus_ast_position(ast, file, 3, &line, &col) && col == 1;
    return ll_add_file_borrowed(b, key, klen, masked, mlen, bom) == LOCUS_AST_NO_FILE ? -1 : 0;
}

int lm_write_item(const lm_def *def, locus_arena *arena, lm_blob *out)
{
    ll_builder *b = ll_builder_new();
    if (!b)
        return -1;
    lm_range keep = lm_subtree_range(def->ast, def->node);
    locus_span sp = locus_ast_span(def->ast, def->node);
    if (add_masked_file(b, def->ast, sp.file, &keep, 1, arena)) {
        ll_builder_free(b);
        return -1;
    }
    return finish(b, ll_copy(b, def->ast, def->node), out);
}

/* Mask each file that holds design_system blocks down to those blocks. */
static int add_design_files(ll_builder *b, const lm_defs *systems, locus_arena *arena)
{
    for (size_t i = 0; i < systems->count;) {
        const locus_ast *ast = systems->items[i].ast;
        size_t j = i;
        while (j < systems->count && systems->items[j].ast == ast)
            j++;
        lm_range *keep = locus_arena_alloc(arena, (j - i) * sizeof *keep);
        if (!keep)
            return -1;
        for (size_t k = i; k < j; k++)
            keep[k - i] = lm_subtree_range(ast, systems->items[k].node);
        locus_span sp = locus_ast_span(ast, systems->items[i].node);
        if (add_masked_file(b, ast, sp.file, keep, j - i, arena))
            return -1;
        i = j;
    }
    return 0;
}

int lm_write_design(const lm_project *proj, const lm_design *ds, locus_arena *arena,
                    lm_blob *out)
{
    ll_builder *b = ll_builder_new();
    if (!b)
        return -1;
    if (add_design_files(b, &proj->design_systems, arena)) {
        ll_builder_free(b);
        return -1;
    }
    return finish(b, lm_design_write(b, ds), out);
}

static int by_name(const void *a, const void *b)
{
    const lm_def *x = *(const lm_def *const *)a, *y = *(const lm_def *const *)b;
    size_t n = x->name_len < y->name_len ? x->name_len : y->name_len;
    int c = memcmp(x->name, y->name, n);
    return c ? c : (x->name_len > y->name_len) - (x->name_len < y->name_len);
}

/* The component names again, sorted: every page's generator task looks its
 * tags up in them, and a binary search keeps that from growing with the
 * project (a linear scan made pages quadratic). */
static int write_sorted_components(ll_builder *b, const lm_defs *defs)
{
    const lm_def **sorted = malloc((defs->count ? defs->count : 1) * sizeof *sorted);
    if (!sorted)
        return -1;
    for (size_t i = 0; i < defs->count; i++)
        sorted[i] = &defs->items[i];
    qsort(sorted, defs->count, sizeof *sorted, by_name);
    size_t mark = ll_list_begin(b);
    for (size_t i = 0; i < defs->count; i++)
        ll_push(b, ll_ident(b, LOCUS_AST_NO_FILE, 0, 0, sorted[i]->name, sorted[i]->name_len));
    ll_list_end(b, LOCUS_F_SORTED_COMPONENTS, mark);
    free(sorted);
    return 0;
}

int lm_write_index(const lm_project *proj, lm_blob *out)
{
    ll_builder *b = ll_builder_new();
    if (!b)
        return -1;
    ll_open(b, LOCUS_AST_PROJECT, LOCUS_AST_NO_FILE, 0);
    for (int c = 0; c < LM_NCATEGORIES; c++) {
        const lm_defs *defs = &proj->defs[c];
        size_t mark = ll_list_begin(b);
        for (size_t i = 0; i < defs->count; i++)
            ll_push(b, ll_ident(b, LOCUS_AST_NO_FILE, 0, 0, defs->items[i].name,
                                defs->items[i].name_len));
        ll_list_end(b, category_fields[c], mark);
    }
    if (write_sorted_components(b, &proj->defs[LM_COMPONENT]) != 0) {
        ll_builder_free(b);
        return -1;
    }
    return finish(b, ll_close(b, 0), out);
}
