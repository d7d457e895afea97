/* check_ui.c — unit tests of the UI markup parser (language.md §7 with
 * decisions, D-04, D-05, D-06, D-08, O-11): trees, text,
 * attributes, if-chains, loops, slots, errors and positions. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ast_dump.h"
#include "lang_testutil.h"

/* The dump of the UI block of `page P { ui { <ui> } }`. */
static char *ui(const char *markup, unsigned options)
{
    char *text = NULL;
    ck_assert(asprintf(&text, "page P { ui { %s } }", markup) >= 0);
    char *s = lt_dump_first(text, LOCUS_AST_UI, options);
    free(text);
    /* drop the UI node's BODY/CONTENT slices: they only repeat the input */
    const char *keys[] = {" BODY=\xC2\xAB", " CONTENT=\xC2\xAB"};
    for (int k = 0; k < 2; k++) {
        char *from = strstr(s, keys[k]);
        char *to = from ? strstr(from, "\xC2\xBB") : NULL;
        if (to)
            memmove(from, to + 2, strlen(to + 2) + 1);
    }
    return s;
}

#define UI(markup, want)                                                                     \
    do {                                                                                     \
        char *got_ = ui(markup, 0);                                                          \
        ck_assert_msg(strcmp(got_, want) == 0, "\n got: %s\nwant: %s", got_, want);         \
        free(got_);                                                                          \
    } while (0)

#define UIF(markup, want)                                                                    \
    do {                                                                                     \
        char *got_ = ui(markup, LL_DUMP_FLAGS);                                              \
        ck_assert_msg(strcmp(got_, want) == 0, "\n got: %s\nwant: %s", got_, want);         \
        free(got_);                                                                          \
    } while (0)

/* The parse error of the page, as "L:C message". */
static char *ui_error(const char *markup)
{
    char *text = NULL;
    ck_assert(asprintf(&text, "page P { ui { %s } }", markup) >= 0);
    lt_parsed p;
    lt_parse(&p, text);
    char *s = NULL;
    if (p.rc)
        ck_assert(asprintf(&s, "%u:%u %s", p.res.diag.line, p.res.diag.column,
                           p.res.diag.message) >= 0);
    else
        s = strdup("ok");
    lt_free(&p);
    free(text);
    return s;
}

#define UI_ERROR(markup, want)                                                               \
    do {                                                                                     \
        char *got_ = ui_error(markup);                                                       \
        ck_assert_msg(strcmp(got_, want) == 0, "\n got: %s\nwant: %s", got_, want);         \
        free(got_);                                                                          \
    } while (0)

START_TEST(elements_and_attributes)
{
    UIF("<div a=\"{x}\" b={y + 1} c=plain d=\"s\" hidden on:click={save()} bind:value={name} "
        "on:mouse-enter={f} xlink:href=\"#\"></div>",
        "(UI (UI_ELEMENT NAME=div ATTRS=["
        "(UI_ATTR #200 NAME=a VALUE=x ATTR_KIND=1) "
        "(UI_ATTR NAME=b VALUE=(BINARY OP=7 LEFT=y RIGHT=(NUMBER \"1\" NUMBER=1)) ATTR_KIND=1) "
        "(UI_ATTR #400 NAME=c VALUE=(STRING \"plain\") ATTR_KIND=1) "
        "(UI_ATTR #200 NAME=d VALUE=(STRING \"s\") ATTR_KIND=1) "
        "(UI_ATTR NAME=hidden ATTR_KIND=1) "
        "(UI_ATTR NAME=on:click VALUE=(CALL ARGS=[] CALLEE=save) ATTR_KIND=2) "
        "(UI_ATTR NAME=bind:value VALUE=name ATTR_KIND=3) "
        "(UI_ATTR NAME=on:mouse-enter VALUE=f ATTR_KIND=2) "
        "(UI_ATTR #200 NAME=xlink:href VALUE=(STRING \"#\") ATTR_KIND=1)]))");
    /* O-11: a tag ends at its real `>`, a `{…}` value at its matching `}` */
    UI("<img src=\"a>b\" w={a > b ? {x: 1} : 2}/>",
       "(UI (UI_ELEMENT NAME=img ATTRS=[(UI_ATTR NAME=src VALUE=(STRING \"a>b\") ATTR_KIND=1) "
       "(UI_ATTR NAME=w VALUE=(EXPR_ERROR \"Unexpected token: ?\" ERROR_OFFSET=38) "
       "ATTR_KIND=1)]))");
}
END_TEST

