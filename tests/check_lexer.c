/* check_lexer.c — unit tests of the Locus lexer and source pre-pass:
 * ordered-first-match tokenisation (language.md §2.2, §2.3), strings,
 * unlexable characters, alias lines and substitution, BOM, on_load. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "lexer.h"
#include "locus/arena.h"
#include "source.h"

/* The token names of text, space-separated ("Error" ends the list). */
static char *lex(const char *text)
{
    locus_arena *arena = locus_arena_new();
    ll_source src;
    ll_diag diag;
    ck_assert_int_eq(ll_source_scan(&src, text, strlen(text), arena, &diag), 0);
    ll_lexer lx;
    ll_lex_init(&lx, &src);
    locus_buf out = LOCUS_BUF_INIT;
    for (;;) {
        ll_token t = ll_next(&lx);
        if (t.kind == TK_EOF)
            break;
        if (out.len)
            locus_buf_putc(&out, ' ');
        locus_buf_puts(&out, ll_tok_name(t.kind));
        if (t.kind == TK_ERROR)
            break;
    }
    char *s = strdup(out.data ? out.data : "");
    locus_buf_free(&out);
    ll_source_free(&src);
    locus_arena_free(arena);
    return s;
}

#define LEX(text, expected)                                                                 \
    do {                                                                                    \
        char *got_ = lex(text);                                                             \
        ck_assert_msg(strcmp(got_, expected) == 0, "lex(%s) = [%s], want [%s]", text, got_, \
                      expected);                                                            \
        free(got_);                                                                         \
    } while (0)

START_TEST(keywords_need_word_boundaries)
{
    LEX("database1 in_stock Stringify style_override List Database foreach",
        "Identifier Identifier Identifier StyleOverride Identifier Identifier Identifier");
    LEX("database entity in of list", "Database Entity In Of List");
    LEX("on_delete on_error on load", "OnDelete OnError On Load");
    LEX("email id nullable true", "Identifier Identifier Identifier Identifier");
}
END_TEST

START_TEST(first_match_numbers)
{
    LEX("-5", "HyphenTok NumberLiteral");
    LEX("5MB 5mb 5.5MB", "SizeLiteral NumberLiteral Identifier NumberLiteral Identifier");
    LEX("5s 250ms 10m 2h 5sec 0.5s",
        "Duration Duration Duration Duration NumberLiteral Identifier NumberLiteral Identifier");
    LEX("1e5 0x1F", "NumberLiteral Identifier NumberLiteral Identifier");
    LEX(".5 1.", "DotTok NumberLiteral NumberLiteral DotTok");
    LEX("1B 10KB 3GB", "SizeLiteral SizeLiteral SizeLiteral");
}
END_TEST

START_TEST(hex_colours)
{
    LEX("#fff #0a84ff #abcd #12345678", "HexColor HexColor HexColor HexColor");
    LEX("#abcdefgh", "Error");
    LEX("#12", "Error");
    LEX("#if", "Error");
    LEX("#123456789", "Error");
}
END_TEST

START_TEST(operators_and_punctuation)
{
    LEX("== != && || ! = | & x", "EqEq NotEq AndAnd OrOr Bang Equals PipeTok Error");
    LEX("{ } : ( ) , ? < > / . + - ; * | [ ] ' @",
        "LCurly RCurly Colon LParen RParen Comma Question Less Greater SlashTok DotTok PlusTok "
        "HyphenTok SemicolonTok StarTok PipeTok LBracketTok RBracketTok SingleQuoteTok AtSign");
    LEX("'x'", "SingleQuoteTok Identifier SingleQuoteTok");
    LEX("a // comment } {\nb", "Identifier Identifier");
    LEX("a/b", "Identifier SlashTok Identifier");
}
END_TEST

