/* lang_testutil.c — implementation of the language test helpers. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ast_dump.h"
#include "lang_testutil.h"

void lt_parse_n(lt_parsed *p, const char *text, size_t len)
{
    memset(p, 0, sizeof *p);
    p->rc = ll_parse_file("test.locus", 10, text, len, &p->res);
    if (p->rc == 0) {
        int orc = locus_ast_open(p->res.blob, p->res.blob_size, &p->ast);
        ck_assert_msg(orc == LOCUS_AST_OK, "blob does not open: %s", locus_ast_strerror(orc));
    }
}

void lt_parse(lt_parsed *p, const char *text)
{
    lt_parse_n(p, text, strlen(text));
}

void lt_free(lt_parsed *p)
{
    free(p->res.blob);
    memset(p, 0, sizeof *p);
}

static char *error_text(const lt_parsed *p)
{
    char *s = NULL;
    ck_assert(asprintf(&s, "ERROR %u:%u: %s", p->res.diag.line, p->res.diag.column,
                       p->res.diag.message) >= 0);
    return s;
}

static char *dump_node(const lt_parsed *p, locus_node n, unsigned options)
{
    locus_buf out = LOCUS_BUF_INIT;
    ck_assert(ll_ast_dump(&p->ast, n, options, &out) == 0);
    char *s = strdup(out.data ? out.data : "");
    locus_buf_free(&out);
    return s;
}

char *lt_dump(const char *text, unsigned options)
{
    lt_parsed p;
    lt_parse(&p, text);
    char *s = p.rc ? error_text(&p) : dump_node(&p, locus_ast_root(&p.ast), options);
    lt_free(&p);
    return s;
}

char *lt_dump_first(const char *text, locus_ast_kind kind, unsigned options)
{
    lt_parsed p;
    lt_parse(&p, text);
    char *s = p.rc ? error_text(&p)
                   : dump_node(&p, lt_find(&p.ast, locus_ast_root(&p.ast), kind), options);
    lt_free(&p);
    return s;
}

char *lt_error_at(const char *text)
{
    lt_parsed p;
    char *s = NULL;
    lt_parse(&p, text);
    if (p.rc)
        ck_assert(asprintf(&s, "%u:%u", p.res.diag.line, p.res.diag.column) >= 0);
    else
        s = strdup("ok");
    lt_free(&p);
    return s;
}

locus_node lt_find(const locus_ast *ast, locus_node node, locus_ast_kind kind)
{
    if (!node)
        return 0;
    if (locus_ast_kind_of(ast, node) == kind)
        return node;
    size_t nf = locus_ast_field_count(ast, node);
    for (size_t i = 0; i < nf; i++) {
        locus_field_info fi = locus_ast_field_at(ast, node, i);
        if (fi.type == LOCUS_FT_NODE) {
            locus_node hit = lt_find(ast, locus_ast_get(ast, node, fi.id), kind);
            if (hit)
                return hit;
        } else if (fi.type == LOCUS_FT_LIST) {
            size_t n = locus_ast_list_count(ast, node, fi.id);
            for (size_t k = 0; k < n; k++) {
                locus_node hit = lt_find(ast, locus_ast_list_at(ast, node, fi.id, k), kind);
                if (hit)
                    return hit;
            }
        }
    }
    return 0;
}

char *lt_slice(const locus_ast *ast, locus_node node, locus_ast_field field)
{
    locus_slice s;
    if (!locus_ast_get_slice(ast, node, field, &s))
        return strdup("");
    return strndup(s.text, s.length);
}

char *lt_text(const locus_ast *ast, locus_node node)
{
    size_t len;
    const char *t = locus_ast_text(ast, node, &len);
    return t ? strndup(t, len) : strdup("");
}
