/* sources.h — finding source files and knowing their digests without
 * re-reading unchanged ones.
 *
 * A scan walks the source directory depth first, visiting each directory's
 * entries in byte-wise (strcmp) order of their names (a subdirectory at its
 * sorted position), skipping symbolic links and the excluded directories
 * (the out dir and the cache dir when they live inside the source tree).
 * Files whose name (or relative path, for patterns with a '/') matches one
 * of the include globs become items keyed by their relative path.
 *
 * The stat cache remembers (size, mtime, ctime, inode) and the digest of
 * every file from the previous build. A file whose stat is unchanged keeps
 * its digest without being read, unless its mtime is too close to the
 * previous scan to be trusted (a write in the same clock tick as the scan
 * would otherwise go unnoticed).
 */
#ifndef LP_SOURCES_H
#define LP_SOURCES_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "locus/arena.h"
#include "locus/artifact.h"

typedef struct lp_source_file {
    char *key; /* path relative to the source dir, '/'-separated */
    uint64_t size;
    int64_t mtime_ns;
    int64_t ctime_ns;
    uint64_t ino;
    locus_digest digest;
    int hashed; /* digest is known */
} lp_source_file;

typedef struct lp_source_list {
    lp_source_file *files;
    size_t n;
    size_t cap;
} lp_source_list;

typedef struct lp_statcache lp_statcache;

/* Walk root and append the matching files to list (in discovery order).
 * exclude: absolute directory paths to skip, NULL-terminated (may be NULL).
 * max_file_size: 0 or a bound; a larger matching file is an error. */
int lp_sources_scan(const char *root, char *const *include, int recursive,
                    const char *const *exclude, uint64_t max_file_size,
                    lp_source_list *list, lp_error *err);
void lp_source_list_free(lp_source_list *list);

/* Fill in every digest: from the stat cache when the file's stat matches a
 * trusted entry, otherwise by reading and hashing the file. Returns the
 * number of files read through *files_read (may be NULL). */
int lp_sources_digest(const char *root, lp_source_list *list, const lp_statcache *previous,
                      size_t *files_read, lp_error *err);

/* Read a source file; the bytes must still have the listed digest (a file
 * edited during the build is an error). *data is malloc'd. */
int lp_source_read(const char *root, const lp_source_file *file, void **data, size_t *len,
                   lp_error *err);

/* The stat cache, as stored in the cache's state table between builds. */
int lp_statcache_decode(const void *data, size_t len, lp_statcache **out);
/* Encode the files of the given lists, stamped with scan_time_ns (the time
 * the scan started; entries modified shortly before it are not trusted). */
int lp_statcache_encode(const lp_source_list *const *lists, size_t n_lists,
                        int64_t scan_time_ns, locus_buf *out);
void lp_statcache_free(lp_statcache *cache);
/* Number of files it describes (0 for NULL). */
size_t lp_statcache_count(const lp_statcache *cache);

/* Does a relative path match one of the globs (fnmatch on the base name,
 * or on the whole path when the pattern contains '/')? */
int lp_glob_match(char *const *include, const char *rel_path);

#endif
