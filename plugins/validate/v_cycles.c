/* v_cycles.c — phase 3 (V-08): cycles in the graph of components using
 * components. A component uses the declared components (other than
 * itself) whose names appear as element tags starting with an upper-case
 * letter in its first ui block, looking through element children and
 * if/elseif/else branches but not into loops, in first-seen order. The
 * search is the reference's depth-first search from each component in
 * declaration order; the message lists the search stack from its root up
 * to the repeated component. An explicit stack keeps deep chains safe. */
#include <string.h>

#include "vctx.h"

typedef struct uses {
    uint32_t *items;
    size_t count, cap;
} uses;

static void add_use(lv_ctx *ctx, uses *u, uint32_t target)
{
    for (size_t i = 0; i < u->count; i++)
        if (u->items[i] == target)
            return;
    if (u->count == u->cap) {
        size_t cap = u->cap ? u->cap * 2 : 4;
        uint32_t *items = locus_arena_alloc(ctx->arena, cap * sizeof *items);
        if (!items) {
            ctx->oom = 1;
            return;
        }
        if (u->count)
            memcpy(items, u->items, u->count * sizeof *items);
        u->items = items;
        u->cap = cap;
    }
    u->items[u->count++] = target;
}

static void collect(lv_ctx *ctx, locus_node n, uint32_t self, uses *u);

static void collect_children(lv_ctx *ctx, locus_node n, uint32_t self, uses *u)
{
    size_t count = locus_ast_child_count(ctx->ast, n);
    for (size_t i = 0; i < count; i++)
        collect(ctx, locus_ast_child(ctx->ast, n, i), self, u);
}

static void collect(lv_ctx *ctx, locus_node n, uint32_t self, uses *u)
{
    switch (locus_ast_kind_of(ctx->ast, n)) {
    case LOCUS_AST_UI_ELEMENT: {
        size_t len;
        const char *tag = lv_name(ctx, n, &len);
        uint32_t target;
        if (tag[0] >= 'A' && tag[0] <= 'Z' &&
            sm_get(&ctx->component_index, tag, len, &target) && target != self)
            add_use(ctx, u, target);
        collect_children(ctx, n, self, u);
        break;
    }
    case LOCUS_AST_UI_IF: {
        collect_children(ctx, n, self, u);
        size_t nelifs = locus_ast_list_count(ctx->ast, n, LOCUS_F_ELIFS);
        for (size_t i = 0; i < nelifs; i++)
            collect_children(ctx, locus_ast_list_at(ctx->ast, n, LOCUS_F_ELIFS, i), self, u);
        collect_children(ctx, locus_ast_get(ctx->ast, n, LOCUS_F_ELSE), self, u);
        break;
    }
    default: break; /* text, interpolations, slots; loops are not looked into */
    }
}

typedef struct frame {
    uint32_t component;
    size_t next_use;
} frame;

/* "A -> B -> … -> A" from the stack and the repeated component. */
static int report_cycle(lv_ctx *ctx, const frame *stack, size_t depth, uint32_t repeated)
{
    locus_buf path = LOCUS_BUF_INIT;
    int rc = 0;
    for (size_t i = 0; i < depth && rc == 0; i++)
        rc = locus_buf_printf(&path, "%s -> ",
                              lv_name(ctx, ctx->components.items[stack[i].component], NULL));
    rc = rc || locus_buf_puts(&path, lv_name(ctx, ctx->components.items[repeated], NULL));
    if (rc)
        ctx->oom = 1;
    lv_error_at(ctx, lv_name_node(ctx, ctx->components.items[repeated]),
                "Circular component dependency detected: %s", path.data ? path.data : "");
    locus_buf_free(&path);
    return 1;
}

static int search(lv_ctx *ctx, uint32_t root, const uses *graph, unsigned char *state,
                  frame *stack)
{
    enum { NEW = 0, VISITING = 1, DONE = 2 };
    if (state[root] == DONE)
        return 0;
    size_t depth = 0;
    stack[depth++] = (frame){root, 0};
    state[root] = VISITING;
    while (depth) {
        frame *top = &stack[depth - 1];
        const uses *u = &graph[top->component];
        if (top->next_use == u->count) {
            state[top->component] = DONE;
            depth--;
            continue;
        }
        uint32_t next = u->items[top->next_use++];
        if (state[next] == VISITING)
            return report_cycle(ctx, stack, depth, next);
        if (state[next] == NEW) {
            state[next] = VISITING;
            stack[depth++] = (frame){next, 0};
        }
    }
    return 0;
}

int lv_phase_cycles(lv_ctx *ctx)
{
    size_t n = ctx->components.count;
    if (n == 0)
        return 0;
    uses *graph = locus_arena_zalloc(ctx->arena, n * sizeof *graph);
    unsigned char *state = locus_arena_zalloc(ctx->arena, n);
    frame *stack = locus_arena_alloc(ctx->arena, n * sizeof *stack);
    if (!graph || !state || !stack) {
        ctx->oom = 1;
        return 0;
    }
    for (size_t i = 0; i < n; i++)
        collect_children(ctx, lv_first_child(ctx, ctx->components.items[i], LOCUS_AST_UI),
                         (uint32_t)i, &graph[i]);
    for (size_t i = 0; i < n; i++)
        if (search(ctx, (uint32_t)i, graph, state, stack))
            return 1;
    return 0;
}
