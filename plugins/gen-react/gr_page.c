/* gr_page.c — one React page file (gr_page.h). */
#include "gr_page.h"

#include <string.h>

#include "genutil.h"
#include "gr_body.h"
#include "gr_component.h"
#include "gr_types.h"
#include "gr_ui.h"

typedef struct page {
    const locus_ast *ast;
    locus_node node;
    gr_str name;
    locus_arena *arena;
    locus_node state_block, on_load, ui_block;
    gr_str on_load_text;
    gr_state_var *states;
    gr_action_ref *actions;
    gr_scope scope;
    gr_out load_ts;     /* translated on-load body */
    gr_out *action_ts;  /* translated action bodies */
    int *action_async;
    int load_async;
    unsigned helpers;
} page;

static gr_str content_of(const locus_ast *ast, locus_node node)
{
    locus_slice s;
    if (!node || !locus_ast_get_slice(ast, node, LOCUS_F_CONTENT, &s))
        return (gr_str){"", 0};
    return (gr_str){s.text, s.length};
}

static int collect_states(page *p)
{
    const locus_ast *ast = p->ast;
    size_t n = p->state_block ? locus_ast_child_count(ast, p->state_block) : 0;
    p->states = locus_arena_zalloc(p->arena, (n + 1) * sizeof *p->states);
    if (!p->states)
        return -1;
    for (size_t i = 0; i < n; i++) {
        locus_node d = locus_ast_child(ast, p->state_block, i);
        if (locus_ast_kind_of(ast, d) != LOCUS_AST_STATE_DECL)
            continue;
        locus_node type = locus_ast_get(ast, d, LOCUS_F_TYPE);
        gr_state_var *v = &p->states[p->scope.nstates++];
        v->name = gr_name(ast, d);
        v->ts = gr_ts_of_type(ast, type);
        v->list = gr_type_is_list(ast, type);
    }
    p->scope.states = p->states;
    return 0;
}

static int collect_actions(page *p)
{
    const locus_ast *ast = p->ast;
    size_t n = locus_ast_child_count(ast, p->node);
    p->actions = locus_arena_zalloc(p->arena, (n + 1) * sizeof *p->actions);
    p->action_ts = locus_arena_zalloc(p->arena, (n + 1) * sizeof *p->action_ts);
    p->action_async = locus_arena_zalloc(p->arena, (n + 1) * sizeof *p->action_async);
    if (!p->actions || !p->action_ts || !p->action_async)
        return -1;
    for (size_t i = 0; i < n; i++) {
        locus_node a = locus_ast_child(ast, p->node, i);
        if (locus_ast_kind_of(ast, a) != LOCUS_AST_ACTION)
            continue;
        gr_action_ref *r = &p->actions[p->scope.nactions++];
        r->name = gr_name(ast, a);
        r->nparams = locus_ast_list_count(ast, a, LOCUS_F_PARAMS);
    }
    p->scope.actions = p->actions;
    return 0;
}

static int translate(page *p, gr_str text, gr_out *out, int *is_async)
{
    gr_body body = {&p->scope, 0, 0};
    int rc = gr_translate_body(out, text, &body, p->arena);
    p->helpers |= body.helpers;
    *is_async = body.is_async;
    return rc;
}

/* Translate every body first: the helpers they use go into the imports. */
static int translate_bodies(page *p)
{
    if (p->on_load_text.len && translate(p, p->on_load_text, &p->load_ts, &p->load_async))
        return -1;
    size_t n = locus_ast_child_count(p->ast, p->node), k = 0;
    for (size_t i = 0; i < n; i++) {
        locus_node a = locus_ast_child(p->ast, p->node, i);
        if (locus_ast_kind_of(p->ast, a) != LOCUS_AST_ACTION)
            continue;
        if (translate(p, content_of(p->ast, a), &p->action_ts[k], &p->action_async[k]))
            return -1;
        k++;
    }
    return 0;
}

/* `useState(0)` when the default alone gives the declared type (as the
 * reference writes it), else `useState<T>(…)`. */
static int default_gives_type(const locus_ast *ast, locus_node type, locus_node init)
{
    if (gr_type_is_list(ast, type) || gr_type_is_optional(ast, type))
        return 0;
    gr_str text = gr_node_text(ast, init);
    switch (gr_ts_of_type(ast, type)) {
    case GR_TS_STRING:
        return locus_ast_kind_of(ast, init) == LOCUS_AST_STRING;
    case GR_TS_NUMBER:
        return locus_ast_kind_of(ast, init) == LOCUS_AST_NUMBER;
    case GR_TS_BOOLEAN:
        return gr_str_eq(text, "true") || gr_str_eq(text, "false");
    default:
        return 0;
    }
}

static void put_state_line(page *p, gr_out *out, locus_node decl)
{
    const locus_ast *ast = p->ast;
    locus_node type = locus_ast_get(ast, decl, LOCUS_F_TYPE);
    locus_node init = locus_ast_get(ast, decl, LOCUS_F_INIT);
    gr_str name = gr_name(ast, decl), dflt = gr_node_text(ast, init);
    gr_puts(out, "  const [");
    gr_put_str(out, name);
    gr_puts(out, ", set");
    gr_put_capitalized(out, name);
    gr_puts(out, "] = useState");
    if (!default_gives_type(ast, type, init)) {
        gr_putc(out, '<');
        gr_put_value_type(out, ast, type, gr_str_eq(dflt, "null"));
        gr_putc(out, '>');
    }
    gr_putc(out, '(');
    gr_put_str(out, dflt);
    gr_puts(out, ");\n");
}

