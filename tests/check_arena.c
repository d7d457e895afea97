/* check_arena.c — tests for arenas, byte buffers and digests. */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "digest.h"
#include "locus/arena.h"

START_TEST(arena_alloc_aligned_and_distinct)
{
    locus_arena *arena = locus_arena_new();
    ck_assert_ptr_nonnull(arena);
    char *prev = NULL;
    for (int i = 1; i < 5000; i++) {
        char *p = locus_arena_alloc(arena, (size_t)(i % 97) + 1);
        ck_assert_ptr_nonnull(p);
        ck_assert_uint_eq((uintptr_t)p % 16, 0);
        memset(p, 0xab, (size_t)(i % 97) + 1);
        ck_assert_ptr_ne(p, prev);
        prev = p;
    }
    /* A block larger than any default block size. */
    char *big = locus_arena_alloc(arena, 10u * 1024u * 1024u);
    ck_assert_ptr_nonnull(big);
    memset(big, 1, 10u * 1024u * 1024u);
    ck_assert_uint_ge(locus_arena_bytes(arena), 10u * 1024u * 1024u);
    locus_arena_free(arena);
}
END_TEST

START_TEST(arena_strings)
{
    locus_arena *arena = locus_arena_new();
    ck_assert_str_eq(locus_arena_strdup(arena, "hello"), "hello");
    ck_assert_str_eq(locus_arena_strndup(arena, "hello", 3), "hel");
    ck_assert_str_eq(locus_arena_printf(arena, "%s-%d", "x", 42), "x-42");
    char *z = locus_arena_zalloc(arena, 100);
    for (int i = 0; i < 100; i++)
        ck_assert_int_eq(z[i], 0);
    locus_arena_reset(arena);
    ck_assert_str_eq(locus_arena_strdup(arena, "again"), "again");
    locus_arena_free(arena);
    locus_arena_free(NULL);
}
END_TEST

START_TEST(buf_append_printf)
{
    locus_buf buf = LOCUS_BUF_INIT;
    for (int i = 0; i < 1000; i++)
        ck_assert_int_eq(locus_buf_printf(&buf, "%d,", i), 0);
    ck_assert_uint_eq(buf.len, strlen(buf.data));
    ck_assert(strncmp(buf.data, "0,1,2,", 6) == 0);
    char longer[600];
    memset(longer, 'q', sizeof longer - 1);
    longer[sizeof longer - 1] = '\0';
    locus_buf_clear(&buf);
    ck_assert_int_eq(locus_buf_printf(&buf, "<%s>", longer), 0);
    ck_assert_uint_eq(buf.len, 601);
    ck_assert_int_eq(buf.data[600], '>');
    ck_assert_int_eq(locus_buf_putc(&buf, 'z'), 0);
    ck_assert_int_eq(locus_buf_puts(&buf, "end"), 0);
    ck_assert_str_eq(buf.data + 601, "zend");
    locus_buf_free(&buf);
    ck_assert_ptr_null(buf.data);
}
END_TEST

START_TEST(digest_fields_do_not_collide)
{
    lp_hasher *a = lp_hasher_new(), *b = lp_hasher_new();
    lp_hasher_str(a, "ab");
    lp_hasher_str(a, "c");
    lp_hasher_str(b, "a");
    lp_hasher_str(b, "bc");
    locus_digest da = lp_hasher_finish(a), db = lp_hasher_finish(b);
    ck_assert(!lp_digest_eq(&da, &db));
    lp_hasher_free(a);
    lp_hasher_free(b);

    locus_digest d1 = locus_digest_of("abc", 3), d2 = locus_digest_of("abc", 3);
    ck_assert(lp_digest_eq(&d1, &d2));
    char hex[33];
    locus_digest_hex(&d1, hex);
    ck_assert_uint_eq(strlen(hex), 32);
    /* XXH3-128 of "abc" (canonical, big-endian). */
    ck_assert_str_eq(hex, "06b05ab6733a618578af5f94892f3950");
}
END_TEST

static Suite *arena_suite(void)
{
    Suite *s = suite_create("arena");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, arena_alloc_aligned_and_distinct);
    tcase_add_test(tc, arena_strings);
    tcase_add_test(tc, buf_append_printf);
    tcase_add_test(tc, digest_fields_do_not_collide);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *runner = srunner_create(arena_suite());
    srunner_run_all(runner, CK_NORMAL);
    int failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
