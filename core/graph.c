/* graph.c — binding config sections to stages, wiring ports, and checking
 * the graph before any data flows. */
#include "graph.h"

#include <stdlib.h>
#include <string.h>

#include "digest.h"

typedef struct builder {
    const lp_config *cfg;
    lp_registry *reg;
    lp_graph *graph;
    lp_error *err;
    const char *cfg_name;
} builder;

static size_t add_port(lp_graph *graph, const char *name)
{
    size_t existing = lp_graph_port(graph, name);
    if (existing != LP_NO_PRODUCER)
        return existing;
    lp_gport *grown = realloc(graph->ports, (graph->n_ports + 1) * sizeof *grown);
    if (!grown)
        return LP_NO_PRODUCER;
    graph->ports = grown;
    lp_gport *port = &graph->ports[graph->n_ports];
    memset(port, 0, sizeof *port);
    port->name = name;
    port->producer = LP_NO_PRODUCER;
    return graph->n_ports++;
}

size_t lp_graph_port(const lp_graph *graph, const char *name)
{
    for (size_t i = 0; i < graph->n_ports; i++)
        if (strcmp(graph->ports[i].name, name) == 0)
            return i;
    return LP_NO_PRODUCER;
}

/* Prefix an error from the registry with the config location. */
static int fail_at_section(builder *b, const lp_stage_config *sc)
{
    char reason[LP_ERROR_MAX];
    memcpy(reason, b->err->msg, sizeof reason);
    return lp_fail(b->err, "%s:%u: [stage %s]: %s", b->cfg_name, sc->line, sc->name, reason);
}

static int bind_stage(builder *b, const lp_stage_config *sc, lp_gstage *node)
{
    lp_plugin *plugin = NULL;
    if (sc->plugin) {
        int rc = strchr(sc->plugin, '/')
                     ? lp_registry_load_path(b->reg, sc->plugin, &plugin, b->err)
                     : lp_registry_load_name(b->reg, sc->plugin, &plugin, b->err);
        if (rc != 0)
            return fail_at_section(b, sc);
        for (size_t i = 0; i < plugin->desc->n_stages; i++)
            if (strcmp(plugin->desc->stages[i].name, sc->stage) == 0)
                node->desc = &plugin->desc->stages[i];
        if (!node->desc && plugin->desc->n_stages == 1 && strcmp(sc->stage, sc->name) == 0)
            node->desc = &plugin->desc->stages[0];
        if (!node->desc)
            return lp_fail(b->err, "%s:%u: [stage %s]: plugin %s has no stage '%s'",
                           b->cfg_name, sc->line, sc->name, plugin->path, sc->stage);
    } else {
        const locus_stage_desc *desc;
        if (lp_registry_load_all(b->reg, b->err) != 0 ||
            lp_registry_find_stage(b->reg, sc->stage, &plugin, &desc, b->err) != 0)
            return fail_at_section(b, sc);
        node->desc = desc;
    }
    node->plugin = plugin;
    node->cfg = sc;
    return 0;
}

static const locus_option_desc *find_option(const locus_stage_desc *desc, const char *key)
{
    for (const locus_option_desc *opt = desc->options; opt && opt->name; opt++)
        if (strcmp(opt->name, key) == 0)
            return opt;
    return NULL;
}

static int check_options(builder *b, const lp_gstage *node)
{
    for (size_t i = 0; i < node->cfg->n_options; i++) {
        const lp_option *opt = &node->cfg->options[i];
        if (find_option(node->desc, opt->key))
            continue;
        char expected[512] = "plugin, stage, enabled, timeout";
        size_t used = strlen(expected);
        for (const locus_option_desc *d = node->desc->options; d && d->name; d++) {
            int n = snprintf(expected + used, sizeof expected - used, ", %s", d->name);
            if (n < 0 || used + (size_t)n >= sizeof expected)
                break;
            used += (size_t)n;
        }
        return lp_fail(b->err, "%s:%u: unknown key '%s' in [stage %s]: stage '%s' accepts %s",
                       b->cfg_name, opt->line, opt->key, node->cfg->name, node->desc->name,
                       expected);
    }
    return 0;
}

static int cmp_option(const void *a, const void *b)
{
    return strcmp((*(const lp_option *const *)a)->key, (*(const lp_option *const *)b)->key);
}

/* The part of a task's cache key that comes from the stage and its config:
 * a changed option or plugin build re-runs the stage. */
