/* check_parse_incremental.c — unit tests of incremental parsing
 * (ll_parse_file_incremental): with any memo contents the blob must be
 * byte-identical to ll_parse_file's (and a failing file must report the
 * same error), and an edit of one top-level block must re-parse only that
 * block. The memo is an in-memory map driven through the callbacks, as
 * the parse stage drives locus_memo_get/put in watch mode. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "locus_parse.h"

/* ------------------------------------------------------------------ */
/* An in-memory memo                                                   */
/* ------------------------------------------------------------------ */

typedef struct entry {
    locus_digest key;
    unsigned char *data;
    size_t len;
} entry;

typedef struct map {
    entry *e;
    size_t n, cap;
    unsigned gets, hits, puts;
} map;

static const void *map_get(void *ctx, const locus_digest *key, size_t *len)
{
    map *m = ctx;
    m->gets++;
    for (size_t i = 0; i < m->n; i++)
        if (memcmp(&m->e[i].key, key, sizeof *key) == 0) {
            m->hits++;
            *len = m->e[i].len;
            return m->e[i].data;
        }
    return NULL;
}

static void map_put(void *ctx, const locus_digest *key, const void *data, size_t len)
{
    map *m = ctx;
    m->puts++;
    for (size_t i = 0; i < m->n; i++)
        if (memcmp(&m->e[i].key, key, sizeof *key) == 0)
            return; /* same key, same bytes: nothing to do */
    if (m->n == m->cap) {
        m->cap = m->cap ? 2 * m->cap : 16;
        m->e = realloc(m->e, m->cap * sizeof *m->e);
        ck_assert_ptr_nonnull(m->e);
    }
    entry *e = &m->e[m->n++];
    e->key = *key;
    e->len = len;
    e->data = malloc(len ? len : 1);
    ck_assert_ptr_nonnull(e->data);
    memcpy(e->data, data, len);
}

static void map_free(map *m)
{
    for (size_t i = 0; i < m->n; i++)
        free(m->e[i].data);
    free(m->e);
    memset(m, 0, sizeof *m);
}

static ll_block_memo memo_of(map *m)
{
    ll_block_memo memo = {map_get, map_put, m, 0, 0};
    return memo;
}

/* ------------------------------------------------------------------ */
/* The invariant                                                       */
/* ------------------------------------------------------------------ */

/* Parse text both ways; the results must be identical. Returns the
 * incremental rc; *memo has the counts. */
static int same_n(ll_block_memo *memo, const char *text, size_t len)
{
    ll_parse_result full, inc;
    int rc_full = ll_parse_file("f.locus", 7, text, len, &full);
    int rc_inc = ll_parse_file_incremental("f.locus", 7, text, len, memo, &inc);
    ck_assert_int_eq(rc_full, rc_inc);
    if (rc_full == 0) {
        ck_assert_uint_eq(full.blob_size, inc.blob_size);
        if (memcmp(full.blob, inc.blob, full.blob_size) != 0)
            ck_abort_msg("blobs differ for:\n%.*s", (int)len, text);
    } else {
        ck_assert_uint_eq(full.diag.offset, inc.diag.offset);
        ck_assert_uint_eq(full.diag.line, inc.diag.line);
        ck_assert_uint_eq(full.diag.column, inc.diag.column);
        ck_assert_str_eq(full.diag.message, inc.diag.message);
    }
    free(full.blob);
    free(inc.blob);
    return rc_inc;
}

static int same(ll_block_memo *memo, const char *text)
{
    return same_n(memo, text, strlen(text));
}

/* ------------------------------------------------------------------ */
/* Sample files                                                        */
/* ------------------------------------------------------------------ */

