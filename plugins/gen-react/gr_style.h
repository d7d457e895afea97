/* gr_style.h — a CSS declaration list (`color: red; font-size: 2px`) as
 * a React style object, for `style="…"` on HTML tags (React takes only
 * objects there). */
#ifndef GR_STYLE_H
#define GR_STYLE_H

#include "gr_out.h"
#include "gr_text.h"

/* Appends `={{ color: 'red', fontSize: '2px' }}`: property names in camel
 * case (custom properties `--x` quoted), values as string literals. */
void gr_put_style_object(gr_out *out, gr_str css);

#endif
