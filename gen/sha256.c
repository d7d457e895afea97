/* sha256.c — SHA-256 (FIPS 180-4): portable C, and the x86-64 SHA
 * extensions (SHA-NI) where the CPU has them, chosen per context at
 * gen_sha256_init. Only the SHA-NI functions are compiled for that target,
 * so the rest of the build needs no special flags. */
#include "sha256_int.h"

#include <string.h>

#if defined(__x86_64__)
#include <immintrin.h>
#define GEN_SHA256_X86 1
#endif

_Alignas(16) static const uint32_t K[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
    0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
    0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
    0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
    0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
    0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
    0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
    0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
    0xc67178f2};

static uint32_t rotr(uint32_t x, int n)
{
    return (x >> n) | (x << (32 - n));
}

static void compress(uint32_t state[8], const uint8_t block[64])
{
    uint32_t w[64];
    for (int i = 0; i < 16; i++)
        w[i] = (uint32_t)block[4 * i] << 24 | (uint32_t)block[4 * i + 1] << 16 |
               (uint32_t)block[4 * i + 2] << 8 | block[4 * i + 3];
    for (int i = 16; i < 64; i++) {
        uint32_t s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
        uint32_t s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    uint32_t a = state[0], b = state[1], c = state[2], d = state[3];
    uint32_t e = state[4], f = state[5], g = state[6], h = state[7];
    for (int i = 0; i < 64; i++) {
        uint32_t t1 = h + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[i] +
                      w[i];
        uint32_t t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
        h = g;
        g = f;
        f = e;
        e = d + t1;
        d = c;
        c = b;
        b = a;
        a = t1 + t2;
    }
    state[0] += a;
    state[1] += b;
    state[2] += c;
    state[3] += d;
    state[4] += e;
    state[5] += f;
    state[6] += g;
    state[7] += h;
}

static void blocks_portable(uint32_t state[8], const uint8_t *data, size_t n)
{
    for (; n > 0; n--, data += 64)
        compress(state, data);
}

#ifdef GEN_SHA256_X86
#define SHANI __attribute__((target("sha,sse4.1")))

/* Four rounds on the message words m (big-endian already) and K[k..k+3]:
 * two sha256rnds2, each of two rounds, on the state halves s0 = ABEF and
 * s1 = CDGH. */
#define SHANI_ROUNDS(m, k)                                                                   \
    do {                                                                                     \
        __m128i wk_ = _mm_add_epi32((m), _mm_load_si128((const __m128i *)&K[k]));            \
        s1 = _mm_sha256rnds2_epu32(s1, s0, wk_);                                             \
        s0 = _mm_sha256rnds2_epu32(s0, s1, _mm_shuffle_epi32(wk_, 0x0E));                    \
    } while (0)

/* The next four message words from the last sixteen, a (oldest) to d:
 * W[t] = s1(W[t-2]) + W[t-7] + s0(W[t-15]) + W[t-16], written over a. */
#define SHANI_SCHEDULE(a, b, c, d)                                                           \
    a = _mm_sha256msg2_epu32(                                                                \
        _mm_add_epi32(_mm_sha256msg1_epu32(a, b), _mm_alignr_epi8(d, c, 4)), d)

SHANI static void blocks_shani(uint32_t state[8], const uint8_t *data, size_t n)
{
    /* Byte order of each 32-bit word reversed: the message is big-endian. */
    const __m128i bswap = _mm_set_epi64x(0x0c0d0e0f08090a0bLL, 0x0405060700010203LL);
    /* state[] is A..H; the instructions want ABEF and CDGH. */
    __m128i dcba = _mm_loadu_si128((const __m128i *)&state[0]);
    __m128i hgfe = _mm_loadu_si128((const __m128i *)&state[4]);
    __m128i cdab = _mm_shuffle_epi32(dcba, 0xB1);
    __m128i efgh = _mm_shuffle_epi32(hgfe, 0x1B);
    __m128i s0 = _mm_alignr_epi8(cdab, efgh, 8);     /* ABEF */
    __m128i s1 = _mm_blend_epi16(efgh, cdab, 0xF0);  /* CDGH */
    for (; n > 0; n--, data += 64) {
        __m128i save0 = s0, save1 = s1;
        __m128i m0 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(data + 0)), bswap);
        __m128i m1 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(data + 16)), bswap);
        __m128i m2 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(data + 32)), bswap);
        __m128i m3 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(data + 48)), bswap);
        SHANI_ROUNDS(m0, 0);
        SHANI_ROUNDS(m1, 4);
        SHANI_ROUNDS(m2, 8);
        SHANI_ROUNDS(m3, 12);
        for (int k = 16; k < 64; k += 16) {
            SHANI_SCHEDULE(m0, m1, m2, m3);
            SHANI_ROUNDS(m0, k);
            SHANI_SCHEDULE(m1, m2, m3, m0);
            SHANI_ROUNDS(m1, k + 4);
            SHANI_SCHEDULE(m2, m3, m0, m1);
            SHANI_ROUNDS(m2, k + 8);
            SHANI_SCHEDULE(m3, m0, m1, m2);
            SHANI_ROUNDS(m3, k + 12);
        }
        s0 = _mm_add_epi32(s0, save0);
        s1 = _mm_add_epi32(s1, save1);
    }
    __m128i feba = _mm_shuffle_epi32(s0, 0x1B);
    __m128i dchg = _mm_shuffle_epi32(s1, 0xB1);
    _mm_storeu_si128((__m128i *)&state[0], _mm_blend_epi16(feba, dchg, 0xF0)); /* DCBA */
    _mm_storeu_si128((__m128i *)&state[4], _mm_alignr_epi8(dchg, feba, 8));   /* HGFE */
}
#endif

