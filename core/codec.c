/* codec.c — little-endian record encoding with bounds-checked reading. */
#include "codec.h"

#include <string.h>

int lp_put_u8(locus_buf *out, uint8_t value)
{
    return locus_buf_append(out, &value, 1);
}

int lp_put_u32(locus_buf *out, uint32_t value)
{
    uint8_t le[4] = {(uint8_t)value, (uint8_t)(value >> 8), (uint8_t)(value >> 16),
                     (uint8_t)(value >> 24)};
    return locus_buf_append(out, le, sizeof le);
}

int lp_put_u64(locus_buf *out, uint64_t value)
{
    uint8_t le[8];
    for (int i = 0; i < 8; i++)
        le[i] = (uint8_t)(value >> (8 * i));
    return locus_buf_append(out, le, sizeof le);
}

int lp_put_str(locus_buf *out, const char *s)
{
    if (!s)
        return lp_put_u32(out, UINT32_MAX);
    size_t len = strlen(s);
    if (len >= UINT32_MAX)
        return -1;
    if (lp_put_u32(out, (uint32_t)len) != 0)
        return -1;
    return locus_buf_append(out, s, len);
}

int lp_put_digest(locus_buf *out, const locus_digest *digest)
{
    return locus_buf_append(out, digest->bytes, sizeof digest->bytes);
}

void lp_reader_init(lp_reader *reader, const void *data, size_t len)
{
    reader->pos = data;
    reader->end = reader->pos + len;
    reader->bad = 0;
}

const void *lp_get_bytes(lp_reader *reader, size_t n)
{
    if (reader->bad || (size_t)(reader->end - reader->pos) < n) {
        reader->bad = 1;
        return NULL;
    }
    const void *at = reader->pos;
    reader->pos += n;
    return at;
}

uint8_t lp_get_u8(lp_reader *reader)
{
    const uint8_t *p = lp_get_bytes(reader, 1);
    return p ? p[0] : 0;
}

uint32_t lp_get_u32(lp_reader *reader)
{
    const uint8_t *p = lp_get_bytes(reader, 4);
    if (!p)
        return 0;
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

uint64_t lp_get_u64(lp_reader *reader)
{
    const uint8_t *p = lp_get_bytes(reader, 8);
    uint64_t value = 0;
    for (int i = 7; p && i >= 0; i--)
        value = (value << 8) | p[i];
    return value;
}

char *lp_get_str(lp_reader *reader, locus_arena *arena)
{
    uint32_t len = lp_get_u32(reader);
    if (reader->bad || len == UINT32_MAX)
        return NULL;
    const char *bytes = lp_get_bytes(reader, len);
    if (!bytes)
        return NULL;
    char *s = locus_arena_strndup(arena, bytes, len);
    if (!s)
        reader->bad = 1;
    return s;
}

locus_digest lp_get_digest(lp_reader *reader)
{
    locus_digest digest = {{0}};
    const void *p = lp_get_bytes(reader, sizeof digest.bytes);
    if (p)
        memcpy(digest.bytes, p, sizeof digest.bytes);
    return digest;
}
