import { randomUUID } from 'node:crypto';
import { DOMESTIC_EXPOSURES, DOMESTIC_SYMPTOMS, UNDERLYING_CONDITIONS } from '@healthtrace/declaration';
import { getWard2025 } from '@healthtrace/vn-admin/wards-2025';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { K_ANONYMITY, publishRows, suppressSmallCount } from '../src/aggregates/index';
import type { Queryable } from '../src/db/database';
import { expectContract } from './support/contract';
import { testDatabases } from './support/databases';
import { HA_TOKEN, startTestServer } from './support/test-server';

const no = (keys: readonly string[]): Record<string, boolean> => Object.fromEntries(keys.map((k) => [k, false]));

/** A valid domestic declaration dated `date`, living in ward `wardCode` (2025 scheme: a date after 1 July 2025). */
const domestic = (date: string, provinceCode: string, wardCode: string, cough: boolean): Record<string, unknown> => ({
  declarationDate: date,
  fullName: 'NGUYỄN VĂN AN',
  idNumber: '024090123456',
  birthYear: 1990,
  sex: 'male',
  nationality: 'VN',
  address: { provinceCode, wardCode, street: 'Số 1' },
  phone: '+84912345678',
  travelled: false,
  symptoms: { ...no(DOMESTIC_SYMPTOMS), cough },
  exposure: no(DOMESTIC_EXPOSURES),
  underlyingConditions: no(UNDERLYING_CONDITIONS),
});

/** Inserts `n` symptomatic declarations straight into the declarations table (seed for counts). */
async function seedDeclarations(db: Queryable, n: number, day: string, ward: string, province: string, symptoms = true): Promise<void> {
  if (n === 0) return;
  await db.query(
    `INSERT INTO declarations (id, type, received_at, received_date, declaration_date, ward_code, province_code, has_symptoms,
       public_data, personal_enc, deletion_token_hash)
     SELECT $1 || '-' || g, 'domestic', $2, $3, $3, $4, $5, $6, '{}'::jsonb, 'x', 'x' FROM generate_series(1, $7::int) AS g`,
    [randomUUID(), `${day}T03:00:00Z`, day, ward, province, symptoms, n],
  );
}

type Table = { level: string; k: number; rows: Record<string, number | string | null>[] };
const rowOf = (table: Table, date: string, code: string): Record<string, number | string | null> | undefined =>
  table.rows.find((r) => r.date === date && r.code === code);

