/* frontdoor.h — what the reference-compatible commands (check, build)
 * share: the standard Locus pipeline as config text, and running it. */
#ifndef LP_FRONTDOOR_H
#define LP_FRONTDOOR_H

#include "config.h"
#include "engine.h"
#include "graph.h"
#include "registry.h"

/* The stages of the standard Locus pipeline. LP_LOCUS_FRONT_END is what
 * `check` runs; config/default.ini holds the same stages for `run`. */
#define LP_LOCUS_SOURCES                                                                   \
    "include = *.locus\n"                                                                  \
    "[source locus_toml]\ninclude = Locus.toml\nrecursive = false\n"
#define LP_LOCUS_FRONT_END                                                                 \
    "[stage parse]\nplugin = locus-parse\n"                                                \
    "[stage merge]\nplugin = locus-merge\n"                                                \
    "[stage validate]\nplugin = locus-validate\n"

/* The generators of the standard pipeline: every stage of each plugin. */
#define LP_LOCUS_GENERATORS                                                                \
    "[plugin locus-gen-prisma]\n[plugin locus-gen-express]\n[plugin locus-gen-react]\n"      \
    "[plugin locus-gen-theme]\n[plugin locus-gen-next]\n[plugin locus-gen-workflows]\n"      \
    "[plugin locus-gen-project]\n"

/* Warnings the validator returns for `build` only: the deprecation lines
 * (their date is the front end's to fill in, LP_DATE_PLACEHOLDER). */
#define LP_DEPRECATION_PREFIX "[deprecation"
#define LP_DATE_PLACEHOLDER "{date}"

typedef struct lp_frontdoor {
    lp_config cfg;
    lp_registry reg;
    lp_graph graph;
    int have_cfg, have_reg, have_graph;
} lp_frontdoor;

/* Build the pipeline for src (and out, may be NULL) from stage text.
 * Returns an exit status (LP_EXIT_OK, or LP_EXIT_USAGE after printing). */
int lp_frontdoor_open(lp_frontdoor *fd, const char *src, const char *out, const char *stages);
void lp_frontdoor_close(lp_frontdoor *fd);

#endif
