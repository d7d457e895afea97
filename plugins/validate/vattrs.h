/* vattrs.h — fields, relations and their attributes as the reference's
 * validator sees them (language.md §4.2–§4.6). The AST keeps every
 * attribute as written; the reference lists legacy `( … )` attributes
 * before `@` ones (Q-12, MATCH), records `@min`/`@max` only with a numeric
 * argument, and ignores unknown annotations. */
#ifndef LV_VATTRS_H
#define LV_VATTRS_H

#include "vctx.h"

typedef enum lv_attr_kind {
    LV_ATTR_OTHER = 0, /* ignored by validation (`@id`, `@index`, `@email`, …) */
    LV_ATTR_UNIQUE,
    LV_ATTR_DEFAULT,
    LV_ATTR_MAP,
    LV_ATTR_POLICY,
    LV_ATTR_MIN,
    LV_ATTR_MAX,
    LV_ATTR_LENGTH,
    LV_ATTR_INDEX
} lv_attr_kind;

/* Attributes of a field or relation in reference order. *out is arena
 * memory (NULL when there are none); returns the count. */
size_t lv_attrs(lv_ctx *ctx, locus_node holder, locus_node **out);
lv_attr_kind lv_attr_kind_of(const lv_ctx *ctx, locus_node attr);

/* A default value, classified as the reference stores it (§4.5). */
typedef enum lv_value_kind {
    LV_VALUE_NONE = 0,
    LV_VALUE_NUMBER,
    LV_VALUE_STRING, /* string literals and identifiers other than true/false */
    LV_VALUE_BOOL,
    LV_VALUE_CALL
} lv_value_kind;

typedef struct lv_value {
    lv_value_kind kind;
    double number;
    const char *text; /* STRING: the text; CALL: the function name */
    size_t len;
} lv_value;

/* The value of a `default` attribute. */
lv_value lv_default_value(const lv_ctx *ctx, locus_node attr);
/* The policy value of a `policy` attribute (identifier text), or NULL. */
const char *lv_policy_value(const lv_ctx *ctx, locus_node attr);

/* Field types. */
locus_node lv_field_type(const lv_ctx *ctx, locus_node field);

/* Relations. */
int lv_rel_kind(const lv_ctx *ctx, locus_node rel);
const char *lv_rel_target(const lv_ctx *ctx, locus_node rel, size_t *len);
/* The inverse name as the reference records it (absent when it equals the
 * relation's name or its target), or NULL. */
const char *lv_rel_inverse(const lv_ctx *ctx, locus_node rel);

#endif
