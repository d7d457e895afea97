/* raw.c — the brace-balancing scanner for raw blocks (decisions Q-06,
 * any text with balanced braces; strings and comments respected).
 *
 * One pass that jumps between the only bytes that matter (braces, quotes,
 * slashes) — 16 at a time with SSE2 —, since ui blocks are most of a
 * typical file.
 */
#include <string.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "raw.h"

enum { R_TEXT, R_SPACE, R_OPEN, R_CLOSE, R_QUOTE, R_SLASH, R_WORD };

static const unsigned char byte_class[256] = {
    [' '] = R_SPACE, ['\t'] = R_SPACE, ['\n'] = R_SPACE, ['\r'] = R_SPACE,
    ['{'] = R_OPEN, ['}'] = R_CLOSE, ['"'] = R_QUOTE, ['/'] = R_SLASH,
};

static int is_word(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '_';
}

/* End of the string literal starting at pos, or 0 when it never closes
 * (a backslash before a line terminator also ends the match, §2.4). */
static uint32_t string_end(const unsigned char *t, uint32_t len, uint32_t pos)
{
    for (uint32_t i = pos + 1; i < len; i++) {
        if (t[i] == '"')
            return i + 1;
        if (t[i] != '\\')
            continue;
        if (i + 1 >= len || t[i + 1] == '\n' || t[i + 1] == '\r')
            return 0;
        if (t[i + 1] == 0xE2 && i + 3 < len && t[i + 2] == 0x80 &&
            (t[i + 3] == 0xA8 || t[i + 3] == 0xA9))
            return 0;
        i++;
    }
    return 0;
}

uint32_t ll_skip_space_comments(const char *text, uint32_t len, uint32_t pos)
{
    const unsigned char *t = (const unsigned char *)text;
    for (;;) {
        while (pos < len && byte_class[t[pos]] == R_SPACE)
            pos++;
        if (pos + 1 < len && t[pos] == '/' && t[pos + 1] == '/') {
            const unsigned char *nl = memchr(t + pos, '\n', len - pos);
            pos = nl ? (uint32_t)(nl - t) : len;
            continue;
        }
        return pos;
    }
}

/* Is t[pos..] a stop word followed by `{`? */
static int at_stop(const unsigned char *t, uint32_t len, uint32_t pos, const char *const *stops)
{
    if (pos > 0 && is_word(t[pos - 1]))
        return 0;
    for (; *stops; stops++) {
        uint32_t n = (uint32_t)strlen(*stops);
        if (pos + n > len || memcmp(t + pos, *stops, n) != 0 || (pos + n < len && is_word(t[pos + n])))
            continue;
        uint32_t after = ll_skip_space_comments((const char *)t, len, pos + n);
        if (after < len && t[after] == '{')
            return 1;
    }
    return 0;
}

/* The next `{`, `}`, `"` or `/` at or after i (or len). */
static uint32_t next_special(const unsigned char *t, uint32_t i, uint32_t len)
{
#ifdef __SSE2__
    const __m128i lb = _mm_set1_epi8('{'), rb = _mm_set1_epi8('}');
    const __m128i qt = _mm_set1_epi8('"'), sl = _mm_set1_epi8('/');
    for (; i + 16 <= len; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(t + i));
        __m128i m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, lb), _mm_cmpeq_epi8(v, rb)),
                                 _mm_or_si128(_mm_cmpeq_epi8(v, qt), _mm_cmpeq_epi8(v, sl)));
        int mask = _mm_movemask_epi8(m);
        if (mask)
            return i + (uint32_t)__builtin_ctz((unsigned)mask);
    }
#endif
    while (i < len && byte_class[t[i]] < R_OPEN)
        i++;
    return i;
}

/* Note the text [from, to), which holds no brace, quote or slash, for the
 * CONTENT range: its first and last non-blank bytes. */
static void plain_run(const unsigned char *t, uint32_t from, uint32_t to, uint32_t *first,
                      uint32_t *last_end)
{
    uint32_t k = to;
    while (k > from && byte_class[t[k - 1]] == R_SPACE)
        k--;
    if (k == from)
        return;
    if (*first == UINT32_MAX) {
        uint32_t f = from;
        while (byte_class[t[f]] == R_SPACE)
            f++;
        *first = f;
    }
    *last_end = k;
}

/* The block scan without stop words: jump from special byte to special
 * byte; the bytes between only matter for CONTENT's ends. */
