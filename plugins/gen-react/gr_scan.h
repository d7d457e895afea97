/* gr_scan.h — a small tokenizer for JavaScript-like text (UI expressions,
 * action and `on load` bodies): identifiers, numbers, strings, comments,
 * punctuation, blanks. Enough to find names and statement shapes; it never
 * fails (an unknown byte is a one-byte punctuation token). */
#ifndef GR_SCAN_H
#define GR_SCAN_H

#include <stddef.h>

#include "gr_text.h"
#include "locus/arena.h"

typedef enum gr_tk {
    GR_TK_END = 0,
    GR_TK_SPACE,   /* blanks; `newline` says whether they hold a line break */
    GR_TK_COMMENT, /* `// …` (without the line break) or a block comment */
    GR_TK_IDENT,
    GR_TK_NUMBER,
    GR_TK_STRING,  /* '…', "…" or `…` including the quotes */
    GR_TK_PUNCT    /* operators and brackets: `==`, `=>`, `?.`, `(`, … */
} gr_tk;

typedef struct gr_token {
    gr_tk kind;
    size_t off, len;
    int newline;
} gr_token;

/* The token at pos (GR_TK_END at the end of the text). */
gr_token gr_scan_at(gr_str text, size_t pos);

/* The significant tokens (no blanks, no comments) of text, in an arena
 * array; each records in `newline` whether a line break precedes it. */
typedef struct gr_tokens {
    gr_token *items;
    size_t count;
} gr_tokens;
int gr_scan_all(gr_str text, locus_arena *arena, gr_tokens *out);

/* Does the token hold exactly this text? */
int gr_tok_is(gr_str text, const gr_token *tok, const char *lit);

/* Calls fn for every identifier of text that is a free name: not a member
 * name after `.` / `?.`, not an object key before `:` inside braces. */
typedef void (*gr_ident_fn)(void *ctx, gr_str name);
void gr_scan_free_names(gr_str text, gr_ident_fn fn, void *ctx);

#endif