START_TEST(text_and_interpolations)
{
    UI("<div>a {b} c</div>",
       "(UI (UI_ELEMENT NAME=div ATTRS=[] (UI_TEXT) (UI_EXPR EXPR=b) (UI_TEXT)))");
    /* several roots and top-level text are kept */
    UI("Hello {x} <a/><b/>",
       "(UI (UI_TEXT) (UI_EXPR EXPR=x) (UI_TEXT) (UI_ELEMENT NAME=a ATTRS=[]) "
       "(UI_ELEMENT NAME=b ATTRS=[]))");
    /* blank text with a line break is layout; `{}` is an empty interpolation */
    UI("<p>\n  {a}\n  <b/>\n</p> {}",
       "(UI (UI_ELEMENT NAME=p ATTRS=[] (UI_EXPR EXPR=a) (UI_ELEMENT NAME=b ATTRS=[])) "
       "(UI_TEXT) (UI_EXPR))");
    /* a comment line is text, and tags in it are not parsed */
    UI("<div>\n // note <b>\n x</div>", "(UI (UI_ELEMENT NAME=div ATTRS=[] (UI_TEXT)))");
    UI("<a href=\"http://x\">http://y</a>\n",
       "(UI (UI_ELEMENT NAME=a ATTRS=[(UI_ATTR NAME=href VALUE=(STRING \"http://x\") "
       "ATTR_KIND=1)] (UI_TEXT)))");
}
END_TEST

START_TEST(text_spans_are_exact)
{
    lt_parsed p;
    lt_parse(&p, "page P { ui { <p>Clicks: {count} times</p> } }");
    ck_assert_int_eq(p.rc, 0);
    locus_node el = lt_find(&p.ast, locus_ast_root(&p.ast), LOCUS_AST_UI_ELEMENT);
    char *t0 = lt_text(&p.ast, locus_ast_child(&p.ast, el, 0));
    char *t1 = lt_text(&p.ast, locus_ast_child(&p.ast, el, 1));
    char *t2 = lt_text(&p.ast, locus_ast_child(&p.ast, el, 2));
    ck_assert_str_eq(t0, "Clicks: ");
    ck_assert_str_eq(t1, "{count}");
    ck_assert_str_eq(t2, " times");
    free(t0), free(t1), free(t2);
    char *whole = lt_text(&p.ast, el);
    ck_assert_str_eq(whole, "<p>Clicks: {count} times</p>");
    free(whole);
    locus_span sp = locus_ast_span(&p.ast, el);
    ck_assert_uint_eq(sp.column, 15);
    lt_free(&p);
}
END_TEST

START_TEST(if_chains)
{
    /* siblings */
    UIF("<div><if condition={a}>A</if>\n<elseif condition=\"{b}\">B</elseif><else>C</else>"
        "<span/></div>",
        "(UI (UI_ELEMENT NAME=div ATTRS=[] (UI_IF #4000 COND=a ELIFS=[(UI_ELSEIF #4000 COND=b "
        "(UI_TEXT))] ELSE=(UI_ELSE #4000 (UI_TEXT)) (UI_TEXT)) "
        "(UI_ELEMENT #80 NAME=span ATTRS=[])))");
    /* nested branches, and a nested chain keeps its else */
    UI("<if condition={a}><if condition={b}>x</if><else>y</else><elseif condition={c}>C"
       "</elseif><else>Z</else></if>",
       "(UI (UI_IF COND=a ELIFS=[(UI_ELSEIF COND=c (UI_TEXT))] ELSE=(UI_ELSE (UI_TEXT)) "
       "(UI_IF COND=b ELIFS=[] ELSE=(UI_ELSE (UI_TEXT)) (UI_TEXT))))");
    /* D-04 directives and D-05 operators */
    UIF("{#if a == b}A{:elseif !c}B{:else}C{/if}",
        "(UI (UI_IF #100 COND=(BINARY OP=3 LEFT=a RIGHT=b) ELIFS=[(UI_ELSEIF #100 "
        "COND=(UNARY OP=11 OPERAND=c) (UI_TEXT))] ELSE=(UI_ELSE #100 (UI_TEXT)) (UI_TEXT)))");
    /* a root-level if keeps its sibling else */
    UI("<if condition={a}>A</if><else>B</else>",
       "(UI (UI_IF COND=a ELIFS=[] ELSE=(UI_ELSE (UI_TEXT)) (UI_TEXT)))");
    /* a stray else is an ordinary element, as in the reference */
    UI("<else>x</else>", "(UI (UI_ELEMENT NAME=else ATTRS=[] (UI_TEXT)))");
    UI("<if condition=\"ready\"/>", "(UI (UI_IF COND=ready ELIFS=[]))");
}
END_TEST

