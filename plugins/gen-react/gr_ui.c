/* gr_ui.c — UI nodes → JSX (gr_ui.h). Element props are in gr_props.c. */
#include "gr_ui.h"

#include <string.h>

const gr_state_var *gr_scope_state(const gr_scope *scope, gr_str name)
{
    for (size_t i = 0; scope && i < scope->nstates; i++)
        if (gr_str_same(scope->states[i].name, name))
            return &scope->states[i];
    return NULL;
}

const gr_action_ref *gr_scope_action(const gr_scope *scope, gr_str name)
{
    for (size_t i = 0; scope && i < scope->nactions; i++)
        if (gr_str_same(scope->actions[i].name, name))
            return &scope->actions[i];
    return NULL;
}

static void render_children(gr_ui *ui, locus_node parent)
{
    size_t n = locus_ast_child_count(ui->ast, parent);
    for (size_t i = 0; i < n; i++)
        gr_render_node(ui, locus_ast_child(ui->ast, parent, i));
}

static int is_branch_tag(gr_str tag)
{
    return gr_str_eq(tag, "else") || gr_str_eq(tag, "elseif") || gr_str_eq(tag, "if");
}

/* An element that renders as one element: it has a tag (`<>` is a
 * fragment) that is not a stray branch tag (rendered as its content). */
static int is_tagged_element(const gr_ui *ui, locus_node node)
{
    if (locus_ast_kind_of(ui->ast, node) != LOCUS_AST_UI_ELEMENT)
        return 0;
    gr_str tag = gr_name(ui->ast, node);
    return tag.len > 0 && !is_branch_tag(tag);
}

/* Text keeps the blanks JSX keeps: those on its own line next to a tag
 * or an interpolation (O-09). Blanks that run into a line break are
 * dropped, as JSX drops them, so the one-line output means the same. */
static void render_text(gr_ui *ui, locus_node node)
{
    gr_str t = gr_node_text(ui->ast, node);
    size_t a = 0, b = t.len;
    int nl = 0;
    while (a < b && gr_is_space((unsigned char)t.s[a]))
        nl |= t.s[a] == '\n' || t.s[a] == '\r', a++;
    if (nl)
        t.s += a, t.len -= a, b -= a;
    nl = 0;
    while (b > 0 && gr_is_space((unsigned char)t.s[b - 1]))
        nl |= t.s[b - 1] == '\n' || t.s[b - 1] == '\r', b--;
    if (nl)
        t.len = b;
    gr_put_jsx_text(ui->out, t);
}

/* `{ expr }` with the expression trimmed; `{}` stays, `{ }` vanishes (as
 * the reference's text splitting does). */
static void render_expr(gr_ui *ui, locus_node node)
{
    gr_str t = gr_node_text(ui->ast, node);
    if (t.len < 2)
        return;
    gr_str inner = {t.s + 1, t.len - 2};
    if (inner.len == 0) {
        gr_puts(ui->out, "{}");
        return;
    }
    inner = gr_trim(inner);
    if (!inner.len)
        return;
    gr_putc(ui->out, '{');
    gr_put_str(ui->out, inner);
    gr_putc(ui->out, '}');
}

static void render_slot(gr_ui *ui, locus_node node)
{
    size_t len;
    const char *name = locus_ast_str(ui->ast, node, &len);
    gr_putc(ui->out, '{');
    if (!name || (len == 7 && memcmp(name, "default", 7) == 0))
        gr_puts(ui->out, "children");
    else
        gr_putn(ui->out, name, len);
    gr_putc(ui->out, '}');
}

/* The body of a branch: one JSX expression (Q-22, O-14): its single
 * element, `null` when empty, else a fragment. */
static void render_branch(gr_ui *ui, locus_node holder)
{
    size_t n = holder ? locus_ast_child_count(ui->ast, holder) : 0;
    if (n == 0) {
        gr_puts(ui->out, "null");
    } else if (n == 1 && is_tagged_element(ui, locus_ast_child(ui->ast, holder, 0))) {
        gr_render_node(ui, locus_ast_child(ui->ast, holder, 0));
    } else {
        gr_puts(ui->out, "<>");
        render_children(ui, holder);
        gr_puts(ui->out, "</>");
    }
}

static void render_condition(gr_ui *ui, locus_node holder)
{
    locus_node cond = locus_ast_get(ui->ast, holder, LOCUS_F_COND);
    if (cond)
        gr_put_str(ui->out, gr_expr_text(ui->ast, cond));
    else
        gr_puts(ui->out, "false");
}

