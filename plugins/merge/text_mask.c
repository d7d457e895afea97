/* text_mask.c — masked file texts for per-definition blobs (text_mask.h). */
#include <string.h>

#include "text_mask.h"

/* Start of the line holding offset (after the previous LF or CR). */
static uint32_t line_start(const char *text, uint32_t offset)
{
    while (offset > 0 && text[offset - 1] != '\n' && text[offset - 1] != '\r')
        offset--;
    return offset;
}

char *lm_mask_text(locus_arena *arena, const char *text, size_t len, const lm_range *keep,
                   size_t nkeep, size_t *out_len)
{
    size_t cut = 0;
    for (size_t i = 0; i < nkeep; i++)
        if (keep[i].end > cut)
            cut = keep[i].end;
    if (cut > len)
        cut = len;
    char *out = locus_arena_alloc(arena, cut + 1);
    if (!out)
        return NULL;
    for (size_t i = 0; i < cut; i++)
        out[i] = text[i] == '\n' || text[i] == '\r' ? text[i] : ' ';
    for (size_t i = 0; i < nkeep; i++) {
        uint32_t from = line_start(text, keep[i].start < cut ? keep[i].start : (uint32_t)cut);
        uint32_t to = keep[i].end < cut ? keep[i].end : (uint32_t)cut;
        if (to > from)
            memcpy(out + from, text + from, to - from);
    }
    out[cut] = '\0';
    *out_len = cut;
    return out;
}

static void widen(lm_range *r, uint32_t start, uint32_t length)
{
    if (start < r->start)
        r->start = start;
    if (start + length > r->end)
        r->end = start + length;
}

/* Depth is bounded by LOCUS_AST_MAX_DEPTH (the reader guarantees it). */
static void walk(const locus_ast *ast, locus_node node, uint32_t file, lm_range *r)
{
    locus_span sp = locus_ast_span(ast, node);
    if (sp.file == file)
        widen(r, sp.offset, sp.length);
    size_t nf = locus_ast_field_count(ast, node);
    for (size_t i = 0; i < nf; i++) {
        locus_field_info fi = locus_ast_field_at(ast, node, i);
        if (fi.type == LOCUS_FT_NODE) {
            locus_node child = locus_ast_get(ast, node, fi.id);
            if (child)
                walk(ast, child, file, r);
        } else if (fi.type == LOCUS_FT_LIST) {
            size_t n = locus_ast_list_count(ast, node, fi.id);
            for (size_t k = 0; k < n; k++)
                walk(ast, locus_ast_list_at(ast, node, fi.id, k), file, r);
        } else if (fi.type == LOCUS_FT_SLICE) {
            locus_slice sl;
            if (locus_ast_get_slice(ast, node, fi.id, &sl) && sl.file == file)
                widen(r, sl.offset, sl.length);
        }
    }
}

lm_range lm_subtree_range(const locus_ast *ast, locus_node node)
{
    locus_span sp = locus_ast_span(ast, node);
    lm_range r = {sp.offset, sp.offset + sp.length};
    walk(ast, node, sp.file, &r);
    return r;
}
