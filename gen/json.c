/* json.c — JSON2 output as JavaScript's JSON.stringify(value, null, 2)
 * produces it, including ECMAScript number formatting (outputs.md §0.4). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "genutil.h"

int gen_json_string(locus_buf *out, const char *s, size_t len)
{
    static const char hex[] = "0123456789abcdef";
    if (locus_buf_putc(out, '"') != 0)
        return -1;
    size_t run = 0; /* bytes copied verbatim, flushed in one append */
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        const char *escape = NULL;
        char unicode[7];
        switch (c) {
        case '"': escape = "\\\""; break;
        case '\\': escape = "\\\\"; break;
        case '\b': escape = "\\b"; break;
        case '\f': escape = "\\f"; break;
        case '\n': escape = "\\n"; break;
        case '\r': escape = "\\r"; break;
        case '\t': escape = "\\t"; break;
        default:
            if (c < 0x20) {
                memcpy(unicode, "\\u00", 4);
                unicode[4] = hex[c >> 4];
                unicode[5] = hex[c & 15];
                unicode[6] = '\0';
                escape = unicode;
            }
        }
        if (!escape) {
            run++;
            continue;
        }
        if (locus_buf_append(out, s + i - run, run) != 0 || locus_buf_puts(out, escape) != 0)
            return -1;
        run = 0;
    }
    if (locus_buf_append(out, s + len - run, run) != 0)
        return -1;
    return locus_buf_putc(out, '"');
}

/* Shortest decimal digits that read back as value: digits (no dot) and
 * the decimal exponent n such that value = 0.digits * 10^n. */
static void shortest_digits(double value, char *digits, int *n)
{
    char text[40];
    for (int precision = 1; precision <= 17; precision++) {
        snprintf(text, sizeof text, "%.*e", precision - 1, value);
        if (strtod(text, NULL) == value)
            break;
    }
    /* text is d[.ddd]e[+-]XX */
    char *e = strchr(text, 'e');
    int exponent = atoi(e + 1);
    size_t k = 0;
    for (char *p = text; p < e; p++)
        if (*p >= '0' && *p <= '9')
            digits[k++] = *p;
    while (k > 1 && digits[k - 1] == '0')
        k--;
    digits[k] = '\0';
    *n = exponent + 1;
}

int gen_js_number(locus_buf *out, double value)
{
    if (isnan(value))
        return locus_buf_puts(out, "NaN");
    if (isinf(value))
        return locus_buf_puts(out, value < 0 ? "-Infinity" : "Infinity");
    if (value == 0)
        return locus_buf_puts(out, "0");
    if (value < 0 && locus_buf_putc(out, '-') != 0)
        return -1;
    double magnitude = fabs(value);
    char digits[40];
    int n;
    shortest_digits(magnitude, digits, &n);
    int k = (int)strlen(digits);
    if (k <= n && n <= 21) {
        if (locus_buf_puts(out, digits) != 0)
            return -1;
        for (int i = 0; i < n - k; i++)
            if (locus_buf_putc(out, '0') != 0)
                return -1;
        return 0;
    }
    if (0 < n && n <= 21)
        return locus_buf_printf(out, "%.*s.%s", n, digits, digits + n);
    if (-6 < n && n <= 0) {
        if (locus_buf_puts(out, "0.") != 0)
            return -1;
        for (int i = 0; i < -n; i++)
            if (locus_buf_putc(out, '0') != 0)
                return -1;
        return locus_buf_puts(out, digits);
    }
    int exponent = n - 1;
    if (k == 1)
        return locus_buf_printf(out, "%se%c%d", digits, exponent < 0 ? '-' : '+', abs(exponent));
    return locus_buf_printf(out, "%c.%se%c%d", digits[0], digits + 1, exponent < 0 ? '-' : '+',
                            abs(exponent));
}

int gen_json_number(locus_buf *out, double value)
{
    if (!isfinite(value))
        return locus_buf_puts(out, "null");
    return gen_js_number(out, value);
}

void gen_json_init(gen_json *json, locus_buf *out)
{
    memset(json, 0, sizeof *json);
    json->out = out;
}

static void put(gen_json *json, const char *text)
{
    if (locus_buf_puts(json->out, text) != 0)
        json->failed = 1;
}

static void indent(gen_json *json, int depth)
{
    put(json, "\n");
    for (int i = 0; i < depth; i++)
        put(json, "  ");
}

/* Separator and indentation before a value (or a key) at the current depth. */
static void before_value(gen_json *json)
{
    if (json->after_key) {
        json->after_key = 0;
        return;
    }
    if (json->depth == 0)
        return;
    if (json->count[json->depth - 1]++ > 0)
        put(json, ",");
    indent(json, json->depth);
}

static void open_container(gen_json *json, const char *bracket)
{
    before_value(json);
    put(json, bracket);
    if (json->depth >= GEN_JSON_MAX_DEPTH) {
        json->failed = 1;
        return;
    }
    json->count[json->depth++] = 0;
}

static void close_container(gen_json *json, const char *bracket)
{
    if (json->depth == 0 || json->after_key) {
        json->failed = 1;
        return;
    }
    int had_members = json->count[--json->depth] > 0;
    if (had_members)
        indent(json, json->depth);
    put(json, bracket);
}

void gen_json_begin_object(gen_json *json) { open_container(json, "{"); }
void gen_json_end_object(gen_json *json) { close_container(json, "}"); }
void gen_json_begin_array(gen_json *json) { open_container(json, "["); }
void gen_json_end_array(gen_json *json) { close_container(json, "]"); }

void gen_json_key(gen_json *json, const char *key)
{
    before_value(json);
    if (gen_json_string(json->out, key, strlen(key)) != 0)
        json->failed = 1;
    put(json, ": ");
    json->after_key = 1;
}

void gen_json_strn(gen_json *json, const char *s, size_t len)
{
    before_value(json);
    if (gen_json_string(json->out, s, len) != 0)
        json->failed = 1;
}

void gen_json_str(gen_json *json, const char *s)
{
    gen_json_strn(json, s, strlen(s));
}

void gen_json_num(gen_json *json, double value)
{
    before_value(json);
    if (gen_json_number(json->out, value) != 0)
        json->failed = 1;
}

void gen_json_bool(gen_json *json, int value)
{
    before_value(json);
    put(json, value ? "true" : "false");
}

void gen_json_null(gen_json *json)
{
    before_value(json);
    put(json, "null");
}

void gen_json_raw(gen_json *json, const char *text)
{
    before_value(json);
    put(json, text);
}

int gen_json_finish(const gen_json *json)
{
    return json->failed || json->depth != 0 || json->after_key ? -1 : 0;
}
