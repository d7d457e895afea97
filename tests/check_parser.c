/* check_parser.c — unit tests of the parser, one test case per grammar
 * area (language.md §4–§10): the AST it builds (as dumps), the positions
 * of its errors (those of the reference, validation.md §4/§12), the
 * decisions of decisions.md, spans and slices. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "ast_dump.h"
#include "lang_testutil.h"

#define EXPECT_STR(got_expr, want)                                                           \
    do {                                                                                     \
        char *got_ = (got_expr);                                                             \
        ck_assert_msg(strcmp(got_, want) == 0, "\n got: %s\nwant: %s", got_, want);         \
        free(got_);                                                                          \
    } while (0)

/* The dump of the first node of a kind. */
#define DUMP(text, kind, want) EXPECT_STR(lt_dump_first(text, kind, 0), want)
#define DUMPF(text, kind, want) EXPECT_STR(lt_dump_first(text, kind, LL_DUMP_FLAGS), want)
/* "line:col" of the parse error, or "ok". */
#define ERROR_AT(text, want) EXPECT_STR(lt_error_at(text), want)

/* ---------------------------------------------------------------- */
/* database                                                          */
/* ---------------------------------------------------------------- */

START_TEST(fields_and_types)
{
    DUMPF("database { entity U { a: String b: Integer? c: Text nullable d: Json | Null } }",
          LOCUS_AST_ENTITY,
          "(ENTITY NAME=U"
          " (FIELD NAME=a TYPE=(TYPE NAME=String CODE=1) ATTRS=[])"
          " (FIELD NAME=b TYPE=(TYPE #1 NAME=Integer CODE=3) ATTRS=[])"
          " (FIELD NAME=c TYPE=(TYPE #2 NAME=Text CODE=2) ATTRS=[])"
          " (FIELD NAME=d TYPE=(TYPE #4 NAME=Json CODE=7) ATTRS=[]))");
    DUMPF("database { entity U { a: String[] b: list of URL c: UUID[] | Null } }",
          LOCUS_AST_ENTITY,
          "(ENTITY NAME=U"
          " (FIELD NAME=a TYPE=(TYPE #8 NAME=String CODE=1) ATTRS=[])"
          " (FIELD NAME=b TYPE=(TYPE #18 NAME=URL CODE=12) ATTRS=[])"
          " (FIELD NAME=c TYPE=(TYPE #c NAME=UUID CODE=10) ATTRS=[]))");
}
END_TEST

START_TEST(attributes)
{
    /* source order is kept; the legacy form is flagged */
    DUMPF("database { entity U { a: Integer @unique (default: 5) @default(now()) @min(1) } }",
          LOCUS_AST_FIELD,
          "(FIELD NAME=a TYPE=(TYPE NAME=Integer CODE=3) ATTRS=["
          "(ATTRIBUTE NAME=unique) "
          "(ATTRIBUTE #20 NAME=default ARGS=[(NUMBER \"5\" NUMBER=5)]) "
          "(ATTRIBUTE #40 NAME=default ARGS=[(CALL ARGS=[] CALLEE=now)]) "
          "(ATTRIBUTE #40 NAME=min ARGS=[(NUMBER \"1\" NUMBER=1)])])");
    DUMP("database { entity U { s: String @length(, 20) @pattern(\"^a\") @email @id } }",
         LOCUS_AST_FIELD,
         "(FIELD NAME=s TYPE=(TYPE NAME=String CODE=1) ATTRS=["
         "(ATTRIBUTE NAME=length ARGS=[(EMPTY) (NUMBER \"20\" NUMBER=20)]) "
         "(ATTRIBUTE NAME=pattern ARGS=[(STRING \"^a\")]) (ATTRIBUTE NAME=email) "
         "(ATTRIBUTE NAME=id)])");
    /* D-01, D-02, Q-11, Q-41 */
    DUMP("database { entity U { s: String @map(\"c\") @length(min: 3, max: 20) "
         "@enum([\"a\", \"b\"]) @message(\"m\") @required @discriminator @default(-1) } }",
         LOCUS_AST_FIELD,
         "(FIELD NAME=s TYPE=(TYPE NAME=String CODE=1) ATTRS=["
         "(ATTRIBUTE NAME=map ARGS=[(STRING \"c\")]) "
         "(ATTRIBUTE NAME=length ARGS=[(ENTRY NAME=min VALUE=(NUMBER \"3\" NUMBER=3)) "
         "(ENTRY NAME=max VALUE=(NUMBER \"20\" NUMBER=20))]) "
         "(ATTRIBUTE NAME=enum ARGS=[(ARRAY (STRING \"a\") (STRING \"b\"))]) "
         "(ATTRIBUTE NAME=message ARGS=[(STRING \"m\")]) (ATTRIBUTE NAME=required) "
         "(ATTRIBUTE NAME=discriminator) "
         "(ATTRIBUTE NAME=default ARGS=[(NUMBER \"1\" NUMBER=-1)])])");
    DUMP("database { entity U { s: String (map: \"col\") (policy: admin) (unique) "
         "@default(uuid(1, \"x\", true)) } }",
         LOCUS_AST_FIELD,
         "(FIELD NAME=s TYPE=(TYPE NAME=String CODE=1) ATTRS=["
         "(ATTRIBUTE NAME=map ARGS=[(STRING \"col\")]) "
         "(ATTRIBUTE NAME=policy ARGS=[admin]) (ATTRIBUTE NAME=unique) "
         "(ATTRIBUTE NAME=default ARGS=[(CALL ARGS=[(NUMBER \"1\" NUMBER=1) (STRING \"x\") "
         "true] CALLEE=uuid)])])");
}
END_TEST

