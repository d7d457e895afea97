/* gr_plugin.c — the "locus-gen-react" plugin: stage react_component (one
 * task per component: react/components/«C».tsx, «C».css and the slot
 * warnings on `component_warnings`), stage react_page (one task per page:
 * react/pages/«P».tsx) and stage react_runtime (react/shims.d.ts and our
 * react/runtime/, not in the manifest). Each page or component reads only
 * its own item and the name index, so an edit regenerates only its file. */
#include <string.h>

#include "emit.h"
#include "gr_component.h"
#include "gr_page.h"
#include "gr_runtime.h"
#include "items.h"
#include "locus/locus.h"

/* The component names: merge's `index`, read in place. */
static int load_project(locus_task *task, locus_ast *index, gr_project *out)
{
    memset(out, 0, sizeof *out);
    if (gen_open_single(task, "index", index) != 0)
        return -1;
    out->index = index;
    return 0;
}

/* The definition this task runs for (root of its item blob). */
static int open_own_item(locus_task *task, const char *port_name, locus_ast *ast)
{
    const locus_port *port = locus_input(task, port_name);
    return port ? gen_open_item(task, port, locus_task_item(task), ast) : -1;
}

static int emit_named(locus_task *task, const char *port, const char *dir, gr_str name,
                      const char *ext, const gr_out *text)
{
    char *path = locus_arena_printf(locus_task_arena(task), "%s%.*s%s", dir, (int)name.len,
                                    name.s, ext);
    if (!path || text->failed)
        return -1;
    return gen_emit_file(task, port, path, gr_text(text), text->buf.len, GEN_STABILIZE);
}

static int component_run(locus_task *task)
{
    locus_ast ast, index;
    gr_project project;
    if (open_own_item(task, "components", &ast) != 0 || load_project(task, &index, &project))
        return -1;
    locus_node node = locus_ast_root(&ast);
    gr_str name = gr_name(&ast, node);
    gr_component_out out;
    int rc = gr_generate_component(&ast, node, &project, locus_task_arena(task), &out);
    const char *port = "manifest_react_components";
    if (rc == 0)
        rc = emit_named(task, port, "react/components/", name, ".tsx", &out.tsx);
    if (rc == 0 && out.css.buf.len)
        rc = emit_named(task, port, "react/components/", name, ".css", &out.css);
    if (rc == 0 && out.warnings.buf.len)
        rc = locus_emit(task, "component_warnings", NULL, out.warnings.buf.data,
                        out.warnings.buf.len);
    gr_component_out_free(&out);
    return rc;
}

static int page_run(locus_task *task)
{
    locus_ast ast, index;
    gr_project project;
    if (open_own_item(task, "pages", &ast) != 0 || load_project(task, &index, &project))
        return -1;
    locus_node node = locus_ast_root(&ast);
    gr_out out = GR_OUT_INIT;
    int rc = gr_generate_page(&ast, node, &project, locus_task_arena(task), &out);
    if (rc == 0)
        rc = emit_named(task, "manifest_react_pages", "react/pages/", gr_name(&ast, node),
                        ".tsx", &out);
    gr_out_free(&out);
    return rc;
}

static int emit_runtime_file(locus_task *task, const gr_embedded_file *file)
{
    gr_out text = GR_OUT_INIT;
    gr_puts(&text, GR_RUNTIME_HEADER);
    gr_putn(&text, file->text, file->len);
    char *path = locus_arena_printf(locus_task_arena(task), "react/runtime/%s", file->path);
    int rc = !path || text.failed
                 ? -1
                 : gen_emit_file(task, NULL, path, gr_text(&text), text.buf.len, GEN_NO_MANIFEST);
    gr_out_free(&text);
    return rc;
}

static int runtime_run(locus_task *task)
{
    if (gen_emit_file(task, NULL, "react/shims.d.ts", gr_shims_text, strlen(gr_shims_text),
                      GEN_NO_MANIFEST) != 0)
        return -1;
    for (size_t i = 0; i < gr_runtime_file_count; i++)
        if (emit_runtime_file(task, &gr_runtime_files[i]) != 0)
            return -1;
    return 0;
}

static const char *const after_validated[] = {"validated", NULL};
static const char *const component_inputs[] = {"components", "index", NULL};
static const char *const component_outputs[] = {"manifest_react_components",
                                                "component_warnings", NULL};
static const char *const page_inputs[] = {"pages", "index", NULL};
static const char *const page_outputs[] = {"manifest_react_pages", NULL};

static const locus_stage_desc gen_react_stages[] = {
    {.name = "react_component",
     .version = "1",
     .help = "react/components/«C».tsx (+ .css) per component, and its slot warnings",
     .inputs = component_inputs,
     .outputs = component_outputs,
     .fanout = LOCUS_FANOUT_PER_ITEM,
     .run = component_run,
     .after = after_validated},
    {.name = "react_page",
     .version = "1",
     .help = "react/pages/«P».tsx per page",
     .inputs = page_inputs,
     .outputs = page_outputs,
     .fanout = LOCUS_FANOUT_PER_ITEM,
     .run = page_run,
     .after = after_validated},
    {.name = "react_runtime",
     .version = "1",
     .help = "react/shims.d.ts and the runtime the generated React code imports",
     .inputs = NULL,
     .outputs = NULL,
     .fanout = LOCUS_FANOUT_ONCE,
     .run = runtime_run,
     .after = after_validated},
};

LOCUS_PLUGIN("locus-gen-react", "1.0.0", gen_react_stages);
