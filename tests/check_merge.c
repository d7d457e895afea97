/* check_merge.c — tests of the merge stage (plugins/merge): duplicate
 * definitions M-01…M-06 (text, file, position, category order), duplicate
 * themes (D-11), the design-system merge of language.md §12.2, and the
 * output blobs: the project, the per-definition items (whose bytes must
 * not change when another definition of the same file changes), the
 * design_system item and the name index. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "locus_parse.h"
#include "testkit.h"

static void build(tk_project *p, const tk_source *src, size_t n)
{
    ck_assert_int_eq(tk_build(src, n, p), 0);
    if (p->parse_failed)
        ck_abort_msg("%s does not parse: %s", p->failed_key, p->diag.message);
}

static void expect_merge_error(const tk_source *src, size_t n, const char *message,
                               const char *file, uint32_t line, uint32_t column)
{
    tk_project p;
    build(&p, src, n);
    ck_assert_msg(p.merge.has_error, "no merge error (want %s)", message);
    ck_assert_str_eq(p.merge.error.message, message);
    ck_assert_str_eq(p.merge.error.file, file);
    ck_assert_uint_eq(p.merge.error.line, line);
    ck_assert_uint_eq(p.merge.error.column, column);
    tk_free(&p);
}

START_TEST(duplicate_entity_reported_at_later_file)
{
    tk_source src[2] = {{"a.locus", "database { entity A { x: String } }"},
                        {"b.locus", "\n\ndatabase {\n  entity A { y: Integer } }\n"}};
    expect_merge_error(src, 2, "Entity 'A' defined multiple times", "b.locus", 4, 10);
    tk_source same[1] = {{"m.locus", "database { entity A { x: String } }\n"
                                     "database { entity B { x: String } entity A { y: String } }"}};
    expect_merge_error(same, 1, "Entity 'A' defined multiple times", "m.locus", 2, 42);
}
END_TEST

START_TEST(duplicate_messages_per_category)
{
    tk_source page[2] = {{"a.locus", "page Home { }"}, {"b.locus", "page Home { }"}};
    expect_merge_error(page, 2, "Page 'Home' defined multiple times", "b.locus", 1, 6);
    tk_source comp[1] = {{"a.locus", "component C { } component C { }"}};
    expect_merge_error(comp, 1, "Component 'C' defined multiple times", "a.locus", 1, 27);
    tk_source store[1] = {{"a.locus", "store S { } store S { }"}};
    expect_merge_error(store, 1, "Store 'S' defined multiple times", "a.locus", 1, 19);
    tk_source wf[1] = {{"a.locus", "workflow W { } workflow W { }"}};
    expect_merge_error(wf, 1, "Workflow 'W' defined multiple times", "a.locus", 1, 25);
    tk_source up[1] = {{"a.locus", "upload U { field a mime: [pdf] } upload U { field b mime: [pdf] }"}};
    expect_merge_error(up, 1, "Upload policy 'U' defined multiple times", "a.locus", 1, 41);
}
END_TEST

START_TEST(categories_in_order_and_separate)
{
    /* the page duplicate comes first in the files, but entities are checked first */
    tk_source src[2] = {{"a.locus", "page P { } page P { }"},
                        {"b.locus", "database { entity E { } entity E { } }"}};
    expect_merge_error(src, 2, "Entity 'E' defined multiple times", "b.locus", 1, 32);
    tk_source ok[1] = {{"a.locus", "page X { } component X { } store X { } workflow X { } "
                                   "database { entity X { } }"}};
    tk_project p;
    build(&p, ok, 1);
    ck_assert(!p.merge.has_error);
    tk_free(&p);
}
END_TEST

START_TEST(duplicate_theme_is_an_error)
{
    tk_source src[2] = {{"a.locus", "design_system { colors { light { p: \"#fff\" } } }"},
                        {"b.locus", "design_system { colors { \"light\" { q: \"#000\" } } }"}};
    expect_merge_error(src, 2, "Theme 'light' defined multiple times", "b.locus", 1, 26);
}
END_TEST

