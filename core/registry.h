/* registry.h — loading stage plugins and finding stages by name.
 *
 * A plugin is a shared object exporting LOCUS_PLUGIN_SYMBOL. It is found by
 * path, or by name as NAME.so on the search path: the config's
 * plugin_path, then LOCUS_PLUGIN_PATH (':'-separated), then the installed
 * plugin directory. Each load is checked (file exists, is a shared object,
 * has the descriptor, speaks our ABI version, describes its stages
 * sanely) and fails with one line naming the plugin's path.
 *
 * A plugin's build id is the digest of its file, so rebuilding a plugin
 * invalidates the cached results of its stages.
 */
#ifndef LP_REGISTRY_H
#define LP_REGISTRY_H

#include <stddef.h>

#include "error.h"
#include "locus/artifact.h"
#include "locus/plugin.h"

typedef struct lp_plugin {
    char *path; /* absolute */
    void *handle;
    const locus_plugin_desc *desc;
    locus_digest build_id;
} lp_plugin;

typedef struct lp_registry {
    lp_plugin **plugins;
    size_t n_plugins;
    char **dirs; /* search path, in order */
    size_t n_dirs;
} lp_registry;

/* extra_path: ':'-separated directories searched first (may be NULL). */
int lp_registry_init(lp_registry *reg, const char *extra_path, lp_error *err);
void lp_registry_free(lp_registry *reg);

/* Load a plugin from a file (loading the same file twice returns the first). */
int lp_registry_load_path(lp_registry *reg, const char *path, lp_plugin **out, lp_error *err);
/* Load NAME.so from the first search directory that has it. */
int lp_registry_load_name(lp_registry *reg, const char *name, lp_plugin **out, lp_error *err);
/* Load every *.so in every search directory (for `plugins list` and for
 * stages configured without plugin=). Files that fail to load are errors. */
int lp_registry_load_all(lp_registry *reg, lp_error *err);

/* The loaded stage called name: its plugin and descriptor. -1 if no
 * loaded plugin has it, or two do (the duplicate-stage error). */
int lp_registry_find_stage(const lp_registry *reg, const char *name, lp_plugin **plugin,
                           const locus_stage_desc **stage, lp_error *err);
/* -1 if two loaded plugins provide a stage of the same name. */
int lp_registry_check_duplicates(const lp_registry *reg, lp_error *err);

#endif
