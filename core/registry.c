/* registry.c — dlopen-based plugin loading with clear, path-naming errors. */
#include "registry.h"

#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"

#ifndef LOCUS_PLUGIN_DIR
#define LOCUS_PLUGIN_DIR "/usr/local/lib/locus-pipeline/plugins"
#endif

static int add_dirs(lp_registry *reg, const char *path_list)
{
    if (!path_list || !*path_list)
        return 0;
    char *copy = strdup(path_list), *save = NULL;
    if (!copy)
        return -1;
    for (char *dir = strtok_r(copy, ":", &save); dir; dir = strtok_r(NULL, ":", &save)) {
        char **grown = realloc(reg->dirs, (reg->n_dirs + 1) * sizeof *grown);
        char *abs = lp_abspath(NULL, dir);
        if (!grown || !abs) {
            free(abs);
            if (grown)
                reg->dirs = grown;
            free(copy);
            return -1;
        }
        reg->dirs = grown;
        reg->dirs[reg->n_dirs++] = abs;
    }
    free(copy);
    return 0;
}

int lp_registry_init(lp_registry *reg, const char *extra_path, lp_error *err)
{
    memset(reg, 0, sizeof *reg);
    if (add_dirs(reg, extra_path) != 0 || add_dirs(reg, getenv("LOCUS_PLUGIN_PATH")) != 0 ||
        add_dirs(reg, LOCUS_PLUGIN_DIR) != 0) {
        lp_registry_free(reg);
        return lp_fail(err, "out of memory");
    }
    return 0;
}

void lp_registry_free(lp_registry *reg)
{
    for (size_t i = 0; i < reg->n_plugins; i++) {
        lp_plugin *plugin = reg->plugins[i];
        if (plugin->handle)
            dlclose(plugin->handle);
        free(plugin->path);
        free(plugin);
    }
    free(reg->plugins);
    for (size_t i = 0; i < reg->n_dirs; i++)
        free(reg->dirs[i]);
    free(reg->dirs);
    memset(reg, 0, sizeof *reg);
}

/* Digest of the file's bytes, and a check of the ELF magic so that "not a
 * shared object" gets a plain message instead of the loader's. */
static int inspect_file(const char *path, locus_digest *digest, lp_error *err)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return lp_fail(err, "%s: cannot open plugin: %s", path, strerror(errno));
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return lp_fail(err, "%s: not a plugin: not a regular file", path);
    }
    size_t size = (size_t)st.st_size;
    void *map = size ? mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0) : MAP_FAILED;
    close(fd);
    if (map == MAP_FAILED)
        return lp_fail(err, "%s: not a shared object (empty or unreadable file)", path);
    int is_elf = size >= 4 && memcmp(map, "\x7f" "ELF", 4) == 0;
    if (is_elf)
        *digest = locus_digest_of(map, size);
    munmap(map, size);
    if (!is_elf)
        return lp_fail(err, "%s: not a shared object (no ELF header)", path);
    return 0;
}

static int valid_stage_name(const char *name)
{
    if (!name || !*name)
        return 0;
    for (const char *p = name; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
              (*p >= '0' && *p <= '9') || *p == '_' || *p == '-'))
            return 0;
    return 1;
}

static int port_listed_twice(const char *const *ports)
{
    for (size_t i = 0; ports && ports[i]; i++)
        for (size_t j = i + 1; ports[j]; j++)
            if (strcmp(ports[i], ports[j]) == 0)
                return 1;
    return 0;
}

static int check_stage(const char *path, const locus_stage_desc *stage, lp_error *err)
{
    if (!valid_stage_name(stage->name))
        return lp_fail(err, "%s: stage name '%s' is not valid (letters, digits, '_', '-')",
                       path, stage->name ? stage->name : "(null)");
    if (!stage->version || !stage->run)
        return lp_fail(err, "%s: stage '%s' has no %s", path, stage->name,
                       stage->version ? "run function" : "version");
    if (stage->fanout != LOCUS_FANOUT_ONCE && stage->fanout != LOCUS_FANOUT_PER_ITEM)
        return lp_fail(err, "%s: stage '%s' has an unknown fan-out %d", path, stage->name,
                       (int)stage->fanout);
    if (stage->fanout == LOCUS_FANOUT_PER_ITEM && (!stage->inputs || !stage->inputs[0]))
        return lp_fail(err, "%s: stage '%s' runs once per input item but declares no input",
                       path, stage->name);
    if (port_listed_twice(stage->inputs) || port_listed_twice(stage->outputs) ||
        port_listed_twice(stage->after))
        return lp_fail(err, "%s: stage '%s' lists a port twice", path, stage->name);
    return 0;
}

static int check_descriptor(const char *path, const locus_plugin_desc *desc, lp_error *err)
{
    if (desc->abi_version != LOCUS_ABI_VERSION)
        return lp_fail(err, "%s: plugin ABI version %u, but this locus-pipeline loads "
                            "version %u plugins; rebuild the plugin against this SDK",
                       path, desc->abi_version, LOCUS_ABI_VERSION);
    if (!desc->name || !desc->version || !desc->stages || desc->n_stages == 0)
        return lp_fail(err, "%s: plugin descriptor is incomplete (name, version and at "
                            "least one stage are required)", path);
    for (size_t i = 0; i < desc->n_stages; i++) {
        if (check_stage(path, &desc->stages[i], err) != 0)
            return -1;
        for (size_t j = 0; j < i; j++)
            if (strcmp(desc->stages[i].name, desc->stages[j].name) == 0)
                return lp_fail(err, "%s: duplicate stage name '%s' in plugin '%s'", path,
                               desc->stages[i].name, desc->name);
    }
    return 0;
}

