import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configureWebhooks } from '../src/enterprise/webhooks';
import { expectContract } from './support/contract';
import { testDatabases } from './support/databases';
import { call, createKey, createTenant, healthCheck, type TestServer } from './support/enterprise';
import { HA_TOKEN, startTestServer } from './support/test-server';

const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

interface Route {
  operationId: string;
  method: string;
  path: (t: string) => string;
  body?: unknown;
  contentType?: string;
  /** A scope that is NOT enough for this route. */
  wrongScope: string;
  /** Whether a health-authority token passes (routes open to the authority). */
  authority?: boolean;
}

const csv = 'externalId,displayName,email,phone,department,active\nX1,Intruder,,,,true\n';

/** Every tenant route of the enterprise area. */
const ROUTES: Route[] = [
  { operationId: 'getTenant', method: 'GET', path: (t) => `/v1/tenants/${t}`, wrongScope: 'risk:read', authority: true },
  {
    operationId: 'createApiKey',
    method: 'POST',
    path: (t) => `/v1/tenants/${t}/api-keys`,
    body: { name: 'x', scopes: ['tenant:read'] },
    wrongScope: 'tenant:read',
  },
  { operationId: 'listApiKeys', method: 'GET', path: (t) => `/v1/tenants/${t}/api-keys`, wrongScope: 'tenant:read' },
  { operationId: 'revokeApiKey', method: 'DELETE', path: (t) => `/v1/tenants/${t}/api-keys/0000000000000000`, wrongScope: 'tenant:read' },
  { operationId: 'listEmployees', method: 'GET', path: (t) => `/v1/tenants/${t}/employees`, wrongScope: 'employees:write' },
  {
    operationId: 'importEmployeesCsv',
    method: 'POST',
    path: (t) => `/v1/tenants/${t}/employees/import`,
    body: csv,
    contentType: 'text/csv',
    wrongScope: 'employees:read',
  },
  {
    operationId: 'submitHealthCheck',
    method: 'POST',
    path: (t) => `/v1/tenants/${t}/health-checks`,
    body: healthCheck('B1', '2026-11-20'),
    wrongScope: 'health-checks:read',
  },
  {
    operationId: 'requestHealthChecks',
    method: 'POST',
    path: (t) => `/v1/tenants/${t}/health-checks/requests`,
    body: {},
    wrongScope: 'health-checks:read',
  },
  {
    operationId: 'getComplianceReport',
    method: 'GET',
    path: (t) => `/v1/tenants/${t}/compliance?date=2026-11-20`,
    wrongScope: 'health-checks:write',
  },
  {
    operationId: 'createRiskAssessment',
    method: 'POST',
    path: (t) => `/v1/tenants/${t}/risk-assessments`,
    body: { answers: {} },
    wrongScope: 'risk:read',
    authority: true,
  },
  {
    operationId: 'listRiskAssessments',
    method: 'GET',
    path: (t) => `/v1/tenants/${t}/risk-assessments`,
    wrongScope: 'risk:write',
    authority: true,
  },
  {
    operationId: 'createWebhook',
    method: 'POST',
    path: (t) => `/v1/tenants/${t}/webhooks`,
    body: { url: 'http://127.0.0.1:9/x', events: ['risk.assessed'] },
    wrongScope: 'tenant:read',
  },
  { operationId: 'listWebhooks', method: 'GET', path: (t) => `/v1/tenants/${t}/webhooks`, wrongScope: 'tenant:read' },
  { operationId: 'deleteWebhook', method: 'DELETE', path: (t) => `/v1/tenants/${t}/webhooks/wh_none`, wrongScope: 'tenant:read' },
  {
    operationId: 'listWebhookDeadLetters',
    method: 'GET',
    path: (t) => `/v1/tenants/${t}/webhooks/dead-letters`,
    wrongScope: 'tenant:read',
  },
];

const send = (server: TestServer, r: Route, tenantId: string, auth: { key?: string; bearer?: string }) =>
  call(server, r.method, r.path(tenantId), {
    ...auth,
    ...(r.body !== undefined ? { body: r.body, ...(r.contentType ? { contentType: r.contentType } : {}) } : {}),
  });

