/* cmd_plugins.c — `locus-pipeline plugins list|info`: what is on the plugin
 * search path, what each plugin provides, and the configured graph. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "graph.h"
#include "registry.h"

static const char plugins_usage[] =
    "Usage: locus-pipeline plugins list [-c FILE]\n"
    "       locus-pipeline plugins info NAME [-c FILE]\n"
    "\n"
    "list: every plugin on the search path (plugin_path= of the config,\n"
    "      LOCUS_PLUGIN_PATH, then " LOCUS_PLUGIN_DIR "),\n"
    "      its stages, and the pipeline graph of the config (-c FILE, or\n"
    "      ./locus.ini when it exists).\n"
    "info: the plugin or stage called NAME: version, file, ports, fan-out and\n"
    "      options.\n";

static void print_ports(const char *label, const char *const *ports)
{
    printf("      %s", label);
    if (!ports || !ports[0])
        printf("(none)");
    for (size_t i = 0; ports && ports[i]; i++)
        printf("%s%s", i ? ", " : "", ports[i]);
    printf("\n");
}

static void print_stage(const locus_stage_desc *stage, int verbose)
{
    printf("    stage %s %s (%s)%s%s\n", stage->name, stage->version,
           stage->fanout == LOCUS_FANOUT_PER_ITEM ? "per item" : "once",
           stage->help ? ": " : "", stage->help ? stage->help : "");
    print_ports("reads:  ", stage->inputs);
    print_ports("writes: ", stage->outputs);
    if (!verbose)
        return;
    for (const locus_option_desc *opt = stage->options; opt && opt->name; opt++)
        printf("      option %s%s%s%s%s\n", opt->name, opt->default_value ? " = " : "",
               opt->default_value ? opt->default_value : "", opt->help ? "  ; " : "",
               opt->help ? opt->help : "");
}

static void print_plugin(const lp_plugin *plugin, int verbose)
{
    char id[33];
    locus_digest_hex(&plugin->build_id, id);
    printf("%s %s\n  file: %s\n", plugin->desc->name, plugin->desc->version, plugin->path);
    if (verbose)
        printf("  build id: %s\n", id);
    for (size_t i = 0; i < plugin->desc->n_stages; i++)
        print_stage(&plugin->desc->stages[i], verbose);
}

static int print_graph(lp_config *cfg, lp_registry *reg)
{
    lp_graph graph;
    lp_error err;
    if (lp_graph_build(cfg, reg, &graph, &err) != 0) {
        lp_cli_error("%s", err.msg);
        return LP_EXIT_USAGE;
    }
    printf("\npipeline %s (%zu stages, in run order):\n", cfg->path, graph.n_stages);
    lp_graph_print(&graph, stdout);
    lp_graph_free(&graph);
    return LP_EXIT_OK;
}

static int info(lp_registry *reg, const char *name)
{
    for (size_t i = 0; i < reg->n_plugins; i++) {
        if (strcmp(reg->plugins[i]->desc->name, name) == 0) {
            print_plugin(reg->plugins[i], 1);
            return LP_EXIT_OK;
        }
    }
    lp_plugin *plugin;
    const locus_stage_desc *stage;
    lp_error err;
    if (lp_registry_find_stage(reg, name, &plugin, &stage, &err) != 0) {
        lp_cli_error("%s", err.msg);
        return LP_EXIT_USAGE;
    }
    printf("stage %s, provided by plugin %s %s (%s)\n", name, plugin->desc->name,
           plugin->desc->version, plugin->path);
    print_stage(stage, 1);
    return LP_EXIT_OK;
}

int lp_cmd_plugins(int argc, char **argv)
{
    static const struct option options[] = {{"config", required_argument, NULL, 'c'},
                                            {"help", no_argument, NULL, 'h'},
                                            {NULL, 0, NULL, 0}};
    const char *config = NULL;
    int opt;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "c:h", options, NULL)) != -1) {
        if (opt == 'h') {
            fputs(plugins_usage, stdout);
            return LP_EXIT_OK;
        }
        if (opt != 'c') {
            fputs(plugins_usage, stderr);
            return LP_EXIT_USAGE;
        }
        config = optarg;
    }
    const char *action = optind < argc ? argv[optind] : NULL;
    int is_list = action && strcmp(action, "list") == 0 && optind + 1 == argc;
    int is_info = action && strcmp(action, "info") == 0 && optind + 2 == argc;
    if (!is_list && !is_info) {
        fputs(plugins_usage, stderr);
        return LP_EXIT_USAGE;
    }
    lp_config cfg;
    int loaded;
    int status = lp_cli_load_config(config, 1, &cfg, &loaded);
    if (status != LP_EXIT_OK)
        return status;
    lp_registry reg;
    lp_error err;
    if (lp_registry_init(&reg, loaded ? cfg.plugin_path : NULL, &err) != 0 ||
        lp_registry_load_all(&reg, &err) != 0) {
        lp_cli_error("%s", err.msg);
        status = LP_EXIT_USAGE;
    } else if (is_info) {
        status = info(&reg, argv[optind + 1]);
    } else {
        printf("search path:\n");
        for (size_t i = 0; i < reg.n_dirs; i++)
            printf("  %s\n", reg.dirs[i]);
        printf("\nplugins:\n");
        for (size_t i = 0; i < reg.n_plugins; i++)
            print_plugin(reg.plugins[i], 0);
        if (reg.n_plugins == 0)
            printf("  (none found)\n");
        if (lp_registry_check_duplicates(&reg, &err) != 0) {
            lp_cli_error("%s", err.msg);
            status = LP_EXIT_USAGE;
        }
        if (status == LP_EXIT_OK && loaded)
            status = print_graph(&cfg, &reg);
    }
    lp_registry_free(&reg);
    if (loaded)
        lp_config_free(&cfg);
    return status;
}
