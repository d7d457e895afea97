/* theme_css.h — the text of theme.css (outputs.md §9): one
 * `[data-theme="…"]` block of `--color-…` variables per colour theme of
 * the merged design system. Also the text of next-app/public/theme.css,
 * which is a copy. */
#ifndef GT_THEME_CSS_H
#define GT_THEME_CSS_H

#include "locus/arena.h"
#include "locus/ast.h"

/* Append the whole file (header included) for the DESIGN_SYSTEM node
 * (LOCUS_NODE_NONE or a node without themes: the "no colors" form).
 * Themes appearing twice: the later one replaces the earlier; a token
 * assigned twice in one theme: the later value wins. Returns 0 or -1. */
int gt_theme_css(const locus_ast *ast, locus_node design_system, locus_buf *out);

#endif
