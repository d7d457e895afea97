/* check_engine.c — whole-pipeline tests with the test plugins: loader and
 * graph errors, scheduling and failure propagation, caching, incremental
 * rebuilds, output writing, concurrent runs. */
#ifdef __SANITIZE_ADDRESS__
#include <sanitizer/lsan_interface.h>
#endif
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cache.h"
#include "engine.h"
#include "graph.h"
#include "registry.h"
#include "testutil.h"

#define BASIC_PIPELINE                                                                      \
    "[stage upper]\nplugin = test-basic\n"                                                  \
    "[stage concat]\nplugin = test-basic\n"                                                 \
    "[stage emit]\nplugin = test-basic\n"

typedef struct fixture {
    char *dir, *src, *out, *cache;
} fixture;

static void fx_init(fixture *fx)
{
    fx->dir = tu_mkdtemp();
    fx->src = tu_path(fx->dir, "src");
    fx->out = tu_path(fx->dir, "out");
    fx->cache = tu_path(fx->dir, "cache");
    mkdir(fx->src, 0777);
    unsetenv("LOCUS_CACHE_DIR");
    setenv("LOCUS_PLUGIN_PATH", "", 1);
}

static void fx_free(fixture *fx)
{
    tu_rmtree(fx->dir);
    free(fx->dir);
    free(fx->src);
    free(fx->out);
    free(fx->cache);
}

static char *fx_ini(const fixture *fx, const char *stages)
{
    size_t len = strlen(stages) + 4096;
    char *text = malloc(len);
    ck_assert_ptr_nonnull(text);
    snprintf(text, len,
             "[pipeline]\nsrc = %s\nout = %s\ncache = %s\nplugin_path = %s:%s\n%s", fx->src,
             fx->out, fx->cache, TEST_PLUGIN_DIR, TEST_PLUGIN_DIR, stages);
    return text;
}

/* Build the graph for stages; returns 0 or -1 with err set. */
static int fx_graph(const fixture *fx, const char *stages, const char *plugin_path,
                    lp_error *err)
{
    char *text = fx_ini(fx, stages);
    if (plugin_path) {
        char *at = strstr(text, "plugin_path = ");
        size_t head = (size_t)(at - text);
        char *fixed = malloc(strlen(text) + strlen(plugin_path) + 32);
        const char *rest = strchr(at, '\n');
        sprintf(fixed, "%.*splugin_path = %s%s", (int)head, text, plugin_path, rest);
        free(text);
        text = fixed;
    }
    lp_config cfg;
    lp_registry reg;
    lp_graph graph;
    int rc = lp_config_parse(text, strlen(text), "t.ini", fx->dir, &cfg, err);
    free(text);
    if (rc != 0)
        return -1;
    rc = lp_registry_init(&reg, cfg.plugin_path, err);
    if (rc == 0) {
        rc = lp_graph_build(&cfg, &reg, &graph, err);
        if (rc == 0)
            lp_graph_free(&graph);
        lp_registry_free(&reg);
    }
    lp_config_free(&cfg);
    return rc;
}

static void fx_run_opts(const fixture *fx, const char *stages, int jobs, int use_cache,
                        lp_run_report *report)
{
    char *text = fx_ini(fx, stages);
    lp_config cfg;
    lp_registry reg;
    lp_graph graph;
    lp_error err;
    ck_assert_msg(lp_config_parse(text, strlen(text), "t.ini", fx->dir, &cfg, &err) == 0, "%s",
                  err.msg);
    free(text);
    ck_assert_int_eq(lp_registry_init(&reg, cfg.plugin_path, &err), 0);
    ck_assert_msg(lp_graph_build(&cfg, &reg, &graph, &err) == 0, "%s", err.msg);
    lp_run_options opts = {&cfg, &graph, jobs, use_cache, 0, NULL};
    ck_assert_msg(lp_run(&opts, report, &err) == 0, "%s", err.msg);
    lp_graph_free(&graph);
    lp_registry_free(&reg);
    lp_config_free(&cfg);
}

/* The stat cache only trusts files older than its margin (100 ms) at the
 * previous scan; tests that count re-reads let the sources settle first. */
static void settle(void)
{
    usleep(150 * 1000);
}

static void fx_run(const fixture *fx, const char *stages, lp_run_report *report)
{
    fx_run_opts(fx, stages, 2, 1, report);
}

static const lp_stage_metrics *stage(const lp_run_report *report, const char *name)
{
    for (size_t i = 0; i < report->n_stages; i++)
        if (strcmp(report->stages[i].name, name) == 0)
            return &report->stages[i];
    ck_abort_msg("no stage %s in report", name);
    return NULL;
}

static char *out_file(const fixture *fx, const char *name)
{
    return tu_read(fx->out, name, NULL);
}

