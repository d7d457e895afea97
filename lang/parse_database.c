/* parse_database.c — `database { entity … }` blocks (language.md §4):
 * entities, fields and their types, relations.
 *
 * Decisions applied: a field may be named `nullable`; relations
 * keep every attribute and their own on_delete value;
 * `belongs_to A?` is accepted. `list of T?` / `T?[]` stay errors,
 * reported only when the rest of the file parses (P-04 is a builder error
 * in the reference).
 */
#include <string.h>

#include "parser.h"

static int scalar_code(ll_tok k)
{
    switch (k) {
    case TK_KW_STRING: return 1;
    case TK_KW_TEXT: return 2;
    case TK_KW_INTEGER: return 3;
    case TK_KW_DECIMAL: return 4;
    case TK_KW_BOOLEAN: return 5;
    case TK_KW_DATETIME: return 6;
    case TK_KW_JSON: return 7;
    case TK_KW_BIGINT: return 8;
    case TK_KW_FLOAT: return 9;
    case TK_KW_UUID: return 10;
    case TK_KW_EMAIL: return 11;
    case TK_KW_URL: return 12;
    default: return 0;
    }
}

static int relation_kind(ll_tok k)
{
    switch (k) {
    case TK_KW_HAS_MANY: return LOCUS_REL_HAS_MANY;
    case TK_KW_BELONGS_TO: return LOCUS_REL_BELONGS_TO;
    case TK_KW_HAS_ONE: return LOCUS_REL_HAS_ONE;
    default: return 0;
    }
}

/* Is the next token the word `nullable` used as a modifier (not a field
 * name, which would be followed by ':')? */
static int nullable_next(ll_parser *p)
{
    const ll_token *t = ll_p_peek(p, 0);
    uint32_t len;
    const char *s = ll_tok_text(&p->lx, t, &len);
    return t->kind == TK_IDENT && len == 8 && memcmp(s, "nullable", 8) == 0 &&
           ll_p_kind(p, 1) != TK_COLON;
}

/* The scalar keyword of a field type; with an alias, ALIAS holds the name
 * as written. */
static int scalar(ll_parser *p, int *code)
{
    const ll_token *t = ll_p_peek(p, 0);
    *code = scalar_code(t->kind);
    if (!*code) {
        ll_p_error_expected(p, t, "a field type (String, Integer, ...)");
        return 0;
    }
    ll_token tok = ll_p_next(p);
    ll_set_node(p->b, LOCUS_F_NAME, ll_p_ident(p, &tok));
    if (tok.sub) {
        const char *s = p->src.text + tok.off;
        ll_set_node(p->b, LOCUS_F_ALIAS, ll_ident(p->b, p->file, tok.off, tok.len, s, tok.len));
    }
    ll_set_int(p->b, LOCUS_F_CODE, *code);
    return 1;
}

static locus_node field_type(ll_parser *p)
{
    ll_token q, first = *ll_p_peek(p, 0);
    int code;
    uint32_t flags = 0;
    ll_open(p->b, LOCUS_AST_TYPE, p->file, first.off);
    if (ll_p_accept(p, TK_KW_LIST, NULL)) {
        flags |= LOCUS_FLAG_LIST | LOCUS_FLAG_LIST_OF;
        if (!ll_p_expect(p, TK_KW_OF, NULL) || !scalar(p, &code))
            return 0;
        if (ll_p_accept(p, TK_QUESTION, &q))
            ll_p_defer(p, q.off, 1, "a list type cannot be optional: remove the '?'");
    } else {
        if (!scalar(p, &code))
            return 0;
        if (ll_p_accept(p, TK_QUESTION, &q))
            flags |= LOCUS_FLAG_OPTIONAL;
        if (ll_p_kind(p, 0) == TK_LBRACKET && ll_p_kind(p, 1) == TK_RBRACKET) {
            ll_p_next(p), ll_p_next(p);
            if (flags & LOCUS_FLAG_OPTIONAL)
                ll_p_defer(p, q.off, 1, "a list type cannot be optional: remove the '?'");
            flags = (flags & ~(uint32_t)LOCUS_FLAG_OPTIONAL) | LOCUS_FLAG_LIST;
        }
    }
    if (nullable_next(p)) {
        ll_p_next(p);
        flags |= LOCUS_FLAG_NULLABLE;
    }
    if (ll_p_kind(p, 0) == TK_PIPE) {
        ll_p_next(p);
        if (!ll_p_expect(p, TK_KW_NULL, NULL))
            return 0;
        flags |= LOCUS_FLAG_NULL_UNION;
    }
    ll_set_flags(p->b, flags);
    return ll_close(p->b, p->lx.prev_end);
}

