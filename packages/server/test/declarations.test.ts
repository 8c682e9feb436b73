import { Writable } from 'node:stream';
import { DOMESTIC_EXPOSURES, DOMESTIC_SYMPTOMS } from '@healthtrace/declaration';
import { wardSuccessors } from '@healthtrace/vn-admin/mapping';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../src/enterprise/api-keys';
import { insertTenant } from '../src/enterprise/tenants';
import { createLogger } from '../src/logging';
import { createFieldCipher } from '../src/storage/field-encryption';
import { installTestApiKeys } from './support/api-keys';
import { expectContract } from './support/contract';
import { testDatabases } from './support/databases';
import { domesticDeclaration, no } from './support/declarations';
import { HA_TOKEN, startTestServer } from './support/test-server';

const domestic = domesticDeclaration;
const employee = {
  date: '2026-11-20',
  employeeId: 'NV-0042',
  department: 'Xưởng may 2',
  symptoms: no(DOMESTIC_SYMPTOMS),
  exposure: no(DOMESTIC_EXPOSURES),
};
const daily = { date: '2026-11-20', states: ['healthy'] };

const PERSONAL_MARKERS = ['NGUYỄN', 'NGUY', '024090123456', '912345678', 'Số 1, thôn', 'NV-0042'];

describe.each(testDatabases)('declarations on $name', (database) => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let apiKey: (tenantId: string, scopes: string[]) => string;
  let logs = '';
  const post = (body: unknown, headers: Record<string, string> = {}): Promise<Response> =>
    server.fetch(
      new Request(server.url('/v1/declarations'), {
        method: 'POST',
        body: typeof body === 'string' ? body : JSON.stringify(body),
        headers: { 'content-type': 'application/json', ...headers },
      }),
    );
  const get = (path: string, headers: Record<string, string> = {}): Promise<Response> =>
    server.fetch(new Request(server.url(path), { headers }));
  const del = (id: string, headers: Record<string, string> = {}): Promise<Response> =>
    server.fetch(new Request(server.url(`/v1/declarations/${id}`), { method: 'DELETE', headers }));
  const ha = { Authorization: `Bearer ${HA_TOKEN}` };
  const count = async (): Promise<number> =>
    Number((await server.deps.db.query<{ n: string }>('SELECT count(*) AS n FROM declarations')).rows[0]?.n);

  beforeAll(async () => {
    server = await startTestServer(database);
    apiKey = installTestApiKeys(server);
    server.deps.logger = createLogger({
      level: 'debug',
      destination: new Writable({
        write(chunk, _enc, cb) {
          logs += chunk.toString();
          cb();
        },
      }),
    });
  });
  afterAll(async () => {
    await server.close();
  });

  it('stores a declaration with personal fields encrypted and filter columns in clear', async () => {
    const res = await post({ type: 'domestic', data: domestic });
    expect(res.status).toBe(201);
    const receipt = await expectContract<{ id: string; deletionToken: string; type: string }>(res, 'createDeclaration');
    expect(receipt.type).toBe('domestic');
    expect(receipt.deletionToken.length).toBeGreaterThanOrEqual(16);
    const raw = await server.deps.db.query<Record<string, unknown>>('SELECT * FROM declarations WHERE id = $1', [receipt.id]);
    const row = raw.rows[0]!;
    const text = JSON.stringify(row);
    for (const marker of PERSONAL_MARKERS) expect(text).not.toContain(marker);
    expect(text).not.toContain(receipt.deletionToken);
    expect(row.personal_enc).toMatch(/^v1\.dev1\./);
    // 07210 is a pre-2025 commune code (the declaration is dated 2021): stored as its 2025 successor.
    expect(row.ward_code).toBe(wardSuccessors('07210')[0]!.ward.code);
    expect(row.has_symptoms).toBe(true);
    expect(row.type).toBe('domestic');
    expect(row.tenant_id).toBeNull();
  });

  it('dedupes with Idempotency-Key (exactly one row, same receipt) and refuses a reused key with another body', async () => {
    const before = await count();
    const headers = { 'Idempotency-Key': `idem-${database.name}-0001` };
    const first = await post({ type: 'daily', data: daily }, headers);
    expect(first.status).toBe(201);
    const a = await expectContract<{ id: string; deletionToken: string }>(first, 'createDeclaration');
    const results = await Promise.all([1, 2, 3].map(() => post({ type: 'daily', data: daily }, headers)));
    for (const r of results) {
      expect(r.status).toBe(200);
      const replay = await expectContract<{ id: string; deletionToken: string }>(r, 'createDeclaration');
      expect(replay.id).toBe(a.id);
      expect(replay.deletionToken).toBe(a.deletionToken);
    }
    // The stored receipt (with its deletion token) is encrypted at rest.
    const stored = await server.deps.db.query<{ response: unknown }>('SELECT response FROM idempotency_keys WHERE key = $1', [
      headers['Idempotency-Key'],
    ]);
    expect(JSON.stringify(stored.rows)).not.toContain(a.deletionToken);
    expect(JSON.stringify(stored.rows)).not.toContain(a.id);
    expect(await count()).toBe(before + 1);
    const other = await post({ type: 'daily', data: { date: '2026-11-21', states: ['healthy'] } }, headers);
    expect(other.status).toBe(409);
    await expectContract(other, 'createDeclaration');
    const badKey = await post({ type: 'daily', data: daily }, { 'Idempotency-Key': 'bad key!' });
    expect(badKey.status).toBe(400);
    await expectContract(badKey, 'createDeclaration');
  });

  it('answers validation failures with localised issues (Accept-Language vi|en)', async () => {
    const before = await count();
    const invalid = { type: 'domestic', data: { ...domestic, phone: '12', fullName: undefined } };
    const vi = await post(invalid, { 'Accept-Language': 'vi-VN,vi;q=0.9' });
    const en = await post(invalid, { 'Accept-Language': 'en-US,en;q=0.9,vi;q=0.5' });
    expect(vi.status).toBe(422);
    expect(en.status).toBe(422);
    const viBody = await expectContract<{ code: string; issues: { code: string; path: unknown[]; message: string }[] }>(
      vi,
      'createDeclaration',
    );
    const enBody = await expectContract<{ code: string; issues: { code: string; path: unknown[]; message: string }[] }>(
      en,
      'createDeclaration',
    );
    expect(viBody.code).toBe('validation-failed');
    expect(viBody.issues.map((i) => i.path)).toContainEqual(['data', 'fullName']);
    expect(viBody.issues.find((i) => i.path.join('.') === 'data.fullName')?.code).toBe('declaration/required');
    expect(viBody.issues.map((i) => i.code)).toEqual(enBody.issues.map((i) => i.code));
    expect(viBody.issues.map((i) => i.message)).not.toEqual(enBody.issues.map((i) => i.message));
    expect(enBody.issues.find((i) => i.path.join('.') === 'data.fullName')?.message).toMatch(/Please/);
    const unknownType = await post({ type: 'nope', data: {} });
    expect(unknownType.status).toBe(422);
    expect((await expectContract<{ issues: { path: unknown[] }[] }>(unknownType, 'createDeclaration')).issues[0]?.path).toEqual(['type']);
    const extra = await post({ type: 'daily', data: daily, name: 'x' });
    expect(extra.status).toBe(422);
    await expectContract(extra, 'createDeclaration');
    // A ward that did not exist on the declaration date.
    const unknownWard = await post({ type: 'domestic', data: { ...domestic, address: { ...domestic.address, wardCode: '99999' } } });
    expect(unknownWard.status).toBe(422);
    await expectContract(unknownWard, 'createDeclaration');
    const badJson = await post('{"type":');
    expect(badJson.status).toBe(400);
    await expectContract(badJson, 'createDeclaration');
    const wrongType = await server.fetch(
      new Request(server.url('/v1/declarations'), { method: 'POST', body: '{}', headers: { 'content-type': 'text/plain' } }),
    );
    expect(wrongType.status).toBe(415);
    await expectContract(wrongType, 'createDeclaration');
    expect(await count()).toBe(before);
  });

  it('requires declarations:write for API-key submissions and records the tenant', async () => {
    const noScope = await post({ type: 'employee', data: employee }, { 'X-API-Key': apiKey('t-write', ['declarations:read']) });
    expect(noScope.status).toBe(403);
    await expectContract(noScope, 'createDeclaration');
    const ok = await post({ type: 'employee', data: employee }, { 'X-API-Key': apiKey('t-write', ['declarations:write']) });
    expect(ok.status).toBe(201);
    const { id } = await expectContract<{ id: string }>(ok, 'createDeclaration');
    const row = await server.deps.db.query<{ tenant_id: string }>('SELECT tenant_id FROM declarations WHERE id = $1', [id]);
    expect(row.rows[0]?.tenant_id).toBe('t-write');
  });

  it('lists with stable cursor pagination and filters, auditing every read', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await post({ type: 'daily', data: { date: '2026-11-20', states: i % 2 ? ['healthy'] : ['fever'] } });
      ids.push((await expectContract<{ id: string }>(res, 'createDeclaration')).id);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await get(`/v1/declarations?type=daily&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, ha);
      expect(res.status).toBe(200);
      const page = await expectContract<{
        items: { id: string; type: string; data: Record<string, unknown> }[];
        nextCursor: string | null;
      }>(res, 'listDeclarations');
      expect(page.items.length).toBeLessThanOrEqual(2);
      for (const item of page.items) expect(item.type).toBe('daily');
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor !== null && pages < 20);
    expect(new Set(seen).size).toBe(seen.length);
    for (const id of ids) expect(seen).toContain(id);
    const audited = await server.deps.db.query<{ subject_id: string; actor: string }>(
      "SELECT subject_id, actor FROM audit_log WHERE subject_type = 'declaration' AND action = 'read'",
    );
    for (const id of ids) expect(audited.rows.map((r) => r.subject_id)).toContain(id);
    expect(audited.rows.every((r) => r.actor === 'health-authority')).toBe(true);

    const today = server.deps.now().toISOString().slice(0, 10);
    const byDate = await expectContract<{ items: unknown[] }>(
      await get(`/v1/declarations?date=${today}&limit=500`, ha),
      'listDeclarations',
    );
    expect(byDate.items.length).toBeGreaterThanOrEqual(5);
    const otherDate = await expectContract<{ items: unknown[] }>(await get('/v1/declarations?date=2001-01-01', ha), 'listDeclarations');
    expect(otherDate.items).toEqual([]);
    const ward = wardSuccessors('07210')[0]!.ward.code;
    const byWard = await expectContract<{ items: { wardCode: string; data: { fullName: string } }[] }>(
      await get(`/v1/declarations?ward=${ward}`, ha),
      'listDeclarations',
    );
    expect(byWard.items.length).toBeGreaterThanOrEqual(1);
    expect(byWard.items[0]?.data.fullName).toBe('NGUYỄN VĂN AN');
    const byTenant = await expectContract<{ items: { tenantId: string }[] }>(
      await get('/v1/declarations?enterprise=t-write', ha),
      'listDeclarations',
    );
    expect(byTenant.items.map((i) => i.tenantId)).toEqual(['t-write']);
    for (const bad of ['cursor=nope', 'limit=0', 'limit=501', 'date=2021-13-01', 'type=x', 'ward=12']) {
      const res = await get(`/v1/declarations?${bad}`, ha);
      expect(res.status, bad).toBe(400);
      await expectContract(res, 'listDeclarations');
    }
  });

  it('authorises reads: 401 without credentials, 403 without the scope', async () => {
    const anon = await get('/v1/declarations');
    expect(anon.status).toBe(401);
    await expectContract(anon, 'listDeclarations');
    const noScope = await get('/v1/declarations', { 'X-API-Key': apiKey('t-a', ['declarations:write']) });
    expect(noScope.status).toBe(403);
    await expectContract(noScope, 'listDeclarations');
    const one = await expectContract<{ items: { id: string }[] }>(await get('/v1/declarations?limit=1', ha), 'listDeclarations');
    const id = one.items[0]!.id;
    const anonOne = await get(`/v1/declarations/${id}`);
    expect(anonOne.status).toBe(401);
    await expectContract(anonOne, 'getDeclaration');
    const noScopeOne = await get(`/v1/declarations/${id}`, { 'X-API-Key': apiKey('t-a', ['venues:read']) });
    expect(noScopeOne.status).toBe(403);
    await expectContract(noScopeOne, 'getDeclaration');
    const missing = await get('/v1/declarations/00000000-0000-0000-0000-000000000000', ha);
    expect(missing.status).toBe(404);
    await expectContract(missing, 'getDeclaration');
    const found = await get(`/v1/declarations/${id}`, ha);
    expect(found.status).toBe(200);
    await expectContract(found, 'getDeclaration');
  });

  it('isolates tenants: a key reads only its own employees’ declarations', async () => {
    const writeA = apiKey('tenant-a', ['declarations:write', 'declarations:read']);
    const readB = apiKey('tenant-b', ['declarations:read', 'declarations:write']);
    const a = await expectContract<{ id: string; deletionToken: string }>(
      await post({ type: 'employee', data: employee }, { 'X-API-Key': writeA }),
      'createDeclaration',
    );
    const b = await expectContract<{ id: string }>(
      await post({ type: 'employee', data: { ...employee, employeeId: 'NV-B' } }, { 'X-API-Key': readB }),
      'createDeclaration',
    );
    const listA = await expectContract<{ items: { id: string; tenantId: string }[] }>(
      await get('/v1/declarations?limit=500', { 'X-API-Key': writeA }),
      'listDeclarations',
    );
    expect(listA.items.map((i) => i.id)).toEqual([a.id]);
    const listB = await expectContract<{ items: { id: string }[] }>(
      await get('/v1/declarations?limit=500', { 'X-API-Key': readB }),
      'listDeclarations',
    );
    expect(listB.items.map((i) => i.id)).toEqual([b.id]);
    const cross = await get('/v1/declarations?enterprise=tenant-a', { 'X-API-Key': readB });
    expect(cross.status).toBe(403);
    await expectContract(cross, 'listDeclarations');
    const crossOne = await get(`/v1/declarations/${a.id}`, { 'X-API-Key': readB });
    expect(crossOne.status).toBe(404);
    await expectContract(crossOne, 'getDeclaration');
    const ownOne = await get(`/v1/declarations/${a.id}`, { 'X-API-Key': writeA });
    expect(ownOne.status).toBe(200);
    await expectContract(ownOne, 'getDeclaration');
    const crossDelete = await del(a.id, { 'X-API-Key': readB });
    expect(crossDelete.status).toBe(403);
    await expectContract(crossDelete, 'deleteDeclaration');
    const audit = await server.deps.db.query<{ actor: string; tenant_id: string }>(
      'SELECT actor, tenant_id FROM audit_log WHERE subject_id = $1',
      [a.id],
    );
    expect(audit.rows.length).toBeGreaterThanOrEqual(2);
    expect(audit.rows.every((r) => r.tenant_id === 'tenant-a' && r.actor.startsWith('api-key:key-tenant-a'))).toBe(true);
  });

  it('erases by deletion token or health authority', async () => {
    const r1 = await expectContract<{ id: string; deletionToken: string }>(
      await post({ type: 'daily', data: daily }, { 'Idempotency-Key': `erase-${database.name}-1` }),
      'createDeclaration',
    );
    const anon = await del(r1.id);
    expect(anon.status).toBe(401);
    await expectContract(anon, 'deleteDeclaration');
    const wrong = await del(r1.id, { 'X-Deletion-Token': 'x'.repeat(43) });
    expect(wrong.status).toBe(403);
    await expectContract(wrong, 'deleteDeclaration');
    const ok = await del(r1.id, { 'X-Deletion-Token': r1.deletionToken });
    expect(ok.status).toBe(204);
    await expectContract(ok, 'deleteDeclaration');
    const again = await del(r1.id, { 'X-Deletion-Token': r1.deletionToken });
    expect(again.status).toBe(404);
    await expectContract(again, 'deleteDeclaration');
    const gone = await server.deps.db.query('SELECT 1 FROM declarations WHERE id = $1', [r1.id]);
    expect(gone.rows.length).toBe(0);
    const idem = await server.deps.db.query('SELECT 1 FROM idempotency_keys WHERE key = $1', [`erase-${database.name}-1`]);
    expect(idem.rows.length).toBe(0);
    const erased = await server.deps.db.query<{ actor: string }>("SELECT actor FROM audit_log WHERE action = 'erase' AND subject_id = $1", [
      r1.id,
    ]);
    expect(erased.rows.map((r) => r.actor)).toEqual(['declarant']);
    const r2 = await expectContract<{ id: string }>(await post({ type: 'daily', data: daily }), 'createDeclaration');
    const byAuthority = await del(r2.id, ha);
    expect(byAuthority.status).toBe(204);
    await expectContract(byAuthority, 'deleteDeclaration');
  });

  it('never writes personal data to the logs', async () => {
    await expectContract(await post({ type: 'domestic', data: domestic }), 'createDeclaration');
    await expectContract(await post({ type: 'domestic', data: { ...domestic, phone: 'bad' } }), 'createDeclaration');
    await expectContract(await get('/v1/declarations', ha), 'listDeclarations');
    expect(logs).toMatch(/"route":"\/v1\/declarations"/);
    for (const marker of PERSONAL_MARKERS) expect(logs).not.toContain(marker);
    expect(logs).not.toContain(HA_TOKEN);
  });

  it('fuzz: random JSON bodies get 4xx problem details, never a 500, and store nothing', async () => {
    const before = await count();
    const body = fc.oneof(
      fc.json(),
      fc.record({ type: fc.constantFrom('domestic', 'entry', 'daily', 'movement', 'checkin', 'employee', 'x'), data: fc.jsonValue() }),
      fc
        .record({ key: fc.constantFrom(...Object.keys(domestic)), value: fc.jsonValue() })
        .map(({ key, value }) => JSON.stringify({ type: 'domestic', data: { ...domestic, [key]: value, phone: 'not a phone' } })),
    );
    await fc.assert(
      fc.asyncProperty(body, async (b) => {
        const res = await post(typeof b === 'string' ? b : JSON.stringify(b));
        expect(res.status).toBeGreaterThanOrEqual(400);
        expect(res.status).toBeLessThan(500);
        expect(res.headers.get('content-type')).toBe('application/problem+json');
        await expectContract(res, 'createDeclaration');
      }),
      { numRuns: 400 },
    );
    expect(await count()).toBe(before);
  });
});

describe.each(testDatabases)('declaration retention on $name', (database) => {
  it('deletes declarations and check-ins older than retentionDays (injected clock)', async () => {
    let now = new Date('2026-11-01T12:00:00Z');
    const server = await startTestServer(database, { retentionDays: 28 }, { now: () => now });
    try {
      const submit = async (): Promise<string> => {
        const res = await server.fetch(
          new Request(server.url('/v1/declarations'), {
            method: 'POST',
            body: JSON.stringify({ type: 'daily', data: daily }),
            headers: { 'content-type': 'application/json' },
          }),
        );
        return (await expectContract<{ id: string }>(res, 'createDeclaration')).id;
      };
      const old = await submit();
      await server.deps.db.query(
        `INSERT INTO check_ins (id, venue_id, method, checked_in_at, received_at) VALUES ('c-old', 'v', 'venue-qr', $1, $1)`,
        [now.toISOString()],
      );
      now = new Date('2026-11-20T12:00:00Z');
      const recent = await submit();
      await server.runJobs();
      const ids = async (): Promise<string[]> =>
        (await server.deps.db.query<{ id: string }>('SELECT id FROM declarations')).rows.map((r) => r.id);
      expect((await ids()).sort()).toEqual([old, recent].sort());
      now = new Date('2026-11-29T12:00:01Z');
      await server.runJobs();
      expect(await ids()).toEqual([recent]);
      expect((await server.deps.db.query('SELECT 1 FROM check_ins')).rows).toEqual([]);
    } finally {
      await server.close();
    }
  });
});

describe.each(testDatabases)('tenant isolation with API keys stored by the enterprise area on $name', (database) => {
  it('keeps tenant A’s declarations and venues away from tenant B’s key on every route', async () => {
    const server = await startTestServer(database);
    try {
      const db = server.deps.db;
      const now = new Date();
      const tenantA = await insertTenant(db, { name: 'Công ty A' }, now);
      const tenantB = await insertTenant(db, { name: 'Công ty B' }, now);
      const scopes = ['declarations:read', 'declarations:write', 'venues:read', 'venues:write', 'checkins:write'];
      const keyA = (await createApiKey(db, tenantA.id, 'a', scopes, now)).secret;
      const keyB = (await createApiKey(db, tenantB.id, 'b', scopes, now)).secret;
      const call = (method: string, path: string, key: string, body?: unknown, headers: Record<string, string> = {}) =>
        server.fetch(
          new Request(server.url(path), {
            method,
            headers: { 'X-API-Key': key, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
            ...(body === undefined ? {} : { body: JSON.stringify(body) }),
          }),
        );
      const decl = await expectContract<{ id: string; deletionToken: string }>(
        await call('POST', '/v1/declarations', keyA, { type: 'employee', data: employee }),
        'createDeclaration',
      );
      const venue = await expectContract<{ id: string; qrText: string }>(
        await call('POST', '/v1/venues', keyA, { name: 'Nhà máy A', type: 6 }),
        'registerVenue',
      );
      const listB = await call('GET', '/v1/declarations', keyB);
      expect((await expectContract<{ items: unknown[] }>(listB, 'listDeclarations')).items).toEqual([]);
      const listCross = await call('GET', `/v1/declarations?enterprise=${tenantA.id}`, keyB);
      expect(listCross.status).toBe(403);
      await expectContract(listCross, 'listDeclarations');
      const getCross = await call('GET', `/v1/declarations/${decl.id}`, keyB);
      expect(getCross.status).toBe(404);
      await expectContract(getCross, 'getDeclaration');
      const deleteCross = await call('DELETE', `/v1/declarations/${decl.id}`, keyB);
      expect(deleteCross.status).toBe(403);
      await expectContract(deleteCross, 'deleteDeclaration');
      const venueCross = await call('GET', `/v1/venues/${venue.id}`, keyB);
      expect(venueCross.status).toBe(404);
      await expectContract(venueCross, 'getVenue');
      const qrCross = await call('GET', `/v1/venues/${venue.id}/qr`, keyB);
      expect(qrCross.status).toBe(404);
      await expectContract(qrCross, 'getVenueQr');
      const rotateCross = await call('POST', `/v1/venues/${venue.id}/rotate`, keyB);
      expect(rotateCross.status).toBe(404);
      await expectContract(rotateCross, 'rotateVenue');
      const registerCross = await call('POST', '/v1/venues', keyB, { name: 'x', type: 1, tenantId: tenantA.id });
      expect(registerCross.status).toBe(403);
      await expectContract(registerCross, 'registerVenue');
      const checkInCross = await call('POST', '/v1/check-ins', keyB, { venueQr: venue.qrText });
      expect(checkInCross.status).toBe(403);
      await expectContract(checkInCross, 'createCheckIn');
      // Tenant A's own key still works on each of them.
      const listA = await expectContract<{ items: { id: string }[] }>(await call('GET', '/v1/declarations', keyA), 'listDeclarations');
      expect(listA.items.map((i) => i.id)).toEqual([decl.id]);
      const venueA = await call('GET', `/v1/venues/${venue.id}`, keyA);
      expect(venueA.status).toBe(200);
      await expectContract(venueA, 'getVenue');
      const checkInA = await call('POST', '/v1/check-ins', keyA, { venueQr: venue.qrText });
      expect(checkInA.status).toBe(201);
      await expectContract(checkInA, 'createCheckIn');
      const own = await call('DELETE', `/v1/declarations/${decl.id}`, keyA, undefined, { 'X-Deletion-Token': decl.deletionToken });
      expect(own.status).toBe(204);
      await expectContract(own, 'deleteDeclaration');
    } finally {
      await server.close();
    }
  });
});

describe.each(testDatabases)('field-key rotation on $name', (database) => {
  it('re-encrypts declarations and venue seeds with the new first key; old rows stay readable meanwhile', async () => {
    const k1 = { id: 'k1', key: new Uint8Array(32).fill(1) };
    const k2 = { id: 'k2', key: new Uint8Array(32).fill(2) };
    const server = await startTestServer(database, { fieldKeys: [k1] });
    try {
      const res = await server.fetch(
        new Request(server.url('/v1/declarations'), {
          method: 'POST',
          body: JSON.stringify({ type: 'domestic', data: domestic }),
          headers: { 'content-type': 'application/json' },
        }),
      );
      const { id } = await expectContract<{ id: string }>(res, 'createDeclaration');
      const venue = await server.fetch(
        new Request(server.url('/v1/venues'), {
          method: 'POST',
          body: JSON.stringify({ name: 'Chợ', type: 3 }),
          headers: { 'content-type': 'application/json', Authorization: `Bearer ${HA_TOKEN}` },
        }),
      );
      await expectContract(venue, 'registerVenue');
      // Rotate: the new key first, the old one kept for decryption.
      server.deps.config.fieldKeys = [k2, k1];
      server.deps.cipher = createFieldCipher([k2, k1]);
      const before = await server.fetch(
        new Request(server.url(`/v1/declarations/${id}`), { headers: { Authorization: `Bearer ${HA_TOKEN}` } }),
      );
      expect((await expectContract<{ data: { fullName: string } }>(before, 'getDeclaration')).data.fullName).toBe('NGUYỄN VĂN AN');
      await server.runJobs();
      const decl = await server.deps.db.query<{ personal_enc: string }>('SELECT personal_enc FROM declarations WHERE id = $1', [id]);
      expect(decl.rows[0]?.personal_enc).toMatch(/^v1\.k2\./);
      const seeds = await server.deps.db.query<{ seed_enc: string }>('SELECT seed_enc FROM venue_seeds');
      expect(seeds.rows.map((r) => r.seed_enc.slice(0, 6))).toEqual(['v1.k2.']);
      // The old key can now go.
      server.deps.cipher = createFieldCipher([k2]);
      const after = await server.fetch(
        new Request(server.url(`/v1/declarations/${id}`), { headers: { Authorization: `Bearer ${HA_TOKEN}` } }),
      );
      expect((await expectContract<{ data: { fullName: string } }>(after, 'getDeclaration')).data.fullName).toBe('NGUYỄN VĂN AN');
    } finally {
      await server.close();
    }
  });
});