static void assert_file(const fixture *fx, const char *name, const char *want)
{
    char *got = out_file(fx, name);
    ck_assert_msg(got != NULL, "%s missing", name);
    ck_assert_str_eq(got, want);
    free(got);
}

static struct stat stat_out(const fixture *fx, const char *name)
{
    char *path = tu_path(fx->out, name);
    struct stat st;
    ck_assert_int_eq(stat(path, &st), 0);
    free(path);
    return st;
}

START_TEST(basic_pipeline_then_all_cache_hits)
{
    fixture fx;
    fx_init(&fx);
    tu_write(fx.src, "a.txt", "hello");
    tu_write(fx.src, "sub/b.txt", "world");
    settle();
    lp_run_report r;
    fx_run(&fx, BASIC_PIPELINE, &r);
    ck_assert_int_eq(r.failed, 0);
    ck_assert_uint_eq(r.sources, 2);
    ck_assert_uint_eq(stage(&r, "upper")->tasks, 2);
    ck_assert_uint_eq(stage(&r, "upper")->cache_misses, 2);
    ck_assert_uint_eq(stage(&r, "concat")->tasks, 1);
    ck_assert_uint_eq(r.files.written, 3);
    lp_run_report_free(&r);
    assert_file(&fx, "all.txt", "a.txt: HELLO\nsub/b.txt: WORLD\n");
    assert_file(&fx, "lines/0.txt", "a.txt: HELLO\n");
    assert_file(&fx, "lines/1.txt", "sub/b.txt: WORLD\n");
    struct stat before = stat_out(&fx, "all.txt");

    fx_run(&fx, BASIC_PIPELINE, &r);
    ck_assert_int_eq(r.failed, 0);
    for (size_t i = 0; i < r.n_stages; i++) {
        ck_assert_uint_eq(r.stages[i].cache_misses, 0);
        ck_assert_uint_eq(r.stages[i].cache_hits, r.stages[i].tasks);
    }
    ck_assert_uint_eq(r.sources_read, 0);
    ck_assert_uint_eq(r.files.written, 0);
    ck_assert_uint_eq(r.files.unchanged, 3);
    lp_run_report_free(&r);
    struct stat after = stat_out(&fx, "all.txt");
    ck_assert_int_eq(before.st_ino, after.st_ino);
    ck_assert_int_eq(before.st_mtim.tv_sec, after.st_mtim.tv_sec);
    ck_assert_int_eq(before.st_mtim.tv_nsec, after.st_mtim.tv_nsec);
    fx_free(&fx);
}
END_TEST

START_TEST(edit_reruns_only_what_depends_on_it)
{
    fixture fx;
    fx_init(&fx);
    tu_write(fx.src, "a.txt", "one");
    tu_write(fx.src, "b.txt", "two");
    tu_write(fx.src, "c.txt", "three");
    lp_run_report r;
    fx_run(&fx, BASIC_PIPELINE "[stage count]\nplugin = test-basic\n", &r);
    lp_run_report_free(&r);
    struct stat line0 = stat_out(&fx, "lines/0.txt");
    tu_write(fx.src, "b.txt", "TWO changed");
    fx_run(&fx, BASIC_PIPELINE "[stage count]\nplugin = test-basic\n", &r);
    ck_assert_int_eq(r.failed, 0);
    ck_assert_uint_eq(stage(&r, "upper")->cache_misses, 1);
    ck_assert_uint_eq(stage(&r, "upper")->cache_hits, 2);
    ck_assert_uint_eq(stage(&r, "count")->cache_misses, 1);
    ck_assert_uint_eq(stage(&r, "concat")->cache_misses, 1);
    ck_assert_uint_eq(stage(&r, "emit")->cache_misses, 1);
    ck_assert_uint_eq(r.files.written, 2); /* all.txt and lines/1.txt */
    ck_assert_uint_eq(r.files.unchanged, 2);
    lp_run_report_free(&r);
    assert_file(&fx, "lines/1.txt", "b.txt: TWO CHANGED\n");
    struct stat line0_after = stat_out(&fx, "lines/0.txt");
    ck_assert_int_eq(line0.st_mtim.tv_nsec, line0_after.st_mtim.tv_nsec);
    fx_free(&fx);
}
END_TEST

