/* gr_body.c — action and `on load` bodies as TypeScript (gr_body.h).
 *
 * The body is tokenised once; rewrites are collected as edits (insert or
 * replace at a byte offset) and applied in offset order, so everything
 * not rewritten is copied exactly. */
#include "gr_body.h"

#include <stdlib.h>
#include <string.h>

#include "gr_helpers.h"
#include "gr_scan.h"

#define MAX_FRAMES 256

typedef struct edit {
    size_t off, del, seq;
    const char *ins;
} edit;

typedef struct frame {
    unsigned char call;    /* the parenthesis of a call */
    unsigned char control; /* the condition of if/while/for */
    unsigned char named;   /* named arguments were wrapped in `{ ` */
} frame;

typedef struct tr {
    gr_str text;
    gr_tokens toks;
    gr_body *body;
    locus_arena *arena;
    edit *edits;
    size_t nedits, cap;
    frame frames[MAX_FRAMES];
    size_t depth;           /* open brackets (frames beyond MAX_FRAMES are not kept) */
    size_t control_close;   /* index of the `)` that closed a control condition */
    size_t cond_end;        /* index of the `{` ending an unparenthesised condition */
    int failed;
} tr;

static gr_str tok_text(const tr *t, size_t i)
{
    return (gr_str){t->text.s + t->toks.items[i].off, t->toks.items[i].len};
}

static int is(const tr *t, size_t i, const char *lit)
{
    return i < t->toks.count && gr_tok_is(t->text, &t->toks.items[i], lit);
}

static int kind_is(const tr *t, size_t i, gr_tk kind)
{
    return i < t->toks.count && t->toks.items[i].kind == kind;
}

static void add_edit(tr *t, size_t off, size_t del, const char *ins)
{
    if (t->nedits == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 16;
        edit *grown = locus_arena_alloc(t->arena, cap * sizeof *grown);
        if (!grown) {
            t->failed = 1;
            return;
        }
        if (t->nedits)
            memcpy(grown, t->edits, t->nedits * sizeof *grown);
        t->edits = grown, t->cap = cap;
    }
    t->edits[t->nedits] = (edit){off, del, t->nedits, ins};
    t->nedits++;
}

static size_t tok_end(const tr *t, size_t i)
{
    return t->toks.items[i].off + t->toks.items[i].len;
}

static int in_list(gr_str s, const char *const *list)
{
    for (; *list; list++)
        if (gr_str_eq(s, *list))
            return 1;
    return 0;
}

static const char *const control_words[] = {"if", "while", "for", "switch", "catch", NULL};
static const char *const not_callees[] = {"if",     "while", "for",  "switch", "catch",
                                          "return", "await", "typeof", "in",   "of",
                                          "function", NULL};
static const char *const declarers[] = {"const", "let",  "var",   "return", "typeof", "new",
                                        "await", "yield", "case", "delete", "void",   NULL};

/* A name the page defines itself (state or action): not a helper. */
static int page_name(const tr *t, gr_str name)
{
    return gr_scope_state(t->body->scope, name) || gr_scope_action(t->body->scope, name);
}

/* The previous token ends an expression that continues on the next line. */
static int continues(const tr *t, size_t i)
{
    if (!kind_is(t, i, GR_TK_PUNCT))
        return 0;
    return !is(t, i, ")") && !is(t, i, "]") && !is(t, i, "}") && !is(t, i, ";");
}

/* The token can only continue an expression (it cannot start one). */
static int continuation_start(const tr *t, size_t i)
{
    if (!kind_is(t, i, GR_TK_PUNCT))
        return 0;
    static const char *const starters[] = {"(", "[", "{", "}", ")", "]", "!", ";", "++", "--", NULL};
    return !in_list(tok_text(t, i), starters);
}

static int ends_operand(const tr *t, size_t i);
static int starts_operand(const tr *t, size_t i);

static int statement_start(const tr *t, size_t i)
{
    if (i == 0)
        return 1;
    size_t p = i - 1;
    if (is(t, p, ";") || is(t, p, "{") || is(t, p, "}"))
        return 1;
    if (is(t, p, ")") && p == t->control_close)
        return 1;
    if (is(t, p, "else") || (ends_operand(t, p) && starts_operand(t, i)))
        return 1;
    if (!t->toks.items[i].newline || continues(t, p))
        return 0;
    return !(kind_is(t, p, GR_TK_IDENT) && in_list(tok_text(t, p), declarers));
}

static const char *const operator_words[] = {
    "await", "typeof", "new", "void", "delete", "return", "throw", "yield", "case", "in",
    "of", "instanceof", "else", "do", "as", "const", "let", "var", NULL};

/* The token can end an operand: a name, a literal or a closing bracket. */
static int ends_operand(const tr *t, size_t i)
{
    if (kind_is(t, i, GR_TK_IDENT))
        return !in_list(tok_text(t, i), operator_words);
    return kind_is(t, i, GR_TK_NUMBER) || kind_is(t, i, GR_TK_STRING) || is(t, i, ")") ||
           is(t, i, "]") || is(t, i, "}");
}

