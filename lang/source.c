/* source.c — the pre-pass over a file: BOM, UTF-8 validation, the legacy
 * `on_load` check and type-alias lines (language.md §1 stages 1–3, §10).
 *
 * Everything here is one linear scan per concern; the UTF-8 check has an
 * 8-bytes-at-a-time ASCII fast path because it touches every byte.
 */
#include <stdlib.h>
#include <string.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "source.h"

static int is_word(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '_';
}

typedef struct line_table {
    uint32_t *starts;
    size_t n, cap;
    int failed;
} line_table;

static void add_line(line_table *lt, size_t start)
{
    if (lt->n == lt->cap) {
        size_t cap = lt->cap ? lt->cap * 2 : 256;
        uint32_t *grown = realloc(lt->starts, cap * sizeof *grown);
        if (!grown) {
            lt->failed = 1;
            return;
        }
        lt->starts = grown;
        lt->cap = cap;
    }
    lt->starts[lt->n++] = (uint32_t)start;
}

/* Bit 7 of each byte of the result is set where w has byte b. */
static uint64_t bytes_equal(uint64_t w, unsigned char b)
{
    const uint64_t low7 = 0x7F7F7F7F7F7F7F7Full;
    uint64_t x = w ^ (0x0101010101010101ull * b);
    return ~(((x & low7) + low7) | x) & ~low7;
}

/* One pass over the text: the offset of the first byte of an invalid
 * UTF-8 sequence (or len), LF line starts, whether CR, U+2028 or U+2029
 * occur. Pure-ASCII words take an 8-bytes-at-a-time path. */
static size_t utf8_scan(const unsigned char *t, size_t len, line_table *lt, int *has_cr,
                        int *line_seps, int *ascii)
{
    size_t i = 0;
#ifdef __SSE2__
    const __m128i lf = _mm_set1_epi8('\n'), cr = _mm_set1_epi8('\r');
    while (i + 16 <= len) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(t + i));
        if (_mm_movemask_epi8(v))
            break; /* non-ASCII: the byte-wise path below handles it */
        unsigned nl = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, lf));
        if (_mm_movemask_epi8(_mm_cmpeq_epi8(v, cr)))
            *has_cr = 1;
        while (nl) {
            add_line(lt, i + (size_t)__builtin_ctz(nl) + 1);
            nl &= nl - 1;
        }
        i += 16;
    }
#endif
    while (i < len) {
        if (i + 8 <= len) {
            uint64_t w;
            memcpy(&w, t + i, 8);
            if ((w & 0x8080808080808080ull) == 0) {
                uint64_t nl = bytes_equal(w, '\n');
                if (bytes_equal(w, '\r'))
                    *has_cr = 1;
                while (nl) {
                    add_line(lt, i + (size_t)__builtin_ctzll(nl) / 8 + 1);
                    nl &= nl - 1;
                }
                i += 8;
                continue;
            }
        }
        unsigned char c = t[i];
        if (c < 0x80) {
            if (c == '\n')
                add_line(lt, i + 1);
            else if (c == '\r')
                *has_cr = 1;
            i++;
            continue;
        }
        size_t n;
        uint32_t cp;
        *ascii = 0;
        if (c >= 0xC2 && c <= 0xDF)
            n = 1, cp = c & 0x1F;
        else if (c >= 0xE0 && c <= 0xEF)
            n = 2, cp = c & 0x0F;
        else if (c >= 0xF0 && c <= 0xF4)
            n = 3, cp = c & 0x07;
        else
            return i;
        if (i + n >= len)
            return i;
        for (size_t k = 1; k <= n; k++) {
            if ((t[i + k] & 0xC0) != 0x80)
                return i;
            cp = cp << 6 | (t[i + k] & 0x3F);
        }
        if (cp == 0x2028 || cp == 0x2029)
            *line_seps = 1;
        if ((n == 2 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
            (n == 3 && (cp < 0x10000 || cp > 0x10FFFF)))
            return i;
        i += n + 1;
    }
    return len;
}

/* Line starts when CR occurs: LF, CRLF and a lone CR each end a line. */
static void lines_with_cr(const unsigned char *t, size_t len, line_table *lt)
{
    lt->n = 0;
    add_line(lt, 0);
    for (size_t i = 0; i < len; i++) {
        if (t[i] == '\r' && i + 1 < len && t[i + 1] == '\n')
            i++;
        else if (t[i] != '\n' && t[i] != '\r')
            continue;
        add_line(lt, i + 1);
    }
}

/* P-01: offset of the first "on_load" if any occurrence is a whole word.
 * Found through the rarer '_' rather than a substring search. */