describe.each(testDatabases)('aggregates on $name', (database) => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  const get = (path: string, headers: Record<string, string> = {}): Promise<Response> =>
    server.fetch(new Request(server.url(path), { headers }));

  beforeAll(async () => {
    server = await startTestServer(database);
    const db = server.deps.db;
    // Declarations through the API: 5 with symptoms in Ba Đình (Hà Nội) on 2026-11-20, one without.
    for (let i = 0; i < 5; i++) {
      const res = await server.fetch(
        new Request(server.url('/v1/declarations'), {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ type: 'domestic', data: domestic('2026-11-20', '01', '00004', true) }),
        }),
      );
      expect(res.status).toBe(201);
    }
    await server.fetch(
      new Request(server.url('/v1/declarations'), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'domestic', data: domestic('2026-11-20', '01', '00004', false) }),
      }),
    );
    // 4 in Thủ Dầu Một (Hồ Chí Minh): below k.
    await seedDeclarations(db, 4, '2026-11-20', '25747', '79');
    // 3 + 3 in two wards of Hồ Chí Minh on the 21st: each ward below k, the province at 6.
    await seedDeclarations(db, 3, '2026-11-21', '25747', '79');
    await seedDeclarations(db, 3, '2026-11-21', '25750', '79');
    // Positive reports: 5 confirmed tests published on the 20th (Vietnam time) in Hà Nội, one of them
    // stored with a pre-2025 commune code (00001 Phúc Xá → a 2025 ward of Hà Nội), 2 likely ones.
    const codes: [string, string][] = [
      ['confirmed', '00004'],
      ['confirmed', '00004'],
      ['confirmed', '00004'],
      ['confirmed', '00008'],
      ['confirmed', '00001'],
      ['likely', '00004'],
      ['likely', '00004'],
    ];
    for (const [testType, ward] of codes) {
      await db.query('INSERT INTO positive_reports (certificate_id, report_type, published_at, ward_code) VALUES ($1, $2, $3, $4)', [
        randomUUID(),
        testType,
        '2026-11-19T20:00:00Z',
        ward,
      ]);
    }
    // Venue warnings: 5 published on the 20th at venues of Ba Đình.
    for (let i = 0; i < 5; i++) {
      await db.query(
        `INSERT INTO venue_warnings (id, venue_id, ward_code, from_at, to_at, published_at, identifiers)
         VALUES ($1, 'venue-1', '00004', $2, $2, $3, '[]'::jsonb)`,
        [randomUUID(), '2026-11-19T10:00:00Z', '2026-11-20T09:00:00Z'],
      );
    }
    // Enterprises in Ba Đình: 6 assessed high/very-high on the 19th; on the 21st one is re-assessed low.
    for (let i = 0; i < 6; i++) {
      const tenant = `tenant-${i}`;
      await db.query(`INSERT INTO tenants (id, name, ward_code, created_at) VALUES ($1, $2, '00004', $3)`, [
        tenant,
        `Company ${i}`,
        '2026-11-01T00:00:00Z',
      ]);
      await db.query(
        `INSERT INTO risk_assessments (id, tenant_id, created_at, criteria_set, answers, complete, points, band, missing_criteria)
         VALUES ($1, $2, $3, 'qd-2194', '{}'::jsonb, true, 10, $4, '[]'::jsonb)`,
        [randomUUID(), tenant, '2026-11-19T02:00:00Z', i % 2 === 0 ? 'high' : 'very-high'],
      );
    }
    await db.query(
      `INSERT INTO risk_assessments (id, tenant_id, created_at, criteria_set, answers, complete, points, band, missing_criteria)
       VALUES ($1, 'tenant-0', $2, 'qd-2194', '{}'::jsonb, true, 1, 'low', '[]'::jsonb)`,
      [randomUUID(), '2026-11-21T02:00:00Z'],
    );
  });
  afterAll(async () => {
    await server.close();
  });

  it('publishes daily counts per province, every province every day, small counts suppressed', async () => {
    const res = await get('/v1/aggregates?from=2026-11-19&to=2026-11-22');
    const table = await expectContract<Table>(res, 'getAggregates');
    expect(table).toMatchObject({ level: 'province', from: '2026-11-19', to: '2026-11-22', k: K_ANONYMITY });
    expect(table.rows).toHaveLength(34 * 4);
    expect(rowOf(table, '2026-11-20', '01')).toEqual({
      date: '2026-11-20',
      code: '01',
      name: 'Thành phố Hà Nội',
      declarationsWithSymptoms: 5,
      positiveReports: 5,
      venueWarnings: 5,
      enterprisesHighRisk: 6,
    });
    // The 19th: risk assessed that day counts; codes issued 20:00 UTC on the 19th are the 20th in Vietnam.
    expect(rowOf(table, '2026-11-19', '01')).toMatchObject({
      declarationsWithSymptoms: null,
      positiveReports: null,
      enterprisesHighRisk: 6,
    });
    // One enterprise re-assessed low on the 21st: 5 left, still published; nothing else that day.
    expect(rowOf(table, '2026-11-21', '01')).toMatchObject({ enterprisesHighRisk: 5, venueWarnings: null });
    // Hồ Chí Minh: 4 on the 20th (suppressed), 3 + 3 in two wards on the 21st (6 at province level).
    expect(rowOf(table, '2026-11-20', '79')?.declarationsWithSymptoms).toBeNull();
    expect(rowOf(table, '2026-11-21', '79')?.declarationsWithSymptoms).toBe(6);
    for (const row of table.rows) {
      for (const m of ['declarationsWithSymptoms', 'positiveReports', 'venueWarnings', 'enterprisesHighRisk']) {
        const v = row[m];
        expect(v === null || (typeof v === 'number' && v >= K_ANONYMITY)).toBe(true);
      }
    }
  });

  it('publishes ward rows (2025 codes, pre-2025 codes mapped) restricted to a province', async () => {
    const hcm = await expectContract<Table>(
      await get('/v1/aggregates?level=ward&province=79&from=2026-11-21&to=2026-11-21'),
      'getAggregates',
    );
    expect(hcm.level).toBe('ward');
    expect(hcm.rows.every((r) => getWard2025(String(r.code))?.provinceCode === '79')).toBe(true);
    expect(rowOf(hcm, '2026-11-21', '25747')).toMatchObject({ name: 'Phường Thủ Dầu Một', declarationsWithSymptoms: null });
    const hanoi = await expectContract<Table>(
      await get('/v1/aggregates?level=ward&province=01&from=2026-11-20&to=2026-11-20'),
      'getAggregates',
    );
    expect(rowOf(hanoi, '2026-11-20', '00004')).toMatchObject({ declarationsWithSymptoms: 5, positiveReports: null, venueWarnings: 5 });
    // The province restricts province-level output too.
    const one = await expectContract<Table>(await get('/v1/aggregates?province=01&from=2026-11-20&to=2026-11-20'), 'getAggregates');
    expect(one.rows).toHaveLength(1);
    expect(one.rows[0]?.positiveReports).toBe(5);
  });

  it('answers the same for a health-authority token, and anonymous callers', async () => {
    const anonymous = await (await get('/v1/aggregates?from=2026-11-20&to=2026-11-20')).json();
    const authority = await expectContract(
      await get('/v1/aggregates?from=2026-11-20&to=2026-11-20', { Authorization: `Bearer ${HA_TOKEN}` }),
      'getAggregates',
    );
    expect(authority).toEqual(anonymous);
  });

  it('serves GeoJSON: the 34 province shapes with their daily rows and the attribution', async () => {
    const res = await get('/v1/aggregates.geojson?from=2026-11-20&to=2026-11-21');
    expect(res.headers.get('content-type')).toBe('application/geo+json');
    const fc = await expectContract<{
      attribution: string;
      features: { id: string; geometry: { type: string }; properties: { code: string; days: Record<string, unknown>[] } }[];
    }>(res, 'getAggregatesGeoJson');
    expect(fc.attribution).toMatch(/Open Development Vietnam.*CC BY-SA 4\.0/);
    expect(fc.features).toHaveLength(34);
    const hanoi = fc.features.find((f) => f.properties.code === '01');
    expect(hanoi?.geometry.type).toMatch(/Polygon/);
    expect(hanoi?.properties.days).toEqual([
      { date: '2026-11-20', declarationsWithSymptoms: 5, positiveReports: 5, venueWarnings: 5, enterprisesHighRisk: 6 },
      { date: '2026-11-21', declarationsWithSymptoms: null, positiveReports: null, venueWarnings: null, enterprisesHighRisk: 5 },
    ]);
    const single = await expectContract<{ features: unknown[] }>(
      await get('/v1/aggregates.geojson?province=79&from=2026-11-20&to=2026-11-20'),
      'getAggregatesGeoJson',
    );
    expect(single.features).toHaveLength(1);
  });

  it('rejects bad queries with 400', async () => {
    for (const [path, op] of [
      ['/v1/aggregates', 'getAggregates'],
      ['/v1/aggregates?from=2026-11-20', 'getAggregates'],
      ['/v1/aggregates?from=2026-11-22&to=2026-11-20', 'getAggregates'],
      ['/v1/aggregates?from=2026-02-30&to=2026-03-01', 'getAggregates'],
      ['/v1/aggregates?level=district&from=2026-11-20&to=2026-11-20', 'getAggregates'],
      ['/v1/aggregates?province=30&from=2026-11-20&to=2026-11-20', 'getAggregates'],
      ['/v1/aggregates?level=ward&from=2026-01-01&to=2026-12-31', 'getAggregates'],
      ['/v1/aggregates.geojson?level=ward&from=2026-11-20&to=2026-11-20', 'getAggregatesGeoJson'],
      ['/v1/aggregates.geojson?to=2026-11-20', 'getAggregatesGeoJson'],
    ] as const) {
      const res = await get(path);
      expect(res.status, path).toBe(400);
      await expectContract(res, op);
    }
  });

  it('suppresses exactly the cells below k (property, over the database)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 3, maxLength: 3 }), async (counts) => {
        const wards = ['00103', '00091', '00097'];
        const day = '2027-01-05';
        await server.deps.db.query('DELETE FROM declarations WHERE declaration_date = $1', [day]);
        for (const [i, n] of counts.entries()) await seedDeclarations(server.deps.db, n, day, wards[i]!, '01');
        const table = (await (await get(`/v1/aggregates?level=ward&province=01&from=${day}&to=${day}`)).json()) as Table;
        for (const [i, n] of counts.entries()) {
          expect(rowOf(table, day, wards[i]!)?.declarationsWithSymptoms).toBe(n >= K_ANONYMITY ? n : null);
        }
        const province = (await (await get(`/v1/aggregates?province=01&from=${day}&to=${day}`)).json()) as Table;
        const total = counts.reduce((a, b) => a + b, 0);
        expect(province.rows[0]?.declarationsWithSymptoms).toBe(total >= K_ANONYMITY ? total : null);
      }),
      { numRuns: database.name === 'postgres' ? 5 : 10 },
    );
  });
});

