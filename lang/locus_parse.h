/* locus_parse.h — parsing one Locus source file into an AST blob: the
 * entry point of liblocuslang, used by the parse stage plugin and tests.
 */
#ifndef LL_LOCUS_PARSE_H
#define LL_LOCUS_PARSE_H

#include <stddef.h>

#include "diag.h"
#include "locus/artifact.h"

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

/* Incremental parsing (watch mode): a memory of top-level blocks' parses,
 * keyed by a digest of each block's bytes and of what else its parse
 * depends on (the file's type aliases). The caller provides the storage;
 * it is only a shortcut: the blob is byte-identical to ll_parse_file's
 * whatever the memo holds (an entry is trusted only if it was written by
 * this parser for exactly those bytes). */
typedef struct ll_block_memo {
    /* The bytes stored under key (valid until the parse returns), or NULL;
     * *len gets their size. */
    const void *(*get)(void *ctx, const locus_digest *key, size_t *len);
    /* Keep a copy of data under key; a failure is harmless. */
    void (*put)(void *ctx, const locus_digest *key, const void *data, size_t len);
    void *ctx;
    /* Set by each ll_parse_file_incremental: top-level blocks parsed, and
     * blocks taken from the memo (a file that fails to parse is parsed
     * again in full, which these do not count). */
    unsigned parsed, reused;
} ll_block_memo;

/* ll_parse_file, reusing the parse of every top-level block whose bytes
 * (and context) the memo has seen, and storing the others. Same results,
 * diagnostics and blob bytes as ll_parse_file; memo NULL is ll_parse_file. */
int ll_parse_file_incremental(const char *key, size_t key_len, const char *text, size_t len,
                              ll_block_memo *memo, ll_parse_result *res);

#endif
