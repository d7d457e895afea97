/* server_module.c — server.ts (outputs.md §5.3, §5.5): the app, one
 * router per entity in name-collation order, the upload wiring, and in
 * the auth variant the auth middleware and page guards. Each «slot» of
 * the template is one line: its lines joined by LF, or empty. */
#include <stdlib.h>
#include <string.h>

#include "express.h"

typedef enum slot {
    SLOT_NONE = 0,
    SLOT_REQUIRES,
    SLOT_AUTH,
    SLOT_GUARDS,
    SLOT_POLICY_REQUIRES,
    SLOT_USES,
    SLOT_ATTACHES
} slot;

typedef struct piece {
    const char *text;
    slot after;
} piece;

static const piece server_template[] = {
    {"/* eslint-disable */\n"
     "import express from 'express'\n"
     "import cors from 'cors'\n"
     "import path from 'path'\n", SLOT_REQUIRES},
    {"\nimport { makeUploadMiddleware } from '../runtime/uploadMiddleware';\n"
     "\n"
     "const app = express()\n"
     "app.use(express.json())\n"
     "if (process.env.ENABLE_CORS === '1') { app.use(cors()) }\n"
     "const publicDir = path.join(__dirname, 'next-app', 'public')\n"
     "try { app.use(express.static(publicDir)) } catch {}\n"
     "// TODO: attach multipart handlers for upload policies (generated in uploads/*)\n"
     "// Basic health/readiness endpoints\n"
     "app.get('/healthz', (req, res) => { res.json({ ok: true, uptime: process.uptime(), ts: "
     "Date.now() }) })\n"
     "let startedAt = Date.now();\n"
     "app.get('/readyz', (req, res) => { res.json({ ready: true, uptime: process.uptime(), "
     "startedAt }) })\n", SLOT_AUTH},
    {"\n", SLOT_GUARDS},
    {"\n"
     "// Auto-wire upload middlewares (simple heuristic: POST route name matches policy name "
     "lowercased or singular)\n"
     "const uploadPolicies: Record<string, any> = {};\n"
     "try { ", SLOT_POLICY_REQUIRES},
    {" } catch {}\n"
     "function attachUploadPolicy(appRef: any, routeBase: string, policyName: string) {\n"
     "  const pol = uploadPolicies[policyName]; if (!pol) return;\n"
     "  const mw = makeUploadMiddleware(pol, process.env.LOCUS_UPLOAD_TMP || "
     "require('path').join(__dirname,'..','..','tmp_uploads'));\n"
     "  appRef.post('/' + routeBase, mw); // place before existing handler (naive; handlers "
     "defined earlier override order)\n"
     "}\n", SLOT_USES},
    {"\n// Attach policies\n", SLOT_ATTACHES},
    {"\n"
     "\n"
     "export function startServer(port: number = Number(process.env.API_PORT || "
     "process.env.PORT) || 3001) {\n"
     "  return app.listen(port, () => { console.log('[locus][api] listening on :' + port); "
     "console.log('[locus][api] ready'); })\n"
     "}\n"
     "export default app\n"
     "// Auto-start when run directly (dev:api script)\n"
     "if (require.main === module) {\n"
     "  startServer();\n"
     "}\n", SLOT_NONE},
};

static const char auth_block[] =
    "// auth middleware injected\n"
    "import * as authAdapter from '%s';\n"
    "(app as any).authAdapter = authAdapter;\n"
    "app.use(async function locusAuthMiddleware(req,res,next){\n"
    "  try {\n"
    "    const session = authAdapter.getSession ? await authAdapter.getSession(req,res) : null;\n"
    "    (req as any).auth = session;\n"
    "    (req as any).user = session;\n"
    "    if (%s && !session) { return res.status(401).json({ error: 'Unauthorized' }); }\n"
    "    next();\n"
    "  } catch (e) { res.status(500).json({ error: 'Auth failure' }); }\n"
    "});\n"
    "// expose requireRole if provided\n"
    "const requireRole = authAdapter.requireRole || ((role: string)=> (req:any,res:any,next:any)=> "
    "next());";

/* O-18 FIX: without an adapter nothing defines requireRole. */
static const char guards_without_adapter[] =
    "\n// no auth adapter configured: guards let every request through\n"
    "const requireRole = (role: string)=> (req:any,res:any,next:any)=> next();";

/* The mount list: lowerFirst of every entity name, in name collation. */
typedef struct mounts {
    locus_buf text;   /* the names, NUL-separated */
    size_t *offsets;
    size_t count;
} mounts;

