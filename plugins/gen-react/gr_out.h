/* gr_out.h — the text sink of the React generators: a growable buffer
 * whose write errors are sticky, so rendering code can append freely and
 * check once at the end instead of after every call. */
#ifndef GR_OUT_H
#define GR_OUT_H

#include <stddef.h>
#include <string.h>

#include "locus/arena.h"

typedef struct gr_out {
    locus_buf buf;
    int failed; /* an append ran out of memory: the text is incomplete */
} gr_out;

#define GR_OUT_INIT {LOCUS_BUF_INIT, 0}

static inline void gr_putn(gr_out *out, const char *s, size_t len)
{
    if (!out->failed && len && locus_buf_append(&out->buf, s, len) != 0)
        out->failed = 1;
}

static inline void gr_puts(gr_out *out, const char *s)
{
    gr_putn(out, s, strlen(s));
}

static inline void gr_putc(gr_out *out, char c)
{
    gr_putn(out, &c, 1);
}

/* The text so far ("" when nothing was written). */
static inline const char *gr_text(const gr_out *out)
{
    return out->buf.data ? out->buf.data : "";
}

static inline void gr_out_free(gr_out *out)
{
    locus_buf_free(&out->buf);
    out->failed = 0;
}

#endif
