/* check_gen_backend.c — tests of the backend generators (Prisma schema,
 * validation modules, Express routes/server, auth and upload extras).
 *
 * The corpus test parses every positive conformance case's input with
 * lang/'s parser, runs the generators over the parsed files (a minimal
 * stand-in for merge: definitions in discovery order), and compares each
 * file they write with the recorded expected/ tree; where the recording
 * has no auth variant or workflows it also recomputes BUILD_MANIFEST.json's
 * hash from the manifest texts. Differences are allowed only where
 * `deviations` below names a FIX decision. The other tests pin down the
 * FIXed behaviour on small inputs.
 */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "emit.h"
#include "express.h"
#include "genutil.h"
#include "locus_parse.h"
#include "prisma.h"
#include "sha256.h"

#ifndef CONFORMANCE_CASES
#define CONFORMANCE_CASES "../shared/conformance/cases"
#endif

/* --- a sink that keeps the files in memory ------------------------------ */

typedef struct out_file {
    char *path;
    char *text;          /* as written (stabilised when flagged) */
    size_t len;
    char *manifest;      /* manifest text, NULL when not in the manifest */
    size_t manifest_len;
} out_file;

typedef struct out_table {
    out_file *files;
    size_t count, cap;
    int duplicates; /* a path written twice */
} out_table;

static char *copy_bytes(const char *s, size_t len)
{
    char *c = malloc(len + 1);
    ck_assert_ptr_nonnull(c);
    if (len)
        memcpy(c, s, len);
    c[len] = '\0';
    return c;
}

static out_file *table_find(const out_table *t, const char *path)
{
    for (size_t i = 0; i < t->count; i++)
        if (strcmp(t->files[i].path, path) == 0)
            return &t->files[i];
    return NULL;
}

static int table_put(void *ctx, const gen_file *f)
{
    out_table *t = ctx;
    if (table_find(t, f->path)) {
        t->duplicates++;
        return 0;
    }
    if (t->count == t->cap) {
        t->cap = t->cap ? t->cap * 2 : 16;
        t->files = realloc(t->files, t->cap * sizeof *t->files);
        ck_assert_ptr_nonnull(t->files);
    }
    out_file *o = &t->files[t->count++];
    memset(o, 0, sizeof *o);
    o->path = strdup(f->path);
    locus_buf stable = LOCUS_BUF_INIT;
    if (f->flags & GEN_STABILIZE) {
        ck_assert_int_eq(gen_stabilize(&stable, f->text, f->len), 0);
        o->text = copy_bytes(stable.data ? stable.data : "", stable.len);
        o->len = stable.len;
    } else {
        o->text = copy_bytes(f->text, f->len);
        o->len = f->len;
    }
    locus_buf_free(&stable);
    if (!(f->flags & GEN_NO_MANIFEST)) {
        o->manifest = f->manifest ? copy_bytes(f->manifest, f->manifest_len)
                                  : copy_bytes(f->text, f->len);
        o->manifest_len = f->manifest ? f->manifest_len : f->len;
    }
    return 0;
}

static void table_free(out_table *t)
{
    for (size_t i = 0; i < t->count; i++) {
        free(t->files[i].path);
        free(t->files[i].text);
        free(t->files[i].manifest);
    }
    free(t->files);
    memset(t, 0, sizeof *t);
}

/* --- a parsed project: the definitions merge would hand over --------- */

typedef struct def {
    const locus_ast *ast;
    locus_node node;
} def;

typedef struct project {
    locus_ast *asts;
    unsigned char **blobs;
    size_t nfiles;
    def entities[4096], pages[4096], uploads[256];
    size_t n_entities, n_pages, n_uploads;
    char *toml;
    size_t toml_len;
    char error[512]; /* a parse error, when there was one */
} project;

static void add_def(def *list, size_t *n, size_t cap, const locus_ast *ast, locus_node node)
{
    ck_assert_uint_lt(*n, cap);
    list[(*n)++] = (def){ast, node};
}