static void put_states(page *p, gr_out *out)
{
    size_t n = p->state_block ? locus_ast_child_count(p->ast, p->state_block) : 0;
    for (size_t i = 0; i < n; i++) {
        locus_node d = locus_ast_child(p->ast, p->state_block, i);
        if (locus_ast_kind_of(p->ast, d) == LOCUS_AST_STATE_DECL)
            put_state_line(p, out, d);
    }
}

static void put_on_load(page *p, gr_out *out)
{
    if (!p->on_load_text.len)
        return;
    gr_puts(out, "\n  useEffect(() => {\n");
    if (p->load_async)
        gr_puts(out, "    (async () => {\n");
    gr_puts(out, "    ");
    gr_puts(out, gr_text(&p->load_ts));
    gr_puts(out, p->load_async ? "\n    })();\n  }, []);\n" : "\n  }, []);\n");
}

static void put_params(page *p, gr_out *out, locus_node action)
{
    const locus_ast *ast = p->ast;
    size_t n = locus_ast_list_count(ast, action, LOCUS_F_PARAMS);
    for (size_t i = 0; i < n; i++) {
        locus_node param = locus_ast_list_at(ast, action, LOCUS_F_PARAMS, i);
        locus_node type = locus_ast_get(ast, param, LOCUS_F_TYPE);
        if (i)
            gr_puts(out, ", ");
        gr_put_str(out, gr_name(ast, param));
        int optional = type && (locus_ast_flags(ast, type) & LOCUS_FLAG_OPTIONAL);
        gr_puts(out, optional ? "?: " : ": ");
        if (type)
            gr_put_value_type(out, ast, type, 0);
        else
            gr_puts(out, "any");
    }
}

static void put_actions(page *p, gr_out *out)
{
    size_t n = locus_ast_child_count(p->ast, p->node), k = 0;
    for (size_t i = 0; i < n; i++) {
        locus_node a = locus_ast_child(p->ast, p->node, i);
        if (locus_ast_kind_of(p->ast, a) != LOCUS_AST_ACTION)
            continue;
        if (k)
            gr_putc(out, '\n');
        gr_puts(out, p->action_async[k] ? "  async function " : "  function ");
        gr_put_str(out, gr_name(p->ast, a));
        gr_putc(out, '(');
        put_params(p, out, a);
        gr_puts(out, ") {\n    ");
        gr_puts(out, gr_text(&p->action_ts[k]));
        gr_puts(out, "\n  }\n");
        k++;
    }
}

static void put_imports(page *p, gr_out *out, const gr_project *project)
{
    int has_state = p->scope.nstates > 0, has_load = p->on_load_text.len > 0;
    if (has_state || has_load || p->scope.nactions)
        gr_puts(out, "'use client';\n");
    if (has_state && has_load)
        gr_puts(out, "import React, { useState, useEffect } from 'react';\n");
    else if (has_state || has_load)
        gr_puts(out, has_state ? "import React, { useState } from 'react';\n"
                               : "import React, { useEffect } from 'react';\n");
    else
        gr_puts(out, "import React from 'react';\n");
    gr_uses uses;
    gr_imports imports;
    if (gr_collect_uses(p->ast, p->ui_block, p->arena, &uses) != 0) {
        out->failed = 1;
        return;
    }
    gr_resolve_imports(&uses, p->name, project, p->arena, &imports);
    gr_put_runtime_import(out, &imports.runtime, p->helpers);
    gr_put_user_imports(out, &imports.user, "../components/");
    if (imports.runtime.failed || imports.user.failed)
        out->failed = 1;
}

static void free_bodies(page *p)
{
    gr_out_free(&p->load_ts);
    for (size_t k = 0; k < p->scope.nactions; k++)
        gr_out_free(&p->action_ts[k]);
}

int gr_generate_page(const locus_ast *ast, locus_node node, const gr_project *project,
                     locus_arena *arena, gr_out *out)
{
    page p;
    memset(&p, 0, sizeof p);
    p.ast = ast, p.node = node, p.name = gr_name(ast, node), p.arena = arena;
    p.state_block = gr_first_child(ast, node, LOCUS_AST_STATE_BLOCK);
    p.on_load = gr_first_child(ast, node, LOCUS_AST_ON_LOAD);
    p.ui_block = gr_first_child(ast, node, LOCUS_AST_UI);
    p.on_load_text = content_of(ast, p.on_load);
    int rc = collect_states(&p) || collect_actions(&p) || translate_bodies(&p) ? -1 : 0;
    if (rc == 0) {
        if (gen_header(&out->buf, "react page") != 0)
            out->failed = 1;
        put_imports(&p, out, project);
        gr_puts(out, "\nexport default function ");
        gr_put_str(out, p.name);
        gr_puts(out, "() {\n");
        put_states(&p, out);
        put_on_load(&p, out);
        put_actions(&p, out);
        gr_puts(out, "  return (\n    ");
        gr_ui ui = {ast, out, &p.scope, arena};
        gr_render_ui_root(&ui, p.ui_block);
        gr_puts(out, "\n  );\n}\n");
    }
    free_bodies(&p);
    return rc || out->failed ? -1 : 0;
}
