/* upload_module.c — upload policy modules (outputs.md §5.6): uploads/«P».ts,
 * uploads/index.ts and uploads/context.d.ts.
 *
 * O-04/Q-30 FIX: a field's "maxSizeBytes" (bytes, factor 1024) and
 * "maxCount" are what the source says; "maxCount" stays 1 when not
 * written and "maxSizeBytes" is left out, the shape the reference prints.
 */
#include <string.h>

#include "attrs.h"
#include "express.h"

static int seen_before(const locus_ast *ast, locus_node field, size_t index, const char *mime)
{
    for (size_t i = 0; i < index; i++) {
        const char *earlier = locus_ast_str(ast, locus_ast_list_at(ast, field, LOCUS_F_MIME, i), NULL);
        if (earlier && strcmp(earlier, mime) == 0)
            return 1;
    }
    return 0;
}

/* The mime values in source order, duplicates removed (first kept). */
static void json_mime(gen_json *json, const locus_ast *ast, locus_node field)
{
    gen_json_begin_array(json);
    size_t n = locus_ast_list_count(ast, field, LOCUS_F_MIME);
    for (size_t i = 0; i < n; i++) {
        const char *mime = locus_ast_str(ast, locus_ast_list_at(ast, field, LOCUS_F_MIME, i), NULL);
        if (mime && !seen_before(ast, field, i, mime))
            gen_json_str(json, mime);
    }
    gen_json_end_array(json);
}

static void json_field(gen_json *json, const locus_ast *ast, locus_node field)
{
    locus_node name = locus_ast_get(ast, field, LOCUS_F_NAME);
    locus_node max_size = locus_ast_get(ast, field, LOCUS_F_MAX_SIZE);
    locus_node max_count = locus_ast_get(ast, field, LOCUS_F_MAX_COUNT);
    locus_span at = locus_ast_span(ast, name);
    gen_json_begin_object(json);
    gen_json_key(json, "kind");
    gen_json_str(json, "upload_field");
    gen_json_key(json, "name");
    gen_json_str(json, locus_ast_str(ast, name, NULL));
    if (max_size) {
        gen_json_key(json, "maxSizeBytes");
        gen_json_num(json, locus_ast_number(ast, max_size));
    }
    gen_json_key(json, "maxCount");
    gen_json_num(json, max_count ? locus_ast_number(ast, max_count) : 1);
    gen_json_key(json, "mime");
    json_mime(json, ast, field);
    gen_json_key(json, "required");
    gen_json_bool(json, (locus_ast_flags(ast, field) & LOCUS_FLAG_REQUIRED) != 0);
    gen_json_key(json, "loc");
    gen_json_begin_object(json);
    gen_json_key(json, "line");
    gen_json_num(json, at.line);
    gen_json_key(json, "column");
    gen_json_num(json, at.column);
    gen_json_end_object(json);
    gen_json_end_object(json);
}

/* The first value of `key` in a store clause, or LOCUS_NODE_NONE. */
static locus_node store_value(const locus_ast *ast, locus_node store, const char *key)
{
    size_t n = locus_ast_child_count(ast, store);
    for (size_t i = 0; i < n; i++) {
        locus_node entry = locus_ast_child(ast, store, i);
        const char *name = locus_ast_name(ast, entry, NULL);
        if (name && strcmp(name, key) == 0)
            return locus_ast_get(ast, entry, LOCUS_F_VALUE);
    }
    return LOCUS_NODE_NONE;
}

/* "storage" from the first store clause; absent keys are left out. */
static void json_storage(gen_json *json, const locus_ast *ast, locus_node store)
{
    static const char *const keys[] = {"strategy", "path", "naming"};
    gen_json_key(json, "storage");
    gen_json_begin_object(json);
    for (size_t k = 0; k < 3; k++) {
        locus_node value = store_value(ast, store, keys[k]);
        size_t len;
        const char *s = locus_ast_str(ast, value, &len);
        if (!s)
            continue;
        gen_json_key(json, keys[k]);
        gen_json_strn(json, s, len);
    }
    gen_json_end_object(json);
}

static int policy_json(locus_buf *out, const locus_ast *ast, locus_node upload)
{
    gen_json json;
    gen_json_init(&json, out);
    gen_json_begin_object(&json);
    gen_json_key(&json, "name");
    gen_json_str(&json, gen_name(ast, upload));
    gen_json_key(&json, "fields");
    gen_json_begin_array(&json);
    locus_node store = LOCUS_NODE_NONE;
    size_t n = locus_ast_child_count(ast, upload);
    for (size_t i = 0; i < n; i++) {
        locus_node child = locus_ast_child(ast, upload, i);
        if (locus_ast_kind_of(ast, child) == LOCUS_AST_UPLOAD_FIELD)
            json_field(&json, ast, child);
        else if (locus_ast_kind_of(ast, child) == LOCUS_AST_UPLOAD_STORE && !store)
            store = child;
    }
    gen_json_end_array(&json);
    if (store)
        json_storage(&json, ast, store);
    gen_json_end_object(&json);
    return gen_json_finish(&json);
}

int gx_upload_policy(locus_buf *out, const locus_ast *ast, locus_node upload)
{
    int rc = locus_buf_printf(out, "// Auto-generated upload policy for %s\nexport const policy = ",
                              gen_name(ast, upload));
    rc |= policy_json(out, ast, upload);
    return rc | locus_buf_puts(out, " as const;\n") ? -1 : 0;
}

int gx_upload_index(locus_buf *out, const gx_project *p)
{
    int rc = 0;
    for (size_t i = 0; i < p->n_uploads; i++)
        rc |= locus_buf_printf(out, "export * as %s from './%s';\n", p->uploads[i], p->uploads[i]);
    return rc ? -1 : 0;
}

int gx_upload_context(locus_buf *out)
{
    return locus_buf_puts(
        out, "// Generated UploadContext type\n"
             "export interface UploadFileMeta { field: string; path: string; size: number; mime: "
             "string; hash: string; originalName?: string }\n"
             "export interface UploadContext { files?: UploadFileMeta[] }\n"
             "declare global { namespace Express { interface Request { uploadFiles?: "
             "UploadFileMeta[]; uploadBody?: any } } }\n");
}