static void collect_defs(project *p, const locus_ast *ast)
{
    locus_node root = locus_ast_root(ast);
    for (size_t i = 0; i < locus_ast_child_count(ast, root); i++) {
        locus_node block = locus_ast_child(ast, root, i);
        switch (locus_ast_kind_of(ast, block)) {
        case LOCUS_AST_DATABASE:
            for (size_t j = 0; j < locus_ast_child_count(ast, block); j++) {
                locus_node e = locus_ast_child(ast, block, j);
                if (locus_ast_kind_of(ast, e) == LOCUS_AST_ENTITY)
                    add_def(p->entities, &p->n_entities, 4096, ast, e);
            }
            break;
        case LOCUS_AST_PAGE: add_def(p->pages, &p->n_pages, 4096, ast, block); break;
        case LOCUS_AST_UPLOAD: add_def(p->uploads, &p->n_uploads, 256, ast, block); break;
        default: break;
        }
    }
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    locus_buf b = LOCUS_BUF_INIT;
    char chunk[65536];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
        ck_assert_int_eq(locus_buf_append(&b, chunk, got), 0);
    fclose(f);
    *len = b.len;
    return b.data ? b.data : copy_bytes("", 0);
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
    return strcmp((*a)->d_name, (*b)->d_name);
}

/* The .locus files under dir in discovery order (outputs.md §0.3). */
static void list_sources(const char *root, const char *rel, char ***paths, size_t *n)
{
    char *dir = NULL;
    ck_assert_int_ge(asprintf(&dir, "%s%s%s", root, *rel ? "/" : "", rel), 0);
    struct dirent **entries;
    int count = scandir(dir, &entries, NULL, by_name);
    for (int i = 0; i < count; i++) {
        const char *name = entries[i]->d_name;
        char *sub = NULL, *full = NULL;
        ck_assert_int_ge(asprintf(&sub, "%s%s%s", rel, *rel ? "/" : "", name), 0);
        ck_assert_int_ge(asprintf(&full, "%s/%s", dir, name), 0);
        struct stat st;
        size_t nl = strlen(name);
        if (name[0] == '.' && (nl == 1 || (nl == 2 && name[1] == '.'))) {
            free(sub);
        } else if (stat(full, &st) == 0 && S_ISDIR(st.st_mode)) {
            list_sources(root, sub, paths, n);
            free(sub);
        } else if (nl > 6 && strcmp(name + nl - 6, ".locus") == 0) {
            *paths = realloc(*paths, (*n + 1) * sizeof **paths);
            (*paths)[(*n)++] = sub;
        } else {
            free(sub);
        }
        free(full);
        free(entries[i]);
    }
    if (count >= 0)
        free(entries);
    free(dir);
}

static void project_free(project *p)
{
    for (size_t i = 0; i < p->nfiles; i++)
        free(p->blobs[i]);
    free(p->blobs);
    free(p->asts);
    free(p->toml);
    free(p);
}

/* Parse every file of dir (a case's input/); NULL-free result. */
static project *project_load(const char *dir)
{
    project *p = calloc(1, sizeof *p);
    ck_assert_ptr_nonnull(p);
    char **paths = NULL;
    size_t n = 0;
    list_sources(dir, "", &paths, &n);
    p->asts = calloc(n + 1, sizeof *p->asts);
    p->blobs = calloc(n + 1, sizeof *p->blobs);
    for (size_t i = 0; i < n; i++) {
        char *full = NULL;
        size_t len;
        ck_assert_int_ge(asprintf(&full, "%s/%s", dir, paths[i]), 0);
        char *text = slurp(full, &len);
        ck_assert_ptr_nonnull(text);
        ll_parse_result res;
        int rc = ll_parse_file(paths[i], strlen(paths[i]), text, len, &res);
        if (rc == 0 && !p->error[0]) {
            p->blobs[p->nfiles] = res.blob;
            ck_assert_int_eq(locus_ast_open(res.blob, res.blob_size, &p->asts[p->nfiles]), 0);
            collect_defs(p, &p->asts[p->nfiles++]);
        } else if (!p->error[0]) {
            snprintf(p->error, sizeof p->error, "%.200s:%u:%u: %.200s", paths[i], res.diag.line,
                     res.diag.column, res.diag.message);
        }
        free(text);
        free(full);
        free(paths[i]);
    }
    free(paths);
    char *toml_path = NULL;
    ck_assert_int_ge(asprintf(&toml_path, "%s/Locus.toml", dir), 0);
    p->toml = slurp(toml_path, &p->toml_len);
    free(toml_path);
    return p;
}

