/* express_files.c — the Express generator's files, handed to a sink:
 * which texts a file is made of, its header, whether it is stabilised and
 * listed in the manifest (outputs.md §1.4, §5.5). */
#include <string.h>

#include "emit.h"
#include "express.h"

/* Header kind by path, as the reference chooses it. */
static const char *header_kind(const char *path)
{
    return strstr(path, "server.ts") ? "express server" : "express route";
}

int gx_put_express(const gen_sink *sink, const char *path, const locus_buf *text,
                   size_t header_len, const gx_auth *auth)
{
    gen_file file = {path, text->data, text->len, NULL, 0, GEN_STABILIZE};
    if (auth->enabled) { /* O-03 MATCH: raw text on disk, normal text in the manifest */
        file.text = text->data + header_len;
        file.len = text->len - header_len;
        file.manifest = text->data;
        file.manifest_len = text->len;
        file.flags = 0;
    }
    return gen_sink_put(sink, &file);
}

/* Files that are not in the manifest and have no header (§5.5, §5.6). */
static int put_raw(const gen_sink *sink, const char *path, const locus_buf *text)
{
    gen_file file = {path, text->data, text->len, NULL, 0, GEN_NO_MANIFEST};
    return gen_sink_put(sink, &file);
}

static int start_text(locus_buf *text, const char *path)
{
    locus_buf_clear(text);
    return gen_header(text, header_kind(path));
}

int gx_entity_files(const gen_sink *sink, const locus_ast *ast, locus_node entity,
                    const gx_auth *auth)
{
    const char *name = locus_ast_name(ast, entity, NULL);
    locus_buf path = LOCUS_BUF_INIT, base = LOCUS_BUF_INIT, text = LOCUS_BUF_INIT;
    int rc = name ? 0 : -1;
    if (rc == 0)
        rc = locus_buf_printf(&path, "validation/%s.ts", name) | start_text(&text, path.data);
    size_t header_len = text.len;
    if (rc == 0)
        rc = gx_validation_body(&text, ast, entity);
    if (rc == 0)
        rc = gx_put_express(sink, path.data, &text, header_len, auth);
    locus_buf_clear(&path);
    if (rc == 0)
        rc = gen_lower_first(&base, name) | locus_buf_printf(&path, "routes/%s.ts", base.data) |
             start_text(&text, path.data);
    header_len = text.len;
    if (rc == 0)
        rc = gx_route_body(&text, name);
    if (rc == 0)
        rc = gx_put_express(sink, path.data, &text, header_len, auth);
    locus_buf_free(&path);
    locus_buf_free(&base);
    locus_buf_free(&text);
    return rc ? -1 : 0;
}

/* server.ts: the manifest hashes the normal text; with [auth] the file on
 * disk is the auth variant's raw text. */
static int server_file(const gen_sink *sink, const gx_project *p, locus_buf *text)
{
    int rc = start_text(text, "server.ts") | gx_server_body(text, p, 0);
    if (rc != 0)
        return -1;
    if (!p->auth->enabled)
        return gx_put_express(sink, "server.ts", text, 0, p->auth);
    locus_buf raw = LOCUS_BUF_INIT;
    rc = gx_server_body(&raw, p, 1);
    gen_file file = {"server.ts", raw.data, raw.len, text->data, text->len, 0};
    if (rc == 0)
        rc = gen_sink_put(sink, &file);
    locus_buf_free(&raw);
    return rc;
}

static int barrel_files(const gen_sink *sink, const gx_project *p, locus_buf *text)
{
    int rc = start_text(text, "validation/index.ts");
    size_t header_len = text->len;
    rc |= gx_validation_index_body(text, p);
    if (rc == 0)
        rc = gx_put_express(sink, "validation/index.ts", text, header_len, p->auth);
    if (rc == 0) {
        rc = start_text(text, "validation/all.ts");
        header_len = text->len;
        rc |= gx_validation_all_body(text, p);
    }
    if (rc == 0)
        rc = gx_put_express(sink, "validation/all.ts", text, header_len, p->auth);
    return rc;
}

/* auth/authUtils.ts with a jwtSecret; uploads/index.ts and context.d.ts
 * with upload policies (O-04 FIX: with or without [auth]). */
static int extra_files(const gen_sink *sink, const gx_project *p, locus_buf *text)
{
    int rc = 0;
    if (p->auth->enabled && gen_toml_truthy(p->auth->secret)) {
        locus_buf_clear(text);
        rc = gx_auth_utils(text, p->auth->secret);
        if (rc == 0)
            rc = put_raw(sink, "auth/authUtils.ts", text);
    }
    if (rc == 0 && p->n_uploads) {
        locus_buf_clear(text);
        rc = gx_upload_index(text, p);
        if (rc == 0)
            rc = put_raw(sink, "uploads/index.ts", text);
        locus_buf_clear(text);
        if (rc == 0)
            rc = gx_upload_context(text);
        if (rc == 0)
            rc = put_raw(sink, "uploads/context.d.ts", text);
    }
    return rc;
}

int gx_project_files(const gen_sink *sink, const gx_project *project)
{
    locus_buf text = LOCUS_BUF_INIT;
    int rc = server_file(sink, project, &text);
    if (rc == 0)
        rc = barrel_files(sink, project, &text);
    if (rc == 0)
        rc = extra_files(sink, project, &text);
    locus_buf_free(&text);
    return rc ? -1 : 0;
}

int gx_upload_file(const gen_sink *sink, const locus_ast *ast, locus_node upload)
{
    const char *name = locus_ast_name(ast, upload, NULL);
    locus_buf path = LOCUS_BUF_INIT, text = LOCUS_BUF_INIT;
    int rc = name ? locus_buf_printf(&path, "uploads/%s.ts", name) : -1;
    if (rc == 0)
        rc = gx_upload_policy(&text, ast, upload);
    if (rc == 0)
        rc = put_raw(sink, path.data, &text);
    locus_buf_free(&path);
    locus_buf_free(&text);
    return rc ? -1 : 0;
}
