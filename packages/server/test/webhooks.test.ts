import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configureWebhooks, deliverDueWebhooks, retryDelayMs } from '../src/enterprise/webhooks';
import { expectContract } from './support/contract';
import { testDatabases } from './support/databases';
import { call, createTenant, healthCheck, type TestServer } from './support/enterprise';
import { startTestServer } from './support/test-server';

interface Received {
  path: string;
  headers: Record<string, string>;
  body: string;
}

/** A real HTTP receiver on 127.0.0.1: `/ok` answers 204, `/fail` 500, `/hang` never answers. */
async function startReceiver(): Promise<{
  url: (p: string) => string;
  received: Received[];
  hanging: ServerResponse[];
  close(): Promise<void>;
  server: Server;
}> {
  const received: Received[] = [];
  const hanging: ServerResponse[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers as Record<string, string>, body });
      if (req.url === '/ok') res.writeHead(204).end();
      else if (req.url === '/fail') res.writeHead(500).end('boom');
      else hanging.push(res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    server,
    received,
    hanging,
    url: (p) => `http://127.0.0.1:${port}${p}`,
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe.each(testDatabases)('webhooks on $name', (database) => {
  let server: TestServer;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let clock = Date.now();
  beforeAll(async () => {
    server = await startTestServer(database, {}, { now: () => new Date(clock) });
    // Receivers here are loopback servers: allowed only by this development/test switch.
    configureWebhooks(server.deps, { timeoutMs: 300, maxAttempts: 3, baseDelayMs: 1_000, allowLoopbackHttp: true });
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await receiver.close();
    await server.close();
  });

  it('manages subscriptions and validates them', async () => {
    const { tenantId, adminKey } = await createTenant(server);
    const bad = await call(server, 'POST', `/v1/tenants/${tenantId}/webhooks`, {
      key: adminKey,
      body: { url: 'ftp://x', events: ['nope'] },
    });
    expect(bad.status).toBe(422);
    await expectContract(bad, 'createWebhook');
    const created = await call(server, 'POST', `/v1/tenants/${tenantId}/webhooks`, {
      key: adminKey,
      body: { url: receiver.url('/ok'), events: ['risk.assessed'] },
    });
    const hook = await expectContract<{ id: string; secret: string }>(created, 'createWebhook');
    expect(created.status).toBe(201);
    expect(hook.secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    const list = await expectContract<Record<string, unknown>[]>(
      await call(server, 'GET', `/v1/tenants/${tenantId}/webhooks`, { key: adminKey }),
      'listWebhooks',
    );
    expect(list).toHaveLength(1);
    expect(list[0]).not.toHaveProperty('secret');
    const stored = await server.deps.db.query<{ secret: string }>('SELECT secret FROM webhooks WHERE id = $1', [hook.id]);
    expect(stored.rows[0]?.secret).not.toContain(hook.secret.slice(6));
    const del = await call(server, 'DELETE', `/v1/tenants/${tenantId}/webhooks/${hook.id}`, { key: adminKey });
    expect(del.status).toBe(204);
    await expectContract(del, 'deleteWebhook');
    const again = await call(server, 'DELETE', `/v1/tenants/${tenantId}/webhooks/${hook.id}`, { key: adminKey });
    expect(again.status).toBe(404);
    await expectContract(again, 'deleteWebhook');
  });

  it('signs deliveries per Standard Webhooks, retries with backoff, dead-letters, and never blocks requests', async () => {
    const { tenantId, adminKey } = await createTenant(server);
    const secrets: Record<string, string> = {};
    for (const path of ['/ok', '/fail', '/hang']) {
      const res = await call(server, 'POST', `/v1/tenants/${tenantId}/webhooks`, {
        key: adminKey,
        body: { url: receiver.url(path), events: ['risk.assessed', 'health_check.requested'] },
      });
      secrets[path] = (await expectContract<{ secret: string }>(res, 'createWebhook')).secret;
    }
    const before = receiver.received.length;
    const res = await call(server, 'POST', `/v1/tenants/${tenantId}/risk-assessments`, {
      key: adminKey,
      body: { answers: { cs1: 'under-50' } },
    });
    expect(res.status).toBe(201);
    const assessment = await expectContract<{ id: string }>(res, 'createRiskAssessment');
    // The hanging receiver holds a delivery open; requests keep being answered meanwhile.
    while (receiver.hanging.length === 0) await new Promise((r) => setTimeout(r, 10));
    const meanwhile = await call(server, 'GET', `/v1/tenants/${tenantId}/webhooks`, { key: adminKey });
    expect(meanwhile.status).toBe(200);
    await expectContract(meanwhile, 'listWebhooks');
    expect(receiver.hanging[0]?.writableEnded).toBe(false);
    await Promise.allSettled([...server.deps.background]);

    const ok = receiver.received.slice(before).find((r) => r.path === '/ok') as Received;
    const payload = new Webhook(secrets['/ok'] as string).verify(ok.body, ok.headers) as { type: string; data: Record<string, unknown> };
    expect(payload).toMatchObject({ type: 'risk.assessed', data: { assessmentId: assessment.id, complete: false } });
    expect(ok.headers['webhook-id']).toMatch(/^msg_/);
    expect(() => new Webhook(secrets['/fail'] as string).verify(ok.body, ok.headers)).toThrow();
    expect(() => new Webhook(secrets['/ok'] as string).verify(ok.body.replace('risk', 'rusk'), ok.headers)).toThrow();

    const pending = async () =>
      (
        await server.deps.db.query<{ attempts: number; last_error: string; status: string }>(
          "SELECT attempts, last_error, status FROM webhook_deliveries WHERE tenant_id = $1 AND status <> 'delivered' ORDER BY last_error",
          [tenantId],
        )
      ).rows;
    expect(await pending()).toEqual([
      { attempts: 1, last_error: 'HTTP 500', status: 'pending' },
      { attempts: 1, last_error: 'timeout after 300 ms', status: 'pending' },
    ]);
    // Not due yet: the backoff holds the retry.
    expect(await deliverDueWebhooks(server.deps)).toMatchObject({ delivered: 0, retry: 0, dead: 0 });
    clock += retryDelayMs({ baseDelayMs: 1_000, maxDelayMs: 1e9 }, 1);
    expect(await deliverDueWebhooks(server.deps)).toMatchObject({ retry: 2 });
    clock += 1_999;
    expect(await deliverDueWebhooks(server.deps)).toMatchObject({ retry: 0, dead: 0 });
    clock += 1;
    expect(await deliverDueWebhooks(server.deps)).toMatchObject({ dead: 2 });
    const fails = receiver.received.slice(before).filter((r) => r.path === '/fail');
    expect(fails).toHaveLength(3);
    expect(new Set(fails.map((f) => f.headers['webhook-id'])).size).toBe(1);
    const dead = await call(server, 'GET', `/v1/tenants/${tenantId}/webhooks/dead-letters`, { key: adminKey });
    const letters = await expectContract<{ event: string; attempts: number; lastError: string }[]>(dead, 'listWebhookDeadLetters');
    expect(letters.map((l) => [l.event, l.attempts, l.lastError]).sort()).toEqual([
      ['risk.assessed', 3, 'HTTP 500'],
      ['risk.assessed', 3, 'timeout after 300 ms'],
    ]);

    // health_check.requested carries ids only, and reaches the receiver signed.
    const requested = await call(server, 'POST', `/v1/tenants/${tenantId}/health-checks/requests`, {
      key: adminKey,
      body: { date: '2026-11-20' },
    });
    expect(requested.status).toBe(202);
    await expectContract(requested, 'requestHealthChecks');
    await Promise.allSettled([...server.deps.background]);
    const last = receiver.received.filter((r) => r.path === '/ok').pop() as Received;
    expect(new Webhook(secrets['/ok'] as string).verify(last.body, last.headers)).toMatchObject({
      type: 'health_check.requested',
      data: { date: '2026-11-20', employeeIds: [] },
    });
  });

  it('raises employee.provisioned and health_check.submitted with ids only', async () => {
    const { tenantId, adminKey } = await createTenant(server);
    const hook = await call(server, 'POST', `/v1/tenants/${tenantId}/webhooks`, {
      key: adminKey,
      body: { url: receiver.url('/ok'), events: ['employee.provisioned', 'health_check.submitted'] },
    });
    const secret = (await expectContract<{ secret: string }>(hook, 'createWebhook')).secret;
    const before = receiver.received.length;
    const user = await call(server, 'POST', '/scim/v2/Users', {
      bearer: adminKey,
      body: { userName: 'secret.person@example.vn', externalId: 'P1', displayName: 'Secret Person' },
      contentType: 'application/scim+json',
    });
    const userId = (await expectContract<{ id: string }>(user, 'scimCreateUser')).id;
    const csv = 'externalId,displayName,email,phone,department,active\nP2,Other Person,other@example.vn,0912345678,Kho,true\n';
    await expectContract(
      await call(server, 'POST', `/v1/tenants/${tenantId}/employees/import`, { key: adminKey, body: csv, contentType: 'text/csv' }),
      'importEmployeesCsv',
    );
    const check = await call(server, 'POST', `/v1/tenants/${tenantId}/health-checks`, {
      key: adminKey,
      body: healthCheck('P1', '2026-11-20'),
    });
    const receipt = await expectContract<{ id: string }>(check, 'submitHealthCheck');
    await Promise.allSettled([...server.deps.background]);
    const events = receiver.received
      .slice(before)
      .map((r) => new Webhook(secret).verify(r.body, r.headers) as { type: string; data: Record<string, unknown> });
    expect(events.map((e) => e.type).sort()).toEqual(['employee.provisioned', 'employee.provisioned', 'health_check.submitted']);
    expect(events.find((e) => e.data.source === 'scim')?.data).toEqual({ employeeIds: [userId], source: 'scim' });
    expect(events.find((e) => e.type === 'health_check.submitted')?.data).toEqual({
      healthCheckId: receipt.id,
      employeeId: userId,
      date: '2026-11-20',
    });
    const bodies = receiver.received
      .slice(before)
      .map((r) => r.body)
      .join('\n');
    expect(bodies).not.toMatch(/secret\.person|Secret Person|Other Person|other@example|912345678/);
  });

  it('delivers tenant-less events (null tenant) to every subscribed tenant', async () => {
    const t1 = await createTenant(server);
    const t2 = await createTenant(server);
    for (const t of [t1, t2])
      await call(server, 'POST', `/v1/tenants/${t.tenantId}/webhooks`, {
        key: t.adminKey,
        body: { url: receiver.url('/ok'), events: ['aggregate.updated'] },
      });
    const before = receiver.received.length;
    await server.deps.emit(null, 'aggregate.updated', { date: '2026-11-20' });
    await Promise.allSettled([...server.deps.background]);
    const got = receiver.received.slice(before).filter((r) => r.body.includes('aggregate.updated'));
    expect(got).toHaveLength(2);
  });

  it('keeps answering while receivers hang under load', async () => {
    const { tenantId, adminKey } = await createTenant(server);
    await call(server, 'POST', `/v1/tenants/${tenantId}/webhooks`, {
      key: adminKey,
      body: { url: receiver.url('/hang'), events: ['risk.assessed'] },
    });
    const responses = await Promise.all(
      Array.from({ length: 10 }, () =>
        call(server, 'POST', `/v1/tenants/${tenantId}/risk-assessments`, { key: adminKey, body: { answers: {} } }),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(10).fill(201));
    await Promise.allSettled([...server.deps.background]);
  });
});
