/* result.h — a task's result: what it emitted, the files it wrote and its
 * diagnostics, as stored in the cache.
 *
 * A result is two blobs. The meta blob is small and describes everything
 * (ports, keys, digests, sizes, file paths, diagnostics); the data blob is
 * the concatenated bytes of the items and then the files, in meta order.
 * The cache keeps them apart so a build that only needs digests (to
 * compute downstream keys, to see that an output file is unchanged) never
 * loads or decompresses the data.
 *
 * Decoding points into the meta blob (strings are stored NUL-terminated),
 * so a decoded result costs one small array per kind.
 */
#ifndef LP_RESULT_H
#define LP_RESULT_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "locus/arena.h"
#include "locus/artifact.h"
#include "locus/diag.h"

typedef struct lp_result_item {
    const char *port;
    const char *key;
    locus_digest digest;
    uint64_t size;
    uint64_t offset; /* in the data blob */
} lp_result_item;

typedef struct lp_result_file {
    const char *path;
    uint32_t flags;
    locus_digest digest;
    uint64_t size;
    uint64_t offset; /* in the data blob */
} lp_result_file;

typedef struct lp_result {
    void *meta; /* owned */
    size_t meta_len;
    lp_result_item *items;
    size_t n_items;
    lp_result_file *files;
    size_t n_files;
    locus_diag *diags;
    size_t n_diags;
    int failed;
    uint64_t data_len;
    locus_digest data_digest;
} lp_result;

/* Decode meta (taking ownership of the malloc'd block, also on failure).
 * -1 if the blob is malformed. */
int lp_result_decode(void *meta, size_t meta_len, lp_result *out);
void lp_result_free(lp_result *result);
/* Bytes of all items / all files (for metrics). */
uint64_t lp_result_item_bytes(const lp_result *result);
uint64_t lp_result_file_bytes(const lp_result *result);

/* Collects what a running task produces. Thread-safe: parallel_for bodies
 * emit concurrently. */
typedef struct lp_result_builder lp_result_builder;

lp_result_builder *lp_result_builder_new(void);
void lp_result_builder_free(lp_result_builder *builder);
/* The bytes are copied. -1: out of memory or duplicate key. */
int lp_rb_item(lp_result_builder *builder, const char *port, const char *key,
               const void *data, size_t len);
/* Takes the buffer's memory (content is left empty). -1: duplicate path. */
int lp_rb_file(lp_result_builder *builder, const char *path, unsigned flags,
               locus_buf *content);
int lp_rb_has_file(lp_result_builder *builder, const char *path);
int lp_rb_diag(lp_result_builder *builder, const locus_diag *diag);
/* 1 if an error diagnostic was reported. */
int lp_rb_has_error(lp_result_builder *builder);
/* Serialise. meta and data are appended to; the bytes of items and files
 * move into data (afterwards the builder is only good for freeing). */
int lp_rb_finish(lp_result_builder *builder, int failed, locus_buf *meta, locus_buf *data);

#endif
