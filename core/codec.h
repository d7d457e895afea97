/* codec.h — little-endian binary encoding for the core's stored records
 * (task results, the stat cache). The reader is bounds-checked: a short or
 * malformed record sets `bad` instead of reading past the end.
 */
#ifndef LP_CODEC_H
#define LP_CODEC_H

#include <stddef.h>
#include <stdint.h>

#include "locus/arena.h"
#include "locus/artifact.h"

int lp_put_u8(locus_buf *out, uint8_t value);
int lp_put_u32(locus_buf *out, uint32_t value);
int lp_put_u64(locus_buf *out, uint64_t value);
/* A length-prefixed string; NULL is encoded distinctly from "". */
int lp_put_str(locus_buf *out, const char *s);
int lp_put_digest(locus_buf *out, const locus_digest *digest);

typedef struct lp_reader {
    const uint8_t *pos;
    const uint8_t *end;
    int bad;
} lp_reader;

void lp_reader_init(lp_reader *reader, const void *data, size_t len);
uint8_t lp_get_u8(lp_reader *reader);
uint32_t lp_get_u32(lp_reader *reader);
uint64_t lp_get_u64(lp_reader *reader);
/* Copies a string into arena (NULL for an encoded NULL or on error). */
char *lp_get_str(lp_reader *reader, locus_arena *arena);
locus_digest lp_get_digest(lp_reader *reader);
/* Points n bytes into the record (NULL and bad on overrun). */
const void *lp_get_bytes(lp_reader *reader, size_t n);

#endif
