/* emit.c — writing a generated file and publishing its manifest text. */
#include "emit.h"

#include "genutil.h"

int gen_emit_file(locus_task *task, const char *manifest_port, const char *path,
                  const char *text, size_t len, unsigned flags)
{
    if (!(flags & GEN_NO_MANIFEST) &&
        locus_emit(task, manifest_port, path, text, len) != 0)
        return -1;
    unsigned out_flags = flags & GEN_IF_MISSING ? LOCUS_OUT_IF_MISSING : 0;
    if (!(flags & GEN_STABILIZE) || !gen_needs_stabilize(text, len))
        return locus_write_file(task, path, text, len, out_flags);
    locus_buf stable = LOCUS_BUF_INIT;
    int rc = gen_stabilize(&stable, text, len);
    if (rc == 0)
        rc = locus_write_file(task, path, stable.data, stable.len, out_flags);
    locus_buf_free(&stable);
    return rc;
}
