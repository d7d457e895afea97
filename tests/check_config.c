/* check_config.c — tests for locus.ini parsing and its error messages. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "testutil.h"

static int parse(const char *text, lp_config *cfg, lp_error *err)
{
    return lp_config_parse(text, strlen(text), "test.ini", "/proj", cfg, err);
}

static void expect_error(const char *text, const char *needle)
{
    lp_config cfg;
    lp_error err;
    ck_assert_int_eq(parse(text, &cfg, &err), -1);
    ck_assert_msg(strstr(err.msg, needle) != NULL, "error '%s' lacks '%s'", err.msg, needle);
}

START_TEST(full_config)
{
    lp_config cfg;
    lp_error err;
    const char *text = "; a comment\n"
                       "[pipeline]\n"
                       "src = app\n"
                       "out = ../build/out\n"
                       "jobs = 3\n"
                       "cache = /var/cache/x\n"
                       "cache_size = 64M\n"
                       "include = *.locus *.txt\n"
                       "max_file_size = 1M\n"
                       "\n"
                       "[stage parse]\n"
                       "plugin = locus-parse\n"
                       "\n"
                       "[stage gen]\n"
                       "plugin = ./plugins/gen.so\n"
                       "stage = generate\n"
                       "enabled = no\n"
                       "flavour = strict\n"
                       "[stage empty]\n"
                       "[source toml]\n"
                       "include = Locus.toml\n"
                       "recursive = false\n";
    ck_assert_int_eq(parse(text, &cfg, &err), 0);
    ck_assert_str_eq(cfg.src, "/proj/app");
    ck_assert_str_eq(cfg.out, "/build/out");
    ck_assert_str_eq(cfg.cache_dir, "/var/cache/x");
    ck_assert_int_eq(cfg.jobs, 3);
    ck_assert_uint_eq(cfg.cache_size, 64ull * 1024 * 1024);
    ck_assert_uint_eq(cfg.max_file_size, 1024ull * 1024);
    ck_assert_str_eq(cfg.include[0], "*.locus");
    ck_assert_str_eq(cfg.include[1], "*.txt");
    ck_assert_ptr_null(cfg.include[2]);
    ck_assert_uint_eq(cfg.n_stages, 3);
    const lp_stage_config *gen = lp_config_stage(&cfg, "gen");
    ck_assert_ptr_nonnull(gen);
    ck_assert_str_eq(gen->plugin, "/proj/plugins/gen.so");
    ck_assert_str_eq(gen->stage, "generate");
    ck_assert_int_eq(gen->enabled, 0);
    ck_assert_str_eq(lp_stage_option(gen, "flavour"), "strict");
    ck_assert_uint_eq(gen->options[0].line, 18);
    const lp_stage_config *parse_stage = lp_config_stage(&cfg, "parse");
    ck_assert_str_eq(parse_stage->plugin, "locus-parse");
    ck_assert_str_eq(parse_stage->stage, "parse");
    ck_assert_int_eq(parse_stage->enabled, 1);
    ck_assert_uint_eq(cfg.n_plugins, 0);
    const lp_stage_config *empty = lp_config_stage(&cfg, "empty");
    ck_assert_ptr_nonnull(empty);
    ck_assert_uint_eq(empty->line, 19);
    ck_assert_uint_eq(cfg.n_sources, 1);
    ck_assert_str_eq(cfg.sources[0].include[0], "Locus.toml");
    ck_assert_int_eq(cfg.sources[0].recursive, 0);
    lp_config_free(&cfg);
}
END_TEST

START_TEST(defaults)
{
    lp_config cfg;
    lp_error err;
    ck_assert_int_eq(parse("[stage a]\n", &cfg, &err), 0);
    ck_assert_str_eq(cfg.src, "/proj");
    ck_assert_ptr_null(cfg.out);
    ck_assert_int_eq(cfg.jobs, 0);
    ck_assert_uint_eq(cfg.cache_size, LP_DEFAULT_CACHE_SIZE);
    ck_assert_str_eq(cfg.include[0], "*");
    lp_config_free(&cfg);
}
END_TEST

START_TEST(errors_name_file_and_line)
{
    expect_error("[pipeline]\nsrc = a\n[pipline]\nx = 1\n",
                 "test.ini:3: unknown section [pipline]");
    expect_error("[pipeline]\n\n[pipline]\n", "test.ini:3: unknown section [pipline]");
    expect_error("[pipeline]\nsrcdir = a\n", "test.ini:2: unknown key 'srcdir' in [pipeline]");
    expect_error("[pipeline]\njobs = many\n", "test.ini:2: bad value 'many' for jobs");
    expect_error("[pipeline]\njobs = -1\n", "test.ini:2: bad value '-1' for jobs");
    expect_error("[pipeline]\ncache_size = 12Q\n", "test.ini:2: bad value '12Q' for cache_size");
    expect_error("[pipeline]\nsrc = a\nsrc = b\n", "test.ini:3: duplicate key 'src'");
    expect_error("[stage a]\nenabled = maybe\n", "test.ini:2: bad value 'maybe' for enabled");
    expect_error("[stage a]\n[stage a]\nx = 1\n", "duplicate section [stage a]");
    expect_error("[stage a b]\nx = 1\n", "test.ini:1: bad section name [stage a b]");
    expect_error("[pipeline]\nthis line has no equals sign\n", "test.ini:2: syntax error");
    expect_error("src = a\n", "test.ini:1: key 'src' outside any section");
    expect_error("[source toml]\nrecursive = no\n", "[source toml] needs include=");
    expect_error("[source sources]\ninclude = x\n", "[source sources] is built in");
    expect_error("[plugin p]\nsuffix = x\n", "test.ini:2: unknown key 'suffix' in [plugin p]");
    expect_error("[plugin p]\n[plugin p]\n", "test.ini:2: duplicate section [plugin p]");
}
END_TEST

START_TEST(long_lines_are_errors_not_truncated)
{
    char text[1024];
    char value[400];
    /* 198 bytes of content is the most inih's 200-byte buffer holds. */
    memset(value, 'v', sizeof value);
    size_t fits = 198 - strlen("src = ");
    value[fits] = '\0';
    snprintf(text, sizeof text, "[pipeline]\nsrc = %s\n", value);
    lp_config cfg;
    lp_error err;
    ck_assert_int_eq(parse(text, &cfg, &err), 0);
    ck_assert_uint_eq(strlen(cfg.src), strlen("/proj/") + fits);
    lp_config_free(&cfg);

    memset(value, 'v', sizeof value);
    value[fits + 1] = '\0';
    snprintf(text, sizeof text, "[pipeline]\n; fine\nsrc = %s\n", value);
    ck_assert_int_eq(parse(text, &cfg, &err), -1);
    ck_assert_msg(strstr(err.msg, "test.ini:3: line is 199 bytes long") != NULL, "%s", err.msg);
}
END_TEST