START_TEST(failure_stops_dependents_not_independents)
{
    fixture fx;
    fx_init(&fx);
    tu_write(fx.src, "a.txt", "fine\n");
    tu_write(fx.src, "b.txt", "line one\nthis will FAIL\n");
    lp_run_report r;
    fx_run(&fx, BASIC_PIPELINE "[stage count]\nplugin = test-basic\n", &r);
    ck_assert_int_eq(r.failed, 1);
    ck_assert_int_eq(stage(&r, "upper")->state, LP_STAGE_FAILED);
    ck_assert_uint_eq(stage(&r, "upper")->failed_tasks, 1);
    ck_assert_int_eq(stage(&r, "concat")->state, LP_STAGE_SKIPPED);
    ck_assert_int_eq(stage(&r, "emit")->state, LP_STAGE_SKIPPED);
    ck_assert_int_eq(stage(&r, "count")->state, LP_STAGE_DONE);
    ck_assert_uint_eq(stage(&r, "count")->tasks, 2);
    ck_assert_uint_eq(r.n_errors, 1);
    ck_assert_str_eq(r.diags[0].file, "b.txt");
    ck_assert_uint_eq(r.diags[0].line, 2);
    ck_assert_uint_eq(r.diags[0].column, 11);
    ck_assert_str_eq(r.diags[0].message, "found FAIL");
    lp_run_report_free(&r);
    char *all = out_file(&fx, "all.txt");
    ck_assert_ptr_null(all);
    /* The failure is cached too: a rebuild replays the same diagnostic. */
    fx_run(&fx, BASIC_PIPELINE "[stage count]\nplugin = test-basic\n", &r);
    ck_assert_int_eq(r.failed, 1);
    ck_assert_uint_eq(stage(&r, "upper")->cache_misses, 0);
    ck_assert_uint_eq(r.n_errors, 1);
    ck_assert_str_eq(r.diags[0].message, "found FAIL");
    lp_run_report_free(&r);
    fx_free(&fx);
}
END_TEST

START_TEST(failed_build_writes_nothing)
{
    fixture fx;
    fx_init(&fx);
    tu_write(fx.src, "a.txt", "abc");
    lp_run_report r;
    /* emit succeeds, but an independent stage fails: no partial output. */
    fx_run(&fx, BASIC_PIPELINE "[stage digests]\nplugin = test-basic\nfail = true\n", &r);
    ck_assert_int_eq(r.failed, 1);
    ck_assert_int_eq(stage(&r, "emit")->state, LP_STAGE_DONE);
    ck_assert_uint_eq(r.files.written, 0);
    lp_run_report_free(&r);
    ck_assert_int_ne(access(fx.out, F_OK), 0);
    fx_run(&fx, BASIC_PIPELINE "[stage digests]\nplugin = test-basic\n", &r);
    ck_assert_int_eq(r.failed, 0);
    ck_assert_uint_eq(r.files.written, 2);
    lp_run_report_free(&r);
    /* A later failure keeps the earlier build's files as they were. */
    tu_write(fx.src, "a.txt", "changed");
    fx_run(&fx, BASIC_PIPELINE "[stage digests]\nplugin = test-basic\nfail = true\n", &r);
    ck_assert_uint_eq(r.files.written, 0);
    lp_run_report_free(&r);
    assert_file(&fx, "all.txt", "a.txt: ABC\n");
    fx_free(&fx);
}
END_TEST

/* Run expecting lp_run itself to fail (limits); returns its error. */
static int fx_run_raw(const fixture *fx, const char *pipeline_keys, const char *stages,
                      lp_run_report *report, lp_error *err)
{
    char *body = fx_ini(fx, stages);
    size_t len = strlen(body) + strlen(pipeline_keys) + 2;
    char *text = malloc(len);
    ck_assert_ptr_nonnull(text);
    /* [pipeline] keys go right after the header line. */
    const char *nl = strchr(body, '\n');
    snprintf(text, len, "%.*s%s%s", (int)(nl - body + 1), body, pipeline_keys, nl + 1);
    free(body);
    lp_config cfg;
    lp_registry reg;
    lp_graph graph;
    ck_assert_msg(lp_config_parse(text, strlen(text), "t.ini", fx->dir, &cfg, err) == 0, "%s",
                  err->msg);
    free(text);
    ck_assert_int_eq(lp_registry_init(&reg, cfg.plugin_path, err), 0);
    ck_assert_msg(lp_graph_build(&cfg, &reg, &graph, err) == 0, "%s", err->msg);
    lp_run_options opts = {&cfg, &graph, 2, 0, 0, NULL};
    int rc = lp_run(&opts, report, err);
    if (!report->abandoned) {
        lp_graph_free(&graph);
        lp_registry_free(&reg);
        lp_config_free(&cfg);
    }
    return rc;
}

/* A build stopped by a limit: failed, with the diagnostic saying why, and
 * nothing written (not even the out dir). Frees the report and fixture. */
static void expect_stopped_without_output(fixture *fx, lp_run_report *r, const char *why)
{
    ck_assert_int_eq(r->failed, 1);
    int found = 0;
    for (size_t i = 0; i < r->n_diags; i++)
        found |= strstr(r->diags[i].message, why) != NULL;
    ck_assert_msg(found, "no diagnostic saying: %s", why);
    ck_assert_uint_eq(r->files.written, 0);
    lp_run_report_free(r);
    ck_assert_int_ne(access(fx->out, F_OK), 0);
    fx_free(fx);
}

