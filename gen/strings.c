/* strings.c — the generators' string helpers and the two sort orders
 * (outputs.md §0.1, §0.2). */
#include <ctype.h>
#include <stdint.h>
#include <string.h>

#include "genutil.h"

int gen_lower_first(locus_buf *out, const char *s)
{
    if (!*s)
        return locus_buf_puts(out, "");
    return locus_buf_putc(out, (char)tolower((unsigned char)s[0])) || locus_buf_puts(out, s + 1)
               ? -1
               : 0;
}

int gen_capitalize(locus_buf *out, const char *s)
{
    if (!*s)
        return locus_buf_puts(out, "");
    return locus_buf_putc(out, (char)toupper((unsigned char)s[0])) || locus_buf_puts(out, s + 1)
               ? -1
               : 0;
}

int gen_lc(locus_buf *out, const char *s)
{
    for (; *s; s++)
        if (locus_buf_putc(out, (char)tolower((unsigned char)*s)) != 0)
            return -1;
    return locus_buf_puts(out, "");
}

static int is_js_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

int gen_kebab(locus_buf *out, const char *s)
{
    size_t len = strlen(s);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 'a' && c <= 'z' && i + 1 < len && s[i + 1] >= 'A' && s[i + 1] <= 'Z') {
            /* The pair is consumed as a whole, as the /([a-z])([A-Z])/g
             * replacement does, so the upper-case letter cannot start a
             * second pair. */
            if (locus_buf_putc(out, (char)c) || locus_buf_putc(out, '-') ||
                locus_buf_putc(out, (char)tolower((unsigned char)s[i + 1])))
                return -1;
            i++;
            continue;
        }
        if (is_js_space(c)) {
            while (i + 1 < len && is_js_space((unsigned char)s[i + 1]))
                i++;
            c = '-';
        } else if (c == '_') {
            c = '-';
        }
        if (locus_buf_putc(out, (char)tolower(c)) != 0)
            return -1;
    }
    return locus_buf_puts(out, "");
}

/* Primary weight of a character in the en-US collation of identifiers. */
static int weight(unsigned char c)
{
    if (c == '_')
        return 1;
    if (c >= '0' && c <= '9')
        return 2 + (c - '0');
    if (c >= 'a' && c <= 'z')
        return 12 + (c - 'a');
    if (c >= 'A' && c <= 'Z')
        return 12 + (c - 'A');
    return 64 + c; /* not in identifiers: after the letters, by byte */
}

int gen_collate(const char *a, const char *b)
{
    size_t i = 0;
    for (; a[i] && b[i]; i++) {
        int wa = weight((unsigned char)a[i]), wb = weight((unsigned char)b[i]);
        if (wa != wb)
            return wa < wb ? -1 : 1;
    }
    if (a[i] || b[i])
        return a[i] ? 1 : -1;
    for (i = 0; a[i]; i++) {
        if (a[i] == b[i])
            continue;
        /* Same letter, other case: lower-case first. */
        return islower((unsigned char)a[i]) ? -1 : 1;
    }
    return 0;
}

/* Next UTF-16 code unit of a UTF-8 string; *pending carries the low
 * surrogate of a supplementary character. */
static uint32_t next_unit(const unsigned char **p, uint32_t *pending)
{
    if (*pending) {
        uint32_t unit = *pending;
        *pending = 0;
        return unit;
    }
    const unsigned char *s = *p;
    uint32_t cp;
    if (s[0] < 0x80) {
        cp = s[0];
        *p += 1;
    } else if ((s[0] & 0xE0) == 0xC0 && s[1]) {
        cp = ((uint32_t)(s[0] & 0x1F) << 6) | (s[1] & 0x3F);
        *p += 2;
    } else if ((s[0] & 0xF0) == 0xE0 && s[1] && s[2]) {
        cp = ((uint32_t)(s[0] & 0x0F) << 12) | ((uint32_t)(s[1] & 0x3F) << 6) | (s[2] & 0x3F);
        *p += 3;
    } else if ((s[0] & 0xF8) == 0xF0 && s[1] && s[2] && s[3]) {
        cp = ((uint32_t)(s[0] & 0x07) << 18) | ((uint32_t)(s[1] & 0x3F) << 12) |
             ((uint32_t)(s[2] & 0x3F) << 6) | (s[3] & 0x3F);
        *p += 4;
        cp -= 0x10000;
        *pending = 0xDC00 + (cp & 0x3FF);
        return 0xD800 + (cp >> 10);
    } else {
        cp = s[0]; /* invalid UTF-8: compare the byte */
        *p += 1;
    }
    return cp;
}

int gen_codeunit_cmp(const char *a, const char *b)
{
    const unsigned char *pa = (const unsigned char *)a, *pb = (const unsigned char *)b;
    uint32_t pend_a = 0, pend_b = 0;
    while ((*pa || pend_a) && (*pb || pend_b)) {
        uint32_t ua = next_unit(&pa, &pend_a), ub = next_unit(&pb, &pend_b);
        if (ua != ub)
            return ua < ub ? -1 : 1;
    }
    int a_more = *pa || pend_a, b_more = *pb || pend_b;
    return a_more == b_more ? 0 : a_more ? 1 : -1;
}

int gen_collate_qsort(const void *a, const void *b)
{
    return gen_collate(*(const char *const *)a, *(const char *const *)b);
}

int gen_codeunit_qsort(const void *a, const void *b)
{
    return gen_codeunit_cmp(*(const char *const *)a, *(const char *const *)b);
}