START_TEST(load_from_file_resolves_against_its_directory)
{
    char *dir = tu_mkdtemp();
    tu_write(dir, "sub/locus.ini", "[pipeline]\nsrc = ../app\nout = gen\n[stage a]\n");
    char *path = tu_path(dir, "sub/locus.ini");
    lp_config cfg;
    lp_error err;
    ck_assert_int_eq(lp_config_load(path, &cfg, &err), 0);
    char *want_src = tu_path(dir, "app"), *want_out = tu_path(dir, "sub/gen");
    ck_assert_str_eq(cfg.src, want_src);
    ck_assert_str_eq(cfg.out, want_out);
    lp_config_free(&cfg);
    ck_assert_int_eq(lp_config_load("/nonexistent/locus.ini", &cfg, &err), -1);
    ck_assert(strstr(err.msg, "/nonexistent/locus.ini: cannot open config") != NULL);
    free(want_src);
    free(want_out);
    free(path);
    tu_rmtree(dir);
    free(dir);
}
END_TEST

START_TEST(sizes_bools_paths)
{
    uint64_t bytes;
    ck_assert_int_eq(lp_parse_size("1024", &bytes), 0);
    ck_assert_uint_eq(bytes, 1024);
    ck_assert_int_eq(lp_parse_size("2G", &bytes), 0);
    ck_assert_uint_eq(bytes, 2ull << 30);
    ck_assert_int_eq(lp_parse_size("512kb", &bytes), 0);
    ck_assert_uint_eq(bytes, 512ull << 10);
    ck_assert_int_eq(lp_parse_size("", &bytes), -1);
    ck_assert_int_eq(lp_parse_size("-5", &bytes), -1);
    ck_assert_int_eq(lp_parse_size("5X", &bytes), -1);
    ck_assert_int_eq(lp_parse_size("99999999999999999999", &bytes), -1);
    ck_assert_int_eq(lp_parse_bool("Yes"), 1);
    ck_assert_int_eq(lp_parse_bool("off"), 0);
    ck_assert_int_eq(lp_parse_bool("2"), -1);
    char *p = lp_abspath("/a/b", "../c/./d/");
    ck_assert_str_eq(p, "/a/c/d");
    free(p);
    p = lp_abspath("/a", "/x/../../y");
    ck_assert_str_eq(p, "/y");
    free(p);
}
END_TEST

START_TEST(cache_dir_precedence)
{
    lp_config cfg;
    lp_error err;
    ck_assert_int_eq(parse("[pipeline]\ncache = c\n[stage a]\n", &cfg, &err), 0);
    setenv("LOCUS_CACHE_DIR", "/env/cache", 1);
    char *dir = lp_config_cache_dir(&cfg, &err);
    ck_assert_str_eq(dir, "/env/cache");
    free(dir);
    unsetenv("LOCUS_CACHE_DIR");
    dir = lp_config_cache_dir(&cfg, &err);
    ck_assert_str_eq(dir, "/proj/c");
    free(dir);
    setenv("XDG_CACHE_HOME", "/xdg", 1);
    dir = lp_config_cache_dir(NULL, &err);
    ck_assert_str_eq(dir, "/xdg/locus-pipeline");
    free(dir);
    unsetenv("XDG_CACHE_HOME");
    setenv("HOME", "/home/u", 1);
    dir = lp_config_cache_dir(NULL, &err);
    ck_assert_str_eq(dir, "/home/u/.cache/locus-pipeline");
    free(dir);
    lp_config_free(&cfg);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("config");
    TCase *tc = tcase_create("config");
    tcase_add_test(tc, full_config);
    tcase_add_test(tc, defaults);
    tcase_add_test(tc, errors_name_file_and_line);
    tcase_add_test(tc, long_lines_are_errors_not_truncated);
    tcase_add_test(tc, load_from_file_resolves_against_its_directory);
    tcase_add_test(tc, sizes_bools_paths);
    tcase_add_test(tc, cache_dir_precedence);
    suite_add_tcase(s, tc);
    SRunner *runner = srunner_create(s);
    srunner_run_all(runner, CK_NORMAL);
    int failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
