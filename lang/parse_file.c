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
 *
 * Incremental parsing (ll_parse_file_incremental) runs the same block
 * loop, but first looks each block up in the caller's memo; see the
 * comment above incr_block for why a reused block is exact.
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

/* ------------------------------------------------------------------ */
/* Incremental parsing                                                 */
/* ------------------------------------------------------------------ */

/* Why a reused block is exact. A block's parse reads only its own bytes
 * [start, end) — the lexer, the raw scanner, the UI and expression parsers
 * all work on ranges inside it — plus: the lexer's lookahead past its `}`
 * (a parser asking for two tokens at the block's last one), the alias map
 * (substitution), the alias lines among those bytes (skipped by the lexer)
 * and whether the byte before start is a word byte (the lexer's alias
 * check). The key covers all of them, the lookahead as the bytes up to
 * the end of the token after the block ("look"). That the parse read no
 * further is checked, not assumed: the lexer records how far it lexed
 * (its reach), and a block is kept only if that is within look, and if it
 * parsed without error or deferred error, ending on its `}`. Its nodes are
 * then a function of the key, and ll_import_block writes them at the new
 * offset exactly as a parse there would (ast_build.h). Before a lookup the
 * block's end is only guessed (the `}` matching its first `{`); a wrong
 * guess gives a key nothing was stored under: a re-parse, never a wrong
 * tree. */

#define BLOCK_KEY_TAG "locus-parse block v1"

typedef struct incr {
    ll_block_memo *memo;
    locus_digest aliases; /* of the alias map: names and targets, in order */
} incr;

static int put_u32(locus_buf *buf, uint32_t v)
{
    unsigned char w[4] = {(unsigned char)v, (unsigned char)(v >> 8), (unsigned char)(v >> 16),
                          (unsigned char)(v >> 24)};
    return locus_buf_append(buf, w, 4);
}

static int alias_digest(const ll_source *s, locus_digest *out)
{
    locus_buf buf = LOCUS_BUF_INIT;
    int rc = put_u32(&buf, s->naliases);
    for (uint32_t i = 0; i < s->naliases && !rc; i++) {
        const ll_alias *a = &s->aliases[i];
        rc = put_u32(&buf, a->name_len) ||
             locus_buf_append(&buf, s->text + a->name_off, a->name_len) ||
             put_u32(&buf, a->target_len) ||
             locus_buf_append(&buf, s->text + a->target_off, a->target_len);
    }
    if (!rc)
        *out = locus_digest_of(buf.data, buf.len);
    locus_buf_free(&buf);
    return rc ? -1 : 0;
}

static int word_byte(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/* The alias lines starting in [start, end), relative to start. */
static int put_alias_lines(locus_buf *buf, const ll_source *s, uint32_t start, uint32_t end)
{
    uint32_t lo = 0, hi = s->nalias_lines;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (s->alias_lines[mid].start < start)
            lo = mid + 1;
        else
            hi = mid;
    }
    int rc = 0;
    for (; lo < s->nalias_lines && s->alias_lines[lo].start < end && !rc; lo++)
        rc = put_u32(buf, s->alias_lines[lo].start - start) ||
             put_u32(buf, s->alias_lines[lo].end - start);
    return rc;
}

/* The key of the block [start, end) whose parse may have read up to look
 * (end, or the end of the token after it; len + 1 for the end of file). */
static int block_key(const ll_parser *p, const incr *in, uint32_t start, uint32_t end,
                     uint32_t look, locus_digest *key)
{
    const ll_source *s = &p->src;
    uint32_t upto = look < s->len ? look : s->len;
    locus_digest bytes = locus_digest_of(s->text + start, upto - start);
    unsigned char flags[2] = {start > 0 && word_byte((unsigned char)s->text[start - 1]),
                              look > s->len};
    locus_buf buf = LOCUS_BUF_INIT;
    int rc = locus_buf_append(&buf, BLOCK_KEY_TAG, sizeof BLOCK_KEY_TAG) ||
             locus_buf_append(&buf, &in->aliases, sizeof in->aliases) ||
             locus_buf_append(&buf, &bytes, sizeof bytes) || locus_buf_append(&buf, flags, 2) ||
             put_u32(&buf, end - start) || put_u32(&buf, look - start) ||
             put_alias_lines(&buf, s, start, look);
    if (!rc)
        *key = locus_digest_of(buf.data, buf.len);
    locus_buf_free(&buf);
    return rc ? -1 : 0;
}

/* The guessed end of the block at the next token: just after the `}`
 * matching its first `{`, scanned like a raw block (strings, comments). */
static int guess_end(const ll_parser *p, uint32_t *end)
{
    ll_lexer lx = p->lx; /* a copy: the real lexer does not move */
    for (int i = 0; i < 16; i++) {
        ll_token t = ll_next(&lx);
        if (t.kind == TK_LBRACE) {
            ll_raw raw;
            ll_diag d;
            if (ll_raw_block(&p->src, t.off, t.off + 1, &raw, &d))
                return 0;
            *end = raw.close + 1;
            return 1;
        }
        if (t.kind == TK_EOF || t.kind == TK_ERROR || t.kind == TK_RBRACE)
            return 0;
    }
    return 0;
}

