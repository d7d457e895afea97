/* test-alt.c — a drop-in replacement for test-basic's "upper" stage (same
 * ports, different output), to show a stage swap is a one-line change. */
#include <string.h>

#include "locus/locus.h"

static int shout_run(locus_task *t)
{
    const locus_port *src = locus_input(t, "sources");
    size_t index = locus_task_item(t), len;
    const char *text = locus_item_data(t, src, index, &len);
    if (!text)
        return -1;
    locus_buf out = LOCUS_BUF_INIT;
    locus_buf_puts(&out, "ALT:");
    locus_buf_append(&out, text, len);
    int rc = locus_emit(t, "upper", NULL, out.data, out.len);
    locus_buf_free(&out);
    return rc;
}

static const char *const in_sources[] = {"sources", NULL};
static const char *const out_upper[] = {"upper", NULL};

static const locus_stage_desc stages[] = {
    {.name = "shout", .version = "1", .help = "prefix each source with ALT:",
     .inputs = in_sources, .outputs = out_upper, .fanout = LOCUS_FANOUT_PER_ITEM,
     .run = shout_run},
};

LOCUS_PLUGIN("test-alt", "1.0", stages);