static int find_on_load(const char *t, size_t len, size_t *first)
{
    const char *p = t, *end = t + len;
    int found_first = 0;
    while (p < end && (p = memchr(p, '_', (size_t)(end - p))) != NULL) {
        const char *o = p - 2;
        if (o >= t && end - o >= 7 && memcmp(o, "on_load", 7) == 0) {
            if (!found_first) {
                *first = (size_t)(o - t);
                found_first = 1;
            }
            int before = o > t && is_word((unsigned char)o[-1]);
            int after = o + 7 < end && is_word((unsigned char)o[7]);
            if (!before && !after)
                return 1;
        }
        p++;
    }
    return 0;
}

/* P-01 counts lines by LF only and columns from the last LF. */
static void on_load_diag(ll_diag *diag, const char *t, size_t at)
{
    uint32_t line = 1;
    size_t line_start = 0;
    for (size_t i = 0; i < at; i++)
        if (t[i] == '\n')
            line++, line_start = i + 1;
    uint32_t col = 1;
    for (size_t i = line_start; i < at; i++)
        if (((unsigned char)t[i] & 0xC0) != 0x80)
            col += (unsigned char)t[i] >= 0xF0 ? 2 : 1;
    ll_diag_set(diag, (uint32_t)at, 7, "'on_load' is no longer supported; write 'on load'");
    diag->line = line;
    diag->column = col;
    diag->located = 1;
}

/* JavaScript's \s for one code point at t[i]; returns its byte length or 0. */
static size_t js_space(const unsigned char *t, size_t i, size_t len, int *newline)
{
    unsigned char c = t[i];
    *newline = 0;
    if (c == ' ' || c == '\t' || c == '\v' || c == '\f')
        return 1;
    if (c == '\n' || c == '\r')
        return *newline = 1, 1;
    if (c == 0xC2 && i + 1 < len && t[i + 1] == 0xA0)
        return 2;
    if (c == 0xE1 && i + 2 < len && t[i + 1] == 0x9A && t[i + 2] == 0x80)
        return 3;
    if (c == 0xE2 && i + 2 < len && t[i + 1] == 0x80) {
        unsigned char d = t[i + 2];
        if (d <= 0x8A || d == 0xAF)
            return 3;
        if (d == 0xA8 || d == 0xA9)
            return *newline = 1, 3;
    }
    if (c == 0xE2 && i + 2 < len && t[i + 1] == 0x81 && t[i + 2] == 0x9F)
        return 3;
    if (c == 0xE3 && i + 2 < len && t[i + 1] == 0x80 && t[i + 2] == 0x80)
        return 3;
    if (c == 0xEF && i + 2 < len && t[i + 1] == 0xBB && t[i + 2] == 0xBF)
        return 3;
    return 0;
}

static size_t skip_spaces(const unsigned char *t, size_t i, size_t len, int allow_newline)
{
    int nl;
    size_t n;
    while (i < len && (n = js_space(t, i, len, &nl)) && (allow_newline || !nl))
        i += n;
    return i;
}

/* [A-Z][A-Za-z0-9_]* at i; returns the end or i. */
static size_t cap_word(const unsigned char *t, size_t i, size_t len)
{
    if (i >= len || t[i] < 'A' || t[i] > 'Z')
        return i;
    size_t j = i + 1;
    while (j < len && is_word(t[j]))
        j++;
    return j;
}

/* Match `type Name = Target` at a line start; fills *a and the line's end. */
static int match_alias(const unsigned char *t, size_t i, size_t len, ll_alias *a, size_t *end)
{
    if (len - i < 5 || memcmp(t + i, "type", 4) != 0)
        return 0;
    size_t p = skip_spaces(t, i + 4, len, 1);
    if (p == i + 4)
        return 0;
    size_t name_end = cap_word(t, p, len);
    if (name_end == p)
        return 0;
    size_t q = skip_spaces(t, name_end, len, 1);
    if (q >= len || t[q] != '=')
        return 0;
    q = skip_spaces(t, q + 1, len, 1);
    size_t target_end = cap_word(t, q, len);
    if (target_end == q)
        return 0;
    size_t r = skip_spaces(t, target_end, len, 0);
    int nl = 0;
    if (r < len && !(js_space(t, r, len, &nl) && nl))
        return 0;
    *a = (ll_alias){(uint32_t)p, (uint32_t)(name_end - p), (uint32_t)q,
                    (uint32_t)(target_end - q)};
    *end = r;
    return 1;
}