/* The NAME text of the i-th item of a PROJECT list field. */
static const char *list_name(const locus_ast *ast, locus_ast_field field, size_t i)
{
    return locus_ast_name(ast, locus_ast_list_at(ast, locus_ast_root(ast), field, i), NULL);
}

START_TEST(project_blob_in_unified_order)
{
    tk_source src[2] = {{"a.locus", "database { entity B { } } page P1 { } database { entity A { } }"},
                        {"b.locus", "page P0 { } database { entity C { } } upload U { field f "
                                    "mime: [pdf] }"}};
    tk_project p;
    build(&p, src, 2);
    const locus_ast *ast = &p.project;
    locus_node root = locus_ast_root(ast);
    ck_assert_int_eq(locus_ast_kind_of(ast, root), LOCUS_AST_PROJECT);
    ck_assert_uint_eq(locus_ast_list_count(ast, root, LOCUS_F_ENTITIES), 3);
    ck_assert_str_eq(list_name(ast, LOCUS_F_ENTITIES, 0), "B");
    ck_assert_str_eq(list_name(ast, LOCUS_F_ENTITIES, 1), "A");
    ck_assert_str_eq(list_name(ast, LOCUS_F_ENTITIES, 2), "C");
    ck_assert_str_eq(list_name(ast, LOCUS_F_PAGES, 0), "P1");
    ck_assert_str_eq(list_name(ast, LOCUS_F_PAGES, 1), "P0");
    ck_assert_str_eq(list_name(ast, LOCUS_F_UPLOADS, 0), "U");
    ck_assert_uint_eq(locus_ast_list_count(ast, root, LOCUS_F_DESIGN_SYSTEMS), 0);
    /* positions and texts survive the copy */
    locus_node c = locus_ast_list_at(ast, root, LOCUS_F_ENTITIES, 2);
    locus_span at = locus_ast_span(ast, locus_ast_get(ast, c, LOCUS_F_NAME));
    ck_assert_str_eq(locus_ast_file_path(ast, at.file, NULL), "b.locus");
    ck_assert_uint_eq(at.line, 1);
    ck_assert_uint_eq(at.column, 31);
    /* items: one per definition, keyed by name, in order */
    ck_assert_uint_eq(p.merge.nitems, 6);
    ck_assert_str_eq(lm_category_port(p.merge.items[0].category), "entities");
    ck_assert_str_eq(p.merge.items[0].key, "B");
    ck_assert_str_eq(lm_category_port(p.merge.items[5].category), "uploads");
    tk_free(&p);
}
END_TEST

/* The DESIGN_SYSTEM root of the design_system item. */
static locus_node design_root(const tk_project *p, locus_ast *ast)
{
    ck_assert_int_eq(locus_ast_open(p->merge.design_system.data, p->merge.design_system.size, ast),
                     LOCUS_AST_OK);
    locus_node ds = locus_ast_root(ast);
    ck_assert_int_eq(locus_ast_kind_of(ast, ds), LOCUS_AST_DESIGN_SYSTEM);
    return ds;
}

static const char *entry_text(const locus_ast *ast, locus_node section, size_t i, const char **key)
{
    locus_node e = locus_ast_child(ast, section, i);
    *key = locus_ast_name(ast, e, NULL);
    size_t len;
    return locus_ast_str(ast, locus_ast_get(ast, e, LOCUS_F_VALUE), &len);
}

