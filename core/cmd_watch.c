/* cmd_watch.c — `locus-pipeline watch` (a config's pipeline) and `dev`
 * (the standard Locus pipeline, the reference compiler's flags): build,
 * then rebuild on every change until interrupted. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "frontdoor.h"
#include "watch.h"

static const char watch_usage[] =
    "Usage: locus-pipeline watch [-c FILE] [-j N] [--errors pretty|json]\n"
    "       locus-pipeline dev [--src DIR] [--out DIR] [-j N] [--errors pretty|json]\n"
    "\n"
    "Build, then watch the source directory and rebuild on every change, reusing\n"
    "every unchanged result from memory. Each build prints one line with its\n"
    "time and the latency from the change to the rebuilt outputs. A build with\n"
    "errors keeps the last good outputs. Ctrl-C (SIGINT) or SIGTERM stops.\n"
    "\n"
    "watch runs the pipeline of a config file (-c, default ./locus.ini); dev runs\n"
    "the standard Locus pipeline on --src (default .) into --out (default\n"
    "generated), like `build`.\n"
    "\n"
    "  --max-builds N   stop after N builds (for scripts and tests)\n"
    "\n"
    "Exit status: 0 when stopped by a signal, 1 if watching failed, 2 usage or\n"
    "configuration errors.\n";

typedef struct watch_args {
    const char *config, *src, *out;
    int jobs, json, max_builds;
} watch_args;

static int parse_args(int argc, char **argv, int dev, watch_args *args)
{
    static const struct option options[] = {
        {"config", required_argument, NULL, 'c'}, {"jobs", required_argument, NULL, 'j'},
        {"src", required_argument, NULL, 's'},    {"out", required_argument, NULL, 'o'},
        {"errors", required_argument, NULL, 'e'}, {"max-builds", required_argument, NULL, 'm'},
        {"help", no_argument, NULL, 'h'},         {NULL, 0, NULL, 0}};
    optind = 1;
    int opt;
    while ((opt = getopt_long(argc, argv, "c:j:h", options, NULL)) != -1) {
        switch (opt) {
        case 'c': args->config = optarg; break;
        case 's': args->src = optarg; break;
        case 'o': args->out = optarg; break;
        case 'j': args->jobs = atoi(optarg); break;
        case 'm': args->max_builds = atoi(optarg); break;
        case 'e':
            if (strcmp(optarg, "json") != 0 && strcmp(optarg, "pretty") != 0) {
                lp_cli_error("--errors takes 'pretty' or 'json', not '%s'", optarg);
                return -1;
            }
            args->json = strcmp(optarg, "json") == 0;
            break;
        case 'h': fputs(watch_usage, stdout); return 1;
        default: fputs(watch_usage, stderr); return -1;
        }
    }
    if (optind < argc || args->jobs < 0 || args->max_builds < 0 ||
        (dev && args->config) || (!dev && (args->src || args->out))) {
        lp_cli_error("%s: unexpected arguments (see --help)", dev ? "dev" : "watch");
        return -1;
    }
    return 0;
}

static int watch_config(const watch_args *args)
{
    lp_config cfg;
    int loaded;
    int status = lp_cli_load_config(args->config, 0, &cfg, &loaded);
    if (status != LP_EXIT_OK)
        return status;
    lp_registry reg;
    lp_graph graph;
    lp_error err;
    if (lp_registry_init(&reg, cfg.plugin_path, &err) != 0 ||
        lp_graph_build(&cfg, &reg, &graph, &err) != 0) {
        lp_cli_error("%s", err.msg);
        lp_registry_free(&reg);
        lp_config_free(&cfg);
        return LP_EXIT_USAGE;
    }
    lp_watch_options opts = {&cfg, &graph, args->jobs, args->json, args->max_builds};
    status = lp_watch(&opts);
    lp_graph_free(&graph);
    lp_registry_free(&reg);
    lp_config_free(&cfg);
    return status;
}

static int watch_standard(const watch_args *args)
{
    lp_frontdoor fd;
    int status = lp_frontdoor_open(&fd, args->src ? args->src : ".",
                                   args->out ? args->out : "generated", LP_WITH_GENERATORS, NULL);
    if (status != LP_EXIT_OK)
        return status;
    lp_watch_options opts = {&fd.cfg, &fd.graph, args->jobs, args->json, args->max_builds};
    status = lp_watch(&opts);
    lp_frontdoor_close(&fd);
    return status;
}

int lp_cmd_watch(int argc, char **argv, int dev)
{
    watch_args args = {0};
    int parsed = parse_args(argc, argv, dev, &args);
    if (parsed != 0)
        return parsed > 0 ? LP_EXIT_OK : LP_EXIT_USAGE;
    return dev ? watch_standard(&args) : watch_config(&args);
}
