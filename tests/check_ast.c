/* check_ast.c — unit tests of the AST blob: the reader's validation (a
 * truncated or corrupted blob is rejected or read safely, never a crash),
 * accessors, positions, the builder's rollback and depth limit, and deep
 * copy into a multi-file blob as the merge stage does it. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ast_build.h"
#include "ast_dump.h"
#include "lang_testutil.h"

static const char *const sample =
    "type Money = Decimal\n"
    "database { entity User { id: Integer @unique price: Money? (default: 1)\n"
    "  posts: has_many Post } }\n"
    "design_system { colors { light { primary: #0a84ff } } }\n"
    "page Home (guard: admin) { state { n: Integer = 0 } action inc() { n = n + 1 }\n"
    "  ui { <div on:click={inc}>{n} <if condition={n > 1}>big</if><else>small</else>\n"
    "  <li for:each={x in xs}>{x.name}</li></div> } }\n"
    "workflow W { trigger { on create(User) } steps { const r = run inc(a: 1)\n"
    "  branch { condition: r steps { delay { 5s } } } } retry { max: 3 } }\n"
    "upload U { field f maxSize: 5MB mime: [image/png] store path: \"u/\" }\n";

/* Every accessor on every node; the walk must stay inside the blob. */
static size_t walk(const locus_ast *ast, locus_node n, unsigned depth)
{
    if (!n)
        return 0;
    ck_assert_uint_le(depth, LOCUS_AST_MAX_DEPTH);
    size_t count = 1, len;
    locus_span sp = locus_ast_span(ast, n);
    (void)locus_ast_kind_of(ast, n);
    (void)locus_ast_flags(ast, n);
    const char *t = locus_ast_text(ast, n, &len);
    if (t && len)
        ck_assert(t[0] == t[0] && t[len - 1] == t[len - 1]);
    const char *s = locus_ast_str(ast, n, &len);
    if (s)
        ck_assert_int_eq(s[len], 0);
    uint32_t line, col;
    locus_ast_position(ast, sp.file, sp.offset, &line, &col);
    (void)locus_ast_name(ast, n, NULL);
    size_t nf = locus_ast_field_count(ast, n);
    for (size_t i = 0; i < nf; i++) {
        locus_field_info fi = locus_ast_field_at(ast, n, i);
        locus_slice sl;
        double v;
        (void)locus_ast_get_str(ast, n, fi.id, &len);
        (void)locus_ast_get_num(ast, n, fi.id, &v);
        (void)locus_ast_get_int(ast, n, fi.id, 0);
        if (locus_ast_get_slice(ast, n, fi.id, &sl) && sl.length)
            ck_assert(sl.text[sl.length - 1] == sl.text[sl.length - 1]);
        count += walk(ast, locus_ast_get(ast, n, fi.id), depth + 1);
        size_t k = locus_ast_list_count(ast, n, fi.id);
        for (size_t j = 0; j < k; j++)
            count += walk(ast, locus_ast_list_at(ast, n, fi.id, j), depth + 1);
    }
    return count;
}

START_TEST(valid_blob_opens)
{
    lt_parsed p;
    lt_parse(&p, sample);
    ck_assert_int_eq(p.rc, 0);
    ck_assert_int_eq(locus_ast_kind_of(&p.ast, locus_ast_root(&p.ast)), LOCUS_AST_FILE);
    ck_assert_uint_eq(locus_ast_file_count(&p.ast), 1);
    size_t len;
    ck_assert_str_eq(locus_ast_file_path(&p.ast, 0, &len), "test.locus");
    const char *text = locus_ast_file_text(&p.ast, 0, &len);
    ck_assert_uint_eq(len, strlen(sample));
    ck_assert(memcmp(text, sample, len) == 0);
    ck_assert_uint_gt(walk(&p.ast, locus_ast_root(&p.ast), 1), 80);
    ck_assert_str_eq(locus_ast_kind_name(LOCUS_AST_UI_ELEMENT), "UI_ELEMENT");
    ck_assert_str_eq(locus_ast_field_name(LOCUS_F_CONTENT), "CONTENT");
    ck_assert_ptr_null(locus_ast_kind_name((locus_ast_kind)9999));
    lt_free(&p);
}
END_TEST

