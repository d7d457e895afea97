/* tasklog.c — encoding, loading and storing the task log. */
#include "tasklog.h"

#include <stdlib.h>
#include <string.h>

#include "codec.h"
#include "digest.h"

#define TASKLOG_MAGIC 0x314c504cu /* "LPL1" */

static int load_entry(lp_reader *reader, lp_memo *memo)
{
    locus_digest key = lp_get_digest(reader);
    uint32_t meta_len = lp_get_u32(reader);
    const void *meta = lp_get_bytes(reader, meta_len);
    if (!meta)
        return -1;
    void *copy = malloc(meta_len ? meta_len : 1);
    if (!copy)
        return -1;
    memcpy(copy, meta, meta_len);
    lp_result result;
    if (lp_result_decode(copy, meta_len, &result) != 0)
        return -1; /* decode took the copy */
    if (lp_memo_put(memo, &key, &result, NULL) != 0) {
        lp_result_free(&result);
        return -1;
    }
    return 0;
}

int lp_tasklog_fetch(lp_cache *cache, const char *name, locus_buf *blob, lp_error *err)
{
    *blob = (locus_buf)LOCUS_BUF_INIT;
    int found = lp_cache_state_get(cache, name, blob, err);
    if (found != 1)
        locus_buf_free(blob);
    return found;
}

void lp_tasklog_decode(locus_buf *blob_in, lp_memo *memo, locus_digest *digest)
{
    memset(digest, 0, sizeof *digest);
    locus_buf blob = *blob_in;
    *blob_in = (locus_buf)LOCUS_BUF_INIT;
    lp_reader reader;
    lp_reader_init(&reader, blob.data, blob.len);
    int ok = lp_get_u32(&reader) == TASKLOG_MAGIC;
    uint32_t count = lp_get_u32(&reader);
    /* Every entry has at least a digest and a length: a count the blob
     * cannot hold is corrupt, not a reason to allocate. */
    ok = ok && (uint64_t)count * 20 <= blob.len &&
         lp_memo_reserve(memo, memo->count + count) == 0;
    for (uint32_t i = 0; ok && i < count; i++)
        ok = load_entry(&reader, memo) == 0;
    if (ok && reader.pos == reader.end) {
        *digest = locus_digest_of(blob.data, blob.len);
    } else {
        lp_memo_free(memo); /* a log we cannot read is no log */
    }
    locus_buf_free(&blob);
}

void lp_tasklog_begin(lp_tasklog_writer *writer)
{
    memset(writer, 0, sizeof *writer);
    lp_put_u32(&writer->blob, TASKLOG_MAGIC);
    lp_put_u32(&writer->blob, 0); /* the count, patched by finish */
}

int lp_tasklog_add(lp_tasklog_writer *writer, const locus_digest *key, const void *meta,
                   size_t meta_len)
{
    if (meta_len > LP_TASKLOG_MAX_META)
        return 0;
    writer->count++;
    return lp_put_digest(&writer->blob, key) || lp_put_u32(&writer->blob, (uint32_t)meta_len) ||
                   locus_buf_append(&writer->blob, meta, meta_len)
               ? -1
               : 0;
}

int lp_tasklog_finish(lp_tasklog_writer *writer, lp_cache *cache, const char *name,
                      const locus_digest *previous, lp_error *err)
{
    int rc = 0;
    if (!writer->blob.data) {
        rc = lp_fail(err, "out of memory writing the task log");
    } else {
        for (int i = 0; i < 4; i++)
            writer->blob.data[4 + i] = (char)(writer->count >> (8 * i));
        locus_digest digest = locus_digest_of(writer->blob.data, writer->blob.len);
        if (!lp_digest_eq(&digest, previous))
            rc = lp_cache_state_put(cache, name, writer->blob.data, writer->blob.len, err);
    }
    locus_buf_free(&writer->blob);
    return rc;
}
