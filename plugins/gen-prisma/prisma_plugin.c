/* prisma_plugin.c — the "locus-gen-prisma" plugin: stage `prisma` reads
 * every per-entity blob of merge's `entities` port (once the program is
 * validated) and writes prisma/schema.prisma and .env.example, publishing
 * their texts on `manifest_prisma`. */
#include "items.h"
#include "locus/locus.h"
#include "prisma.h"

/* Open every entity blob; the key is the entity's name. */
static int load_entities(locus_task *task, const locus_port *port, gp_entity *entities,
                         locus_ast *asts, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (gen_open_item(task, port, i, &asts[i]) != 0)
            return -1;
        entities[i] = (gp_entity){&asts[i], locus_ast_root(&asts[i]), locus_item_key(port, i)};
    }
    return 0;
}

static int prisma_run(locus_task *task)
{
    const locus_port *port = locus_input(task, "entities");
    size_t n = locus_port_count(port);
    locus_arena *arena = locus_task_arena(task);
    gp_entity *entities = locus_arena_alloc(arena, (n + 1) * sizeof *entities);
    locus_ast *asts = locus_arena_alloc(arena, (n + 1) * sizeof *asts);
    if (!entities || !asts || load_entities(task, port, entities, asts, n) != 0)
        return -1;
    gen_task_sink target = {task, "manifest_prisma"};
    gen_sink sink = gen_task_sink_make(&target);
    if (gp_generate(&sink, entities, n) == 0)
        return 0;
    locus_error(task, NULL, 0, 0, "prisma: could not write the schema (out of memory?)");
    return -1;
}

static const char *const prisma_inputs[] = {"entities", NULL};
static const char *const prisma_outputs[] = {"manifest_prisma", NULL};
static const char *const prisma_after[] = {"validated", NULL};

static const locus_stage_desc prisma_stages[] = {{
    .name = "prisma",
    .version = "1",
    .help = "write prisma/schema.prisma and .env.example",
    .inputs = prisma_inputs,
    .outputs = prisma_outputs,
    .fanout = LOCUS_FANOUT_ONCE,
    .run = prisma_run,
    .after = prisma_after,
}};

LOCUS_PLUGIN("locus-gen-prisma", "1.0.0", prisma_stages);