/* A merged project holds every file of the project: more than 65,535 of
 * them must keep their own index (AST version 1 stored it in 16 bits). */
START_TEST(more_files_than_sixteen_bits)
{
    enum { NFILES = 70000 };
    ll_builder *b = ll_builder_new();
    ck_assert_ptr_nonnull(b);
    ll_open(b, LOCUS_AST_PROJECT, LOCUS_AST_NO_FILE, 0);
    size_t mark = ll_list_begin(b);
    char key[32];
    for (uint32_t i = 0; i < NFILES; i++) {
        int len = snprintf(key, sizeof key, "f%u.locus", (unsigned)i);
        uint32_t file = ll_add_file(b, key, (size_t)len, "x\ny", 3, 0);
        ck_assert_uint_eq(file, i);
        ll_push(b, ll_ident(b, file, 2, 1, "y", 1));
    }
    /* the same key again is the same file */
    ck_assert_uint_eq(ll_add_file(b, "f69999.locus", 12, "x\ny", 3, 0), NFILES - 1);
    ll_list_end(b, LOCUS_F_ENTITIES, mark);
    locus_node root = ll_close(b, 0);
    unsigned char *data;
    size_t size;
    ck_assert_int_eq(ll_finish(b, root, &data, &size), 0);
    ll_builder_free(b);
    locus_ast ast;
    ck_assert_int_eq(locus_ast_open(data, size, &ast), LOCUS_AST_OK);
    ck_assert_uint_eq(locus_ast_file_count(&ast), NFILES);
    locus_node top = locus_ast_root(&ast);
    ck_assert_uint_eq(locus_ast_span(&ast, top).file, LOCUS_AST_NO_FILE);
    ck_assert_uint_eq(locus_ast_list_count(&ast, top, LOCUS_F_ENTITIES), NFILES);
    for (uint32_t i = 65530; i < NFILES; i += 997) {
        locus_span span = locus_ast_span(&ast, locus_ast_list_at(&ast, top, LOCUS_F_ENTITIES, i));
        ck_assert_uint_eq(span.file, i);
        ck_assert_uint_eq(span.line, 2);
        size_t klen;
        snprintf(key, sizeof key, "f%u.locus", (unsigned)i);
        ck_assert_str_eq(locus_ast_file_path(&ast, span.file, &klen), key);
    }
    free(data);
}
END_TEST

START_TEST(absent_values)
{
    lt_parsed p;
    lt_parse(&p, sample);
    locus_node root = locus_ast_root(&p.ast);
    size_t len = 99;
    ck_assert_int_eq(locus_ast_kind_of(&p.ast, 0), LOCUS_AST_NONE);
    ck_assert_ptr_null(locus_ast_str(&p.ast, 0, &len));
    ck_assert_uint_eq(len, 0);
    ck_assert_uint_eq(locus_ast_get(&p.ast, root, LOCUS_F_NAME), 0);
    ck_assert_uint_eq(locus_ast_list_count(&p.ast, root, LOCUS_F_ATTRS), 0);
    ck_assert_uint_eq(locus_ast_child(&p.ast, root, 999), 0);
    ck_assert_int_eq(locus_ast_get_int(&p.ast, root, LOCUS_F_CODE, -7), -7);
    /* a field read with the wrong type is absent */
    ck_assert_uint_eq(locus_ast_list_count(&p.ast, root, LOCUS_F_NAME), 0);
    locus_slice sl;
    ck_assert_int_eq(locus_ast_get_slice(&p.ast, root, LOCUS_F_CHILDREN, &sl), 0);
    /* handles that are not node starts stay inside the blob */
    for (locus_node h = 1; h < 4000; h += 7)
        walk(&p.ast, h, 1);
    locus_ast none;
    ck_assert_int_ne(locus_ast_open(NULL, 0, &none), 0);
    ck_assert_uint_eq(locus_ast_root(&none), 0);
    ck_assert_uint_eq(locus_ast_file_count(&none), 0);
    lt_free(&p);
}
END_TEST

