/* frontdoor.h — what the reference-compatible commands (check, build)
 * share: the standard Locus pipeline as config text, and running it. */
#ifndef LP_FRONTDOOR_H
#define LP_FRONTDOOR_H

#include "config.h"
#include "engine.h"
#include "graph.h"
#include "registry.h"

/* The standard pipeline is config/default.ini, compiled in: its [stage]
 * sections are the front end (what `check` runs), its [plugin] sections
 * the generators (added by `build`). */
enum { LP_FRONT_END_ONLY = 0, LP_WITH_GENERATORS = 1 };

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

/* Build the standard pipeline for src (and out, may be NULL: nothing is
 * written), with or without the generators; extra is more config text
 * appended to it (stage options), or NULL. Returns an exit status
 * (LP_EXIT_OK, or LP_EXIT_USAGE after printing why). */
int lp_frontdoor_open(lp_frontdoor *fd, const char *src, const char *out, int generators,
                      const char *extra);
void lp_frontdoor_close(lp_frontdoor *fd);

#endif
