/* express_plugin.c — the "locus-gen-express" plugin. Its stages split the
 * Express output so that an edit re-runs only what depends on it:
 *
 *   express_config  once: whether Locus.toml has [auth] (port express_auth)
 *                   and the page guards (port express_guards), as tiny
 *                   texts: an edit elsewhere in Locus.toml, or a page edit
 *                   that keeps the guards, leaves the stages below cached
 *   express_entity  per entity: validation/«E».ts, routes/«e».ts
 *   express_upload  per upload policy: uploads/«P».ts
 *   express_server  once, from names only (merge's `index`): server.ts,
 *                   validation/index.ts, validation/all.ts, auth/authUtils.ts,
 *                   uploads/index.ts, uploads/context.d.ts
 *
 * All of them wait for `validated`. Locus.toml (port `locus_toml`) decides
 * the auth variant (outputs.md §5.5); the entity files only need to know
 * whether it applies.
 */
#include <string.h>

#include "express.h"
#include "items.h"
#include "locus/locus.h"

static int read_auth(locus_task *task, gx_auth *auth)
{
    const locus_port *port = locus_input(task, "locus_toml");
    size_t len = 0;
    const char *text = NULL;
    if (port && locus_port_count(port) > 0 && !(text = locus_item_data(task, port, 0, &len)))
        return -1;
    return gx_auth_read(text, len, locus_task_arena(task), auth);
}

/* Generators fail only when memory runs out or a value nests deeper than
 * the JSON writer allows; say which output was lost. */
static int fail(locus_task *task, const char *what, const char *name)
{
    locus_error(task, NULL, 0, 0, "express: could not write %s%s%s%s", what, name ? " '" : "",
                name ? name : "", name ? "'" : "");
    return -1;
}

/* express_auth holds "auth" when the auth variant applies, else "": its
 * size says it all, no need to load it. */
static void read_auth_flag(locus_task *task, gx_auth *auth)
{
    const locus_port *port = locus_input(task, "express_auth");
    memset(auth, 0, sizeof *auth);
    auth->enabled = locus_port_count(port) > 0 && locus_item_size(port, 0) > 0;
}

static int entity_run(locus_task *task)
{
    const locus_port *entities = locus_input(task, "entities");
    locus_ast ast;
    gx_auth auth;
    read_auth_flag(task, &auth);
    if (gen_open_item(task, entities, locus_task_item(task), &ast) != 0)
        return -1;
    gen_task_sink target = {task, "manifest_express_entity"};
    gen_sink sink = gen_task_sink_make(&target);
    if (gx_entity_files(&sink, &ast, locus_ast_root(&ast), &auth) == 0)
        return 0;
    return fail(task, "the files of entity", locus_item_key(entities, locus_task_item(task)));
}

static int upload_run(locus_task *task)
{
    const locus_port *uploads = locus_input(task, "uploads");
    locus_ast ast;
    if (gen_open_item(task, uploads, locus_task_item(task), &ast) != 0)
        return -1;
    gen_task_sink target = {task, NULL};
    gen_sink sink = gen_task_sink_make(&target);
    if (gx_upload_file(&sink, &ast, locus_ast_root(&ast)) == 0)
        return 0;
    return fail(task, "the module of upload policy", locus_item_key(uploads, locus_task_item(task)));
}

/* express_auth, and one "Page\trole\n" line per guarded page in
 * declaration order on express_guards: nothing (and no page is loaded)
 * without an [auth] section, the only case where guards matter. */
static int config_run(locus_task *task)
{
    gx_auth auth;
    if (read_auth(task, &auth) != 0 ||
        locus_emit(task, "express_auth", "", auth.enabled ? "auth" : "", auth.enabled ? 4 : 0))
        return -1;
    const locus_port *pages = locus_input(task, "pages");
    size_t n = auth.enabled ? locus_port_count(pages) : 0;
    locus_buf lines = LOCUS_BUF_INIT;
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        locus_ast ast;
        gx_guard guard;
        rc = gen_open_item(task, pages, i, &ast);
        if (rc == 0 && gx_page_guard(&ast, locus_ast_root(&ast), &guard))
            rc = locus_buf_printf(&lines, "%s\t%s\n", guard.page, guard.role);
    }
    if (rc == 0)
        rc = locus_emit(task, "express_guards", "", lines.data ? lines.data : "", lines.len);
    locus_buf_free(&lines);
    return rc;
}