START_TEST(truncation_is_rejected)
{
    lt_parsed p;
    lt_parse(&p, sample);
    size_t size = p.res.blob_size;
    for (size_t n = 0; n < size; n += n < 256 ? 1 : 7) {
        unsigned char *copy = malloc(n ? n : 1);
        memcpy(copy, p.res.blob, n);
        locus_ast a;
        ck_assert_int_ne(locus_ast_open(copy, n, &a), LOCUS_AST_OK);
        free(copy);
    }
    lt_free(&p);
}
END_TEST

/* xorshift: a deterministic stream of pseudo-random numbers */
static uint64_t next_random(uint64_t *state)
{
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    return *state;
}

START_TEST(corruption_is_rejected_or_safe)
{
    lt_parsed p;
    lt_parse(&p, sample);
    size_t size = p.res.blob_size;
    unsigned char *copy = malloc(size);
    uint64_t rng = 0x9E3779B97F4A7C15ull;
    int opened = 0;
    for (int round = 0; round < 10000; round++) {
        memcpy(copy, p.res.blob, size);
        int flips = 1 + (int)(next_random(&rng) % 4);
        for (int f = 0; f < flips; f++) {
            size_t at = next_random(&rng) % size;
            if (next_random(&rng) % 3 == 0)
                copy[at] = (unsigned char)next_random(&rng);
            else
                copy[at] ^= (unsigned char)(1u << (next_random(&rng) % 8));
        }
        locus_ast a;
        if (locus_ast_open(copy, size, &a) == LOCUS_AST_OK) {
            opened++;
            walk(&a, locus_ast_root(&a), 1);
            locus_buf out = LOCUS_BUF_INIT;
            ck_assert_int_eq(ll_ast_dump(&a, locus_ast_root(&a), LL_DUMP_POSITIONS, &out), 0);
            locus_buf_free(&out);
        }
    }
    /* many flips hit text or values and leave a valid blob: they must read safely */
    ck_assert_int_gt(opened, 100);
    free(copy);
    lt_free(&p);
}
END_TEST

START_TEST(header_errors)
{
    lt_parsed p;
    lt_parse(&p, sample);
    size_t size = p.res.blob_size;
    unsigned char *copy = malloc(size);
    locus_ast a;
    memcpy(copy, p.res.blob, size);
    copy[0] = 'X';
    ck_assert_int_eq(locus_ast_open(copy, size, &a), LOCUS_AST_EMAGIC);
    memcpy(copy, p.res.blob, size);
    copy[8] = 99;
    ck_assert_int_eq(locus_ast_open(copy, size, &a), LOCUS_AST_EVERSION);
    memcpy(copy, p.res.blob, size);
    memset(copy + 20, 0, 4); /* root 0 */
    ck_assert_int_eq(locus_ast_open(copy, size, &a), LOCUS_AST_ECORRUPT);
    ck_assert_str_eq(locus_ast_strerror(LOCUS_AST_ECORRUPT), "AST blob is corrupt");
    /* unaligned copies open too */
    unsigned char *odd = malloc(size + 1);
    memcpy(odd + 1, p.res.blob, size);
    ck_assert_int_eq(locus_ast_open(odd + 1, size, &a), LOCUS_AST_OK);
    walk(&a, locus_ast_root(&a), 1);
    free(odd);
    free(copy);
    lt_free(&p);
}
END_TEST

