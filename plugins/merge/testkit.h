/* testkit.h — for the unit tests of the merge and validate stages: parse
 * Locus sources given as strings (with liblocuslang's parser) and merge
 * them, as the parse and merge stages would. */
#ifndef LM_TESTKIT_H
#define LM_TESTKIT_H

#include "diag.h"
#include "merge.h"

typedef struct tk_source {
    const char *key;  /* source key, e.g. "main.locus" */
    const char *text;
} tk_source;

typedef struct tk_project {
    locus_arena *arena;
    int parse_failed;    /* a file did not parse: diag and failed_key say which */
    ll_diag diag;
    const char *failed_key;
    lm_result merge;     /* when every file parsed */
    locus_ast project;   /* the opened project blob, when merge succeeded */
    unsigned char **blobs;
    size_t nblobs;
} tk_project;

/* Parse and merge n sources. Returns 0 (see parse_failed and
 * merge.has_error), or -1 on internal failure. Free with tk_free. */
int tk_build(const tk_source *sources, size_t n, tk_project *out);
/* Shorthand for one file "main.locus". */
int tk_build1(const char *text, tk_project *out);
void tk_free(tk_project *p);

#endif
