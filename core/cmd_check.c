/* cmd_check.c — `locus-pipeline check`: the reference compiler's `check`
 * (same flags, same warning and success lines), on the standard Locus
 * front end: sources -> parse -> merge -> validate. */
#include <getopt.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "diagprint.h"
#include "frontdoor.h"
#include "metrics.h"

static const char check_usage[] =
    "Usage: locus-pipeline check [--src DIR] [--errors pretty|json] [-j N]\n"
    "                            [--no-cache] [--metrics FILE]\n"
    "\n"
    "Parse, merge and validate every .locus file under DIR (default: .), as the\n"
    "reference Locus compiler's `check` does. Prints each warning as\n"
    "'[locus][warn] ...' and 'Check succeeded. Files: N' on success.\n"
    "\n"
    "  --src DIR           the source directory (default: .)\n"
    "  --errors FMT        'pretty' (default: file:line:col: error: message, the\n"
    "                      line and a caret) or 'json' (one line\n"
    "                      {\"diagnostics\":[...]} on stderr)\n"
    "  -j, --jobs N        worker threads (default: online CPUs)\n"
    "  --no-cache          ignore cached results\n"
    "  --metrics FILE      write per-stage metrics as JSON to FILE\n"
    "  -h, --help          show this help\n"
    "\n"
    "Exit status: 0 no errors, 1 parse/merge/validation errors, 2 usage errors.\n";

typedef struct check_args {
    const char *src;
    int json;
    int jobs;
    int no_cache;
    const char *metrics;
} check_args;

static int parse_args(int argc, char **argv, check_args *args)
{
    static const struct option options[] = {
        {"src", required_argument, NULL, 's'},    {"errors", required_argument, NULL, 'e'},
        {"jobs", required_argument, NULL, 'j'},   {"no-cache", no_argument, NULL, 'n'},
        {"metrics", required_argument, NULL, 'm'}, {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    optind = 1;
    int opt;
    args->src = ".";
    while ((opt = getopt_long(argc, argv, "j:h", options, NULL)) != -1) {
        switch (opt) {
        case 's': args->src = optarg; break;
        case 'e':
            if (strcmp(optarg, "json") != 0 && strcmp(optarg, "pretty") != 0) {
                lp_cli_error("--errors takes 'pretty' or 'json', not '%s'", optarg);
                return -1;
            }
            args->json = strcmp(optarg, "json") == 0;
            break;
        case 'j':
            args->jobs = atoi(optarg);
            if (args->jobs < 1 || args->jobs > 1024) {
                lp_cli_error("-j needs a number from 1 to 1024, not '%s'", optarg);
                return -1;
            }
            break;
        case 'n': args->no_cache = 1; break;
        case 'm': args->metrics = optarg; break;
        case 'h': fputs(check_usage, stdout); return 1;
        default: fputs(check_usage, stderr); return -1;
        }
    }
    if (optind < argc) {
        lp_cli_error("check: unexpected argument '%s'", argv[optind]);
        return -1;
    }
    return 0;
}

/* Print the outcome the way the reference's check does (warnings and the
 * success line on stdout), with our error forms (decisions.md rules 4-5). */
static int report_check(const lp_run_report *report, const lp_config *cfg, int json)
{
    if (report->n_errors == 0 && !report->failed) {
        for (size_t i = 0; i < report->n_diags; i++) {
            const locus_diag *d = &report->diags[i];
            /* Deprecation records are printed by `build` only. */
            if (d->severity == LOCUS_SEV_WARNING &&
                strncmp(d->message, LP_DEPRECATION_PREFIX, strlen(LP_DEPRECATION_PREFIX)) != 0)
                printf("[locus][warn] %s\n", d->message);
        }
        size_t files = 0;
        for (size_t s = 0; s < report->n_stages; s++)
            if (strcmp(report->stages[s].name, "parse") == 0)
                files = report->stages[s].tasks;
        printf("Check succeeded. Files: %zu\n", files);
        if (files == 0)
            fprintf(stderr, "locus-pipeline: warning: no .locus files under %s\n", cfg->src);
        return LP_EXIT_OK;
    }
    if (json) {
        lp_diag_print_json(stderr, report->diags, report->n_diags, LOCUS_SEV_ERROR, cfg->src);
    } else {
        lp_diag_print_all(stderr, report->diags, report->n_diags, LOCUS_SEV_ERROR, cfg->src,
                          isatty(STDERR_FILENO));
    }
    return LP_EXIT_BUILD;
}

int lp_cmd_check(int argc, char **argv)
{
    check_args args = {0};
    int parsed = parse_args(argc, argv, &args);
    if (parsed != 0)
        return parsed > 0 ? LP_EXIT_OK : LP_EXIT_USAGE;
    lp_frontdoor fd;
    int status = lp_frontdoor_open(&fd, args.src, NULL, LP_FRONT_END_ONLY, NULL);
    if (status != LP_EXIT_OK)
        return status;
    lp_run_options opts = {&fd.cfg, &fd.graph, args.jobs, !args.no_cache,
                           isatty(STDERR_FILENO), NULL};
    lp_run_report report;
    lp_error err;
    if (lp_run(&opts, &report, &err) != 0) {
        lp_cli_error("%s", err.msg);
        if (report.abandoned)
            return LP_EXIT_BUILD; /* exit now: a plugin thread is still running */
        status = LP_EXIT_BUILD;
    } else {
        status = report_check(&report, &fd.cfg, args.json);
    }
    if (args.metrics && lp_metrics_write(args.metrics, &report, &err) != 0) {
        lp_cli_error("%s", err.msg);
        status = LP_EXIT_BUILD;
    }
    lp_run_report_free(&report);
    lp_frontdoor_close(&fd);
    return status;
}
