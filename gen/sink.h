/* sink.h — where a generator's files go. In a plugin that is the task
 * (gen_emit_file: the written file plus the manifest text); in the unit
 * tests it is a table. Generators written against this interface run
 * unchanged in both. */
#ifndef GEN_SINK_H
#define GEN_SINK_H

#include <stddef.h>

#include "locus/locus.h"

typedef struct gen_file {
    const char *path;
    const char *text;     /* the bytes to write (before stabilisation) */
    size_t len;
    /* The manifest text when it is not `text` (the auth variant writes raw
     * text but the manifest keeps the normal one); NULL: same as text. */
    const char *manifest;
    size_t manifest_len;
    unsigned flags;       /* GEN_STABILIZE, GEN_NO_MANIFEST (emit.h) */
} gen_file;

typedef struct gen_sink {
    int (*put)(void *ctx, const gen_file *file); /* 0, or -1 to fail */
    void *ctx;
} gen_sink;

static inline int gen_sink_put(const gen_sink *sink, const gen_file *file)
{
    return sink->put(sink->ctx, file);
}

/* The plugin side: files go to a task, manifest texts to manifest_port. */
typedef struct gen_task_sink {
    locus_task *task;
    const char *manifest_port;
} gen_task_sink;

gen_sink gen_task_sink_make(gen_task_sink *target);

#endif
