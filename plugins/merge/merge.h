/* merge.h — merging the per-file AST blobs of a Locus project into one
 * project (language.md §12), as plain functions over bytes: the merge
 * stage plugin (merge_plugin.c) and the tests call them.
 *
 * lm_merge takes the file blobs in discovery order and either reports the
 * first merge error (a duplicate definition, M-01…M-06, or a duplicate
 * theme name, D-11) or produces every output blob of the stage:
 *
 *   project        one PROJECT blob with everything (the validator's input);
 *   items          one small blob per entity/page/component/store/workflow/
 *                  upload (port + key = declared name): root = that definition;
 *   design_system  root = the merged DESIGN_SYSTEM node (no children when the
 *                  project has no design system);
 *   index          names only, no positions and no file texts (see
 *                  merge_blobs.c), so it changes only when names do: one
 *                  list per category in declaration order, plus
 *                  SORTED_COMPONENTS (the component names in byte order,
 *                  for binary search).
 */
#ifndef LM_MERGE_H
#define LM_MERGE_H

#include <stddef.h>
#include <stdint.h>

#include "locus/arena.h"
#include "locus/ast.h"

/* One parsed file: its source key and its AST blob. */
typedef struct lm_file {
    const char *key;
    const void *data;
    size_t size;
} lm_file;

/* The definition categories, in the order duplicates are looked for. */
typedef enum lm_category {
    LM_ENTITY = 0,
    LM_PAGE,
    LM_COMPONENT,
    LM_STORE,
    LM_WORKFLOW,
    LM_UPLOAD,
    LM_NCATEGORIES
} lm_category;

/* Output port of each category ("entities", "pages", …). */
const char *lm_category_port(lm_category category);

/* One definition found in a file. */
typedef struct lm_def {
    const locus_ast *ast; /* the file blob it comes from */
    uint32_t file;        /* index into the lm_file array */
    locus_node node;
    const char *name;
    size_t name_len;
} lm_def;

/* A growable array of definitions (arena memory). */
typedef struct lm_defs {
    lm_def *items;
    size_t count, cap;
} lm_defs;

/* Every definition of the project, by category, in unified order, plus
 * the design_system blocks. */
typedef struct lm_project {
    lm_defs defs[LM_NCATEGORIES];
    lm_defs design_systems; /* name unused */
} lm_project;

/* A blob written by the builder: malloc'd, free() it. */
typedef struct lm_blob {
    unsigned char *data;
    size_t size;
} lm_blob;

typedef struct lm_item {
    lm_category category;
    const char *key; /* the declared name (arena) */
    lm_blob blob;
} lm_item;

/* A merge error: message and the position of the later definition. */
typedef struct lm_error {
    char message[512];
    const char *file; /* source key */
    uint32_t line, column, length;
} lm_error;

typedef struct lm_result {
    int has_error;   /* a merge error was found: only `error` is set */
    lm_error error;
    lm_blob project;
    lm_blob design_system;
    lm_blob index;
    lm_item *items;  /* arena array */
    size_t nitems;
} lm_result;

/* Runs body(ctx, i) for every i in [0, n), possibly in parallel (the
 * plugin passes the task's worker pool). Returns 0, or -1 if not every
 * index ran. */
typedef int (*lm_parallel_fn)(void *pool, size_t n, void (*body)(void *ctx, size_t i),
                              void *ctx);

/* Merge n file blobs (discovery order). Returns 0 (then check
 * res->has_error), or -1 when a blob is unreadable or memory ran out, with
 * a description in res->error.message. Arena memory must outlive res.
 * Every output blob is written, one after the other. */
int lm_merge(const lm_file *files, size_t n, locus_arena *arena, lm_result *res);

/* lm_merge, writing only the output blobs in `want` (the others stay NULL,
 * and a category's items are not listed): the stage leaves out what no
 * stage of the build reads. Merge errors are found either way. The blobs
 * are written by `parallel` on `pool` when it is not NULL. */
enum {
    LM_WANT_PROJECT = 1u << 0,
    LM_WANT_DESIGN = 1u << 1,
    LM_WANT_INDEX = 1u << 2,
    LM_WANT_ALL = ~0u
};
/* The bit of one category's items. */
#define LM_WANT_ITEMS(category) (1u << (3 + (unsigned)(category)))
int lm_merge_select(const lm_file *files, size_t n, locus_arena *arena, lm_result *res,
                    lm_parallel_fn parallel, void *pool, unsigned want);
/* Free the blobs of a result (not the arena). */
void lm_result_free(lm_result *res);

/* --- steps of lm_merge, exposed for the tests --- */

/* Collect the definitions of the opened files (asts[i] is files[i]). */
int lm_collect(const locus_ast *asts, size_t n, locus_arena *arena, lm_project *out);
/* The first duplicate definition or theme, as a merge error. Returns 1 when
 * one was found (err filled), 0 when none, -1 on memory failure. */
int lm_find_duplicates(const lm_project *proj, const lm_file *files, locus_arena *arena,
                       lm_error *err);

#endif
