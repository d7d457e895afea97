/* v_ui_warn.c — phase 8 of validation.md §8 (W-10, W-11), pages first,
 * then components: loops over a bare name, and identifiers in attribute
 * expressions that are neither loop variables (of an enclosing loop),
 * built-ins, page state (pages) nor component parameters (components; the
 * reference forgets these, decisions.md Q-34). Text interpolations are not
 * looked at here. */
#include <string.h>

#include "vtext.h"
#include "vui.h"

static const char *const builtins[] = {"now", "uuid", "cuid", "nanoid", "props", "children", NULL};

typedef struct scope {
    sm_map known;        /* state names or params */
    const char **loops;  /* loop variables of enclosing loops */
    size_t nloops, cap;
} scope;

static int is_known(const scope *s, const char *id)
{
    for (size_t i = 0; builtins[i]; i++)
        if (strcmp(builtins[i], id) == 0)
            return 1;
    for (size_t i = 0; i < s->nloops; i++)
        if (strcmp(s->loops[i], id) == 0)
            return 1;
    return sm_has(&s->known, id);
}

static void push_loop(lv_ctx *ctx, scope *s, const char *name)
{
    if (s->nloops == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 8;
        const char **v = locus_arena_alloc(ctx->arena, cap * sizeof *v);
        if (!v) {
            ctx->oom = 1;
            return;
        }
        if (s->nloops)
            memcpy(v, s->loops, s->nloops * sizeof *v);
        s->loops = v;
        s->cap = cap;
    }
    s->loops[s->nloops++] = name;
}

/* `[A-Za-z_][A-Za-z0-9_]*$`: the text ends with an identifier. */
static int ends_with_ident(const char *t, size_t len)
{
    size_t i = len;
    while (i > 0 && lv_is_word_char((unsigned char)t[i - 1]))
        i--;
    while (i < len && t[i] >= '0' && t[i] <= '9')
        i++;
    return i < len;
}

static void bounds_warning(lv_ctx *ctx, locus_node at, const char *iterable, size_t len)
{
    lv_warn(ctx, at,
            "Bounds checking: unbounded iteration over '%.*s' in UI forEach; consider "
            "validating length.",
            (int)len, iterable);
}

static void walk(lv_ctx *ctx, locus_node n, scope *s);

static void walk_children(lv_ctx *ctx, locus_node n, scope *s)
{
    size_t count = locus_ast_child_count(ctx->ast, n);
    for (size_t i = 0; i < count; i++)
        walk(ctx, locus_ast_child(ctx->ast, n, i), s);
}

static void check_attrs(lv_ctx *ctx, locus_node element, scope *s)
{
    lv_ui_attr *attrs;
    size_t n = lv_ui_attrs(ctx, element, &attrs);
    for (size_t i = 0; i < n; i++) {
        locus_node value = attrs[i].value;
        if (strcmp(attrs[i].key, "forEach") == 0 &&
            locus_ast_kind_of(ctx->ast, value) == LOCUS_AST_IDENT) {
            size_t len;
            const char *name = locus_ast_str(ctx->ast, value, &len);
            bounds_warning(ctx, value, name, len);
        }
    }
    for (size_t i = 0; i < n; i++) {
        locus_node value = attrs[i].value;
        if (!lv_is_expr(ctx, value))
            continue;
        const char **ids;
        size_t nids = lv_expr_idents(ctx, value, &ids);
        for (size_t k = 0; k < nids; k++)
            if (!is_known(s, ids[k]))
                lv_warn(ctx, value, "Unknown identifier '%s' in UI expression (page/component).",
                        ids[k]);
    }
}

static void walk_each(lv_ctx *ctx, locus_node each, scope *s)
{
    size_t len;
    const char *iterable = lv_each_iterable(ctx, each, &len);
    if (iterable && ends_with_ident(iterable, len))
        bounds_warning(ctx, each, iterable, len);
    size_t saved = s->nloops;
    const char *item = locus_ast_str(ctx->ast, locus_ast_get(ctx->ast, each, LOCUS_F_ITEM), NULL);
    if (item)
        push_loop(ctx, s, item);
    walk_children(ctx, each, s);
    s->nloops = saved;
}

static void walk(lv_ctx *ctx, locus_node n, scope *s)
{
    switch (locus_ast_kind_of(ctx->ast, n)) {
    case LOCUS_AST_UI_EACH: walk_each(ctx, n, s); break;
    case LOCUS_AST_UI_ELEMENT:
        check_attrs(ctx, n, s);
        walk_children(ctx, n, s);
        break;
    case LOCUS_AST_UI_IF: {
        walk_children(ctx, n, s);
        size_t nelifs = locus_ast_list_count(ctx->ast, n, LOCUS_F_ELIFS);
        for (size_t i = 0; i < nelifs; i++)
            walk_children(ctx, locus_ast_list_at(ctx->ast, n, LOCUS_F_ELIFS, i), s);
        walk_children(ctx, locus_ast_get(ctx->ast, n, LOCUS_F_ELSE), s);
        break;
    }
    default: break;
    }
}

/* Names of the first block of `kind` children of def (state decls or params). */
static void known_names(lv_ctx *ctx, locus_node def, scope *s)
{
    sm_reset(&s->known);
    int page = locus_ast_kind_of(ctx->ast, def) == LOCUS_AST_PAGE;
    locus_node holder = page ? lv_first_child(ctx, def, LOCUS_AST_STATE_BLOCK) : def;
    locus_ast_kind want = page ? LOCUS_AST_STATE_DECL : LOCUS_AST_PARAM;
    size_t n = locus_ast_child_count(ctx->ast, holder);
    for (size_t i = 0; i < n; i++) {
        locus_node c = locus_ast_child(ctx->ast, holder, i);
        size_t len;
        const char *name = lv_name(ctx, c, &len);
        if (locus_ast_kind_of(ctx->ast, c) == want && sm_put(&s->known, name, len, 0, NULL) < 0)
            ctx->oom = 1;
    }
}

static void check_defs(lv_ctx *ctx, const lv_nodes *defs, scope *s)
{
    for (size_t i = 0; i < defs->count; i++) {
        locus_node ui = lv_first_child(ctx, defs->items[i], LOCUS_AST_UI);
        if (!ui)
            continue;
        s->nloops = 0;
        known_names(ctx, defs->items[i], s);
        walk_children(ctx, ui, s);
    }
}

int lv_phase_ui_warnings(lv_ctx *ctx)
{
    scope s = {{0}, NULL, 0, 0};
    sm_init(&s.known, ctx->arena);
    check_defs(ctx, &ctx->pages, &s);
    check_defs(ctx, &ctx->components, &s);
    return 0;
}