describe.each(testDatabases)('tenant isolation on $name', (database) => {
  let server: TestServer;
  let a: { tenantId: string; adminKey: string; scim: string };
  let b: { tenantId: string; adminKey: string; scim: string; userId: string; groupId: string; webhookId: string; keyId: string };
  const snapshot = async () =>
    JSON.stringify(
      await Promise.all(
        ['api_keys', 'employees', 'scim_groups', 'scim_group_members', 'employee_health_checks', 'risk_assessments', 'webhooks'].map(
          async (t) =>
            (
              await server.deps.db.query(
                t === 'scim_group_members'
                  ? 'SELECT * FROM scim_group_members WHERE group_id = $1 ORDER BY employee_id'
                  : `SELECT * FROM ${t} WHERE tenant_id = $1 ORDER BY id`,
                [t === 'scim_group_members' ? b.groupId : b.tenantId],
              )
            ).rows,
        ),
      ),
    );

  beforeAll(async () => {
    server = await startTestServer(database);
    configureWebhooks(server.deps, { allowLoopbackHttp: true });
    const ta = await createTenant(server, 'Tenant A');
    a = { ...ta, scim: await createKey(server, ta.tenantId, ta.adminKey, ['scim']) };
    const tb = await createTenant(server, 'Tenant B');
    const bScim = await createKey(server, tb.tenantId, tb.adminKey, ['scim']);
    const user = await call(server, 'POST', '/scim/v2/Users', {
      bearer: bScim,
      body: { userName: 'b1@example.vn', externalId: 'B1', displayName: 'Bee One' },
      contentType: 'application/scim+json',
    });
    const userId = (await expectContract<{ id: string }>(user, 'scimCreateUser')).id;
    const group = await call(server, 'POST', '/scim/v2/Groups', {
      bearer: bScim,
      body: { displayName: 'B team', members: [{ value: userId }] },
    });
    const groupId = (await expectContract<{ id: string }>(group, 'scimCreateGroup')).id;
    const hook = await call(server, 'POST', `/v1/tenants/${tb.tenantId}/webhooks`, {
      key: tb.adminKey,
      body: { url: 'http://127.0.0.1:9/b', events: ['risk.assessed'] },
    });
    const webhookId = (await expectContract<{ id: string }>(hook, 'createWebhook')).id;
    await call(server, 'POST', `/v1/tenants/${tb.tenantId}/health-checks`, {
      key: tb.adminKey,
      body: healthCheck('B1', '2026-11-20', true),
    });
    const keys = await expectContract<{ id: string }[]>(
      await call(server, 'GET', `/v1/tenants/${tb.tenantId}/api-keys`, { key: tb.adminKey }),
      'listApiKeys',
    );
    b = { ...tb, scim: bScim, userId, groupId, webhookId, keyId: keys[0]?.id as string };
  });
  afterAll(async () => {
    await server.close();
  });

  it.each(ROUTES.map((r) => [r.operationId, r] as const))(
    "%s: tenant A's key never reads or changes tenant B",
    async (operationId, route) => {
      const before = await snapshot();
      const res = await send(server, route, b.tenantId, { key: a.adminKey });
      expect(res.status).toBe(403);
      expect(await expectContract(res, operationId)).toMatchObject({ code: 'forbidden' });
      expect(await snapshot()).toBe(before);
    },
  );

  it.each(ROUTES.map((r) => [r.operationId, r] as const))(
    '%s: 401 without credentials, 403 without the scope',
    async (operationId, route) => {
      const anon = await send(server, route, b.tenantId, {});
      expect(anon.status).toBe(401);
      await expectContract(anon, operationId);
      const weak = await createKey(server, b.tenantId, b.adminKey, [route.wrongScope]);
      const res = await send(server, route, b.tenantId, { key: weak });
      expect(res.status).toBe(403);
      await expectContract(res, operationId);
      if (!route.authority) {
        const authority = await send(server, route, b.tenantId, { bearer: HA_TOKEN });
        expect(authority.status).toBe(403);
        await expectContract(authority, operationId);
      }
    },
  );

  it("B's resources addressed through A's own routes are not found", async () => {
    const before = await snapshot();
    const revoke = await call(server, 'DELETE', `/v1/tenants/${a.tenantId}/api-keys/${b.keyId}`, { key: a.adminKey });
    expect(revoke.status).toBe(404);
    await expectContract(revoke, 'revokeApiKey');
    const del = await call(server, 'DELETE', `/v1/tenants/${a.tenantId}/webhooks/${b.webhookId}`, { key: a.adminKey });
    expect(del.status).toBe(404);
    await expectContract(del, 'deleteWebhook');
    // A health check naming B's employee is refused in A.
    const check = await call(server, 'POST', `/v1/tenants/${a.tenantId}/health-checks`, {
      key: a.adminKey,
      body: healthCheck('B1', '2026-11-20'),
    });
    expect(check.status).toBe(422);
    await expectContract(check, 'submitHealthCheck');
    // A's lists never show B's rows.
    const lists: [string, string][] = [
      [`/v1/tenants/${a.tenantId}/employees`, 'listEmployees'],
      [`/v1/tenants/${a.tenantId}/api-keys`, 'listApiKeys'],
      [`/v1/tenants/${a.tenantId}/webhooks`, 'listWebhooks'],
      [`/v1/tenants/${a.tenantId}/webhooks/dead-letters`, 'listWebhookDeadLetters'],
      [`/v1/tenants/${a.tenantId}/risk-assessments`, 'listRiskAssessments'],
      [`/v1/tenants/${a.tenantId}/compliance?date=2026-11-20`, 'getComplianceReport'],
    ];
    for (const [path, operationId] of lists) {
      const res = await call(server, 'GET', path, { key: a.adminKey });
      expect(res.status).toBe(200);
      const text = JSON.stringify(await expectContract(res, operationId));
      for (const id of [b.userId, b.keyId, b.webhookId, 'Bee One']) expect(text).not.toContain(id);
    }
    expect(await snapshot()).toBe(before);
  });

  it("SCIM: A's token never reads or changes B's users and groups", async () => {
    const before = await snapshot();
    const scim = (method: string, path: string, body?: unknown) =>
      call(server, method, `/scim/v2${path}`, { bearer: a.scim, ...(body !== undefined ? { body } : {}) });
    const cases: [string, string, string, unknown?][] = [
      ['scimGetUser', 'GET', `/Users/${b.userId}`],
      ['scimReplaceUser', 'PUT', `/Users/${b.userId}`, { userName: 'stolen@example.vn' }],
      ['scimPatchUser', 'PATCH', `/Users/${b.userId}`, { schemas: [PATCH], Operations: [{ op: 'replace', path: 'active', value: false }] }],
      ['scimDeleteUser', 'DELETE', `/Users/${b.userId}`],
      ['scimGetGroup', 'GET', `/Groups/${b.groupId}`],
      ['scimReplaceGroup', 'PUT', `/Groups/${b.groupId}`, { displayName: 'stolen' }],
      [
        'scimPatchGroup',
        'PATCH',
        `/Groups/${b.groupId}`,
        { schemas: [PATCH], Operations: [{ op: 'replace', path: 'displayName', value: 'x' }] },
      ],
      ['scimDeleteGroup', 'DELETE', `/Groups/${b.groupId}`],
    ];
    for (const [operationId, method, path, body] of cases) {
      const res = await scim(method, path, body);
      expect(res.status, operationId).toBe(404);
      await expectContract(res, operationId);
    }
    const users = await expectContract<{ totalResults: number }>(
      await scim('GET', `/Users?filter=${encodeURIComponent('userName eq "b1@example.vn"')}`),
      'scimListUsers',
    );
    expect(users.totalResults).toBe(0);
    const all = await expectContract<{ Resources: { id: string }[] }>(await scim('GET', '/Users'), 'scimListUsers');
    expect(all.Resources.map((r) => r.id)).not.toContain(b.userId);
    const groups = await expectContract<{ Resources: { id: string }[] }>(await scim('GET', '/Groups'), 'scimListGroups');
    expect(groups.Resources.map((r) => r.id)).not.toContain(b.groupId);
    // A group in A cannot take B's user as a member.
    const steal = await scim('POST', '/Groups', { displayName: 'A team', members: [{ value: b.userId }] });
    expect(steal.status).toBe(400);
    await expectContract(steal, 'scimCreateGroup');
    // The same userName may exist in both tenants (uniqueness is per tenant).
    const same = await scim('POST', '/Users', { userName: 'b1@example.vn' });
    expect(same.status).toBe(201);
    await expectContract(same, 'scimCreateUser');
    expect(await snapshot()).toBe(before);
  });
});
