/* check_genutil.c — tests for the generators' shared text helpers. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "genutil.h"
#include "sha256_int.h"
#include "toml.h"

typedef int (*text_fn)(locus_buf *, const char *);

static void expect_text(text_fn fn, const char *in, const char *want)
{
    locus_buf out = LOCUS_BUF_INIT;
    ck_assert_int_eq(fn(&out, in), 0);
    ck_assert_msg(strcmp(out.data, want) == 0, "'%s' -> '%s', want '%s'", in, out.data, want);
    locus_buf_free(&out);
}

START_TEST(string_helpers)
{
    expect_text(gen_lower_first, "User", "user");
    expect_text(gen_lower_first, "HTTPLog", "hTTPLog");
    expect_text(gen_lower_first, "_X", "_X");
    expect_text(gen_lower_first, "", "");
    expect_text(gen_capitalize, "count", "Count");
    expect_text(gen_capitalize, "_x", "_x");
    expect_text(gen_lc, "Order", "order");
    expect_text(gen_kebab, "UserList", "user-list");
    expect_text(gen_kebab, "User_List", "user-list");
    expect_text(gen_kebab, "HTMLPage", "htmlpage");
    expect_text(gen_kebab, "userProfile2Edit", "user-profile2edit");
    expect_text(gen_kebab, "aBcD", "a-bc-d");
    expect_text(gen_kebab, "a  b\tc", "a-b-c");
}
END_TEST

START_TEST(name_collation_matches_the_spec_example)
{
    const char *sorted[] = {"_x",   "a",     "A",     "a_b",   "a1",    "a10", "a2b",
                            "a9",   "ab",    "aB",    "Ab",    "AB",    "b",   "B",
                            "user", "User",  "User_", "User2", "Usera", "UserA", "users"};
    size_t n = sizeof sorted / sizeof sorted[0];
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            int got = gen_collate(sorted[i], sorted[j]);
            int want = i < j ? -1 : i > j ? 1 : 0;
            ck_assert_msg((got > 0) - (got < 0) == want, "%s vs %s: %d", sorted[i], sorted[j], got);
        }
    const char *shuffled[] = {"users", "B", "a10", "_x", "Ab", "user"};
    qsort(shuffled, 6, sizeof shuffled[0], gen_collate_qsort);
    ck_assert_str_eq(shuffled[0], "_x");
    ck_assert_str_eq(shuffled[1], "a10");
    ck_assert_str_eq(shuffled[2], "Ab");
    ck_assert_str_eq(shuffled[5], "users");
}
END_TEST

START_TEST(code_unit_order)
{
    ck_assert_int_lt(gen_codeunit_cmp("Accent", "bg"), 0);
    ck_assert_int_lt(gen_codeunit_cmp("Zeta", "alpha"), 0);
    ck_assert_int_lt(gen_codeunit_cmp("a", "ab"), 0);
    ck_assert_int_eq(gen_codeunit_cmp("same", "same"), 0);
    /* U+1F600 (surrogates D83D DE00) sorts before U+FF21 in UTF-16 order,
     * although its code point is larger. */
    ck_assert_int_lt(gen_codeunit_cmp("\xF0\x9F\x98\x80", "\xEF\xBC\xA1"), 0);
    ck_assert_int_gt(strcmp("\xF0\x9F\x98\x80", "\xEF\xBC\xA1"), 0);
}
END_TEST

static void expect_number(double value, const char *want)
{
    locus_buf out = LOCUS_BUF_INIT;
    ck_assert_int_eq(gen_json_number(&out, value), 0);
    ck_assert_msg(strcmp(out.data, want) == 0, "%.17g -> %s, want %s", value, out.data, want);
    locus_buf_free(&out);
}

START_TEST(numbers_print_like_javascript)
{
    expect_number(5, "5");
    expect_number(0, "0");
    expect_number(-0.0, "0");
    expect_number(-3, "-3");
    expect_number(1.5, "1.5");
    expect_number(1.50, "1.5");
    expect_number(0.1, "0.1");
    expect_number(7, "7");
    expect_number(1e21, "1e+21");
    expect_number(123456789012345680000.0, "123456789012345680000");
    expect_number(1.5e-7, "1.5e-7");
    expect_number(0.000001, "0.000001");
    expect_number(0.1 + 0.2, "0.30000000000000004");
    expect_number(2.5e25, "2.5e+25");
    expect_number(NAN, "null");
    expect_number(INFINITY, "null");
}
END_TEST