static int mounts_make(mounts *m, const gx_project *p)
{
    memset(m, 0, sizeof *m);
    const char **sorted = malloc((p->n_entities + 1) * sizeof *sorted);
    m->offsets = malloc((p->n_entities + 1) * sizeof *m->offsets);
    if (!sorted || !m->offsets) {
        free(sorted);
        return -1;
    }
    if (p->n_entities)
        memcpy(sorted, p->entities, p->n_entities * sizeof *sorted);
    qsort(sorted, p->n_entities, sizeof *sorted, gen_collate_qsort);
    int rc = 0;
    for (size_t i = 0; i < p->n_entities && rc == 0; i++) {
        m->offsets[m->count++] = m->text.len;
        rc = gen_lower_first(&m->text, sorted[i]) | locus_buf_putc(&m->text, '\0');
    }
    free(sorted);
    return rc ? -1 : 0;
}

static const char *mount_at(const mounts *m, size_t i)
{
    return m->text.data + m->offsets[i];
}

static void mounts_free(mounts *m)
{
    locus_buf_free(&m->text);
    free(m->offsets);
}

static int put_mount_lines(locus_buf *out, const mounts *m, const char *format)
{
    int rc = 0;
    for (size_t i = 0; i < m->count; i++) {
        if (i)
            rc |= locus_buf_putc(out, '\n');
        rc |= locus_buf_printf(out, format, mount_at(m, i), mount_at(m, i));
    }
    return rc;
}

static int put_auth(locus_buf *out, const gx_auth *auth)
{
    locus_buf adapter = LOCUS_BUF_INIT;
    int rc = 0;
    for (const char *c = auth->adapter; *c; c++)
        rc |= locus_buf_putc(&adapter, *c == '\\' ? '/' : *c);
    if (rc == 0)
        rc = locus_buf_printf(out, auth_block, adapter.data ? adapter.data : "",
                              auth->require_auth ? "true" : "false");
    locus_buf_free(&adapter);
    return rc;
}

static int put_guards(locus_buf *out, const gx_project *p)
{
    int rc = locus_buf_puts(out, "// page guard declarations");
    if (!p->auth->adapter)
        rc |= locus_buf_puts(out, guards_without_adapter);
    for (size_t i = 0; i < p->n_guards; i++) {
        const gx_guard *g = &p->guards[i];
        locus_buf lower = LOCUS_BUF_INIT;
        rc |= gen_lc(&lower, g->page);
        rc |= locus_buf_printf(out,
                               "\n// Guard page %s requires role %s\n"
                               "app.get('/guard/%s', requireRole('%s'), (req,res)=> res.json({ "
                               "ok: true, page: '%s' }))",
                               g->page, g->role, lower.data ? lower.data : "", g->role, g->page);
        locus_buf_free(&lower);
    }
    return rc;
}

/* O-04 FIX: upload policies are wired in every build, not only with [auth]. */
static int put_policy_requires(locus_buf *out, const gx_project *p)
{
    int rc = 0;
    for (size_t i = 0; i < p->n_uploads; i++)
        rc |= locus_buf_printf(out, "%suploadPolicies['%s'] = require('./uploads/%s.ts').policy;",
                               i ? " " : "", p->uploads[i], p->uploads[i]);
    return rc;
}

static int put_attaches(locus_buf *out, const gx_project *p)
{
    int rc = 0;
    for (size_t i = 0; i < p->n_uploads; i++) {
        locus_buf base = LOCUS_BUF_INIT;
        rc |= gen_lower_first(&base, p->uploads[i]);
        rc |= locus_buf_printf(out, "%sattachUploadPolicy(app, '%s', '%s');", i ? "\n" : "",
                               base.data ? base.data : "", p->uploads[i]);
        locus_buf_free(&base);
    }
    return rc;
}

static int put_slot(locus_buf *out, slot s, const gx_project *p, const mounts *m, int auth)
{
    switch (s) {
    case SLOT_REQUIRES:
        return put_mount_lines(out, m, "const { router: %sRouter } = require('./routes/%s.ts')");
    case SLOT_AUTH:
        return auth && p->auth->adapter ? put_auth(out, p->auth) : 0;
    case SLOT_GUARDS:
        return auth && p->n_guards ? put_guards(out, p) : 0;
    case SLOT_POLICY_REQUIRES:
        return put_policy_requires(out, p);
    case SLOT_USES:
        return put_mount_lines(out, m, "app.use('/%s', %sRouter)");
    case SLOT_ATTACHES:
        return put_attaches(out, p);
    default:
        return 0;
    }
}

int gx_server_body(locus_buf *out, const gx_project *project, int auth_variant)
{
    mounts m;
    if (mounts_make(&m, project) != 0) {
        mounts_free(&m);
        return -1;
    }
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < sizeof server_template / sizeof server_template[0]; i++)
        rc = locus_buf_puts(out, server_template[i].text) |
             put_slot(out, server_template[i].after, project, &m, auth_variant);
    mounts_free(&m);
    return rc ? -1 : 0;
}
