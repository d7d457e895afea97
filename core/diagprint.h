/* diagprint.h — printing diagnostics for people and for machines.
 *
 * Pretty: `file:line:col: severity: message`, then the source line and a
 * caret under the column (columns count UTF-16 units, as the Locus tools
 * do); colour only when asked (a terminal). JSON: one line
 * {"diagnostics":[...]} with the record keys the reference compiler uses
 * (kind, code, message, filePath, line, column, length, severity).
 */
#ifndef LP_DIAGPRINT_H
#define LP_DIAGPRINT_H

#include <stddef.h>
#include <stdio.h>

#include "locus/diag.h"

/* The last source file printed from, kept so that thousands of
 * diagnostics in one file read it once. */
typedef struct lp_source_cache {
    char *path;
    char *text;
    size_t len;
} lp_source_cache;

typedef struct lp_diag_style {
    const char *src_root; /* diag files are relative to it; NULL: print as is */
    int color;
    int show_source;      /* print the source line and caret */
    lp_source_cache *cache; /* may be NULL */
} lp_diag_style;

void lp_diag_print_pretty(FILE *out, const locus_diag *diag, const lp_diag_style *style);
/* Print every diagnostic pretty (fully buffered, one file read per file). */
void lp_diag_print_all(FILE *out, const locus_diag *diags, size_t n, locus_severity max_severity,
                       const char *src_root, int color);
void lp_source_cache_free(lp_source_cache *cache);
/* All diags with severity <= max_severity, as one JSON line. */
void lp_diag_print_json(FILE *out, const locus_diag *diags, size_t n,
                        locus_severity max_severity, const char *src_root);
const char *lp_severity_name(locus_severity severity);

#endif
