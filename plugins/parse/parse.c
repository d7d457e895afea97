/* parse.c — the `parse` stage plugin: one task per source file, turning
 * its text into an AST blob (docs/ast.md) on the "ast" port.
 *
 * All the work is ll_parse_file (lang/locus_parse.h); this file only moves
 * bytes between the core and that function and turns a parse failure into
 * the one diagnostic the reference reports for a file (kind "parse", code
 * "PARSE_ERROR", at the offending token's line and UTF-16 column).
 *
 * In watch mode the stage's memo (locus_memo_get/put) holds every top-level
 * block's parse, so re-parsing an edited file parses only the blocks that
 * changed (ll_parse_file_incremental). The blob is byte-identical either
 * way, so the task's result does not depend on the memo. The counts of
 * re-parsed and reused blocks are not reported: a diagnostic would become
 * part of the cached result, which must not depend on history.
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

static const void *memo_get(void *ctx, const locus_digest *key, size_t *len)
{
    return locus_memo_get(ctx, key, len);
}

static void memo_put(void *ctx, const locus_digest *key, const void *data, size_t len)
{
    (void)locus_memo_put(ctx, key, data, len); /* a lost entry costs a re-parse */
}

/* Is there a memo (watch mode)? A put is refused when there is none; the
 * probe is one empty entry. Without a memo the plain parse is used: the
 * incremental one would split and hash blocks for nothing. */
static int have_memo(locus_task *task)
{
    static const char tag[] = "locus-parse: memo probe";
    locus_digest key = locus_digest_of(tag, sizeof tag);
    return locus_memo_put(task, &key, "", 0) == 0;
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
    ll_block_memo memo = {memo_get, memo_put, task, 0, 0};
    int rc = ll_parse_file_incremental(key, strlen(key), text, size,
                                       have_memo(task) ? &memo : NULL, &res);
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
