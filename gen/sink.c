/* sink.c — the task-backed gen_sink (sink.h). */
#include "sink.h"

#include "emit.h"

static int put_to_task(void *ctx, const gen_file *file)
{
    const gen_task_sink *target = ctx;
    if (!file->manifest || (file->flags & GEN_NO_MANIFEST))
        return gen_emit_file(target->task, target->manifest_port, file->path, file->text,
                             file->len, file->flags);
    if (locus_emit(target->task, target->manifest_port, file->path, file->manifest,
                   file->manifest_len) != 0)
        return -1;
    return gen_emit_file(target->task, target->manifest_port, file->path, file->text, file->len,
                         file->flags | GEN_NO_MANIFEST);
}

gen_sink gen_task_sink_make(gen_task_sink *target)
{
    gen_sink sink = {put_to_task, target};
    return sink;
}