/* Every node's stored line/column agrees with the reader's line table. */
static void check_positions(const locus_ast *ast, locus_node n)
{
    if (!n)
        return;
    locus_span sp = locus_ast_span(ast, n);
    uint32_t line, col;
    ck_assert(locus_ast_position(ast, sp.file, sp.offset, &line, &col));
    ck_assert_uint_eq(line, sp.line);
    ck_assert_uint_eq(col, sp.column);
    size_t nf = locus_ast_field_count(ast, n);
    for (size_t i = 0; i < nf; i++) {
        locus_field_info fi = locus_ast_field_at(ast, n, i);
        check_positions(ast, locus_ast_get(ast, n, fi.id));
        for (size_t j = 0; j < locus_ast_list_count(ast, n, fi.id); j++)
            check_positions(ast, locus_ast_list_at(ast, n, fi.id, j));
    }
}

START_TEST(positions_agree)
{
    lt_parsed p;
    lt_parse(&p, "\xEF\xBB\xBF" "page P {\r\n ui {\r <p>😀 é</p>\n  <b x=\"ü\"/> } }\n");
    ck_assert_int_eq(p.rc, 0);
    check_positions(&p.ast, locus_ast_root(&p.ast));
    lt_free(&p);
    lt_parse(&p, sample);
    check_positions(&p.ast, locus_ast_root(&p.ast));
    lt_free(&p);
}
END_TEST

/* Copy every top-level block of a file blob into the builder's list. */
static void copy_blocks(ll_builder *b, const lt_parsed *p)
{
    locus_node root = locus_ast_root(&p->ast);
    for (size_t i = 0; i < locus_ast_child_count(&p->ast, root); i++)
        ll_push(b, ll_copy(b, &p->ast, locus_ast_child(&p->ast, root, i)));
}

START_TEST(deep_copy_builds_a_project)
{
    lt_parsed a, c;
    lt_parse(&a, sample);
    ll_parse_result r;
    const char *other = "\n\ncomponent Card { ui { <div>{title} ü</div> } }\n";
    ck_assert_int_eq(ll_parse_file("sub/c.locus", 11, other, strlen(other), &r), 0);
    c.rc = 0;
    c.res = r;
    ck_assert_int_eq(locus_ast_open(r.blob, r.blob_size, &c.ast), 0);

    ll_builder *b = ll_builder_new();
    ll_open(b, LOCUS_AST_PROJECT, LOCUS_AST_NO_FILE, 0);
    size_t mark = ll_list_begin(b);
    copy_blocks(b, &a);
    copy_blocks(b, &c);
    ll_list_end(b, LOCUS_F_CHILDREN, mark);
    locus_node root = ll_close(b, 0);
    unsigned char *blob;
    size_t size;
    ck_assert_int_eq(ll_finish(b, root, &blob, &size), 0);
    ll_builder_free(b);

    locus_ast m;
    ck_assert_int_eq(locus_ast_open(blob, size, &m), LOCUS_AST_OK);
    ck_assert_uint_eq(locus_ast_file_count(&m), 2);
    ck_assert_str_eq(locus_ast_file_path(&m, 1, NULL), "sub/c.locus");
    locus_node proot = locus_ast_root(&m);
    ck_assert_uint_eq(locus_ast_span(&m, proot).file, LOCUS_AST_NO_FILE);
    /* the copies dump exactly like the originals, positions included */
    locus_buf want = LOCUS_BUF_INIT, got = LOCUS_BUF_INIT;
    size_t na = locus_ast_child_count(&a.ast, locus_ast_root(&a.ast));
    for (size_t i = 0; i < na; i++) {
        ll_ast_dump(&a.ast, locus_ast_child(&a.ast, locus_ast_root(&a.ast), i),
                    LL_DUMP_POSITIONS | LL_DUMP_FLAGS, &want);
        ll_ast_dump(&m, locus_ast_child(&m, proot, i), LL_DUMP_POSITIONS | LL_DUMP_FLAGS, &got);
    }
    ck_assert_str_eq(got.data, want.data);
    locus_buf_clear(&want), locus_buf_clear(&got);
    ll_ast_dump(&c.ast, locus_ast_child(&c.ast, locus_ast_root(&c.ast), 0),
                LL_DUMP_POSITIONS | LL_DUMP_FLAGS, &want);
    locus_node card = locus_ast_child(&m, proot, na);
    ll_ast_dump(&m, card, LL_DUMP_POSITIONS | LL_DUMP_FLAGS, &got);
    ck_assert_str_eq(got.data, want.data);
    ck_assert_uint_eq(locus_ast_span(&m, card).file, 1);
    ck_assert_uint_eq(locus_ast_span(&m, card).line, 3);
    locus_buf_free(&want), locus_buf_free(&got);
    check_positions(&m, card);
    free(blob);
    lt_free(&a);
    lt_free(&c);
}
END_TEST

