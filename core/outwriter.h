/* outwriter.h — the output-directory writer and the manifest of what it wrote.
 *
 * Generators hand the core (path, bytes); the core passes each file to the
 * writer, which:
 *   - refuses paths that escape the out dir: absolute paths, "", "." or ".."
 *     components, backslashes, and any existing symlink on the way (a
 *     symlinked directory or file inside the out dir is never followed);
 *   - skips a file whose digest equals the previous build's and whose
 *     on-disk (size, mtime, inode) still match what the writer left there,
 *     without loading its bytes (they are fetched through a callback only
 *     when the file must be written);
 *   - writes a new file directly (O_CREAT|O_EXCL) and replaces an existing
 *     one through a temp file in the same directory + rename, so readers
 *     never see a half-written file;
 *   - on finish, removes files the previous manifest lists that this build
 *     did not submit (only if they still look like what we wrote: same size
 *     and mtime, or same digest), then directories left empty by that, and
 *     never touches anything it did not write.
 *
 * The manifest (path -> digest, size, mtime_ns, inode, flags) is encoded to
 * a blob that the caller stores in the cache's state table between builds.
 *
 * lp_writer_submit is thread-safe, so workers write while others compute.
 */
#ifndef LP_OUTWRITER_H
#define LP_OUTWRITER_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "locus/arena.h"
#include "locus/artifact.h"

typedef struct lp_manifest lp_manifest;

/* An empty manifest. */
lp_manifest *lp_manifest_new(void);
/* Decode a blob made by lp_manifest_encode. A malformed blob is an error
 * (the caller then treats it as "no previous build"). */
int lp_manifest_decode(const void *data, size_t len, lp_manifest **out, lp_error *err);
int lp_manifest_encode(const lp_manifest *manifest, locus_buf *out);
size_t lp_manifest_count(const lp_manifest *manifest);
/* 1 and fills digest if path is listed, else 0. */
int lp_manifest_lookup(const lp_manifest *manifest, const char *path, locus_digest *digest);
void lp_manifest_free(lp_manifest *manifest);

/* Loads a file's bytes when the writer needs them. Returns a pointer valid
 * until the submit call returns, or NULL (with err set) on failure. */
typedef const void *(*lp_fetch_fn)(void *ctx, size_t *len, lp_error *err);

typedef struct lp_writer lp_writer;

typedef struct lp_writer_stats {
    uint64_t files;         /* submitted */
    uint64_t written;       /* created or replaced */
    uint64_t unchanged;     /* skipped: same bytes already on disk */
    uint64_t removed;       /* stale files removed by finish */
    uint64_t bytes_written;
} lp_writer_stats;

/* flags for submit; LOCUS_OUT_IF_MISSING (locus/output.h) is honoured. */

/* out_dir is created if missing. previous may be NULL (first build). The
 * writer does not take ownership of previous. */
int lp_writer_open(const char *out_dir, const lp_manifest *previous, lp_writer **out,
                   lp_error *err);
/* Submit one file. Exactly one of data or fetch is used: if data is not
 * NULL it holds size bytes; otherwise fetch(fetch_ctx) supplies them when
 * needed. Submitting the same path twice in one build is an error. */
int lp_writer_submit(lp_writer *writer, const char *path, const locus_digest *digest,
                     uint64_t size, unsigned flags, const void *data, lp_fetch_fn fetch,
                     void *fetch_ctx, lp_error *err);
/* Finish the build and hand back the new manifest (owned by the caller).
 * With remove_stale, stale files are removed and the manifest lists exactly
 * this build's files. Without it (a failed build), nothing is removed and
 * the manifest is the previous one updated with what this build wrote, so
 * a later build can still clean every file up.
 * A stale file that cannot be removed (EACCES, EBUSY...) stays listed so a
 * later build retries it; finish then returns -1 with err naming it but
 * still hands back the manifest, which the caller should store and free.
 * *manifest_out is NULL only when memory ran out. */
int lp_writer_finish(lp_writer *writer, int remove_stale, lp_manifest **manifest_out,
                     lp_writer_stats *stats, lp_error *err);
/* Discard the writer (after finish). */
void lp_writer_free(lp_writer *writer);

/* Path policy alone: 0 if path is an acceptable relative output path, else
 * -1 with err saying why. Used by the SDK's locus_out_open too. */
int lp_outpath_check(const char *path, lp_error *err);

#endif