START_TEST(json2_layout)
{
    locus_buf out = LOCUS_BUF_INIT;
    gen_json json;
    gen_json_init(&json, &out);
    gen_json_begin_object(&json);
    gen_json_key(&json, "name");
    gen_json_str(&json, "a\"b\\c\n\x01/é");
    gen_json_key(&json, "list");
    gen_json_begin_array(&json);
    gen_json_num(&json, 1);
    gen_json_begin_object(&json);
    gen_json_key(&json, "ok");
    gen_json_bool(&json, 1);
    gen_json_end_object(&json);
    gen_json_end_array(&json);
    gen_json_key(&json, "empty");
    gen_json_begin_array(&json);
    gen_json_end_array(&json);
    gen_json_key(&json, "none");
    gen_json_begin_object(&json);
    gen_json_end_object(&json);
    gen_json_key(&json, "nil");
    gen_json_null(&json);
    gen_json_end_object(&json);
    ck_assert_int_eq(gen_json_finish(&json), 0);
    ck_assert_str_eq(out.data, "{\n"
                               "  \"name\": \"a\\\"b\\\\c\\n\\u0001/é\",\n"
                               "  \"list\": [\n"
                               "    1,\n"
                               "    {\n"
                               "      \"ok\": true\n"
                               "    }\n"
                               "  ],\n"
                               "  \"empty\": [],\n"
                               "  \"none\": {},\n"
                               "  \"nil\": null\n"
                               "}");
    locus_buf_free(&out);
    gen_json_init(&json, &out);
    gen_json_begin_object(&json);
    ck_assert_int_eq(gen_json_finish(&json), -1);
    locus_buf_free(&out);
}
END_TEST

START_TEST(headers)
{
    locus_buf out = LOCUS_BUF_INIT;
    gen_header(&out, "prisma schema");
    gen_header(&out, NULL);
    gen_css_header(&out, "theme css");
    ck_assert_str_eq(out.data, "// AUTO-GENERATED by Locus. DO NOT EDIT. (prisma schema)\n"
                               "// AUTO-GENERATED by Locus. DO NOT EDIT.\n"
                               "/* AUTO-GENERATED by Locus. DO NOT EDIT. (theme css) */\n");
    locus_buf_free(&out);
}
END_TEST

static void expect_stable(const char *in, const char *want)
{
    locus_buf out = LOCUS_BUF_INIT;
    ck_assert_int_eq(gen_stabilize(&out, in, strlen(in)), 0);
    ck_assert_msg(strcmp(out.data, want) == 0, "'%s' -> '%s'", in, out.data);
    ck_assert_int_eq(gen_needs_stabilize(in, strlen(in)), strcmp(in, want) != 0);
    locus_buf_free(&out);
}

START_TEST(stabilisation)
{
    expect_stable("<a href=\"http://localhost:3000/x\">in /Users/bob.smith/dir</a>",
                  "<a href=\"http://localhost:<PORT>/x\">in <HOME>/dir</a>");
    expect_stable("at 2024-01-02T03:04:05.678Z and 2024-01-02T03:04:05Z",
                  "at <ISO_TIMESTAMP> and 2024-01-02T03:04:05Z");
    expect_stable("x /var/folders/ab_c-d/T/y z", "x <TMP_DIR> z");
    expect_stable("C:\\\\Users\\\\ann\\\\x", "<WIN_HOME>\\\\x");
    expect_stable(":3000:3001:300", ":<PORT>:<PORT>:300");
    expect_stable("nothing to see /Users/ here", "nothing to see /Users/ here");
    expect_stable("plain text", "plain text");
}
END_TEST

/* Hashes data with implementation impl, fed in uneven pieces (a fixed
 * pattern of 1..97 bytes, or all at once when whole) to exercise the block
 * buffer. */
static void sha_hex(gen_sha256_impl impl, const void *data, size_t len, int whole, char hex[65])
{
    gen_sha256 ctx;
    ck_assert_int_eq(gen_sha256_init_impl(&ctx, impl), 0);
    const char *p = data;
    for (size_t step = 1; len > 0; step = step * 3 % 97 + 1) {
        size_t n = whole || step > len ? len : step;
        gen_sha256_update(&ctx, p, n);
        p += n;
        len -= n;
    }
    gen_sha256_hex(&ctx, hex);
}

/* The implementations to test on this CPU: portable, SHA-NI if present,
 * and the default choice. */
static size_t sha_impls(gen_sha256_impl impls[3])
{
    size_t n = 0;
    impls[n++] = GEN_SHA256_PORTABLE;
    if (gen_sha256_have_shani())
        impls[n++] = GEN_SHA256_SHANI;
    impls[n++] = GEN_SHA256_AUTO;
    return n;
}