static int push_alias(ll_source *s, locus_arena *arena, const ll_alias *a, size_t start,
                      size_t end, uint32_t *cap)
{
    if (s->naliases == *cap) {
        uint32_t ncap = *cap ? *cap * 2 : 8;
        ll_alias *na = locus_arena_alloc(arena, ncap * sizeof *na);
        ll_range *nr = locus_arena_alloc(arena, ncap * sizeof *nr);
        if (!na || !nr)
            return -1;
        if (s->naliases) {
            memcpy(na, s->aliases, s->naliases * sizeof *na);
            memcpy(nr, s->alias_lines, s->naliases * sizeof *nr);
        }
        s->aliases = na;
        s->alias_lines = nr;
        *cap = ncap;
    }
    s->aliases[s->naliases] = *a;
    s->alias_lines[s->naliases] = (ll_range){(uint32_t)start, (uint32_t)end};
    s->naliases++;
    s->nalias_lines = s->naliases;
    return 0;
}

/* Is i the start of a line (after LF, CR, U+2028, U+2029, or the text
 * start after any BOM)? */
static int line_start(const unsigned char *t, size_t start, size_t i)
{
    if (i == start)
        return 1;
    if (i < start + 1)
        return 0;
    if (t[i - 1] == '\n' || t[i - 1] == '\r')
        return 1;
    return i >= start + 3 && t[i - 3] == 0xE2 && t[i - 2] == 0x80 &&
           (t[i - 1] == 0xA8 || t[i - 1] == 0xA9);
}

/* Alias lines start with `type` at the start of a line: a line of the
 * line table, or (rarely) one after U+2028/U+2029, found by searching. */
static int scan_aliases(ll_source *s, locus_arena *arena, int line_seps)
{
    const unsigned char *t = (const unsigned char *)s->text;
    size_t len = s->len;
    uint32_t cap = 0;
    ll_alias a;
    size_t end;
    if (!line_seps) {
        for (uint32_t l = 0; l < s->nlines; l++) {
            size_t i = l == 0 ? s->start : s->lines[l];
            if (i < len && t[i] == 't' && match_alias(t, i, len, &a, &end)) {
                if (push_alias(s, arena, &a, i, end, &cap))
                    return -1;
                while (l + 1 < s->nlines && s->lines[l + 1] <= end)
                    l++;
            }
        }
        return 0;
    }
    size_t i = s->start;
    while (i < len) {
        const unsigned char *hit = memmem(t + i, len - i, "type", 4);
        if (!hit)
            break;
        i = (size_t)(hit - t);
        if (line_start(t, s->start, i) && match_alias(t, i, len, &a, &end)) {
            if (push_alias(s, arena, &a, i, end, &cap))
                return -1;
            i = end;
        } else {
            i += 4;
        }
    }
    return 0;
}

int ll_source_scan(ll_source *src, const char *text, size_t len, locus_arena *arena,
                   ll_diag *diag)
{
    memset(src, 0, sizeof *src);
    if (len >= UINT32_MAX / 4) {
        ll_diag_set(diag, 0, 0, "file is too large (4 GiB or more)");
        return -1;
    }
    src->text = text;
    src->len = (uint32_t)len;
    size_t first;
    if (find_on_load(text, len, &first)) {
        on_load_diag(diag, text, first);
        return -1;
    }
    line_table lt = {NULL, 0, 0, 0};
    lt.starts = malloc((len / 24 + 64) * sizeof *lt.starts); /* lines average ~30 bytes */
    lt.cap = lt.starts ? len / 24 + 64 : 0;
    int has_cr = 0, line_seps = 0;
    src->ascii = 1;
    add_line(&lt, 0);
    size_t bad = utf8_scan((const unsigned char *)text, len, &lt, &has_cr, &line_seps, &src->ascii);
    if (has_cr)
        lines_with_cr((const unsigned char *)text, len, &lt);
    src->lines = lt.starts;
    src->nlines = (uint32_t)lt.n;
    if (bad < len) {
        ll_diag_set(diag, (uint32_t)bad, 1, "invalid UTF-8 byte 0x%02X",
                    (unsigned)(unsigned char)text[bad]);
        return -1;
    }
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        src->start = 3;
    if (lt.failed || scan_aliases(src, arena, line_seps)) {
        ll_diag_set(diag, 0, 0, "out of memory");
        return -1;
    }
    return 0;
}

void ll_source_free(ll_source *src)
{
    free(src->lines);
    src->lines = NULL;
    src->nlines = 0;
}

const ll_alias *ll_source_alias(const ll_source *src, const char *word, size_t len)
{
    for (uint32_t i = src->naliases; i-- > 0;) {
        const ll_alias *a = &src->aliases[i];
        if (a->name_len == len && memcmp(src->text + a->name_off, word, len) == 0)
            return a;
    }
    return NULL;
}
