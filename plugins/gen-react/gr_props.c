/* gr_props.c — element attributes → JSX props (outputs.md §8.3 and the
 * props part of §8.5, with O-11, O-12, D-06 and D-08 fixed):
 *   class → className; on lower-case (HTML) tags, HTML attribute names
 *   become React's (for → htmlFor, tabindex → tabIndex) and a style
 *   string becomes a style object; `on:mouse-enter` → onMouseEnter, and a
 *   handler written as a call runs on the event, not while rendering;
 *   `bind:x` → the value and an onChange that calls the state's setter
 *   (typed by the state: numbers go through Number(), booleans use
 *   checked); a valueless attribute stays (`disabled`); a repeated prop
 *   keeps its first place and its last value, and a binding's onChange
 *   and an explicit on:change handler are merged into one function. */
#include <string.h>

#include "gr_props.h"
#include "gr_htmlattr.h"
#include "gr_style.h"

/* Move the text of a scratch buffer into the arena (running out of memory
 * fails the whole output). */
static gr_str keep(gr_ui *ui, gr_out *tmp)
{
    gr_str s = {"", 0};
    char *copy = tmp->failed ? NULL : locus_arena_strndup(ui->arena, gr_text(tmp), tmp->buf.len);
    if (copy)
        s.s = copy, s.len = tmp->buf.len;
    else
        ui->out->failed = 1;
    gr_out_free(tmp);
    return s;
}

/* `on:mouse-enter` → `onMouseEnter` (D-06). */
static gr_str event_name(gr_ui *ui, gr_str attr)
{
    gr_out tmp = GR_OUT_INIT;
    gr_puts(&tmp, "on");
    int upper = 1;
    for (size_t i = 3; i < attr.len; i++) {
        char c = attr.s[i];
        if (c == '-' || c == ':') {
            upper = 1;
            continue;
        }
        gr_putc(&tmp, upper && c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c);
        upper = 0;
    }
    return keep(ui, &tmp);
}

/* `{expr}`, or `{() => expr}` for a handler written as a call. */
static gr_str handler_value(gr_ui *ui, locus_node value)
{
    gr_out tmp = GR_OUT_INIT;
    gr_str text = gr_expr_text(ui->ast, value);
    int call = locus_ast_kind_of(ui->ast, value) == LOCUS_AST_CALL;
    gr_puts(&tmp, call ? "={() => " : "={");
    gr_put_str(&tmp, text);
    gr_putc(&tmp, '}');
    return keep(ui, &tmp);
}

/* The value part of a plain prop: `="s"`, `={expr}`, or nothing. */
static gr_str plain_value(gr_ui *ui, locus_node attr, locus_node value)
{
    gr_out tmp = GR_OUT_INIT;
    unsigned flags = locus_ast_flags(ui->ast, attr);
    if (!value) {
        /* valueless: JSX `true` */
    } else if (locus_ast_kind_of(ui->ast, value) != LOCUS_AST_STRING) {
        gr_puts(&tmp, "={");
        gr_put_str(&tmp, gr_expr_text(ui->ast, value));
        gr_putc(&tmp, '}');
    } else if (flags & LOCUS_FLAG_BARE) {
        size_t len;
        const char *s = locus_ast_str(ui->ast, value, &len);
        gr_puts(&tmp, "=\"");
        gr_putn(&tmp, s ? s : "", s ? len : 0);
        gr_putc(&tmp, '"');
    } else {
        gr_putc(&tmp, '=');
        gr_put_str(&tmp, gr_node_text(ui->ast, value)); /* with its own quotes */
    }
    return keep(ui, &tmp);
}

