/* locus/plugin.h — the plugin descriptor: what a stage plugin exports.
 *
 * A plugin is a shared object that exports exactly one symbol,
 * LOCUS_PLUGIN_SYMBOL ("locus_plugin_descriptor"), a const locus_plugin_desc.
 * The core dlopens the file, reads the descriptor, checks abi_version against
 * LOCUS_ABI_VERSION and registers every stage it lists. Stages declare the
 * artifacts (ports) they read and write; the core derives the build graph
 * from those declarations and checks it before anything runs.
 *
 * ABI versioning: LOCUS_ABI_VERSION changes whenever a struct in this SDK
 * changes layout or a function changes meaning. The core refuses plugins
 * built against another version. Adding new functions does not change it.
 *
 * Minimal plugin:
 *
 *     static const char *const in[]  = {"sources", NULL};
 *     static const char *const out[] = {"upper", NULL};
 *     static int run(locus_task *t) { ... return 0; }
 *     static const locus_stage_desc stages[] = {{
 *         .name = "upper", .version = "1", .inputs = in, .outputs = out,
 *         .fanout = LOCUS_FANOUT_PER_ITEM, .run = run }};
 *     LOCUS_PLUGIN("example", "1.0.0", stages);
 */
#ifndef LOCUS_PLUGIN_H
#define LOCUS_PLUGIN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define LOCUS_ABI_VERSION 2u
#define LOCUS_PLUGIN_SYMBOL "locus_plugin_descriptor"

typedef struct locus_task locus_task;

/* How many tasks a stage runs per build. */
typedef enum locus_fanout {
    /* One task that sees every item of every input port. */
    LOCUS_FANOUT_ONCE = 0,
    /* One task per item of the first input port (the "primary" port); the
     * other input ports are passed whole to every task. Tasks of one stage
     * run in parallel, and each is cached on its own item's digest. */
    LOCUS_FANOUT_PER_ITEM = 1
} locus_fanout;

/* A stage's run function. Return 0 on success. Returning non-zero, or
 * reporting an error diagnostic, fails the task: its outputs are discarded,
 * stages that depend on them do not run, and the build exits non-zero. */
typedef int (*locus_stage_run_fn)(locus_task *task);

/* An option a stage accepts in its [stage NAME] config section. The core
 * rejects keys that no option declares; the option values are part of the
 * stage's cache key. */
typedef struct locus_option_desc {
    const char *name;
    const char *help;          /* one line, shown by `plugins info` */
    const char *default_value; /* NULL: no default (locus_task_option gives NULL) */
} locus_option_desc;

typedef struct locus_stage_desc {
    const char *name;    /* unique in a pipeline; [a-z0-9_-]+ */
    const char *version; /* change it whenever the output for the same input changes */
    const char *help;    /* one line */
    /* NULL-terminated port (artifact) names. The core provides the port
     * "sources" (the source files) and any [source NAME] ports of the config;
     * every other input must be the output of exactly one other stage. */
    const char *const *inputs;
    const char *const *outputs;
    locus_fanout fanout;
    locus_stage_run_fn run;
    const locus_option_desc *options; /* NULL-terminated by a {NULL} entry; may be NULL */
    /* NULL-terminated ports this stage waits for without reading them (may
     * be NULL): the stage runs only after they are complete, and is skipped
     * if their producer failed, but their contents are not part of its
     * cache key. A generator waits for "validated" this way, so it never
     * writes output for an invalid program, yet an edit elsewhere does not
     * invalidate its cached results. */
    const char *const *after;
} locus_stage_desc;

typedef struct locus_plugin_desc {
    uint32_t abi_version; /* LOCUS_ABI_VERSION */
    const char *name;     /* plugin name, as used by `plugin=` in config */
    const char *version;
    const locus_stage_desc *stages;
    size_t n_stages;
} locus_plugin_desc;

#if defined(__GNUC__)
#define LOCUS_EXPORT __attribute__((visibility("default")))
#else
#define LOCUS_EXPORT
#endif

/* Declares the plugin's descriptor. `stages` must be an array. */
#define LOCUS_PLUGIN(plugin_name, plugin_version, stage_array)                 \
    LOCUS_EXPORT const locus_plugin_desc locus_plugin_descriptor = {           \
        LOCUS_ABI_VERSION, plugin_name, plugin_version, stage_array,           \
        sizeof(stage_array) / sizeof((stage_array)[0])}

#ifdef __cplusplus
}
#endif
#endif
