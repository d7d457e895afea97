/* wf_webhooks.c — webhooks.stub.ts (outputs.md §11.4). Routes follow the
 * workflows' declaration order; a workflow without a secret reference
 * (which validation rejects) would get the check `false`. */
#include "genutil.h"
#include "wf_webhooks.h"

int wf_webhook_route(locus_buf *routes, const wf_workflow *w)
{
    if (!w->webhook)
        return 0;
    int rc = locus_buf_puts(routes, "app.post('/webhooks/") || gen_lc(routes, w->name) ||
             locus_buf_puts(routes, "', (req,res)=> { const provided=req.headers['x-locus-secret']; if (");
    if (rc == 0 && w->secret_ref.s)
        rc = locus_buf_printf(routes, "provided!==process.env.%.*s", (int)w->secret_ref.len,
                              w->secret_ref.s);
    else if (rc == 0)
        rc = locus_buf_puts(routes, "false");
    if (rc == 0)
        rc = locus_buf_printf(routes,
                              ") return res.status(401).json({ error: 'invalid secret' }); "
                              "/* TODO invoke workflow %s */ res.json({ ok:true, workflow:'%s' }); })\n",
                              w->name, w->name);
    return rc ? -1 : 0;
}

int wf_webhooks_stub(locus_buf *out, const locus_buf *routes)
{
    return gen_header(out, "webhooks") || locus_buf_puts(out, "import app from './server';\n") ||
                   locus_buf_append(out, routes->data, routes->len)
               ? -1
               : 0;
}
