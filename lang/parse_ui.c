/* parse_ui.c — UI markup (`ui { … }` content, language.md §7) into a tree
 * of UI nodes.
 *
 * This is a real markup parser, not the reference's lenient scanner:
 * decisions Q-21/Q-22 (several roots, text kept, closing tags matched by
 * name — a mismatch is an error naming both tags —, nested if/else chains
 * keep all branches, loops structured), O-11 (a tag or `{…}` value ends at
 * its real end, not at the first `>` or `}`), D-04 (`{#if}`/`{:elseif}`/
 * `{:else}`/`{/if}`/`{#each x in xs}`/`{/each}` directives), D-05 (any
 * expression in conditions), D-06 (`on:mouse-enter` kept as written) and
 * D-08 (lower-case HTML tags; void elements such as `<input>` need no `/`).
 * Whitespace-only text is dropped; a `//` comment that starts a line is
 * text.
 *
 * The scan is iterative: open containers (elements, if-chains, loops)
 * live on an explicit stack that mirrors the builder's open nodes, so
 * nesting depth costs no C stack and is bounded by LL_MAX_NESTING.
 */
#include <stdio.h>
#include <string.h>

#include "parser.h"

enum frame_type { F_ROOT, F_ELEMENT, F_IF, F_ELSEIF, F_ELSE, F_EACH };
enum if_state { IF_CONSEQUENT, IF_BRANCHES, IF_AFTER_ELSE, IF_PENDING };

typedef struct ui_frame {
    unsigned char type;
    unsigned char directive; /* opened by a `{#…}`/`{:…}` directive */
    unsigned char state;     /* IF: enum if_state */
    unsigned char sibling;   /* ELSEIF/ELSE: follows a closed `</if>` */
    unsigned char attr_each; /* EACH made from a for:each attribute */
    uint32_t open_off;       /* for messages */
    uint32_t tag_off, tag_len;
    size_t mark;             /* start of the children list */
    size_t elifs_mark;       /* IF: start of the ELIFS list */
} ui_frame;

enum val_kind { V_NONE, V_QUOTED, V_BRACED, V_BARE };

typedef struct ui_attr {
    uint32_t name_off, name_len;
    unsigned char kind;
    uint32_t val_off, val_len;   /* the whole value token */
    uint32_t in_off, in_len;     /* inside the quotes/braces */
} ui_attr;

typedef struct ui_ctx {
    ll_parser *p;
    const unsigned char *t;
    uint32_t from, to;
    ui_frame stack[LL_MAX_NESTING + 2];
    unsigned n;
    ui_attr *attrs;
    unsigned nattrs, attrs_cap;
} ui_ctx;

/* HTML void elements: they never have content, so `<input>` needs no `/`. */
static int is_void_tag(const unsigned char *s, uint32_t len)
{
    static const char *const tags[] = {"area", "base", "br", "col", "embed", "hr", "img",
                                       "input", "link", "meta", "param", "source", "track",
                                       "wbr"};
    if (len < 2 || len > 6 || s[0] < 'a' || s[0] > 'w')
        return 0;
    for (size_t k = 0; k < sizeof tags / sizeof tags[0]; k++)
        if (tags[k][0] == s[0] && strlen(tags[k]) == len && memcmp(tags[k], s, len) == 0)
            return 1;
    return 0;
}

/* Character classes, one bit each. */
enum { C_SPACE = 1, C_WORD = 2, C_START = 4, C_TAG = 8, C_STOP = 16, C_NL = 32 };

#define LETTERS(v)                                                                          \
    ['a'] = v, ['b'] = v, ['c'] = v, ['d'] = v, ['e'] = v, ['f'] = v, ['g'] = v, ['h'] = v,   \
    ['i'] = v, ['j'] = v, ['k'] = v, ['l'] = v, ['m'] = v, ['n'] = v, ['o'] = v, ['p'] = v,   \
    ['q'] = v, ['r'] = v, ['s'] = v, ['t'] = v, ['u'] = v, ['v'] = v, ['w'] = v, ['x'] = v,   \
    ['y'] = v, ['z'] = v, ['A'] = v, ['B'] = v, ['C'] = v, ['D'] = v, ['E'] = v, ['F'] = v,   \
    ['G'] = v, ['H'] = v, ['I'] = v, ['J'] = v, ['K'] = v, ['L'] = v, ['M'] = v, ['N'] = v,   \
    ['O'] = v, ['P'] = v, ['Q'] = v, ['R'] = v, ['S'] = v, ['T'] = v, ['U'] = v, ['V'] = v,   \
    ['W'] = v, ['X'] = v, ['Y'] = v, ['Z'] = v

