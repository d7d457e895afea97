/* gr_props.h — the props of one element while they are collected: names
 * are unique (a repeated attribute keeps its first place), and an
 * onChange may carry both a binding's setter call and a handler. */
#ifndef GR_PROPS_H
#define GR_PROPS_H

#include "gr_ui.h"

typedef struct gr_prop {
    gr_str name;
    gr_str value;       /* `="s"`, `={expr}` or empty (valueless) */
    gr_str bind;        /* onChange of a binding: `setV(e.target.value)` */
    locus_node handler; /* onChange also calls this handler expression */
} gr_prop;

typedef struct gr_props {
    gr_prop *items;
    size_t count, cap;
    locus_arena *arena;
    int failed;
} gr_props;

void gr_props_init(gr_props *props, locus_arena *arena);
void gr_props_add(gr_props *props, const gr_prop *prop);
/* All props of an element, in attribute order. */
void gr_collect_props(gr_ui *ui, locus_node el, gr_props *props);

#endif
