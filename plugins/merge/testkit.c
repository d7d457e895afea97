/* testkit.c — parse-and-merge helper of the unit tests (testkit.h). */
#include <stdlib.h>
#include <string.h>

#include "locus_parse.h"
#include "testkit.h"

static int parse_all(const tk_source *sources, size_t n, tk_project *p, lm_file *files)
{
    for (size_t i = 0; i < n; i++) {
        ll_parse_result r;
        int rc = ll_parse_file(sources[i].key, strlen(sources[i].key), sources[i].text,
                               strlen(sources[i].text), &r);
        if (rc < 0)
            return -1;
        if (rc > 0) {
            p->parse_failed = 1;
            p->diag = r.diag;
            p->failed_key = sources[i].key;
            return 0;
        }
        p->blobs[p->nblobs++] = r.blob;
        files[i] = (lm_file){sources[i].key, r.blob, r.blob_size};
    }
    return 0;
}

int tk_build(const tk_source *sources, size_t n, tk_project *out)
{
    memset(out, 0, sizeof *out);
    out->arena = locus_arena_new();
    out->blobs = calloc(n + 1, sizeof *out->blobs);
    lm_file *files = calloc(n + 1, sizeof *files);
    int rc = out->arena && out->blobs && files ? parse_all(sources, n, out, files) : -1;
    if (rc == 0 && !out->parse_failed)
        rc = lm_merge(files, n, out->arena, &out->merge);
    if (rc == 0 && !out->parse_failed && !out->merge.has_error &&
        locus_ast_open(out->merge.project.data, out->merge.project.size, &out->project))
        rc = -1;
    free(files);
    return rc;
}

int tk_build1(const char *text, tk_project *out)
{
    tk_source s = {"main.locus", text};
    return tk_build(&s, 1, out);
}

void tk_free(tk_project *p)
{
    lm_result_free(&p->merge);
    for (size_t i = 0; i < p->nblobs; i++)
        free(p->blobs[i]);
    free(p->blobs);
    locus_arena_free(p->arena);
    memset(p, 0, sizeof *p);
}
