/* gr_component.c — one React component file (gr_component.h). */
#include "gr_component.h"

#include <string.h>

#include "genutil.h"
#include "gr_types.h"
#include "gr_ui.h"
#include "gr_uses.h"

/* A prop of the generated component: a declared param (node != 0) or an
 * auto-added slot. */
typedef struct prop {
    gr_str name;
    locus_node param;
    int optional;
} prop;

typedef struct comp {
    const locus_ast *ast;
    locus_node node;
    gr_str name;
    locus_arena *arena;
    gr_uses uses;
    prop *props;
    size_t nprops;
    int has_children, auto_added;
    gr_component_out *out;
} comp;

locus_node gr_first_child(const locus_ast *ast, locus_node node, locus_ast_kind kind)
{
    size_t n = locus_ast_child_count(ast, node);
    for (size_t i = 0; i < n; i++) {
        locus_node c = locus_ast_child(ast, node, i);
        if (locus_ast_kind_of(ast, c) == kind)
            return c;
    }
    return 0;
}

static int has_prop(const comp *c, gr_str name)
{
    for (size_t i = 0; i < c->nprops; i++)
        if (gr_str_same(c->props[i].name, name))
            return 1;
    return 0;
}

static void warn(comp *c, const char *what, gr_str name, const char *tail)
{
    gr_out *w = &c->out->warnings;
    if (w->buf.len)
        gr_putc(w, '\n');
    gr_puts(w, "Component ");
    gr_put_str(w, c->name);
    gr_puts(w, what);
    gr_put_str(w, name);
    gr_puts(w, tail);
    c->auto_added = 1;
}

static locus_node param_default(const comp *c, locus_node param)
{
    return locus_ast_get(c->ast, param, LOCUS_F_DEFAULT);
}

/* Declared params, then `children`, then named slots (§6.1 order). */
static int collect_props(comp *c)
{
    const locus_ast *ast = c->ast;
    size_t n = locus_ast_child_count(ast, c->node);
    size_t nslots = c->uses.slots.count;
    c->props = locus_arena_alloc(c->arena, (n + nslots + 1) * sizeof *c->props);
    if (!c->props)
        return -1;
    for (size_t i = 0; i < n; i++) {
        locus_node p = locus_ast_child(ast, c->node, i);
        if (locus_ast_kind_of(ast, p) != LOCUS_AST_PARAM || has_prop(c, gr_name(ast, p)))
            continue;
        locus_node type = locus_ast_get(ast, p, LOCUS_F_TYPE);
        int optional = gr_type_is_optional(ast, type) || param_default(c, p);
        c->props[c->nprops++] = (prop){gr_name(ast, p), p, optional};
    }
    gr_str children = {"children", 8};
    if ((c->uses.default_slot || gr_names_has(&c->uses.idents, children)) &&
        !has_prop(c, children)) {
        c->props[c->nprops++] = (prop){children, 0, 0};
        warn(c, ": auto-added slot param '", children, "' (referenced in UI but not declared).");
    }
    for (size_t i = 0; i < nslots; i++) {
        gr_str slot = c->uses.slots.items[i];
        if (has_prop(c, slot) || gr_str_same(slot, children))
            continue;
        c->props[c->nprops++] = (prop){slot, 0, 1};
        warn(c, ": auto-added named slot param '", slot, "' (referenced in UI).");
    }
    c->has_children = has_prop(c, children);
    return 0;
}

static void put_prop_type(comp *c, gr_out *out, const prop *p)
{
    if (p->param)
        gr_put_prop_type(out, c->ast, locus_ast_get(c->ast, p->param, LOCUS_F_TYPE));
    else
        gr_puts(out, "React.ReactNode");
}

static void put_interface(comp *c, gr_out *out)
{
    if (!c->nprops)
        return;
    gr_puts(out, "interface ");
    gr_put_str(out, c->name);
    gr_puts(out, "Props { ");
    for (size_t i = 0; i < c->nprops; i++) {
        if (i)
            gr_puts(out, "; ");
        gr_put_str(out, c->props[i].name);
        gr_puts(out, c->props[i].optional ? "?: " : ": ");
        put_prop_type(c, out, &c->props[i]);
    }
    gr_puts(out, " }\n");
}

/* A prop the function body needs: one the UI reads, and children. */
static int is_bound(const comp *c, const prop *p)
{
    return gr_str_eq(p->name, "children") || gr_names_has(&c->uses.idents, p->name) ||
           !p->param;
}