static const char *const blocks[] = {
    "database {\n  entity User { id: Integer @unique\n    name: String? (default: \"a{b}\")\n"
    "    posts: has_many Post }\n  entity Post { title: String  owner: belongs_to User }\n}\n",
    "design_system { colors { light { primary: #0a84ff } } spacing { lg: \"16px\" } }\n",
    "// a comment with a { brace\npage Home (guard: admin) {\n  state { n: Integer = 0 }\n"
    "  action inc() { n = n + 1 // } not a brace\n  }\n"
    "  ui { <div on:click={inc}>{n} don't <if condition={n > 1}>big</if><else>small</else>\n"
    "  <li for:each={x in xs}>{x.name} \"}\"</li></div> }\n}\n",
    "component Card {\n  param title: String = \"t\"\n  style_override { .c { margin: 0 } }\n"
    "  ui { <article><h3>{title}</h3>{#if title == \"x\"}<b>x</b>{:else}<i>y</i>{/if}</article> }\n}\n",
    "store Session { state { user: User? = null } action logout() { user = null } }\n",
    "workflow W {\n  trigger { on create(User) }\n  steps { const r = run inc(a: 1)\n"
    "    branch { condition: r steps { delay { 5s } } } }\n  retry { max: 3 }\n}\n",
    "upload U { field f maxSize: 5MB mime: [image/png] store path: \"u/\" }\n",
    "page Unicode { ui { <p>héllo wörld 😀 {x}</p> } }\n",
};
#define NBLOCKS (sizeof blocks / sizeof blocks[0])

/* Join blocks (NULL-terminated list of indexes; -1 ends) with sep. */
static char *join(const int *idx, const char *prefix, const char *sep)
{
    size_t len = strlen(prefix) + 1;
    for (const int *i = idx; *i >= 0; i++)
        len += strlen(blocks[*i]) + strlen(sep);
    char *s = malloc(len);
    ck_assert_ptr_nonnull(s);
    strcpy(s, prefix);
    for (const int *i = idx; *i >= 0; i++) {
        strcat(s, blocks[*i]);
        if (i[1] >= 0)
            strcat(s, sep);
    }
    return s;
}

/* Replace every LF with CRLF (or CR when cr_only). */
static char *with_cr(const char *s, int cr_only)
{
    char *out = malloc(2 * strlen(s) + 1), *o = out;
    ck_assert_ptr_nonnull(out);
    for (; *s; s++) {
        if (*s == '\n') {
            *o++ = '\r';
            if (cr_only)
                continue;
        }
        *o++ = *s;
    }
    *o = 0;
    return out;
}

/* ------------------------------------------------------------------ */
/* Tests                                                               */
/* ------------------------------------------------------------------ */

START_TEST(test_reparse_unchanged)
{
    map m = {0};
    ll_block_memo memo = memo_of(&m);
    int all[] = {0, 1, 2, 3, 4, 5, 6, 7, -1};
    char *text = join(all, "", "\n");
    ck_assert_int_eq(same(&memo, text), 0);
    ck_assert_uint_eq(memo.parsed, NBLOCKS);
    ck_assert_uint_eq(memo.reused, 0);
    ck_assert_uint_eq(m.puts, NBLOCKS);
    ck_assert_int_eq(same(&memo, text), 0);
    ck_assert_uint_eq(memo.parsed, 0);
    ck_assert_uint_eq(memo.reused, NBLOCKS);
    free(text);
    map_free(&m);
}
END_TEST

/* Rearrangements: every block moves (offsets, lines, columns, string
 * table order) and must be re-inserted exactly. */
START_TEST(test_moves)
{
    static const int orders[][10] = {
        {0, 1, 2, 3, 4, 5, 6, 7, -1},
        {7, 6, 5, 4, 3, 2, 1, 0, -1},
        {2, 0, 1, -1},                /* a block inserted first */
        {0, 1, -1},                   /* one deleted */
        {3, 3, 3, -1},                /* the same block thrice */
        {7, 2, 7, 3, 4, -1},
        {6, -1},
    };
    static const char *const seps[] = {"\n", "", " ", "\n\n\n", "\t// between }\n", "\r\n"};
    static const char *const prefixes[] = {"", "\xEF\xBB\xBF", "// only { a comment\n",
                                           "type Money = Decimal\n", "\n\n  "};
    map m = {0};
    ll_block_memo memo = memo_of(&m);
    for (size_t o = 0; o < sizeof orders / sizeof orders[0]; o++)
        for (size_t s = 0; s < sizeof seps / sizeof seps[0]; s++)
            for (size_t p = 0; p < sizeof prefixes / sizeof prefixes[0]; p++) {
                char *text = join(orders[o], prefixes[p], seps[s]);
                ck_assert_int_eq(same(&memo, text), 0);
                char *crlf = with_cr(text, 0), *cr = with_cr(text, 1);
                same(&memo, crlf);
                same(&memo, cr);
                free(crlf);
                free(cr);
                free(text);
            }
    ck_assert_uint_gt(m.hits, 100); /* the point: most blocks came from the memo */
    map_free(&m);
}
END_TEST

