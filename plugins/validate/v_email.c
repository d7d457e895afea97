/* v_email.c — the to/subject/template fields of a send_email step.
 *
 * The reference takes each value with `KEY\s*:?\s*("[^"]*"|[^,}\n]+)` from
 * the body text (quotes removed, trimmed), finding KEY by substring
 * (Q-25). We keep its value rule but take the key only where it is really
 * written as a key (decisions.md Q-25 FIX): at the body's `key: value`
 * entries, or, when the body is not such a list, at a whole-word KEY. */
#include <string.h>

#include "vsteps.h"
#include "vtext.h"

/* The value at text[from..len) by the reference's value rule. */
static void take_value(const char *text, size_t len, size_t from, const char **out,
                       size_t *out_len)
{
    const char *v = text + from;
    size_t n = 0;
    const char *close = v < text + len && *v == '"' ? memchr(v + 1, '"', len - from - 1) : NULL;
    if (close) {
        v++;
        n = (size_t)(close - v);
    } else {
        while (from + n < len && v[n] != ',' && v[n] != '}' && v[n] != '\n')
            n++;
    }
    lv_trim(&v, &n);
    *out = v;
    *out_len = n;
}

static int body_text(const lv_ctx *ctx, locus_node step, locus_slice *body)
{
    return locus_ast_get_slice(ctx->ast, step, LOCUS_F_CONTENT, body);
}

/* From the first ENTRY named key: its value, by the reference's rule. */
static int from_entries(const lv_ctx *ctx, locus_node step, const locus_slice *body,
                        const char *key, const char **out, size_t *out_len)
{
    size_t n = locus_ast_child_count(ctx->ast, step);
    for (size_t i = 0; i < n; i++) {
        locus_node e = locus_ast_child(ctx->ast, step, i);
        if (locus_ast_kind_of(ctx->ast, e) != LOCUS_AST_ENTRY ||
            strcmp(lv_name(ctx, e, NULL), key) != 0)
            continue;
        locus_span v = locus_ast_span(ctx->ast, locus_ast_get(ctx->ast, e, LOCUS_F_VALUE));
        if (v.offset < body->offset || v.offset > body->offset + body->length)
            return 0;
        take_value(body->text, body->length, v.offset - body->offset, out, out_len);
        return 1;
    }
    return 0;
}

/* The first whole-word KEY followed by `\s*:?\s*` and a value. */
static int from_text(const locus_slice *body, const char *key, const char **out,
                     size_t *out_len)
{
    const char *t = body->text;
    size_t len = body->length, klen = strlen(key);
    for (size_t i = 0; i + klen <= len; i++) {
        if (memcmp(t + i, key, klen) != 0 || (i > 0 && lv_is_word_char((unsigned char)t[i - 1])) ||
            (i + klen < len && lv_is_word_char((unsigned char)t[i + klen])))
            continue;
        size_t j = i + klen;
        while (j < len && lv_is_space((unsigned char)t[j]))
            j++;
        if (j < len && t[j] == ':')
            j++;
        while (j < len && lv_is_space((unsigned char)t[j]))
            j++;
        if (j < len && t[j] != ',' && t[j] != '}' && t[j] != '\n') {
            take_value(t, len, j, out, out_len);
            return 1;
        }
    }
    return 0;
}

static const char *field(const lv_ctx *ctx, locus_node step, const locus_slice *body,
                         int has_entries, const char *key, size_t *len)
{
    const char *v = NULL;
    *len = 0;
    if (has_entries ? from_entries(ctx, step, body, key, &v, len) : from_text(body, key, &v, len))
        return v;
    return NULL;
}

lv_email lv_email_fields(const lv_ctx *ctx, locus_node step)
{
    lv_email e = {NULL, NULL, NULL, 0, 0, 0};
    locus_slice body;
    if (!body_text(ctx, step, &body))
        return e;
    int has_entries = lv_first_child(ctx, step, LOCUS_AST_ENTRY) != 0;
    e.to = field(ctx, step, &body, has_entries, "to", &e.to_len);
    e.subject = field(ctx, step, &body, has_entries, "subject", &e.subject_len);
    e.template_path = field(ctx, step, &body, has_entries, "template", &e.template_len);
    return e;
}
