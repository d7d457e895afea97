/* parse_file.c — parsing one file: the pre-pass, the top-level block loop,
 * and choosing the one diagnostic to report (ll_parse_file).
 *
 * Which error the reference reports first, by stage (validation.md §4):
 * the `on_load` check, then any lexer error anywhere in the file (it
 * lexes the whole file before parsing), then the first syntax error, and
 * builder errors only for files that parse. We lex on demand, so after a
 * syntax error we look for a lexer error in the text not parsed yet and
 * prefer it; lexer errors in text we did parse were already reported as
 * they came (raw blocks accept any text: ). Errors in UI markup
 * are ours alone (the reference's UI scanner never fails): they stand.
 */
#include <stdlib.h>
#include <string.h>

#include "locus_parse.h"
#include "parser.h"

static locus_node block(ll_parser *p)
{
    switch (ll_p_kind(p, 0)) {
    case TK_KW_DATABASE: return ll_parse_database(p);
    case TK_KW_DESIGN_SYSTEM: return ll_parse_design_system(p);
    case TK_KW_PAGE: return ll_parse_page(p);
    case TK_KW_COMPONENT: return ll_parse_component(p);
    case TK_KW_STORE: return ll_parse_store(p);
    case TK_KW_WORKFLOW: return ll_parse_workflow(p);
    case TK_KW_UPLOAD: return ll_parse_upload(p);
    default:
        ll_p_error_expected(p, ll_p_peek(p, 0),
                            "a top-level block (database, design_system, page, component, "
                            "store, workflow or upload)");
        return 0;
    }
}

/* TYPE_ALIAS nodes for alias lines before offset `before`. */
static void aliases_before(ll_parser *p, uint32_t *next, uint32_t before)
{
    const ll_source *s = &p->src;
    for (; *next < s->naliases && s->alias_lines[*next].start < before; (*next)++) {
        const ll_alias *a = &s->aliases[*next];
        const ll_range *r = &s->alias_lines[*next];
        locus_node name = ll_ident(p->b, p->file, a->name_off, a->name_len, s->text + a->name_off,
                                   a->name_len);
        locus_node target = ll_ident(p->b, p->file, a->target_off, a->target_len,
                                     s->text + a->target_off, a->target_len);
        ll_open(p->b, LOCUS_AST_TYPE_ALIAS, p->file, r->start);
        ll_set_node(p->b, LOCUS_F_NAME, name);
        ll_set_node(p->b, LOCUS_F_TARGET, target);
        ll_push(p->b, ll_close(p->b, a->target_off + a->target_len));
    }
}

static locus_node parse_blocks(ll_parser *p)
{
    uint32_t next_alias = 0;
    ll_open(p->b, LOCUS_AST_FILE, p->file, p->src.start);
    size_t mark = ll_list_begin(p->b);
    while (!p->failed && ll_p_kind(p, 0) != TK_EOF) {
        aliases_before(p, &next_alias, ll_p_peek(p, 0)->off);
        ll_push(p->b, block(p));
    }
    aliases_before(p, &next_alias, UINT32_MAX);
    ll_list_end(p->b, LOCUS_F_CHILDREN, mark);
    return ll_close(p->b, p->src.len);
}

/* Prefer a lexer error in the unparsed rest of the file. */
static void prefer_lexer_error(ll_parser *p)
{
    ll_diag *d = p->diag;
    if (d->at_eof || d->located || p->markup_error)
        return;
    uint32_t bad = ll_find_lex_error(&p->src, d->offset);
    if (bad == UINT32_MAX || bad == d->offset)
        return;
    const unsigned char *t = (const unsigned char *)p->src.text;
    uint32_t n = 1;
    if (t[bad] >= 0x80)
        n = t[bad] >= 0xF0 ? 4 : t[bad] >= 0xE0 ? 3 : 2;
    ll_diag_set(d, bad, n, "unexpected character '%.*s'", (int)n, p->src.text + bad);
}

static int finish(ll_parser *p, locus_node root, ll_parse_result *res)
{
    if (!p->failed && p->has_deferred) {
        *p->diag = p->deferred;
        p->failed = 1;
    } else if (p->failed) {
        prefer_lexer_error(p);
    }
    if (p->failed) {
        ll_diag_locate(p->diag, p->src.text, p->src.len);
        return 1;
    }
    if (ll_finish(p->b, root, &res->blob, &res->blob_size)) {
        ll_diag_set(p->diag, 0, 0, "out of memory while writing the AST");
        p->diag->located = 1;
        return -1;
    }
    return 0;
}

int ll_parse_file(const char *key, size_t key_len, const char *text, size_t len,
                  ll_parse_result *res)
{
    ll_parser p;
    int rc = -1;
    memset(res, 0, sizeof *res);
    memset(&p, 0, sizeof p);
    p.diag = &res->diag;
    p.arena = locus_arena_new();
    p.b = ll_builder_new();
    if (!p.arena || !p.b) {
        ll_diag_set(p.diag, 0, 0, "out of memory");
        goto done;
    }
    if (!text)
        text = "", len = 0;
    if (ll_source_scan(&p.src, text, len, p.arena, p.diag)) {
        ll_diag_locate(p.diag, text, (uint32_t)(len < UINT32_MAX ? len : 0));
        rc = 1;
        goto done;
    }
    p.file = ll_add_file_lines(p.b, key, key_len, text, len, p.src.start == 3, p.src.lines,
                               p.src.nlines, p.src.ascii);
    ll_lex_init(&p.lx, &p.src);
    locus_node root = parse_blocks(&p);
    rc = finish(&p, root, res);
done:
    ll_source_free(&p.src);
    ll_builder_free(p.b);
    locus_arena_free(p.arena);
    return rc;
}
