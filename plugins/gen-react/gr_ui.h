/* gr_ui.h — UI markup → JSX (outputs.md §8) from the parser's structured
 * UI tree. Output that the reference gets right is reproduced byte for
 * byte (one line, bare `\n` around conditional and loop bodies, ` />` for
 * empty elements, `  key={index} />` on self-closing loop items); what it
 * gets wrong is fixed (decisions.md O-05…O-14, Q-21, Q-22, D-04…D-08):
 * several roots render in a fragment, text keeps the spaces JSX keeps,
 * every branch and loop body is one JSX expression, bindings become
 * value/onChange pairs, keys go on each loop item's root element. */
#ifndef GR_UI_H
#define GR_UI_H

#include "gr_out.h"
#include "gr_text.h"
#include "gr_types.h"
#include "locus/ast.h"

/* What the markup can refer to besides its own names: page state (typed
 * bindings) and page actions (handlers merged with a binding's onChange). */
typedef struct gr_state_var {
    gr_str name;
    gr_ts ts;
    int list;
} gr_state_var;

typedef struct gr_action_ref {
    gr_str name;
    size_t nparams;
} gr_action_ref;

typedef struct gr_scope {
    const gr_state_var *states;
    size_t nstates;
    const gr_action_ref *actions;
    size_t nactions;
} gr_scope;

typedef struct gr_ui {
    const locus_ast *ast;
    gr_out *out;
    const gr_scope *scope; /* NULL: no state, no actions (components) */
    locus_arena *arena;    /* scratch memory */
} gr_ui;

/* The JSX of a UI block (0: no block): `<div />` when it is empty, its
 * element when it has exactly one root element, else a fragment. */
void gr_render_ui_root(gr_ui *ui, locus_node ui_block);

/* One node (element, text, interpolation, slot, if-chain, loop). */
void gr_render_node(gr_ui *ui, locus_node node);
/* An element; with_key adds `key={index}` unless it has a key (loops). */
void gr_render_element(gr_ui *ui, locus_node el, int with_key);
/* The props of an element, each preceded by a space. */
void gr_render_props(gr_ui *ui, locus_node el);

/* Scope lookups (NULL scope: nothing is known). */
const gr_state_var *gr_scope_state(const gr_scope *scope, gr_str name);
const gr_action_ref *gr_scope_action(const gr_scope *scope, gr_str name);

#endif