static locus_node field(ll_parser *p, const ll_token *name)
{
    ll_open(p->b, LOCUS_AST_FIELD, p->file, name->off);
    ll_set_node(p->b, LOCUS_F_NAME, ll_p_ident(p, name));
    ll_p_next(p); /* ':' */
    locus_node type = field_type(p);
    if (!type)
        return 0;
    ll_set_node(p->b, LOCUS_F_TYPE, type);
    if (!ll_parse_attributes(p, 0))
        return 0;
    return ll_close(p->b, p->lx.prev_end);
}

/* `word: IDENT` clause of a relation; sets field. */
static int relation_clause(ll_parser *p, locus_ast_field field)
{
    ll_token value;
    ll_p_next(p); /* on_delete / inverse */
    if (!ll_p_expect(p, TK_COLON, NULL) || !ll_p_expect_ident(p, &value))
        return 0;
    ll_set_node(p->b, field, ll_p_ident(p, &value));
    return 1;
}

static int inverse_next(ll_parser *p)
{
    const ll_token *t = ll_p_peek(p, 0);
    uint32_t len;
    const char *s = ll_tok_text(&p->lx, t, &len);
    return t->kind == TK_IDENT && len == 7 && memcmp(s, "inverse", 7) == 0 &&
           ll_p_kind(p, 1) == TK_COLON;
}

static locus_node relation(ll_parser *p, const ll_token *name)
{
    ll_open(p->b, LOCUS_AST_RELATION, p->file, name->off);
    ll_set_node(p->b, LOCUS_F_NAME, ll_p_ident(p, name));
    ll_p_next(p); /* ':' */
    ll_token kind = ll_p_next(p), target;
    ll_set_int(p->b, LOCUS_F_REL_KIND, relation_kind(kind.kind));
    if (!ll_p_expect_ident(p, &target))
        return 0;
    ll_set_node(p->b, LOCUS_F_TARGET, ll_p_ident(p, &target));
    if (ll_p_accept(p, TK_QUESTION, NULL))
        ll_set_flags(p->b, LOCUS_FLAG_OPTIONAL);
    if (!ll_parse_attributes(p, 1))
        return 0;
    if (ll_p_kind(p, 0) == TK_KW_ON_DELETE && !relation_clause(p, LOCUS_F_ON_DELETE))
        return 0;
    if (inverse_next(p) && !relation_clause(p, LOCUS_F_INVERSE))
        return 0;
    return ll_close(p->b, p->lx.prev_end);
}

/* A member starts `name :`; the third token says field or relation. The
 * reference reports a member it cannot classify at its first token. */
static locus_node member(ll_parser *p)
{
    ll_token name = *ll_p_peek(p, 0);
    ll_tok third = ll_p_kind(p, 2);
    if (ll_p_kind(p, 1) == TK_COLON && (scalar_code(third) || third == TK_KW_LIST)) {
        ll_p_next(p);
        return field(p, &name);
    }
    if (ll_p_kind(p, 1) == TK_COLON && relation_kind(third)) {
        ll_p_next(p);
        return relation(p, &name);
    }
    ll_p_error_expected(p, &name, "a field ('name: Type') or a relation ('name: has_many Target')");
    return 0;
}

static locus_node entity(ll_parser *p)
{
    ll_token kw = ll_p_next(p), name, rb;
    ll_open(p->b, LOCUS_AST_ENTITY, p->file, kw.off);
    if (!ll_p_expect_ident(p, &name))
        return 0;
    ll_set_node(p->b, LOCUS_F_NAME, ll_p_ident(p, &name));
    if (!ll_p_expect(p, TK_LBRACE, NULL))
        return 0;
    size_t mark = ll_list_begin(p->b);
    while (!p->failed && ll_p_kind(p, 0) == TK_IDENT)
        ll_push(p->b, member(p));
    ll_list_end(p->b, LOCUS_F_CHILDREN, mark);
    if (!ll_p_expect(p, TK_RBRACE, &rb))
        return 0;
    return ll_close(p->b, rb.off + 1);
}

locus_node ll_parse_database(ll_parser *p)
{
    ll_token kw = ll_p_next(p), rb;
    ll_open(p->b, LOCUS_AST_DATABASE, p->file, kw.off);
    if (!ll_p_expect(p, TK_LBRACE, NULL))
        return 0;
    size_t mark = ll_list_begin(p->b);
    while (!p->failed && ll_p_kind(p, 0) == TK_KW_ENTITY)
        ll_push(p->b, entity(p));
    ll_list_end(p->b, LOCUS_F_CHILDREN, mark);
    if (!ll_p_expect(p, TK_RBRACE, &rb))
        return 0;
    return ll_close(p->b, rb.off + 1);
}