START_TEST(relations)
{
    DUMPF("database { entity B { a: belongs_to A? @unique (policy: cascade) @policy(cascade) "
          "on_delete: cascade inverse: bs } }",
          LOCUS_AST_RELATION,
          "(RELATION #1 NAME=a ATTRS=[(ATTRIBUTE NAME=unique) "
          "(ATTRIBUTE #20 NAME=policy ARGS=[cascade]) "
          "(ATTRIBUTE #40 NAME=policy ARGS=[cascade])] TARGET=A REL_KIND=2 "
          "ON_DELETE=cascade INVERSE=bs)");
    DUMP("database { entity A { bs: has_many B c: has_one C (onDelete: restrict) } }",
         LOCUS_AST_ENTITY,
         "(ENTITY NAME=A (RELATION NAME=bs ATTRS=[] TARGET=B REL_KIND=1) "
         "(RELATION NAME=c ATTRS=[(ATTRIBUTE NAME=onDelete ARGS=[restrict])] TARGET=C "
         "REL_KIND=3))");
}
END_TEST

START_TEST(database_decisions)
{
    /* a field named nullable after another field */
    DUMP("database { entity U { a: String\n nullable: Integer } }", LOCUS_AST_ENTITY,
         "(ENTITY NAME=U (FIELD NAME=a TYPE=(TYPE NAME=String CODE=1) ATTRS=[]) "
         "(FIELD NAME=nullable TYPE=(TYPE NAME=Integer CODE=3) ATTRS=[]))");
    /* type aliases resolve; the name as written is kept */
    DUMP("type Money = Decimal\ndatabase { entity A { m: Money } }", LOCUS_AST_TYPE,
         "(TYPE NAME=Decimal ALIAS=Money CODE=4)");
}
END_TEST

START_TEST(database_errors)
{
    ERROR_AT("database { entity User { name String } }", "1:26");
    ERROR_AT("database { entity User { owner: User } }", "1:26");
    ERROR_AT("database {\n  entity A {\n    message: Text\n  }\n}", "3:5");
    ERROR_AT("database { entity { } }", "1:19");
    ERROR_AT("database { entity User } }", "1:24");
    ERROR_AT("database { entity User { \"oops\" } }", "1:26");
    ERROR_AT("database { entity U { a: String[]? } }", "1:34");
    ERROR_AT("database { entity U { a: String @default(, 1) } }", "1:42");
    ERROR_AT("database { entity U { a: String @length(1,) } }", "1:43");
    ERROR_AT("database { entity U { a: String @state } }", "1:34");
    ERROR_AT("database { entity U { a: String (foo: 1) } }", "1:34");
    ERROR_AT("database { entity Email { } }", "1:19");
    ERROR_AT("database {", "1:11");
    /* P-04 is reported only when the rest parses */
    ERROR_AT("database { entity U { a: list of String? } }", "1:40");
    ERROR_AT("database { entity U { a: String?[] } }", "1:32");
    ERROR_AT("database { entity U { a: list of String? } } oops", "1:46");
}
END_TEST