static const unsigned char cls[256] = {
    LETTERS(C_WORD | C_START | C_TAG),
    ['_'] = C_WORD | C_START | C_TAG,
    ['0'] = C_WORD | C_TAG, ['1'] = C_WORD | C_TAG, ['2'] = C_WORD | C_TAG,
    ['3'] = C_WORD | C_TAG, ['4'] = C_WORD | C_TAG, ['5'] = C_WORD | C_TAG,
    ['6'] = C_WORD | C_TAG, ['7'] = C_WORD | C_TAG, ['8'] = C_WORD | C_TAG,
    ['9'] = C_WORD | C_TAG,
    ['.'] = C_TAG, [':'] = C_TAG, ['-'] = C_TAG,
    [' '] = C_SPACE, ['\t'] = C_SPACE, ['\v'] = C_SPACE, ['\f'] = C_SPACE,
    ['\n'] = C_SPACE | C_NL, ['\r'] = C_SPACE | C_NL,
    ['<'] = C_STOP, ['{'] = C_STOP, ['/'] = C_STOP,
};

static int is_space(unsigned char c)
{
    return cls[c] & C_SPACE;
}

static int is_word(unsigned char c)
{
    return cls[c] & C_WORD;
}

static int is_tag_start(unsigned char c)
{
    return cls[c] & C_START;
}

static int is_tag_char(unsigned char c)
{
    return cls[c] & C_TAG;
}

static int is_attr_start(unsigned char c)
{
    return is_tag_start(c) || c == ':' || c == '@';
}

static int is_attr_char(unsigned char c)
{
    return is_tag_char(c) || c == '|' || c == '@';
}

static int name_is_n(const ui_ctx *c, uint32_t off, uint32_t len, const char *s, size_t n)
{
    return n == len && memcmp(c->t + off, s, len) == 0;
}

static int starts_n(const ui_ctx *c, uint32_t i, const char *s, size_t n)
{
    return i + n <= c->to && memcmp(c->t + i, s, n) == 0;
}

/* With a string literal, so its length is a constant. */
#define name_is(c, off, len, lit) name_is_n(c, off, len, lit, sizeof(lit) - 1)
#define starts(c, i, lit) starts_n(c, i, lit, sizeof(lit) - 1)

static uint32_t skip_ws(const ui_ctx *c, uint32_t i)
{
    while (i < c->to && is_space(c->t[i]))
        i++;
    return i;
}

/* The quote matching t[i] closes at the returned index, or UINT32_MAX. */
static uint32_t match_quote(const ui_ctx *c, uint32_t i)
{
    unsigned char q = c->t[i];
    for (uint32_t j = i + 1; j < c->to; j++) {
        if (c->t[j] == '\\')
            j++;
        else if (c->t[j] == q)
            return j;
    }
    return UINT32_MAX;
}

/* The `}` matching the `{` at i (strings respected), or UINT32_MAX. */
static uint32_t match_brace(const ui_ctx *c, uint32_t i)
{
    unsigned depth = 0;
    for (uint32_t j = i; j < c->to; j++) {
        unsigned char ch = c->t[j];
        if (ch == '"' || ch == '\'' || ch == '`') {
            j = match_quote(c, j);
            if (j == UINT32_MAX)
                return j;
        } else if (ch == '{') {
            depth++;
        } else if (ch == '}' && --depth == 0) {
            return j;
        }
    }
    return UINT32_MAX;
}

static void where(const ui_ctx *c, uint32_t off, uint32_t *line, uint32_t *col)
{
    ll_offset_position(c->p->src.text, c->p->src.len, off, line, col);
}

static ui_frame *top(ui_ctx *c)
{
    return &c->stack[c->n - 1];
}

static ui_frame *push_frame(ui_ctx *c, unsigned char type, uint32_t open_off)
{
    if (c->n >= LL_MAX_NESTING) {
        ll_p_fail(c->p, open_off, 1, "UI markup is nested too deeply (more than %d levels)",
                  LL_MAX_NESTING);
        return NULL;
    }
    ui_frame *f = &c->stack[c->n++];
    memset(f, 0, sizeof *f);
    f->type = type;
    f->open_off = open_off;
    return f;
}

/* Describe a frame for messages: "<div>", "{#if}", ... */
static void frame_label(const ui_ctx *c, const ui_frame *f, char *buf, size_t size)
{
    static const char *const directive_names[] = {"", "", "{#if}", "{:elseif}", "{:else}", "{#each}"};
    if (f->directive)
        snprintf(buf, size, "%s", directive_names[f->type]);
    else
        snprintf(buf, size, "<%.*s>", (int)(f->tag_len > 40 ? 40 : f->tag_len),
                 (const char *)c->t + f->tag_off);
}

/* ------------------------------------------------------------------ */
/* Closing containers                                                  */
/* ------------------------------------------------------------------ */

static void end_consequent(ui_ctx *c, ui_frame *f)
{
    if (f->state == IF_CONSEQUENT) {
        ll_list_end(c->p->b, LOCUS_F_CHILDREN, f->mark);
        f->elifs_mark = ll_list_begin(c->p->b);
        f->state = IF_BRANCHES;
    }
}

static void finish_if(ui_ctx *c, uint32_t end)
{
    ui_frame *f = top(c);
    if (f->state == IF_CONSEQUENT)
        ll_list_end(c->p->b, LOCUS_F_CHILDREN, f->mark);
    else
        ll_list_end(c->p->b, LOCUS_F_ELIFS, f->elifs_mark);
    locus_node n = ll_close(c->p->b, end);
    c->n--;
    ll_push(c->p->b, n);
}

