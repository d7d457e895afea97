/* gp_plugin.c — the "locus-gen-project" plugin: the project-level files.
 *   warnings       GENERATED_WARNINGS.txt/.json from the React generator's
 *                  per-component warnings (outputs.md §12), each warning
 *                  also reported as a diagnostic so the front end prints
 *                  it first; option suppress_warnings drops the .txt from
 *                  the written files (it stays in the manifest);
 *   manifest       BUILD_MANIFEST.json over every manifest port (§13);
 *   project_files  package.json, README.md, tsconfig.json, written only
 *                  when absent and not in the manifest (§15; O-20).
 */
#include <string.h>

#include "emit.h"
#include "gp_manifest.h"
#include "gp_project_files.h"
#include "gp_warnings.h"
#include "items.h"
#include "toml.h"

/* --- warnings ------------------------------------------------------------ */

static int option_true(const locus_task *task, const char *name)
{
    const char *v = locus_task_option(task, name);
    return v && (strcmp(v, "true") == 0 || strcmp(v, "1") == 0 || strcmp(v, "yes") == 0);
}

static int load_blobs(locus_task *task, const locus_port *port, gp_blob **out)
{
    size_t n = locus_port_count(port);
    *out = locus_arena_alloc(locus_task_arena(task), (n ? n : 1) * sizeof **out);
    if (!*out)
        return -1;
    for (size_t i = 0; i < n; i++) {
        gp_blob *b = &(*out)[i];
        b->key = locus_item_key(port, i);
        b->data = locus_item_data(task, port, i, &b->len);
        if (!b->data)
            return -1;
    }
    return 0;
}

static void report_warnings(locus_task *task, const gp_warnings *w)
{
    for (size_t i = 0; i < w->count; i++) {
        locus_diag d = {.severity = LOCUS_SEV_WARNING, .kind = "generation",
                        .message = w->messages[i]};
        locus_diag_report(task, &d);
    }
}

static int write_warning_files(locus_task *task, const gp_warnings *w)
{
    static const char port[] = "manifest_warnings", txt_path[] = "GENERATED_WARNINGS.txt";
    locus_buf txt = LOCUS_BUF_INIT, json = LOCUS_BUF_INIT;
    int rc = gp_warnings_txt(&txt, w) || gp_warnings_json(&json, w) ||
             gen_emit_file(task, port, "GENERATED_WARNINGS.json", json.data, json.len,
                           GEN_STABILIZE);
    if (rc == 0 && option_true(task, "suppress_warnings"))
        rc = locus_emit(task, port, txt_path, txt.data, txt.len);
    else if (rc == 0)
        rc = gen_emit_file(task, port, txt_path, txt.data, txt.len, GEN_STABILIZE);
    locus_buf_free(&txt);
    locus_buf_free(&json);
    return rc ? -1 : 0;
}

static int warnings_run(locus_task *task)
{
    const locus_port *port = locus_input(task, "component_warnings");
    gp_blob *blobs;
    gp_warnings w;
    if (load_blobs(task, port, &blobs) ||
        gp_collect_warnings(blobs, locus_port_count(port), locus_task_arena(task), &w))
        return -1;
    if (w.count == 0)
        return 0;
    report_warnings(task, &w);
    return write_warning_files(task, &w);
}

/* --- manifest ------------------------------------------------------------- */

static const char *const manifest_ports[] = {
    "manifest_prisma",      "manifest_express_entity", "manifest_express_server",
    "manifest_react_components", "manifest_react_pages", "manifest_theme",
    "manifest_next",        "manifest_workflows",      "manifest_warnings",
    NULL};

/* Where each file's text comes from, for loading on the worker pool. */
typedef struct gp_source {
    const locus_port *port;
    size_t index;
} gp_source;

typedef struct gp_load {
    locus_task *task;
    const gp_source *sources;
    gp_file *files;
} gp_load;

static void load_one(void *ctx, size_t i)
{
    gp_load *load = ctx;
    const gp_source *src = &load->sources[i];
    load->files[i].data = locus_item_data(load->task, src->port, src->index, &load->files[i].len);
}

/* Every item of every manifest port, loaded in parallel (cached texts are
 * decompressed then; the hash itself has to be sequential). */
