/* cmd_run.c — `locus-pipeline run`: load config and plugins, check the
 * graph, run, print diagnostics and a summary, write metrics. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "diagprint.h"
#include "engine.h"
#include "graph.h"
#include "metrics.h"
#include "profile.h"
#include "registry.h"

static const char run_usage[] =
    "Usage: locus-pipeline run [-c FILE] [-j N] [--src DIR] [--out DIR] [--no-cache]\n"
    "                          [--metrics FILE] [--errors pretty|json] [-q]\n"
    "\n"
    "Run the pipeline described by a config file.\n"
    "\n"
    "  -c, --config FILE   config file (default: ./locus.ini)\n"
    "  -j, --jobs N        worker threads (default: jobs= in [pipeline], else the\n"
    "                      number of online CPUs)\n"
    "      --src DIR       source directory (overrides src= of the config)\n"
    "      --out DIR       output directory (overrides out= of the config)\n"
    "      --no-cache      ignore cached results and run every task (results are\n"
    "                      still stored for the next run)\n"
    "      --metrics FILE  write per-stage metrics as JSON to FILE\n"
    "      --profile       print the per-stage breakdown (wall, CPU, tasks, cache\n"
    "                      hit rate, bytes) and the critical path on stderr\n"
    "      --trace FILE    write every task as Chrome trace events (open it in\n"
    "                      chrome://tracing or ui.perfetto.dev)\n"
    "      --errors FMT    diagnostics as 'pretty' (default) or 'json' (one line\n"
    "                      {\"diagnostics\":[...]} on stderr)\n"
    "  -q, --quiet         print diagnostics only, no summary line\n"
    "  -h, --help          show this help\n"
    "\n"
    "Exit status: 0 success, 1 build errors, 2 usage or configuration errors.\n";

typedef struct run_args {
    const char *config;
    const char *src;
    const char *out;
    int jobs;
    int no_cache;
    const char *metrics;
    const char *trace;
    int profile;
    int json;
    int quiet;
} run_args;

static int parse_args(int argc, char **argv, run_args *args)
{
    static const struct option options[] = {
        {"config", required_argument, NULL, 'c'}, {"jobs", required_argument, NULL, 'j'},
        {"no-cache", no_argument, NULL, 'n'},     {"metrics", required_argument, NULL, 'm'},
        {"errors", required_argument, NULL, 'e'}, {"quiet", no_argument, NULL, 'q'},
        {"src", required_argument, NULL, 's'},    {"out", required_argument, NULL, 'o'},
        {"profile", no_argument, NULL, 'p'},      {"trace", required_argument, NULL, 't'},
        {"help", no_argument, NULL, 'h'},         {NULL, 0, NULL, 0}};
    optind = 1;
    int opt;
    while ((opt = getopt_long(argc, argv, "c:j:qh", options, NULL)) != -1) {
        char *end;
        switch (opt) {
        case 'c': args->config = optarg; break;
        case 'j':
            args->jobs = (int)strtol(optarg, &end, 10);
            if (*end || args->jobs < 1 || args->jobs > 1024) {
                lp_cli_error("-j needs a number from 1 to 1024, not '%s'", optarg);
                return -1;
            }
            break;
        case 'n': args->no_cache = 1; break;
        case 's': args->src = optarg; break;
        case 'p': args->profile = 1; break;
        case 't': args->trace = optarg; break;
        case 'o': args->out = optarg; break;
        case 'm': args->metrics = optarg; break;
        case 'e':
            if (strcmp(optarg, "json") != 0 && strcmp(optarg, "pretty") != 0) {
                lp_cli_error("--errors takes 'pretty' or 'json', not '%s'", optarg);
                return -1;
            }
            args->json = strcmp(optarg, "json") == 0;
            break;
        case 'q': args->quiet = 1; break;
        case 'h': fputs(run_usage, stdout); return 1;
        default: fputs(run_usage, stderr); return -1;
        }
    }
    if (optind < argc) {
        lp_cli_error("run: unexpected argument '%s'", argv[optind]);
        return -1;
    }
    return 0;
}

static void print_diags(const lp_run_report *report, const lp_config *cfg, int json)
{
    if (json) {
        if (report->n_diags)
            lp_diag_print_json(stderr, report->diags, report->n_diags, LOCUS_SEV_NOTE,
                               cfg->src);
        return;
    }
    lp_diag_print_all(stderr, report->diags, report->n_diags, LOCUS_SEV_NOTE, cfg->src,
                      isatty(STDERR_FILENO));
}

static void print_summary(const lp_run_report *report, const lp_config *cfg)
{
    uint64_t tasks = 0, hits = 0;
    for (size_t s = 0; s < report->n_stages; s++) {
        tasks += report->stages[s].tasks;
        hits += report->stages[s].cache_hits;
    }
    printf("locus-pipeline: %s in %.2f s: %llu tasks (%llu cached), %zu sources",
           report->failed ? "failed" : "done", (double)report->wall_ns / 1e9,
           (unsigned long long)tasks, (unsigned long long)hits, report->sources);
    if (report->wrote_outputs)
        printf("; %llu files written, %llu unchanged, %llu removed in %s",
               (unsigned long long)report->files.written,
               (unsigned long long)report->files.unchanged,
               (unsigned long long)report->files.removed, cfg->out);
    printf("\n");
}

/* --src/--out replace the config's directories (relative to the cwd). */
static int override_dir(char **slot, const char *dir)
{
    if (!dir)
        return 0;
    char *abs = lp_abspath(NULL, dir);
    if (!abs)
        return -1;
    free(*slot);
    *slot = abs;
    return 0;
}

