/* locus_toml.c — the one Locus.toml setting validation needs:
 * `[deprecations]` `suppressDeprecated = true` hides the deprecation
 * records (validation.md §1, §9.3). A line-based reading of TOML is enough
 * for a boolean key in a plain table: comments, blank lines, other tables
 * and keys are skipped. */
#include <string.h>

#include "validate.h"
#include "vtext.h"

/* The line [*s, *s+*len) without surrounding blanks and a trailing comment. */
static void clean_line(const char **s, size_t *len)
{
    int in_string = 0;
    for (size_t i = 0; i < *len; i++) {
        if ((*s)[i] == '"')
            in_string = !in_string;
        if ((*s)[i] == '#' && !in_string) {
            *len = i;
            break;
        }
    }
    lv_trim(s, len);
}

static int is(const char *s, size_t len, const char *word)
{
    return strlen(word) == len && memcmp(s, word, len) == 0;
}

/* `key = value` with the key and value trimmed; 0 when not such a line. */
static int key_value(const char *s, size_t len, const char **k, size_t *klen, const char **v,
                     size_t *vlen)
{
    const char *eq = memchr(s, '=', len);
    if (!eq)
        return 0;
    *k = s;
    *klen = (size_t)(eq - s);
    *v = eq + 1;
    *vlen = len - *klen - 1;
    lv_trim(k, klen);
    lv_trim(v, vlen);
    return 1;
}

int lv_toml_suppress_deprecated(const char *text, size_t len)
{
    int in_table = 0, suppress = 0;
    for (size_t pos = 0; pos < len;) {
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - text) : len;
        const char *line = text + pos, *k, *v;
        size_t n = end - pos, klen, vlen;
        pos = end + 1;
        clean_line(&line, &n);
        if (n && line[0] == '[') {
            const char *name = line + 1;
            size_t nlen = n >= 2 && line[n - 1] == ']' ? n - 2 : 0;
            lv_trim(&name, &nlen);
            in_table = is(name, nlen, "deprecations");
        } else if (in_table && key_value(line, n, &k, &klen, &v, &vlen) &&
                   is(k, klen, "suppressDeprecated")) {
            suppress = is(v, vlen, "true");
        }
    }
    return suppress;
}
