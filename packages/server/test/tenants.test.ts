import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEmployeeCsv } from '../src/enterprise/csv-import';
import { healthCheckRetentionJob } from '../src/enterprise/health-checks';
import { HttpProblem } from '../src/http/problem';
import { expectContract } from './support/contract';
import { testDatabases } from './support/databases';
import { call, createKey, createTenant, healthCheck, type TestServer } from './support/enterprise';
import { HA_TOKEN, startTestServer } from './support/test-server';

const CSV_HEADER = 'externalId,displayName,email,phone,department,active';

describe.each(testDatabases)('enterprise tenants on $name', (database) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(database);
  });
  afterAll(async () => {
    await server.close();
  });

  it('creates tenants (health authority) with a first admin key holding every scope, shown once', async () => {
    const res = await call(server, 'POST', '/v1/tenants', {
      bearer: HA_TOKEN,
      body: { name: 'Nhà máy A', taxCode: '0101234567', wardCode: '00004', sector: 'manufacturing', employeeCount: 320 },
    });
    const created = await expectContract<{
      tenant: { id: string; taxCode: string; latestRisk: unknown };
      apiKey: { id: string; secret: string; scopes: string[]; prefix: string };
    }>(res, 'createTenant');
    expect(res.status).toBe(201);
    expect(created.tenant.taxCode).toBe('0101234567');
    expect(created.tenant.latestRisk).toBeNull();
    expect(created.apiKey.secret).toMatch(/^htk_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    expect(created.apiKey.scopes).toContain('keys:admin');
    expect(created.apiKey.scopes).toContain('scim');
    expect(created.apiKey.secret.startsWith(created.apiKey.prefix)).toBe(true);
    // The secret is stored only as a hash.
    const stored = await server.deps.db.query<{ secret_hash: string }>('SELECT secret_hash FROM api_keys WHERE id = $1', [
      created.apiKey.id,
    ]);
    expect(stored.rows[0]?.secret_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(stored.rows)).not.toContain(created.apiKey.secret.slice(21));
    // Listing never shows secrets.
    const keys = await call(server, 'GET', `/v1/tenants/${created.tenant.id}/api-keys`, { key: created.apiKey.secret });
    const listed = await expectContract<Record<string, unknown>[]>(keys, 'listApiKeys');
    expect(listed).toHaveLength(1);
    expect(listed[0]).not.toHaveProperty('secret');
    // Same tax code twice is a conflict; bad bodies are 422, wrong callers 401/403.
    const again = await call(server, 'POST', '/v1/tenants', { bearer: HA_TOKEN, body: { name: 'B', taxCode: '0101234567' } });
    expect((await expectContract<{ code: string }>(again, 'createTenant')).code).toBe('tenant-exists');
    const bad = await call(server, 'POST', '/v1/tenants', { bearer: HA_TOKEN, body: { name: '', taxCode: 'x', extra: 1 } });
    expect(bad.status).toBe(422);
    await expectContract(bad, 'createTenant');
    const text = await call(server, 'POST', '/v1/tenants', { bearer: HA_TOKEN, body: 'name=x', contentType: 'text/plain' });
    expect(text.status).toBe(415);
    await expectContract(text, 'createTenant');
    const anon = await call(server, 'POST', '/v1/tenants', { body: { name: 'x' } });
    expect(anon.status).toBe(401);
    await expectContract(anon, 'createTenant');
    const byKey = await call(server, 'POST', '/v1/tenants', { key: created.apiKey.secret, body: { name: 'x' } });
    expect(byKey.status).toBe(403);
    await expectContract(byKey, 'createTenant');
  });

  it('lists tenants page by page and gets one with its latest risk', async () => {
    for (let i = 0; i < 3; i++) await createTenant(server, `Paged ${i}`);
    const seen = new Set<string>();
    let cursor: string | null = null;
    do {
      const res = await call(server, 'GET', `/v1/tenants?limit=2${cursor ? `&cursor=${cursor}` : ''}`, { bearer: HA_TOKEN });
      const page = await expectContract<{ items: { id: string }[]; nextCursor: string | null }>(res, 'listTenants');
      for (const t of page.items) seen.add(t.id);
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.size).toBeGreaterThanOrEqual(4);
    const badLimit = await call(server, 'GET', '/v1/tenants?limit=0', { bearer: HA_TOKEN });
    expect(badLimit.status).toBe(400);
    await expectContract(badLimit, 'listTenants');
    const badCursor = await call(server, 'GET', '/v1/tenants?cursor=%%%', { bearer: HA_TOKEN });
    expect(badCursor.status).toBe(400);

    const { tenantId, adminKey } = await createTenant(server, 'Risky');
    const first = await call(server, 'POST', `/v1/tenants/${tenantId}/risk-assessments`, {
      key: adminKey,
      body: { answers: { cs1: '200-499', cs2: 'under-1m2', cs3: 'none' } },
    });
    const a1 = await expectContract<{ id: string; complete: boolean; index: unknown; band: unknown; missingCriteria: string[] }>(
      first,
      'createRiskAssessment',
    );
    expect(first.status).toBe(201);
    // Criteria 4–15 of Decision 2194 are unpublished: the assessment is incomplete, never guessed.
    expect(a1.complete).toBe(false);
    expect(a1.index).toBeNull();
    expect(a1.band).toBeNull();
    expect(a1.missingCriteria).toEqual(['cs4', 'cs5', 'cs6', 'cs7', 'cs8', 'cs9', 'cs10', 'cs11', 'cs12', 'cs13', 'cs14', 'cs15']);
    // The health authority may score a tenant too.
    const second = await call(server, 'POST', `/v1/tenants/${tenantId}/risk-assessments`, {
      bearer: HA_TOKEN,
      body: { answers: { cs1: 'under-50' } },
    });
    const a2 = await expectContract<{ id: string; missingCriteria: string[] }>(second, 'createRiskAssessment');
    expect(second.status, JSON.stringify(a2)).toBe(201);
    expect(a2.missingCriteria).toContain('cs2');
    const unknown = await call(server, 'POST', `/v1/tenants/${tenantId}/risk-assessments`, {
      key: adminKey,
      body: { answers: { cs99: 'x' } },
    });
    expect(unknown.status).toBe(422);
    await expectContract(unknown, 'createRiskAssessment');
    const badOption = await call(server, 'POST', `/v1/tenants/${tenantId}/risk-assessments`, {
      key: adminKey,
      body: { answers: { cs1: 'lots' } },
    });
    expect(badOption.status).toBe(422);
    const history = await call(server, 'GET', `/v1/tenants/${tenantId}/risk-assessments?limit=1`, { key: adminKey });
    const page = await expectContract<{ items: { id: string }[]; nextCursor: string | null }>(history, 'listRiskAssessments');
    expect(page.items.map((a) => a.id)).toEqual([a2.id]);
    const rest = await call(server, 'GET', `/v1/tenants/${tenantId}/risk-assessments?cursor=${page.nextCursor}`, { key: adminKey });
    expect((await expectContract<{ items: { id: string }[] }>(rest, 'listRiskAssessments')).items.map((a) => a.id)).toEqual([a1.id]);
    const tenant = await call(server, 'GET', `/v1/tenants/${tenantId}`, { key: adminKey });
    expect((await expectContract<{ latestRisk: { id: string } }>(tenant, 'getTenant')).latestRisk.id).toBe(a2.id);
    const byAuthority = await call(server, 'GET', `/v1/tenants/${tenantId}`, { bearer: HA_TOKEN });
    expect(byAuthority.status).toBe(200);
    await expectContract(byAuthority, 'getTenant');
    const missing = await call(server, 'GET', '/v1/tenants/ten_nope', { bearer: HA_TOKEN });
    expect(missing.status).toBe(404);
    await expectContract(missing, 'getTenant');
    const missingRisk = await call(server, 'GET', '/v1/tenants/ten_nope/risk-assessments', { bearer: HA_TOKEN });
    expect(missingRisk.status).toBe(404);
    await expectContract(missingRisk, 'listRiskAssessments');
  });

  it('creates scoped keys, enforces scopes, and revokes keys', async () => {
    const { tenantId, adminKey } = await createTenant(server);
    const reader = await createKey(server, tenantId, adminKey, ['tenant:read']);
    const ok = await call(server, 'GET', `/v1/tenants/${tenantId}`, { key: reader });
    expect(ok.status).toBe(200);
    await expectContract(ok, 'getTenant');
    const noScope = await call(server, 'GET', `/v1/tenants/${tenantId}/api-keys`, { key: reader });
    expect(noScope.status).toBe(403);
    await expectContract(noScope, 'listApiKeys');
    const badScopes = await call(server, 'POST', `/v1/tenants/${tenantId}/api-keys`, {
      key: adminKey,
      body: { name: 'x', scopes: ['root'] },
    });
    expect(badScopes.status).toBe(422);
    await expectContract(badScopes, 'createApiKey');
    const keys = await expectContract<{ id: string; prefix: string }[]>(
      await call(server, 'GET', `/v1/tenants/${tenantId}/api-keys`, { key: adminKey }),
      'listApiKeys',
    );
    const readerId = keys.find((k) => reader.startsWith(k.prefix))?.id as string;
    const revoked = await call(server, 'DELETE', `/v1/tenants/${tenantId}/api-keys/${readerId}`, { key: adminKey });
    expect(revoked.status).toBe(204);
    await expectContract(revoked, 'revokeApiKey');
    const after = await call(server, 'GET', `/v1/tenants/${tenantId}`, { key: reader });
    expect(after.status).toBe(401);
    const listedAfter = await expectContract<{ id: string; revokedAt: string | null }[]>(
      await call(server, 'GET', `/v1/tenants/${tenantId}/api-keys`, { key: adminKey }),
      'listApiKeys',
    );
    expect(listedAfter.find((k) => k.id === readerId)?.revokedAt).toMatch(/T/);
    const unknown = await call(server, 'DELETE', `/v1/tenants/${tenantId}/api-keys/0000000000000000`, { key: adminKey });
    expect(unknown.status).toBe(404);
    await expectContract(unknown, 'revokeApiKey');
    // A tampered secret with a real id never passes.
    const tampered = `${adminKey.slice(0, -1)}${adminKey.endsWith('A') ? 'B' : 'A'}`;
    expect((await call(server, 'GET', `/v1/tenants/${tenantId}`, { key: tampered })).status).toBe(401);
  });

  it('imports employees from CSV with a per-row report and upserts by externalId', async () => {
    const { tenantId, adminKey } = await createTenant(server);
    const csv = [
      CSV_HEADER,
      'E001,Nguyễn Văn An,an@example.vn,0912 345 678,Kho,true',
      'E002,Trần Thị Bình,,+84 912 345 679,Văn phòng,',
      'E003,,bad,0123,Kho,maybe',
      'E001,Duplicate,,,,',
      '"E004","Lê Văn ""Cường""",cuong@example.vn,,Kho,0',
      'E005,Only four,fields',
    ].join('\r\n');
    const res = await call(server, 'POST', `/v1/tenants/${tenantId}/employees/import`, {
      key: adminKey,
      body: csv,
      contentType: 'text/csv',
    });
    const report = await expectContract<{
      created: number;
      updated: number;
      rejected: number;
      errors: { row: number; column?: string; code: string }[];
    }>(res, 'importEmployeesCsv');
    expect(res.status).toBe(200);
    expect(report).toMatchObject({ created: 3, updated: 0, rejected: 3 });
    expect(report.errors.filter((e) => e.row === 3).map((e) => e.column)).toEqual(['displayName', 'email', 'phone', 'active']);
    expect(report.errors.find((e) => e.row === 4)).toMatchObject({ column: 'externalId', code: 'duplicate' });
    expect(report.errors.find((e) => e.row === 6)).toMatchObject({ code: 'column-count' });
    const list = await call(server, 'GET', `/v1/tenants/${tenantId}/employees`, { key: adminKey });
    const page = await expectContract<{ items: { externalId: string; phone: string | null; active: boolean; displayName: string }[] }>(
      list,
      'listEmployees',
    );
    const byId = new Map(page.items.map((e) => [e.externalId, e]));
    expect(byId.get('E001')?.phone).toBe('+84912345678');
    expect(byId.get('E004')).toMatchObject({ displayName: 'Lê Văn "Cường"', active: false });
    // Personal fields are encrypted at rest.
    const raw = await server.deps.db.query<{ personal: string }>('SELECT personal FROM employees WHERE tenant_id = $1', [tenantId]);
    expect(JSON.stringify(raw.rows)).not.toMatch(/Nguy|an@example|912345678/);
    // Re-import updates.
    const again = await call(server, 'POST', `/v1/tenants/${tenantId}/employees/import`, {
      key: adminKey,
      body: `${CSV_HEADER}\nE001,Nguyễn Văn An,an@example.vn,,Sản xuất,false\n`,
      contentType: 'text/csv',
    });
    expect(await expectContract(again, 'importEmployeesCsv')).toMatchObject({ created: 0, updated: 1, rejected: 0 });
    const badHeader = await call(server, 'POST', `/v1/tenants/${tenantId}/employees/import`, {
      key: adminKey,
      body: 'id,name\n1,2',
      contentType: 'text/csv',
    });
    expect(badHeader.status).toBe(400);
    await expectContract(badHeader, 'importEmployeesCsv');
    const json = await call(server, 'POST', `/v1/tenants/${tenantId}/employees/import`, { key: adminKey, body: { a: 1 } });
    expect(json.status).toBe(415);
    await expectContract(json, 'importEmployeesCsv');
    const unclosed = await call(server, 'POST', `/v1/tenants/${tenantId}/employees/import`, {
      key: adminKey,
      body: `${CSV_HEADER}\n"E9,x`,
      contentType: 'text/csv',
    });
    expect(unclosed.status).toBe(400);
  });

  it('takes daily health checks idempotently and reports compliance', async () => {
    const { tenantId, adminKey } = await createTenant(server);
    await call(server, 'POST', `/v1/tenants/${tenantId}/employees/import`, {
      key: adminKey,
      body: `${CSV_HEADER}\nA1,Worker One,,,Kho,true\nA2,Worker Two,,,Kho,true\nA3,Worker Three,,,VP,true\nA4,Gone,,,VP,false\n`,
      contentType: 'text/csv',
    });
    const date = '2026-11-20';
    const submit = (body: unknown, key?: string) =>
      call(server, 'POST', `/v1/tenants/${tenantId}/health-checks`, {
        key: adminKey,
        body,
        ...(key ? { headers: { 'Idempotency-Key': key } } : {}),
      });
    const first = await submit(healthCheck('A1', date), 'hc-key-0001');
    const receipt = await expectContract<{ id: string; type: string }>(first, 'submitHealthCheck');
    expect(first.status).toBe(201);
    expect(receipt.type).toBe('employee');
    const replay = await submit(healthCheck('A1', date), 'hc-key-0001');
    expect(replay.status).toBe(200);
    expect((await expectContract<{ id: string }>(replay, 'submitHealthCheck')).id).toBe(receipt.id);
    const reused = await submit(healthCheck('A1', date, true), 'hc-key-0001');
    expect(reused.status).toBe(409);
    await expectContract(reused, 'submitHealthCheck');
    const concurrent = await Promise.all(Array.from({ length: 8 }, () => submit(healthCheck('A2', date, true), 'hc-key-0002')));
    expect(new Set(await Promise.all(concurrent.map(async (r) => ((await r.json()) as { id: string }).id))).size).toBe(1);
    const rows = await server.deps.db.query('SELECT id FROM employee_health_checks WHERE tenant_id = $1', [tenantId]);
    expect(rows.rows).toHaveLength(2);
    const invalid = await submit({ date, employeeId: 'A3' });
    expect(invalid.status).toBe(422);
    await expectContract(invalid, 'submitHealthCheck');
    const stranger = await submit(healthCheck('NOPE', date));
    expect(stranger.status).toBe(422);
    const report = await call(server, 'GET', `/v1/tenants/${tenantId}/compliance?date=${date}`, { key: adminKey });
    const body = await expectContract<{
      activeEmployees: number;
      submitted: number;
      missing: { displayName: string }[];
      withSymptoms: { employeeId: string }[];
    }>(report, 'getComplianceReport');
    expect(body).toMatchObject({ date, activeEmployees: 3, submitted: 2 });
    expect(body.missing.map((m) => m.displayName)).toEqual(['Worker Three']);
    expect(body.withSymptoms).toHaveLength(1);
    const badDate = await call(server, 'GET', `/v1/tenants/${tenantId}/compliance?date=2026-13-01`, { key: adminKey });
    expect(badDate.status).toBe(400);
    await expectContract(badDate, 'getComplianceReport');
    const requested = await call(server, 'POST', `/v1/tenants/${tenantId}/health-checks/requests`, { key: adminKey, body: { date } });
    expect(await expectContract(requested, 'requestHealthChecks')).toEqual({ date, requested: 3 });
    const noBody = await call(server, 'POST', `/v1/tenants/${tenantId}/health-checks/requests`, { key: adminKey });
    expect(noBody.status).toBe(202);
    await expectContract(noBody, 'requestHealthChecks');
    const badBody = await call(server, 'POST', `/v1/tenants/${tenantId}/health-checks/requests`, { key: adminKey, body: { date: 'soon' } });
    expect(badBody.status).toBe(422);
    await expectContract(badBody, 'requestHealthChecks');
    // Retention: checks older than retentionDays are deleted by the job; recent ones stay.
    const old = new Date(Date.now() - (server.config.retentionDays + 2) * 86_400_000).toISOString().slice(0, 10);
    const recent = new Date().toISOString().slice(0, 10);
    expect((await submit(healthCheck('A3', old))).status).toBe(201);
    expect((await submit(healthCheck('A3', recent))).status).toBe(201);
    await healthCheckRetentionJob.run(server.deps);
    const kept = await server.deps.db.query<{ d: string }>(
      "SELECT to_char(check_date, 'YYYY-MM-DD') AS d FROM employee_health_checks WHERE tenant_id = $1 AND check_date IN ($2, $3)",
      [tenantId, old, recent],
    );
    expect(kept.rows.map((r) => r.d)).toEqual([recent]);
    // The compliance report's reads of personal data are audited.
    const audit = await server.deps.db.query('SELECT * FROM audit_log WHERE tenant_id = $1', [tenantId]);
    expect(audit.rows.length).toBeGreaterThan(0);
  });
});