int gen_sha256_have_shani(void)
{
#ifdef GEN_SHA256_X86
    __builtin_cpu_init();
    return __builtin_cpu_supports("sha") && __builtin_cpu_supports("sse4.1");
#else
    return 0;
#endif
}

int gen_sha256_init_impl(gen_sha256 *ctx, gen_sha256_impl impl)
{
    static const uint32_t initial[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                        0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    memcpy(ctx->state, initial, sizeof initial);
    ctx->length = 0;
    ctx->block_len = 0;
    ctx->blocks = blocks_portable;
    if (impl == GEN_SHA256_PORTABLE)
        return 0;
    if (!gen_sha256_have_shani())
        return impl == GEN_SHA256_SHANI ? -1 : 0;
#ifdef GEN_SHA256_X86
    ctx->blocks = blocks_shani;
#endif
    return 0;
}

void gen_sha256_init(gen_sha256 *ctx)
{
    gen_sha256_init_impl(ctx, GEN_SHA256_AUTO);
}

void gen_sha256_update(gen_sha256 *ctx, const void *data, size_t len)
{
    const uint8_t *p = data;
    ctx->length += len;
    if (ctx->block_len) {
        size_t take = 64 - ctx->block_len < len ? 64 - ctx->block_len : len;
        memcpy(ctx->block + ctx->block_len, p, take);
        ctx->block_len += take;
        p += take;
        len -= take;
        if (ctx->block_len < 64)
            return;
        ctx->blocks(ctx->state, ctx->block, 1);
        ctx->block_len = 0;
    }
    if (len >= 64) {
        ctx->blocks(ctx->state, p, len / 64);
        p += len & ~(size_t)63;
        len &= 63;
    }
    memcpy(ctx->block, p, len);
    ctx->block_len = len;
}

void gen_sha256_hex(gen_sha256 *ctx, char out[65])
{
    static const char hex[] = "0123456789abcdef";
    uint64_t bits = ctx->length * 8;
    uint8_t pad[72] = {0x80};
    size_t pad_len = (ctx->block_len < 56 ? 56 : 120) - ctx->block_len;
    for (int i = 0; i < 8; i++)
        pad[pad_len + i] = (uint8_t)(bits >> (56 - 8 * i));
    gen_sha256_update(ctx, pad, pad_len + 8);
    for (int i = 0; i < 8; i++)
        for (int j = 0; j < 4; j++) {
            uint8_t byte = (uint8_t)(ctx->state[i] >> (24 - 8 * j));
            out[8 * i + 2 * j] = hex[byte >> 4];
            out[8 * i + 2 * j + 1] = hex[byte & 15];
        }
    out[64] = '\0';
}