/* --- running the generators like the plugins do ------------------------ */

static void generate(const project *p, out_table *out)
{
    gen_sink sink = {table_put, out};
    gp_entity *ents = calloc(p->n_entities + 1, sizeof *ents);
    const char **names = calloc(p->n_entities + 1, sizeof *names);
    const char **uploads = calloc(p->n_uploads + 1, sizeof *uploads);
    gx_guard *guards = calloc(p->n_pages + 1, sizeof *guards);
    locus_arena *arena = locus_arena_new();
    gx_auth auth;
    ck_assert_int_eq(gx_auth_read(p->toml, p->toml_len, arena, &auth), 0);
    for (size_t i = 0; i < p->n_entities; i++) {
        const def *d = &p->entities[i];
        ents[i] = (gp_entity){d->ast, d->node, locus_ast_name(d->ast, d->node, NULL)};
        names[i] = ents[i].name;
        ck_assert_int_eq(gx_entity_files(&sink, d->ast, d->node, &auth), 0);
    }
    ck_assert_int_eq(gp_generate(&sink, ents, p->n_entities), 0);
    for (size_t i = 0; i < p->n_uploads; i++) {
        uploads[i] = locus_ast_name(p->uploads[i].ast, p->uploads[i].node, NULL);
        ck_assert_int_eq(gx_upload_file(&sink, p->uploads[i].ast, p->uploads[i].node), 0);
    }
    size_t n_guards = 0;
    for (size_t i = 0; auth.enabled && i < p->n_pages; i++)
        n_guards += gx_page_guard(p->pages[i].ast, p->pages[i].node, &guards[n_guards]);
    gx_project proj = {names, p->n_entities, uploads, p->n_uploads, guards, n_guards, &auth};
    ck_assert_int_eq(gx_project_files(&sink, &proj), 0);
    locus_arena_free(arena);
    free(ents);
    free(names);
    free(uploads);
    free(guards);
}

/* --- comparing with the recordings --------------------------------------- */

/* Known differences: each is a FIX of decisions.md (see docs/compat.md). */
typedef struct deviation {
    const char *case_name;
    const char *path;
    const char *why;
} deviation;

static const deviation deviations[] = {
    {"t-p0_new_grammar-20af6aa0", "prisma/schema.prisma", "O-15: on_delete keeps the aId column"},
    {"t-p0_new_grammar-20af6aa0", "BUILD_MANIFEST.json", "O-15: the schema's hash"},
    {"t-relation_cascade_policy-50328861", "prisma/schema.prisma",
     "O-15: on_delete keeps the aId column"},
    {"t-relation_cascade_policy-50328861", "BUILD_MANIFEST.json", "O-15: the schema's hash"},
    {"t-upload_cst_extraction-308b9bb0", "uploads/Media.ts", "O-04: uploads without [auth]"},
    {"t-upload_cst_extraction-308b9bb0", "uploads/index.ts", "O-04: uploads without [auth]"},
    {"t-upload_cst_extraction-308b9bb0", "uploads/context.d.ts", "O-04: uploads without [auth]"},
    {"t-upload_cst_extraction-308b9bb0", "server.ts", "O-04: server.ts wires the policy"},
    {"t-upload_cst_extraction-308b9bb0", "BUILD_MANIFEST.json", "O-04: server.ts's hash"},
    {"t-upload_dsl-880e8905", "uploads/UserAvatar.ts", "O-04: uploads without [auth]"},
    {"t-upload_dsl-880e8905", "uploads/index.ts", "O-04: uploads without [auth]"},
    {"t-upload_dsl-880e8905", "uploads/context.d.ts", "O-04: uploads without [auth]"},
    {"t-upload_dsl-880e8905", "server.ts", "O-04: server.ts wires the policy"},
    {"t-upload_dsl-880e8905", "BUILD_MANIFEST.json", "O-04: server.ts's hash"},
};

static const deviation *find_deviation(const char *case_name, const char *path)
{
    for (size_t i = 0; i < sizeof deviations / sizeof deviations[0]; i++)
        if (strcmp(deviations[i].case_name, case_name) == 0 &&
            strcmp(deviations[i].path, path) == 0)
            return &deviations[i];
    return NULL;
}

