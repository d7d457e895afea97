/* gp_app_name.c — the package name from Locus.toml (outputs.md §15.1).
 * The reference lower-cases with JavaScript's toLowerCase and replaces per
 * UTF-16 code unit, so a non-ASCII character becomes one `-` (two for a
 * character outside the BMP), except the two whose lower case is ASCII:
 * KELVIN SIGN → `k`, and İ → `i` plus a combining dot (`i-`). */
#include "gp_project_files.h"

#include <string.h>

#include "jstext.h"

#define DEFAULT_NAME "locus-generated-app"

/* Decode one UTF-8 character at s (len > 0): its code point and length;
 * an invalid byte decodes as U+FFFD of length 1. */
static unsigned decode(const unsigned char *s, size_t len, size_t *n)
{
    unsigned lead = s[0];
    size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
    unsigned cp = need == 4 ? lead & 7 : need == 3 ? lead & 15 : need == 2 ? lead & 31 : lead;
    *n = 1;
    if (lead >= 0x80 && (need == 1 || need > len))
        return 0xFFFD;
    for (size_t i = 1; i < need; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0xFFFD;
        cp = cp << 6 | (s[i] & 0x3F);
    }
    *n = need;
    return cp;
}

static int put_cleaned(locus_buf *out, unsigned cp)
{
    if (cp >= 'A' && cp <= 'Z')
        cp += 'a' - 'A';
    if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9') || cp == '-' || cp == '_')
        return locus_buf_putc(out, (char)cp);
    if (cp == 0x212A)
        return locus_buf_putc(out, 'k');
    if (cp == 0x0130)
        return locus_buf_puts(out, "i-");
    return locus_buf_puts(out, cp >= 0x10000 ? "--" : "-");
}

/* Append the cleaned name without its leading `-`s. */
static int clean(locus_buf *out, const char *s, size_t len)
{
    locus_buf name = LOCUS_BUF_INIT;
    int rc = 0;
    gen_js_trim(&s, &len);
    for (size_t i = 0, n; i < len && rc == 0; i += n)
        rc = put_cleaned(&name, decode((const unsigned char *)s + i, len - i, &n));
    size_t dashes = 0;
    while (dashes < name.len && name.data[dashes] == '-')
        dashes++;
    if (rc == 0 && dashes < name.len)
        rc = locus_buf_append(out, name.data + dashes, name.len - dashes);
    locus_buf_free(&name);
    return rc ? -1 : 0;
}

int gp_app_name(locus_buf *out, const gen_toml *toml)
{
    gen_toml_value name = {GEN_TOML_ABSENT, NULL, 0, 0};
    if (toml)
        name = gen_toml_get(toml, "app", "name");
    size_t start = out->len;
    if (name.type == GEN_TOML_STRING && name.str) {
        if (clean(out, name.str, strlen(name.str)) != 0)
            return -1;
    }
    return out->len > start ? 0 : locus_buf_puts(out, DEFAULT_NAME);
}
