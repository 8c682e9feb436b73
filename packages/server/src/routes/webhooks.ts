import { issueCollector, rejectUnknownMembers } from '../enterprise/common';
import { checkWebhookUrl, WebhookUrlError } from '../enterprise/webhook-url';
import { createWebhook, deleteWebhook, listDeadLetters, listWebhooks, webhookUrlPolicy } from '../enterprise/webhooks';
import { requireTenantScope } from '../http/auth';
import type { RouteRegistration } from '../http/context';
import { readJsonObject } from '../http/json-body';
import { HttpProblem } from '../http/problem';

/** The events a subscription may name (the contract's `WebhookEvent`). */
const EVENTS: readonly string[] = [
  'health_check.requested',
  'health_check.submitted',
  'risk.assessed',
  'exposure.venue_warning',
  'employee.provisioned',
  'aggregate.updated',
];

/**
 * Webhook subscriptions of a tenant (`webhooks:admin`): create (returns the `whsec_` secret
 * once; the URL passes the SSRF guard — https, public addresses only — or 422
 * `webhook-url-forbidden`), list, delete, and the dead-letter list.
 */
export const registerWebhookRoutes: RouteRegistration = (app, deps) => {
  app.post('/v1/tenants/:tenantId/webhooks', async (c) => {
    const tenantId = c.req.param('tenantId');
    requireTenantScope(c, tenantId, 'webhooks:admin');
    const body = await readJsonObject(c);
    const v = issueCollector();
    rejectUnknownMembers(body, ['url', 'events'], v.issue);
    const events = body.events;
    if (!Array.isArray(events) || events.length === 0 || new Set(events).size !== events.length || !events.every((e) => EVENTS.includes(e)))
      v.issue('invalid', ['events'], `events must be distinct values of ${EVENTS.join(', ')}`);
    let url: string | undefined;
    try {
      url = await checkWebhookUrl(body.url, webhookUrlPolicy(deps));
    } catch (error) {
      if (!(error instanceof WebhookUrlError)) throw error;
      if (error.code === 'webhook/invalid-url') v.issue('invalid', ['url'], error.message);
      else
        throw new HttpProblem(422, 'webhook-url-forbidden', 'The webhook URL is not allowed', {
          detail: error.message,
          issues: [{ code: error.code, path: ['url'], message: error.message }],
        });
    }
    v.done();
    return c.json(await createWebhook(deps, tenantId, url as string, events as string[]), 201);
  });

  app.get('/v1/tenants/:tenantId/webhooks', async (c) => {
    const tenantId = c.req.param('tenantId');
    requireTenantScope(c, tenantId, 'webhooks:admin');
    return c.json(await listWebhooks(deps.db, tenantId), 200);
  });

  app.get('/v1/tenants/:tenantId/webhooks/dead-letters', async (c) => {
    const tenantId = c.req.param('tenantId');
    requireTenantScope(c, tenantId, 'webhooks:admin');
    return c.json(await listDeadLetters(deps.db, tenantId), 200);
  });

  app.delete('/v1/tenants/:tenantId/webhooks/:webhookId', async (c) => {
    const tenantId = c.req.param('tenantId');
    requireTenantScope(c, tenantId, 'webhooks:admin');
    if (!(await deleteWebhook(deps.db, tenantId, c.req.param('webhookId')))) throw new HttpProblem(404, 'not-found', 'No such webhook');
    return c.body(null, 204);
  });
};
