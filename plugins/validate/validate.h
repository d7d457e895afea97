/* validate.h — the Locus validator (validation.md §8–§9) as a plain
 * function over a PROJECT blob: the validate stage plugin and the tests
 * call it.
 *
 * Validation runs the reference's phases in order and stops at the first
 * error (one error, like the reference); warnings are collected in the
 * reference's order with its exact texts. Positions: every error carries
 * the file and position of the construct it is about, also where the
 * reference gives none (decisions.md Q-40).
 *
 * Deprecation records (validation.md §9.3, printed by `build` only) are
 * returned separately, one line each, exactly as `build` prints them after
 * "[locus][warn] ", except that the run date is left as the placeholder
 * LV_DATE_PLACEHOLDER for the front end to fill in (tasks must not read the
 * clock); the last line is the "[deprecation-summary] …" line. They are
 * empty when Locus.toml sets [deprecations] suppressDeprecated = true.
 */
#ifndef LV_VALIDATE_H
#define LV_VALIDATE_H

#include <stddef.h>
#include <stdint.h>

#include "locus/arena.h"
#include "locus/ast.h"

#define LV_DATE_PLACEHOLDER "{date}"

typedef struct lv_diag {
    const char *message;
    const char *file;   /* source key, or NULL */
    uint32_t line, column, length;
} lv_diag;

typedef struct lv_list {
    lv_diag *items;
    size_t count, cap;
} lv_list;

typedef struct lv_options {
    int suppress_deprecated; /* Locus.toml [deprecations] suppressDeprecated = true */
} lv_options;

typedef struct lv_result {
    int has_error;
    lv_diag error;
    lv_list warnings;     /* validation.md §9.1, in order */
    lv_list deprecations; /* validation.md §9.3 lines (see above) */
} lv_result;

/* Validate the PROJECT blob ast. Returns 0 (then see res->has_error), or
 * -1 when memory ran out. All result memory comes from arena. */
int lv_validate(const locus_ast *ast, const lv_options *opts, locus_arena *arena,
                lv_result *res);

/* Whether Locus.toml text sets [deprecations] suppressDeprecated = true. */
int lv_toml_suppress_deprecated(const char *text, size_t len);

#endif
