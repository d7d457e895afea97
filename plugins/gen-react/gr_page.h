/* gr_page.h — `react/pages/«P».tsx` (outputs.md §7) for one page. Fixed
 * against the reference: state keeps its declared type where the default
 * alone would not give it, actions keep their parameters (O-08),
 * bodies are translated into TypeScript (gr_body.h), the whole UI is
 * scanned for imports (O-05). */
#ifndef GR_PAGE_H
#define GR_PAGE_H

#include "gr_imports.h"
#include "gr_out.h"
#include "locus/ast.h"

/* Append the page file of node page to out. Returns 0, or -1 out of
 * memory. */
int gr_generate_page(const locus_ast *ast, locus_node page, const gr_project *project,
                     locus_arena *arena, gr_out *out);

#endif