START_TEST(timeout_stops_the_build_without_output)
{
    fixture fx;
    fx_init(&fx);
    tu_write(fx.src, "a.txt", "x");
    lp_run_report r;
    lp_error err;
    uint64_t start = (uint64_t)time(NULL);
    ck_assert_int_eq(fx_run_raw(&fx, "", BASIC_PIPELINE
                                "[stage sleepy]\nplugin = test-basic\nseconds = 30\ntimeout = 0.3\n",
                                &r, &err), 0);
    ck_assert((uint64_t)time(NULL) - start < 10);
    expect_stopped_without_output(&fx, &r, "stage 'sleepy' ran longer than its timeout (0.3 s)");
}
END_TEST

/* A producer with two ports: when the quick reader of one port is done,
 * the other port's reader still holds the producer's bytes (the core once
 * counted items, not ports, and freed them under it). */
START_TEST(a_producer_is_kept_while_any_port_is_read)
{
    fixture fx;
    fx_init(&fx);
    tu_write(fx.src, "a.txt", "a");
    tu_write(fx.src, "b.txt", "b");
    tu_write(fx.src, "c.txt", "c");
    const char *stages = "[stage split]\nplugin = test-basic\n[stage lefty]\nplugin = test-basic\n"
                         "[stage righty]\nplugin = test-basic\n";
    for (int use_cache = 1; use_cache >= 0; use_cache--) {
        lp_run_report r;
        fx_run_opts(&fx, stages, 2, use_cache, &r);
        ck_assert_int_eq(r.failed, 0);
        lp_run_report_free(&r);
    }
    fx_free(&fx);
}
END_TEST

/* A stage sees which of its outputs the build reads; its result is keyed
 * on that, so a result made without a port never serves a build that
 * reads the port, and each graph gets its own cached result back. */
START_TEST(unread_outputs_are_known_and_keyed)
{
    fixture fx;
    fx_init(&fx);
    tu_write(fx.src, "a.txt", "a");
    const char *alone = "[stage picky]\nplugin = test-basic\n";
    const char *read = "[stage picky]\nplugin = test-basic\n[stage pickb]\nplugin = test-basic\n";
    lp_run_report r;
    fx_run(&fx, alone, &r);
    ck_assert_int_eq(r.failed, 0);
    assert_file(&fx, "picky.txt", "a=0 b=0 other=0\n");
    lp_run_report_free(&r);
    fx_run(&fx, read, &r);
    ck_assert_int_eq(r.failed, 0);
    ck_assert_int_eq(stage(&r, "picky")->cache_misses, 1);
    assert_file(&fx, "picky.txt", "a=0 b=1 other=0\n");
    assert_file(&fx, "pickb.txt", "1\n");
    lp_run_report_free(&r);
    fx_run(&fx, alone, &r);
    ck_assert_int_eq(r.failed, 0);
    ck_assert_int_eq(stage(&r, "picky")->cache_hits, 1);
    assert_file(&fx, "picky.txt", "a=0 b=0 other=0\n");
    lp_run_report_free(&r);
    fx_free(&fx);
}
END_TEST

START_TEST(memory_limit_stops_the_build_without_output)
{
    fixture fx;
    fx_init(&fx);
    tu_write(fx.src, "a.txt", "x");
    lp_run_report r;
    lp_error err;
    ck_assert_int_eq(fx_run_raw(&fx, "max_memory = 64M\n", BASIC_PIPELINE
                                "[stage hog]\nplugin = test-basic\nmegabytes = 200\n", &r, &err), 0);
    expect_stopped_without_output(&fx, &r, "more than max_memory (64.0 MB), while running stage");
}
END_TEST

START_TEST(a_task_ignoring_the_stop_is_abandoned)
{
#ifdef __SANITIZE_ADDRESS__
    /* The abandoned run, and the config and fixture it reads, stay
     * allocated on purpose (its thread may still use them; the process
     * exits next): not leaks to report. */
    __lsan_disable();
#endif
    fixture fx;
    fx_init(&fx);
    tu_write(fx.src, "a.txt", "x");
    lp_run_report r;
    lp_error err;
    ck_assert_int_eq(fx_run_raw(&fx, "", "[stage sleepy]\nplugin = test-basic\nseconds = 60\n"
                                "ignore_cancel = true\ntimeout = 0.2\n", &r, &err), -1);
    ck_assert_int_eq(r.abandoned, 1);
    ck_assert_msg(strstr(err.msg, "a task did not stop within 5 s") != NULL, "%s", err.msg);
    /* The process exits now (this test runs in a forked child). */
}
END_TEST

START_TEST(warnings_are_replayed_from_cache)
{
    fixture fx;
    fx_init(&fx);
    tu_write(fx.src, "a.txt", "WARN here");
    lp_run_report r;
    fx_run(&fx, BASIC_PIPELINE, &r);
    ck_assert_int_eq(r.failed, 0);
    ck_assert_uint_eq(r.n_warnings, 1);
    lp_run_report_free(&r);
    fx_run(&fx, BASIC_PIPELINE, &r);
    ck_assert_uint_eq(stage(&r, "upper")->cache_hits, 1);
    ck_assert_uint_eq(r.n_warnings, 1);
    ck_assert_int_eq(r.diags[0].severity, LOCUS_SEV_WARNING);
    lp_run_report_free(&r);
    fx_free(&fx);
}
END_TEST