/* Where lexing the token after end stops (as the lexer's reach counts). */
static uint32_t token_after(const ll_parser *p, uint32_t end)
{
    ll_lexer lx = p->lx;
    ll_lex_seek(&lx, end);
    const ll_token *t = ll_peek(&lx, 0);
    return t->off + (t->len ? t->len : 1);
}

static const void *lookup(ll_parser *p, const incr *in, uint32_t start, uint32_t end,
                          uint32_t look, size_t *n)
{
    locus_digest key;
    if (block_key(p, in, start, end, look, &key))
        return NULL;
    return in->memo->get(in->memo->ctx, &key, n);
}

/* The block at start from the memo (its parse read up to its end, or up
 * to the token after it), or 0. */
static locus_node reuse(ll_parser *p, const incr *in, uint32_t start)
{
    uint32_t end;
    size_t n = 0;
    if (!guess_end(p, &end))
        return 0;
    const void *v = lookup(p, in, start, end, end, &n);
    if (!v)
        v = lookup(p, in, start, end, token_after(p, end), &n);
    locus_node node = v ? ll_import_block(p->b, p->file, start, end, v, n) : 0;
    if (node)
        ll_lex_seek(&p->lx, end); /* where the parse of the block leaves it */
    return node;
}

/* Count the lookahead already lexed as read by the block about to start. */
static void reset_reach(ll_lexer *lx)
{
    lx->reach = 0;
    for (unsigned k = 0; k < lx->la_count; k++) {
        const ll_token *t = &lx->la[(lx->la_head + k) % LL_LOOKAHEAD];
        uint32_t r = t->off + (t->len ? t->len : 1);
        if (r > lx->reach)
            lx->reach = r;
    }
}

/* Store the block just parsed, [start, end), if its parse is known to
 * have read nothing past the token after it. */
static void keep(ll_parser *p, const incr *in, ll_mark mark, locus_node node, uint32_t start,
                 uint32_t end)
{
    if (!node || p->failed || p->has_deferred || end <= start || p->src.text[end - 1] != '}')
        return;
    uint32_t look = end;
    if (p->lx.reach > end && p->lx.reach > (look = token_after(p, end)))
        return;
    locus_digest key;
    locus_buf value = LOCUS_BUF_INIT;
    if (!block_key(p, in, start, end, look, &key) &&
        !ll_export_block(p->b, mark, node, p->file, start, end, &value))
        in->memo->put(in->memo->ctx, &key, value.data, value.len);
    locus_buf_free(&value);
}

static locus_node incr_block(ll_parser *p, incr *in)
{
    uint32_t start = ll_p_peek(p, 0)->off;
    locus_node node = reuse(p, in, start);
    if (node) {
        in->memo->reused++;
        return node;
    }
    in->memo->parsed++;
    ll_mark mark = ll_checkpoint(p->b);
    reset_reach(&p->lx);
    ll_strlog_begin(p->b);
    node = block(p);
    ll_strlog_end(p->b);
    keep(p, in, mark, node, start, p->lx.prev_end);
    return node;
}

/* ------------------------------------------------------------------ */
/* The file                                                            */
/* ------------------------------------------------------------------ */

static locus_node parse_blocks(ll_parser *p, incr *in)
{
    uint32_t next_alias = 0;
    ll_open(p->b, LOCUS_AST_FILE, p->file, p->src.start);
    size_t mark = ll_list_begin(p->b);
    while (!p->failed && ll_p_kind(p, 0) != TK_EOF) {
        aliases_before(p, &next_alias, ll_p_peek(p, 0)->off);
        ll_push(p->b, in ? incr_block(p, in) : block(p));
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

static int parse(const char *key, size_t key_len, const char *text, size_t len,
                 ll_block_memo *memo, ll_parse_result *res)
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
    incr in = {memo, {{0}}};
    if (memo && alias_digest(&p.src, &in.aliases)) {
        ll_diag_set(p.diag, 0, 0, "out of memory");
        goto done;
    }
    locus_node root = parse_blocks(&p, memo ? &in : NULL);
    rc = finish(&p, root, res);
done:
    ll_source_free(&p.src);
    ll_builder_free(p.b);
    locus_arena_free(p.arena);
    return rc;
}

int ll_parse_file(const char *key, size_t key_len, const char *text, size_t len,
                  ll_parse_result *res)
{
    return parse(key, key_len, text, len, NULL, res);
}

int ll_parse_file_incremental(const char *key, size_t key_len, const char *text, size_t len,
                              ll_block_memo *memo, ll_parse_result *res)
{
    if (!memo)
        return ll_parse_file(key, key_len, text, len, res);
    memo->parsed = memo->reused = 0;
    if (parse(key, key_len, text, len, memo, res) == 0)
        return 0;
    /* Which error a broken file reports depends on the whole file (a lexer
     * error anywhere after the first syntax error wins, ...): rather than
     * prove that reused blocks cannot change it, parse such a file in full
     * (an edit in progress; rare enough to cost nothing). */
    return ll_parse_file(key, key_len, text, len, res);
}
