/* locus/diag.h — diagnostics a task reports.
 *
 * Diagnostics are data: the core stores them with the task's cached result
 * (a cache hit replays its warnings), prints them pretty on a terminal
 * (`file:line:col: error: message`, the source line and a caret) or as JSON
 * records for machines, and an error diagnostic fails the task.
 *
 * `file` is the source item key (the path relative to the source
 * directory), never an absolute path; the core makes it absolute when it
 * prints. Lines and columns are 1-based; 0 means unknown.
 */
#ifndef LOCUS_DIAG_H
#define LOCUS_DIAG_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct locus_task locus_task;

typedef enum locus_severity {
    LOCUS_SEV_ERROR = 0,
    LOCUS_SEV_WARNING = 1,
    LOCUS_SEV_NOTE = 2
} locus_severity;

typedef struct locus_diag {
    locus_severity severity;
    const char *kind;    /* family, e.g. "parse", "merge", "validation"; NULL = "build" */
    const char *code;    /* machine code, e.g. "PARSE_ERROR"; may be NULL */
    const char *file;    /* source item key; NULL when not tied to a file */
    uint32_t line;       /* 1-based; 0 = unknown */
    uint32_t column;     /* 1-based; 0 = unknown */
    uint32_t length;     /* length of the offending text; 0 = unknown */
    const char *message; /* no trailing newline; may contain newlines */
} locus_diag;

/* Record a diagnostic (all strings are copied). Thread-safe. */
void locus_diag_report(locus_task *task, const locus_diag *diag);

/* Shorthands: a diagnostic of kind NULL and code NULL at file:line:col. */
void locus_error(locus_task *task, const char *file, uint32_t line, uint32_t column,
                 const char *fmt, ...) __attribute__((format(printf, 5, 6)));
void locus_warning(locus_task *task, const char *file, uint32_t line, uint32_t column,
                   const char *fmt, ...) __attribute__((format(printf, 5, 6)));

#ifdef __cplusplus
}
#endif
#endif
