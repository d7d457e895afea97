/* vtext.h — text helpers of the validator: the reference's name patterns,
 * whole-word search, trimming, and JavaScript's number-to-string form
 * (numbers inside messages are printed the way the reference prints them). */
#ifndef LV_VTEXT_H
#define LV_VTEXT_H

#include <stdarg.h>
#include <stddef.h>

#include "locus/arena.h"

/* [A-Za-z0-9_] (JavaScript \w). */
int lv_is_word_char(int c);
/* ECMAScript \s restricted to ASCII: space, \t, \n, \v, \f, \r. */
int lv_is_space(int c);
/* ^[A-Z][A-Za-z0-9]*$ */
int lv_is_pascal(const char *s);
/* Whether word occurs in text as a whole word (\bword\b). */
int lv_has_word(const char *text, size_t len, const char *word, size_t wlen);
/* Trim ASCII whitespace from both ends of [*s, *s + *len). */
void lv_trim(const char **s, size_t *len);
/* The first `const\s+(\w+)` in text: 1 and the name, or 0. */
int lv_find_const(const char *text, size_t len, const char **name, size_t *nlen);
/* The leading identifier ^[A-Za-z_][A-Za-z0-9_]* of text: its length (0: none). */
size_t lv_leading_ident(const char *text, size_t len);
/* JavaScript's String(number): "50", "1.5", "99999999999", "1e+21", "-0.001".
 * Never NULL ("" when memory ran out). */
char *lv_js_number(locus_arena *arena, double value);

/* A printf subset (%s, %.*s, %d, %u, %zu, %%) straight into the arena: the
 * validator formats tens of thousands of warnings, and libc's vsnprintf
 * (run twice by locus_arena_vprintf) dominated their cost. NULL on memory
 * failure. */
char *lv_vformat(locus_arena *arena, const char *fmt, va_list ap);

#endif
