import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { bluezoneBlids, parseF0Payload } from '@healthtrace/rolling-id';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { expectContract } from './support/contract';
import { testDatabases } from './support/databases';
import { postJson } from './support/key-server-flow';
import { HA_TOKEN, startTestServer } from './support/test-server';

const vectors = JSON.parse(readFileSync(fileURLToPath(new URL('../../../../shared/vectors/bluezone.json', import.meta.url)), 'utf8')) as {
  f0_payload: {
    fcm_data: { DataContent: string };
    DataContent_decoded: { InfoF: { data: { daily_key: string; time_start: number; time_end: number; max: number }[] } };
    expected_matching: { first_blids: Record<string, string> };
  };
};
const official = vectors.f0_payload.DataContent_decoded.InfoF;
const START = new Date('2026-11-27T09:00:00Z');
const API_KEY = 'htk_test_tenant_key_bluezone_0123';

function entry(n: number): { daily_key: string; time_start: number; time_end: number; max: number } {
  return { daily_key: n.toString(16).padStart(64, '0').toUpperCase(), time_start: 1_764_201_600, time_end: 1_764_288_000, max: 96 };
}

describe.each(testDatabases)('Bluezone F0 on $name', (database) => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let clock = START;
  beforeAll(async () => {
    server = await startTestServer(database, {}, { now: () => clock });
    server.deps.resolveApiKey = async (secret) =>
      secret === API_KEY ? { kind: 'api-key', keyId: 'k1', tenantId: 't1', scopes: ['declarations:write'] } : undefined;
  });
  afterAll(async () => {
    await server.close();
  });
  beforeEach(() => {
    clock = START;
  });
  const fetchF0 = async (since?: string): Promise<{ data: { daily_key: string; time_start: number; time_end: number; max: number }[] }> => {
    const res = await server.fetch(new Request(server.url(`/v1/bluezone/f0${since ? `?since=${encodeURIComponent(since)}` : ''}`)));
    expect(res.status).toBe(200);
    return expectContract(res, 'getBluezoneF0');
  };

  it('publishes the official F0 payload and serves it back so phones rebuild the same BLIDs', async () => {
    const res = await postJson(server, '/v1/bluezone/f0', official, { token: HA_TOKEN });
    expect(res.status).toBe(201);
    expect(await expectContract(res, 'publishBluezoneF0')).toEqual({ inserted: 1 });
    const payload = await fetchF0();
    expect(payload).toEqual(official);
    // A phone parses it with the Bluezone codec and derives the official BLIDs.
    const [f0] = parseF0Payload(payload);
    const blids = bluezoneBlids(f0!.dailyKey, f0!.max);
    for (const [slot, blid] of Object.entries(vectors.f0_payload.expected_matching.first_blids).slice(0, 2)) {
      expect(Buffer.from(blids[Number(slot)]!).toString('hex').toUpperCase()).toBe(blid);
    }
    // The same daily key again (any case) is not stored twice.
    const again = await postJson(
      server,
      '/v1/bluezone/f0',
      { data: [{ ...official.data[0]!, daily_key: official.data[0]!.daily_key.toLowerCase() }] },
      { token: HA_TOKEN },
    );
    expect(await expectContract(again, 'publishBluezoneF0')).toEqual({ inserted: 0 });
  });

  it('filters by since', async () => {
    clock = new Date('2026-11-27T10:00:00Z');
    expect((await postJson(server, '/v1/bluezone/f0', { data: [entry(1), entry(2)] }, { token: HA_TOKEN })).status).toBe(201);
    clock = new Date('2026-11-27T12:00:00Z');
    expect((await postJson(server, '/v1/bluezone/f0', { data: [entry(3)] }, { token: HA_TOKEN })).status).toBe(201);
    const later = await fetchF0('2026-11-27T11:00:00Z');
    expect(later.data.map((d) => d.daily_key)).toEqual([entry(3).daily_key]);
    const all = await fetchF0('2026-11-27T16:30:00+07:00');
    expect(all.data.map((d) => d.daily_key)).toEqual([entry(1), entry(2), entry(3)].map((e) => e.daily_key));
    // Past the retention period nothing is served.
    clock = new Date('2026-12-20T00:00:00Z');
    expect((await fetchF0()).data).toEqual([]);
  });

  it('requires a health-authority token to publish (401/403) and validates the payload', async () => {
    const anonymous = await postJson(server, '/v1/bluezone/f0', { data: [entry(9)] });
    expect(anonymous.status).toBe(401);
    await expectContract(anonymous, 'publishBluezoneF0');
    const apiKey = await postJson(server, '/v1/bluezone/f0', { data: [entry(9)] }, { apiKey: API_KEY });
    expect(apiKey.status).toBe(403);
    await expectContract(apiKey, 'publishBluezoneF0');
    const cases: [unknown, number][] = [
      [{ data: [{ ...entry(9), daily_key: 'zz' }] }, 422],
      [{ data: [{ ...entry(9), time_end: 1 }] }, 422],
      [{ data: [{ ...entry(9), max: 0 }] }, 422],
      [{ data: 'x' }, 400],
      [{ data: [], extra: 1 }, 400],
      [{ data: Array.from({ length: 101 }, (_, i) => entry(1000 + i)) }, 422],
    ];
    for (const [body, status] of cases) {
      const res = await postJson(server, '/v1/bluezone/f0', body, { token: HA_TOKEN });
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(status);
      await expectContract(res, 'publishBluezoneF0');
    }
    const badSince = await server.fetch(new Request(server.url('/v1/bluezone/f0?since=yesterday')));
    expect(badSince.status).toBe(400);
    await expectContract(badSince, 'getBluezoneF0');
  });
});