static int starts_operand(const tr *t, size_t i)
{
    if (kind_is(t, i, GR_TK_IDENT))
        return !in_list(tok_text(t, i), operator_words) || is(t, i, "await") ||
               is(t, i, "new") || is(t, i, "typeof");
    return kind_is(t, i, GR_TK_NUMBER) || kind_is(t, i, GR_TK_STRING);
}

/* The last token of the expression that starts at token `first`. It ends
 * before a `;`, an unmatched closing bracket, a line break that does not
 * continue it, or — Locus bodies put statements side by side — an operand
 * right after a complete operand (`a = f(x) b = 2`); *same_line says the
 * latter, so the caller separates the statements with `;`. */
static size_t expression_last(const tr *t, size_t first, int *same_line)
{
    size_t depth = 0, last = first;
    *same_line = 0;
    for (size_t k = first; k < t->toks.count; k++) {
        if (k > first && depth == 0 && t->toks.items[k].newline && !continues(t, k - 1) &&
            !continuation_start(t, k))
            break;
        if (k > first && depth == 0 && ends_operand(t, k - 1) && starts_operand(t, k)) {
            *same_line = !t->toks.items[k].newline;
            break;
        }
        if (is(t, k, "(") || is(t, k, "[") || is(t, k, "{")) {
            depth++;
        } else if (is(t, k, ")") || is(t, k, "]") || is(t, k, "}")) {
            if (depth == 0)
                break;
            depth--;
        } else if (depth == 0 && is(t, k, ";")) {
            break;
        }
        last = k;
    }
    return last;
}

static char *setter_prefix(tr *t, gr_str name, const char *op)
{
    gr_out tmp = GR_OUT_INIT;
    gr_puts(&tmp, "set");
    gr_put_capitalized(&tmp, name);
    gr_putc(&tmp, '(');
    if (op) {
        gr_put_str(&tmp, name);
        gr_puts(&tmp, op);
    }
    char *s = tmp.failed ? NULL : locus_arena_strdup(t->arena, gr_text(&tmp));
    gr_out_free(&tmp);
    if (!s)
        t->failed = 1;
    return s;
}

/* `x = e` / `x += e` / `x -= e` on state x → `setX(e)` / `setX(x + (e))`. */
static void rewrite_assignment(tr *t, size_t i)
{
    gr_str name = tok_text(t, i);
    size_t first = i + 2;
    if (first >= t->toks.count)
        return;
    const char *op = is(t, i + 1, "+=") ? " + (" : is(t, i + 1, "-=") ? " - (" : NULL;
    char *prefix = setter_prefix(t, name, op);
    if (!prefix)
        return;
    int same_line;
    size_t last = expression_last(t, first, &same_line);
    add_edit(t, t->toks.items[i].off, t->toks.items[first].off - t->toks.items[i].off, prefix);
    if (op)
        add_edit(t, tok_end(t, last), 0, same_line ? "));" : "))");
    else
        add_edit(t, tok_end(t, last), 0, same_line ? ");" : ")");
}

/* A data helper call: awaited, `delete` spelled `remove`, a capitalised
 * entity name as first argument quoted. */
static void rewrite_data_call(tr *t, size_t i)
{
    if (!(i > 0 && is(t, i - 1, "await")))
        add_edit(t, t->toks.items[i].off, 0, "await "); /* before the rename below */
    if (is(t, i, "delete"))
        add_edit(t, t->toks.items[i].off, t->toks.items[i].len, "remove");
    t->body->is_async = 1;
    size_t a = i + 2;
    if (kind_is(t, a, GR_TK_IDENT) && t->text.s[t->toks.items[a].off] >= 'A' &&
        t->text.s[t->toks.items[a].off] <= 'Z' && (is(t, a + 1, ",") || is(t, a + 1, ")"))) {
        add_edit(t, t->toks.items[a].off, 0, "\"");
        add_edit(t, tok_end(t, a), 0, "\"");
    }
}

/* `if cond {` → `if (cond) {` */
static void wrap_condition(tr *t, size_t i)
{
    size_t depth = 0;
    for (size_t k = i + 1; k < t->toks.count; k++) {
        if (is(t, k, "(") || is(t, k, "["))
            depth++;
        else if ((is(t, k, ")") || is(t, k, "]")) && depth)
            depth--;
        else if (depth == 0 && is(t, k, "{")) {
            if (k == i + 1)
                return;
            add_edit(t, t->toks.items[i + 1].off, 0, "(");
            add_edit(t, tok_end(t, k - 1), 0, ")");
            t->cond_end = k;
            return;
        }
    }
}

