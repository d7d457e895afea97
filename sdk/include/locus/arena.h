/* locus/arena.h — arenas, growable byte buffers and string helpers for plugins.
 *
 * Part of the locus-pipeline plugin SDK (see locus/plugin.h for the ABI version).
 * An arena hands out memory that is freed all at once; every task owns one
 * (locus_task_arena) that the core frees when the task ends, so a stage rarely
 * needs malloc/free of its own. A locus_buf is a growable byte string.
 *
 * All functions return NULL / -1 on allocation failure and never abort.
 */
#ifndef LOCUS_ARENA_H
#define LOCUS_ARENA_H

#include <stdarg.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct locus_arena locus_arena;

/* A new, empty arena. Free it with locus_arena_free. */
locus_arena *locus_arena_new(void);
/* Free every block the arena handed out, and the arena itself. NULL is a no-op. */
void locus_arena_free(locus_arena *arena);
/* Free every block but keep the arena (and its first block) for reuse. */
void locus_arena_reset(locus_arena *arena);

/* size bytes aligned for any type; contents are uninitialised. */
void *locus_arena_alloc(locus_arena *arena, size_t size);
/* Like locus_arena_alloc, but zero-filled. */
void *locus_arena_zalloc(locus_arena *arena, size_t size);
/* A NUL-terminated copy of s / of the first n bytes of s. */
char *locus_arena_strdup(locus_arena *arena, const char *s);
char *locus_arena_strndup(locus_arena *arena, const char *s, size_t n);
/* printf into the arena. */
char *locus_arena_printf(locus_arena *arena, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
char *locus_arena_vprintf(locus_arena *arena, const char *fmt, va_list ap);
/* Total bytes of the blocks this arena holds (for metrics and limits). */
size_t locus_arena_bytes(const locus_arena *arena);

/* A growable byte buffer. Zero-initialise it (LOCUS_BUF_INIT) before use;
 * data is always NUL-terminated after a successful append (the NUL is not
 * counted in len). Release with locus_buf_free. */
typedef struct locus_buf {
    char *data;
    size_t len;
    size_t cap;
} locus_buf;

#define LOCUS_BUF_INIT {NULL, 0, 0}

int locus_buf_reserve(locus_buf *buf, size_t extra);
int locus_buf_append(locus_buf *buf, const void *data, size_t len);
int locus_buf_puts(locus_buf *buf, const char *s);
int locus_buf_putc(locus_buf *buf, char c);
int locus_buf_printf(locus_buf *buf, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
int locus_buf_vprintf(locus_buf *buf, const char *fmt, va_list ap);
/* Forget the contents, keep the memory. */
void locus_buf_clear(locus_buf *buf);
void locus_buf_free(locus_buf *buf);

#ifdef __cplusplus
}
#endif
#endif
