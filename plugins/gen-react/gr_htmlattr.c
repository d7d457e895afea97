/* gr_htmlattr.c — attribute names as React prop names (gr_htmlattr.h). */
#include "gr_htmlattr.h"

#include <string.h>

typedef struct rename_row {
    const char *html, *react;
} rename_row;

static const rename_row html_names[] = {
    {"for", "htmlFor"},
    {"tabindex", "tabIndex"},
    {"readonly", "readOnly"},
    {"maxlength", "maxLength"},
    {"minlength", "minLength"},
    {"colspan", "colSpan"},
    {"rowspan", "rowSpan"},
    {"autofocus", "autoFocus"},
    {"autocomplete", "autoComplete"},
    {"autoplay", "autoPlay"},
    {"contenteditable", "contentEditable"},
    {"crossorigin", "crossOrigin"},
    {"enctype", "encType"},
    {"formaction", "formAction"},
    {"novalidate", "noValidate"},
    {"srcset", "srcSet"},
    {"accesskey", "accessKey"},
    {"datetime", "dateTime"},
    {"spellcheck", "spellCheck"},
    {"inputmode", "inputMode"},
    {"charset", "charSet"},
    {"hreflang", "hrefLang"},
    {"playsinline", "playsInline"},
    {"usemap", "useMap"},
    {"allowfullscreen", "allowFullScreen"},
    {"onclick", "onClick"},
    {"ondblclick", "onDoubleClick"},
    {"onchange", "onChange"},
    {"oninput", "onInput"},
    {"onsubmit", "onSubmit"},
    {"onkeydown", "onKeyDown"},
    {"onkeyup", "onKeyUp"},
    {"onfocus", "onFocus"},
    {"onblur", "onBlur"},
    {"onmouseenter", "onMouseEnter"},
    {"onmouseleave", "onMouseLeave"},
    {"onmouseover", "onMouseOver"},
    {"onmouseout", "onMouseOut"},
    {"xlink:href", "xlinkHref"},
    {"xml:lang", "xmlLang"},
    {"xml:space", "xmlSpace"},
};

static gr_str lit(const char *s)
{
    return (gr_str){s, strlen(s)};
}

gr_str gr_react_attr_name(locus_arena *arena, gr_str attr, int html)
{
    if (gr_str_eq(attr, "class"))
        return lit("className");
    for (size_t i = 0; html && i < sizeof html_names / sizeof html_names[0]; i++)
        if (gr_str_eq(attr, html_names[i].html))
            return lit(html_names[i].react);
    const char *colon = attr.len ? memchr(attr.s, ':', attr.len) : NULL;
    if (!colon)
        return attr;
    size_t at = (size_t)(colon - attr.s);
    char *joined = locus_arena_alloc(arena, attr.len);
    if (!joined)
        return attr;
    memcpy(joined, attr.s, at);
    memcpy(joined + at, colon + 1, attr.len - at - 1);
    return (gr_str){joined, attr.len - 1};
}
