/* digest.c — XXH3-128 digests (locus_digest) on top of libxxhash. */
#include "digest.h"

#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

struct lp_hasher {
    XXH3_state_t *state;
};

static locus_digest digest_from_hash(XXH128_hash_t hash)
{
    XXH128_canonical_t canon;
    locus_digest digest;
    XXH128_canonicalFromHash(&canon, hash);
    memcpy(digest.bytes, canon.digest, sizeof digest.bytes);
    return digest;
}

locus_digest locus_digest_of(const void *data, size_t len)
{
    return digest_from_hash(XXH3_128bits(data, len));
}

void locus_digest_hex(const locus_digest *digest, char out[33])
{
    static const char hex[] = "0123456789abcdef";
    for (size_t i = 0; i < 16; i++) {
        out[2 * i] = hex[digest->bytes[i] >> 4];
        out[2 * i + 1] = hex[digest->bytes[i] & 15];
    }
    out[32] = '\0';
}

lp_hasher *lp_hasher_new(void)
{
    lp_hasher *hasher = malloc(sizeof *hasher);
    if (!hasher)
        return NULL;
    hasher->state = XXH3_createState();
    if (!hasher->state) {
        free(hasher);
        return NULL;
    }
    XXH3_128bits_reset(hasher->state);
    return hasher;
}

void lp_hasher_free(lp_hasher *hasher)
{
    if (!hasher)
        return;
    XXH3_freeState(hasher->state);
    free(hasher);
}

void lp_hasher_bytes(lp_hasher *hasher, const void *data, size_t len)
{
    XXH3_128bits_update(hasher->state, data, len);
}

void lp_hasher_u64(lp_hasher *hasher, uint64_t value)
{
    uint8_t le[8];
    for (int i = 0; i < 8; i++)
        le[i] = (uint8_t)(value >> (8 * i));
    lp_hasher_bytes(hasher, le, sizeof le);
}

void lp_hasher_field(lp_hasher *hasher, const void *data, size_t len)
{
    lp_hasher_u64(hasher, len);
    lp_hasher_bytes(hasher, data, len);
}

void lp_hasher_str(lp_hasher *hasher, const char *s)
{
    if (!s) {
        lp_hasher_u64(hasher, UINT64_MAX);
        return;
    }
    lp_hasher_field(hasher, s, strlen(s));
}

void lp_hasher_digest(lp_hasher *hasher, const locus_digest *digest)
{
    lp_hasher_bytes(hasher, digest->bytes, sizeof digest->bytes);
}

locus_digest lp_hasher_finish(const lp_hasher *hasher)
{
    return digest_from_hash(XXH3_128bits_digest(hasher->state));
}

int lp_digest_eq(const locus_digest *a, const locus_digest *b)
{
    return memcmp(a->bytes, b->bytes, sizeof a->bytes) == 0;
}

int lp_digest_is_zero(const locus_digest *digest)
{
    static const locus_digest zero;
    return lp_digest_eq(digest, &zero);
}

uint64_t lp_digest_u64(const locus_digest *digest)
{
    uint64_t value = 0;
    for (int i = 0; i < 8; i++)
        value = (value << 8) | digest->bytes[i];
    return value;
}
