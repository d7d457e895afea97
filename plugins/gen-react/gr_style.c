/* gr_style.c — CSS declarations as a React style object (gr_style.h). */
#include "gr_style.h"

#include <string.h>

static char upper(char c)
{
    return c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c;
}

/* `font-size` → fontSize, `-webkit-x` → WebkitX, `-ms-x` → msX (React's
 * spelling of vendor prefixes), `--x` stays a quoted custom property. */
static void put_property(gr_out *out, gr_str name)
{
    if (name.len >= 2 && name.s[0] == '-' && name.s[1] == '-') {
        gr_putc(out, '\'');
        gr_put_str(out, name);
        gr_putc(out, '\'');
        return;
    }
    size_t i = 0;
    int cap_next = 0;
    if (name.len && name.s[0] == '-') {
        i = 1;
        cap_next = !(name.len >= 3 && name.s[1] == 'm' && name.s[2] == 's');
    }
    for (; i < name.len; i++) {
        if (name.s[i] == '-') {
            cap_next = 1;
            continue;
        }
        gr_putc(out, cap_next ? upper(name.s[i]) : name.s[i]);
        cap_next = 0;
    }
}

static void put_string_literal(gr_out *out, gr_str value)
{
    gr_putc(out, '\'');
    for (size_t i = 0; i < value.len; i++) {
        char c = value.s[i];
        if (c == '\'' || c == '\\')
            gr_putc(out, '\\');
        gr_putc(out, c == '\n' || c == '\r' ? ' ' : c);
    }
    gr_putc(out, '\'');
}

void gr_put_style_object(gr_out *out, gr_str css)
{
    gr_puts(out, "={{");
    int any = 0;
    size_t start = 0;
    for (size_t i = 0; i <= css.len; i++) {
        if (i < css.len && css.s[i] != ';')
            continue;
        gr_str decl = gr_trim((gr_str){css.s + start, i - start});
        start = i + 1;
        const char *colon = decl.len ? memchr(decl.s, ':', decl.len) : NULL;
        if (!colon)
            continue;
        gr_str name = gr_trim((gr_str){decl.s, (size_t)(colon - decl.s)});
        gr_str value = gr_trim((gr_str){colon + 1, decl.len - (size_t)(colon - decl.s) - 1});
        if (!name.len)
            continue;
        gr_puts(out, any ? ", " : " ");
        put_property(out, name);
        gr_puts(out, ": ");
        put_string_literal(out, value);
        any = 1;
    }
    gr_puts(out, any ? " }}" : "}}");
}