START_TEST(strings)
{
    LEX("\"a\\\"b\"", "StringLiteral");
    LEX("\"multi\nline\"", "StringLiteral");
    LEX("\"café 😀\"", "StringLiteral");
    LEX("\"open", "Error");
    LEX("\"bad \\\nescape\"", "Error");
    LEX("\"\"", "StringLiteral");
}
END_TEST

START_TEST(unknown_and_bad_characters)
{
    LEX("a \xC2\xA0 b", "Identifier Unknown Identifier"); /* U+00A0 */
    LEX("a \v b", "Identifier Unknown Identifier");
    LEX("\xEF\xBB\xBF" "a", "Identifier");               /* leading BOM skipped (Q-03) */
    LEX("a \xEF\xBB\xBF", "Identifier Unknown");          /* a BOM elsewhere is Unknown */
    LEX("caf\xC3\xA9", "Identifier Error");
    LEX("$ % ^ ~ `", "Error");
    LEX("\x01", "Error");
}
END_TEST

START_TEST(alias_lines_are_skipped_and_substituted)
{
    const char *text = "type Money = Decimal\nMoney Moneyx String Money\n";
    locus_arena *arena = locus_arena_new();
    ll_source src;
    ll_diag diag;
    ck_assert_int_eq(ll_source_scan(&src, text, strlen(text), arena, &diag), 0);
    ck_assert_uint_eq(src.naliases, 1);
    ll_lexer lx;
    ll_lex_init(&lx, &src);
    ll_token t = ll_next(&lx);
    ck_assert_int_eq(t.kind, TK_KW_DECIMAL);
    ck_assert_uint_eq(t.off, 21); /* the position as written */
    uint32_t len;
    const char *s = ll_tok_text(&lx, &t, &len);
    ck_assert_int_eq((int)len, 7);
    ck_assert(memcmp(s, "Decimal", 7) == 0);
    ck_assert_int_eq(ll_next(&lx).kind, TK_IDENT); /* Moneyx is another word */
    ck_assert_int_eq(ll_next(&lx).kind, TK_KW_STRING);
    ck_assert_int_eq(ll_next(&lx).kind, TK_KW_DECIMAL);
    ck_assert_int_eq(ll_next(&lx).kind, TK_EOF);
    ll_source_free(&src);
    locus_arena_free(arena);
}
END_TEST

START_TEST(alias_line_rules)
{
    /* indented, lower-case, or trailing text: not alias lines */
    LEX("  type Money = Decimal", "Identifier Identifier Equals DecimalT");
    LEX("type money = Decimal", "Identifier Identifier Equals DecimalT");
    LEX("type A = B // x", "Identifier Identifier Equals Identifier");
    LEX("type A = B\ntype C = D\nx", "Identifier");
    LEX("type A = B", "");
    LEX("x\r\ntype A = B\r\ny", "Identifier Identifier");
}
END_TEST

START_TEST(string_values_substitute_aliases)
{
    const char *text = "type Money = Decimal\n\"Money and Moneys\"";
    locus_arena *arena = locus_arena_new();
    ll_source src;
    ll_diag diag;
    ck_assert_int_eq(ll_source_scan(&src, text, strlen(text), arena, &diag), 0);
    ll_lexer lx;
    ll_lex_init(&lx, &src);
    ll_token t = ll_next(&lx);
    uint32_t len;
    const char *v = ll_string_value(&lx, &t, arena, &len);
    ck_assert_int_eq((int)len, (int)strlen("Decimal and Moneys"));
    ck_assert(memcmp(v, "Decimal and Moneys", len) == 0);
    ll_source_free(&src);
    locus_arena_free(arena);
}
END_TEST

static int prepass_error(const char *text, size_t len, ll_diag *diag)
{
    locus_arena *arena = locus_arena_new();
    ll_source src;
    int rc = ll_source_scan(&src, text, len, arena, diag);
    if (rc)
        ll_diag_locate(diag, text, (uint32_t)len);
    ll_source_free(&src);
    locus_arena_free(arena);
    return rc;
}