START_TEST(stale_outputs_removed_foreign_files_kept)
{
    fixture fx;
    fx_init(&fx);
    tu_write(fx.src, "a.txt", "x");
    lp_run_report r;
    fx_run(&fx, BASIC_PIPELINE "extra = deep/old.txt keep.txt\n", &r);
    ck_assert_int_eq(r.failed, 0);
    lp_run_report_free(&r);
    assert_file(&fx, "deep/old.txt", "deep/old.txt");
    tu_write(fx.out, "mine.txt", "user file");
    fx_run(&fx, BASIC_PIPELINE "extra = keep.txt\n", &r);
    ck_assert_int_eq(r.failed, 0);
    ck_assert_uint_eq(r.files.removed, 1);
    lp_run_report_free(&r);
    char *gone = out_file(&fx, "deep/old.txt");
    ck_assert_ptr_null(gone);
    char *dir = tu_path(fx.out, "deep");
    ck_assert_int_ne(access(dir, F_OK), 0);
    free(dir);
    assert_file(&fx, "keep.txt", "keep.txt");
    assert_file(&fx, "mine.txt", "user file");
    fx_free(&fx);
}
END_TEST

START_TEST(escaping_paths_are_refused)
{
    fixture fx;
    fx_init(&fx);
    tu_write(fx.src, "a.txt", "x");
    const char *bad[] = {"../escape.txt", "/tmp/abs.txt", "a/../../b.txt", "a//b.txt"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char stages[512];
        snprintf(stages, sizeof stages, BASIC_PIPELINE "extra = %s\n", bad[i]);
        lp_run_report r;
        fx_run(&fx, stages, &r);
        ck_assert_msg(r.failed, "%s was accepted", bad[i]);
        ck_assert_int_eq(stage(&r, "emit")->state, LP_STAGE_FAILED);
        ck_assert(strstr(r.diags[0].message, "outside the output directory") != NULL);
        lp_run_report_free(&r);
    }
    char *outside = tu_path(fx.dir, "escape.txt");
    ck_assert_int_ne(access(outside, F_OK), 0);
    free(outside);
    fx_free(&fx);
}
END_TEST

START_TEST(scaffold_written_only_if_missing)
{
    fixture fx;
    fx_init(&fx);
    tu_write(fx.src, "a.txt", "x");
    lp_run_report r;
    fx_run(&fx, BASIC_PIPELINE "scaffold = package.json\n", &r);
    lp_run_report_free(&r);
    assert_file(&fx, "package.json", "edit me\n");
    tu_write(fx.out, "package.json", "{\"mine\": true}\n");
    tu_write(fx.src, "a.txt", "y");
    fx_run(&fx, BASIC_PIPELINE "scaffold = package.json\n", &r);
    ck_assert_int_eq(r.failed, 0);
    lp_run_report_free(&r);
    assert_file(&fx, "package.json", "{\"mine\": true}\n");
    fx_free(&fx);
}
END_TEST

START_TEST(option_change_reruns_that_stage)
{
    fixture fx;
    fx_init(&fx);
    tu_write(fx.src, "a.txt", "abc");
    lp_run_report r;
    fx_run(&fx, BASIC_PIPELINE, &r);
    lp_run_report_free(&r);
    fx_run(&fx, "[stage upper]\nplugin = test-basic\nsuffix = !\n"
                "[stage concat]\nplugin = test-basic\n[stage emit]\nplugin = test-basic\n", &r);
    ck_assert_uint_eq(stage(&r, "upper")->cache_misses, 1);
    lp_run_report_free(&r);
    assert_file(&fx, "all.txt", "a.txt: ABC!\n");
    fx_free(&fx);
}
END_TEST

START_TEST(swap_a_stage_with_one_line)
{
    fixture fx;
    fx_init(&fx);
    tu_write(fx.src, "a.txt", "abc");
    lp_run_report r;
    fx_run(&fx, "[stage upper]\nplugin = test-alt\n"
                "[stage concat]\nplugin = test-basic\n[stage emit]\nplugin = test-basic\n", &r);
    ck_assert_int_eq(r.failed, 0);
    lp_run_report_free(&r);
    assert_file(&fx, "all.txt", "a.txt: ALT:abc\n");
    fx_free(&fx);
}
END_TEST

