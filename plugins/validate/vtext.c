/* vtext.c — text helpers of the validator (vtext.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vtext.h"

int lv_is_word_char(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

int lv_is_space(int c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

int lv_is_pascal(const char *s)
{
    if (!(s[0] >= 'A' && s[0] <= 'Z'))
        return 0;
    for (size_t i = 1; s[i]; i++)
        if (!lv_is_word_char(s[i]) || s[i] == '_')
            return 0;
    return 1;
}

int lv_has_word(const char *text, size_t len, const char *word, size_t wlen)
{
    if (wlen == 0 || wlen > len)
        return 0;
    for (size_t i = 0; i + wlen <= len; i++) {
        if (memcmp(text + i, word, wlen) != 0)
            continue;
        int left_ok = i == 0 || !lv_is_word_char((unsigned char)text[i - 1]) ||
                      !lv_is_word_char((unsigned char)word[0]);
        int right_ok = i + wlen == len || !lv_is_word_char((unsigned char)text[i + wlen]) ||
                       !lv_is_word_char((unsigned char)word[wlen - 1]);
        if (left_ok && right_ok)
            return 1;
    }
    return 0;
}

void lv_trim(const char **s, size_t *len)
{
    while (*len && lv_is_space((unsigned char)**s))
        (*s)++, (*len)--;
    while (*len && lv_is_space((unsigned char)(*s)[*len - 1]))
        (*len)--;
}

int lv_find_const(const char *text, size_t len, const char **name, size_t *nlen)
{
    for (size_t i = 0; i + 5 < len; i++) {
        if (memcmp(text + i, "const", 5) != 0)
            continue;
        size_t j = i + 5, ws = j;
        while (j < len && lv_is_space((unsigned char)text[j]))
            j++;
        size_t k = j;
        while (k < len && lv_is_word_char((unsigned char)text[k]))
            k++;
        if (j > ws && k > j) {
            *name = text + j;
            *nlen = k - j;
            return 1;
        }
    }
    return 0;
}

size_t lv_leading_ident(const char *text, size_t len)
{
    if (!len || !(lv_is_word_char((unsigned char)text[0]) && !(text[0] >= '0' && text[0] <= '9')))
        return 0;
    size_t i = 1;
    while (i < len && lv_is_word_char((unsigned char)text[i]))
        i++;
    return i;
}

/* Shortest decimal digits that read back as value: digits (no dot) and the
 * decimal exponent n such that value = 0.d1d2… × 10^n. */
static int shortest_digits(double value, char *digits, int *n)
{
    char buf[40];
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(buf, sizeof buf, "%.*e", prec - 1, value);
        if (strtod(buf, NULL) == value || prec == 17)
            break;
    }
    /* buf = d[.ddd]e±XX */
    int k = 0;
    char *e = strchr(buf, 'e');
    for (char *p = buf; p < e; p++)
        if (*p >= '0' && *p <= '9')
            digits[k++] = *p;
    while (k > 1 && digits[k - 1] == '0')
        k--;
    digits[k] = '\0';
    *n = atoi(e + 1) + 1;
    return k;
}

static void put_zeros(char *out, int count)
{
    for (int i = 0; i < count; i++)
        out[i] = '0';
    out[count > 0 ? count : 0] = '\0';
}

/* ECMAScript Number::toString(10) for a finite, positive value (out has
 * room for 64 bytes). */
static void format_positive(double value, char *out, size_t size)
{
    char d[24];
    int n, k = shortest_digits(value, d, &n);
    if (k <= n && n <= 21) {
        memcpy(out, d, (size_t)k);
        put_zeros(out + k, n - k);
    } else if (0 < n && n <= 21) {
        snprintf(out, size, "%.*s.%s", n, d, d + n);
    } else if (-6 < n && n <= 0) {
        memcpy(out, "0.", 2);
        put_zeros(out + 2, -n);
        strcat(out, d);
    } else if (k == 1) {
        snprintf(out, size, "%se%c%d", d, n - 1 >= 0 ? '+' : '-', abs(n - 1));
    } else {
        snprintf(out, size, "%c.%se%c%d", d[0], d + 1, n - 1 >= 0 ? '+' : '-', abs(n - 1));
    }
}

char *lv_js_number(locus_arena *arena, double value)
{
    char buf[64];
    if (isnan(value))
        return (char *)"NaN";
    if (isinf(value))
        return (char *)(value < 0 ? "-Infinity" : "Infinity");
    if (value == 0)
        return (char *)"0";
    format_positive(fabs(value), buf + 1, sizeof buf - 1);
    buf[0] = '-';
    char *s = locus_arena_strdup(arena, value < 0 ? buf : buf + 1);
    return s ? s : (char *)"";
}

/* One conversion of lv_vformat: its text into *s / *n (digits in buf). */
static int conversion(const char **fmt, va_list *ap, char *buf, const char **s, size_t *n)
{
    const char *f = *fmt;
    int precision = -1;
    if (f[0] == '.' && f[1] == '*') {
        precision = va_arg(*ap, int);
        f += 2;
    }
    switch (*f) {
    case 's':
        *s = va_arg(*ap, const char *);
        if (!*s)
            *s = "(null)";
        *n = precision >= 0 ? strnlen(*s, (size_t)precision) : strlen(*s);
        break;
    case 'd': *n = (size_t)snprintf(buf, 32, "%d", va_arg(*ap, int)), *s = buf; break;
    case 'u': *n = (size_t)snprintf(buf, 32, "%u", va_arg(*ap, unsigned)), *s = buf; break;
    case 'z':
        if (f[1] != 'u')
            return -1;
        f++;
        *n = (size_t)snprintf(buf, 32, "%zu", va_arg(*ap, size_t)), *s = buf;
        break;
    case '%': *s = "%", *n = 1; break;
    default: return -1;
    }
    *fmt = f + 1;
    return 0;
}

char *lv_vformat(locus_arena *arena, const char *fmt, va_list ap)
{
    char small[512], digits[32];
    locus_buf big = LOCUS_BUF_INIT;
    size_t len = 0;
    va_list args;
    va_copy(args, ap);
    int bad = 0;
    while (*fmt && !bad) {
        const char *piece = fmt;
        size_t n = 0;
        if (*fmt == '%') {
            fmt++;
            bad = conversion(&fmt, &args, digits, &piece, &n);
        } else {
            while (fmt[n] && fmt[n] != '%')
                n++;
            fmt += n;
        }
        if (bad)
            break;
        if (!big.data && len + n < sizeof small) {
            memcpy(small + len, piece, n);
        } else {
            if (!big.data && locus_buf_append(&big, small, len))
                bad = 1;
            if (!bad && locus_buf_append(&big, piece, n))
                bad = 1;
        }
        len += n;
    }
    va_end(args);
    char *out = bad ? NULL : locus_arena_strndup(arena, big.data ? big.data : small, len);
    locus_buf_free(&big);
    return out;
}
