/* vmodel.h — the entities of the project read once into plain arrays.
 *
 * Seven phases walk every field and relation (validation.md §8 phases 1,
 * 9, 12, 14, 15, 16 and the deprecation registry); reading the blob once
 * and keeping names, types and attributes (in the reference's order, with
 * their kinds) in C arrays keeps those walks cheap on large projects. */
#ifndef LV_VMODEL_H
#define LV_VMODEL_H

#include "vattrs.h"

typedef struct lv_attr {
    locus_node node;
    lv_attr_kind kind;
} lv_attr;

typedef struct lv_member {
    locus_node node;
    int is_field;            /* else a relation */
    const char *name;
    size_t name_len;
    locus_node name_node;
    /* fields */
    locus_node type;
    const char *type_name;   /* as declared; "" for relations */
    int list, optional, nullable, list_of;
    /* relations */
    int rel_kind;
    const char *target;
    size_t target_len;
    /* both: attributes in reference order (paren ones first) */
    lv_attr *attrs;
    size_t nattrs, nparen;
} lv_member;

typedef struct lv_entity {
    locus_node node;
    const char *name;
    size_t name_len;
    locus_node name_node;
    lv_member *members; /* source order */
    size_t nmembers;
} lv_entity;

/* Read ctx->entities into ctx->model (count = ctx->entities.count). */
int lv_model_load(lv_ctx *ctx);
/* Whether the primitive (non-list) type of field m is one of names. */
int lv_member_type_is(const lv_member *m, const char *const *names);

#endif