/* Paths the backend generators own. */
static int is_backend_path(const char *path)
{
    static const char *const dirs[] = {"prisma/", "validation/", "routes/", "auth/", "uploads/"};
    for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++)
        if (strncmp(path, dirs[i], strlen(dirs[i])) == 0)
            return 1;
    return strcmp(path, ".env.example") == 0 || strcmp(path, "server.ts") == 0;
}

typedef struct report {
    locus_buf text;
    int failures;
    int compared;
    int deviating;
    int hashes_checked;
} report;

static void note_failure(report *r, const char *case_name, const char *fmt, const char *a, const char *b)
{
    r->failures++;
    locus_buf_printf(&r->text, "%s: ", case_name);
    locus_buf_printf(&r->text, fmt, a, b);
    locus_buf_putc(&r->text, '\n');
}

/* "line N: want «…» got «…»" for the first differing line. */
static void describe_difference(locus_buf *out, const char *want, size_t wlen, const char *got,
                                size_t glen)
{
    size_t i = 0, line = 1, start = 0;
    while (i < wlen && i < glen && want[i] == got[i]) {
        if (want[i] == '\n') {
            line++;
            start = i + 1;
        }
        i++;
    }
    size_t we = start, ge = start;
    while (we < wlen && want[we] != '\n')
        we++;
    while (ge < glen && got[ge] != '\n')
        ge++;
    locus_buf_printf(out, "line %zu: want «%.*s» got «%.*s»", line, (int)(we - start),
                     want + start, (int)(ge - start), got + start);
}

static void compare_file(report *r, const char *case_name, const char *expected_dir,
                         const out_file *f)
{
    char *path = NULL;
    size_t len = 0;
    ck_assert_int_ge(asprintf(&path, "%s/%s", expected_dir, f->path), 0);
    char *want = slurp(path, &len);
    free(path);
    const deviation *dev = find_deviation(case_name, f->path);
    int same = want && len == f->len && memcmp(want, f->text, len) == 0;
    r->compared++;
    if (same && dev) {
        note_failure(r, case_name, "%s matches but is listed as a deviation (%s)", f->path, dev->why);
    } else if (!same && dev) {
        r->deviating++;
    } else if (!same && !want) {
        note_failure(r, case_name, "%s%s: written, not expected", f->path, "");
    } else if (!same) {
        locus_buf d = LOCUS_BUF_INIT;
        describe_difference(&d, want, len, f->text, f->len);
        note_failure(r, case_name, "%s: %s", f->path, d.data);
        locus_buf_free(&d);
    }
    free(want);
}

/* Expected backend files the generators did not write. */
static void check_missing(report *r, const char *case_name, const char *root, const char *rel,
                          const out_table *t)
{
    char *dir = NULL;
    ck_assert_int_ge(asprintf(&dir, "%s%s%s", root, *rel ? "/" : "", rel), 0);
    struct dirent **entries;
    int count = scandir(dir, &entries, NULL, by_name);
    for (int i = 0; i < count; i++) {
        const char *name = entries[i]->d_name;
        char *sub = NULL, *full = NULL;
        ck_assert_int_ge(asprintf(&sub, "%s%s%s", rel, *rel ? "/" : "", name), 0);
        ck_assert_int_ge(asprintf(&full, "%s/%s", dir, name), 0);
        struct stat st;
        if (strcmp(name, ".") != 0 && strcmp(name, "..") != 0 && stat(full, &st) == 0) {
            if (S_ISDIR(st.st_mode))
                check_missing(r, case_name, root, sub, t);
            else if (is_backend_path(sub) && !table_find(t, sub) && !find_deviation(case_name, sub))
                note_failure(r, case_name, "%s%s: expected, not written", sub, "");
        }
        free(sub);
        free(full);
        free(entries[i]);
    }
    if (count >= 0)
        free(entries);
    free(dir);
}

/* The "files" and "sha256" of an expected BUILD_MANIFEST.json. */
static int read_manifest(const char *text, char ***files, size_t *n, char hash[65])
{
    const char *p = strstr(text, "\"files\": [");
    const char *end = p ? strchr(p, ']') : NULL;
    const char *h = strstr(text, "\"sha256\": \"");
    if (!p || !end || !h || strlen(h) < 11 + 64)
        return -1;
    memcpy(hash, h + 11, 64);
    hash[64] = '\0';
    for (const char *q = strchr(p, '['); (q = strchr(q + 1, '"')) && q < end;) {
        const char *close = strchr(q + 1, '"');
        if (!close || close > end)
            break;
        *files = realloc(*files, (*n + 1) * sizeof **files);
        (*files)[(*n)++] = copy_bytes(q + 1, (size_t)(close - q - 1));
        q = close;
    }
    return 0;
}

