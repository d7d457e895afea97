/* test-bad.c — plugins that must be refused, one per -D variant:
 * BAD_ABI (wrong ABI version), DUP_STAGE (two stages with one name),
 * NO_DESC (no descriptor symbol), CYCLE (two stages feeding each other),
 * SECOND_UPPER (another plugin providing a stage named "upper"). */
#include "locus/locus.h"

__attribute__((unused)) static int noop_run(locus_task *t)
{
    (void)t;
    return 0;
}

__attribute__((unused)) static const char *const in_x[] = {"x", NULL};
__attribute__((unused)) static const char *const in_y[] = {"y", NULL};
__attribute__((unused)) static const char *const in_sources[] = {"sources", NULL};
__attribute__((unused)) static const char *const out_upper[] = {"upper", NULL};

#if defined(NO_DESC)
int locus_test_not_a_descriptor = 1;
#else
static const locus_stage_desc stages[] = {
#if defined(CYCLE)
    {.name = "ping", .version = "1", .inputs = in_x, .outputs = in_y,
     .fanout = LOCUS_FANOUT_ONCE, .run = noop_run},
    {.name = "pong", .version = "1", .inputs = in_y, .outputs = in_x,
     .fanout = LOCUS_FANOUT_ONCE, .run = noop_run},
#elif defined(SECOND_UPPER)
    {.name = "upper", .version = "1", .inputs = in_sources, .outputs = out_upper,
     .fanout = LOCUS_FANOUT_PER_ITEM, .run = noop_run},
#else
    {.name = "same", .version = "1", .inputs = in_sources, .outputs = in_x,
     .fanout = LOCUS_FANOUT_ONCE, .run = noop_run},
    {.name = DUP_NAME, .version = "1", .inputs = in_sources, .outputs = in_y,
     .fanout = LOCUS_FANOUT_ONCE, .run = noop_run},
#endif
};
#if defined(BAD_ABI)
LOCUS_EXPORT const locus_plugin_desc locus_plugin_descriptor = {
    999, "test-badabi", "1.0", stages, sizeof stages / sizeof stages[0]};
#else
LOCUS_PLUGIN(PLUGIN_NAME, "1.0", stages);
#endif
#endif
