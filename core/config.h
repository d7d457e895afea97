/* config.h — the pipeline configuration (locus.ini) as plain data.
 *
 * The ini file is read with inih. Sections:
 *   [pipeline]     src, out, jobs, cache, cache_size, include, plugin_path,
 *                  max_memory, max_file_size
 *   [stage NAME]   plugin, enabled, stage, timeout, and the stage's own
 *                  options (checked against the stage's declared options
 *                  once plugins are loaded, see graph.c)
 *   [source NAME]  include, recursive — an extra port of source files
 *   [plugin NAME]  enabled — every stage of plugin NAME, each under its own
 *                  name (a [stage X] section of the same name configures it)
 * Unknown sections and keys, duplicate keys and bad values are errors that
 * name file:line and what was expected. Relative paths are resolved against
 * the directory holding the config file.
 */
#ifndef LP_CONFIG_H
#define LP_CONFIG_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

typedef struct lp_option {
    char *key;
    char *value;
    unsigned line;
} lp_option;

typedef struct lp_stage_config {
    char *name;   /* the section's NAME: the stage instance */
    char *plugin; /* plugin name or path; NULL: whichever plugin provides `stage` */
    char *stage;  /* stage name inside the plugin; defaults to name */
    int enabled;
    double timeout_s; /* 0: none */
    lp_option *options; /* stage options, in file order */
    size_t n_options;
    unsigned line; /* line of the section header */
} lp_stage_config;

typedef struct lp_source_config {
    char *name;
    char **include; /* glob patterns, NULL-terminated */
    int recursive;
    unsigned line;
} lp_source_config;

typedef struct lp_plugin_config {
    char *name; /* plugin name, or absolute path */
    char *raw;  /* as written in the section header */
    int enabled;
    unsigned line;
} lp_plugin_config;

typedef struct lp_config {
    char *path;        /* the config file, as given; NULL when built in memory */
    char *base_dir;    /* directory relative paths are resolved against */
    char *src;         /* absolute */
    char *out;         /* absolute; NULL: the pipeline writes no files */
    char *cache_dir;   /* absolute; NULL: the default (see lp_config_cache_dir) */
    char **include;    /* globs for the "sources" port, NULL-terminated */
    char *plugin_path; /* ':'-separated extra plugin directories, absolute */
    long jobs;         /* 0: online CPUs */
    uint64_t cache_size;    /* bytes; 0: unbounded */
    uint64_t max_memory;    /* bytes; 0: unbounded */
    uint64_t max_file_size; /* bytes; 0: unbounded */
    lp_stage_config *stages;
    size_t n_stages;
    lp_source_config *sources;
    size_t n_sources;
    lp_plugin_config *plugins;
    size_t n_plugins;
} lp_config;

#define LP_DEFAULT_CACHE_SIZE (2ull * 1024 * 1024 * 1024)

/* Read and check a config file. On failure err holds "file:line: what". */
int lp_config_load(const char *path, lp_config *cfg, lp_error *err);
/* Same, from text in memory; name is used in messages and base_dir is
 * where relative paths point. */
int lp_config_parse(const char *text, size_t len, const char *name, const char *base_dir,
                    lp_config *cfg, lp_error *err);
void lp_config_free(lp_config *cfg);

/* The stage section called name, or NULL. */
const lp_stage_config *lp_config_stage(const lp_config *cfg, const char *name);
/* The value of a stage option, or NULL. */
const char *lp_stage_option(const lp_stage_config *stage, const char *key);

/* The cache directory to use: LOCUS_CACHE_DIR, else cfg->cache_dir, else
 * ${XDG_CACHE_HOME:-$HOME/.cache}/locus-pipeline. Malloc'd. */
char *lp_config_cache_dir(const lp_config *cfg, lp_error *err);

/* Parse "123", "64K", "500M", "2G" (powers of 1024) into bytes. */
int lp_parse_size(const char *text, uint64_t *bytes);
/* "true/yes/on/1" -> 1, "false/no/off/0" -> 0, else -1. */
int lp_parse_bool(const char *text);

/* Make path absolute against base (base NULL: the current directory),
 * normalising "." and ".." components lexically. Malloc'd. */
char *lp_abspath(const char *base, const char *path);

#endif
