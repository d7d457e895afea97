/* lexer.h — the on-demand Locus lexer (language.md §2) with a small
 * lookahead window.
 *
 * Tokens are produced only when the parser asks, because raw blocks are
 * not token streams: the parser scans them as text (raw.h) and then
 * re-seats the lexer after the block with ll_lex_seek. Tokens point into
 * the source text; nothing is allocated per token. Type-alias lines are
 * skipped like whitespace, and an identifier that names an alias takes
 * the kind and text of its target (§10) while keeping its own position.
 */
#ifndef LL_LEXER_H
#define LL_LEXER_H

#include <stdint.h>

#include "locus/arena.h"
#include "source.h"
#include "token.h"

typedef struct ll_token {
    ll_tok kind;
    uint32_t off, len;  /* the token's bytes in the source text */
    const char *sub;    /* alias target text when an alias was replaced, else NULL */
    uint32_t sublen;
} ll_token;

#define LL_LOOKAHEAD 4

typedef struct ll_lexer {
    const ll_source *src;
    const unsigned char *t;
    uint32_t len;
    uint32_t pos;        /* where the next unbuffered token is lexed from */
    uint32_t next_alias; /* first alias line not before pos */
    uint32_t prev_end;   /* end of the last consumed token */
    ll_token la[LL_LOOKAHEAD];
    unsigned la_head, la_count;
    uint32_t reach;      /* past the furthest token lexed (>= off + 1 of each),
                          * so incremental parsing can tell whether a block's
                          * parse looked beyond the block; never reset here */
} ll_lexer;

void ll_lex_init(ll_lexer *lx, const ll_source *src);
/* The k-th token ahead (k < LL_LOOKAHEAD); TK_EOF at the end, TK_ERROR at
 * a character that starts no token (the lexer then stays there). */
const ll_token *ll_peek_slow(ll_lexer *lx, unsigned k);
static inline const ll_token *ll_peek(ll_lexer *lx, unsigned k)
{
    if (k < lx->la_count)
        return &lx->la[(lx->la_head + k) % LL_LOOKAHEAD];
    return ll_peek_slow(lx, k);
}
/* Consume and return the next token. */
ll_token ll_next(ll_lexer *lx);
/* Forget the lookahead and continue lexing at byte pos. */
void ll_lex_seek(ll_lexer *lx, uint32_t pos);
/* Offset of the next token's first byte (after whitespace/comments). */
uint32_t ll_lex_next_start(ll_lexer *lx);

/* The token's text after alias substitution (not NUL-terminated). */
const char *ll_tok_text(const ll_lexer *lx, const ll_token *tok, uint32_t *len);
/* A STRING token's value: the text between the quotes, escapes kept; with
 * aliases in the file, alias names in it are replaced (memory from arena,
 * NULL when that fails). */
const char *ll_string_value(const ll_lexer *lx, const ll_token *tok, locus_arena *arena,
                            uint32_t *len);

/* Lex from pos to the end of the text, the way the reference's lexer
 * would; returns the offset of the first character that starts no token,
 * or UINT32_MAX. */
uint32_t ll_find_lex_error(const ll_source *src, uint32_t pos);

/* True if the code point at t[i] is one the reference lexes as Unknown;
 * *nbytes gets its UTF-8 length. */
int ll_is_unknown_char(const unsigned char *t, uint32_t i, uint32_t len, uint32_t *nbytes);

#endif