int lp_cmd_run(int argc, char **argv)
{
    run_args args = {0};
    int parsed = parse_args(argc, argv, &args);
    if (parsed != 0)
        return parsed > 0 ? LP_EXIT_OK : LP_EXIT_USAGE;
    lp_config cfg;
    int loaded;
    int status = lp_cli_load_config(args.config, 0, &cfg, &loaded);
    if (status != LP_EXIT_OK)
        return status;
    if (override_dir(&cfg.src, args.src) != 0 || override_dir(&cfg.out, args.out) != 0) {
        lp_cli_error("out of memory");
        lp_config_free(&cfg);
        return LP_EXIT_USAGE;
    }
    lp_registry reg;
    lp_graph graph;
    lp_error err;
    if (lp_registry_init(&reg, cfg.plugin_path, &err) != 0) {
        lp_cli_error("%s", err.msg);
        lp_config_free(&cfg);
        return LP_EXIT_USAGE;
    }
    if (lp_graph_build(&cfg, &reg, &graph, &err) != 0) {
        lp_cli_error("%s", err.msg);
        lp_registry_free(&reg);
        lp_config_free(&cfg);
        return LP_EXIT_USAGE;
    }
    lp_run_options opts = {&cfg, &graph, args.jobs, !args.no_cache,
                           isatty(STDERR_FILENO) && !args.quiet, NULL};
    lp_run_report report;
    if (lp_run(&opts, &report, &err) != 0) {
        lp_cli_error("%s", err.msg);
        if (report.abandoned)
            return LP_EXIT_BUILD; /* exit now: a plugin thread is still running */
        status = LP_EXIT_BUILD;
    } else {
        print_diags(&report, &cfg, args.json);
        status = report.failed ? LP_EXIT_BUILD : LP_EXIT_OK;
        if (!args.quiet)
            print_summary(&report, &cfg);
    }
    if (args.metrics && lp_metrics_write(args.metrics, &report, &err) != 0) {
        lp_cli_error("%s", err.msg);
        status = LP_EXIT_BUILD;
    }
    if (args.trace && lp_trace_write(args.trace, &report, &err) != 0) {
        lp_cli_error("%s", err.msg);
        status = LP_EXIT_BUILD;
    }
    if (args.profile && report.n_stages)
        lp_profile_print(stderr, &report, &graph);
    lp_run_report_free(&report);
    lp_graph_free(&graph);
    lp_registry_free(&reg);
    lp_config_free(&cfg);
    return status;
}