START_TEST(design_system_merge)
{
    tk_source src[2] = {
        {"f1.locus", "design_system { spacing { sm: \"0.5rem\" md: \"1rem\" } typography { "
                     "fontFamily: \"A\" weights { bold: 700 } } }"},
        {"f2.locus", "design_system { colors { dark { p: \"#000\" } } spacing { md: \"2rem\" lg: "
                     "\"3rem\" } typography { baseSize: \"16px\" weights { bold: 800 light: 300 } "
                     "} }"}};
    tk_project p;
    build(&p, src, 2);
    locus_ast ast;
    locus_node ds = design_root(&p, &ast);
    /* sections in order of first assignment: f1 gives typography, spacing */
    ck_assert_uint_eq(locus_ast_child_count(&ast, ds), 3);
    locus_node typo = locus_ast_child(&ast, ds, 0), spacing = locus_ast_child(&ast, ds, 1);
    ck_assert_int_eq(locus_ast_kind_of(&ast, typo), LOCUS_AST_TYPOGRAPHY);
    ck_assert_int_eq(locus_ast_kind_of(&ast, spacing), LOCUS_AST_SPACING);
    ck_assert_int_eq(locus_ast_kind_of(&ast, locus_ast_child(&ast, ds, 2)), LOCUS_AST_COLORS);
    /* spacing: later value wins, first place kept */
    const char *key;
    ck_assert_uint_eq(locus_ast_child_count(&ast, spacing), 3);
    ck_assert_str_eq(entry_text(&ast, spacing, 0, &key), "0.5rem");
    ck_assert_str_eq(key, "sm");
    ck_assert_str_eq(entry_text(&ast, spacing, 1, &key), "2rem");
    ck_assert_str_eq(key, "md");
    ck_assert_str_eq(entry_text(&ast, spacing, 2, &key), "3rem");
    /* typography: fontFamily, baseSize, weights merged key by key */
    ck_assert_uint_eq(locus_ast_child_count(&ast, typo), 3);
    ck_assert_str_eq(entry_text(&ast, typo, 0, &key), "A");
    ck_assert_str_eq(entry_text(&ast, typo, 1, &key), "16px");
    locus_node weights = locus_ast_child(&ast, typo, 2);
    ck_assert_int_eq(locus_ast_kind_of(&ast, weights), LOCUS_AST_WEIGHTS);
    ck_assert_uint_eq(locus_ast_child_count(&ast, weights), 2);
    ck_assert(locus_ast_number(&ast, locus_ast_get(&ast, locus_ast_child(&ast, weights, 0),
                                                   LOCUS_F_VALUE)) == 800);
    /* the value's position is the later file's */
    locus_span at = locus_ast_span(&ast, locus_ast_get(&ast, locus_ast_child(&ast, spacing, 1),
                                                       LOCUS_F_VALUE));
    ck_assert_str_eq(locus_ast_file_path(&ast, at.file, NULL), "f2.locus");
    /* the project blob holds the same merged node */
    ck_assert_uint_eq(locus_ast_list_count(&p.project, locus_ast_root(&p.project),
                                           LOCUS_F_DESIGN_SYSTEMS),
                      1);
    tk_free(&p);
}
END_TEST

START_TEST(design_system_existence)
{
    tk_source none[1] = {{"a.locus", "design_system { colors { } }"}};
    tk_project p;
    build(&p, none, 1);
    locus_ast ast;
    ck_assert_uint_eq(locus_ast_child_count(&ast, design_root(&p, &ast)), 0);
    ck_assert_uint_eq(locus_ast_list_count(&p.project, locus_ast_root(&p.project),
                                           LOCUS_F_DESIGN_SYSTEMS),
                      0);
    tk_free(&p);
    tk_source empty[1] = {{"a.locus", "design_system { spacing { } }"}};
    build(&p, empty, 1);
    ck_assert_uint_eq(locus_ast_child_count(&ast, design_root(&p, &ast)), 1);
    tk_free(&p);
}
END_TEST

/* The blob of item `key` on `port`. */
static const lm_blob *item(const tk_project *p, const char *port, const char *key)
{
    for (size_t i = 0; i < p->merge.nitems; i++)
        if (!strcmp(lm_category_port(p->merge.items[i].category), port) &&
            !strcmp(p->merge.items[i].key, key))
            return &p->merge.items[i].blob;
    ck_abort_msg("no item %s/%s", port, key);
    return NULL;
}

static int same_blob(const lm_blob *a, const lm_blob *b)
{
    return a->size == b->size && memcmp(a->data, b->data, a->size) == 0;
}

