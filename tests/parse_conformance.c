/* parse_conformance.c — the C half of the parse-conformance test: parses
 * each file named on stdin (one path per line; the source key is the path
 * after "/input/") and prints one line per file:
 *     <path> TAB ok
 *     <path> TAB error TAB <line> TAB <column> TAB <message with \n escaped>
 * tests/parse-conformance.py compares these with the corpus recordings.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "locus/ast.h"
#include "locus_parse.h"

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = NULL;
    size_t cap = 0, n = 0, got;
    do {
        if (n == cap) {
            cap = cap ? cap * 2 : 65536;
            char *grown = realloc(buf, cap);
            if (!grown) {
                free(buf);
                fclose(f);
                return NULL;
            }
            buf = grown;
        }
        got = fread(buf + n, 1, cap - n, f);
        n += got;
    } while (got > 0);
    fclose(f);
    *len = n;
    return buf;
}

static void print_message(const char *m)
{
    for (; *m; m++) {
        if (*m == '\n')
            fputs("\\n", stdout);
        else if (*m == '\t')
            putchar(' ');
        else
            putchar(*m);
    }
}

static int check_file(const char *path)
{
    size_t len;
    char *text = slurp(path, &len);
    if (!text) {
        printf("%s\tunreadable\n", path);
        return 1;
    }
    const char *key = strstr(path, "/input/");
    key = key ? key + 7 : path;
    ll_parse_result res;
    int rc = ll_parse_file(key, strlen(key), text, len, &res);
    if (rc == 0) {
        locus_ast ast;
        int orc = locus_ast_open(res.blob, res.blob_size, &ast);
        if (orc == LOCUS_AST_OK)
            printf("%s\tok\n", path);
        else
            printf("%s\tbadblob\t%s\n", path, locus_ast_strerror(orc));
        free(res.blob);
    } else {
        printf("%s\terror\t%u\t%u\t", path, res.diag.line, res.diag.column);
        print_message(res.diag.message);
        putchar('\n');
    }
    free(text);
    return rc < 0;
}

int main(void)
{
    char line[4096];
    int failures = 0;
    while (fgets(line, sizeof line, stdin)) {
        line[strcspn(line, "\r\n")] = 0;
        if (*line)
            failures += check_file(line);
    }
    return failures ? 1 : 0;
}