/* Recompute the build hash with our manifest texts for the backend files
 * and the recorded files for the rest. Skipped where recorded files are
 * not their manifest texts (workflows are v2 on disk). */
static void check_manifest_hash(report *r, const char *case_name, const char *expected_dir,
                                const out_table *t)
{
    char *path = NULL, **files = NULL, want[65];
    size_t len, n = 0;
    ck_assert_int_ge(asprintf(&path, "%s/BUILD_MANIFEST.json", expected_dir), 0);
    char *manifest = slurp(path, &len);
    free(path);
    if (!manifest || read_manifest(manifest, &files, &n, want) != 0) {
        free(manifest);
        return;
    }
    gen_sha256 sha;
    gen_sha256_init(&sha);
    int usable = 1;
    for (size_t i = 0; i < n; i++) {
        const out_file *mine = table_find(t, files[i]);
        char *disk = NULL;
        size_t dlen = 0;
        if (strncmp(files[i], "workflows/", 10) == 0)
            usable = 0;
        if (!mine || !mine->manifest) {
            ck_assert_int_ge(asprintf(&path, "%s/%s", expected_dir, files[i]), 0);
            disk = slurp(path, &dlen);
            free(path);
            usable &= disk != NULL;
        }
        gen_sha256_update(&sha, files[i], strlen(files[i]));
        gen_sha256_update(&sha, "\n", 1);
        if (mine && mine->manifest)
            gen_sha256_update(&sha, mine->manifest, mine->manifest_len);
        else if (disk)
            gen_sha256_update(&sha, disk, dlen);
        gen_sha256_update(&sha, "\n", 1);
        free(disk);
        free(files[i]);
    }
    free(files);
    free(manifest);
    char got[65];
    gen_sha256_hex(&sha, got);
    if (!usable)
        return;
    r->hashes_checked++;
    int listed = find_deviation(case_name, "BUILD_MANIFEST.json") != NULL;
    if (strcmp(got, want) != 0 && !listed)
        note_failure(r, case_name, "BUILD_MANIFEST.json hash %s, want %s", got, want);
    else if (strcmp(got, want) == 0 && listed)
        note_failure(r, case_name, "BUILD_MANIFEST.json%s hash matches but is listed%s", "", "");
}

static void check_case(report *r, const char *name)
{
    char *input = NULL, *expected = NULL, *schema = NULL;
    ck_assert_int_ge(asprintf(&input, "%s/%s/input", CONFORMANCE_CASES, name), 0);
    ck_assert_int_ge(asprintf(&expected, "%s/%s/expected", CONFORMANCE_CASES, name), 0);
    ck_assert_int_ge(asprintf(&schema, "%s/prisma/schema.prisma", expected), 0);
    struct stat st;
    if (stat(schema, &st) == 0) { /* a positive case: the reference built it */
        project *p = project_load(input);
        if (p->error[0]) {
            note_failure(r, name, "parse error %s%s", p->error, "");
        } else {
            out_table t = {0};
            generate(p, &t);
            if (t.duplicates)
                note_failure(r, name, "a path was written twice%s%s", "", "");
            for (size_t i = 0; i < t.count; i++)
                compare_file(r, name, expected, &t.files[i]);
            check_missing(r, name, expected, "", &t);
            check_manifest_hash(r, name, expected, &t);
            table_free(&t);
        }
        project_free(p);
    }
    free(input);
    free(expected);
    free(schema);
}