static int load_files(locus_task *task, gp_file **files, size_t *n)
{
    size_t total = 0;
    for (const char *const *p = manifest_ports; *p; p++)
        total += locus_port_count(locus_input(task, *p));
    locus_arena *arena = locus_task_arena(task);
    gp_source *sources = locus_arena_alloc(arena, (total ? total : 1) * sizeof *sources);
    *files = locus_arena_zalloc(arena, (total ? total : 1) * sizeof **files);
    if (!sources || !*files)
        return -1;
    size_t k = 0;
    for (const char *const *p = manifest_ports; *p; p++) {
        const locus_port *port = locus_input(task, *p);
        for (size_t i = 0; i < locus_port_count(port); i++, k++) {
            sources[k] = (gp_source){port, i};
            (*files)[k].path = locus_item_key(port, i);
        }
    }
    gp_load load = {task, sources, *files};
    if (locus_parallel_for(task, total, load_one, &load) != 0)
        return -1;
    for (k = 0; k < total; k++)
        if (!(*files)[k].data)
            return -1; /* the core has reported why */
    *n = total;
    return 0;
}

static int manifest_run(locus_task *task)
{
    gp_file *files;
    size_t n;
    const char *dup = NULL;
    if (load_files(task, &files, &n) != 0)
        return -1;
    locus_buf text = LOCUS_BUF_INIT;
    int rc = gp_manifest(files, n, &text, &dup);
    if (rc == 1)
        locus_error(task, NULL, 0, 0, "two generators produced the file '%s'", dup);
    else if (rc == 0)
        rc = gen_emit_file(task, NULL, "BUILD_MANIFEST.json", text.data, text.len,
                           GEN_STABILIZE | GEN_NO_MANIFEST);
    locus_buf_free(&text);
    return rc ? -1 : 0;
}

/* --- project files -------------------------------------------------------- */

static int read_toml(locus_task *task, gen_toml *toml, int *present)
{
    const locus_port *port = locus_input(task, "locus_toml");
    *present = port && locus_port_count(port) > 0;
    if (!*present)
        return 0;
    size_t len = 0;
    const char *text = locus_item_data(task, port, 0, &len);
    return text ? gen_toml_parse(text, len, locus_task_arena(task), toml) : -1;
}

static int write_if_missing(locus_task *task, const char *path, const locus_buf *text)
{
    return gen_emit_file(task, NULL, path, text->data, text->len,
                         GEN_NO_MANIFEST | GEN_IF_MISSING);
}

static int project_files_run(locus_task *task)
{
    gen_toml toml;
    locus_ast index;
    gen_names pages;
    int has_toml;
    if (read_toml(task, &toml, &has_toml) || gen_open_single(task, "index", &index) ||
        gen_index_names(&index, LOCUS_F_PAGES, locus_task_arena(task), &pages))
        return -1;
    locus_buf name = LOCUS_BUF_INIT, pkg = LOCUS_BUF_INIT, readme = LOCUS_BUF_INIT,
              tsconfig = LOCUS_BUF_INIT;
    int rc = gp_app_name(&name, has_toml ? &toml : NULL) ||
             gp_package_json(&pkg, name.data, pages.count > 0) || gp_readme(&readme) ||
             gp_tsconfig(&tsconfig) || write_if_missing(task, "package.json", &pkg) ||
             write_if_missing(task, "README.md", &readme) ||
             write_if_missing(task, "tsconfig.json", &tsconfig);
    locus_buf_free(&name);
    locus_buf_free(&pkg);
    locus_buf_free(&readme);
    locus_buf_free(&tsconfig);
    return rc ? -1 : 0;
}

/* --- descriptor ----------------------------------------------------------- */

static const char *const warnings_inputs[] = {"component_warnings", NULL};
static const char *const warnings_outputs[] = {"manifest_warnings", NULL};
static const char *const project_inputs[] = {"locus_toml", "index", NULL};
static const char *const after_validated[] = {"validated", NULL};
static const locus_option_desc warnings_options[] = {
    {"suppress_warnings", "true: do not write GENERATED_WARNINGS.txt (--suppress-warnings)",
     "false"},
    {NULL, NULL, NULL},
};

static const locus_stage_desc project_stages[] = {
    {
        .name = "warnings",
        .version = "1",
        .help = "write GENERATED_WARNINGS.txt/.json and report the generation warnings",
        .inputs = warnings_inputs,
        .outputs = warnings_outputs,
        .fanout = LOCUS_FANOUT_ONCE,
        .run = warnings_run,
        .options = warnings_options,
        .after = after_validated,
    },
    {
        .name = "manifest",
        .version = "1",
        .help = "write BUILD_MANIFEST.json: the generated files and their SHA-256",
        .inputs = manifest_ports,
        .outputs = NULL,
        .fanout = LOCUS_FANOUT_ONCE,
        .run = manifest_run,
        .after = after_validated,
    },
    {
        .name = "project_files",
        .version = "1",
        .help = "write package.json, README.md and tsconfig.json if they do not exist",
        .inputs = project_inputs,
        .outputs = NULL,
        .fanout = LOCUS_FANOUT_ONCE,
        .run = project_files_run,
        .after = after_validated,
    },
};

LOCUS_PLUGIN("locus-gen-project", "1.0.0", project_stages);