START_TEST(loops_and_slots)
{
    UIF("<li for:each={item in items} key={item.id}>{item.name}</li>",
        "(UI (UI_EACH #4000 ITEM=item ITERABLE=items (UI_ELEMENT NAME=li ATTRS=[(UI_ATTR "
        "NAME=key VALUE=(MEMBER OBJECT=item PROPERTY=id) ATTR_KIND=1)] (UI_EXPR "
        "EXPR=(MEMBER OBJECT=item PROPERTY=name)))))");
    UI("<li for:each=\"{x in a.b}\"/>",
       "(UI (UI_EACH ITEM=x ITERABLE=(MEMBER OBJECT=a PROPERTY=b) (UI_ELEMENT NAME=li "
       "ATTRS=[])))");
    /* without `in` it stays an attribute (W-10) */
    UI("<li for:each={items}/>",
       "(UI (UI_ELEMENT NAME=li ATTRS=[(UI_ATTR NAME=for:each VALUE=items ATTR_KIND=4)]))");
    UIF("{#each p in posts}<p>{p}</p>{/each}",
        "(UI (UI_EACH #100 ITEM=p ITERABLE=posts (UI_ELEMENT NAME=p ATTRS=[] (UI_EXPR "
        "EXPR=p))))");
    UI("<for:each={post in posts}><b/></for:each>",
       "(UI (UI_EACH ITEM=post ITERABLE=posts (UI_ELEMENT NAME=b ATTRS=[])))");
    UI("<div><slot name=\"header\"/><slot/><slot></slot></div>",
       "(UI (UI_ELEMENT NAME=div ATTRS=[] (UI_SLOT \"header\") (UI_SLOT \"default\") "
       "(UI_SLOT \"default\")))");
}
END_TEST

START_TEST(html_tags)
{
    /* D-08: lower-case tags; void elements need no `/` */
    UIF("<form on:submit={go}><input type=\"text\" bind:value={v}><br><button>Go</button>"
        "</form>",
        "(UI (UI_ELEMENT NAME=form ATTRS=[(UI_ATTR NAME=on:submit VALUE=go ATTR_KIND=2)] "
        "(UI_ELEMENT #80 NAME=input ATTRS=[(UI_ATTR #200 NAME=type VALUE=(STRING \"text\") "
        "ATTR_KIND=1) (UI_ATTR NAME=bind:value VALUE=v ATTR_KIND=3)]) "
        "(UI_ELEMENT #80 NAME=br ATTRS=[]) (UI_ELEMENT NAME=button ATTRS=[] (UI_TEXT))))");
    UI("<><a/></>", "(UI (UI_ELEMENT NAME= ATTRS=[] (UI_ELEMENT NAME=a ATTRS=[])))");
}
END_TEST

START_TEST(markup_errors)
{
    UI_ERROR("<div><p>x</div>", "1:24 closing tag </div> does not match <p> opened at 1:20");
    UI_ERROR("</div>", "1:15 closing tag </div> has no matching opening tag");
    UI_ERROR("<div><span>", "1:20 <span> is never closed");
    UI_ERROR("{/if}", "1:15 {/if} without a matching opening directive");
    UI_ERROR("{#if a}<div>{/if}</div>",
             "1:27 {/if} does not match <div> opened at 1:22");
    UI_ERROR("<if condition={a}>A<else>B</else>C</if>",
             "1:48 only <elseif>/<else> branches may follow inside <if> here");
    UI_ERROR("<div a=\"x></div>", "1:22 unterminated string");
    UI_ERROR("<div a='x></div>", "1:22 unterminated attribute value");
    UI_ERROR("<div a={x></div>", "1:15 this tag is not closed with '>'");
    UI_ERROR("{#each x}{/each}", "1:15 expected {#each item in items}");
    UI_ERROR("<div", "1:15 this tag is not closed with '>'");
}
END_TEST

START_TEST(nesting_is_bounded)
{
    size_t n = 250, len = 0;
    char *markup = malloc(n * 12 + 1);
    for (size_t i = 0; i < n; i++)
        len += (size_t)sprintf(markup + len, "<d>");
    for (size_t i = 0; i < n; i++)
        len += (size_t)sprintf(markup + len, "</d>");
    char *e = ui_error(markup);
    ck_assert_msg(strstr(e, "nested too deeply") != NULL, "%s", e);
    free(e);
    markup[150 * 3] = 0; /* 150 levels, unclosed */
    e = ui_error(markup);
    ck_assert_msg(strstr(e, "never closed") != NULL, "%s", e);
    free(e);
    free(markup);
}
END_TEST

static Suite *ui_suite(void)
{
    Suite *s = suite_create("ui");
    TCase *tc = tcase_create("markup");
    tcase_add_test(tc, elements_and_attributes);
    tcase_add_test(tc, text_and_interpolations);
    tcase_add_test(tc, text_spans_are_exact);
    tcase_add_test(tc, if_chains);
    tcase_add_test(tc, loops_and_slots);
    tcase_add_test(tc, html_tags);
    tcase_add_test(tc, markup_errors);
    tcase_add_test(tc, nesting_is_bounded);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(ui_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