/* ---------------------------------------------------------------- */
/* design system                                                     */
/* ---------------------------------------------------------------- */

START_TEST(design_system)
{
    DUMP("design_system { colors { light { primary: \"#007bff\" } \"dark\" { primary: #0a84ff } }"
         " typography { fontFamily: \"Inter\" baseSize: \"16px\" weights { bold: 700 } }"
         " spacing { sm: 4 } radii { md: \"4px\" } shadows { lg: \"0 1px\" } }",
         LOCUS_AST_DESIGN_SYSTEM,
         "(DESIGN_SYSTEM (COLORS (THEME NAME=light (ENTRY NAME=primary VALUE=(STRING \"#007bff\")))"
         " (THEME NAME=(STRING \"dark\") (ENTRY NAME=primary VALUE=(HEX_COLOR \"#0a84ff\"))))"
         " (TYPOGRAPHY (ENTRY NAME=fontFamily VALUE=(STRING \"Inter\"))"
         " (ENTRY NAME=baseSize VALUE=(STRING \"16px\"))"
         " (WEIGHTS (ENTRY NAME=bold VALUE=(NUMBER \"700\" NUMBER=700))))"
         " (SPACING (ENTRY NAME=sm VALUE=(NUMBER \"4\" NUMBER=4)))"
         " (RADII (ENTRY NAME=md VALUE=(STRING \"4px\")))"
         " (SHADOWS (ENTRY NAME=lg VALUE=(STRING \"0 1px\"))))");
    DUMP("design_system { colors { } }", LOCUS_AST_DESIGN_SYSTEM, "(DESIGN_SYSTEM (COLORS))");
}
END_TEST

START_TEST(design_system_errors)
{
    ERROR_AT("design_system { weights { a: 1 } }", "1:17");
    ERROR_AT("design_system { spacing { sm: 4px } }", "1:35");
    ERROR_AT("design_system {\n  colors {\n    light {\n      primary-hover: \"#0056b3\"", "4:14");
    ERROR_AT("design_system { spacing { 2xl: 1 } }", "1:27");
    ERROR_AT("design_system { spacing { default: 1 } }", "1:27");
    /* clear errors instead of the reference's crash, after the parse */
    ERROR_AT("design_system { typography { baseSize: #fff } }", "1:40");
    ERROR_AT("design_system { typography { weights { bold: \"700\" } } }", "1:46");
    ERROR_AT("design_system { typography { weights { bold: \"700\" } } } junk", "1:58");
}
END_TEST

/* ---------------------------------------------------------------- */
/* pages, components, stores                                         */
/* ---------------------------------------------------------------- */

START_TEST(page_items)
{
    DUMP("page Home (guard: admin) { state { count: Integer = 0 name: String? = \"x\" "
         "items: list of Item = [] } on load { init() } action inc(a: Integer, b) { count = "
         "count + 1 } ui { <div/> } }",
         LOCUS_AST_PAGE,
         "(PAGE NAME=Home GUARD=admin (STATE_BLOCK BODY=« count: Integer = 0 name: String? = "
         "\\\"x\\\" items: list of Item = [] » CONTENT=«count: Integer = 0 name: String? = "
         "\\\"x\\\" items: list of Item = []» "
         "(STATE_DECL NAME=count TYPE=(TYPE NAME=Integer) INIT=(NUMBER \"0\" NUMBER=0)) "
         "(STATE_DECL NAME=name TYPE=(TYPE NAME=String) INIT=(STRING \"x\")) "
         "(STATE_DECL NAME=items TYPE=(TYPE NAME=Item) INIT=(ARRAY))) "
         "(ON_LOAD BODY=« init() » CONTENT=«init()») "
         "(ACTION NAME=inc PARAMS=[(ACTION_PARAM NAME=a TYPE=(TYPE NAME=Integer)) "
         "(ACTION_PARAM NAME=b)] BODY=« count = count + 1 » CONTENT=«count = count + 1») "
         "(UI BODY=« <div/> » CONTENT=«<div/>» (UI_ELEMENT NAME=div ATTRS=[])))");
}
END_TEST