/* Close the top container (element, loop, branch) and hand its node up. */
static void close_top(ui_ctx *c, uint32_t end)
{
    ui_frame *f = top(c);
    ll_list_end(c->p->b, LOCUS_F_CHILDREN, f->mark);
    locus_node n = ll_close(c->p->b, end);
    unsigned char type = f->type, sibling = f->sibling;
    c->n--;
    if (type == F_ELSE) {
        ll_set_node(c->p->b, LOCUS_F_ELSE, n);
        if (sibling)
            finish_if(c, end);
        else
            top(c)->state = IF_AFTER_ELSE;
        return;
    }
    ll_push(c->p->b, n);
    if (type == F_ELEMENT && top(c)->type == F_EACH && top(c)->attr_each)
        close_top(c, end);
}

enum { AS_CONTENT, AS_BRANCH, AS_CLOSER };

/* Before markup at offset off: settle an if-chain waiting for sibling
 * branches (unless this is one), and refuse content where an if-chain
 * allows only branches. */
static int before_content(ui_ctx *c, uint32_t off, int mode)
{
    while (c->n > 1 && top(c)->type == F_IF && top(c)->state == IF_PENDING && mode != AS_BRANCH)
        finish_if(c, off);
    ui_frame *f = top(c);
    if (f->type == F_IF && mode == AS_CONTENT && (f->state == IF_AFTER_ELSE || f->state == IF_BRANCHES)) {
        ll_p_fail(c->p, off, 1, "only <elseif>/<else> branches may follow inside <if> here");
        return 0;
    }
    return !c->p->failed;
}

/* ------------------------------------------------------------------ */
/* Attributes                                                          */
/* ------------------------------------------------------------------ */

static int add_attr(ui_ctx *c, const ui_attr *a)
{
    if (c->nattrs == c->attrs_cap) {
        unsigned cap = c->attrs_cap ? c->attrs_cap * 2 : 16;
        ui_attr *grown = locus_arena_alloc(c->p->arena, cap * sizeof *grown);
        if (!grown) {
            ll_p_fail(c->p, a->name_off, 1, "out of memory");
            return 0;
        }
        if (c->nattrs)
            memcpy(grown, c->attrs, c->nattrs * sizeof *grown);
        c->attrs = grown;
        c->attrs_cap = cap;
    }
    c->attrs[c->nattrs++] = *a;
    return 1;
}

/* The value after `=` at i; returns the index after it, or 0 on error. */
static uint32_t parse_value(ui_ctx *c, uint32_t i, ui_attr *a)
{
    unsigned char ch = i < c->to ? c->t[i] : 0;
    uint32_t end;
    if (ch == '"' || ch == '\'') {
        end = match_quote(c, i);
        if (end == UINT32_MAX) {
            ll_p_fail(c->p, i, 1, "unterminated attribute value");
            return 0;
        }
        a->kind = V_QUOTED;
        a->in_off = i + 1, a->in_len = end - i - 1;
    } else if (ch == '{') {
        end = match_brace(c, i);
        if (end == UINT32_MAX) {
            ll_p_fail(c->p, i, 1, "the '{' of this attribute value is never closed");
            return 0;
        }
        a->kind = V_BRACED;
        a->in_off = i + 1, a->in_len = end - i - 1;
    } else {
        end = i;
        while (end < c->to && !is_space(c->t[end]) && c->t[end] != '>' &&
               !(c->t[end] == '/' && end + 1 < c->to && c->t[end + 1] == '>'))
            end++;
        if (end == i) {
            ll_p_fail(c->p, i, 1, "expected an attribute value after '='");
            return 0;
        }
        a->kind = V_BARE;
        a->in_off = i, a->in_len = end - i;
        end--;
    }
    a->val_off = i;
    a->val_len = end + 1 - i;
    return end + 1;
}

/* Attributes from i up to `>` or `/>`; returns the index of `>`. */
static uint32_t parse_attrs(ui_ctx *c, uint32_t lt, uint32_t i, int *self_closing)
{
    c->nattrs = 0;
    for (;;) {
        i = skip_ws(c, i);
        if (i >= c->to) {
            ll_p_fail(c->p, lt, 1, "this tag is not closed with '>'");
            return 0;
        }
        if (c->t[i] == '>') {
            *self_closing = 0;
            return i;
        }
        if (c->t[i] == '/' && i + 1 < c->to && c->t[i + 1] == '>') {
            *self_closing = 1;
            return i + 1;
        }
        if (!is_attr_start(c->t[i])) {
            ll_p_fail(c->p, i, 1, "unexpected character in a tag");
            return 0;
        }
        ui_attr a = {i, 0, V_NONE, 0, 0, 0, 0};
        while (i < c->to && is_attr_char(c->t[i]))
            i++;
        a.name_len = i - a.name_off;
        uint32_t j = skip_ws(c, i);
        if (j < c->to && c->t[j] == '=') {
            i = parse_value(c, skip_ws(c, j + 1), &a);
            if (!i)
                return 0;
        }
        if (!add_attr(c, &a))
            return 0;
    }
}

