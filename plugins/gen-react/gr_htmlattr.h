/* gr_htmlattr.h — attribute names as React prop names. */
#ifndef GR_HTMLATTR_H
#define GR_HTMLATTR_H

#include "gr_text.h"
#include "locus/arena.h"

/* `class` → `className` (any tag, as the reference does). On HTML tags
 * (html != 0, D-08) the HTML spellings React renames: `for` → `htmlFor`,
 * `tabindex` → `tabIndex`, `onclick` → `onClick`, `xlink:href` →
 * `xlinkHref`, … Any other name with a colon loses its first colon (the
 * reference's rule). The result may live in arena. */
gr_str gr_react_attr_name(locus_arena *arena, gr_str attr, int html);

#endif