START_TEST(state_initialisers)
{
    /* the initialiser's text is the default */
    lt_parsed p;
    lt_parse(&p, "page P { state { a: Integer = -1 b: Boolean = !done c: Integer = (1 + (2)) "
                 "d: Decimal = 1.50; } }");
    ck_assert_int_eq(p.rc, 0);
    locus_node block = lt_find(&p.ast, locus_ast_root(&p.ast), LOCUS_AST_STATE_BLOCK);
    const char *want[] = {"-1", "!done", "(1 + (2))", "1.50"};
    const char *types[] = {"Integer", "Boolean", "Integer", "Decimal"};
    ck_assert_uint_eq(locus_ast_child_count(&p.ast, block), 4);
    for (size_t i = 0; i < 4; i++) {
        locus_node decl = locus_ast_child(&p.ast, block, i);
        char *init = lt_text(&p.ast, locus_ast_get(&p.ast, decl, LOCUS_F_INIT));
        ck_assert_str_eq(init, want[i]);
        free(init);
        ck_assert_str_eq(locus_ast_name(&p.ast, locus_ast_get(&p.ast, decl, LOCUS_F_TYPE), NULL),
                         types[i]); /* declared types kept */
    }
    lt_free(&p);
}
END_TEST

START_TEST(raw_blocks_take_any_text)
{
    /* Q-06/Q-07/D-07: any text with balanced braces; strings and comments respected */
    lt_parsed p;
    lt_parse(&p, "page P { action a() {\n  const x = await create(User, { a: \"}\" }) // }\n"
                 "  if (a == b && c) { x.length } // trailing\n} on load { } }");
    ck_assert_int_eq(p.rc, 0);
    locus_node act = lt_find(&p.ast, locus_ast_root(&p.ast), LOCUS_AST_ACTION);
    char *content = lt_slice(&p.ast, act, LOCUS_F_CONTENT);
    ck_assert_str_eq(content, "const x = await create(User, { a: \"}\" }) // }\n"
                              "  if (a == b && c) { x.length }");
    free(content);
    locus_node onload = lt_find(&p.ast, locus_ast_root(&p.ast), LOCUS_AST_ON_LOAD);
    content = lt_slice(&p.ast, onload, LOCUS_F_CONTENT);
    ck_assert_str_eq(content, "");
    free(content);
    lt_free(&p);
}
END_TEST

START_TEST(fallback_items)
{
    /* an unknown item no longer swallows the items after it */
    DUMP("page P { foo bar(1) state { a: Integer = 1 } }", LOCUS_AST_PAGE,
         "(PAGE NAME=P (RAW) (STATE_BLOCK BODY=« a: Integer = 1 » CONTENT=«a: Integer = 1» "
         "(STATE_DECL NAME=a TYPE=(TYPE NAME=Integer) INIT=(NUMBER \"1\" NUMBER=1))))");
    DUMP("component C { param size: Integer = 48 // note\n ui { <Image/> } }",
         LOCUS_AST_COMPONENT,
         "(COMPONENT NAME=C (PARAM NAME=size TYPE=(TYPE NAME=Integer) DEFAULT=(RAW)) "
         "(UI BODY=« <Image/> » CONTENT=«<Image/>» (UI_ELEMENT NAME=Image ATTRS=[])))");
    /* state/action/on load in a component are Raw items, as in the reference */
    ERROR_AT("component C { state { a: Integer = 1 } on load { x } ui { <div/> } }", "ok");
    ERROR_AT("component TaskItem {\n  action add(t: Tag) {\n    // x\n    update(t, {})\n  }\n}",
             "2:22");
    ERROR_AT("page P { foo { a update } }", "1:18");
}
END_TEST

START_TEST(component_and_store)
{
    DUMPF("component Card { param title: String? = \"Untitled\" param users: list of User "
          "ui { <div>{title}</div> } style: override { .x { color: red; } } }",
          LOCUS_AST_COMPONENT,
          "(COMPONENT NAME=Card (PARAM NAME=title TYPE=(TYPE #1 NAME=String) DEFAULT=(RAW)) "
          "(PARAM NAME=users TYPE=(TYPE #18 NAME=User)) "
          "(UI BODY=« <div>{title}</div> » CONTENT=«<div>{title}</div>» "
          "(UI_ELEMENT NAME=div ATTRS=[] (UI_EXPR EXPR=title))) "
          "(STYLE_OVERRIDE #1000 BODY=« .x { color: red; } » CONTENT=«.x { color: red; }»))");
    /* store actions are kept */
    DUMP("store S { state { a: Integer = 1 } action go { x() } count: Integer = 0 }",
         LOCUS_AST_STORE,
         "(STORE NAME=S (STATE_BLOCK BODY=« a: Integer = 1 » CONTENT=«a: Integer = 1» "
         "(STATE_DECL NAME=a TYPE=(TYPE NAME=Integer) INIT=(NUMBER \"1\" NUMBER=1))) "
         "(ACTION NAME=go BODY=« x() » CONTENT=«x()») (RAW))");
}
END_TEST

