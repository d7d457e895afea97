/* main.c — the locus-pipeline command: dispatch to subcommands, --help,
 * --version. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "config.h"
#include "locus/plugin.h"

static const char usage_text[] =
    "Usage: locus-pipeline COMMAND [OPTIONS]\n"
    "\n"
    "A parallel, cached build pipeline of stage plugins.\n"
    "\n"
    "Commands:\n"
    "  run              run the pipeline of a config file (default ./locus.ini)\n"
    "  build            compile Locus sources (the reference compiler's `build`:\n"
    "                   --src DIR --out DIR ...; see build --help)\n"
    "  check            parse, merge and validate Locus sources (the reference\n"
    "                   compiler's `check`: --src DIR --errors pretty|json)\n"
    "  watch            run a config's pipeline, then rebuild on every change\n"
    "  dev              watch mode on the standard Locus pipeline (--src, --out)\n"
    "  plugins list     list the plugins found and the configured pipeline graph\n"
    "  plugins info X   describe plugin or stage X: ports, fan-out, options\n"
    "  cache stats      show the result cache's size and location\n"
    "  cache gc         evict least recently used results down to cache_size\n"
    "  cache clear      delete every cached result\n"
    "  help [COMMAND]   show this help or a command's help\n"
    "\n"
    "Options:\n"
    "  -h, --help       show help (also after a command: run --help)\n"
    "  -V, --version    show the version\n"
    "\n"
    "Exit status:\n"
    "  0  success\n"
    "  1  the build failed: a stage reported errors, or an I/O error\n"
    "  2  usage or configuration error: bad option, bad config file, plugin\n"
    "     that cannot be loaded, pipeline graph error\n"
    "\n"
    "Environment:\n"
    "  LOCUS_PLUGIN_PATH  extra plugin directories, ':'-separated\n"
    "  LOCUS_CACHE_DIR    the cache directory (overrides cache= in the config;\n"
    "                     default ${XDG_CACHE_HOME:-~/.cache}/locus-pipeline)\n"
    "\n"
    "Plugins are also searched in " LOCUS_PLUGIN_DIR ".\n"
    "Documentation: docs/configuration.md, docs/plugin-authoring.md.\n";

void lp_cli_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("locus-pipeline: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

int lp_cli_load_config(const char *path, int optional, lp_config *cfg, int *loaded)
{
    lp_error err;
    *loaded = 0;
    if (!path) {
        path = "locus.ini";
        if (optional && access(path, F_OK) != 0)
            return LP_EXIT_OK;
        if (access(path, F_OK) != 0) {
            lp_cli_error("no locus.ini in the current directory (use -c FILE)");
            return LP_EXIT_USAGE;
        }
    }
    if (lp_config_load(path, cfg, &err) != 0) {
        lp_cli_error("%s", err.msg);
        return LP_EXIT_USAGE;
    }
    *loaded = 1;
    return LP_EXIT_OK;
}

/* argv[0] is the command's name. */
static int dispatch(const char *cmd, int argc, char **argv)
{
    if (strcmp(cmd, "run") == 0)
        return lp_cmd_run(argc, argv);
    if (strcmp(cmd, "plugins") == 0)
        return lp_cmd_plugins(argc, argv);
    if (strcmp(cmd, "cache") == 0)
        return lp_cmd_cache(argc, argv);
    if (strcmp(cmd, "check") == 0)
        return lp_cmd_check(argc, argv);
    if (strcmp(cmd, "build") == 0)
        return lp_cmd_build(argc, argv);
    if (strcmp(cmd, "watch") == 0 || strcmp(cmd, "dev") == 0)
        return lp_cmd_watch(argc, argv, strcmp(cmd, "dev") == 0);
    lp_cli_error("unknown command '%s' (see locus-pipeline --help)", cmd);
    return LP_EXIT_USAGE;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs(usage_text, stderr);
        return LP_EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0 ||
        (strcmp(cmd, "help") == 0 && argc < 3)) {
        fputs(usage_text, stdout);
        return LP_EXIT_OK;
    }
    if (strcmp(cmd, "-V") == 0 || strcmp(cmd, "--version") == 0) {
        printf("locus-pipeline %s (plugin ABI %u)\n", PACKAGE_VERSION, LOCUS_ABI_VERSION);
        return LP_EXIT_OK;
    }
    if (strcmp(cmd, "help") == 0) {
        char help_flag[] = "--help";
        char *help_argv[] = {argv[2], help_flag, NULL};
        return dispatch(argv[2], 2, help_argv);
    }
    return dispatch(cmd, argc - 1, argv + 1);
}
