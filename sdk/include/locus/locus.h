/* locus/locus.h — the whole plugin SDK in one include.
 *
 * Plugins include this, link with `pkg-config --libs locus-plugin`, and
 * export one descriptor (locus/plugin.h). docs/plugin-authoring.md walks
 * through a complete plugin.
 */
#ifndef LOCUS_LOCUS_H
#define LOCUS_LOCUS_H

#include "arena.h"
#include "artifact.h"
#include "diag.h"
#include "output.h"
#include "plugin.h"
#include "task.h"

#endif