static void expect_sha(const void *data, size_t len, const char *want)
{
    gen_sha256_impl impls[3];
    size_t n = sha_impls(impls);
    for (size_t i = 0; i < n; i++)
        for (int whole = 0; whole <= 1; whole++) {
            char hex[65];
            sha_hex(impls[i], data, len, whole, hex);
            ck_assert_msg(strcmp(hex, want) == 0, "impl %d, whole %d: %s, want %s",
                          (int)impls[i], whole, hex, want);
        }
}

START_TEST(sha256_vectors)
{
    expect_sha("", 0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect_sha("abc", 3, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    expect_sha(two, strlen(two), "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    const char *four = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmno"
                       "ijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";
    expect_sha(four, strlen(four),
               "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
    char *million = malloc(1000000);
    memset(million, 'a', 1000000);
    expect_sha(million, 1000000, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    free(million);
}
END_TEST

/* Every length around the block and padding boundaries, pseudo-random
 * bytes: SHA-NI (when the CPU has it) and the default agree with the
 * portable code. */
START_TEST(sha256_implementations_agree)
{
    enum { MAX = 1100 };
    unsigned char *data = malloc(MAX);
    uint32_t x = 2463534242u;
    for (size_t i = 0; i < MAX; i++) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        data[i] = (unsigned char)x;
    }
    gen_sha256_impl impls[3];
    size_t n = sha_impls(impls);
    for (size_t len = 0; len <= MAX; len += len < 200 ? 1 : 37) {
        char want[65], got[65];
        sha_hex(GEN_SHA256_PORTABLE, data, len, 1, want);
        for (size_t i = 1; i < n; i++)
            for (int whole = 0; whole <= 1; whole++) {
                sha_hex(impls[i], data, len, whole, got);
                ck_assert_msg(strcmp(got, want) == 0, "impl %d, length %zu", (int)impls[i], len);
            }
    }
    free(data);
    /* Asking for SHA-NI fails exactly when the CPU lacks it. */
    gen_sha256 ctx;
    ck_assert_int_eq(gen_sha256_init_impl(&ctx, GEN_SHA256_SHANI),
                     gen_sha256_have_shani() ? 0 : -1);
    if (!gen_sha256_have_shani())
        fprintf(stderr, "check_genutil: no SHA-NI on this CPU: portable SHA-256 only\n");
}
END_TEST

START_TEST(locus_toml)
{
    const char *text = "auth = \"x\"\n"
                       "# comment\n"
                       "[app]\n"
                       "  name = \"My Cool App!\"  \n"
                       "port = '123'\n"
                       "[auth]\n"
                       "requireAuth = true\n"
                       "jwtSecret = env(JWT_SECRET)\n"
                       "[empty]\n"
                       "not a key line\n"
                       "[app]\n"
                       "name = Other\n";
    locus_arena *arena = locus_arena_new();
    gen_toml toml;
    ck_assert_int_eq(gen_toml_parse(text, strlen(text), arena, &toml), 0);
    ck_assert(gen_toml_has_section(&toml, "auth"));
    ck_assert(gen_toml_has_section(&toml, "empty"));
    ck_assert(!gen_toml_has_section(&toml, "nope"));
    gen_toml_value top = gen_toml_get(&toml, "", "auth");
    ck_assert_int_eq(top.type, GEN_TOML_STRING);
    ck_assert_str_eq(top.str, "x");
    ck_assert_str_eq(gen_toml_get(&toml, "app", "name").str, "Other");
    gen_toml_value port = gen_toml_get(&toml, "app", "port");
    ck_assert_int_eq(port.type, GEN_TOML_NUMBER);
    ck_assert(port.number == 123);
    ck_assert(gen_toml_truthy(gen_toml_get(&toml, "auth", "requireAuth")));
    ck_assert_int_eq(gen_toml_get(&toml, "auth", "jwtSecret").type, GEN_TOML_ABSENT);
    ck_assert_int_eq(gen_toml_get(&toml, "auth", "missing").type, GEN_TOML_ABSENT);
    ck_assert_int_eq(gen_toml_parse(NULL, 0, arena, &toml), 0);
    ck_assert_uint_eq(toml.n_entries, 0);
    locus_arena_free(arena);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("genutil");
    TCase *tc = tcase_create("genutil");
    tcase_add_test(tc, string_helpers);
    tcase_add_test(tc, name_collation_matches_the_spec_example);
    tcase_add_test(tc, code_unit_order);
    tcase_add_test(tc, numbers_print_like_javascript);
    tcase_add_test(tc, json2_layout);
    tcase_add_test(tc, headers);
    tcase_add_test(tc, stabilisation);
    tcase_add_test(tc, sha256_vectors);
    tcase_add_test(tc, sha256_implementations_agree);
    tcase_add_test(tc, locus_toml);
    suite_add_tcase(s, tc);
    SRunner *runner = srunner_create(s);
    srunner_run_all(runner, CK_NORMAL);
    int failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