/* Parse config_run's guard lines (an arena copy, split in place). */
static int read_guards(locus_task *task, gx_project *project)
{
    const locus_port *port = locus_input(task, "express_guards");
    size_t len = locus_port_count(port) ? locus_item_size(port, 0) : 0;
    const char *data = len ? locus_item_data(task, port, 0, &len) : "";
    char *text = data ? locus_arena_strndup(locus_task_arena(task), data, len) : NULL;
    size_t lines = 0;
    for (size_t i = 0; text && i < len; i++)
        lines += text[i] == '\n';
    gx_guard *guards = locus_arena_alloc(locus_task_arena(task), (lines + 1) * sizeof *guards);
    if (!text || !guards)
        return -1;
    size_t n = 0;
    for (char *line = text, *nl; n < lines && (nl = strchr(line, '\n')); line = nl + 1) {
        char *tab = memchr(line, '\t', (size_t)(nl - line));
        if (!tab)
            continue;
        *tab = *nl = '\0';
        guards[n++] = (gx_guard){line, tab + 1};
    }
    project->guards = guards;
    project->n_guards = n;
    return 0;
}

static int server_run(locus_task *task)
{
    locus_arena *arena = locus_task_arena(task);
    locus_ast index;
    gen_names entities, uploads;
    gx_auth auth;
    gx_project project = {.auth = &auth};
    if (read_auth(task, &auth) != 0 || gen_open_single(task, "index", &index) != 0 ||
        gen_index_names(&index, LOCUS_F_ENTITIES, arena, &entities) != 0 ||
        gen_index_names(&index, LOCUS_F_UPLOADS, arena, &uploads) != 0 ||
        read_guards(task, &project) != 0)
        return -1;
    project.entities = entities.names;
    project.n_entities = entities.count;
    project.uploads = uploads.names;
    project.n_uploads = uploads.count;
    gen_task_sink target = {task, "manifest_express_server"};
    gen_sink sink = gen_task_sink_make(&target);
    if (gx_project_files(&sink, &project) == 0)
        return 0;
    return fail(task, "server.ts and the validation index", NULL);
}

static const char *const after_validated[] = {"validated", NULL};
static const char *const entity_inputs[] = {"entities", "express_auth", NULL};
static const char *const entity_outputs[] = {"manifest_express_entity", NULL};
static const char *const upload_inputs[] = {"uploads", NULL};
static const char *const config_inputs[] = {"pages", "locus_toml", NULL};
static const char *const config_outputs[] = {"express_auth", "express_guards", NULL};
static const char *const server_inputs[] = {"index", "locus_toml", "express_guards", NULL};
static const char *const server_outputs[] = {"manifest_express_server", NULL};

static const locus_stage_desc express_stages[] = {
    {.name = "express_config", .version = "1",
     .help = "read what the auth variant needs: [auth] in Locus.toml, the page guards",
     .inputs = config_inputs, .outputs = config_outputs, .fanout = LOCUS_FANOUT_ONCE,
     .run = config_run, .after = after_validated},
    {.name = "express_entity", .version = "1",
     .help = "write validation/«E».ts and routes/«e».ts for one entity",
     .inputs = entity_inputs, .outputs = entity_outputs, .fanout = LOCUS_FANOUT_PER_ITEM,
     .run = entity_run, .after = after_validated},
    {.name = "express_upload", .version = "1",
     .help = "write uploads/«P».ts for one upload policy",
     .inputs = upload_inputs, .outputs = NULL, .fanout = LOCUS_FANOUT_PER_ITEM,
     .run = upload_run, .after = after_validated},
    {.name = "express_server", .version = "1",
     .help = "write server.ts, validation/index.ts, validation/all.ts and the auth/upload extras",
     .inputs = server_inputs, .outputs = server_outputs, .fanout = LOCUS_FANOUT_ONCE,
     .run = server_run, .after = after_validated},
};

LOCUS_PLUGIN("locus-gen-express", "1.0.0", express_stages);