static void render_if(gr_ui *ui, locus_node node)
{
    const locus_ast *ast = ui->ast;
    gr_putc(ui->out, '{');
    render_condition(ui, node);
    gr_puts(ui->out, " ? (\n");
    render_branch(ui, node);
    gr_puts(ui->out, "\n)");
    size_t nelif = locus_ast_list_count(ast, node, LOCUS_F_ELIFS);
    for (size_t i = 0; i < nelif; i++) {
        locus_node elif = locus_ast_list_at(ast, node, LOCUS_F_ELIFS, i);
        gr_puts(ui->out, " : ");
        render_condition(ui, elif);
        gr_puts(ui->out, " ? (\n");
        render_branch(ui, elif);
        gr_puts(ui->out, "\n)");
    }
    locus_node els = locus_ast_get(ast, node, LOCUS_F_ELSE);
    if (els && locus_ast_child_count(ast, els) > 0) {
        gr_puts(ui->out, " : (\n");
        render_branch(ui, els);
        gr_puts(ui->out, "\n)");
    } else {
        gr_puts(ui->out, " : null");
    }
    gr_putc(ui->out, '}');
}

/* `{xs.map((x, index) => (⏎ITEM⏎))}`; the item is the body's single
 * element with a key, or a keyed fragment around the body (O-13). */
static void render_each(gr_ui *ui, locus_node node)
{
    const locus_ast *ast = ui->ast;
    gr_putc(ui->out, '{');
    gr_put_str(ui->out, gr_expr_text(ast, locus_ast_get(ast, node, LOCUS_F_ITERABLE)));
    gr_puts(ui->out, ".map((");
    gr_put_str(ui->out, gr_node_text(ast, locus_ast_get(ast, node, LOCUS_F_ITEM)));
    gr_puts(ui->out, ", index) => (\n");
    size_t n = locus_ast_child_count(ast, node);
    if (n == 1 && is_tagged_element(ui, locus_ast_child(ast, node, 0))) {
        gr_render_element(ui, locus_ast_child(ast, node, 0), 1);
    } else {
        gr_puts(ui->out, "<React.Fragment key={index}>");
        render_children(ui, node);
        gr_puts(ui->out, "</React.Fragment>");
    }
    gr_puts(ui->out, "\n))}");
}

static int has_key_attr(const gr_ui *ui, locus_node el)
{
    size_t n = locus_ast_list_count(ui->ast, el, LOCUS_F_ATTRS);
    for (size_t i = 0; i < n; i++)
        if (gr_str_eq(gr_name(ui->ast, locus_ast_list_at(ui->ast, el, LOCUS_F_ATTRS, i)), "key"))
            return 1;
    return 0;
}

void gr_render_element(gr_ui *ui, locus_node el, int with_key)
{
    gr_str tag = gr_name(ui->ast, el);
    size_t n = locus_ast_child_count(ui->ast, el);
    int key = with_key && !has_key_attr(ui, el);
    if (is_branch_tag(tag)) {
        /* a stray branch tag: its content, as the reference renders it */
        if (key)
            gr_puts(ui->out, "<React.Fragment key={index}>");
        render_children(ui, el);
        if (key)
            gr_puts(ui->out, "</React.Fragment>");
        return;
    }
    if (!tag.len) {
        gr_puts(ui->out, key ? "<React.Fragment key={index}>" : "<>");
        render_children(ui, el);
        gr_puts(ui->out, key ? "</React.Fragment>" : "</>");
        return;
    }
    gr_putc(ui->out, '<');
    gr_put_str(ui->out, tag);
    gr_render_props(ui, el);
    if (n == 0) {
        /* the reference's spelling: ` key` inserted before ` />` */
        gr_puts(ui->out, key ? "  key={index} />" : " />");
        return;
    }
    gr_puts(ui->out, key ? " key={index}>" : ">");
    render_children(ui, el);
    gr_puts(ui->out, "</");
    gr_put_str(ui->out, tag);
    gr_putc(ui->out, '>');
}

void gr_render_node(gr_ui *ui, locus_node node)
{
    switch (locus_ast_kind_of(ui->ast, node)) {
    case LOCUS_AST_UI_ELEMENT:
        gr_render_element(ui, node, 0);
        break;
    case LOCUS_AST_UI_TEXT:
        render_text(ui, node);
        break;
    case LOCUS_AST_UI_EXPR:
        render_expr(ui, node);
        break;
    case LOCUS_AST_UI_SLOT:
        render_slot(ui, node);
        break;
    case LOCUS_AST_UI_IF:
        render_if(ui, node);
        break;
    case LOCUS_AST_UI_EACH:
        render_each(ui, node);
        break;
    default:
        break; /* unknown kinds are opaque (ast.h) */
    }
}

/* An element or a `<>` fragment: one JSX expression by itself. */
static int renders_one_root(const gr_ui *ui, locus_node node)
{
    return locus_ast_kind_of(ui->ast, node) == LOCUS_AST_UI_ELEMENT &&
           !is_branch_tag(gr_name(ui->ast, node));
}

void gr_render_ui_root(gr_ui *ui, locus_node ui_block)
{
    size_t n = ui_block ? locus_ast_child_count(ui->ast, ui_block) : 0;
    if (n == 0) {
        gr_puts(ui->out, "<div />");
    } else if (n == 1 && renders_one_root(ui, locus_ast_child(ui->ast, ui_block, 0))) {
        gr_render_node(ui, locus_ast_child(ui->ast, ui_block, 0));
    } else {
        gr_puts(ui->out, "<>");
        render_children(ui, ui_block);
        gr_puts(ui->out, "</>");
    }
}
