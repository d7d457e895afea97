/* merge_blobs.h — writing the merge stage's output blobs. */
#ifndef LM_MERGE_BLOBS_H
#define LM_MERGE_BLOBS_H

#include "merge.h"
#include "merge_design.h"

/* The PROJECT blob: lists ENTITIES, PAGES, COMPONENTS, STORES, WORKFLOWS,
 * UPLOADS (deep copies, unified order) and DESIGN_SYSTEMS (the merged
 * design system, or empty). Files are imported whole. */
int lm_write_project(const lm_project *proj, const lm_design *ds, lm_blob *out);

/* One definition alone (root = its copy), with a masked file text. */
int lm_write_item(const lm_def *def, locus_arena *arena, lm_blob *out);

/* The merged design system alone (root DESIGN_SYSTEM), masked texts. */
int lm_write_design(const lm_project *proj, const lm_design *ds, locus_arena *arena,
                    lm_blob *out);

/* The index: a PROJECT node whose category lists hold bare IDENT names
 * without positions or files. */
int lm_write_index(const lm_project *proj, lm_blob *out);

#endif