START_TEST(test_edge_files)
{
    static const char *const files[] = {
        "",
        "// nothing but a comment\n",
        "\xEF\xBB\xBF",
        "\xEF\xBB\xBF// comment only",
        "   \n\t\n",
        "page P { ui { <p>x</p> } }",       /* no newline at the end */
        "page P { ui { <p>x</p> } }page Q { ui { } }",
        "page P{}",
        "type A = String\ntype B = A\npage P { state { a: A = \"A\" } }\ntype C = Integer\n",
    };
    map m = {0};
    ll_block_memo memo = memo_of(&m);
    for (int round = 0; round < 2; round++)
        for (size_t i = 0; i < sizeof files / sizeof files[0]; i++)
            same(&memo, files[i]);
    map_free(&m);
}
END_TEST

/* The same block bytes under another alias map must not be reused. */
START_TEST(test_alias_context)
{
    map m = {0};
    ll_block_memo memo = memo_of(&m);
    const char *block = "database { entity E { price: Money (default: \"Money x\") } }\n"
                        "page P { state { m: Money = \"Money x\" } ui { <p>{m}</p> } }\n";
    char a[256], b[256];
    snprintf(a, sizeof a, "type Money = Decimal\n%s", block);
    snprintf(b, sizeof b, "type Money = Integer\n%s", block);
    ck_assert_int_eq(same(&memo, a), 0);
    ck_assert_int_eq(same(&memo, b), 0);
    ck_assert_uint_eq(memo.reused, 0);
    ck_assert_int_eq(same(&memo, a), 0);
    ck_assert_uint_eq(memo.reused, 2);
    /* an alias line inside the block changes its parse too */
    same(&memo, "database { entity E {\ntype Money = Decimal\n price: Money } }\n");
    same(&memo, "database { entity E {\ntype Money = Decimal\n price: Money } }\n"
                "database { entity E {\ntype Money = Decimal\n price: Money } }\n");
    map_free(&m);
}
END_TEST

/* Break a file, then fix it: the error is the full parse's, and the
 * fixed file reuses what was kept. */
START_TEST(test_break_and_fix)
{
    map m = {0};
    ll_block_memo memo = memo_of(&m);
    int all[] = {0, 1, 2, 3, 4, 5, 6, 7, -1};
    char *text = join(all, "", "\n");
    ck_assert_int_eq(same(&memo, text), 0);
    static const char *const breaks[] = {"{", "}", "\"", "page", "$", "<div>", "#zz"};
    size_t len = strlen(text);
    char *broken = malloc(len + 16);
    ck_assert_ptr_nonnull(broken);
    for (size_t k = 0; k < sizeof breaks / sizeof breaks[0]; k++) {
        size_t at = len / 2 + k * 7;
        memcpy(broken, text, at);
        strcpy(broken + at, breaks[k]);
        strcat(broken, text + at);
        same(&memo, broken);
        ck_assert_int_eq(same(&memo, text), 0);
        ck_assert_uint_eq(memo.parsed, 0);
    }
    free(broken);
    free(text);
    map_free(&m);
}
END_TEST

/* A 20-block file: editing one block re-parses that block only, even when
 * it changes length (every later block moves); inserting a block at the
 * top re-parses only the new one. */
