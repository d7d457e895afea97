/* wf_webhooks.h — webhooks.stub.ts (outputs.md §11.4): an Express route
 * per webhook-triggered workflow that checks the shared secret. */
#ifndef WF_WEBHOOKS_H
#define WF_WEBHOOKS_H

#include "wf_model.h"

/* Append the route line (with its LF) of workflow w if it has a webhook
 * trigger; nothing otherwise. Returns 0 or -1. */
int wf_webhook_route(locus_buf *routes, const wf_workflow *w);
/* The whole file around the route lines (header, import, routes). */
int wf_webhooks_stub(locus_buf *out, const locus_buf *routes);

#endif
