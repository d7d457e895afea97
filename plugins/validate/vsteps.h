/* vsteps.h — workflow steps as the reference's validator sees them:
 * bindings, send_email fields, and the per-step checks of phase 6. */
#ifndef LV_VSTEPS_H
#define LV_VSTEPS_H

#include "vctx.h"

/* The binding the reference finds for a top-level step (`const\s+NAME` in
 * its raw text: the `const x =` of a bound step; the body text of an
 * http_request step, whose raw is its body). 1 and the name, or 0. */
int lv_step_binding(const lv_ctx *ctx, locus_node step, const char **name, size_t *len);

/* Phase 6, per top-level step: V-15…V-23 (and V-17 for nested run steps). */
int lv_check_steps(lv_ctx *ctx, locus_node wf, locus_node steps);

/* The fields of a send_email step (language.md §8.3), or NULL each. */
typedef struct lv_email {
    const char *to, *subject, *template_path;
    size_t to_len, subject_len, template_len;
} lv_email;
lv_email lv_email_fields(const lv_ctx *ctx, locus_node step);

/* The reference's `raw` body text of an http_request step. */
const char *lv_step_body(const lv_ctx *ctx, locus_node step, size_t *len);

#endif
