/* parser.h — state and helpers shared by the recursive-descent parser
 * files (parse_*.c). Internal to liblocuslang.
 *
 * Errors: the first error is recorded in *diag and p->failed is set; from
 * then on every helper is a no-op that reports failure, so parse functions
 * just check p->failed (or a helper's result) and return. Builder-level
 * errors that the reference only detects after a complete parse (P-03,
 * P-04) are deferred: they are reported only if the parse otherwise
 * succeeds.
 */
#ifndef LL_PARSER_H
#define LL_PARSER_H

#include <stdint.h>

#include "ast_build.h"
#include "diag.h"
#include "lexer.h"
#include "locus/arena.h"
#include "raw.h"
#include "source.h"

/* Deepest nesting of elements, steps, expressions or groups we accept. */
#define LL_MAX_NESTING 200

typedef struct ll_parser {
    ll_source src;
    ll_lexer lx;
    ll_builder *b;
    uint32_t file;
    locus_arena *arena;
    ll_diag *diag;
    int failed;
    int has_deferred;
    ll_diag deferred;
    unsigned depth;
    struct ui_ctx *ui; /* the UI parser's scratch state, made on first use */
    int markup_error;  /* the error is in UI markup, which the reference never rejects */
} ll_parser;

/* --- tokens (parse_util.c) --- */
/* After an error every peek sees the end of the file, so loops stop. */
extern const ll_token ll_eof_token;
static inline const ll_token *ll_p_peek(ll_parser *p, unsigned k)
{
    return p->failed ? &ll_eof_token : ll_peek(&p->lx, k);
}
static inline ll_tok ll_p_kind(ll_parser *p, unsigned k)
{
    return ll_p_peek(p, k)->kind;
}
ll_token ll_p_next(ll_parser *p);
/* Consume the next token if it has this kind. */
int ll_p_accept(ll_parser *p, ll_tok kind, ll_token *out);
/* Consume a token of this kind or fail ("expected X but found Y"). */
int ll_p_expect(ll_parser *p, ll_tok kind, ll_token *out);
/* Consume an identifier (the Identifier token only; keywords are reserved). */
int ll_p_expect_ident(ll_parser *p, ll_token *out);

/* --- errors --- */
/* Fail at tok: "expected <what> but found <tok>". */
void ll_p_error_expected(ll_parser *p, const ll_token *tok, const char *what);
/* Fail at a byte range with a message. */
void ll_p_fail(ll_parser *p, uint32_t offset, uint32_t length, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Record a deferred (builder-level) error; the first one wins. */
void ll_p_defer(ll_parser *p, uint32_t offset, uint32_t length, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Nesting guard: enter fails (with an error at offset) past LL_MAX_NESTING. */
int ll_p_enter(ll_parser *p, uint32_t offset);
void ll_p_leave(ll_parser *p);

/* --- nodes --- */
/* An IDENT leaf for a word token (alias target text when substituted). */
locus_node ll_p_ident(ll_parser *p, const ll_token *tok);
/* A literal leaf: STRING, NUMBER (optionally negated from minus_off),
 * SIZE, DURATION, HEX_COLOR, or IDENT for words. */
locus_node ll_p_literal(ll_parser *p, const ll_token *tok);
locus_node ll_p_number(ll_parser *p, const ll_token *tok, int negative, uint32_t minus_off);

/* --- raw blocks --- */
/* After the `{` token lbrace was consumed: scan the raw block, consume
 * through its `}`, and set BODY and CONTENT on the open node. Returns 1,
 * or 0 on error. *out (may be NULL) gets the scan result. */
int ll_p_raw_body(ll_parser *p, const ll_token *lbrace, ll_raw *out);
/* `{ raw }` with the `{` still ahead: expect it, then ll_p_raw_body. */
int ll_p_braced_raw(ll_parser *p, ll_raw *out);

/* --- grammar areas (one file each) --- */
locus_node ll_parse_database(ll_parser *p);
locus_node ll_parse_design_system(ll_parser *p);
locus_node ll_parse_page(ll_parser *p);
locus_node ll_parse_component(ll_parser *p);
locus_node ll_parse_store(ll_parser *p);
locus_node ll_parse_workflow(ll_parser *p);
locus_node ll_parse_upload(ll_parser *p);
/* Attributes of fields/relations: `@name(...)` or `( ... )`. */
int ll_parse_attributes(ll_parser *p, int relation);
/* Types of state/param/action-param declarations (TypeName, §6.1). */
locus_node ll_parse_type_name(ll_parser *p, int allow_list);
/* `action name(params) { raw }` (pages, stores). */
locus_node ll_parse_action(ll_parser *p);
/* `param name: Type [= default]` (components); the default stops where
 * stop_at says a new item starts. */
locus_node ll_parse_param(ll_parser *p, int (*stop_at)(ll_parser *p));
/* `steps { ... }` of a workflow. */
locus_node ll_parse_steps_block(ll_parser *p);
/* `state { ... }` (pages, stores, workflows). */
locus_node ll_parse_state_block(ll_parser *p);
/* The reference's greedy Raw fallback item, stopping before item starts
 * (Q-08 fixed); stop_at(p) says whether the next tokens start an item. */
locus_node ll_parse_fallback_raw(ll_parser *p, int (*stop_at)(ll_parser *p));
/* The UI tree of a ui block's content [from, to): pushes the root nodes as
 * items of the open node. Returns 1, or 0 on a parse error. */
int ll_parse_ui(ll_parser *p, uint32_t from, uint32_t to);
/* An expression over [from, to) of the text (trimmed): its root node, or
 * an EXPR_ERROR node. Never fails the parse. */
locus_node ll_parse_expr_text(ll_parser *p, uint32_t from, uint32_t to);

#endif
