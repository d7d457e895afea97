/* next_plugin.c — the "locus-gen-next" plugin (outputs.md §10), in two
 * stages so that an edit touches as little as possible:
 *   next_pages  one task per page: writes next-app/app/«kebab(P)»/page.tsx
 *               and passes its text on `next_routes` (key = path);
 *   next_app    once: the landing page (page names from `index`), the
 *               fixed files and public/theme.css (from `design_system`),
 *               and all manifest_next items, the routes' included (a port
 *               has one producer). A route's text depends on the page name
 *               only, so editing a page body leaves next_app cached.
 * Nothing is written when the project has no page. Two pages with the same
 * kebab name are a validation error (O-25); should one get through, the
 * core refuses the second write of the path instead of overwriting. */
#include <stdlib.h>
#include <string.h>

#include "emit.h"
#include "genutil.h"
#include "items.h"
#include "next_files.h"
#include "theme_css.h"

#define MANIFEST_PORT "manifest_next"

static int emit_buf(locus_task *task, const char *path, const locus_buf *text)
{
    return gen_emit_file(task, MANIFEST_PORT, path, text->data, text->len, GEN_STABILIZE);
}

static int next_pages_run(locus_task *task)
{
    const locus_port *pages = locus_input(task, "pages");
    const char *page = locus_item_key(pages, locus_task_item(task));
    locus_buf path = LOCUS_BUF_INIT, text = LOCUS_BUF_INIT;
    int rc = gn_page_path(&path, page) || gn_page_entry(&text, page) ||
             gen_emit_file(task, NULL, path.data, text.data, text.len,
                           GEN_STABILIZE | GEN_NO_MANIFEST) ||
             locus_emit(task, "next_routes", path.data, text.data, text.len);
    locus_buf_free(&path);
    locus_buf_free(&text);
    return rc ? -1 : 0;
}

static int write_landing(locus_task *task, const gen_names *pages)
{
    qsort(pages->names, pages->count, sizeof *pages->names, gen_collate_qsort);
    locus_buf text = LOCUS_BUF_INIT;
    int rc = gn_landing(&text, pages->names, pages->count) ||
             emit_buf(task, "next-app/app/page.tsx", &text);
    locus_buf_free(&text);
    return rc ? -1 : 0;
}

static int write_theme_copy(locus_task *task)
{
    locus_ast ds;
    if (gen_open_single(task, "design_system", &ds) != 0)
        return -1;
    locus_buf css = LOCUS_BUF_INIT;
    int rc = gt_theme_css(&ds, locus_ast_root(&ds), &css) ||
             emit_buf(task, "next-app/public/theme.css", &css);
    locus_buf_free(&css);
    return rc ? -1 : 0;
}

/* The route files' manifest texts, as next_pages passed them on. */
static int forward_routes(locus_task *task)
{
    const locus_port *routes = locus_input(task, "next_routes");
    for (size_t i = 0; i < locus_port_count(routes); i++) {
        size_t len = 0;
        const void *text = locus_item_data(task, routes, i, &len);
        if (!text || locus_emit(task, MANIFEST_PORT, locus_item_key(routes, i), text, len))
            return -1;
    }
    return 0;
}

static int next_app_run(locus_task *task)
{
    locus_ast index;
    gen_names pages;
    if (gen_open_single(task, "index", &index) != 0 ||
        gen_index_names(&index, LOCUS_F_PAGES, locus_task_arena(task), &pages) != 0)
        return -1;
    if (pages.count == 0)
        return 0;
    int rc = write_landing(task, &pages);
    for (const gn_fixed_file *f = gn_fixed_files; f->path && rc == 0; f++)
        rc = gen_emit_file(task, MANIFEST_PORT, f->path, f->text, strlen(f->text), GEN_STABILIZE);
    return rc || write_theme_copy(task) || forward_routes(task) ? -1 : 0;
}

static const char *const pages_inputs[] = {"pages", NULL};
static const char *const pages_outputs[] = {"next_routes", NULL};
static const char *const app_inputs[] = {"index", "design_system", "next_routes", NULL};
static const char *const app_outputs[] = {MANIFEST_PORT, NULL};
static const char *const next_after[] = {"validated", NULL};

static const locus_stage_desc next_stages[] = {
    {
        .name = "next_pages",
        .version = "1",
        .help = "write next-app/app/<page>/page.tsx for each page",
        .inputs = pages_inputs,
        .outputs = pages_outputs,
        .fanout = LOCUS_FANOUT_PER_ITEM,
        .run = next_pages_run,
        .after = next_after,
    },
    {
        .name = "next_app",
        .version = "1",
        .help = "write the Next.js app's landing page, layout, config and theme copy",
        .inputs = app_inputs,
        .outputs = app_outputs,
        .fanout = LOCUS_FANOUT_ONCE,
        .run = next_app_run,
        .after = next_after,
    },
};

LOCUS_PLUGIN("locus-gen-next", "1.0.0", next_stages);
