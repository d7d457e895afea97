/* diag.c — building the parse diagnostic: message formatting and the
 * offset → line/UTF-16 column conversion the reference's positions use. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "diag.h"

void ll_diag_set(ll_diag *diag, uint32_t offset, uint32_t length, const char *fmt, ...)
{
    va_list ap;
    diag->offset = offset;
    diag->length = length;
    diag->at_eof = 0;
    diag->located = 0;
    va_start(ap, fmt);
    vsnprintf(diag->message, sizeof diag->message, fmt, ap);
    va_end(ap);
}

static uint32_t utf16_units(const unsigned char *t, uint32_t from, uint32_t to)
{
    uint32_t units = 0;
    for (uint32_t i = from; i < to; i++)
        if ((t[i] & 0xC0) != 0x80)
            units += t[i] >= 0xF0 ? 2 : 1;
    return units;
}

void ll_offset_position(const char *text, uint32_t len, uint32_t off, uint32_t *line_out,
                        uint32_t *col_out)
{
    const unsigned char *t = (const unsigned char *)text;
    if (off > len)
        off = len;
    uint32_t line = 1, line_start = 0;
    for (uint32_t i = 0; i < off; i++) {
        if (t[i] == '\n' || (t[i] == '\r' && (i + 1 >= len || t[i + 1] != '\n'))) {
            line++;
            line_start = i + 1;
        }
    }
    uint32_t col = utf16_units(t, line_start, off) + 1;
    if (line_start == 0 && len >= 3 && off >= 3 && memcmp(t, "\xEF\xBB\xBF", 3) == 0)
        col--;
    *line_out = line;
    *col_out = col;
}

void ll_diag_locate(ll_diag *diag, const char *text, uint32_t len)
{
    const unsigned char *t = (const unsigned char *)text;
    if (diag->located)
        return;
    diag->located = 1;
    uint32_t off = diag->offset < len ? diag->offset : len;
    uint32_t line, col;
    ll_offset_position(text, len, off, &line, &col);
    uint32_t end = diag->length > len - off ? len : off + diag->length;
    diag->line = line;
    diag->column = col;
    diag->length = utf16_units(t, off, end);
}
