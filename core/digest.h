/* digest.h — incremental XXH3-128 hashing for cache keys and content digests.
 *
 * locus_digest_of (locus/artifact.h) hashes one buffer; lp_hasher feeds
 * several fields into one digest. Fields are length-prefixed so that
 * ("ab","c") and ("a","bc") never collide.
 */
#ifndef LP_DIGEST_H
#define LP_DIGEST_H

#include <stddef.h>
#include <stdint.h>

#include "locus/artifact.h"

typedef struct lp_hasher lp_hasher;

lp_hasher *lp_hasher_new(void);
void lp_hasher_free(lp_hasher *hasher);
/* Raw bytes, no length prefix. */
void lp_hasher_bytes(lp_hasher *hasher, const void *data, size_t len);
/* A length-prefixed field. s may be NULL (hashed differently from ""). */
void lp_hasher_str(lp_hasher *hasher, const char *s);
void lp_hasher_field(lp_hasher *hasher, const void *data, size_t len);
void lp_hasher_u64(lp_hasher *hasher, uint64_t value);
void lp_hasher_digest(lp_hasher *hasher, const locus_digest *digest);
locus_digest lp_hasher_finish(const lp_hasher *hasher);

int lp_digest_eq(const locus_digest *a, const locus_digest *b);
int lp_digest_is_zero(const locus_digest *digest);
/* 64 bits of the digest, for hash tables. */
uint64_t lp_digest_u64(const locus_digest *digest);

#endif
