/* jstext.h — the ECMAScript whitespace rules the generators reproduce on
 * UTF-8 text: the characters of the regex class `\s` (WhiteSpace and
 * LineTerminator: ASCII tab, LF, VT, FF, CR, space, plus U+00A0, U+1680,
 * U+2000–U+200A, U+2028, U+2029, U+202F, U+205F, U+3000, U+FEFF) and
 * String.prototype.trim, which removes them at both ends. */
#ifndef GEN_JSTEXT_H
#define GEN_JSTEXT_H

#include <stddef.h>

/* Byte length of the `\s` character that starts at s (len bytes left),
 * or 0 if s does not start with one. */
size_t gen_js_space_at(const char *s, size_t len);
/* Byte length of the `\s` character that ends at s + len, or 0. */
size_t gen_js_space_before(const char *s, size_t len);
/* Narrow (*s, *len) to the text without leading and trailing `\s`. */
void gen_js_trim(const char **s, size_t *len);

#endif
