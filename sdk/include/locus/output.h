/* locus/output.h — writing files into the output directory.
 *
 * Generators never touch the file system. They hand the core (path, bytes)
 * through this writer; the core stores the files with the task's cached
 * result and, after the build, writes only the files whose bytes changed
 * (temp file + rename), removes files the previous build wrote that this
 * one did not, and never touches files it did not write.
 *
 * Paths are relative to the output directory and use '/'. An absolute
 * path, an empty or "." or ".." component, a backslash or a NUL is refused
 * (the open fails and an error diagnostic is recorded). Two tasks writing
 * the same path fail the build.
 *
 * Bytes are appended in chunks, so a generator streams a file instead of
 * building it in one string. A locus_outfile belongs to the thread that
 * opened it; several may be open at once.
 */
#ifndef LOCUS_OUTPUT_H
#define LOCUS_OUTPUT_H

#include <stdarg.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct locus_task locus_task;
typedef struct locus_outfile locus_outfile;

enum {
    /* Write the file only if it does not exist yet (scaffolding the user
     * is expected to edit); it is never removed as stale either. */
    LOCUS_OUT_IF_MISSING = 1u << 0
};

/* Start a file. NULL if the path is refused or memory ran out. */
locus_outfile *locus_out_open(locus_task *task, const char *path, unsigned flags);
int locus_out_write(locus_outfile *file, const void *data, size_t len);
int locus_out_puts(locus_outfile *file, const char *s);
int locus_out_printf(locus_outfile *file, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
int locus_out_vprintf(locus_outfile *file, const char *fmt, va_list ap);
/* Finish the file and hand it to the core; the handle is freed. Returns 0,
 * or -1 if any write on it failed (the file is then dropped and the task
 * fails). */
int locus_out_close(locus_outfile *file);
/* Drop an unfinished file. */
void locus_out_abort(locus_outfile *file);

/* One-shot: open, write len bytes, close. */
int locus_write_file(locus_task *task, const char *path, const void *data, size_t len,
                     unsigned flags);

#ifdef __cplusplus
}
#endif
#endif
