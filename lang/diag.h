/* diag.h — the one diagnostic a failed parse produces, as a value.
 *
 * Positions follow the reference (validation.md §4): the offending
 * token's line and UTF-16 column, or the end of file. The message is ours.
 */
#ifndef LL_DIAG_H
#define LL_DIAG_H

#include <stdint.h>

#define LL_DIAG_MAX 512

typedef struct ll_diag {
    uint32_t offset;  /* byte offset of the offending text */
    uint32_t length;  /* bytes; 0 at end of file */
    uint32_t line;    /* 1-based; filled by ll_diag_locate */
    uint32_t column;  /* 1-based UTF-16 units */
    int at_eof;       /* the reference gives no position here */
    int located;      /* line/column/length (UTF-16) are final */
    char message[LL_DIAG_MAX];
} ll_diag;

/* Fill line/column (and turn the byte length into UTF-16 units) from
 * the offset: lines end at LF, CRLF or CR; a leading BOM takes no column. */
void ll_diag_locate(ll_diag *diag, const char *text, uint32_t len);

/* Line and UTF-16 column of byte offset off, by the same rules. */
void ll_offset_position(const char *text, uint32_t len, uint32_t off, uint32_t *line,
                        uint32_t *column);

/* Set offset/length and a printf-style message. */
void ll_diag_set(ll_diag *diag, uint32_t offset, uint32_t length, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

#endif
