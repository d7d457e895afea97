/* lang_testutil.h — helpers for the language tests: parse a string and get
 * its dump or its error, find nodes, read slices. */
#ifndef LT_LANG_TESTUTIL_H
#define LT_LANG_TESTUTIL_H

#include <stddef.h>
#include <stdint.h>

#include "locus/ast.h"
#include "locus_parse.h"

/* A parsed file kept open for inspection. */
typedef struct lt_parsed {
    int rc;             /* ll_parse_file's result */
    ll_parse_result res;
    locus_ast ast;      /* valid when rc == 0 */
} lt_parsed;

/* Parse text as "test.locus"; the blob must open (checked). */
void lt_parse(lt_parsed *p, const char *text);
void lt_parse_n(lt_parsed *p, const char *text, size_t len);
void lt_free(lt_parsed *p);

/* The dump of the whole file (malloc'd), or "ERROR L:C: message". */
char *lt_dump(const char *text, unsigned options);
/* The dump of the first node of `kind` (depth-first) in the file. */
char *lt_dump_first(const char *text, locus_ast_kind kind, unsigned options);
/* "L:C" of the parse error (malloc'd), or "ok". */
char *lt_error_at(const char *text);

/* First node of kind below (and including) node, depth-first; 0 if none. */
locus_node lt_find(const locus_ast *ast, locus_node node, locus_ast_kind kind);
/* A slice field as a malloc'd string ("" when absent). */
char *lt_slice(const locus_ast *ast, locus_node node, locus_ast_field field);
/* The node's source text as a malloc'd string. */
char *lt_text(const locus_ast *ast, locus_node node);

#endif