/* Trimmed [*from, *to) */
static int trim(const ui_ctx *c, uint32_t *from, uint32_t *to)
{
    while (*from < *to && is_space(c->t[*from]))
        (*from)++;
    while (*to > *from && is_space(c->t[*to - 1]))
        (*to)--;
    return *to > *from;
}

/* The expression a value stands for: braces, or quotes around braces. */
static int value_expr_range(const ui_ctx *c, const ui_attr *a, uint32_t *from, uint32_t *to)
{
    *from = a->in_off, *to = a->in_off + a->in_len;
    if (a->kind == V_BRACED)
        return 1;
    if (a->kind == V_QUOTED) {
        uint32_t f = *from, t = *to;
        if (t - f >= 2 && c->t[f] == '{' && c->t[t - 1] == '}') {
            *from = f + 1, *to = t - 1;
            return 1;
        }
    }
    return 0;
}

static locus_node value_node(ui_ctx *c, const ui_attr *a, uint32_t *flags)
{
    ll_parser *p = c->p;
    uint32_t from, to;
    if (value_expr_range(c, a, &from, &to)) {
        if (a->kind == V_QUOTED)
            *flags |= LOCUS_FLAG_QUOTED;
        return ll_parse_expr_text(p, from, to);
    }
    *flags |= a->kind == V_QUOTED ? LOCUS_FLAG_QUOTED : LOCUS_FLAG_BARE;
    return ll_leaf(p->b, LOCUS_AST_STRING, p->file, a->val_off, a->val_len,
                   (const char *)c->t + a->in_off, a->in_len);
}

/* A condition written as a string is the expression text itself. */
static locus_node condition_node(ui_ctx *c, const ui_attr *a)
{
    uint32_t from, to;
    if (!value_expr_range(c, a, &from, &to))
        from = a->in_off, to = a->in_off + a->in_len;
    return ll_parse_expr_text(c->p, from, to);
}

static locus_node attr_node(ui_ctx *c, const ui_attr *a)
{
    ll_parser *p = c->p;
    int32_t kind = LOCUS_ATTR_PLAIN;
    if (a->name_len > 3 && memcmp(c->t + a->name_off, "on:", 3) == 0)
        kind = LOCUS_ATTR_EVENT;
    else if (a->name_len > 5 && memcmp(c->t + a->name_off, "bind:", 5) == 0)
        kind = LOCUS_ATTR_BIND;
    else if (name_is(c, a->name_off, a->name_len, "for:each"))
        kind = LOCUS_ATTR_FOR_EACH;
    uint32_t flags = 0;
    locus_node value = a->kind == V_NONE ? 0 : value_node(c, a, &flags);
    locus_node name = ll_ident(p->b, p->file, a->name_off, a->name_len,
                               (const char *)c->t + a->name_off, a->name_len);
    ll_open(p->b, LOCUS_AST_UI_ATTR, p->file, a->name_off);
    ll_set_node(p->b, LOCUS_F_NAME, name);
    ll_set_int(p->b, LOCUS_F_ATTR_KIND, kind);
    ll_set_node(p->b, LOCUS_F_VALUE, value);
    ll_set_flags(p->b, flags);
    return ll_close(p->b, a->kind == V_NONE ? a->name_off + a->name_len : a->val_off + a->val_len);
}

static const ui_attr *find_attr(const ui_ctx *c, const char *name)
{
    for (unsigned i = 0; i < c->nattrs; i++)
        if (name_is_n(c, c->attrs[i].name_off, c->attrs[i].name_len, name, strlen(name)))
            return &c->attrs[i];
    return NULL;
}

/* `X in E` in [from, to): sets the item and iterable ranges. */
static int split_loop(const ui_ctx *c, uint32_t from, uint32_t to, uint32_t *item_end,
                      uint32_t *iter_from)
{
    if (!trim(c, &from, &to) || !is_tag_start(c->t[from]))
        return 0;
    uint32_t i = from + 1;
    while (i < to && is_word(c->t[i]))
        i++;
    uint32_t ws = i;
    while (i < to && is_space(c->t[i]))
        i++;
    if (i == ws || i + 2 >= to || c->t[i] != 'i' || c->t[i + 1] != 'n' || !is_space(c->t[i + 2]))
        return 0;
    *item_end = ws;
    *iter_from = i + 2;
    return 1;
}

/* ------------------------------------------------------------------ */
/* Tags                                                                */
/* ------------------------------------------------------------------ */

/* Open an EACH for `for:each={x in xs}` if the tag has one; returns the
 * index of that attribute (to skip it) or -1. */
static int open_attr_each(ui_ctx *c, uint32_t lt)
{
    for (unsigned i = 0; i < c->nattrs; i++) {
        const ui_attr *a = &c->attrs[i];
        uint32_t from, to, item_end, iter_from;
        if (!name_is(c, a->name_off, a->name_len, "for:each") || !value_expr_range(c, a, &from, &to) ||
            !split_loop(c, from, to, &item_end, &iter_from))
            continue;
        trim(c, &from, &to);
        ll_parser *p = c->p;
        locus_node item = ll_ident(p->b, p->file, from, item_end - from,
                                   (const char *)c->t + from, item_end - from);
        locus_node iter = ll_parse_expr_text(p, iter_from, to);
        ui_frame *f = push_frame(c, F_EACH, lt);
        if (!f)
            return -1;
        f->attr_each = 1;
        ll_open(p->b, LOCUS_AST_UI_EACH, p->file, lt);
        ll_set_flags(p->b, LOCUS_FLAG_ATTR_FORM);
        ll_set_node(p->b, LOCUS_F_ITEM, item);
        ll_set_node(p->b, LOCUS_F_ITERABLE, iter);
        f->mark = ll_list_begin(p->b);
        return (int)i;
    }
    return -1;
}