START_TEST(on_load_is_rejected_everywhere)
{
    ll_diag d;
    const char *t1 = "page Home { on_load { } }";
    ck_assert_int_eq(prepass_error(t1, strlen(t1), &d), -1);
    ck_assert_uint_eq(d.line, 1);
    ck_assert_uint_eq(d.column, 13);
    const char *t2 = "// remember on_load\ndatabase { }";
    ck_assert_int_eq(prepass_error(t2, strlen(t2), &d), -1);
    ck_assert_uint_eq(d.column, 13);
    /* position of the first substring, though only a later one is a word */
    const char *t3 = "x xon_load\r\ny on_load";
    ck_assert_int_eq(prepass_error(t3, strlen(t3), &d), -1);
    ck_assert_uint_eq(d.line, 1);
    ck_assert_uint_eq(d.column, 4);
    const char *t4 = "my_on_load_x on_loader";
    ck_assert_int_eq(prepass_error(t4, strlen(t4), &d), 0);
}
END_TEST

START_TEST(invalid_utf8_is_located)
{
    ll_diag d;
    const char t1[] = "database {\n  \"ok\" \xC3\x28 }";
    ck_assert_int_eq(prepass_error(t1, sizeof t1 - 1, &d), -1);
    ck_assert_uint_eq(d.line, 2);
    ck_assert_uint_eq(d.column, 8);
    const char t2[] = "\xED\xA0\x80"; /* a UTF-16 surrogate encoded in UTF-8 */
    ck_assert_int_eq(prepass_error(t2, sizeof t2 - 1, &d), -1);
    const char t3[] = "\xF4\x90\x80\x80"; /* above U+10FFFF */
    ck_assert_int_eq(prepass_error(t3, sizeof t3 - 1, &d), -1);
    const char t4[] = "\xC0\x80"; /* overlong */
    ck_assert_int_eq(prepass_error(t4, sizeof t4 - 1, &d), -1);
    const char t5[] = "ok \xF0\x9F\x98\x80 \xE2\x80\xA8"; /* valid non-BMP and U+2028 */
    ck_assert_int_eq(prepass_error(t5, sizeof t5 - 1, &d), 0);
}
END_TEST

START_TEST(lookahead_and_seek)
{
    const char *text = "a b c d e";
    locus_arena *arena = locus_arena_new();
    ll_source src;
    ll_diag diag;
    ck_assert_int_eq(ll_source_scan(&src, text, strlen(text), arena, &diag), 0);
    ll_lexer lx;
    ll_lex_init(&lx, &src);
    ck_assert_uint_eq(ll_peek(&lx, 3)->off, 6);
    ck_assert_uint_eq(ll_next(&lx).off, 0);
    ll_lex_seek(&lx, 4);
    ck_assert_uint_eq(ll_next(&lx).off, 4);
    ck_assert_uint_eq(ll_find_lex_error(&src, 0), UINT32_MAX);
    ll_source_free(&src);
    locus_arena_free(arena);
}
END_TEST

static Suite *lexer_suite(void)
{
    Suite *s = suite_create("lexer");
    TCase *tc = tcase_create("tokens");
    tcase_add_test(tc, keywords_need_word_boundaries);
    tcase_add_test(tc, first_match_numbers);
    tcase_add_test(tc, hex_colours);
    tcase_add_test(tc, operators_and_punctuation);
    tcase_add_test(tc, strings);
    tcase_add_test(tc, unknown_and_bad_characters);
    tcase_add_test(tc, lookahead_and_seek);
    suite_add_tcase(s, tc);
    TCase *pre = tcase_create("prepass");
    tcase_add_test(pre, alias_lines_are_skipped_and_substituted);
    tcase_add_test(pre, alias_line_rules);
    tcase_add_test(pre, string_values_substitute_aliases);
    tcase_add_test(pre, on_load_is_rejected_everywhere);
    tcase_add_test(pre, invalid_utf8_is_located);
    suite_add_tcase(s, pre);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(lexer_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