START_TEST(no_cache_runs_everything)
{
    fixture fx;
    fx_init(&fx);
    tu_write(fx.src, "a.txt", "abc");
    lp_run_report r;
    fx_run(&fx, BASIC_PIPELINE, &r);
    lp_run_report_free(&r);
    fx_run_opts(&fx, BASIC_PIPELINE, 2, 0, &r);
    for (size_t i = 0; i < r.n_stages; i++) {
        ck_assert_uint_eq(r.stages[i].cache_hits, 0);
        ck_assert_uint_eq(r.stages[i].cache_misses, r.stages[i].tasks);
    }
    ck_assert_uint_eq(r.files.written, 0); /* same bytes: nothing rewritten */
    lp_run_report_free(&r);
    fx_free(&fx);
}
END_TEST

START_TEST(consumer_starts_after_producer_finishes)
{
    fixture fx;
    fx_init(&fx);
    for (int i = 0; i < 40; i++) {
        char name[32];
        snprintf(name, sizeof name, "f%02d.txt", i);
        tu_write(fx.src, name, "some text to upper-case");
    }
    lp_run_report r;
    fx_run_opts(&fx, BASIC_PIPELINE, 4, 1, &r);
    const lp_stage_metrics *upper = stage(&r, "upper");
    const lp_stage_metrics *concat = stage(&r, "concat");
    const lp_stage_metrics *emit = stage(&r, "emit");
    ck_assert_uint_ge(concat->start_ns, upper->start_ns + upper->wall_ns);
    ck_assert_uint_ge(emit->start_ns, concat->start_ns + concat->wall_ns);
    ck_assert_uint_eq(r.files.written, 41);
    lp_run_report_free(&r);
    fx_free(&fx);
}
END_TEST

START_TEST(parallel_for_sees_every_item)
{
    fixture fx;
    fx_init(&fx);
    char want[8192] = "";
    for (int i = 0; i < 64; i++) {
        char name[32], text[32];
        snprintf(name, sizeof name, "f%02d.txt", i);
        snprintf(text, sizeof text, "content %d", i);
        tu_write(fx.src, name, text);
        locus_digest d = locus_digest_of(text, strlen(text));
        char hex[33], line[80];
        locus_digest_hex(&d, hex);
        snprintf(line, sizeof line, "%s %s\n", name, hex);
        strcat(want, line);
    }
    lp_run_report r;
    /* digests -> no consumer; check its output through a cache-free rerun
     * comparing against the expected text written by a file stage would
     * need another plugin, so read it back from the port via emit: here
     * we only need the stage to succeed with 64 items on 4 workers. */
    fx_run_opts(&fx, "[stage digests]\nplugin = test-basic\n", 4, 1, &r);
    ck_assert_int_eq(r.failed, 0);
    ck_assert_uint_eq(stage(&r, "digests")->bytes_out, strlen(want));
    lp_run_report_free(&r);
    fx_free(&fx);
}
END_TEST

START_TEST(touched_but_unchanged_source_is_reread_not_rerun)
{
    fixture fx;
    fx_init(&fx);
    tu_write(fx.src, "a.txt", "same");
    settle();
    lp_run_report r;
    fx_run(&fx, BASIC_PIPELINE, &r);
    lp_run_report_free(&r);
    settle();
    tu_write(fx.src, "a.txt", "same"); /* new mtime, same bytes */
    fx_run(&fx, BASIC_PIPELINE, &r);
    ck_assert_uint_eq(r.sources_read, 1);
    ck_assert_uint_eq(stage(&r, "upper")->cache_hits, 1);
    lp_run_report_free(&r);
    fx_free(&fx);
}
END_TEST

START_TEST(lost_cache_data_is_regenerated)
{
    fixture fx;
    fx_init(&fx);
    tu_write(fx.src, "a.txt", "abc");
    lp_run_report r;
    fx_run(&fx, BASIC_PIPELINE, &r);
    lp_run_report_free(&r);
    /* Clearing the cache drops results and project state: everything runs
     * again, but the unchanged files on disk are not rewritten... they are
     * no longer known to be ours, so they are replaced with equal bytes. */
    lp_cache *cache;
    lp_error err;
    ck_assert_int_eq(lp_cache_open(fx.cache, 0, &cache, &err), 0);
    ck_assert_int_eq(lp_cache_clear(cache, &err), 0);
    ck_assert_int_eq(lp_cache_close(cache, &err), 0);
    fx_run(&fx, BASIC_PIPELINE, &r);
    ck_assert_int_eq(r.failed, 0);
    ck_assert_uint_eq(stage(&r, "upper")->cache_misses, 1);
    lp_run_report_free(&r);
    assert_file(&fx, "all.txt", "a.txt: ABC\n");
    fx_free(&fx);
}
END_TEST