static void open_element(ui_ctx *c, uint32_t lt, uint32_t name_off, uint32_t name_len,
                         int self_closing, uint32_t end)
{
    ll_parser *p = c->p;
    int skip = open_attr_each(c, lt);
    if (p->failed)
        return;
    /* attribute nodes first (post-order), then the element itself */
    locus_node name = ll_ident(p->b, p->file, name_off, name_len, (const char *)c->t + name_off,
                               name_len);
    ui_frame *f = push_frame(c, F_ELEMENT, lt);
    if (!f)
        return;
    f->tag_off = name_off, f->tag_len = name_len;
    ll_open(p->b, LOCUS_AST_UI_ELEMENT, p->file, lt);
    ll_set_node(p->b, LOCUS_F_NAME, name);
    size_t mark = ll_list_begin(p->b);
    for (unsigned i = 0; i < c->nattrs; i++) {
        if ((int)i == skip)
            continue;
        ll_push(p->b, attr_node(c, &c->attrs[i]));
    }
    ll_list_end(p->b, LOCUS_F_ATTRS, mark);
    f->mark = ll_list_begin(p->b);
    if (self_closing) {
        ll_set_flags(p->b, LOCUS_FLAG_SELF_CLOSING);
        close_top(c, end);
    }
}

static void open_if(ui_ctx *c, uint32_t lt, uint32_t name_off, uint32_t name_len, locus_node cond,
                    int directive)
{
    ll_parser *p = c->p;
    ui_frame *f = push_frame(c, F_IF, lt);
    if (!f)
        return;
    f->tag_off = name_off, f->tag_len = name_len;
    f->directive = (unsigned char)directive;
    f->state = IF_CONSEQUENT;
    ll_open(p->b, LOCUS_AST_UI_IF, p->file, lt);
    ll_set_flags(p->b, directive ? LOCUS_FLAG_DIRECTIVE : LOCUS_FLAG_ATTR_FORM);
    ll_set_node(p->b, LOCUS_F_COND, cond);
    f->mark = ll_list_begin(p->b);
}

/* Start an elseif/else branch of the if-chain on top. */
static void open_branch(ui_ctx *c, unsigned char type, uint32_t lt, uint32_t name_off,
                        uint32_t name_len, locus_node cond, int directive)
{
    ll_parser *p = c->p;
    ui_frame *iff = top(c);
    unsigned char sibling = iff->state == IF_PENDING;
    end_consequent(c, iff);
    ui_frame *f = push_frame(c, type, lt);
    if (!f)
        return;
    f->tag_off = name_off, f->tag_len = name_len;
    f->directive = (unsigned char)directive;
    f->sibling = sibling;
    ll_open(p->b, type == F_ELSE ? LOCUS_AST_UI_ELSE : LOCUS_AST_UI_ELSEIF, p->file, lt);
    ll_set_flags(p->b, directive ? LOCUS_FLAG_DIRECTIVE : LOCUS_FLAG_ATTR_FORM);
    ll_set_node(p->b, LOCUS_F_COND, cond);
    f->mark = ll_list_begin(p->b);
}

static int if_accepts_branch(ui_ctx *c)
{
    ui_frame *f = top(c);
    return f->type == F_IF && !f->directive && f->state != IF_AFTER_ELSE;
}

/* `<for:each={x in xs}>…</for:each>`, the loop written as a tag (the
 * reference's docs use it; it mangled it into invalid JSX). */
static uint32_t open_each_tag(ui_ctx *c, uint32_t lt, uint32_t name_off, uint32_t i)
{
    ui_attr a = {name_off, 8, V_NONE, 0, 0, 0, 0};
    uint32_t from, to, item_end, iter_from;
    i = parse_value(c, skip_ws(c, i + 1), &a);
    if (!i)
        return 0;
    if (!value_expr_range(c, &a, &from, &to) || !split_loop(c, from, to, &item_end, &iter_from)) {
        ll_p_fail(c->p, a.val_off, a.val_len, "expected for:each={item in items}");
        return 0;
    }
    i = skip_ws(c, i);
    if (i >= c->to || c->t[i] != '>') {
        ll_p_fail(c->p, lt, 1, "expected '>' after <for:each={…}");
        return 0;
    }
    if (!before_content(c, lt, AS_CONTENT))
        return 0;
    trim(c, &from, &to);
    ll_parser *p = c->p;
    locus_node item = ll_ident(p->b, p->file, from, item_end - from, (const char *)c->t + from,
                               item_end - from);
    locus_node iter = ll_parse_expr_text(p, iter_from, to);
    ui_frame *f = push_frame(c, F_EACH, lt);
    if (!f)
        return 0;
    f->tag_off = name_off, f->tag_len = 8;
    ll_open(p->b, LOCUS_AST_UI_EACH, p->file, lt);
    ll_set_flags(p->b, LOCUS_FLAG_ATTR_FORM);
    ll_set_node(p->b, LOCUS_F_ITEM, item);
    ll_set_node(p->b, LOCUS_F_ITERABLE, iter);
    f->mark = ll_list_begin(p->b);
    return i + 1;
}