describe('suppression', () => {
  it('publishes a count only when it is at least k, unchanged', () => {
    fc.assert(
      fc.property(fc.nat({ max: 1_000_000 }), fc.integer({ min: 1, max: 100 }), (n, k) => {
        const out = suppressSmallCount(n, k);
        expect(out === null ? n < k : out === n && n >= k).toBe(true);
      }),
      { numRuns: 10_000 },
    );
    expect(() => suppressSmallCount(-1)).toThrow(RangeError);
    expect(() => suppressSmallCount(1.5)).toThrow(RangeError);
    expect(() => suppressSmallCount(3, 0)).toThrow(RangeError);
  });

  it('builds a full grid in which no published number is below k', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom('2026-01-01', '2026-01-02'), fc.constantFrom('01', '79', '24'), fc.nat({ max: 12 })), {
          maxLength: 10,
        }),
        (cells) => {
          const map = new Map<
            string,
            { declarationsWithSymptoms: number; positiveReports: number; venueWarnings: number; enterprisesHighRisk: number }
          >();
          for (const [day, code, n] of cells)
            map.set(`${day}|${code}`, { declarationsWithSymptoms: n, positiveReports: n, venueWarnings: 0, enterprisesHighRisk: n + 3 });
          const units = [
            { code: '01', name: 'a' },
            { code: '24', name: 'b' },
            { code: '79', name: 'c' },
          ];
          const rows = publishRows(units, ['2026-01-01', '2026-01-02'], map);
          expect(rows).toHaveLength(6);
          for (const row of rows) {
            const truth = map.get(`${row.date}|${row.code}`);
            expect(row.declarationsWithSymptoms).toBe(suppressSmallCount(truth?.declarationsWithSymptoms ?? 0));
            expect(row.enterprisesHighRisk).toBe(suppressSmallCount(truth?.enterprisesHighRisk ?? 0));
            expect(row.venueWarnings).toBeNull();
          }
        },
      ),
      { numRuns: 1_000 },
    );
  });
});
