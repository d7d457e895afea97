/* theme_plugin.c — the "locus-gen-theme" plugin: stage `theme` writes
 * theme.css from the merged `design_system` and publishes its text on
 * `manifest_theme` (outputs.md §9). It reads nothing else, so only a
 * design-system edit runs it again. */
#include "emit.h"
#include "items.h"
#include "theme_css.h"

static int theme_run(locus_task *task)
{
    locus_ast ast;
    if (gen_open_single(task, "design_system", &ast) != 0)
        return -1;
    locus_buf css = LOCUS_BUF_INIT;
    int rc = gt_theme_css(&ast, locus_ast_root(&ast), &css);
    if (rc == 0)
        rc = gen_emit_file(task, "manifest_theme", "theme.css", css.data, css.len, GEN_STABILIZE);
    locus_buf_free(&css);
    return rc;
}

static const char *const theme_inputs[] = {"design_system", NULL};
static const char *const theme_outputs[] = {"manifest_theme", NULL};
static const char *const theme_after[] = {"validated", NULL};

static const locus_stage_desc theme_stages[] = {{
    .name = "theme",
    .version = "1",
    .help = "write theme.css: CSS colour variables per design-system theme",
    .inputs = theme_inputs,
    .outputs = theme_outputs,
    .fanout = LOCUS_FANOUT_ONCE,
    .run = theme_run,
    .after = theme_after,
}};

LOCUS_PLUGIN("locus-gen-theme", "1.0.0", theme_stages);
