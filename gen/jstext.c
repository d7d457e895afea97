/* jstext.c — ECMAScript `\s` and trim on UTF-8 (jstext.h). */
#include "jstext.h"

#include <string.h>

/* The non-ASCII `\s` characters, UTF-8 encoded. */
static const char *const wide_spaces[] = {
    "\xC2\xA0",     /* U+00A0 */
    "\xE1\x9A\x80", /* U+1680 */
    "\xE2\x80\x80", "\xE2\x80\x81", "\xE2\x80\x82", "\xE2\x80\x83", "\xE2\x80\x84",
    "\xE2\x80\x85", "\xE2\x80\x86", "\xE2\x80\x87", "\xE2\x80\x88", "\xE2\x80\x89",
    "\xE2\x80\x8A", /* U+2000..U+200A */
    "\xE2\x80\xA8", "\xE2\x80\xA9", /* U+2028, U+2029 */
    "\xE2\x80\xAF", /* U+202F */
    "\xE2\x81\x9F", /* U+205F */
    "\xE3\x80\x80", /* U+3000 */
    "\xEF\xBB\xBF", /* U+FEFF */
};

static int ascii_space(unsigned char c)
{
    return c == ' ' || (c >= '\t' && c <= '\r'); /* tab, LF, VT, FF, CR */
}

size_t gen_js_space_at(const char *s, size_t len)
{
    if (len == 0)
        return 0;
    if (ascii_space((unsigned char)s[0]))
        return 1;
    if ((unsigned char)s[0] < 0x80)
        return 0;
    for (size_t i = 0; i < sizeof wide_spaces / sizeof wide_spaces[0]; i++) {
        size_t n = strlen(wide_spaces[i]);
        if (n <= len && memcmp(s, wide_spaces[i], n) == 0)
            return n;
    }
    return 0;
}

size_t gen_js_space_before(const char *s, size_t len)
{
    if (len == 0)
        return 0;
    if (ascii_space((unsigned char)s[len - 1]))
        return 1;
    if ((unsigned char)s[len - 1] < 0x80)
        return 0;
    for (size_t i = 0; i < sizeof wide_spaces / sizeof wide_spaces[0]; i++) {
        size_t n = strlen(wide_spaces[i]);
        if (n <= len && memcmp(s + len - n, wide_spaces[i], n) == 0)
            return n;
    }
    return 0;
}

void gen_js_trim(const char **s, size_t *len)
{
    size_t n;
    while ((n = gen_js_space_at(*s, *len)) != 0) {
        *s += n;
        *len -= n;
    }
    while ((n = gen_js_space_before(*s, *len)) != 0)
        *len -= n;
}