static void add_plain(gr_props *props, gr_ui *ui, locus_node attr_node, locus_node value,
                      int html)
{
    gr_prop p = {0};
    p.name = gr_react_attr_name(ui->arena, gr_name(ui->ast, attr_node), html);
    if (html && gr_str_eq(p.name, "style") && value &&
        locus_ast_kind_of(ui->ast, value) == LOCUS_AST_STRING) {
        size_t len;
        const char *css = locus_ast_str(ui->ast, value, &len);
        gr_out tmp = GR_OUT_INIT;
        gr_put_style_object(&tmp, (gr_str){css ? css : "", css ? len : 0});
        p.value = keep(ui, &tmp);
    } else {
        p.value = plain_value(ui, attr_node, value);
    }
    gr_props_add(props, &p);
}

static void add_event(gr_props *props, gr_ui *ui, locus_node attr_node, locus_node value)
{
    if (!value)
        return; /* `on:click` alone has no handler */
    gr_prop p = {0};
    p.name = event_name(ui, gr_name(ui->ast, attr_node));
    if (locus_ast_kind_of(ui->ast, value) == LOCUS_AST_STRING) {
        p.value = plain_value(ui, attr_node, value);
    } else {
        p.value = handler_value(ui, value);
        p.handler = value;
    }
    gr_props_add(props, &p);
}

/* The bound name: the expression text (a string value names it too). */
static gr_str bound_text(gr_ui *ui, locus_node value)
{
    if (locus_ast_kind_of(ui->ast, value) == LOCUS_AST_STRING) {
        gr_str s = {"", 0};
        s.s = locus_ast_str(ui->ast, value, &s.len);
        return s.s ? s : (gr_str){"", 0};
    }
    return gr_expr_text(ui->ast, value);
}

/* `setV(«arg»)` into the arena. */
static gr_str setter_call(gr_ui *ui, gr_str v, const char *arg)
{
    gr_out tmp = GR_OUT_INIT;
    gr_puts(&tmp, "set");
    gr_put_capitalized(&tmp, v);
    gr_putc(&tmp, '(');
    gr_puts(&tmp, arg);
    gr_putc(&tmp, ')');
    return keep(ui, &tmp);
}

static gr_str braced(gr_ui *ui, gr_str v)
{
    gr_out tmp = GR_OUT_INIT;
    gr_puts(&tmp, "={");
    gr_put_str(&tmp, v);
    gr_putc(&tmp, '}');
    return keep(ui, &tmp);
}

static void add_bind(gr_props *props, gr_ui *ui, gr_str attr, locus_node value)
{
    if (!value)
        return;
    gr_str what = {attr.s + 5, attr.len - 5};
    gr_str v = bound_text(ui, value);
    const gr_state_var *st = gr_scope_state(ui->scope, v);
    gr_prop p = {0}, change = {0};
    change.name = (gr_str){"onChange", 8};
    if (gr_str_eq(what, "disabled")) {
        p.name = what;
        p.value = braced(ui, v);
        gr_props_add(props, &p);
        return;
    }
    int checked = gr_str_eq(what, "checked") ||
                  (gr_str_eq(what, "value") && st && st->ts == GR_TS_BOOLEAN && !st->list);
    if (checked) {
        p.name = (gr_str){"checked", 7};
        change.bind = setter_call(ui, v, "e.target.checked");
    } else if (gr_str_eq(what, "value")) {
        p.name = (gr_str){"value", 5};
        int number = st && st->ts == GR_TS_NUMBER && !st->list;
        change.bind = setter_call(ui, v, number ? "Number(e.target.value)" : "e.target.value");
    } else {
        p.name = what;
        change.bind = setter_call(ui, v, "e.target?.value ?? e.target?.checked");
    }
    p.value = braced(ui, v);
    gr_props_add(props, &p);
    gr_props_add(props, &change);
}

