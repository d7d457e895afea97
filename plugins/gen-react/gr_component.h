/* gr_component.h — `react/components/«C».tsx` and `«C».css` (outputs.md
 * §6) for one component, and its slot auto-add warnings (§6.1, §12).
 * Fixed against the reference: props are bound (O-06) and typed by their
 * declared types (O-07), optional or defaulted params are optional props,
 * the whole UI is scanned (O-05), and the component imports the
 * components and built-ins its UI uses. */
#ifndef GR_COMPONENT_H
#define GR_COMPONENT_H

#include "gr_imports.h"
#include "gr_out.h"
#include "locus/ast.h"

typedef struct gr_component_out {
    gr_out tsx;
    gr_out css;      /* the style file, empty when there is none */
    gr_out warnings; /* warning lines joined by LF (no final LF) */
} gr_component_out;

/* Generate component node comp of ast. Free out with
 * gr_component_out_free. Returns 0, or -1 out of memory. */
int gr_generate_component(const locus_ast *ast, locus_node comp, const gr_project *project,
                          locus_arena *arena, gr_component_out *out);
void gr_component_out_free(gr_component_out *out);

/* The first child of node with this kind, or 0. */
locus_node gr_first_child(const locus_ast *ast, locus_node node, locus_ast_kind kind);

#endif
