/* v_ui.c — the validator's view of UI markup (vui.h). */
#include <string.h>

#include "vtext.h"
#include "vui.h"

/* on:x → onX; we also camel-case the rest of a kebab event name
 * (`on:mouse-enter` → onMouseEnter, decisions.md D-06; the reference
 * makes it onMouse-enter). */
static char *event_key(locus_arena *arena, const char *name)
{
    size_t len = strlen(name);
    char *k = locus_arena_alloc(arena, len + 1);
    if (!k)
        return NULL;
    size_t j = 0;
    k[j++] = 'o';
    k[j++] = 'n';
    int upper = 1;
    for (size_t i = 3; i < len; i++) {
        if (name[i] == '-' && i + 1 < len) {
            upper = 1;
            continue;
        }
        k[j++] = upper && name[i] >= 'a' && name[i] <= 'z' ? (char)(name[i] - 'a' + 'A') : name[i];
        upper = 0;
    }
    k[j] = '\0';
    return k;
}

/* prefix + name[from..] in the arena. */
static char *join(locus_arena *arena, const char *prefix, const char *name, size_t from)
{
    size_t plen = strlen(prefix), rest = strlen(name + from);
    char *k = locus_arena_alloc(arena, plen + rest + 1);
    if (k) {
        memcpy(k, prefix, plen);
        memcpy(k + plen, name + from, rest + 1);
    }
    return k;
}

static char *normalise_key(locus_arena *arena, const char *name)
{
    const char *colon = strchr(name, ':');
    if (!colon)
        return (char *)name; /* the common case: no copy */
    if (strncmp(name, "on:", 3) == 0 && name[3])
        return event_key(arena, name);
    if (strcmp(name, "bind:value") == 0)
        return (char *)"bindValue";
    if (strncmp(name, "bind:", 5) == 0)
        return join(arena, "bind$", name, 5);
    if (strcmp(name, "for:each") == 0)
        return (char *)"forEach";
    char *k = join(arena, "", name, 0);
    if (k)
        memmove(k + (colon - name), k + (colon - name) + 1, strlen(colon + 1) + 1);
    return k;
}

/* Elements have a handful of attributes: a linear search for a repeated
 * key is cheaper than any map. */
static size_t find_key(const lv_ui_attr *v, size_t n, const char *key)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(v[i].key, key) == 0)
            return i;
    return n;
}

size_t lv_ui_attrs(lv_ctx *ctx, locus_node element, lv_ui_attr **out)
{
    size_t n = locus_ast_list_count(ctx->ast, element, LOCUS_F_ATTRS), k = 0;
    *out = NULL;
    if (!n)
        return 0;
    lv_ui_attr *v = locus_arena_alloc(ctx->arena, n * sizeof *v);
    if (!v) {
        ctx->oom = 1;
        return 0;
    }
    for (size_t i = 0; i < n; i++) {
        locus_node a = locus_ast_list_at(ctx->ast, element, LOCUS_F_ATTRS, i);
        char *key = normalise_key(ctx->arena, lv_name(ctx, a, NULL));
        if (!key) {
            ctx->oom = 1;
            return 0;
        }
        size_t at = find_key(v, k, key);
        lv_ui_attr attr = {key, a, locus_ast_get(ctx->ast, a, LOCUS_F_VALUE)};
        if (at < k)
            v[at] = (lv_ui_attr){v[at].key, a, attr.value};
        else
            v[k++] = attr;
    }
    *out = v;
    return k;
}

int lv_is_expr(const lv_ctx *ctx, locus_node value)
{
    switch (locus_ast_kind_of(ctx->ast, value)) {
    case LOCUS_AST_IDENT:
    case LOCUS_AST_NUMBER:
    case LOCUS_AST_UNARY:
    case LOCUS_AST_BINARY:
    case LOCUS_AST_MEMBER:
    case LOCUS_AST_CALL: return 1;
    case LOCUS_AST_STRING: return 0; /* a string literal has no identifiers either way */
    default: return 0;
    }
}

typedef struct ident_list {
    const char **items;
    size_t count, cap;
} ident_list;

static void add_ident(lv_ctx *ctx, ident_list *l, const char *name)
{
    for (size_t i = 0; i < l->count; i++)
        if (strcmp(l->items[i], name) == 0)
            return;
    if (l->count == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 8;
        const char **items = locus_arena_alloc(ctx->arena, cap * sizeof *items);
        if (!items) {
            ctx->oom = 1;
            return;
        }
        if (l->count)
            memcpy(items, l->items, l->count * sizeof *items);
        l->items = items;
        l->cap = cap;
    }
    l->items[l->count++] = name;
}

static void collect_idents(lv_ctx *ctx, locus_node e, ident_list *l)
{
    const locus_ast *ast = ctx->ast;
    switch (locus_ast_kind_of(ast, e)) {
    case LOCUS_AST_IDENT: {
        const char *s = locus_ast_str(ast, e, NULL);
        if (s)
            add_ident(ctx, l, s);
        break;
    }
    case LOCUS_AST_MEMBER: collect_idents(ctx, locus_ast_get(ast, e, LOCUS_F_OBJECT), l); break;
    case LOCUS_AST_CALL: {
        collect_idents(ctx, locus_ast_get(ast, e, LOCUS_F_CALLEE), l);
        size_t n = locus_ast_list_count(ast, e, LOCUS_F_ARGS);
        for (size_t i = 0; i < n; i++)
            collect_idents(ctx, locus_ast_list_at(ast, e, LOCUS_F_ARGS, i), l);
        break;
    }
    case LOCUS_AST_BINARY:
        collect_idents(ctx, locus_ast_get(ast, e, LOCUS_F_LEFT), l);
        collect_idents(ctx, locus_ast_get(ast, e, LOCUS_F_RIGHT), l);
        break;
    case LOCUS_AST_UNARY: collect_idents(ctx, locus_ast_get(ast, e, LOCUS_F_OPERAND), l); break;
    default: break;
    }
}

size_t lv_expr_idents(lv_ctx *ctx, locus_node expr, const char ***out)
{
    ident_list l = {NULL, 0, 0};
    collect_idents(ctx, expr, &l);
    *out = l.items;
    return l.count;
}

const char *lv_each_iterable(lv_ctx *ctx, locus_node each, size_t *len)
{
    locus_span item = locus_ast_span(ctx->ast, locus_ast_get(ctx->ast, each, LOCUS_F_ITEM));
    size_t tlen;
    const char *text = locus_ast_file_text(ctx->ast, item.file, &tlen);
    size_t i = item.offset + item.length;
    while (text && i < tlen && lv_is_space((unsigned char)text[i]))
        i++;
    if (text && i + 2 < tlen && memcmp(text + i, "in", 2) == 0 &&
        lv_is_space((unsigned char)text[i + 2])) {
        const char *start = text + i + 2;
        const char *close = memchr(start, '}', tlen - (i + 2));
        size_t n = close ? (size_t)(close - start) : 0;
        lv_trim(&start, &n);
        if (close) {
            *len = n;
            return start;
        }
    }
    return locus_ast_text(ctx->ast, locus_ast_get(ctx->ast, each, LOCUS_F_ITERABLE), len);
}

const char *lv_interpolation_text(const lv_ctx *ctx, locus_node expr_node, size_t *len)
{
    size_t n;
    const char *t = locus_ast_text(ctx->ast, expr_node, &n);
    if (t && n >= 2 && t[0] == '{' && t[n - 1] == '}') {
        t++;
        n -= 2;
    }
    if (!t)
        t = "", n = 0;
    lv_trim(&t, &n);
    *len = n;
    return t;
}