START_TEST(page_errors)
{
    ERROR_AT("page Home ui { <div/> }", "1:11");
    ERROR_AT("page P { on unload { } }", "1:13");
    ERROR_AT("page P { state { x: Float = 1 } }", "1:21");
    ERROR_AT("page P { state { email: \"\" } }", "1:25");
    ERROR_AT("page P {\n  state {\n    isLoading: true\n  }\n}", "4:3");
    ERROR_AT("page P { action a(x: UUID) {} }", "1:22");
    ERROR_AT("component C { param e: Email }", "1:24");
    ERROR_AT("page P { style_override { } }", "1:10");
    ERROR_AT("component L { ui { <div/> } style { .x { } } }", "1:29");
    ERROR_AT("page P (guard: admin) { }", "ok");
    ERROR_AT("component C (guard: admin) { }", "1:13");
    ERROR_AT("page P { ui { <p>\"open</p> } }", "1:18");
    ERROR_AT("page P { ui { <p>x</p> }", "1:25");
}
END_TEST

/* ---------------------------------------------------------------- */
/* workflows                                                         */
/* ---------------------------------------------------------------- */

START_TEST(workflow_blocks)
{
    DUMPF("workflow W { trigger { on:create(Order) on webhook(secret: S) on update(A) } "
          "input { a } state { b: Integer = 1 } on_error { notify rollback } "
          "on_failure { x } concurrency { limit: 5, group: g } "
          "retry { max: 3, backoff: exponential, factor: -2 delay: 5s, jitter: 1 } }",
          LOCUS_AST_WORKFLOW,
          "(WORKFLOW NAME=W (TRIGGER BODY=« on:create(Order) on webhook(secret: S) on "
          "update(A) » CONTENT=«on:create(Order) on webhook(secret: S) on update(A)» "
          "(TRIGGER_EVENT #1040 EVENT=1 ENTITY=Order) "
          "(TRIGGER_EVENT #40 EVENT=4 KEY=secret SECRET=S) "
          "(TRIGGER_EVENT #40 EVENT=2 ENTITY=A)) "
          "(INPUT BODY=« a » CONTENT=«a») "
          "(STATE_BLOCK BODY=« b: Integer = 1 » CONTENT=«b: Integer = 1» (STATE_DECL NAME=b "
          "TYPE=(TYPE NAME=Integer) INIT=(NUMBER \"1\" NUMBER=1))) "
          "(ON_ERROR BODY=« notify rollback » CONTENT=«notify rollback») "
          "(ON_FAILURE BODY=« x » CONTENT=«x») "
          "(CONCURRENCY (ENTRY NAME=limit VALUE=(NUMBER \"5\" NUMBER=5)) (ENTRY NAME=group "
          "VALUE=g)) "
          "(RETRY (ENTRY NAME=max VALUE=(NUMBER \"3\" NUMBER=3)) (ENTRY NAME=backoff "
          "VALUE=exponential) (ENTRY NAME=factor VALUE=(NUMBER #800 \"2\" NUMBER=-2)) "
          "(ENTRY NAME=delay VALUE=(DURATION \"5s\" NUMBER=5000)) (ENTRY NAME=jitter "
          "VALUE=(NUMBER \"1\" NUMBER=1))))");
    DUMP("workflow W { trigger { t } }", LOCUS_AST_TRIGGER,
         "(TRIGGER BODY=« t » CONTENT=«t»)");
}
END_TEST