START_TEST(item_blobs_are_independent)
{
    const char *v1 = "// models\ndatabase {\n  entity A { x: String }\n  entity B { y: Integer }\n}\n"
                     "page P { ui { <div/> } }\n";
    const char *v2 = "// models\ndatabase {\n  entity A { x: String }\n  entity B { y: Text }\n}\n"
                     "page P { ui { <span/> } }\n";
    tk_source s1 = {"m.locus", v1}, s2 = {"m.locus", v2};
    tk_project p1, p2;
    build(&p1, &s1, 1);
    build(&p2, &s2, 1);
    /* B and P changed; A did not, and its blob is byte-identical */
    ck_assert(same_blob(item(&p1, "entities", "A"), item(&p2, "entities", "A")));
    ck_assert(!same_blob(item(&p1, "entities", "B"), item(&p2, "entities", "B")));
    ck_assert(!same_blob(item(&p1, "pages", "P"), item(&p2, "pages", "P")));
    /* the index does not change with bodies */
    ck_assert(same_blob(&p1.merge.index, &p2.merge.index));
    /* an item keeps real positions, slices and its file key */
    locus_ast ast;
    const lm_blob *b = item(&p1, "entities", "B");
    ck_assert_int_eq(locus_ast_open(b->data, b->size, &ast), LOCUS_AST_OK);
    locus_node ent = locus_ast_root(&ast);
    ck_assert_int_eq(locus_ast_kind_of(&ast, ent), LOCUS_AST_ENTITY);
    ck_assert_str_eq(locus_ast_name(&ast, ent, NULL), "B");
    locus_node field = locus_ast_child(&ast, ent, 0);
    locus_span at = locus_ast_span(&ast, locus_ast_get(&ast, field, LOCUS_F_NAME));
    ck_assert_uint_eq(at.line, 4);
    ck_assert_uint_eq(at.column, 14);
    ck_assert_str_eq(locus_ast_file_path(&ast, at.file, NULL), "m.locus");
    size_t len;
    const char *text = locus_ast_text(&ast, ent, &len);
    ck_assert_int_eq(strncmp(text, "entity B { y: Integer }", len), 0);
    const lm_blob *page = item(&p1, "pages", "P");
    ck_assert_int_eq(locus_ast_open(page->data, page->size, &ast), LOCUS_AST_OK);
    locus_slice ui;
    ck_assert(locus_ast_get_slice(&ast, locus_ast_child(&ast, locus_ast_root(&ast), 0),
                                  LOCUS_F_CONTENT, &ui));
    ck_assert_int_eq(strncmp(ui.text, "<div/>", ui.length), 0);
    tk_free(&p1);
    tk_free(&p2);
}
END_TEST

START_TEST(index_lists_names_only)
{
    tk_source s1 = {"a.locus", "database { entity A { } } page P { } component C { } store S { } "
                               "workflow W { } upload U { field f mime: [pdf] }"};
    tk_source s2 = {"a.locus", "database { entity A2 { } } page P { } component C { } store S { } "
                               "workflow W { } upload U { field f mime: [pdf] }"};
    tk_project p1, p2;
    build(&p1, &s1, 1);
    build(&p2, &s2, 1);
    ck_assert(!same_blob(&p1.merge.index, &p2.merge.index));
    locus_ast ast;
    ck_assert_int_eq(locus_ast_open(p1.merge.index.data, p1.merge.index.size, &ast), LOCUS_AST_OK);
    ck_assert_uint_eq(locus_ast_file_count(&ast), 0);
    locus_ast_field fields[6] = {LOCUS_F_ENTITIES, LOCUS_F_PAGES, LOCUS_F_COMPONENTS,
                                 LOCUS_F_STORES, LOCUS_F_WORKFLOWS, LOCUS_F_UPLOADS};
    const char *names[6] = {"A", "P", "C", "S", "W", "U"};
    for (int i = 0; i < 6; i++) {
        locus_node n = locus_ast_list_at(&ast, locus_ast_root(&ast), fields[i], 0);
        ck_assert_int_eq(locus_ast_kind_of(&ast, n), LOCUS_AST_IDENT);
        ck_assert_str_eq(locus_ast_str(&ast, n, NULL), names[i]);
        ck_assert_uint_eq(locus_ast_span(&ast, n).line, 0);
    }
    tk_free(&p1);
    tk_free(&p2);
}
END_TEST