/* `<slot name="n"/>`: a leaf; an immediately following `</slot>` is
 * consumed with it. */
static uint32_t open_slot(ui_ctx *c, uint32_t lt, uint32_t gt, int self_closing)
{
    const ui_attr *a = find_attr(c, "name");
    const char *name = a && a->kind == V_QUOTED ? (const char *)c->t + a->in_off : "default";
    uint32_t name_len = a && a->kind == V_QUOTED ? a->in_len : 7;
    ll_push(c->p->b, ll_leaf(c->p->b, LOCUS_AST_UI_SLOT, c->p->file, lt, gt + 1 - lt, name,
                             name_len));
    uint32_t after = skip_ws(c, gt + 1);
    if (!self_closing && starts(c, after, "</slot")) {
        uint32_t e = skip_ws(c, after + 6);
        if (e < c->to && c->t[e] == '>')
            return e + 1;
    }
    return gt + 1;
}

/* `<if condition=…>`, or an `<elseif>`/`<else>` branch of the chain on top. */
static uint32_t open_chain_tag(ui_ctx *c, uint32_t lt, uint32_t name_off, uint32_t name_len,
                               uint32_t gt, int self_closing)
{
    int is_if = name_is(c, name_off, name_len, "if");
    int is_else = name_is(c, name_off, name_len, "else");
    const ui_attr *a = find_attr(c, "condition");
    locus_node cond = a && !is_else ? condition_node(c, a) : 0;
    if (is_if)
        open_if(c, lt, name_off, name_len, cond, 0);
    else
        open_branch(c, is_else ? F_ELSE : F_ELSEIF, lt, name_off, name_len, cond, 0);
    if (self_closing && !c->p->failed) {
        if (is_if) {
            end_consequent(c, top(c));
            top(c)->state = IF_PENDING;
        } else {
            close_top(c, gt + 1);
        }
    }
    return gt + 1;
}

static uint32_t open_tag(ui_ctx *c, uint32_t lt)
{
    uint32_t name_off = lt + 1, i = name_off;
    while (i < c->to && is_tag_char(c->t[i]))
        i++;
    uint32_t name_len = i - name_off;
    if (name_is(c, name_off, name_len, "for:each") && i < c->to && c->t[i] == '=')
        return open_each_tag(c, lt, name_off, i);
    int self_closing = 0;
    uint32_t gt = parse_attrs(c, lt, i, &self_closing);
    if (!gt)
        return 0;
    int branch = (name_is(c, name_off, name_len, "elseif") ||
                  name_is(c, name_off, name_len, "else")) && if_accepts_branch(c);
    if (!before_content(c, lt, branch ? AS_BRANCH : AS_CONTENT))
        return 0;
    if (name_is(c, name_off, name_len, "slot"))
        return open_slot(c, lt, gt, self_closing);
    if (branch || name_is(c, name_off, name_len, "if"))
        return open_chain_tag(c, lt, name_off, name_len, gt, self_closing);
    if (is_void_tag(c->t + name_off, name_len))
        self_closing = 1;
    open_element(c, lt, name_off, name_len, self_closing, gt + 1);
    return gt + 1;
}

static void mismatch(ui_ctx *c, uint32_t lt, uint32_t end, uint32_t name_off, uint32_t name_len)
{
    ui_frame *f = top(c);
    if (f->type == F_ROOT) {
        ll_p_fail(c->p, lt, end - lt, "closing tag </%.*s> has no matching opening tag",
                  (int)(name_len > 40 ? 40 : name_len), (const char *)c->t + name_off);
        return;
    }
    char label[64];
    uint32_t line, col;
    frame_label(c, f, label, sizeof label);
    where(c, f->open_off, &line, &col);
    ll_p_fail(c->p, lt, end - lt, "closing tag </%.*s> does not match %s opened at %u:%u",
              (int)(name_len > 40 ? 40 : name_len), (const char *)c->t + name_off, label, line, col);
}