START_TEST(workflow_steps)
{
    DUMPF("workflow W { steps {\n"
          " const x = run bar(x.y)\n"
          " run go\n"
          " run compute(a: 1, b: \"s\", c: p.q, d)\n"
          " branch { condition: x > 1 && !y steps { run a() } else { run b() } }\n"
          " forEach item in order.items { delay { 5s } }\n"
          " http_request fetch { url: \"https://x\" }\n"
          " send_email { to: user.email, subject: \"Hi\" }\n"
          " parallel { run a } queue_publish { topic: t } db_tx { run b }\n"
          "} }",
          LOCUS_AST_STEPS,
          "(STEPS (STEP_RUN #40 ARGS=[(MEMBER OBJECT=x PROPERTY=y)] BINDING=x "
          "BINDING_RAW=«const x =» ACTION=bar ARGS_RAW=«x.y») "
          "(STEP_RUN ACTION=go) "
          "(STEP_RUN #40 ARGS=[(ENTRY NAME=a VALUE=(NUMBER \"1\" NUMBER=1)) (ENTRY NAME=b "
          "VALUE=(STRING \"s\")) (ENTRY NAME=c VALUE=(MEMBER OBJECT=p PROPERTY=q)) d] "
          "ACTION=compute ARGS_RAW=«a: 1, b: \\\"s\\\", c: p.q, d») "
          "(STEP_BRANCH COND=(BINARY OP=2 LEFT=(BINARY OP=6 LEFT=x RIGHT=(NUMBER \"1\" NUMBER=1)) "
          "RIGHT=(UNARY OP=11 OPERAND=y)) COND_RAW=«condition: x > 1 && !y» "
          "(STEPS (STEP_RUN #40 ARGS=[] ACTION=a ARGS_RAW=«»)) "
          "(BRANCH_ELSE (STEP_RUN #40 ARGS=[] ACTION=b ARGS_RAW=«»))) "
          "(STEP_FOR_EACH ITEM=item ITERABLE=(MEMBER OBJECT=order PROPERTY=items) "
          "(STEP_DELAY BODY=« 5s » CONTENT=«5s»)) "
          "(STEP_HTTP_REQUEST NAME=fetch BODY=« url: \\\"https://x\\\" » "
          "CONTENT=«url: \\\"https://x\\\"») "
          "(STEP_SEND_EMAIL BODY=« to: user.email, subject: \\\"Hi\\\" » "
          "CONTENT=«to: user.email, subject: \\\"Hi\\\"» (ENTRY NAME=to VALUE=(RAW)) "
          "(ENTRY NAME=subject VALUE=(STRING \"Hi\"))) "
          "(STEP_PARALLEL (STEP_RUN ACTION=a)) "
          "(STEP_QUEUE_PUBLISH BODY=« topic: t » CONTENT=«topic: t») "
          "(STEP_DB_TX (STEP_RUN ACTION=b)))");
}
END_TEST

START_TEST(workflow_errors)
{
    ERROR_AT("workflow W { trigger { } steps { } }", "1:24");
    ERROR_AT("workflow W { trigger { // manual\n } }", "2:2");
    ERROR_AT("workflow W { trigger { on foo(A) } }", "1:27");
    ERROR_AT("workflow W { concurrency { } }", "1:28");
    ERROR_AT("workflow W { retry { limit: 2 } }", "1:22");
    ERROR_AT("workflow W { trigger { t } retry { delay: 5x } steps { } }", "1:46");
    ERROR_AT("workflow W { steps { else if {} } }", "1:22");
    ERROR_AT("workflow W { trigger { on:create(A) } steps { run a(, ) } }", "1:53");
    ERROR_AT("workflow W { trigger { t } steps { run () } }", "1:40");
    ERROR_AT("workflow W { trigger { t } steps { http_request } }", "1:49");
    ERROR_AT("workflow W { trigger { t } steps { run doThing() { run other() } } }", "1:50");
    ERROR_AT("workflow W { trigger { t } steps { send_email to: x } }", "1:47");
    ERROR_AT("workflow W { steps { forEach item list { } } }", "1:35");
    ERROR_AT("workflow W { steps { run a(\"x\") } }", "1:28");
    ERROR_AT("workflow W { steps { const x = 5 } }", "1:32");
    /* a condition with `==` and an else the condition does not swallow */
    ERROR_AT("workflow W { steps { branch { condition: x == 1 else { run b } } } }", "ok");
}
END_TEST

/* ---------------------------------------------------------------- */
/* uploads, top level                                                */
/* ---------------------------------------------------------------- */