static int digest_config(lp_gstage *node)
{
    lp_hasher *hasher = lp_hasher_new();
    const lp_option **sorted = calloc(node->cfg->n_options + 1, sizeof *sorted);
    if (!hasher || !sorted) {
        lp_hasher_free(hasher);
        free(sorted);
        return -1;
    }
    lp_hasher_str(hasher, "locus-stage-1");
    lp_hasher_str(hasher, node->desc->name);
    lp_hasher_str(hasher, node->desc->version);
    lp_hasher_digest(hasher, &node->plugin->build_id);
    lp_hasher_u64(hasher, (uint64_t)node->desc->fanout);
    for (size_t i = 0; i < node->cfg->n_options; i++)
        sorted[i] = &node->cfg->options[i];
    qsort(sorted, node->cfg->n_options, sizeof *sorted, cmp_option);
    for (const locus_option_desc *d = node->desc->options; d && d->name; d++) {
        const char *value = lp_stage_option(node->cfg, d->name);
        lp_hasher_str(hasher, d->name);
        lp_hasher_str(hasher, value ? value : d->default_value);
    }
    node->config_digest = lp_hasher_finish(hasher);
    lp_hasher_free(hasher);
    free(sorted);
    return 0;
}

static size_t count_ports(const char *const *ports)
{
    size_t n = 0;
    while (ports && ports[n])
        n++;
    return n;
}

static int wire_stage(builder *b, size_t index)
{
    lp_graph *graph = b->graph;
    lp_gstage *node = &graph->stages[index];
    node->n_inputs = count_ports(node->desc->inputs);
    node->n_outputs = count_ports(node->desc->outputs);
    node->n_after = count_ports(node->desc->after);
    node->inputs = calloc(node->n_inputs + 1, sizeof *node->inputs);
    node->outputs = calloc(node->n_outputs + 1, sizeof *node->outputs);
    node->after = calloc(node->n_after + 1, sizeof *node->after);
    if (!node->inputs || !node->outputs || !node->after)
        return lp_fail(b->err, "out of memory");
    for (size_t i = 0; i < node->n_after; i++)
        if ((node->after[i] = add_port(graph, node->desc->after[i])) == LP_NO_PRODUCER)
            return lp_fail(b->err, "out of memory");
    for (size_t i = 0; i < node->n_inputs; i++)
        if ((node->inputs[i] = add_port(graph, node->desc->inputs[i])) == LP_NO_PRODUCER)
            return lp_fail(b->err, "out of memory");
    for (size_t i = 0; i < node->n_outputs; i++) {
        size_t port = add_port(graph, node->desc->outputs[i]);
        if (port == LP_NO_PRODUCER)
            return lp_fail(b->err, "out of memory");
        node->outputs[i] = port;
        lp_gport *gp = &graph->ports[port];
        if (gp->is_source)
            return lp_fail(b->err, "port '%s' is produced by both stage '%s' and the "
                                   "core's source scan", gp->name, node->cfg->name);
        if (gp->producer != LP_NO_PRODUCER)
            return lp_fail(b->err, "port '%s' is produced by two stages: '%s' and '%s'",
                           gp->name, graph->stages[gp->producer].cfg->name, node->cfg->name);
        gp->producer = index;
    }
    return 0;
}

/* Every port a stage depends on: its inputs, then the ports it waits for. */
static size_t dependency(const lp_gstage *node, size_t i)
{
    return i < node->n_inputs ? node->inputs[i] : node->after[i - node->n_inputs];
}

static int check_producers(builder *b)
{
    lp_graph *graph = b->graph;
    for (size_t s = 0; s < graph->n_stages; s++) {
        const lp_gstage *node = &graph->stages[s];
        for (size_t i = 0; i < node->n_inputs + node->n_after; i++) {
            const lp_gport *port = &graph->ports[dependency(node, i)];
            if (port->is_source || port->producer != LP_NO_PRODUCER)
                continue;
            const char *disabled = NULL;
            for (size_t c = 0; c < b->cfg->n_stages && !disabled; c++)
                if (!b->cfg->stages[c].enabled)
                    disabled = b->cfg->stages[c].name;
            return lp_fail(b->err, "stage '%s' reads port '%s', which no enabled stage "
                                   "produces%s%s%s", node->cfg->name, port->name,
                           disabled ? " (disabled stages: " : "", disabled ? disabled : "",
                           disabled ? ", ...)" : "");
        }
    }
    return 0;
}