START_TEST(test_one_of_twenty)
{
    char text[8192] = "", edited[8192], inserted[8300];
    for (int i = 0; i < 20; i++) {
        char b[256];
        snprintf(b, sizeof b,
                 "page P%d {\n  state { n: Integer = %d }\n"
                 "  ui { <div class=\"p%d\">{n} items</div> }\n}\n\n", i, i, i);
        strcat(text, b);
    }
    map m = {0};
    ll_block_memo memo = memo_of(&m);
    ck_assert_int_eq(same(&memo, text), 0);
    ck_assert_uint_eq(memo.parsed, 20);
    /* edit block 7: a longer class name */
    const char *at = strstr(text, "class=\"p7\"");
    ck_assert_ptr_nonnull(at);
    size_t pre = (size_t)(at - text) + 7;
    memcpy(edited, text, pre);
    strcpy(edited + pre, "seven-longer");
    strcat(edited, text + pre + 2);
    ck_assert_int_eq(same(&memo, edited), 0);
    ck_assert_uint_eq(memo.parsed, 1);
    ck_assert_uint_eq(memo.reused, 19);
    /* back to the original: everything is in the memo */
    ck_assert_int_eq(same(&memo, text), 0);
    ck_assert_uint_eq(memo.parsed, 0);
    ck_assert_uint_eq(memo.reused, 20);
    snprintf(inserted, sizeof inserted, "store S { state { s: String = \"é\" } }\n%s", text);
    ck_assert_int_eq(same(&memo, inserted), 0);
    ck_assert_uint_eq(memo.parsed, 1);
    ck_assert_uint_eq(memo.reused, 20);
    map_free(&m);
}
END_TEST

/* Random edits of a varied file, one memo throughout: identity always. */
START_TEST(test_random_edits)
{
    static const char *const bits[] = {"{", "}", "\"", " ", "\n", "\r", "\r\n", "//", "x",
                                       "é", "😀", "<p>", "</p>", "type T = String\n", "page"};
    int all[] = {0, 1, 2, 3, 4, 5, 6, 7, -1};
    char *base = join(all, "type Money = Decimal\n", "\n");
    size_t base_len = strlen(base);
    char *text = malloc(2 * base_len + 4096);
    ck_assert_ptr_nonnull(text);
    map m = {0};
    ll_block_memo memo = memo_of(&m);
    unsigned seed = 12345, ok = 0;
    for (int iter = 0; iter < 600; iter++) {
        /* from the base, 1-3 edits: insert a bit, delete a run, or copy a run */
        memcpy(text, base, base_len + 1);
        size_t len = base_len;
        int edits = 1 + (int)((seed = seed * 1103515245u + 12345u) >> 16) % 3;
        for (int e = 0; e < edits; e++) {
            seed = seed * 1103515245u + 12345u;
            size_t at = (seed >> 8) % (len + 1);
            int op = (int)(seed >> 4) % 3;
            if (op == 0) {
                const char *b = bits[(seed >> 20) % (sizeof bits / sizeof bits[0])];
                size_t n = strlen(b);
                memmove(text + at + n, text + at, len - at + 1);
                memcpy(text + at, b, n);
                len += n;
            } else if (op == 1) {
                size_t n = (seed >> 24) % 8;
                n = n > len - at ? len - at : n;
                memmove(text + at, text + at + n, len - at - n + 1);
                len -= n;
            } else if (len < base_len + 1024) {
                size_t from = (seed >> 12) % (len + 1), n = (seed >> 22) % 200;
                n = n > len - from ? len - from : n;
                memmove(text + at + n, text + at, len - at + 1);
                memmove(text + at, text + (from >= at ? from + n : from), n);
                len += n;
            }
        }
        ok += same_n(&memo, text, len) == 0;
    }
    ck_assert_uint_gt(ok, 50);      /* many edits still parse */
    ck_assert_uint_gt(m.hits, 1000);
    free(text);
    free(base);
    map_free(&m);
}
END_TEST

START_TEST(test_no_memo)
{
    ll_parse_result res;
    ck_assert_int_eq(ll_parse_file_incremental("f.locus", 7, blocks[1], strlen(blocks[1]),
                                               NULL, &res),
                     0);
    free(res.blob);
}
END_TEST

static Suite *incremental_suite(void)
{
    Suite *s = suite_create("parse_incremental");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_reparse_unchanged);
    tcase_add_test(tc, test_moves);
    tcase_add_test(tc, test_edge_files);
    tcase_add_test(tc, test_alias_context);
    tcase_add_test(tc, test_break_and_fix);
    tcase_add_test(tc, test_one_of_twenty);
    tcase_add_test(tc, test_random_edits);
    tcase_add_test(tc, test_no_memo);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(incremental_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