START_TEST(uploads)
{
    DUMPF("upload U { field a maxSize: 5MB maxCount: 3 mime: [image/png, text] required "
          "field b mime: [x] store strategy: local path: \"u/\" naming: uuid }",
          LOCUS_AST_UPLOAD,
          "(UPLOAD NAME=U BODY=« field a maxSize: 5MB maxCount: 3 mime: [image/png, text] "
          "required field b mime: [x] store strategy: local path: \\\"u/\\\" naming: uuid » "
          "CONTENT=«field a maxSize: 5MB maxCount: 3 mime: [image/png, text] required field b "
          "mime: [x] store strategy: local path: \\\"u/\\\" naming: uuid» "
          "(UPLOAD_FIELD #2000 NAME=a MAX_SIZE=(SIZE \"5MB\" NUMBER=5242880) "
          "MAX_COUNT=(NUMBER \"3\" NUMBER=3) MIME=[(MIME \"image/png\") (MIME \"text\")]) "
          "(UPLOAD_FIELD NAME=b MIME=[(MIME \"x\")]) "
          "(UPLOAD_STORE (ENTRY NAME=strategy VALUE=local) (ENTRY NAME=path VALUE=(STRING "
          "\"u/\")) (ENTRY NAME=naming VALUE=uuid)))");
    ERROR_AT("upload U { field a mime: [] }", "1:27");
    ERROR_AT("upload U { field a mime: [image/*] }", "1:33");
    ERROR_AT("upload U { field a maxCount: 1 maxSize: 5MB mime: [a] }", "1:32");
}
END_TEST

START_TEST(top_level)
{
    ERROR_AT("entityx Foo {}", "1:1");
    ERROR_AT("  type Money = Decimal", "1:3");
    ERROR_AT("\n\n<PageLayout>\n", "3:1");
    ERROR_AT("", "ok");
    ERROR_AT("// only a comment\n", "ok");
    ERROR_AT("\xEF\xBB\xBF" "database { }", "ok"); /* */
    /* the reference lexes the whole file first: a later lexer error wins */
    ERROR_AT("component C { }\n<Page>\n  <p>&copy;</p>\n", "3:6");
    DUMP("type A = String\ndatabase { }\ntype B = Integer\n", LOCUS_AST_FILE,
         "(FILE (TYPE_ALIAS NAME=A TARGET=String) (DATABASE) (TYPE_ALIAS NAME=B TARGET=Integer))");
}
END_TEST

/* ---------------------------------------------------------------- */
/* spans and slices                                                  */
/* ---------------------------------------------------------------- */

static locus_span name_span(const lt_parsed *p, locus_ast_kind kind)
{
    locus_node n = lt_find(&p->ast, locus_ast_root(&p->ast), kind);
    return locus_ast_span(&p->ast, locus_ast_get(&p->ast, n, LOCUS_F_NAME));
}

START_TEST(spans_count_utf16_columns)
{
    lt_parsed p;
    /* 😀 is 4 bytes, 2 UTF-16 units; é is 2 bytes, 1 unit */
    lt_parse(&p, "page P { state { s: String = \"😀é\" } ui { <p>😀</p> <b/> } }");
    ck_assert_int_eq(p.rc, 0);
    locus_node b = lt_find(&p.ast, locus_ast_root(&p.ast), LOCUS_AST_UI_ELEMENT);
    locus_span sp = locus_ast_span(&p.ast, b);
    ck_assert_uint_eq(sp.line, 1);
    ck_assert_uint_eq(sp.column, 43); /* <p> */
    locus_node root = locus_ast_root(&p.ast);
    locus_node ui = lt_find(&p.ast, root, LOCUS_AST_UI);
    locus_node b2 = locus_ast_child(&p.ast, ui, 2); /* after the " " text */
    sp = locus_ast_span(&p.ast, b2);
    ck_assert_uint_eq(sp.column, 53); /* <b/>: 12 bytes later, 10 units */
    ck_assert_uint_eq(sp.offset, 57);
    uint32_t line, col;
    ck_assert(locus_ast_position(&p.ast, 0, 57, &line, &col));
    ck_assert_uint_eq(col, 53);
    lt_free(&p);
}
END_TEST

