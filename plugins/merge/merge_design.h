/* merge_design.h — the design-system merge of language.md §12.2: every
 * design_system block of every file folded into one DESIGN_SYSTEM node. */
#ifndef LM_MERGE_DESIGN_H
#define LM_MERGE_DESIGN_H

#include "ast_build.h"
#include "merge.h"
#include "namemap.h"

/* A node of one of the file blobs. */
typedef struct lm_ref {
    const locus_ast *ast;
    locus_node node;
} lm_ref;

/* Entries keyed by name: a later entry replaces the value of an earlier
 * one with the same key but keeps its place (JavaScript object order). */
typedef struct lm_keyed {
    sm_map index;
    lm_ref *items;
    size_t count, cap;
} lm_keyed;

enum { LM_DS_COLORS, LM_DS_TYPOGRAPHY, LM_DS_SPACING, LM_DS_RADII, LM_DS_SHADOWS, LM_DS_NSECTIONS };

typedef struct lm_design {
    int order[LM_DS_NSECTIONS]; /* sections in order of first assignment */
    int nsections;              /* 0: the project has no design system */
    lm_keyed themes;            /* duplicates were rejected before (D-11) */
    lm_ref font_family, base_size;
    lm_keyed weights;
    lm_keyed tokens[LM_DS_NSECTIONS]; /* spacing, radii, shadows */
} lm_design;

/* Fold the design_system blocks (in project order) into *out. */
int lm_design_merge(const lm_defs *systems, locus_arena *arena, lm_design *out);

/* Write the merged DESIGN_SYSTEM node (synthetic sections holding copies of
 * the winning THEME and ENTRY nodes) and return it. It has no children when
 * the project has no design system. */
locus_node lm_design_write(ll_builder *b, const lm_design *ds);

#endif