static uint32_t close_tag(ui_ctx *c, uint32_t lt)
{
    uint32_t name_off = lt + 2, i = name_off;
    while (i < c->to && is_tag_char(c->t[i]))
        i++;
    uint32_t name_len = i - name_off;
    i = skip_ws(c, i);
    if (i >= c->to || c->t[i] != '>') {
        ll_p_fail(c->p, lt, 2, "this closing tag is not closed with '>'");
        return 0;
    }
    uint32_t end = i + 1;
    while (c->n > 1 && top(c)->type == F_IF && top(c)->state == IF_PENDING)
        finish_if(c, lt);
    ui_frame *f = top(c);
    int is_if = name_is(c, name_off, name_len, "if");
    switch (f->type) {
    case F_ELEMENT:
        if (name_len == f->tag_len && memcmp(c->t + name_off, c->t + f->tag_off, name_len) == 0) {
            close_top(c, end);
            return end;
        }
        break;
    case F_IF:
        if (is_if) {
            if (f->state == IF_AFTER_ELSE) {
                finish_if(c, end);
            } else {
                end_consequent(c, f);
                f->state = IF_PENDING;
            }
            return end;
        }
        break;
    case F_EACH:
        if (!f->directive && !f->attr_each && name_is(c, name_off, name_len, "for:each")) {
            close_top(c, end);
            return end;
        }
        break;
    case F_ELSEIF:
    case F_ELSE:
        if (!f->directive && (f->type == F_ELSE ? name_is(c, name_off, name_len, "else")
                                                : name_is(c, name_off, name_len, "elseif"))) {
            close_top(c, end);
            return end;
        }
        if (f->directive && is_if) {
            close_top(c, end);
            if (c->n > 1 && top(c)->type == F_IF)
                finish_if(c, end);
            return end;
        }
        break;
    default:
        break;
    }
    mismatch(c, lt, end, name_off, name_len);
    return 0;
}

/* ------------------------------------------------------------------ */
/* Braces: directives and interpolations                               */
/* ------------------------------------------------------------------ */

static int directive_mismatch(ui_ctx *c, uint32_t at, uint32_t len, const char *what)
{
    ui_frame *f = top(c);
    if (f->type == F_ROOT) {
        ll_p_fail(c->p, at, len, "%s without a matching opening directive", what);
    } else {
        char label[64];
        uint32_t line, col;
        frame_label(c, f, label, sizeof label);
        where(c, f->open_off, &line, &col);
        ll_p_fail(c->p, at, len, "%s does not match %s opened at %u:%u", what, label, line, col);
    }
    return 0;
}

/* `{:elseif c}` / `{:else}` */
static int directive_branch(ui_ctx *c, uint32_t at, uint32_t close, int is_else)
{
    ui_frame *f = top(c);
    if (f->type == F_ELSEIF && f->directive)
        close_top(c, at), f = top(c);
    else if (f->type == F_ELSE && f->directive)
        return directive_mismatch(c, at, close + 1 - at, is_else ? "{:else}" : "{:elseif}");
    if (f->type != F_IF || f->state == IF_AFTER_ELSE || f->state == IF_PENDING)
        return directive_mismatch(c, at, close + 1 - at, is_else ? "{:else}" : "{:elseif}");
    locus_node cond = is_else ? 0 : ll_parse_expr_text(c->p, at + 8, close);
    open_branch(c, is_else ? F_ELSE : F_ELSEIF, at, at + 1, is_else ? 5 : 7, cond, 1);
    return !c->p->failed;
}

static int directive_end_if(ui_ctx *c, uint32_t at, uint32_t end)
{
    ui_frame *f = top(c);
    if ((f->type == F_ELSEIF || f->type == F_ELSE) && f->directive) {
        int was_else = f->type == F_ELSE;
        close_top(c, end);
        f = top(c);
        if (was_else && f->type != F_IF)
            return 1; /* a sibling chain already finished */
    }
    if (f->type != F_IF || f->state == IF_PENDING)
        return directive_mismatch(c, at, end - at, "{/if}");
    finish_if(c, end);
    return 1;
}

static int directive_each(ui_ctx *c, uint32_t at, uint32_t close)
{
    uint32_t from = at + 6, to = close, item_end, iter_from;
    if (!split_loop(c, from, to, &item_end, &iter_from)) {
        ll_p_fail(c->p, at, close + 1 - at, "expected {#each item in items}");
        return 0;
    }
    trim(c, &from, &to);
    ll_parser *p = c->p;
    locus_node item = ll_ident(p->b, p->file, from, item_end - from, (const char *)c->t + from,
                               item_end - from);
    locus_node iter = ll_parse_expr_text(p, iter_from, to);
    ui_frame *f = push_frame(c, F_EACH, at);
    if (!f)
        return 0;
    f->directive = 1;
    ll_open(p->b, LOCUS_AST_UI_EACH, p->file, at);
    ll_set_flags(p->b, LOCUS_FLAG_DIRECTIVE);
    ll_set_node(p->b, LOCUS_F_ITEM, item);
    ll_set_node(p->b, LOCUS_F_ITERABLE, iter);
    f->mark = ll_list_begin(p->b);
    return 1;
}

/* `{` at i: a directive or an interpolation; returns the index after it,
 * or 0 with p->failed, or i when it is a literal brace (no match). */