START_TEST(blobs_are_deterministic)
{
    /* the blob is a cache value keyed by content: same text, same bytes */
    lt_parsed a, b;
    lt_parse(&a, sample);
    lt_parse(&b, sample);
    ck_assert_uint_eq(a.res.blob_size, b.res.blob_size);
    ck_assert(memcmp(a.res.blob, b.res.blob, a.res.blob_size) == 0);
    lt_free(&a);
    lt_free(&b);
}
END_TEST

START_TEST(rollback_and_depth_limit)
{
    const char *text = "abc";
    ll_builder *b = ll_builder_new();
    uint32_t f = ll_add_file(b, "x", 1, text, 3, 0);
    ll_open(b, LOCUS_AST_FILE, f, 0);
    size_t mark = ll_list_begin(b);
    ll_mark cp = ll_checkpoint(b);
    ll_open(b, LOCUS_AST_ARRAY, f, 0);
    ll_push(b, ll_ident(b, f, 0, 1, "a", 1));
    ll_rollback(b, cp);
    ll_push(b, ll_ident(b, f, 1, 1, "b", 1));
    ll_list_end(b, LOCUS_F_CHILDREN, mark);
    locus_node root = ll_close(b, 3);
    unsigned char *blob;
    size_t size;
    ck_assert_int_eq(ll_finish(b, root, &blob, &size), 0);
    ll_builder_free(b);
    locus_ast a;
    ck_assert_int_eq(locus_ast_open(blob, size, &a), 0);
    ck_assert_uint_eq(locus_ast_child_count(&a, root), 1);
    ck_assert_str_eq(locus_ast_str(&a, locus_ast_child(&a, root, 0), NULL), "b");
    free(blob);

    /* a chain deeper than LOCUS_AST_MAX_DEPTH is refused by the reader */
    b = ll_builder_new();
    f = ll_add_file(b, "x", 1, text, 3, 0);
    locus_node n = ll_ident(b, f, 0, 1, "a", 1);
    for (unsigned i = 0; i < LOCUS_AST_MAX_DEPTH + 5; i++) {
        ll_open(b, LOCUS_AST_UNARY, f, 0);
        ll_set_node(b, LOCUS_F_OPERAND, n);
        n = ll_close(b, 1);
    }
    ck_assert_int_eq(ll_finish(b, n, &blob, &size), 0);
    ll_builder_free(b);
    ck_assert_int_eq(locus_ast_open(blob, size, &a), LOCUS_AST_ECORRUPT);
    free(blob);
}
END_TEST

static Suite *ast_suite(void)
{
    Suite *s = suite_create("ast");
    TCase *tc = tcase_create("blob");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, valid_blob_opens);
    tcase_add_test(tc, more_files_than_sixteen_bits);
    tcase_add_test(tc, absent_values);
    tcase_add_test(tc, truncation_is_rejected);
    tcase_add_test(tc, corruption_is_rejected_or_safe);
    tcase_add_test(tc, header_errors);
    tcase_add_test(tc, positions_agree);
    tcase_add_test(tc, deep_copy_builds_a_project);
    tcase_add_test(tc, blobs_are_deterministic);
    tcase_add_test(tc, rollback_and_depth_limit);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(ast_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
