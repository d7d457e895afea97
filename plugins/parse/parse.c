/* parse.c — the `parse` stage plugin: one task per source file, turning
 * its text into an AST blob (docs/ast.md) on the "ast" port.
 *
 * All the work is ll_parse_file (lang/locus_parse.h); this file only moves
 * bytes between the core and that function and turns a parse failure into
 * the one diagnostic the reference reports for a file (kind "parse", code
 * "PARSE_ERROR", at the offending token's line and UTF-16 column).
 */
#include <stdlib.h>
#include <string.h>

#include "locus/locus.h"
#include "locus_parse.h"

static void report(locus_task *task, const char *key, const ll_diag *d)
{
    locus_diag diag = {
        .severity = LOCUS_SEV_ERROR,
        .kind = "parse",
        .code = "PARSE_ERROR",
        .file = key,
        .line = d->line,
        .column = d->column,
        .length = d->length,
        .message = d->message,
    };
    locus_diag_report(task, &diag);
}

static int run(locus_task *task)
{
    const locus_port *sources = locus_input(task, "sources");
    size_t index = locus_task_item(task);
    if (!sources || index == (size_t)-1)
        return -1;
    const char *key = locus_item_key(sources, index);
    size_t size = 0;
    const void *text = locus_item_data(task, sources, index, &size);
    if (!text)
        return -1;
    ll_parse_result res;
    int rc = ll_parse_file(key, strlen(key), text, size, &res);
    if (rc != 0) {
        report(task, key, &res.diag);
        return -1;
    }
    rc = locus_emit(task, "ast", NULL, res.blob, res.blob_size);
    free(res.blob);
    return rc;
}

static const char *const inputs[] = {"sources", NULL};
static const char *const outputs[] = {"ast", NULL};

static const locus_stage_desc stages[] = {{
    .name = "parse",
    .version = "1",
    .help = "parse each .locus source file into an AST blob",
    .inputs = inputs,
    .outputs = outputs,
    .fanout = LOCUS_FANOUT_PER_ITEM,
    .run = run,
    .options = NULL,
}};

LOCUS_PLUGIN("locus-parse", "0.1.0", stages);