/* Depth-first search for a cycle; on finding one, name its stages. */
static int find_cycle(builder *b, size_t s, int *color, size_t *stack, size_t depth)
{
    lp_graph *graph = b->graph;
    color[s] = 1;
    stack[depth] = s;
    const lp_gstage *node = &graph->stages[s];
    for (size_t o = 0; o < node->n_outputs; o++) {
        for (size_t c = 0; c < graph->n_stages; c++) {
            const lp_gstage *consumer = &graph->stages[c];
            int reads = 0;
            for (size_t i = 0; i < consumer->n_inputs + consumer->n_after; i++)
                reads |= dependency(consumer, i) == node->outputs[o];
            if (!reads)
                continue;
            if (color[c] == 1) {
                char path[LP_ERROR_MAX / 2] = "";
                size_t used = 0, start = 0;
                while (stack[start] != c)
                    start++;
                for (size_t k = start; k <= depth; k++) {
                    int n = snprintf(path + used, sizeof path - used, "%s -> ",
                                     graph->stages[stack[k]].cfg->name);
                    if (n > 0 && used + (size_t)n < sizeof path)
                        used += (size_t)n;
                }
                return lp_fail(b->err, "the pipeline has a cycle: %s%s", path,
                               graph->stages[c].cfg->name);
            }
            if (color[c] == 0 && find_cycle(b, c, color, stack, depth + 1) != 0)
                return -1;
        }
    }
    color[s] = 2;
    return 0;
}

/* Kahn's algorithm, taking the lowest config index first among ready
 * stages so the order is stable. */
static int sort_topologically(builder *b)
{
    lp_graph *graph = b->graph;
    size_t n = graph->n_stages;
    int *color = calloc(n + 1, sizeof *color);
    size_t *stack = calloc(n + 1, sizeof *stack);
    size_t *order = calloc(n + 1, sizeof *order);
    int *placed = calloc(n + 1, sizeof *placed);
    lp_gstage *sorted = calloc(n + 1, sizeof *sorted);
    int rc = -1;
    if (!color || !stack || !order || !placed || !sorted) {
        lp_fail(b->err, "out of memory");
        goto done;
    }
    for (size_t s = 0; s < n; s++)
        if (color[s] == 0 && find_cycle(b, s, color, stack, 0) != 0)
            goto done;
    for (size_t k = 0; k < n; k++) {
        for (size_t s = 0; s < n; s++) {
            if (placed[s])
                continue;
            int ready = 1;
            const lp_gstage *node = &graph->stages[s];
            for (size_t i = 0; i < node->n_inputs + node->n_after && ready; i++) {
                size_t producer = graph->ports[dependency(node, i)].producer;
                ready = producer == LP_NO_PRODUCER || placed[producer];
            }
            if (ready) {
                placed[s] = 1;
                order[k] = s;
                break;
            }
        }
    }
    size_t *new_index = calloc(n + 1, sizeof *new_index);
    if (!new_index) {
        lp_fail(b->err, "out of memory");
        goto done;
    }
    for (size_t k = 0; k < n; k++) {
        sorted[k] = graph->stages[order[k]];
        new_index[order[k]] = k;
    }
    for (size_t p = 0; p < graph->n_ports; p++)
        if (graph->ports[p].producer != LP_NO_PRODUCER)
            graph->ports[p].producer = new_index[graph->ports[p].producer];
    free(new_index);
    free(graph->stages);
    graph->stages = sorted;
    sorted = NULL;
    rc = 0;
done:
    free(color);
    free(stack);
    free(order);
    free(placed);
    free(sorted);
    return rc;
}

static int add_source_ports(builder *b)
{
    size_t port = add_port(b->graph, "sources");
    if (port == LP_NO_PRODUCER)
        return lp_fail(b->err, "out of memory");
    b->graph->ports[port].is_source = 1;
    for (size_t i = 0; i < b->cfg->n_sources; i++) {
        port = add_port(b->graph, b->cfg->sources[i].name);
        if (port == LP_NO_PRODUCER)
            return lp_fail(b->err, "out of memory");
        b->graph->ports[port].is_source = 1;
        b->graph->ports[port].source_index = i + 1;
    }
    return 0;
}

static int add_stage_section(lp_config *cfg, const char *stage, const lp_plugin_config *from)
{
    lp_stage_config *grown = realloc(cfg->stages, (cfg->n_stages + 1) * sizeof *grown);
    if (!grown)
        return -1;
    cfg->stages = grown;
    lp_stage_config *sc = &cfg->stages[cfg->n_stages];
    memset(sc, 0, sizeof *sc);
    sc->name = strdup(stage);
    sc->stage = strdup(stage);
    sc->plugin = strdup(from->name);
    sc->enabled = 1;
    sc->line = from->line;
    cfg->n_stages++;
    return sc->name && sc->stage && sc->plugin ? 0 : -1;
}

