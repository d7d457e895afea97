/* fuzz_parse.c — libFuzzer target for the Locus parser: any input must
 * give a clean parse error or an AST blob that opens and can be walked.
 *
 * Build and run it from the build tree with `make fuzz` (60 s; `make fuzz
 * FUZZ_SECONDS=300` for longer). It needs clang with its libFuzzer runtime;
 * tests/fuzz/Makefile.inc has the compiler flags, the seed corpus (the
 * shared conformance cases' .locus files) and where crash reproducers go.
 * Replay one input: tests/fuzz/fuzz_parse FILE
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ast_dump.h"
#include "locus/ast.h"
#include "locus_parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Touch every node through the public accessors. */
static void walk(const locus_ast *ast, locus_node n)
{
    if (!n)
        return;
    size_t len;
    locus_span sp = locus_ast_span(ast, n);
    uint32_t line, col;
    locus_ast_position(ast, sp.file, sp.offset + sp.length, &line, &col);
    (void)locus_ast_text(ast, n, &len);
    (void)locus_ast_str(ast, n, &len);
    size_t nf = locus_ast_field_count(ast, n);
    for (size_t i = 0; i < nf; i++) {
        locus_field_info fi = locus_ast_field_at(ast, n, i);
        locus_slice sl;
        locus_ast_get_slice(ast, n, fi.id, &sl);
        walk(ast, locus_ast_get(ast, n, fi.id));
        for (size_t j = 0; j < locus_ast_list_count(ast, n, fi.id); j++)
            walk(ast, locus_ast_list_at(ast, n, fi.id, j));
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ll_parse_result res;
    int rc = ll_parse_file("fuzz.locus", 10, (const char *)data, size, &res);
    if (rc == 1 && (res.diag.line == 0 || res.diag.column == 0 || !res.diag.message[0]))
        abort();
    if (rc != 0)
        return 0;
    locus_ast ast;
    if (locus_ast_open(res.blob, res.blob_size, &ast) != LOCUS_AST_OK)
        abort();
    walk(&ast, locus_ast_root(&ast));
    locus_buf out = LOCUS_BUF_INIT;
    ll_ast_dump(&ast, locus_ast_root(&ast), LL_DUMP_POSITIONS | LL_DUMP_FLAGS, &out);
    locus_buf_free(&out);
    /* the blob must also survive a flipped byte */
    if (res.blob_size > 64) {
        res.blob[64 + size % (res.blob_size - 64)] ^= 0x5A;
        if (locus_ast_open(res.blob, res.blob_size, &ast) == LOCUS_AST_OK)
            walk(&ast, locus_ast_root(&ast));
    }
    free(res.blob);
    return 0;
}