describe('employee CSV parser (fuzzed)', () => {
  it('never throws anything but a 400 problem, and accounts for every row', () => {
    const cell = fc.oneof(
      fc.constantFrom('', 'E1', 'Tên', '0912345678', '+84 912 345 678', 'a@b.vn', 'true', 'no', '"', '""', ',', '\n', 'Kho'),
      fc.string({ maxLength: 12 }),
    );
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 0, maxLength: 7 }), { maxLength: 8 }), fc.boolean(), (rows, quote) => {
        const line = (cells: string[]) => cells.map((c) => (quote ? `"${c.replace(/"/g, '""')}"` : c)).join(',');
        const text = [CSV_HEADER, ...rows.map(line)].join('\n');
        try {
          const parsed = parseEmployeeCsv(text);
          const rowsWithErrors = new Set(parsed.errors.map((e) => e.row));
          for (const r of parsed.rows) expect(rowsWithErrors.has(r.row)).toBe(false);
          for (const r of parsed.rows) expect(r.phone === null || /^\+[0-9]{8,15}$/.test(r.phone)).toBe(true);
        } catch (error) {
          expect(error).toBeInstanceOf(HttpProblem);
          expect((error as HttpProblem).status).toBe(400);
        }
      }),
      { numRuns: 3_000 },
    );
  });

  it('never throws anything but a 400 problem on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        try {
          parseEmployeeCsv(text);
        } catch (error) {
          expect(error).toBeInstanceOf(HttpProblem);
        }
      }),
      { numRuns: 10_000 },
    );
  });
});
