/* check_robust.c — bad input never crashes or hangs the parser: empty and
 * binary files, NUL bytes, invalid UTF-8, unterminated strings and blocks,
 * 10,000-deep nesting of every nestable construct, a 20 MB file, and
 * random mutations of a valid file. Every outcome must be a clean error
 * with a position, or a blob that opens. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang_testutil.h"

/* Parse len bytes; the result must be an error with a sane position or a
 * valid blob. Returns the parse result code. */
static int parse_safely(const char *text, size_t len, ll_diag *out)
{
    lt_parsed p;
    lt_parse_n(&p, text, len);
    ck_assert_int_ge(p.rc, 0);
    if (p.rc == 1) {
        ck_assert_uint_ge(p.res.diag.line, 1);
        ck_assert_uint_ge(p.res.diag.column, 1);
        ck_assert(p.res.diag.message[0] != 0);
    }
    if (out)
        *out = p.res.diag;
    int rc = p.rc;
    lt_free(&p);
    return rc;
}

START_TEST(empty_and_blank_files)
{
    ck_assert_int_eq(parse_safely("", 0, NULL), 0);
    ck_assert_int_eq(parse_safely(" \n\t\r\n", 5, NULL), 0);
    ck_assert_int_eq(parse_safely("\xEF\xBB\xBF", 3, NULL), 0);
    ck_assert_int_eq(parse_safely("// c", 4, NULL), 0);
}
END_TEST

START_TEST(nul_bytes)
{
    ll_diag d;
    static const char top[] = "database { }\n\0x";
    ck_assert_int_eq(parse_safely(top, sizeof top - 1, &d), 1);
    ck_assert_uint_eq(d.line, 2);
    ck_assert_uint_eq(d.column, 1);
    /* any valid UTF-8, NUL included, is fine in strings and raw blocks */
    static const char inside[] = "page P { state { s: String = \"a\0b\" } ui { <p>\0</p> } }";
    ck_assert_int_eq(parse_safely(inside, sizeof inside - 1, &d), 0);
}
END_TEST

START_TEST(invalid_utf8)
{
    ll_diag d;
    static const char bad[] = "page P { ui { <p>\xFF</p> } }";
    ck_assert_int_eq(parse_safely(bad, sizeof bad - 1, &d), 1);
    ck_assert_uint_eq(d.column, 18);
    ck_assert_msg(strstr(d.message, "UTF-8") != NULL, "%s", d.message);
    static const char cut[] = "database { } \xE2\x82";
    ck_assert_int_eq(parse_safely(cut, sizeof cut - 1, &d), 1);
    ck_assert_uint_eq(d.column, 14);
}
END_TEST

START_TEST(unterminated_things)
{
    ll_diag d;
    const char *s1 = "page P { state { s: String = \"abc } }";
    ck_assert_int_eq(parse_safely(s1, strlen(s1), &d), 1);
    ck_assert_uint_eq(d.column, 30);
    const char *s2 = "page P { ui { <p>\"abc</p> } }";
    ck_assert_int_eq(parse_safely(s2, strlen(s2), &d), 1);
    ck_assert_uint_eq(d.column, 18);
    const char *s3 = "page P { ui { <p>";
    ck_assert_int_eq(parse_safely(s3, strlen(s3), &d), 1);
    ck_assert(d.at_eof);
    ck_assert_msg(strstr(d.message, "1:13") != NULL, "%s", d.message);
    const char *s4 = "database { entity A {";
    ck_assert_int_eq(parse_safely(s4, strlen(s4), &d), 1);
    ck_assert(d.at_eof);
}
END_TEST

/* prefix, n copies of open, middle, n copies of close, suffix */
static char *nest(const char *prefix, const char *open, const char *middle, const char *close,
                  const char *suffix, size_t n, size_t *len)
{
    size_t size = strlen(prefix) + n * (strlen(open) + strlen(close)) + strlen(middle) +
                  strlen(suffix) + 1;
    char *s = malloc(size), *p = s;
    p += sprintf(p, "%s", prefix);
    for (size_t i = 0; i < n; i++)
        p += sprintf(p, "%s", open);
    p += sprintf(p, "%s", middle);
    for (size_t i = 0; i < n; i++)
        p += sprintf(p, "%s", close);
    p += sprintf(p, "%s", suffix);
    *len = (size_t)(p - s);
    return s;
}

static void expect_nesting(const char *prefix, const char *open, const char *middle,
                           const char *close, const char *suffix, int want_rc)
{
    size_t len;
    char *s = nest(prefix, open, middle, close, suffix, 10000, &len);
    ll_diag d;
    int rc = parse_safely(s, len, &d);
    ck_assert_msg(rc == want_rc, "%s…: rc %d (%s)", prefix, rc, rc ? d.message : "ok");
    if (rc)
        ck_assert_msg(strstr(d.message, "deep") != NULL, "%s", d.message);
    free(s);
}