START_TEST(two_processes_at_once)
{
    fixture fx;
    fx_init(&fx);
    for (int i = 0; i < 200; i++) {
        char name[32], text[64];
        snprintf(name, sizeof name, "d%d/f%03d.txt", i % 7, i);
        snprintf(text, sizeof text, "file number %d", i);
        tu_write(fx.src, name, text);
    }
    pid_t pids[2];
    for (int p = 0; p < 2; p++) {
        pids[p] = fork();
        ck_assert_int_ge(pids[p], 0);
        if (pids[p] == 0) {
            lp_run_report r;
            fx_run(&fx, BASIC_PIPELINE, &r);
            int failed = r.failed;
            lp_run_report_free(&r);
            _exit(failed ? 3 : 0);
        }
    }
    for (int p = 0; p < 2; p++) {
        int status;
        ck_assert_int_eq(waitpid(pids[p], &status, 0), pids[p]);
        ck_assert(WIFEXITED(status));
        ck_assert_int_eq(WEXITSTATUS(status), 0);
    }
    lp_run_report r;
    fx_run(&fx, BASIC_PIPELINE, &r);
    ck_assert_int_eq(r.failed, 0);
    for (size_t i = 0; i < r.n_stages; i++)
        ck_assert_uint_eq(r.stages[i].cache_misses, 0);
    ck_assert_uint_eq(r.files.written, 0);
    ck_assert_uint_eq(r.files.unchanged, 201);
    lp_run_report_free(&r);
    fx_free(&fx);
}
END_TEST

START_TEST(after_orders_without_invalidating)
{
    fixture fx;
    fx_init(&fx);
    tu_write(fx.src, "a.txt", "one");
    tu_write(fx.src, "b.txt", "two");
    const char *stages = BASIC_PIPELINE "[stage gated]\nplugin = test-basic\n";
    lp_run_report r;
    fx_run(&fx, stages, &r);
    ck_assert_int_eq(r.failed, 0);
    ck_assert_uint_ge(stage(&r, "gated")->start_ns,
                      stage(&r, "concat")->start_ns + stage(&r, "concat")->wall_ns);
    lp_run_report_free(&r);
    assert_file(&fx, "gated/b.txt", "3\n");
    /* Editing a.txt changes "joined", yet b.txt's gated task is a hit. */
    tu_write(fx.src, "a.txt", "one more");
    fx_run(&fx, stages, &r);
    ck_assert_uint_eq(stage(&r, "gated")->cache_hits, 1);
    ck_assert_uint_eq(stage(&r, "gated")->cache_misses, 1);
    lp_run_report_free(&r);
    assert_file(&fx, "gated/a.txt", "8\n");
    /* When the producer of "joined" fails, the gated stage is skipped. */
    tu_write(fx.src, "b.txt", "FAIL");
    fx_run(&fx, stages, &r);
    ck_assert_int_eq(stage(&r, "gated")->state, LP_STAGE_SKIPPED);
    lp_run_report_free(&r);
    fx_free(&fx);
}
END_TEST

START_TEST(plugin_section_brings_every_stage)
{
    fixture fx;
    fx_init(&fx);
    tu_write(fx.src, "a.txt", "abc");
    lp_run_report r;
    /* All thirteen stages of test-basic, one of them configured by name. */
    fx_run(&fx, "[plugin test-basic]\n[stage upper]\nsuffix = ?\n", &r);
    ck_assert_int_eq(r.failed, 0);
    ck_assert_uint_eq(r.n_stages, 13);
    ck_assert_uint_eq(stage(&r, "digests")->tasks, 1);
    ck_assert_uint_eq(stage(&r, "gated")->tasks, 1);
    lp_run_report_free(&r);
    assert_file(&fx, "all.txt", "a.txt: ABC?\n");
    /* enabled = false turns the whole plugin off. */
    lp_error err;
    ck_assert_int_eq(fx_graph(&fx, "[plugin test-basic]\nenabled = false\n", NULL, &err), -1);
    ck_assert(strstr(err.msg, "no enabled [stage NAME]") != NULL);
    ck_assert_int_eq(fx_graph(&fx, "[plugin nope]\n", NULL, &err), -1);
    ck_assert_msg(strstr(err.msg, "t.ini:6: [plugin nope]: plugin 'nope' not found") != NULL, "%s",
                  err.msg);
    fx_free(&fx);
}
END_TEST

static void expect_graph_error(const char *stages, const char *plugin_path, const char *needle)
{
    fixture fx;
    fx_init(&fx);
    lp_error err;
    ck_assert_int_eq(fx_graph(&fx, stages, plugin_path, &err), -1);
    ck_assert_msg(strstr(err.msg, needle) != NULL, "'%s' lacks '%s'", err.msg, needle);
    fx_free(&fx);
}