static uint32_t brace(ui_ctx *c, uint32_t i)
{
    uint32_t close = match_brace(c, i);
    if (close == UINT32_MAX)
        return i;
    uint32_t end = close + 1;
    int ok = 1;
    int closer = starts(c, i, "{:elseif") || starts(c, i, "{:else}") || starts(c, i, "{/");
    if (!before_content(c, i, closer ? AS_CLOSER : AS_CONTENT))
        return 0;
    if (starts(c, i, "{#if") && i + 4 < close && is_space(c->t[i + 4])) {
        locus_node cond = ll_parse_expr_text(c->p, i + 4, close);
        open_if(c, i, i + 1, 3, cond, 1);
    } else if (starts(c, i, "{:elseif") && is_space(c->t[i + 8])) {
        ok = directive_branch(c, i, close, 0);
    } else if (starts(c, i, "{:else}")) {
        ok = directive_branch(c, i, close, 1);
    } else if (starts(c, i, "{/if}")) {
        ok = directive_end_if(c, i, end);
    } else if (starts(c, i, "{#each") && i + 6 < close && is_space(c->t[i + 6])) {
        ok = directive_each(c, i, close);
    } else if (starts(c, i, "{/each}")) {
        if (top(c)->type == F_EACH && top(c)->directive)
            close_top(c, end);
        else
            ok = directive_mismatch(c, i, end - i, "{/each}");
    } else {
        ll_parser *p = c->p;
        locus_node e = ll_parse_expr_text(p, i + 1, close);
        ll_open(p->b, LOCUS_AST_UI_EXPR, p->file, i);
        ll_set_node(p->b, LOCUS_F_EXPR, e);
        ll_push(p->b, ll_close(p->b, end));
    }
    return ok && !c->p->failed ? end : 0;
}

/* ------------------------------------------------------------------ */
/* Text and the main loop                                              */
/* ------------------------------------------------------------------ */

/* Does a `//` at i start its line (only blanks before it on the line)? */
static int line_comment_at(const ui_ctx *c, uint32_t i)
{
    if (i + 1 >= c->to || c->t[i] != '/' || c->t[i + 1] != '/')
        return 0;
    for (uint32_t j = i; j > c->from; j--) {
        unsigned char ch = c->t[j - 1];
        if (ch == '\n' || ch == '\r')
            return 1;
        if (ch != ' ' && ch != '\t')
            return 0;
    }
    return 1;
}

static int markup_at(const ui_ctx *c, uint32_t i)
{
    if (c->t[i] != '<' || i + 1 >= c->to)
        return 0;
    unsigned char d = c->t[i + 1];
    return d == '/' || d == '>' || is_tag_start(d);
}

/* A text run from i; returns its end. literal_brace: t[i] is a `{` that
 * matched nothing and is text. */
static uint32_t text_run(ui_ctx *c, uint32_t i, int literal_brace)
{
    uint32_t j = i + (literal_brace ? 1 : 0);
    int blank = !literal_brace, newline = 0;
    while (j < c->to) {
        unsigned char k = cls[c->t[j]];
        if (!(k & (C_STOP | C_SPACE))) {
            blank = 0;
            j++;
            continue;
        }
        if (k & C_SPACE) {
            newline |= k & C_NL;
            j++;
            continue;
        }
        if (c->t[j] == '{' || markup_at(c, j))
            break;
        if (line_comment_at(c, j)) {
            while (j < c->to && c->t[j] != '\n')
                j++;
        } else {
            j++;
        }
        blank = 0;
    }
    /* Blank text is layout, except a same-line space between inline
     * content (JSX keeps `{a} <b/>`'s space); if-chains ignore it. */
    if (blank && (newline || top(c)->type == F_IF))
        return j;
    if (before_content(c, i, AS_CONTENT)) {
        ll_parser *p = c->p;
        ll_push(p->b, ll_leaf(p->b, LOCUS_AST_UI_TEXT, p->file, i, j - i, NULL, 0));
    }
    return j;
}

static void unclosed(ui_ctx *c)
{
    ui_frame *f = top(c);
    char label[64];
    frame_label(c, f, label, sizeof label);
    ll_p_fail(c->p, f->open_off, f->directive ? 1 : f->tag_len + 1, "%s is never closed", label);
}

int ll_parse_ui(ll_parser *p, uint32_t from, uint32_t to)
{
    ui_ctx *c = p->ui;
    if (!c) {
        c = p->ui = locus_arena_alloc(p->arena, sizeof *c);
        if (!c) {
            ll_p_fail(p, from, 0, "out of memory");
            return 0;
        }
        c->attrs = NULL;
        c->nattrs = c->attrs_cap = 0;
    }
    c->p = p;
    c->t = (const unsigned char *)p->src.text;
    c->from = from;
    c->to = to;
    c->n = 1;
    memset(&c->stack[0], 0, sizeof c->stack[0]);
    c->stack[0].type = F_ROOT;
    uint32_t i = from;
    while (i < to && !p->failed) {
        if (markup_at(c, i)) {
            i = c->t[i + 1] == '/' ? close_tag(c, i) : open_tag(c, i);
        } else if (c->t[i] == '{') {
            uint32_t next = brace(c, i);
            i = next == i ? text_run(c, i, 1) : next;
        } else {
            i = text_run(c, i, 0);
        }
    }
    while (!p->failed && c->n > 1 && top(c)->type == F_IF && top(c)->state == IF_PENDING)
        finish_if(c, to);
    if (!p->failed && c->n > 1)
        unclosed(c);
    if (p->failed)
        p->markup_error = 1;
    return !p->failed;
}
