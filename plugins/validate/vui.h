/* vui.h — UI markup as the reference's validator sees it: attribute keys
 * normalised the reference's way (language.md §7.2 step 3), one entry per
 * key (a repeated key keeps its first place and takes the last value),
 * expression identifiers, and loop iterables as written. */
#ifndef LV_VUI_H
#define LV_VUI_H

#include "vctx.h"

typedef struct lv_ui_attr {
    const char *key;  /* normalised: onClick, bindValue, bind$checked, forEach, class … */
    locus_node node;  /* the UI_ATTR holding the (last) value */
    locus_node value; /* its VALUE */
} lv_ui_attr;

/* The element's attributes, in key order (arena array; returns count). */
size_t lv_ui_attrs(lv_ctx *ctx, locus_node element, lv_ui_attr **out);

/* Identifiers of an expression (ids; a member's object; a call's callee
 * and arguments; both sides of binary operators; unary operands), unique,
 * in first-seen order. Returns the count (arena array in *out). */
size_t lv_expr_idents(lv_ctx *ctx, locus_node expr, const char ***out);
/* Whether node is an expression the reference would have parsed (not an
 * EXPR_ERROR, not a plain string value). */
int lv_is_expr(const lv_ctx *ctx, locus_node value);

/* The iterable of a loop node as written (trimmed), e.g. "order.items". */
const char *lv_each_iterable(lv_ctx *ctx, locus_node each, size_t *len);

/* The text inside an interpolation's braces, trimmed. */
const char *lv_interpolation_text(const lv_ctx *ctx, locus_node expr_node, size_t *len);

#endif