START_TEST(graph_errors)
{
    expect_graph_error("[stage concat]\nplugin = test-basic\n", NULL,
                       "stage 'concat' reads port 'upper', which no enabled stage produces");
    expect_graph_error(BASIC_PIPELINE "[stage upper2]\nplugin = test-alt\n", NULL,
                       "port 'upper' is produced by two stages: 'upper' and 'upper2'");
    expect_graph_error("[stage ping]\nplugin = test-cycle\n[stage pong]\nplugin = test-cycle\n",
                       TEST_BAD_PLUGIN_DIR, "the pipeline has a cycle: ping -> pong -> ping");
    expect_graph_error("[stage upper]\nplugin = test-basic\nsufix = x\n", NULL,
                       "t.ini:8: unknown key 'sufix' in [stage upper]: stage 'upper' accepts");
    expect_graph_error("[stage upper]\nplugin = test-basic\nenabled = false\n", NULL,
                       "no enabled [stage NAME]");
    expect_graph_error("[stage x]\nplugin = test-basic\n", NULL,
                       "t.ini:6: [stage x]: plugin " TEST_PLUGIN_DIR "/test-basic.so has no "
                       "stage 'x'");
}
END_TEST

START_TEST(loader_errors)
{
    fixture fx;
    fx_init(&fx);
    expect_graph_error("[stage upper]\nplugin = no-such-plugin\n", NULL,
                       "plugin 'no-such-plugin' not found: no no-such-plugin.so in");
    tu_write(fx.dir, "text.so", "this is not ELF");
    char stages[1024];
    snprintf(stages, sizeof stages, "[stage upper]\nplugin = %s/text.so\n", fx.dir);
    expect_graph_error(stages, NULL, "text.so: not a shared object (no ELF header)");
    snprintf(stages, sizeof stages, "[stage upper]\nplugin = %s/missing.so\n", fx.dir);
    expect_graph_error(stages, NULL, "missing.so: plugin not found");
    expect_graph_error("[stage same]\nplugin = test-nodesc\n", TEST_BAD_PLUGIN_DIR,
                       "test-nodesc.so: not a locus-pipeline plugin: it does not export "
                       "'locus_plugin_descriptor'");
    expect_graph_error("[stage same]\nplugin = test-badabi\n", TEST_BAD_PLUGIN_DIR,
                       "test-badabi.so: plugin ABI version 999, but this locus-pipeline loads "
                       "version 2 plugins");
    expect_graph_error("[stage same]\nplugin = test-dupstage\n", TEST_BAD_PLUGIN_DIR,
                       "test-dupstage.so: duplicate stage name 'same' in plugin 'test-dupstage'");
    /* Without plugin=, the stage is looked up on the path: two providers. */
    expect_graph_error("[stage upper]\n", TEST_PLUGIN_DIR ":" TEST_DUP_PLUGIN_DIR,
                       "duplicate stage name 'upper': provided by both");
    fx_free(&fx);
}
END_TEST

START_TEST(stage_found_on_path_without_plugin_key)
{
    fixture fx;
    fx_init(&fx);
    lp_error err;
    ck_assert_msg(fx_graph(&fx, "[stage upper]\n[stage concat]\n[stage emit]\n", NULL, &err) == 0,
                  "%s", err.msg);
    fx_free(&fx);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("engine");
    TCase *tc = tcase_create("pipeline");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, basic_pipeline_then_all_cache_hits);
    tcase_add_test(tc, edit_reruns_only_what_depends_on_it);
    tcase_add_test(tc, failure_stops_dependents_not_independents);
    tcase_add_test(tc, failed_build_writes_nothing);
    tcase_add_test(tc, timeout_stops_the_build_without_output);
    tcase_add_test(tc, a_producer_is_kept_while_any_port_is_read);
    tcase_add_test(tc, unread_outputs_are_known_and_keyed);
    tcase_add_test(tc, memory_limit_stops_the_build_without_output);
    tcase_add_test(tc, a_task_ignoring_the_stop_is_abandoned);
    tcase_add_test(tc, warnings_are_replayed_from_cache);
    tcase_add_test(tc, stale_outputs_removed_foreign_files_kept);
    tcase_add_test(tc, escaping_paths_are_refused);
    tcase_add_test(tc, scaffold_written_only_if_missing);
    tcase_add_test(tc, option_change_reruns_that_stage);
    tcase_add_test(tc, swap_a_stage_with_one_line);
    tcase_add_test(tc, no_cache_runs_everything);
    tcase_add_test(tc, consumer_starts_after_producer_finishes);
    tcase_add_test(tc, parallel_for_sees_every_item);
    tcase_add_test(tc, touched_but_unchanged_source_is_reread_not_rerun);
    tcase_add_test(tc, lost_cache_data_is_regenerated);
    tcase_add_test(tc, two_processes_at_once);
    tcase_add_test(tc, after_orders_without_invalidating);
    tcase_add_test(tc, plugin_section_brings_every_stage);
    tcase_add_test(tc, graph_errors);
    tcase_add_test(tc, loader_errors);
    tcase_add_test(tc, stage_found_on_path_without_plugin_key);
    suite_add_tcase(s, tc);
    SRunner *runner = srunner_create(s);
    srunner_run_all(runner, CK_NORMAL);
    int failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
