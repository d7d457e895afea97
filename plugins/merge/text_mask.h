/* text_mask.h — the file text a small per-definition blob carries.
 *
 * A blob must carry the text of the file its nodes come from (slices and
 * positions are read from it). If a definition's blob carried the whole
 * file, editing one entity would change the blob of every other entity of
 * that file and defeat per-item caching. So the copy keeps only the bytes
 * of the kept ranges (and of the lines they start on, so that UTF-16
 * columns stay right); every other byte becomes a space, except line
 * breaks, so that line numbers stay right; and the text stops at the end
 * of the last range. Offsets, lines and columns of the kept nodes are then
 * exactly those of the original file.
 */
#ifndef LM_TEXT_MASK_H
#define LM_TEXT_MASK_H

#include <stddef.h>
#include <stdint.h>

#include "locus/arena.h"
#include "locus/ast.h"

typedef struct lm_range {
    uint32_t start, end; /* byte offsets, end exclusive */
} lm_range;

/* The masked copy of text (ranges sorted by start, may overlap). Returns
 * arena memory (its length in *out_len), or NULL when memory ran out. */
char *lm_mask_text(locus_arena *arena, const char *text, size_t len, const lm_range *keep,
                   size_t nkeep, size_t *out_len);

/* The byte range a subtree occupies in its file: its own span widened by
 * every descendant's span and slice (they normally lie inside it). */
lm_range lm_subtree_range(const locus_ast *ast, locus_node node);

#endif