static void word_operator(tr *t, size_t i)
{
    gr_str w = tok_text(t, i);
    const char *op = gr_str_eq(w, "not") ? "!" : gr_str_eq(w, "and") ? "&&" : "||";
    size_t del = t->toks.items[i].len;
    if (op[0] == '!' && i + 1 < t->toks.count)
        del = t->toks.items[i + 1].off - t->toks.items[i].off; /* `not x` → `!x` */
    add_edit(t, t->toks.items[i].off, del, op);
}

static void on_ident(tr *t, size_t i)
{
    gr_str name = tok_text(t, i);
    if (i > 0 && (is(t, i - 1, ".") || is(t, i - 1, "?.")))
        return;
    if (gr_str_eq(name, "await"))
        t->body->is_async = 1;
    if (t->cond_end != (size_t)-1 && i < t->cond_end &&
        (gr_str_eq(name, "not") || gr_str_eq(name, "and") || gr_str_eq(name, "or"))) {
        word_operator(t, i);
        return;
    }
    if ((gr_str_eq(name, "if") || gr_str_eq(name, "while")) && i + 1 < t->toks.count &&
        !is(t, i + 1, "(")) {
        wrap_condition(t, i);
        return;
    }
    if (t->depth && t->depth <= MAX_FRAMES && t->frames[t->depth - 1].call &&
        is(t, i + 1, ":") && (is(t, i - 1, "(") || is(t, i - 1, ","))) {
        if (!t->frames[t->depth - 1].named)
            add_edit(t, t->toks.items[i].off, 0, "{ ");
        t->frames[t->depth - 1].named = 1;
        return;
    }
    if (gr_scope_state(t->body->scope, name) && statement_start(t, i) &&
        (is(t, i + 1, "=") || is(t, i + 1, "+=") || is(t, i + 1, "-="))) {
        rewrite_assignment(t, i);
        return;
    }
    int helper = page_name(t, name) ? -1 : gr_helper_of(name);
    if (helper < 0 || (i + 1 < t->toks.count && is(t, i + 1, ":")))
        return;
    if (gr_helper_is_data((unsigned)helper)) {
        if (!is(t, i + 1, "("))
            return;
        rewrite_data_call(t, i);
    }
    t->body->helpers |= 1u << helper;
}

static void open_bracket(tr *t, size_t i)
{
    frame f = {0, 0, 0};
    if (is(t, i, "(") && i > 0) {
        gr_str prev = tok_text(t, i - 1);
        int callee = kind_is(t, i - 1, GR_TK_IDENT) && !in_list(prev, not_callees) &&
                     !(i > 1 && is(t, i - 2, "function"));
        f.call = callee || is(t, i - 1, ")") || is(t, i - 1, "]");
        f.control = kind_is(t, i - 1, GR_TK_IDENT) && in_list(prev, control_words);
    }
    if (t->depth < MAX_FRAMES)
        t->frames[t->depth] = f;
    t->depth++;
}

static void close_bracket(tr *t, size_t i)
{
    if (!t->depth)
        return;
    t->depth--;
    if (t->depth >= MAX_FRAMES)
        return;
    frame f = t->frames[t->depth];
    if (f.call && f.named)
        add_edit(t, t->toks.items[i].off, 0, " }");
    if (f.control)
        t->control_close = i;
}

static int edit_order(const void *pa, const void *pb)
{
    const edit *a = pa, *b = pb;
    if (a->off != b->off)
        return a->off < b->off ? -1 : 1;
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static void apply_edits(tr *t, gr_out *out)
{
    if (t->nedits)
        qsort(t->edits, t->nedits, sizeof *t->edits, edit_order);
    size_t pos = 0;
    for (size_t k = 0; k < t->nedits; k++) {
        const edit *e = &t->edits[k];
        if (e->off < pos)
            continue; /* overlaps an earlier replacement */
        gr_putn(out, t->text.s + pos, e->off - pos);
        gr_puts(out, e->ins);
        pos = e->off + e->del;
    }
    gr_putn(out, t->text.s + pos, t->text.len - pos);
}

int gr_translate_body(gr_out *out, gr_str text, gr_body *body, locus_arena *arena)
{
    tr t;
    memset(&t, 0, sizeof t);
    t.text = text, t.body = body, t.arena = arena;
    t.control_close = t.cond_end = (size_t)-1;
    if (gr_scan_all(text, arena, &t.toks) != 0)
        return -1;
    for (size_t i = 0; i < t.toks.count && !t.failed; i++) {
        if (t.toks.items[i].kind == GR_TK_IDENT)
            on_ident(&t, i);
        else if (is(&t, i, "(") || is(&t, i, "[") || is(&t, i, "{"))
            open_bracket(&t, i);
        else if (is(&t, i, ")") || is(&t, i, "]") || is(&t, i, "}"))
            close_bracket(&t, i);
        if (i == t.cond_end)
            t.cond_end = (size_t)-1;
    }
    if (t.failed)
        return -1;
    apply_edits(&t, out);
    return out->failed ? -1 : 0;
}