int lp_registry_load_path(lp_registry *reg, const char *path, lp_plugin **out, lp_error *err)
{
    char *abs = realpath(path, NULL);
    if (!abs)
        return lp_fail(err, "%s: plugin not found: %s", path, strerror(errno));
    for (size_t i = 0; i < reg->n_plugins; i++) {
        if (strcmp(reg->plugins[i]->path, abs) == 0) {
            free(abs);
            *out = reg->plugins[i];
            return 0;
        }
    }
    lp_plugin *plugin = calloc(1, sizeof *plugin);
    lp_plugin **grown = realloc(reg->plugins, (reg->n_plugins + 1) * sizeof *grown);
    if (grown)
        reg->plugins = grown;
    if (!plugin || !grown) {
        lp_fail(err, "out of memory");
        goto fail;
    }
    plugin->path = abs;
    abs = NULL;
    if (inspect_file(plugin->path, &plugin->build_id, err) != 0)
        goto fail;
    plugin->handle = dlopen(plugin->path, RTLD_NOW | RTLD_LOCAL);
    if (!plugin->handle) {
        lp_fail(err, "%s: cannot load shared object: %s", plugin->path, dlerror());
        goto fail;
    }
    plugin->desc = dlsym(plugin->handle, LOCUS_PLUGIN_SYMBOL);
    if (!plugin->desc) {
        lp_fail(err, "%s: not a locus-pipeline plugin: it does not export '%s'",
                plugin->path, LOCUS_PLUGIN_SYMBOL);
        goto fail;
    }
    if (check_descriptor(plugin->path, plugin->desc, err) != 0)
        goto fail;
    reg->plugins[reg->n_plugins++] = plugin;
    *out = plugin;
    return 0;
fail:
    free(abs);
    if (plugin) {
        if (plugin->handle)
            dlclose(plugin->handle);
        free(plugin->path);
        free(plugin);
    }
    return -1;
}

int lp_registry_load_name(lp_registry *reg, const char *name, lp_plugin **out, lp_error *err)
{
    char searched[LP_ERROR_MAX / 2] = "";
    size_t used = 0;
    for (size_t i = 0; i < reg->n_dirs; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s.so", reg->dirs[i], name);
        if (access(path, F_OK) == 0)
            return lp_registry_load_path(reg, path, out, err);
        int n = snprintf(searched + used, sizeof searched - used, "%s%s", used ? ", " : "",
                         reg->dirs[i]);
        if (n > 0 && used + (size_t)n < sizeof searched)
            used += (size_t)n;
    }
    return lp_fail(err, "plugin '%s' not found: no %s.so in %s (set LOCUS_PLUGIN_PATH or "
                        "plugin_path=, or give plugin= a path)",
                   name, name, used ? searched : "an empty search path");
}

static int is_plugin_file(const char *name)
{
    size_t len = strlen(name);
    return len > 3 && strcmp(name + len - 3, ".so") == 0 && name[0] != '.';
}

int lp_registry_load_all(lp_registry *reg, lp_error *err)
{
    for (size_t i = 0; i < reg->n_dirs; i++) {
        struct dirent **entries = NULL;
        int n = scandir(reg->dirs[i], &entries, NULL, alphasort);
        if (n < 0)
            continue; /* a search directory that does not exist is fine */
        int rc = 0;
        for (int j = 0; j < n; j++) {
            if (rc == 0 && is_plugin_file(entries[j]->d_name)) {
                char path[4096];
                lp_plugin *plugin;
                snprintf(path, sizeof path, "%s/%s", reg->dirs[i], entries[j]->d_name);
                rc = lp_registry_load_path(reg, path, &plugin, err);
            }
            free(entries[j]);
        }
        free(entries);
        if (rc != 0)
            return -1;
    }
    return 0;
}

int lp_registry_find_stage(const lp_registry *reg, const char *name, lp_plugin **plugin,
                           const locus_stage_desc **stage, lp_error *err)
{
    lp_plugin *found = NULL;
    const locus_stage_desc *found_stage = NULL;
    for (size_t i = 0; i < reg->n_plugins; i++) {
        const locus_plugin_desc *desc = reg->plugins[i]->desc;
        for (size_t j = 0; j < desc->n_stages; j++) {
            if (strcmp(desc->stages[j].name, name) != 0)
                continue;
            if (found)
                return lp_fail(err, "duplicate stage name '%s': provided by both %s and %s",
                               name, found->path, reg->plugins[i]->path);
            found = reg->plugins[i];
            found_stage = &desc->stages[j];
        }
    }
    if (!found)
        return lp_fail(err, "no loaded plugin provides stage '%s'", name);
    *plugin = found;
    *stage = found_stage;
    return 0;
}

int lp_registry_check_duplicates(const lp_registry *reg, lp_error *err)
{
    for (size_t i = 0; i < reg->n_plugins; i++) {
        const locus_plugin_desc *desc = reg->plugins[i]->desc;
        for (size_t j = 0; j < desc->n_stages; j++) {
            lp_plugin *plugin;
            const locus_stage_desc *stage;
            if (lp_registry_find_stage(reg, desc->stages[j].name, &plugin, &stage, err) != 0)
                return -1;
        }
    }
    return 0;
}
