/* wf_plugin.c — the "locus-gen-workflows" plugin (outputs.md §11):
 *   workflow_files  one task per workflow: writes workflows/«Name».json in
 *                   version 2 and publishes the version-1 text, which is
 *                   what BUILD_MANIFEST.json hashes, on manifest_workflows
 *                   under the same path; a webhook-triggered workflow also
 *                   passes its route line on `webhook_routes`;
 *   webhooks_stub   once: webhooks.stub.ts from those lines, in declaration
 *                   order (not part of the manifest). A line depends on the
 *                   name and secret only, so editing a workflow's steps
 *                   leaves this stage cached.
 */
#include "emit.h"
#include "items.h"
#include "wf_json.h"
#include "wf_webhooks.h"

static int read_item(locus_task *task, const locus_port *port, size_t index, wf_workflow *w)
{
    locus_ast ast;
    if (gen_open_item(task, port, index, &ast) != 0)
        return -1;
    if (wf_read(&ast, locus_ast_root(&ast), locus_task_arena(task), w) == 0)
        return 0;
    locus_error(task, NULL, 0, 0, "workflow '%s': out of memory", locus_item_key(port, index));
    return -1;
}

static int emit_route(locus_task *task, const wf_workflow *w)
{
    locus_buf route = LOCUS_BUF_INIT;
    int rc = wf_webhook_route(&route, w);
    if (rc == 0 && route.len)
        rc = locus_emit(task, "webhook_routes", w->name, route.data, route.len);
    locus_buf_free(&route);
    return rc ? -1 : 0;
}

static int workflow_files_run(locus_task *task)
{
    const locus_port *port = locus_input(task, "workflows");
    wf_workflow w;
    if (read_item(task, port, locus_task_item(task), &w) != 0)
        return -1;
    const char *path = locus_arena_printf(locus_task_arena(task), "workflows/%s.json", w.name);
    locus_buf v1 = LOCUS_BUF_INIT, v2 = LOCUS_BUF_INIT;
    int rc = !path || wf_json_v1(&w, &v1) || wf_json_v2(&w, &v2) ||
             locus_emit(task, "manifest_workflows", path, v1.data, v1.len) ||
             gen_emit_file(task, NULL, path, v2.data, v2.len, GEN_STABILIZE | GEN_NO_MANIFEST) ||
             emit_route(task, &w);
    locus_buf_free(&v1);
    locus_buf_free(&v2);
    return rc ? -1 : 0;
}

static int webhooks_stub_run(locus_task *task)
{
    const locus_port *port = locus_input(task, "webhook_routes");
    locus_buf routes = LOCUS_BUF_INIT, stub = LOCUS_BUF_INIT;
    int rc = 0;
    for (size_t i = 0; i < locus_port_count(port) && rc == 0; i++) {
        size_t len = 0;
        const char *line = locus_item_data(task, port, i, &len);
        rc = !line || locus_buf_append(&routes, line, len);
    }
    if (rc == 0 && routes.len)
        rc = wf_webhooks_stub(&stub, &routes) ||
             gen_emit_file(task, NULL, "webhooks.stub.ts", stub.data, stub.len,
                           GEN_STABILIZE | GEN_NO_MANIFEST);
    locus_buf_free(&routes);
    locus_buf_free(&stub);
    return rc ? -1 : 0;
}

static const char *const files_inputs[] = {"workflows", NULL};
static const char *const files_outputs[] = {"manifest_workflows", "webhook_routes", NULL};
static const char *const stub_inputs[] = {"webhook_routes", NULL};
static const char *const wf_after[] = {"validated", NULL};

static const locus_stage_desc wf_stages[] = {
    {
        .name = "workflow_files",
        .version = "1",
        .help = "write workflows/<Name>.json (v2) and publish the v1 manifest text",
        .inputs = files_inputs,
        .outputs = files_outputs,
        .fanout = LOCUS_FANOUT_PER_ITEM,
        .run = workflow_files_run,
        .after = wf_after,
    },
    {
        .name = "webhooks_stub",
        .version = "1",
        .help = "write webhooks.stub.ts for webhook-triggered workflows",
        .inputs = stub_inputs,
        .outputs = NULL,
        .fanout = LOCUS_FANOUT_ONCE,
        .run = webhooks_stub_run,
        .after = wf_after,
    },
};

LOCUS_PLUGIN("locus-gen-workflows", "1.0.0", wf_stages);
