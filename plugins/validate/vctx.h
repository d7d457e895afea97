/* vctx.h — the state one validation run shares between its phases, and
 * the helpers every phase uses to report. Internal to the validator.
 *
 * Phases are functions `int phase(lv_ctx *)`; they return 0 to go on, or
 * non-zero once the run's one error is set (lv_error_at) — the caller then
 * stops. Memory failures set ctx->oom and are checked between phases.
 */
#ifndef LV_VCTX_H
#define LV_VCTX_H

#include "namemap.h"
#include "validate.h"

typedef struct lv_nodes {
    locus_node *items;
    size_t count;
} lv_nodes;

/* One deprecation id of validation.md §9.3 (registration order). */
typedef struct lv_deprecation {
    const char *id;
    const char *message; /* of the first registration */
    const char *removal;
    const char *suggestion;
    unsigned count;
} lv_deprecation;

#define LV_MAX_DEPRECATIONS 4

typedef struct lv_ctx {
    const locus_ast *ast;
    locus_arena *arena;
    const lv_options *opts;
    lv_result *res;
    int oom;

    /* the project, in unified order */
    lv_nodes entities, pages, components, stores, workflows, uploads;
    struct lv_entity *model; /* entities read into arrays (vmodel.h) */
    locus_node design; /* the merged design system, or 0 */

    sm_map entity_index;    /* entity name -> index in entities */
    sm_map component_index; /* component name -> index in components */
    sm_map actions;         /* names of page and store actions */

    lv_list paren_warnings; /* W-15/W-16, held until phase 18 */
    lv_deprecation deprecations[LV_MAX_DEPRECATIONS];
    int ndeprecations;
} lv_ctx;

/* Set the run's error at node's position (its file, line, column, length).
 * node may be 0 (no position). Returns 1. */
int lv_error_at(lv_ctx *ctx, locus_node node, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Append a warning (with node's position, if any) to list. */
void lv_add(lv_ctx *ctx, lv_list *list, locus_node node, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Append an already formatted diagnostic to list. */
void lv_append(lv_ctx *ctx, lv_list *list, lv_diag d);
/* Shorthand: append to the warning list. */
#define lv_warn(ctx, node, ...) lv_add((ctx), &(ctx)->res->warnings, (node), __VA_ARGS__)

/* Register a deprecation (validation.md §9.3): counts every call, keeps
 * the message of the first. */
void lv_deprecate(lv_ctx *ctx, const char *id, const char *message, const char *removal,
                  const char *suggestion);

/* --- reading the AST --- */
/* The node's name text ("" when absent); len may be NULL. */
const char *lv_name(const lv_ctx *ctx, locus_node node, size_t *len);
/* The NAME field (the name token), for positions. */
locus_node lv_name_node(const lv_ctx *ctx, locus_node node);
/* The first child of kind, or 0. */
locus_node lv_first_child(const lv_ctx *ctx, locus_node node, locus_ast_kind kind);

/* The parse-time `list of T` deprecation records (before phase 1). */
void lv_register_list_of(lv_ctx *ctx);

/* --- phases (validation.md §8), in execution order --- */
int lv_phase_entities(lv_ctx *ctx);        /* 1: W-01, W-02, V-01…V-07 */
int lv_phase_naming(lv_ctx *ctx);          /* 2: W-03, W-04 */
int lv_phase_cycles(lv_ctx *ctx);          /* 3: V-08 */
int lv_phase_workflow_naming(lv_ctx *ctx); /* 4, 5: W-05, W-06, W-07 */
int lv_phase_workflows(lv_ctx *ctx);       /* 6: V-09…V-23 */
int lv_phase_bindings(lv_ctx *ctx);        /* 7: V-25, W-08, W-09 */
int lv_phase_ui_warnings(lv_ctx *ctx);     /* 8: W-10, W-11 */
int lv_phase_relation_hints(lv_ctx *ctx);  /* 9: W-12, set_null (D-12) */
int lv_phase_on_load(lv_ctx *ctx);         /* 10: W-13 */
int lv_phase_uploads(lv_ctx *ctx);         /* 11: V-26…V-29 */
int lv_phase_design(lv_ctx *ctx);          /* 12: V-30…V-34 */
int lv_phase_unused_actions(lv_ctx *ctx);  /* 13: W-14 */
int lv_phase_database(lv_ctx *ctx);        /* 14: V-35…V-39 */
int lv_phase_legacy(lv_ctx *ctx);          /* 15: W-15, W-16, W-21 */
int lv_phase_defaults(lv_ctx *ctx);        /* 16: V-40, V-41 */
int lv_phase_finalise(lv_ctx *ctx);        /* 18: merge W-15/16, "(removal: TBD)", W-22 */
int lv_phase_component_ui(lv_ctx *ctx);    /* 19: V-45…V-47, W-17, W-18 */
int lv_phase_collisions(lv_ctx *ctx);      /* after 19: output file collisions (O-16, O-25) */

#endif
