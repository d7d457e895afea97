/* sha256.h — SHA-256 (FIPS 180-4), for the build manifest's hash. On x86-64
 * CPUs with the SHA extensions it uses them; elsewhere portable C. */
#ifndef GEN_SHA256_H
#define GEN_SHA256_H

#include <stddef.h>
#include <stdint.h>

typedef struct gen_sha256 {
    uint32_t state[8];
    uint64_t length;      /* bytes hashed so far */
    uint8_t block[64];
    size_t block_len;
    /* The compression function gen_sha256_init chose for this CPU, run on
     * n consecutive 64-byte blocks. */
    void (*blocks)(uint32_t state[8], const uint8_t *data, size_t n);
} gen_sha256;

void gen_sha256_init(gen_sha256 *ctx);
void gen_sha256_update(gen_sha256 *ctx, const void *data, size_t len);
/* The digest as 64 lower-case hex characters + NUL. */
void gen_sha256_hex(gen_sha256 *ctx, char out[65]);

#endif
