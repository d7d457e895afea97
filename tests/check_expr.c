/* check_expr.c — unit tests of the expression parser (language.md §11,
 * with decisions Q-01 — `!` is not, `!=` inequality — and Q-27 — an
 * error at the first token left over). Expressions are reached through
 * UI interpolations `{…}`. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ast_dump.h"
#include "lang_testutil.h"

/* The dump of the expression of `{text}`. */
static char *expr(const char *text)
{
    char *src = NULL;
    ck_assert(asprintf(&src, "page P { ui { <p>{%s}</p> } }", text) >= 0);
    lt_parsed p;
    lt_parse(&p, src);
    ck_assert_msg(p.rc == 0, "parse failed: %s", p.res.diag.message);
    locus_node e = lt_find(&p.ast, locus_ast_root(&p.ast), LOCUS_AST_UI_EXPR);
    locus_buf out = LOCUS_BUF_INIT;
    ck_assert(ll_ast_dump(&p.ast, locus_ast_get(&p.ast, e, LOCUS_F_EXPR), 0, &out) == 0);
    char *s = strdup(out.data);
    locus_buf_free(&out);
    lt_free(&p);
    free(src);
    return s;
}

#define EXPR(text, want)                                                                     \
    do {                                                                                     \
        char *got_ = expr(text);                                                             \
        ck_assert_msg(strcmp(got_, want) == 0, "\n{%s}\n got: %s\nwant: %s", text, got_,    \
                      want);                                                                 \
        free(got_);                                                                          \
    } while (0)

START_TEST(operands)
{
    EXPR("a", "a");
    EXPR("a.b.c", "(MEMBER OBJECT=(MEMBER OBJECT=a PROPERTY=b) PROPERTY=c)");
    EXPR("items.length", "(MEMBER OBJECT=items PROPERTY=length)");
    EXPR("a.state", "(MEMBER OBJECT=a PROPERTY=state)");
    EXPR("a.1", "(MEMBER OBJECT=a PROPERTY=1)");
    EXPR("42", "(NUMBER \"42\" NUMBER=42)");
    EXPR("1.5", "(NUMBER \"1.5\" NUMBER=1.5)");
    EXPR("\"s\"", "(STRING \"s\")");
    EXPR("f()", "(CALL ARGS=[] CALLEE=f)");
    EXPR("util.sum(a, b + c)",
         "(CALL ARGS=[a (BINARY OP=7 LEFT=b RIGHT=c)] CALLEE=(MEMBER OBJECT=util PROPERTY=sum))");
    EXPR("(a)", "a");
    EXPR("  a  ", "a");
}
END_TEST

START_TEST(precedence_and_associativity)
{
    EXPR("1 + 2 * 3", "(BINARY OP=7 LEFT=(NUMBER \"1\" NUMBER=1) RIGHT=(BINARY OP=9 "
                      "LEFT=(NUMBER \"2\" NUMBER=2) RIGHT=(NUMBER \"3\" NUMBER=3)))");
    EXPR("a - b - c", "(BINARY OP=8 LEFT=(BINARY OP=8 LEFT=a RIGHT=b) RIGHT=c)");
    EXPR("a == b || c && !d",
         "(BINARY OP=1 LEFT=(BINARY OP=3 LEFT=a RIGHT=b) RIGHT=(BINARY OP=2 LEFT=c "
         "RIGHT=(UNARY OP=11 OPERAND=d)))");
    EXPR("a < b == c > d",
         "(BINARY OP=3 LEFT=(BINARY OP=5 LEFT=a RIGHT=b) RIGHT=(BINARY OP=6 LEFT=c RIGHT=d))");
    EXPR("-a * (b + c) / 2",
         "(BINARY OP=10 LEFT=(BINARY OP=9 LEFT=(UNARY OP=12 OPERAND=a) RIGHT=(BINARY OP=7 "
         "LEFT=b RIGHT=c)) RIGHT=(NUMBER \"2\" NUMBER=2))");
    /* `!` and `!=` keep their meaning */
    EXPR("a != b", "(BINARY OP=4 LEFT=a RIGHT=b)");
    EXPR("!!a", "(UNARY OP=11 OPERAND=(UNARY OP=11 OPERAND=a))");
}
END_TEST

START_TEST(errors)
{
    EXPR("a +", "(EXPR_ERROR \"Unexpected EOF\" ERROR_OFFSET=21)");
    EXPR("a(", "(EXPR_ERROR \"Unexpected EOF\" ERROR_OFFSET=20)");
    EXPR("f(a", "(EXPR_ERROR \"Expected ) after arguments\" ERROR_OFFSET=21)");
    EXPR("(a", "(EXPR_ERROR \"Expected )\" ERROR_OFFSET=20)");
    EXPR("state", "(EXPR_ERROR \"Unexpected token: state\" ERROR_OFFSET=18)");
    EXPR("a.", "(EXPR_ERROR \"Unexpected EOF\" ERROR_OFFSET=20)");
    /* trailing tokens are an error at the first of them */
    EXPR("a b", "(EXPR_ERROR \"Unexpected token: b\" ERROR_OFFSET=20)");
    EXPR("a[0]", "(EXPR_ERROR \"Unexpected token: [\" ERROR_OFFSET=19)");
    EXPR("f(a)(b)", "(EXPR_ERROR \"Unexpected token: (\" ERROR_OFFSET=22)");
    EXPR("a ? b : c", "(EXPR_ERROR \"Unexpected token: ?\" ERROR_OFFSET=20)");
    EXPR("5s", "(EXPR_ERROR \"Unexpected token: 5s\" ERROR_OFFSET=18)");
    /* characters the lexer cannot lex are dropped, as in the reference */
    EXPR("a # ", "a");
}
END_TEST

START_TEST(depth_is_bounded)
{
    size_t n = 5000;
    char *text = malloc(n * 4 + 8);
    size_t len = 0;
    for (size_t i = 0; i < n; i++)
        text[len++] = '(';
    text[len++] = 'a';
    for (size_t i = 0; i < n; i++)
        text[len++] = ')';
    text[len] = 0;
    char *got = expr(text);
    ck_assert_msg(strstr(got, "nested too deeply") != NULL, "%s", got);
    free(got);
    len = 0;
    for (size_t i = 0; i < n; i++)
        len += (size_t)sprintf(text + len, "a+");
    text[len++] = 'a';
    text[len] = 0;
    got = expr(text);
    ck_assert_msg(strstr(got, "nested too deeply") != NULL, "%s", got);
    free(got);
    len = 0;
    for (size_t i = 0; i < n; i++)
        text[len++] = '!';
    text[len++] = 'a';
    text[len] = 0;
    got = expr(text);
    ck_assert_msg(strstr(got, "nested too deeply") != NULL, "%s", got);
    free(got);
    free(text);
}
END_TEST

static Suite *expr_suite(void)
{
    Suite *s = suite_create("expr");
    TCase *tc = tcase_create("expr");
    tcase_add_test(tc, operands);
    tcase_add_test(tc, precedence_and_associativity);
    tcase_add_test(tc, errors);
    tcase_add_test(tc, depth_is_bounded);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(expr_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
