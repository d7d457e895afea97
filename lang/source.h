/* source.h — the pre-pass over a file's text before lexing: BOM, UTF-8
 * validity, the legacy `on_load` check (P-01) and type-alias lines (§10).
 *
 * Alias lines are not removed from the text (Q-02/Q-26 are fixed): the
 * pre-pass records where they are, so the lexer skips them, and the alias
 * map, so the lexer can substitute alias names in tokens.
 */
#ifndef LL_SOURCE_H
#define LL_SOURCE_H

#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "locus/arena.h"

typedef struct ll_alias {
    uint32_t name_off, name_len;     /* the alias name in the text */
    uint32_t target_off, target_len; /* its target */
} ll_alias;

typedef struct ll_range {
    uint32_t start, end;
} ll_range;

typedef struct ll_source {
    const char *text;
    uint32_t len;
    uint32_t start;        /* 3 after a UTF-8 BOM, else 0 */
    ll_alias *aliases;     /* later definitions of a name come later */
    uint32_t naliases;
    ll_range *alias_lines; /* ascending, non-overlapping */
    uint32_t nalias_lines;
    uint32_t *lines;       /* line starts (LF, CRLF, CR end a line); malloc'd */
    uint32_t nlines;
    int ascii;             /* the text has no byte >= 0x80 */
} ll_source;

/* Run the pre-pass. Returns 0, or -1 with *diag filled (P-01, invalid
 * UTF-8, file too large, out of memory). Memory comes from arena. */
int ll_source_scan(ll_source *src, const char *text, size_t len, locus_arena *arena,
                   ll_diag *diag);

/* Free what ll_source_scan allocated outside the arena. */
void ll_source_free(ll_source *src);

/* The alias whose name is text[off..off+len), or NULL (last definition wins). */
const ll_alias *ll_source_alias(const ll_source *src, const char *word, size_t len);

#endif