START_TEST(spans_lines_and_names)
{
    lt_parsed p;
    lt_parse(&p, "\xEF\xBB\xBF" "database {\r\n  entity A {\r    x: String\n  }\n}\n"
                 "\n\npage Home { }");
    ck_assert_int_eq(p.rc, 0);
    locus_span e = name_span(&p, LOCUS_AST_ENTITY);
    ck_assert_uint_eq(e.line, 2);
    ck_assert_uint_eq(e.column, 10);
    locus_span f = name_span(&p, LOCUS_AST_FIELD);
    ck_assert_uint_eq(f.line, 3); /* a lone CR ends a line */
    ck_assert_uint_eq(f.column, 5);
    locus_span pg = name_span(&p, LOCUS_AST_PAGE);
    ck_assert_uint_eq(pg.line, 8);
    ck_assert_uint_eq(pg.column, 6);
    locus_node db = lt_find(&p.ast, locus_ast_root(&p.ast), LOCUS_AST_DATABASE);
    locus_span ds = locus_ast_span(&p.ast, db);
    ck_assert_uint_eq(ds.column, 1); /* the BOM takes no column */
    ck_assert_uint_eq(ds.offset, 3);
    lt_free(&p);
}
END_TEST

START_TEST(aliases_do_not_move_positions)
{
    /* positions and slices refer to the file as written */
    lt_parsed p;
    lt_parse(&p, "type Money = Decimal\n\n\ndatabase { entity A { m: Money } }\n"
                 "page P { ui { <div class=\"shop\">Money</div> } }");
    ck_assert_int_eq(p.rc, 0);
    locus_span pg = name_span(&p, LOCUS_AST_PAGE);
    ck_assert_uint_eq(pg.line, 5);
    ck_assert_uint_eq(pg.column, 6);
    locus_node ui = lt_find(&p.ast, locus_ast_root(&p.ast), LOCUS_AST_UI);
    char *s = lt_slice(&p.ast, ui, LOCUS_F_CONTENT);
    ck_assert_str_eq(s, "<div class=\"shop\">Money</div>");
    free(s);
    locus_span ty = locus_ast_span(&p.ast, lt_find(&p.ast, locus_ast_root(&p.ast), LOCUS_AST_TYPE));
    ck_assert_uint_eq(ty.line, 4);
    ck_assert_uint_eq(ty.column, 26);
    lt_free(&p);
}
END_TEST

START_TEST(error_positions_are_utf16)
{
    ERROR_AT("page P { state { s: String = \"😀\" x } }", "1:37");
    ERROR_AT("// 😀😀\nentityx", "2:1");
    ERROR_AT("page P { ui { x } } 😀 é", "1:21"); /* 😀 starts no token */
    ERROR_AT("page P { ui { x } } oops é", "1:26"); /* the lexer error after the parse error wins */
}
END_TEST

static Suite *parser_suite(void)
{
    Suite *s = suite_create("parser");
    TCase *db = tcase_create("database");
    tcase_add_test(db, fields_and_types);
    tcase_add_test(db, attributes);
    tcase_add_test(db, relations);
    tcase_add_test(db, database_decisions);
    tcase_add_test(db, database_errors);
    suite_add_tcase(s, db);
    TCase *ds = tcase_create("design_system");
    tcase_add_test(ds, design_system);
    tcase_add_test(ds, design_system_errors);
    suite_add_tcase(s, ds);
    TCase *pg = tcase_create("pages");
    tcase_add_test(pg, page_items);
    tcase_add_test(pg, state_initialisers);
    tcase_add_test(pg, raw_blocks_take_any_text);
    tcase_add_test(pg, fallback_items);
    tcase_add_test(pg, component_and_store);
    tcase_add_test(pg, page_errors);
    suite_add_tcase(s, pg);
    TCase *wf = tcase_create("workflows");
    tcase_add_test(wf, workflow_blocks);
    tcase_add_test(wf, workflow_steps);
    tcase_add_test(wf, workflow_errors);
    suite_add_tcase(s, wf);
    TCase *top = tcase_create("top");
    tcase_add_test(top, uploads);
    tcase_add_test(top, top_level);
    suite_add_tcase(s, top);
    TCase *sp = tcase_create("spans");
    tcase_add_test(sp, spans_count_utf16_columns);
    tcase_add_test(sp, spans_lines_and_names);
    tcase_add_test(sp, aliases_do_not_move_positions);
    tcase_add_test(sp, error_positions_are_utf16);
    suite_add_tcase(s, sp);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(parser_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