START_TEST(conformance_cases_match_the_reference)
{
    struct dirent **entries;
    int count = scandir(CONFORMANCE_CASES, &entries, NULL, by_name);
    if (count < 0) {
        fprintf(stderr, "check_gen_backend: no corpus at %s, skipped\n", CONFORMANCE_CASES);
        return;
    }
    report r = {LOCUS_BUF_INIT, 0, 0, 0, 0};
    for (int i = 0; i < count; i++) {
        if (entries[i]->d_name[0] != '.')
            check_case(&r, entries[i]->d_name);
        free(entries[i]);
    }
    free(entries);
    fprintf(stderr, "check_gen_backend: %d files compared, %d FIX deviations, %d hashes checked\n",
            r.compared, r.deviating, r.hashes_checked);
    ck_assert_msg(r.failures == 0, "%d differences:\n%s", r.failures, r.text.data);
    ck_assert_int_gt(r.compared, 1000);
    locus_buf_free(&r.text);
}
END_TEST

/* --- FIXed behaviour on small inputs -------------------------------------- */

typedef struct built {
    unsigned char *blob;
    locus_ast ast;
    out_table files;
} built;

/* Parse text and run every backend generator over it. */
static void build(built *b, const char *text, const char *toml)
{
    memset(b, 0, sizeof *b);
    ll_parse_result res;
    ck_assert_msg(ll_parse_file("main.locus", 10, text, strlen(text), &res) == 0, "%s",
                  res.diag.message);
    b->blob = res.blob;
    ck_assert_int_eq(locus_ast_open(res.blob, res.blob_size, &b->ast), 0);
    project *p = calloc(1, sizeof *p);
    ck_assert_ptr_nonnull(p);
    collect_defs(p, &b->ast);
    p->toml = toml ? strdup(toml) : NULL;
    p->toml_len = toml ? strlen(toml) : 0;
    generate(p, &b->files);
    project_free(p);
}

static void built_free(built *b)
{
    table_free(&b->files);
    free(b->blob);
}

static const out_file *file_of(const built *b, const char *path)
{
    const out_file *f = table_find(&b->files, path);
    ck_assert_msg(f != NULL, "%s not written", path);
    return f;
}

static void expect_contains(const built *b, const char *path, const char *needle)
{
    const out_file *f = file_of(b, path);
    ck_assert_msg(strstr(f->text, needle) != NULL, "%s lacks «%s»:\n%s", path, needle, f->text);
}

static void expect_lacks(const built *b, const char *path, const char *needle)
{
    const out_file *f = file_of(b, path);
    ck_assert_msg(strstr(f->text, needle) == NULL, "%s has «%s»:\n%s", path, needle, f->text);
}

START_TEST(prisma_nullable_note_follows_the_attributes)
{
    built b;
    build(&b, "database { entity A { score: Integer | Null @default(3) n: String nullable } }",
          NULL);
    expect_contains(&b, "prisma/schema.prisma", "  score Int? @default(3) // nullable\n");
    expect_contains(&b, "prisma/schema.prisma", "  n String? // nullable\n");
    built_free(&b);
}
END_TEST

START_TEST(prisma_on_delete_keeps_the_relation_kind)
{
    built b;
    build(&b,
          "database { entity A { bs: has_many B on_delete: cascade c: has_one C on_delete: restrict }\n"
          "entity B { a: belongs_to A on_delete: cascade }\n"
          "entity C { a: belongs_to A? on_delete: set_null } }",
          NULL);
    expect_contains(&b, "prisma/schema.prisma",
                    "model A {\n  id Int @id @default(autoincrement())\n  bs B[]\n  c C?\n}");
    expect_contains(&b, "prisma/schema.prisma",
                    "  aId Int\n    // on_delete hint\n"
                    "  a A @relation(fields: [aId], references: [id], onDelete: Cascade)\n");
    expect_contains(&b, "prisma/schema.prisma",
                    "  aId Int?\n    // on_delete hint\n"
                    "  a A? @relation(fields: [aId], references: [id], onDelete: SetNull)\n");
    built_free(&b);
}
END_TEST

START_TEST(prisma_policy_annotation_and_map)
{
    built b;
    build(&b,
          "database { entity A { x: String @map(\"x_col\") (unique) }\n"
          "entity B { a: belongs_to A @policy(cascade) r: belongs_to A (policy: restrict) "
          "@policy(cascade) } }",
          NULL);
    expect_contains(&b, "prisma/schema.prisma", "  x String @unique @map(\"x_col\")\n");
    expect_contains(&b, "prisma/schema.prisma",
                    "  a A @relation(fields: [aId], references: [id], onDelete: Cascade)\n");
    expect_contains(&b, "prisma/schema.prisma",
                    "  r A @relation(fields: [rId], references: [id], onDelete: Restrict)\n");
    built_free(&b);
}
END_TEST