static void put_binding(comp *c, gr_out *out, const prop *p)
{
    gr_put_str(out, p->name);
    locus_node dflt = p->param ? param_default(c, p->param) : 0;
    gr_str text = gr_trim(gr_node_text(c->ast, dflt));
    if (text.len) {
        gr_puts(out, " = ");
        gr_put_str(out, text);
    }
}

/* `()`, `(cardProps: CardProps)`, or `({ a, b = 1, children, ...rest }: P)`. */
static void put_signature(comp *c, gr_out *out)
{
    if (!c->nprops) {
        gr_puts(out, "()");
        return;
    }
    size_t bound = 0;
    for (size_t i = 0; i < c->nprops; i++)
        bound += is_bound(c, &c->props[i]);
    gr_putc(out, '(');
    if (!bound) {
        gr_put_lower_first(out, c->name);
        gr_puts(out, "Props");
    } else {
        gr_puts(out, "{ ");
        for (size_t i = 0, k = 0; i < c->nprops; i++) {
            if (!is_bound(c, &c->props[i]))
                continue;
            if (k++)
                gr_puts(out, ", ");
            put_binding(c, out, &c->props[i]);
        }
        gr_puts(out, c->has_children ? ", ...rest }" : " }");
    }
    gr_puts(out, ": ");
    gr_put_str(out, c->name);
    gr_puts(out, "Props)");
}

/* The trimmed text between the braces of the first style_override. */
static gr_str style_text(const comp *c)
{
    locus_node so = gr_first_child(c->ast, c->node, LOCUS_AST_STYLE_OVERRIDE);
    locus_slice body;
    if (!so || !locus_ast_get_slice(c->ast, so, LOCUS_F_BODY, &body))
        return (gr_str){"", 0};
    return gr_trim((gr_str){body.text, body.length});
}

static void put_css(comp *c, gr_str css)
{
    gr_out *out = &c->out->css;
    if (gen_css_header(&out->buf, "component style") != 0)
        out->failed = 1;
    gr_put_str(out, css);
    gr_putc(out, '\n');
}

static void put_imports(comp *c, gr_out *out, int has_css, locus_arena *arena,
                        const gr_project *project)
{
    gr_imports imports;
    gr_resolve_imports(&c->uses, c->name, project, arena, &imports);
    gr_puts(out, "import React from 'react';\n");
    if (has_css) {
        gr_puts(out, "import './");
        gr_put_str(out, c->name);
        gr_puts(out, ".css';\n");
    }
    gr_put_runtime_import(out, &imports.runtime, 0);
    gr_put_user_imports(out, &imports.user, "./");
    if (imports.runtime.failed || imports.user.failed)
        out->failed = 1;
}

static void put_function(comp *c, gr_out *out, locus_node ui_block)
{
    gr_puts(out, "export default function ");
    gr_put_str(out, c->name);
    put_signature(c, out);
    gr_puts(out, " {\n  return (\n    ");
    gr_ui ui = {c->ast, out, NULL, c->arena};
    gr_render_ui_root(&ui, ui_block);
    gr_puts(out, "\n  );\n}\n");
}

int gr_generate_component(const locus_ast *ast, locus_node node, const gr_project *project,
                          locus_arena *arena, gr_component_out *out)
{
    memset(out, 0, sizeof *out);
    comp c = {.ast = ast, .node = node, .name = gr_name(ast, node), .arena = arena, .out = out};
    locus_node ui_block = gr_first_child(ast, node, LOCUS_AST_UI);
    if (gr_collect_uses(ast, ui_block, arena, &c.uses) != 0 || collect_props(&c) != 0)
        return -1;
    gr_str css = style_text(&c);
    if (css.len)
        put_css(&c, css);
    gr_out *tsx = &out->tsx;
    if (gen_header(&tsx->buf, "react component") != 0)
        tsx->failed = 1;
    gr_putc(tsx, '\n');
    put_imports(&c, tsx, css.len > 0, arena, project);
    gr_putc(tsx, '\n');
    put_interface(&c, tsx);
    gr_putc(tsx, '\n');
    if (c.auto_added)
        gr_puts(tsx, "/* NOTE: One or more slot params were auto-added based on UI usage. "
                     "Consider declaring them explicitly in the component definition for "
                     "clarity. */\n");
    gr_putc(tsx, '\n');
    put_function(&c, tsx, ui_block);
    return tsx->failed || out->css.failed || out->warnings.failed ? -1 : 0;
}

void gr_component_out_free(gr_component_out *out)
{
    gr_out_free(&out->tsx);
    gr_out_free(&out->css);
    gr_out_free(&out->warnings);
}