START_TEST(deep_nesting)
{
    expect_nesting("page P { ui { ", "<div>", "x", "</div>", " } }", 1);
    expect_nesting("page P { ui { ", "{#if a}", "x", "{/if}", " } }", 1);
    expect_nesting("workflow W { steps { ", "branch { steps { ", "run a", " } }", " } }", 1);
    expect_nesting("workflow W { steps { ", "parallel { ", "run a", " }", " } }", 1);
    expect_nesting("database { entity A { a: String @enum(", "[", "1", "]", ") } }", 1);
    /* nesting that needs no recursion is fine */
    expect_nesting("page P { on load { ", "{", "x", "}", " } }", 0);
    expect_nesting("page P { junk ", "{ ", "x", " }", " }", 0);
    expect_nesting("page P { state { a: Integer = ", "(", "1", ")", " } }", 0);
    /* an expression too deep is an expression error, not a parse error */
    expect_nesting("page P { ui { <p>{", "(", "a", ")", "}</p> } }", 0);
    expect_nesting("page P { ui { <p a={", "-", "a", "", "}/> } }", 0);
}
END_TEST

START_TEST(large_file)
{
    const char *unit =
        "page P%zu { state { n: Integer = 0 } action inc() { setN(n + 1) }\n"
        "  ui {\n    <Stack gap=\"1rem\">\n      <if condition={n > 1}><p>Big {n}</p></if>\n"
        "      <else><Button on:click={inc}>Add</Button></else>\n"
        "      <li for:each={x in items}>{x.name}</li>\n    </Stack>\n  }\n}\n"
        "database { entity E%zu { id: Integer @unique name: String? } }\n";
    size_t cap = 21u << 20, len = 0, i = 0;
    char *text = malloc(cap);
    while (len < 20u << 20)
        len += (size_t)snprintf(text + len, cap - len, unit, i, i), i++;
    lt_parsed p;
    lt_parse_n(&p, text, len);
    ck_assert_int_eq(p.rc, 0);
    locus_node root = locus_ast_root(&p.ast);
    ck_assert_uint_eq(locus_ast_child_count(&p.ast, root), 2 * i);
    locus_node last = locus_ast_child(&p.ast, root, 2 * i - 1);
    ck_assert_uint_eq(locus_ast_span(&p.ast, last).line, 10 * i);
    lt_free(&p);
    /* one 20 MB line of UI text */
    len = (size_t)sprintf(text, "page P { ui { <p>");
    memset(text + len, 'a', 20u << 20);
    len += 20u << 20;
    len += (size_t)sprintf(text + len, "</p> } }");
    ck_assert_int_eq(parse_safely(text, len, NULL), 0);
    free(text);
}
END_TEST

static uint64_t next_random(uint64_t *state)
{
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    return *state;
}

START_TEST(random_binary)
{
    uint64_t rng = 42;
    char buf[512];
    for (int round = 0; round < 2000; round++) {
        size_t len = next_random(&rng) % sizeof buf;
        for (size_t i = 0; i < len; i++)
            buf[i] = (char)next_random(&rng);
        parse_safely(buf, len, NULL);
    }
}
END_TEST

START_TEST(random_mutations)
{
    static const char base[] =
        "type Money = Decimal\n"
        "database { entity User { id: Integer @unique price: Money? (default: 1) "
        "posts: has_many Post } }\n"
        "design_system { colors { light { primary: #0a84ff } } typography { weights { b: 7 } } }\n"
        "page Home { state { n: Integer = 0 } on load { x() } action inc(a: T) { n = n + 1 }\n"
        "  ui { <div on:click={inc}>{n} <if condition={n > 1}>big</if><else>small</else>\n"
        "  {#each x in xs}<li>{x.name}</li>{/each}<slot/><input></div> } }\n"
        "component C { param t: String = \"x\" ui { <p>{t}</p> } style_override { .a {} } }\n"
        "store S { state { a: Integer = 1 } action go { } junk }\n"
        "workflow W { trigger { on create(User) } steps { const r = run inc(a: 1)\n"
        "  branch { condition: r steps { delay { 5s } } else { } } forEach i in a.b { } }\n"
        "  retry { max: 3 } concurrency { limit: 2 } on_error { x } }\n"
        "upload U { field f maxSize: 5MB mime: [image/png] required store path: \"u/\" }\n";
    static const char alphabet[] = "{}()<>/\"'=:;,.!@#&|[]\n abz09_-\xC3\xA9";
    uint64_t rng = 7;
    char buf[sizeof base + 64];
    int ok = 0;
    for (int round = 0; round < 4000; round++) {
        size_t len = sizeof base - 1;
        memcpy(buf, base, len);
        int edits = 1 + (int)(next_random(&rng) % 3);
        for (int e = 0; e < edits; e++) {
            size_t at = next_random(&rng) % len;
            char c = alphabet[next_random(&rng) % (sizeof alphabet - 1)];
            switch (next_random(&rng) % 3) {
            case 0:
                buf[at] = c;
                break;
            case 1:
                memmove(buf + at, buf + at + 1, len - at - 1);
                len--;
                break;
            default:
                if (len + 1 < sizeof buf) {
                    memmove(buf + at + 1, buf + at, len - at);
                    buf[at] = c;
                    len++;
                }
            }
        }
        ok += parse_safely(buf, len, NULL) == 0;
    }
    ck_assert_int_gt(ok, 100);
}
END_TEST

static Suite *robust_suite(void)
{
    Suite *s = suite_create("robust");
    TCase *tc = tcase_create("bad input");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, empty_and_blank_files);
    tcase_add_test(tc, nul_bytes);
    tcase_add_test(tc, invalid_utf8);
    tcase_add_test(tc, unterminated_things);
    tcase_add_test(tc, deep_nesting);
    tcase_add_test(tc, large_file);
    tcase_add_test(tc, random_binary);
    tcase_add_test(tc, random_mutations);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(robust_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