START_TEST(prisma_on_delete_is_the_clause_value)
{
    built b;
    build(&b,
          "database { entity A { bs: has_many B }\n"
          "entity B { a: belongs_to A on_delete: cascade inverse: bs r: belongs_to A "
          "(onDelete: restrict) } }",
          NULL);
    expect_contains(&b, "prisma/schema.prisma",
                    "  aId Int\n    // on_delete hint\n"
                    "  a A @relation(fields: [aId], references: [id], onDelete: Cascade)\n"
                    "  rId Int\n    // on_delete hint\n"
                    "  r A @relation(fields: [rId], references: [id], onDelete: Restrict)\n");
    built_free(&b);
}
END_TEST

START_TEST(prisma_negative_defaults)
{
    built b;
    build(&b, "database { entity A { n: Integer @default(-3) f: Float @default(-1.50) } }", NULL);
    expect_contains(&b, "prisma/schema.prisma", "  n Int @default(-3)\n  f Float @default(-1.5)\n");
    expect_contains(&b, "validation/A.ts", "\"defaultValue\": -3\n");
    built_free(&b);
}
END_TEST

START_TEST(validation_carries_enum_message_discriminator_required)
{
    built b;
    build(&b,
          "database { entity A {\n"
          "  kind: String @enum([\"a\", b, 3]) @message(\"pick one\") @discriminator\n"
          "  note: String? @required @length(min: 2, max: 9)\n} }",
          NULL);
    expect_contains(&b, "validation/A.ts",
                    "      \"name\": \"kind\",\n      \"type\": \"string\",\n"
                    "      \"optional\": false,\n      \"enum\": [\n        \"a\",\n"
                    "        \"b\",\n        3\n      ],\n      \"message\": \"pick one\",\n"
                    "      \"discriminator\": true\n");
    expect_contains(&b, "validation/A.ts",
                    "      \"name\": \"note\",\n      \"type\": \"string\",\n"
                    "      \"optional\": false,\n      \"lenMin\": 2,\n      \"lenMax\": 9\n");
    built_free(&b);
}
END_TEST

START_TEST(validation_member_order_follows_first_assignment)
{
    built b;
    build(&b, "database { entity A { s: String @length(3) @pattern(\"^\\d+$\") @length(1, 5) } }",
          NULL);
    expect_contains(&b, "validation/A.ts",
                    "      \"lenMin\": 1,\n      \"lenMax\": 5,\n      \"pattern\": \"^\\\\d+$\"\n");
    built_free(&b);
}
END_TEST

START_TEST(uploads_without_auth_keep_their_limits)
{
    built b;
    build(&b,
          "database { entity User { name: String } }\n"
          "upload Avatar {\n"
          "  field image maxSize: 5MB maxCount: 2 mime: [image/png, image/png] required\n"
          "  field doc mime: [text/plain]\n"
          "}\n",
          NULL);
    expect_contains(&b, "uploads/Avatar.ts",
                    "      \"name\": \"image\",\n      \"maxSizeBytes\": 5242880,\n"
                    "      \"maxCount\": 2,\n      \"mime\": [\n        \"image/png\"\n      ],\n");
    expect_contains(&b, "uploads/Avatar.ts", "      \"name\": \"doc\",\n      \"maxCount\": 1,\n");
    expect_lacks(&b, "uploads/Avatar.ts", "storage");
    ck_assert_str_eq(file_of(&b, "uploads/index.ts")->text, "export * as Avatar from './Avatar';\n");
    ck_assert_ptr_null(file_of(&b, "uploads/Avatar.ts")->manifest);
    expect_contains(&b, "server.ts",
                    "try { uploadPolicies['Avatar'] = require('./uploads/Avatar.ts').policy; } "
                    "catch {}\n");
    expect_contains(&b, "server.ts", "// Attach policies\nattachUploadPolicy(app, 'avatar', 'Avatar');\n");
    ck_assert_ptr_null(table_find(&b.files, "auth/authUtils.ts"));
    built_free(&b);
}
END_TEST

