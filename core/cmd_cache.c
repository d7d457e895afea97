/* cmd_cache.c — `locus-pipeline cache stats|gc|clear`. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cache.h"
#include "cli.h"

static const char cache_usage[] =
    "Usage: locus-pipeline cache stats|gc|clear [-c FILE] [--max-size SIZE]\n"
    "\n"
    "The cache directory is LOCUS_CACHE_DIR, else cache= of the config (-c FILE,\n"
    "or ./locus.ini when it exists), else ${XDG_CACHE_HOME:-~/.cache}/locus-pipeline.\n"
    "\n"
    "  stats   entries, stored and uncompressed bytes, size limit, files on disk\n"
    "  gc      evict least recently used results down to the size limit\n"
    "          (--max-size SIZE, else cache_size= of the config, else 2G)\n"
    "  clear   delete every cached result and the per-project state\n";

static void print_stats(const char *dir, const lp_cache_stats *st)
{
    printf("cache directory: %s\n", dir);
    printf("results:         %llu\n", (unsigned long long)st->entries);
    printf("stored bytes:    %llu (%.1f MB; %.1f MB uncompressed)\n",
           (unsigned long long)st->bytes, (double)st->bytes / 1048576.0,
           (double)st->raw_bytes / 1048576.0);
    printf("project states:  %llu\n", (unsigned long long)st->state_rows);
    if (st->limit)
        printf("size limit:      %llu (%.1f MB)\n", (unsigned long long)st->limit,
               (double)st->limit / 1048576.0);
    else
        printf("size limit:      none\n");
    printf("on disk:         %llu bytes\n", (unsigned long long)st->file_bytes);
}

int lp_cmd_cache(int argc, char **argv)
{
    static const struct option options[] = {{"config", required_argument, NULL, 'c'},
                                            {"max-size", required_argument, NULL, 's'},
                                            {"help", no_argument, NULL, 'h'},
                                            {NULL, 0, NULL, 0}};
    const char *config = NULL;
    uint64_t max_size = 0;
    int opt;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "c:h", options, NULL)) != -1) {
        if (opt == 'h') {
            fputs(cache_usage, stdout);
            return LP_EXIT_OK;
        } else if (opt == 'c') {
            config = optarg;
        } else if (opt == 's' && lp_parse_size(optarg, &max_size) == 0 && max_size > 0) {
            continue;
        } else {
            if (opt == 's')
                lp_cli_error("--max-size needs a size such as 500M or 2G, not '%s'", optarg);
            fputs(cache_usage, stderr);
            return LP_EXIT_USAGE;
        }
    }
    const char *action = optind + 1 == argc ? argv[optind] : NULL;
    if (!action || (strcmp(action, "stats") && strcmp(action, "gc") && strcmp(action, "clear"))) {
        fputs(cache_usage, stderr);
        return LP_EXIT_USAGE;
    }
    lp_config cfg;
    int loaded;
    int status = lp_cli_load_config(config, 1, &cfg, &loaded);
    if (status != LP_EXIT_OK)
        return status;
    lp_error err;
    char *dir = lp_config_cache_dir(loaded ? &cfg : NULL, &err);
    uint64_t limit = loaded ? cfg.cache_size : LP_DEFAULT_CACHE_SIZE;
    lp_cache *cache = NULL;
    if (!dir || lp_cache_open(dir, limit, &cache, &err) != 0) {
        lp_cli_error("%s", err.msg);
        status = LP_EXIT_BUILD;
        goto done;
    }
    lp_cache_stats st;
    uint64_t evicted = 0;
    if (strcmp(action, "stats") == 0 && lp_cache_get_stats(cache, &st, &err) == 0) {
        print_stats(dir, &st);
    } else if (strcmp(action, "gc") == 0 &&
               lp_cache_gc(cache, max_size ? max_size : limit, &evicted, &err) == 0) {
        printf("evicted %llu results from %s\n", (unsigned long long)evicted, dir);
    } else if (strcmp(action, "clear") == 0 && lp_cache_clear(cache, &err) == 0) {
        printf("cleared %s\n", dir);
    } else {
        lp_cli_error("%s", err.msg);
        status = LP_EXIT_BUILD;
    }
    if (lp_cache_close(cache, &err) != 0 && status == LP_EXIT_OK) {
        lp_cli_error("%s", err.msg);
        status = LP_EXIT_BUILD;
    }
done:
    free(dir);
    if (loaded)
        lp_config_free(&cfg);
    return status;
}
