/* locus_parse.h — parsing one Locus source file into an AST blob: the
 * entry point of liblocuslang, used by the parse stage plugin and tests.
 */
#ifndef LL_LOCUS_PARSE_H
#define LL_LOCUS_PARSE_H

#include <stddef.h>

#include "diag.h"

typedef struct ll_parse_result {
    unsigned char *blob; /* on success: the AST blob (malloc'd; free() it) */
    size_t blob_size;
    ll_diag diag;        /* on failure: the one diagnostic, located */
} ll_parse_result;

/* Parse text (len bytes, any content) as the file `key` (its source key,
 * the path relative to the source directory). Returns 0 and fills
 * res->blob, or 1 with res->diag describing the parse error, or -1 when
 * memory ran out (res->diag says so). Never aborts; thread-safe. */
int ll_parse_file(const char *key, size_t key_len, const char *text, size_t len,
                  ll_parse_result *res);

#endif
