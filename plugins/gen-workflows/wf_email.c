/* wf_email.c — the `to`, `subject` and `template` of a send_email step.
 *
 * The reference takes, for each KEY, the first match of
 * `KEY\s*(?::)?\s*("[^"]*"|[^,}\n]+)` in the body, even inside another
 * word or value (`total: 5` supplies `to`; language.md §8.3). Q-25 FIX:
 * keys are exact. A body that is a list of `key: value` entries (the
 * parser's ENTRY children) gives each key's first entry; any other body
 * goes through the pattern with KEY required to be a whole word. The small
 * backtracking matcher below follows the regex's order of attempts (greedy
 * `\s*`, the colon tried first, the quoted alternative first), so such
 * bodies give the reference's result. Values lose their quotes and are
 * trimmed; an empty value counts as absent. */
#include <string.h>

#include "jstext.h"
#include "wf_model.h"

typedef struct wf_match {
    const char *text; /* the body */
    size_t len;
    size_t start, end; /* the captured value */
} wf_match;

static int is_word_char(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '$';
}

static int ends_value(char c)
{
    return c == ',' || c == '}' || c == '\n';
}

/* ("[^"]*"|[^,}\n]+) at q */
static int match_value(wf_match *m, size_t q)
{
    if (q >= m->len)
        return 0;
    if (m->text[q] == '"') {
        const char *close = memchr(m->text + q + 1, '"', m->len - q - 1);
        if (close) {
            m->start = q;
            m->end = (size_t)(close - m->text) + 1;
            return 1;
        }
    }
    if (ends_value(m->text[q]))
        return 0;
    size_t end = q;
    while (end < m->len && !ends_value(m->text[end]))
        end++;
    m->start = q;
    m->end = end;
    return 1;
}

/* End of the run of `\s` characters that starts at q. */
static size_t skip_spaces(const wf_match *m, size_t q)
{
    size_t n;
    while ((n = gen_js_space_at(m->text + q, m->len - q)) != 0)
        q += n;
    return q;
}

/* Start of the `\s` character that ends at q. */
static size_t previous_char(const wf_match *m, size_t q)
{
    return q - gen_js_space_before(m->text, q);
}

/* Greedy `\s*` from q, giving characters back until `then` matches. */
static int spaces_then(wf_match *m, size_t q, int (*then)(wf_match *, size_t))
{
    for (size_t at = skip_spaces(m, q);; at = previous_char(m, at)) {
        if (then(m, at))
            return 1;
        if (at == q)
            return 0;
    }
}

static int after_first_spaces(wf_match *m, size_t q)
{
    if (q < m->len && m->text[q] == ':' && spaces_then(m, q + 1, match_value))
        return 1;
    return spaces_then(m, q, match_value);
}

/* The first whole-word occurrence of key whose remainder matches. */
static int find_key(wf_match *m, const char *key)
{
    size_t klen = strlen(key);
    for (size_t at = 0; at + klen <= m->len; at++) {
        if (memcmp(m->text + at, key, klen) != 0)
            continue;
        int whole = (at == 0 || !is_word_char(m->text[at - 1])) &&
                    (at + klen == m->len || !is_word_char(m->text[at + klen]));
        if (whole && spaces_then(m, at + klen, after_first_spaces))
            return 1;
    }
    return 0;
}

/* Quotes stripped, trimmed; absent when empty. */
static wf_text clean_value(wf_text v)
{
    wf_text none = {NULL, 0};
    if (!v.s || v.len == 0)
        return none;
    if (v.s[0] == '"' && v.s[v.len - 1] == '"') {
        v.s += v.len > 1;
        v.len = v.len > 1 ? v.len - 2 : 0;
    }
    gen_js_trim(&v.s, &v.len);
    return v.len ? v : none;
}

static wf_text pattern_field(const char *body, size_t len, const char *key)
{
    wf_match m = {body, len, 0, 0};
    if (!body || !find_key(&m, key))
        return (wf_text){NULL, 0};
    return clean_value((wf_text){body + m.start, m.end - m.start});
}

/* The first ENTRY child named key: a string's content, a word, a number
 * or a dotted path as written. */
static wf_text entry_field(const locus_ast *ast, locus_node step, const char *key)
{
    for (size_t i = 0; i < locus_ast_child_count(ast, step); i++) {
        locus_node entry = locus_ast_child(ast, step, i);
        const char *name = locus_ast_name(ast, entry, NULL);
        if (!name || strcmp(name, key) != 0)
            continue;
        locus_node value = locus_ast_get(ast, entry, LOCUS_F_VALUE);
        wf_text v = {NULL, 0};
        if (locus_ast_kind_of(ast, value) != LOCUS_AST_RAW)
            v.s = locus_ast_str(ast, value, &v.len);
        if (!v.s)
            v.s = locus_ast_text(ast, value, &v.len);
        gen_js_trim(&v.s, &v.len);
        return v.len ? v : (wf_text){NULL, 0};
    }
    return (wf_text){NULL, 0};
}

void wf_email_fields(const locus_ast *ast, locus_node node, wf_text body, wf_step *step)
{
    static const char *const keys[] = {"to", "subject", "template"};
    wf_text *fields[] = {&step->to, &step->subject, &step->template_name};
    int entries = locus_ast_child_count(ast, node) > 0;
    for (int k = 0; k < 3; k++)
        *fields[k] = entries ? entry_field(ast, node, keys[k])
                             : pattern_field(body.s, body.len, keys[k]);
}