void gr_collect_props(gr_ui *ui, locus_node el, gr_props *props)
{
    const locus_ast *ast = ui->ast;
    gr_str tag = gr_name(ast, el);
    int html = tag.len && tag.s[0] >= 'a' && tag.s[0] <= 'z';
    size_t n = locus_ast_list_count(ast, el, LOCUS_F_ATTRS);
    for (size_t i = 0; i < n; i++) {
        locus_node attr = locus_ast_list_at(ast, el, LOCUS_F_ATTRS, i);
        gr_str name = gr_name(ast, attr);
        locus_node value = locus_ast_get(ast, attr, LOCUS_F_VALUE);
        switch (locus_ast_get_int(ast, attr, LOCUS_F_ATTR_KIND, LOCUS_ATTR_PLAIN)) {
        case LOCUS_ATTR_FOR_EACH:
            break; /* `for:each={items}` without `in`: no loop, no prop (W-10) */
        case LOCUS_ATTR_EVENT:
            add_event(props, ui, attr, value);
            break;
        case LOCUS_ATTR_BIND:
            add_bind(props, ui, name, value);
            break;
        default:
            add_plain(props, ui, attr, value, html);
            break;
        }
    }
}

/* The statement that calls an event handler inside a merged onChange. */
static void put_handler_call(gr_ui *ui, gr_out *out, locus_node handler)
{
    gr_str text = gr_expr_text(ui->ast, handler);
    locus_ast_kind kind = locus_ast_kind_of(ui->ast, handler);
    const gr_action_ref *action = kind == LOCUS_AST_IDENT ? gr_scope_action(ui->scope, text) : NULL;
    if (kind == LOCUS_AST_CALL) {
        gr_put_str(out, text);
    } else if (kind == LOCUS_AST_IDENT) {
        gr_put_str(out, text);
        gr_puts(out, action && action->nparams == 0 ? "()" : "(e)");
    } else {
        gr_putc(out, '(');
        gr_put_str(out, text);
        gr_puts(out, ")(e)");
    }
}

static void put_prop(gr_ui *ui, const gr_prop *p)
{
    gr_out *out = ui->out;
    gr_putc(out, ' ');
    gr_put_str(out, p->name);
    if (!p->bind.len) {
        gr_put_str(out, p->value);
    } else if (!p->handler) {
        gr_puts(out, "={(e) => ");
        gr_put_str(out, p->bind);
        gr_putc(out, '}');
    } else {
        gr_puts(out, "={(e) => { ");
        gr_put_str(out, p->bind);
        gr_puts(out, "; ");
        put_handler_call(ui, out, p->handler);
        gr_puts(out, "; }}");
    }
}

void gr_render_props(gr_ui *ui, locus_node el)
{
    gr_props props;
    gr_props_init(&props, ui->arena);
    gr_collect_props(ui, el, &props);
    if (props.failed)
        ui->out->failed = 1;
    for (size_t i = 0; i < props.count; i++)
        put_prop(ui, &props.items[i]);
}

void gr_props_init(gr_props *props, locus_arena *arena)
{
    memset(props, 0, sizeof *props);
    props->arena = arena;
}

/* A repeated name keeps its first place; a binding's onChange and a
 * handler merge, anything else is replaced by the later value. */
void gr_props_add(gr_props *props, const gr_prop *p)
{
    for (size_t i = 0; i < props->count; i++) {
        gr_prop *old = &props->items[i];
        if (!gr_str_same(old->name, p->name))
            continue;
        if (old->bind.len && !p->bind.len && p->handler) {
            old->handler = p->handler;
        } else if (old->handler && p->bind.len && !old->bind.len) {
            old->bind = p->bind;
        } else {
            *old = *p;
        }
        return;
    }
    if (props->count == props->cap) {
        size_t cap = props->cap ? props->cap * 2 : 8;
        gr_prop *grown = locus_arena_alloc(props->arena, cap * sizeof *grown);
        if (!grown) {
            props->failed = 1;
            return;
        }
        if (props->count)
            memcpy(grown, props->items, props->count * sizeof *grown);
        props->items = grown;
        props->cap = cap;
    }
    props->items[props->count++] = *p;
}