START_TEST(empty_project)
{
    tk_project p;
    ck_assert_int_eq(tk_build(NULL, 0, &p), 0);
    ck_assert(!p.merge.has_error);
    ck_assert_uint_eq(p.merge.nitems, 0);
    ck_assert_uint_eq(locus_ast_list_count(&p.project, locus_ast_root(&p.project),
                                           LOCUS_F_ENTITIES),
                      0);
    tk_free(&p);
}
END_TEST

/* Leaving out outputs changes nothing in those written, and still finds
 * merge errors. */
START_TEST(select_writes_only_the_wanted_outputs)
{
    const char *text = "database { entity A { x: String } }\npage P { }\ncomponent C { }\n";
    tk_project full;
    ck_assert_int_eq(tk_build1(text, &full), 0);
    ck_assert_uint_eq(full.merge.nitems, 3);
    ll_parse_result again; /* the file's blob again, with its size */
    ck_assert_int_eq(ll_parse_file("main.locus", 10, text, strlen(text), &again), 0);
    lm_file f = {"main.locus", again.blob, again.blob_size};
    locus_arena *arena = locus_arena_new();
    lm_result part;
    ck_assert_int_eq(lm_merge_select(&f, 1, arena, &part, NULL, NULL,
                                     LM_WANT_PROJECT | LM_WANT_ITEMS(LM_PAGE)),
                     0);
    ck_assert(!part.has_error);
    ck_assert_uint_eq(part.project.size, full.merge.project.size);
    ck_assert(memcmp(part.project.data, full.merge.project.data, part.project.size) == 0);
    ck_assert_ptr_null(part.index.data);
    ck_assert_ptr_null(part.design_system.data);
    ck_assert_uint_eq(part.nitems, 1);
    ck_assert_int_eq(part.items[0].category, LM_PAGE);
    ck_assert_str_eq(part.items[0].key, "P");
    lm_result_free(&part);
    free(again.blob);
    const char *dup = "database { entity A { x: String } entity A { y: String } }";
    ck_assert_int_eq(ll_parse_file("d.locus", 7, dup, strlen(dup), &again), 0);
    lm_file d = {"d.locus", again.blob, again.blob_size};
    ck_assert_int_eq(lm_merge_select(&d, 1, arena, &part, NULL, NULL, LM_WANT_PROJECT), 0);
    ck_assert(part.has_error);
    ck_assert(strstr(part.error.message, "Entity 'A' defined multiple times") != NULL);
    free(again.blob);
    locus_arena_free(arena);
    tk_free(&full);
}
END_TEST

START_TEST(bad_blob_is_an_internal_error)
{
    lm_file f = {"x.locus", "not a blob", 10};
    locus_arena *arena = locus_arena_new();
    lm_result res;
    ck_assert_int_eq(lm_merge(&f, 1, arena, &res), -1);
    ck_assert(strstr(res.error.message, "unreadable AST blob") != NULL);
    locus_arena_free(arena);
}
END_TEST

static Suite *merge_suite(void)
{
    Suite *s = suite_create("merge");
    TCase *tc = tcase_create("merge");
    tcase_add_test(tc, duplicate_entity_reported_at_later_file);
    tcase_add_test(tc, duplicate_messages_per_category);
    tcase_add_test(tc, categories_in_order_and_separate);
    tcase_add_test(tc, duplicate_theme_is_an_error);
    tcase_add_test(tc, select_writes_only_the_wanted_outputs);
    tcase_add_test(tc, project_blob_in_unified_order);
    tcase_add_test(tc, design_system_merge);
    tcase_add_test(tc, design_system_existence);
    tcase_add_test(tc, item_blobs_are_independent);
    tcase_add_test(tc, index_lists_names_only);
    tcase_add_test(tc, empty_project);
    tcase_add_test(tc, bad_blob_is_an_internal_error);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *runner = srunner_create(merge_suite());
    srunner_run_all(runner, CK_NORMAL);
    int failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