START_TEST(guards_without_adapter_define_require_role)
{
    built b;
    build(&b, "page Admin (guard: admin) { ui { <div/> } }\n", "[auth]\njwtSecret = 123\n");
    const out_file *server = file_of(&b, "server.ts");
    ck_assert_msg(strncmp(server->text, "/* eslint-disable */", 20) == 0, "auth text is raw");
    ck_assert_msg(strncmp(server->manifest, "// AUTO-GENERATED", 17) == 0, "manifest is normal");
    expect_lacks(&b, "server.ts", "authAdapter");
    expect_contains(&b, "server.ts",
                    "// page guard declarations\n"
                    "// no auth adapter configured: guards let every request through\n"
                    "const requireRole = (role: string)=> (req:any,res:any,next:any)=> next();\n"
                    "// Guard page Admin requires role admin\n"
                    "app.get('/guard/admin', requireRole('admin'),");
    expect_contains(&b, "auth/authUtils.ts", "process.env.LOCUS_JWT_SECRET || 123;\n");
    built_free(&b);
}
END_TEST

START_TEST(auth_variant_files_are_raw_but_the_manifest_is_normal)
{
    built b;
    build(&b, "database { entity Server { t: String @default(\"at :3001\") } }\n",
          "[auth]\nadapter = \"a\\b\"\n");
    const out_file *route = file_of(&b, "routes/server.ts");
    ck_assert_msg(strncmp(route->manifest,
                          "// AUTO-GENERATED by Locus. DO NOT EDIT. (express server)\n", 58) == 0,
                  "%s", route->manifest);
    ck_assert_str_eq(route->text, route->manifest + 58);
    expect_contains(&b, "validation/Server.ts", "at :3001");
    expect_contains(&b, "server.ts", "import * as authAdapter from 'a/b';");
    built_free(&b);
}
END_TEST

START_TEST(normal_files_are_stabilised)
{
    built b;
    build(&b, "database { entity A { t: String @default(\"at :3001\") } }\n", NULL);
    expect_contains(&b, "validation/A.ts", "at :<PORT>");
    ck_assert_ptr_nonnull(strstr(file_of(&b, "validation/A.ts")->manifest, "at :3001"));
    built_free(&b);
}
END_TEST

START_TEST(empty_project)
{
    built b;
    build(&b, "", NULL);
    ck_assert_str_eq(file_of(&b, "validation/index.ts")->text,
                     "// AUTO-GENERATED by Locus. DO NOT EDIT. (express route)\n");
    ck_assert_str_eq(file_of(&b, "validation/all.ts")->text,
                     "// AUTO-GENERATED by Locus. DO NOT EDIT. (express route)\n\n\n"
                     "export const AllEntityValidators = {\n\n} as const;\n");
    expect_contains(&b, "prisma/schema.prisma", "env(\"DATABASE_URL\")\n}\n\n\n");
    ck_assert_ptr_null(table_find(&b.files, "uploads/index.ts"));
    built_free(&b);
}
END_TEST

static Suite *gen_backend_suite(void)
{
    Suite *s = suite_create("gen_backend");
    TCase *corpus = tcase_create("corpus");
    tcase_set_timeout(corpus, 120);
    tcase_add_test(corpus, conformance_cases_match_the_reference);
    suite_add_tcase(s, corpus);
    TCase *fixes = tcase_create("fixes");
    tcase_add_test(fixes, prisma_nullable_note_follows_the_attributes);
    tcase_add_test(fixes, prisma_on_delete_keeps_the_relation_kind);
    tcase_add_test(fixes, prisma_policy_annotation_and_map);
    tcase_add_test(fixes, prisma_on_delete_is_the_clause_value);
    tcase_add_test(fixes, prisma_negative_defaults);
    tcase_add_test(fixes, validation_carries_enum_message_discriminator_required);
    tcase_add_test(fixes, validation_member_order_follows_first_assignment);
    tcase_add_test(fixes, uploads_without_auth_keep_their_limits);
    tcase_add_test(fixes, guards_without_adapter_define_require_role);
    tcase_add_test(fixes, auth_variant_files_are_raw_but_the_manifest_is_normal);
    tcase_add_test(fixes, normal_files_are_stabilised);
    tcase_add_test(fixes, empty_project);
    suite_add_tcase(s, fixes);
    return s;
}

int main(void)
{
    SRunner *runner = srunner_create(gen_backend_suite());
    srunner_run_all(runner, CK_NORMAL);
    int failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
