/**
 * Positive-report aggregates end to end: the health authority issues verification codes with the
 * case's ward (2025 code, or pre-2025 code mapped by @healthtrace/vn-admin), the phones publish
 * their keys with the codes' certificates, and the epidemiological map counts confirmed reports
 * per ward and day of publishing, with k = 5 suppression.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerConfig } from '../src/config';
import { expectContract } from './support/contract';
import { testDatabases } from './support/databases';
import { dailyKeys, postJson, publishKeys } from './support/key-server-flow';
import { HA_TOKEN, startTestServer } from './support/test-server';

interface Row {
  date: string;
  code: string;
  positiveReports: number | null;
}

// 10:00 on 20 November 2026 in Viet Nam (UTC+7).
const MORNING = new Date('2026-11-20T03:00:00Z');
// 05:00 on the 21st in Viet Nam, still the 20th in UTC.
const NEXT_DAY_EARLY = new Date('2026-11-20T22:00:00Z');
/** 2025 ward Phường Ba Đình (Hà Nội). */
const BA_DINH = '00004';
/** Pre-2025 ward Quán Thánh (quận Ba Đình), merged into the 2025 Phường Ba Đình. */
const QUAN_THANH_2024 = '00013';
/** 2025 ward Phường Ngọc Hà (Hà Nội). */
const NGOC_HA = '00008';

describe.each(testDatabases)('positive-report aggregates on $name', (database) => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let clock = MORNING;
  beforeAll(async () => {
    server = await startTestServer(
      database,
      { keyServer: { verifyFailuresPerIp: 1000, verifyFailuresGlobal: 100_000 } } as Partial<ServerConfig>,
      { now: () => clock },
    );
  });
  afterAll(async () => {
    await server.close();
  });

  const publish = async (code: { testType: string; wardCode?: string }) => {
    const res = await publishKeys(server, dailyKeys(clock, 3), code);
    expect(res.status).toBe(200);
  };
  const wards = async (query: string): Promise<Row[]> => {
    const res = await server.fetch(new Request(server.url(`/v1/aggregates?${query}`)));
    return (await expectContract<{ rows: Row[] }>(res, 'getAggregates')).rows;
  };
  const cell = (rows: Row[], date: string, code: string) => rows.find((r) => r.date === date && r.code === code)?.positiveReports;

  it('validates the ward of a verification code', async () => {
    const unknown = await postJson(server, '/v1/verification/codes', { testType: 'confirmed', wardCode: '99999' }, { token: HA_TOKEN });
    expect(unknown.status).toBe(422);
    expect(await unknown.json()).toMatchObject({ code: 'validation-failed', issues: [{ code: 'unknown-ward', path: ['wardCode'] }] });
    for (const wardCode of ['0004', 4, '000041', 'abcde']) {
      const bad = await postJson(server, '/v1/verification/codes', { testType: 'confirmed', wardCode }, { token: HA_TOKEN });
      expect(bad.status, String(wardCode)).toBe(400);
    }
    const anonymous = await postJson(server, '/v1/verification/codes', { testType: 'confirmed', wardCode: BA_DINH });
    expect(anonymous.status).toBe(401);
    const ok = await postJson(server, '/v1/verification/codes', { testType: 'confirmed', wardCode: QUAN_THANH_2024 }, { token: HA_TOKEN });
    expect(ok.status).toBe(201);
    // The pre-2025 code is stored as its 2025 ward; codes are never in clear.
    const stored = await server.deps.db.query<{ ward_code: string }>(
      'SELECT ward_code FROM verification_codes WHERE ward_code IS NOT NULL AND claimed_at IS NULL',
    );
    expect(stored.rows.map((r) => r.ward_code)).toEqual([BA_DINH]);
  });

  it('counts confirmed tests per ward on the day their keys are published, suppressing counts below k = 5', async () => {
    // Four confirmed cases in Ba Đình (one entered with its pre-2025 ward code), published this morning.
    for (const wardCode of [BA_DINH, BA_DINH, BA_DINH, QUAN_THANH_2024]) await publish({ testType: 'confirmed', wardCode });
    // Neither likely diagnoses, nor confirmed tests without a ward, nor another ward count for Ba Đình.
    await publish({ testType: 'likely', wardCode: BA_DINH });
    await publish({ testType: 'confirmed' });
    await publish({ testType: 'confirmed', wardCode: NGOC_HA });
    // An issued code whose keys were never published counts nowhere.
    await postJson(server, '/v1/verification/codes', { testType: 'confirmed', wardCode: BA_DINH }, { token: HA_TOKEN });
    let rows = await wards('level=ward&province=01&from=2026-11-20&to=2026-11-21');
    expect(cell(rows, '2026-11-20', BA_DINH)).toBeNull();

    // The fifth Ba Đình publish reaches k: the ward and its province now show 5 (Ngọc Hà's 1 stays hidden).
    await publish({ testType: 'confirmed', wardCode: BA_DINH });
    rows = await wards('level=ward&province=01&from=2026-11-20&to=2026-11-21');
    expect(cell(rows, '2026-11-20', BA_DINH)).toBe(5);
    expect(cell(rows, '2026-11-20', NGOC_HA)).toBeNull();
    expect(cell(rows, '2026-11-21', BA_DINH)).toBeNull();
    const provinces = await wards('from=2026-11-20&to=2026-11-21');
    expect(cell(provinces, '2026-11-20', '01')).toBe(6);

    // Days are Viet Nam days: a publish at 05:00 on the 21st (22:00 UTC on the 20th) counts on the 21st.
    clock = NEXT_DAY_EARLY;
    for (let i = 0; i < 5; i++) await publish({ testType: 'confirmed', wardCode: NGOC_HA });
    rows = await wards('level=ward&province=01&from=2026-11-20&to=2026-11-21');
    expect(cell(rows, '2026-11-20', NGOC_HA)).toBeNull();
    expect(cell(rows, '2026-11-21', NGOC_HA)).toBe(5);
    // One row per certificate: the rows carry neither keys nor codes.
    const stored = await server.deps.db.query<Record<string, unknown>>('SELECT * FROM positive_reports');
    expect(Object.keys(stored.rows[0] ?? {}).sort()).toEqual(['certificate_id', 'published_at', 'report_type', 'ward_code']);
    // 5 + 1 confirmed in Ba Đình, 1 likely, 1 + 5 in Ngọc Hà; the publish without a ward left none.
    expect(stored.rows).toHaveLength(12);
  });
});
