/* gr_uses.h — what a UI block refers to, found by walking its tree (not
 * by scanning a truncated text, O-05): the component tags it uses (page
 * and component imports), the free names its expressions read (which
 * component params must be bound, O-06) and its slot references (the
 * slot params of outputs.md §6.1). */
#ifndef GR_USES_H
#define GR_USES_H

#include "gr_names.h"
#include "locus/ast.h"

typedef struct gr_uses {
    gr_names tags;    /* capitalised element names, first appearance first */
    gr_names idents;  /* free names read by expressions */
    gr_names slots;   /* named slot references: <slot name="x"/>, {xSlot} */
    int default_slot; /* a <slot/> (rendered as {children}) */
} gr_uses;

/* Walk the UI block `ui` (0: none). Returns 0, or -1 out of memory. */
int gr_collect_uses(const locus_ast *ast, locus_node ui, locus_arena *arena, gr_uses *out);

#endif
