/* cmd_build.c — `locus-pipeline build`: the reference compiler's `build`
 * (same flags, console lines and bookkeeping files) on the standard Locus
 * pipeline. Exit codes follow decisions.md rule 5 (1 on errors). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buildlog.h"
#include "cli.h"
#include "diagprint.h"
#include "frontdoor.h"
#include "metrics.h"

static const char build_usage[] =
    "Usage: locus-pipeline build [--src DIR] [--out DIR] [--errors pretty|json]\n"
    "                            [--suppress-warnings] [--dry-run] [--debug]\n"
    "                            [--prisma-generate] [--emit-js] [-j N] [--no-cache]\n"
    "                            [--metrics FILE]\n"
    "\n"
    "Compile every .locus file under --src into --out, as the reference Locus\n"
    "compiler's `build` does: Prisma schema, Express API, validation modules, React\n"
    "pages and components, Next.js app, theme CSS and project files. Only files\n"
    "whose bytes changed are written; files an earlier build wrote and this one\n"
    "does not are removed.\n"
    "\n"
    "  --src DIR            source directory (default: .)\n"
    "  --out DIR            output directory (default: generated)\n"
    "  --errors FMT         'pretty' (default) or 'json' (one line\n"
    "                       {\"diagnostics\":[...]} on stderr)\n"
    "  --suppress-warnings  print no warnings; do not write GENERATED_WARNINGS.txt\n"
    "  --dry-run            list the files that would be written; write nothing\n"
    "  --debug              print stage timings and write BUILD_METRICS.json\n"
    "  --prisma-generate    afterwards run `npx prisma generate` on the schema\n"
    "  --emit-js            afterwards run `npx tsc` in the output directory\n"
    "  -j, --jobs N         worker threads (default: online CPUs)\n"
    "  --no-cache           ignore cached results\n"
    "  --metrics FILE       write per-stage metrics as JSON to FILE\n"
    "  -h, --help           show this help\n"
    "\n"
    "Exit status: 0 success, 1 parse/merge/validation/build errors (also a failed\n"
    "--emit-js or --prisma-generate), 2 usage errors.\n";

static int parse_args(int argc, char **argv, lp_build_args *args)
{
    enum { O_SRC = 1, O_OUT, O_ERRORS, O_SUPPRESS, O_DRY, O_DEBUG, O_PRISMA, O_EMIT, O_NOCACHE,
           O_METRICS };
    static const struct option options[] = {
        {"src", required_argument, NULL, O_SRC},
        {"out", required_argument, NULL, O_OUT},
        {"errors", required_argument, NULL, O_ERRORS},
        {"suppress-warnings", no_argument, NULL, O_SUPPRESS},
        {"dry-run", no_argument, NULL, O_DRY},
        {"debug", no_argument, NULL, O_DEBUG},
        {"prisma-generate", no_argument, NULL, O_PRISMA},
        {"emit-js", no_argument, NULL, O_EMIT},
        {"no-cache", no_argument, NULL, O_NOCACHE},
        {"metrics", required_argument, NULL, O_METRICS},
        {"jobs", required_argument, NULL, 'j'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    optind = 1;
    args->src = ".";
    args->out = "generated";
    int opt;
    while ((opt = getopt_long(argc, argv, "j:h", options, NULL)) != -1) {
        switch (opt) {
        case O_SRC: args->src = optarg; break;
        case O_OUT: args->out = optarg; break;
        case O_ERRORS:
            if (strcmp(optarg, "json") != 0 && strcmp(optarg, "pretty") != 0) {
                lp_cli_error("--errors takes 'pretty' or 'json', not '%s'", optarg);
                return -1;
            }
            args->json = strcmp(optarg, "json") == 0;
            break;
        case O_SUPPRESS: args->suppress_warnings = 1; break;
        case O_DRY: args->dry_run = 1; break;
        case O_DEBUG: args->debug = 1; break;
        case O_PRISMA: args->prisma_generate = 1; break;
        case O_EMIT: args->emit_js = 1; break;
        case O_NOCACHE: args->no_cache = 1; break;
        case O_METRICS: args->metrics = optarg; break;
        case 'j':
            args->jobs = atoi(optarg);
            if (args->jobs < 1 || args->jobs > 1024) {
                lp_cli_error("-j needs a number from 1 to 1024, not '%s'", optarg);
                return -1;
            }
            break;
        case 'h': fputs(build_usage, stdout); return 1;
        default: fputs(build_usage, stderr); return -1;
        }
    }
    if (optind < argc) {
        lp_cli_error("build: unexpected argument '%s'", argv[optind]);
        return -1;
    }
    return 0;
}

static void print_errors(const lp_run_report *report, const lp_config *cfg, int json)
{
    if (json) {
        lp_diag_print_json(stderr, report->diags, report->n_diags, LOCUS_SEV_ERROR, cfg->src);
        return;
    }
    lp_diag_print_all(stderr, report->diags, report->n_diags, LOCUS_SEV_ERROR, cfg->src,
                      isatty(STDERR_FILENO));
}

int lp_cmd_build(int argc, char **argv)
{
    lp_build_args args = {0};
    int parsed = parse_args(argc, argv, &args);
    if (parsed != 0)
        return parsed > 0 ? LP_EXIT_OK : LP_EXIT_USAGE;
    const char *extra = args.suppress_warnings ? "[stage warnings]\nsuppress_warnings = true\n"
                                               : NULL;
    lp_frontdoor fd;
    int status = lp_frontdoor_open(&fd, args.src, args.dry_run ? NULL : args.out,
                                   LP_WITH_GENERATORS, extra);
    if (status != LP_EXIT_OK)
        return status;
    lp_run_options opts = {&fd.cfg, &fd.graph, args.jobs, !args.no_cache,
                           isatty(STDERR_FILENO), NULL};
    lp_run_report report;
    lp_error err;
    uint64_t start_ns = lp_build_clock_ns();
    if (lp_run(&opts, &report, &err) != 0) {
        lp_cli_error("%s", err.msg);
        if (report.abandoned)
            return LP_EXIT_BUILD; /* exit now: a plugin thread is still running */
        status = LP_EXIT_BUILD;
    } else if (report.failed || report.n_errors) {
        print_errors(&report, &fd.cfg, args.json);
        status = LP_EXIT_BUILD;
    } else if (args.dry_run) {
        status = lp_build_print_dry_run(&report);
    } else {
        status = lp_build_finish(&args, &fd.cfg, &report, start_ns);
    }
    if (args.metrics && lp_metrics_write(args.metrics, &report, &err) != 0) {
        lp_cli_error("%s", err.msg);
        status = LP_EXIT_BUILD;
    }
    lp_run_report_free(&report);
    lp_frontdoor_close(&fd);
    return status;
}
