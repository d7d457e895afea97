/* wf_model.h — the workflow data the manifests are written from
 * (outputs.md §11.1), read from a WORKFLOW node of a Locus AST.
 *
 * Texts point into the AST blob or the arena given to wf_read; a text
 * whose `s` is NULL is absent (JSON null or an omitted member).
 */
#ifndef WF_MODEL_H
#define WF_MODEL_H

#include <stddef.h>

#include "locus/arena.h"
#include "locus/ast.h"

typedef struct wf_text {
    const char *s; /* NULL: absent */
    size_t len;
} wf_text;

typedef enum wf_kind {
    WF_RUN,
    WF_BRANCH,
    WF_FOR_EACH,
    WF_DELAY,
    WF_HTTP_REQUEST,
    WF_SEND_EMAIL,
    WF_PARALLEL,      /* Q-29 FIX: structured, not "unknown" */
    WF_QUEUE_PUBLISH,
    WF_DB_TX
} wf_kind;

/* The manifest's name of a kind ("run", "for_each", ...). */
const char *wf_kind_name(wf_kind kind);

/* One top-level step. */
typedef struct wf_step {
    wf_kind kind;
    unsigned id;        /* the N of "sN": post-order over all nested steps */
    wf_text raw;        /* "", `const x =`, or an http_request body; trimmed */
    wf_text action;     /* run */
    wf_text *args;      /* run: arguments as written, trimmed */
    size_t nargs;
    wf_text condition;  /* branch: absent when the branch has no leading text */
    size_t then_count;  /* branch */
    size_t else_count;  /* branch */
    wf_text loop_var;   /* for_each */
    wf_text iter;       /* for_each: the iterable as written */
    wf_text to, subject, template_name; /* send_email; empty counts as absent */
    size_t step_count;  /* parallel, db_tx: statements in the body */
    wf_text body;       /* queue_publish: its body, trimmed */
} wf_step;

/* One `key: value` of retryConfig (values stay strings). */
typedef struct wf_pair {
    const char *key;
    wf_text value;
} wf_pair;

typedef struct wf_workflow {
    const char *name;
    wf_text trigger;     /* "on create(E) on webhook"; absent without a trigger block */
    int webhook;         /* some event is a webhook: triggerMeta is set */
    wf_text secret_ref;  /* that first webhook event's secret, if any */
    int has_limit;       /* concurrency */
    double limit;
    wf_text group;
    int has_retry;       /* a retry block exists */
    wf_text retry;       /* "max: 3, backoff: b, factor: 2, delayMs: 500" (maybe "") */
    wf_pair config[4];   /* retryConfig in retry-string order */
    size_t nconfig;
    wf_text on_error, on_failure; /* trimmed */
    wf_step *steps;
    size_t nsteps;
} wf_workflow;

/* Read the workflow `node` (kind WORKFLOW). Only the first block of each
 * kind counts, as in the reference. Returns 0, or -1 when memory ran out. */
int wf_read(const locus_ast *ast, locus_node node, locus_arena *arena, wf_workflow *out);

/* Fill the top-level steps of a STEPS node (wf_read calls it). */
int wf_read_steps(const locus_ast *ast, locus_node steps, locus_arena *arena, wf_workflow *out);

/* The send_email fields of a SEND_EMAIL node with its trimmed body
 * (wf_email.c). */
void wf_email_fields(const locus_ast *ast, locus_node node, wf_text body, wf_step *step);

#endif