static int scan_fast(const ll_source *src, uint32_t open_brace, uint32_t start, ll_raw *out,
                     ll_diag *diag)
{
    const unsigned char *t = (const unsigned char *)src->text;
    uint32_t len = src->len, i = start, depth = 0;
    uint32_t first = UINT32_MAX, last_end = start;
    memset(out, 0, sizeof *out);
    out->body_start = start;
    for (;;) {
        uint32_t j = next_special(t, i, len);
        if (j > i)
            plain_run(t, i, j, &first, &last_end);
        if (j >= len)
            break;
        unsigned char c = t[j];
        uint32_t tok_end = j + 1;
        if (c == '/' && j + 1 < len && t[j + 1] == '/') {
            const unsigned char *nl = memchr(t + j, '\n', len - j);
            i = nl ? (uint32_t)(nl - t) : len;
            continue;
        }
        if (c == '"') {
            tok_end = string_end(t, len, j);
            if (!tok_end) {
                ll_diag_set(diag, j, 1, "unterminated string");
                return -1;
            }
        } else if (c == '}' && depth-- == 0) {
            out->close = j;
            out->first = first == UINT32_MAX ? j : first;
            out->last_end = first == UINT32_MAX ? j : last_end;
            return 0;
        } else if (c == '{') {
            depth++;
        }
        if (first == UINT32_MAX)
            first = j;
        last_end = i = tok_end;
    }
    uint32_t line, col;
    ll_offset_position(src->text, len, open_brace, &line, &col);
    ll_diag_set(diag, len, 0, "the '{' at %u:%u is never closed", line, col);
    diag->at_eof = 1;
    return -1;
}

static int scan(const ll_source *src, uint32_t open_brace, uint32_t start,
                const char *const *stops, ll_raw *out, ll_diag *diag)
{
    const unsigned char *t = (const unsigned char *)src->text;
    uint32_t len = src->len, i = start, depth = 0;
    uint32_t first = UINT32_MAX, last_end = start;
    memset(out, 0, sizeof *out);
    out->body_start = start;
    for (;;) {
        while (i < len && byte_class[t[i]] == R_SPACE)
            i++;
        if (i >= len)
            break;
        unsigned char c = t[i];
        switch (byte_class[c]) {
        case R_SLASH:
            if (i + 1 < len && t[i + 1] == '/') {
                const unsigned char *nl = memchr(t + i, '\n', len - i);
                i = nl ? (uint32_t)(nl - t) : len;
                continue;
            }
            break;
        case R_QUOTE: {
            uint32_t end = string_end(t, len, i);
            if (!end) {
                ll_diag_set(diag, i, 1, "unterminated string");
                return -1;
            }
            if (first == UINT32_MAX)
                first = i;
            i = last_end = end;
            continue;
        }
        case R_OPEN:
            depth++;
            break;
        case R_CLOSE:
            if (depth == 0) {
                out->close = i;
                goto done;
            }
            depth--;
            break;
        default:
            if (stops && depth == 0 && is_word(c) && at_stop(t, len, i, stops)) {
                out->close = i;
                out->stopped = 1;
                goto done;
            }
            if (first == UINT32_MAX)
                first = i;
            i++;
            if (stops) {
                /* stop at each word start, where a stop word may begin */
                while (i < len && byte_class[t[i]] == R_TEXT && !(!is_word(t[i - 1]) && is_word(t[i])))
                    i++;
            } else {
                while (i < len && byte_class[t[i]] == R_TEXT)
                    i++;
            }
            last_end = i;
            continue;
        }
        if (first == UINT32_MAX)
            first = i;
        i++;
        last_end = i;
    }
    {
        uint32_t line, col;
        ll_offset_position(src->text, len, open_brace, &line, &col);
        ll_diag_set(diag, len, 0, "the '{' at %u:%u is never closed", line, col);
        diag->at_eof = 1;
    }
    return -1;
done:
    out->first = first == UINT32_MAX ? out->close : first;
    out->last_end = first == UINT32_MAX ? out->close : last_end;
    return 0;
}

int ll_raw_block(const ll_source *src, uint32_t open_brace, uint32_t body_start, ll_raw *out,
                 ll_diag *diag)
{
    return scan_fast(src, open_brace, body_start, out, diag);
}

int ll_raw_until(const ll_source *src, uint32_t open_brace, uint32_t body_start,
                 const char *const *stops, ll_raw *out, ll_diag *diag)
{
    return scan(src, open_brace, body_start, stops, out, diag);
}
