/* raw.h — scanning raw blocks: the free-form bodies of `ui`, `on load`,
 * actions, `style_override`, workflow texts and the like.
 *
 * Decision: a raw block is any text with balanced braces, where
 * braces inside string literals and `//` comments do not count (the
 * reference instead allowed only a fixed set of tokens). The scanner
 * reports where the block ends and the CONTENT range: from the first to
 * the last "token", i.e. without surrounding whitespace and comments.
 */
#ifndef LL_RAW_H
#define LL_RAW_H

#include <stdint.h>

#include "diag.h"
#include "source.h"

typedef struct ll_raw {
    uint32_t body_start; /* first byte after `{` */
    uint32_t close;      /* offset of the matching `}` (or of the stop word) */
    uint32_t first;      /* CONTENT start (== last_end when empty) */
    uint32_t last_end;   /* CONTENT end */
    int stopped;         /* ll_raw_until stopped at a stop word */
} ll_raw;

/* Scan from body_start (just after a `{`) to its matching `}`. Returns 0,
 * or -1 with *diag set (unterminated string, end of file). open_brace is
 * the `{` offset, named in the end-of-file message. */
int ll_raw_block(const ll_source *src, uint32_t open_brace, uint32_t body_start, ll_raw *out,
                 ll_diag *diag);

/* Like ll_raw_block, but also stop, at brace depth 0, before any word of
 * the NULL-terminated `stops` that is followed (after whitespace and
 * comments) by `{`; out->stopped tells which end was found. */
int ll_raw_until(const ll_source *src, uint32_t open_brace, uint32_t body_start,
                 const char *const *stops, ll_raw *out, ll_diag *diag);

/* Offset of the next byte at or after pos that is not whitespace or part
 * of a `//` comment. */
uint32_t ll_skip_space_comments(const char *text, uint32_t len, uint32_t pos);

#endif
