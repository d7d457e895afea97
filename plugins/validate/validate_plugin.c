/* validate_plugin.c — the "locus-validate" plugin: stage "validate" reads
 * the merged `project` (and `locus_toml`, for suppressDeprecated) and
 * reports, as diagnostics of kind "validation":
 *   - the first validation error: severity error, code "VALIDATION_ERROR",
 *     the reference's exact message, file and position;
 *   - the deprecation records of validation.md §9.3: severity warning,
 *     code "DEPRECATION", message = the line `build` prints after
 *     "[locus][warn] ", with "{date}" for the run date (check skips them);
 *   - the validator warnings of §9.1, in order: severity warning, no code,
 *     message = the warning text.
 * On success it emits `validated` (key ""): the warning count, a small
 * item generators wait for with `after`. */
#include <stdio.h>

#include "locus/locus.h"
#include "validate.h"

static void report(locus_task *t, locus_severity sev, const char *code, const lv_diag *d)
{
    locus_diag diag = {.severity = sev, .kind = "validation", .code = code, .file = d->file,
                       .line = d->line, .column = d->column, .length = d->length,
                       .message = d->message};
    locus_diag_report(t, &diag);
}

static int read_options(locus_task *t, lv_options *opts)
{
    const locus_port *toml = locus_input(t, "locus_toml");
    opts->suppress_deprecated = 0;
    if (!toml || locus_port_count(toml) == 0)
        return 0;
    size_t len;
    const char *text = locus_item_data(t, toml, 0, &len);
    if (!text)
        return -1;
    opts->suppress_deprecated = lv_toml_suppress_deprecated(text, len);
    return 0;
}

static int validate_run(locus_task *t)
{
    const locus_port *in = locus_input(t, "project");
    size_t size;
    const void *data = locus_port_count(in) ? locus_item_data(t, in, 0, &size) : NULL;
    lv_options opts;
    if (!data || read_options(t, &opts))
        return -1;
    locus_ast ast;
    int rc = locus_ast_open(data, size, &ast);
    if (rc != LOCUS_AST_OK) {
        locus_error(t, NULL, 0, 0, "validate: unreadable project AST: %s", locus_ast_strerror(rc));
        return -1;
    }
    lv_result res;
    if (lv_validate(&ast, &opts, locus_task_arena(t), &res) != 0) {
        locus_error(t, NULL, 0, 0, "validate: out of memory");
        return -1;
    }
    if (res.has_error) {
        report(t, LOCUS_SEV_ERROR, "VALIDATION_ERROR", &res.error);
        return 0;
    }
    for (size_t i = 0; i < res.deprecations.count; i++)
        report(t, LOCUS_SEV_WARNING, "DEPRECATION", &res.deprecations.items[i]);
    for (size_t i = 0; i < res.warnings.count; i++)
        report(t, LOCUS_SEV_WARNING, NULL, &res.warnings.items[i]);
    char summary[64];
    int n = snprintf(summary, sizeof summary, "warnings %zu\n", res.warnings.count);
    return locus_emit(t, "validated", NULL, summary, (size_t)n);
}

static const char *const validate_inputs[] = {"project", "locus_toml", NULL};
static const char *const validate_outputs[] = {"validated", NULL};

static const locus_stage_desc validate_stages[] = {{
    .name = "validate",
    .version = "1",
    .help = "validate the merged Locus project (errors and warnings of the reference)",
    .inputs = validate_inputs,
    .outputs = validate_outputs,
    .fanout = LOCUS_FANOUT_ONCE,
    .run = validate_run,
}};

LOCUS_PLUGIN("locus-validate", "1.0.0", validate_stages);
