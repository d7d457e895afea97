/* sha256_int.h — libgen-internal: choosing the SHA-256 implementation of a
 * context explicitly, so that the tests can check both paths on one CPU.
 * Plugins use sha256.h only. */
#ifndef GEN_SHA256_INT_H
#define GEN_SHA256_INT_H

#include "sha256.h"

typedef enum gen_sha256_impl {
    GEN_SHA256_AUTO,     /* what gen_sha256_init picks: SHA-NI if the CPU has it */
    GEN_SHA256_PORTABLE, /* portable C */
    GEN_SHA256_SHANI     /* x86-64 SHA extensions */
} gen_sha256_impl;

/* 1 when this build and CPU can use SHA-NI, else 0. */
int gen_sha256_have_shani(void);

/* gen_sha256_init with implementation impl. Returns 0; -1 when impl is not
 * available here (ctx is then initialised with the portable code). */
int gen_sha256_init_impl(gen_sha256 *ctx, gen_sha256_impl impl);

#endif
