/* gp_manifest.c — BUILD_MANIFEST.json and the build hash (outputs.md §13).
 * The hash streams every file's bytes once through SHA-256 without
 * copying them; it is the stage's main cost. */
#include "gp_manifest.h"

#include <stdlib.h>
#include <string.h>

#include "genutil.h"
#include "sha256.h"

static int file_cmp(const void *a, const void *b)
{
    return gen_codeunit_cmp(((const gp_file *)a)->path, ((const gp_file *)b)->path);
}

static void hash_files(const gp_file *files, size_t n, char hex[65])
{
    gen_sha256 sha;
    gen_sha256_init(&sha);
    for (size_t i = 0; i < n; i++) {
        gen_sha256_update(&sha, files[i].path, strlen(files[i].path));
        gen_sha256_update(&sha, "\n", 1);
        if (files[i].len)
            gen_sha256_update(&sha, files[i].data, files[i].len);
        gen_sha256_update(&sha, "\n", 1);
    }
    gen_sha256_hex(&sha, hex);
}

int gp_manifest(gp_file *files, size_t n, locus_buf *out, const char **dup)
{
    if (n)
        qsort(files, n, sizeof *files, file_cmp);
    for (size_t i = 1; i < n; i++)
        if (gen_codeunit_cmp(files[i - 1].path, files[i].path) == 0) {
            *dup = files[i].path;
            return 1;
        }
    char hex[65];
    hash_files(files, n, hex);
    gen_json json;
    gen_json_init(&json, out);
    gen_json_begin_object(&json);
    gen_json_key(&json, "files");
    gen_json_begin_array(&json);
    for (size_t i = 0; i < n; i++)
        gen_json_str(&json, files[i].path);
    gen_json_end_array(&json);
    gen_json_key(&json, "sha256");
    gen_json_str(&json, hex);
    gen_json_end_object(&json);
    return gen_json_finish(&json) || locus_buf_putc(out, '\n') ? -1 : 0;
}