/* [plugin NAME] brings in every stage of the plugin under its own name; a
 * [stage X] section of the same name configures that stage instead. */
static int expand_plugin_sections(builder *b, lp_config *cfg)
{
    for (size_t i = 0; i < cfg->n_plugins; i++) {
        const lp_plugin_config *pc = &cfg->plugins[i];
        if (!pc->enabled)
            continue;
        lp_plugin *plugin;
        int rc = strchr(pc->name, '/') ? lp_registry_load_path(b->reg, pc->name, &plugin, b->err)
                                       : lp_registry_load_name(b->reg, pc->name, &plugin, b->err);
        if (rc != 0) {
            char reason[LP_ERROR_MAX];
            memcpy(reason, b->err->msg, sizeof reason);
            return lp_fail(b->err, "%s:%u: [plugin %s]: %s", b->cfg_name, pc->line, pc->raw,
                           reason);
        }
        for (size_t s = 0; s < plugin->desc->n_stages; s++) {
            const char *stage = plugin->desc->stages[s].name;
            lp_stage_config *existing = (lp_stage_config *)lp_config_stage(cfg, stage);
            if (existing) {
                if (!existing->plugin && !(existing->plugin = strdup(pc->name)))
                    return lp_fail(b->err, "out of memory");
                continue;
            }
            if (add_stage_section(cfg, stage, pc) != 0)
                return lp_fail(b->err, "out of memory");
        }
    }
    return 0;
}

int lp_graph_build(lp_config *cfg, lp_registry *reg, lp_graph *graph, lp_error *err)
{
    memset(graph, 0, sizeof *graph);
    builder b = {cfg, reg, graph, err, cfg->path ? cfg->path : "config"};
    if (expand_plugin_sections(&b, cfg) != 0 || add_source_ports(&b) != 0)
        goto fail;
    graph->stages = calloc(cfg->n_stages + 1, sizeof *graph->stages);
    if (!graph->stages) {
        lp_fail(err, "out of memory");
        goto fail;
    }
    for (size_t i = 0; i < cfg->n_stages; i++) {
        if (!cfg->stages[i].enabled)
            continue;
        lp_gstage *node = &graph->stages[graph->n_stages];
        if (bind_stage(&b, &cfg->stages[i], node) != 0 || check_options(&b, node) != 0)
            goto fail;
        if (digest_config(node) != 0) {
            lp_fail(err, "out of memory");
            goto fail;
        }
        graph->n_stages++;
        if (wire_stage(&b, graph->n_stages - 1) != 0)
            goto fail;
    }
    if (graph->n_stages == 0) {
        lp_fail(err, "%s: the pipeline has no enabled [stage NAME] section", b.cfg_name);
        goto fail;
    }
    if (check_producers(&b) != 0 || sort_topologically(&b) != 0)
        goto fail;
    return 0;
fail:
    lp_graph_free(graph);
    return -1;
}

void lp_graph_free(lp_graph *graph)
{
    for (size_t i = 0; i < graph->n_stages; i++) {
        free(graph->stages[i].inputs);
        free(graph->stages[i].outputs);
        free(graph->stages[i].after);
    }
    free(graph->stages);
    free(graph->ports);
    memset(graph, 0, sizeof *graph);
}

static void print_ports(const lp_graph *graph, const size_t *ports, size_t n, FILE *out)
{
    if (n == 0)
        fputs("(none)", out);
    for (size_t i = 0; i < n; i++)
        fprintf(out, "%s%s", i ? ", " : "", graph->ports[ports[i]].name);
}

void lp_graph_print(const lp_graph *graph, FILE *out)
{
    for (size_t s = 0; s < graph->n_stages; s++) {
        const lp_gstage *node = &graph->stages[s];
        fprintf(out, "  %s  [%s %s, %s]\n", node->cfg->name, node->desc->name,
                node->desc->version,
                node->desc->fanout == LOCUS_FANOUT_PER_ITEM ? "per item" : "once");
        fputs("      reads:  ", out);
        print_ports(graph, node->inputs, node->n_inputs, out);
        fputs("\n      writes: ", out);
        print_ports(graph, node->outputs, node->n_outputs, out);
        if (node->n_after) {
            fputs("\n      after:  ", out);
            print_ports(graph, node->after, node->n_after, out);
        }
        fputc('\n', out);
    }
}
