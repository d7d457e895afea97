/* wf_json.h — the two texts of workflows/«Name».json (outputs.md §11.2,
 * §11.3): version 1, which BUILD_MANIFEST.json lists and hashes, and
 * version 2, which is written. Both are JSON2 followed by LF. */
#ifndef WF_JSON_H
#define WF_JSON_H

#include "wf_model.h"

int wf_json_v1(const wf_workflow *w, locus_buf *out);
int wf_json_v2(const wf_workflow *w, locus_buf *out);

#endif
