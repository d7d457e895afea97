/* graph.h — the pipeline graph, derived from the ports stages declare.
 *
 * Every enabled [stage] section becomes a node bound to a plugin's stage;
 * ports connect them. The built-in port "sources" and each [source NAME]
 * are produced by the core. Before anything runs the graph is checked: a
 * port nobody produces, a port two stages produce, a cycle (reported with
 * the stages on it), options a stage does not declare. Nodes are kept in a
 * topological order (config order among independent stages), which is
 * also the order diagnostics and metrics are reported in.
 */
#ifndef LP_GRAPH_H
#define LP_GRAPH_H

#include <stdio.h>

#include "config.h"
#include "error.h"
#include "registry.h"

#define LP_NO_PRODUCER ((size_t)-1)

typedef struct lp_gport {
    const char *name;
    size_t producer;     /* stage index, or LP_NO_PRODUCER for source ports */
    size_t source_index; /* for source ports: 0 = "sources", i+1 = cfg->sources[i] */
    int is_source;
} lp_gport;

typedef struct lp_gstage {
    const lp_stage_config *cfg;
    lp_plugin *plugin;
    const locus_stage_desc *desc;
    size_t *inputs; /* port indices, in declaration order */
    size_t n_inputs;
    size_t *outputs;
    size_t n_outputs;
    size_t *after; /* ports waited for, not read */
    size_t n_after;
    locus_digest config_digest; /* options, sorted by key, plus stage identity */
} lp_gstage;

typedef struct lp_graph {
    lp_gstage *stages; /* topological order */
    size_t n_stages;
    lp_gport *ports;
    size_t n_ports;
} lp_graph;

/* Load the plugins the config names (into reg) and build + check the graph.
 * [plugin NAME] sections are expanded into [stage] sections first (so cfg
 * gains the stages they bring in). */
int lp_graph_build(lp_config *cfg, lp_registry *reg, lp_graph *graph, lp_error *err);
void lp_graph_free(lp_graph *graph);
/* Index of the port called name, or LP_NO_PRODUCER. */
size_t lp_graph_port(const lp_graph *graph, const char *name);
/* Human-readable description of the graph (for `plugins list/info`). */
void lp_graph_print(const lp_graph *graph, FILE *out);

#endif
