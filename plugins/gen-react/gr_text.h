/* gr_text.h — small text helpers of the React generators: ASCII classes,
 * trimming, node texts, expression texts, JSX escaping, identifiers. */
#ifndef GR_TEXT_H
#define GR_TEXT_H

#include <stddef.h>

#include "gr_out.h"
#include "locus/ast.h"

/* A byte string that is not NUL-terminated. */
typedef struct gr_str {
    const char *s;
    size_t len;
} gr_str;

int gr_is_space(unsigned char c);
int gr_is_ident_start(unsigned char c);
int gr_is_ident_char(unsigned char c);
/* s[0..len) is one identifier ([A-Za-z_$][A-Za-z0-9_$]*). */
int gr_is_identifier(const char *s, size_t len);

gr_str gr_trim(gr_str text);
int gr_str_eq(gr_str a, const char *lit);
int gr_str_same(gr_str a, gr_str b);

/* A node's source text (its span); empty for no node. */
gr_str gr_node_text(const locus_ast *ast, locus_node node);
/* The text of an expression root as written: its span, widened over
 * parentheses that enclose it in the source (the parser drops them). */
gr_str gr_expr_text(const locus_ast *ast, locus_node expr);
/* A name field's text (IDENT), or empty. */
gr_str gr_name(const locus_ast *ast, locus_node node);

/* Append text as JSX text: the characters JSX reserves (`{ } < >`)
 * become `{'x'}` expressions, everything else is copied. */
void gr_put_jsx_text(gr_out *out, gr_str text);
/* Append s with its first character upper-cased (ASCII). */
void gr_put_capitalized(gr_out *out, gr_str s);
/* Append s with its first character lower-cased (ASCII). */
void gr_put_lower_first(gr_out *out, gr_str s);
void gr_put_str(gr_out *out, gr_str s);

#endif
