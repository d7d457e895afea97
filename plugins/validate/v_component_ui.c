/* v_component_ui.c — phase 19 of validation.md §8: the strict UI checks,
 * on components only (Q-39, MATCH). Pre-order walk of each component's UI
 * (a node, then its children, else branch, elseif branches, loop body);
 * loop variables, once seen, stay known for the rest of the component.
 * Interpolations must start with a known name (V-45) and parse (V-46);
 * event attributes get W-17/W-18; bind targets must be camelCase (V-47). */
#include <string.h>

#include "vtext.h"
#include "vui.h"

typedef struct walk_state {
    sm_map known; /* params, loop variables seen so far, children */
} walk_state;

static const char *const known_events[] = {"onClick", "onSubmit", "onChange",
                                           "onInput", "onFocus",  "onBlur", NULL};

static int known_event(const char *key)
{
    for (size_t i = 0; known_events[i]; i++)
        if (strcmp(known_events[i], key) == 0)
            return 1;
    return 0;
}

static int check_interpolation(lv_ctx *ctx, locus_node n, walk_state *w)
{
    size_t len;
    const char *text = lv_interpolation_text(ctx, n, &len);
    if (!len)
        return 0;
    size_t id = lv_leading_ident(text, len);
    if (id && !sm_get(&w->known, text, id, NULL))
        return lv_error_at(ctx, n, "Unknown identifier in UI expression: '%.*s'", (int)id, text);
    locus_node e = locus_ast_get(ctx->ast, n, LOCUS_F_EXPR);
    if (locus_ast_kind_of(ctx->ast, e) == LOCUS_AST_EXPR_ERROR)
        return lv_error_at(ctx, n, "Invalid expression '%.*s': %s", (int)len, text,
                           locus_ast_str(ctx->ast, e, NULL));
    return 0;
}

/* ^[a-z][A-Za-z0-9]*$ */
static int camel_name(const char *s)
{
    if (!(s[0] >= 'a' && s[0] <= 'z'))
        return 0;
    for (size_t i = 1; s[i]; i++)
        if (!lv_is_word_char((unsigned char)s[i]) || s[i] == '_')
            return 0;
    return 1;
}

static int check_element(lv_ctx *ctx, locus_node el)
{
    const char *tag = lv_name(ctx, el, NULL);
    lv_ui_attr *attrs;
    size_t n = lv_ui_attrs(ctx, el, &attrs);
    for (size_t i = 0; i < n; i++) {
        const char *key = attrs[i].key;
        if (strncmp(key, "on", 2) == 0 && key[2] >= 'A' && key[2] <= 'Z' && !known_event(key))
            lv_warn(ctx, attrs[i].node,
                    "Warning: Unrecognized event '%s' on <%s> (will pass through).", key, tag);
        if (strncmp(key, "on", 2) == 0 && key[2] >= 'a' && key[2] <= 'z') {
            char *fixed = locus_arena_strdup(ctx->arena, key);
            if (fixed) {
                fixed[2] = (char)(fixed[2] - 'a' + 'A');
                if (known_event(fixed))
                    lv_warn(ctx, attrs[i].node,
                            "Warning: Event handler '%s' should be capitalized as '%s' on <%s>.",
                            key, fixed, tag);
            }
        }
        if (strncmp(key, "bind$", 5) == 0 && !camel_name(key + 5))
            return lv_error_at(ctx, attrs[i].node, "Invalid bind target '%s' on <%s>.", key + 5,
                               tag);
    }
    return 0;
}

static int visit(lv_ctx *ctx, locus_node n, walk_state *w);

static int visit_children(lv_ctx *ctx, locus_node n, walk_state *w)
{
    size_t count = locus_ast_child_count(ctx->ast, n);
    for (size_t i = 0; i < count; i++)
        if (visit(ctx, locus_ast_child(ctx->ast, n, i), w))
            return 1;
    return 0;
}

static int visit(lv_ctx *ctx, locus_node n, walk_state *w)
{
    switch (locus_ast_kind_of(ctx->ast, n)) {
    case LOCUS_AST_UI_EXPR: return check_interpolation(ctx, n, w);
    case LOCUS_AST_UI_ELEMENT: return check_element(ctx, n) || visit_children(ctx, n, w);
    case LOCUS_AST_UI_IF: {
        if (visit_children(ctx, n, w) || visit_children(ctx, locus_ast_get(ctx->ast, n, LOCUS_F_ELSE), w))
            return 1;
        size_t nelifs = locus_ast_list_count(ctx->ast, n, LOCUS_F_ELIFS);
        for (size_t i = 0; i < nelifs; i++)
            if (visit_children(ctx, locus_ast_list_at(ctx->ast, n, LOCUS_F_ELIFS, i), w))
                return 1;
        return 0;
    }
    case LOCUS_AST_UI_EACH: {
        size_t len;
        const char *item = locus_ast_str(ctx->ast, locus_ast_get(ctx->ast, n, LOCUS_F_ITEM), &len);
        if (item && sm_put(&w->known, item, len, 0, NULL) < 0)
            ctx->oom = 1;
        return visit_children(ctx, n, w);
    }
    default: return 0;
    }
}

static int check_component(lv_ctx *ctx, locus_node comp, walk_state *w)
{
    locus_node ui = lv_first_child(ctx, comp, LOCUS_AST_UI);
    if (!ui)
        return 0;
    sm_reset(&w->known);
    if (sm_put(&w->known, "children", 8, 0, NULL) < 0)
        ctx->oom = 1;
    size_t n = locus_ast_child_count(ctx->ast, comp);
    for (size_t i = 0; i < n; i++) {
        locus_node p = locus_ast_child(ctx->ast, comp, i);
        size_t len;
        const char *name = lv_name(ctx, p, &len);
        if (locus_ast_kind_of(ctx->ast, p) == LOCUS_AST_PARAM &&
            sm_put(&w->known, name, len, 0, NULL) < 0)
            ctx->oom = 1;
    }
    return visit_children(ctx, ui, w);
}

int lv_phase_component_ui(lv_ctx *ctx)
{
    walk_state w = {{0}};
    sm_init(&w.known, ctx->arena);
    for (size_t i = 0; i < ctx->components.count; i++)
        if (check_component(ctx, ctx->components.items[i], &w))
            return 1;
    return 0;
}
