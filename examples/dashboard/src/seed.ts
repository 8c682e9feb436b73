/**
 * A server on 127.0.0.1 with demo data for the dashboard: an enterprise with six employees (CSV import) and
 * today's health checks, its venue with a published warning, and declarations with symptoms in two provinces so
 * the map has counts above the k-anonymity threshold.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@healthtrace/client';
import { DOMESTIC_EXPOSURES, DOMESTIC_SYMPTOMS, UNDERLYING_CONDITIONS } from '@healthtrace/declaration';
import { createHealthtraceServer, createLogger, type HealthtraceServer, loadConfig } from '@healthtrace/server';

/** A running demo. */
export interface DashboardDemo {
  /** `http://127.0.0.1:<port>` (the page is `<url>/dashboard`). */
  url: string;
  /** The server. */
  server: HealthtraceServer;
  /** The health-authority token. */
  healthAuthorityToken: string;
  /** The enterprise. */
  tenantId: string;
  /** Its API key. */
  apiKey: string;
  /** Stops the server and removes its data. */
  close(): Promise<void>;
}

function must<T>(result: { data?: T; error?: unknown; response: Response }, what: string): T {
  if (result.data === undefined) throw new Error(`${what}: HTTP ${result.response.status} ${JSON.stringify(result.error)}`);
  return result.data;
}

const no = (keys: readonly string[]): Record<string, boolean> => Object.fromEntries(keys.map((k) => [k, false]));

/**
 * Starts the server and seeds it.
 *
 * @param options - the port (default any free port).
 * @returns the running demo.
 */
export async function startDashboardDemo(options: { port?: number } = {}): Promise<DashboardDemo> {
  const dataDir = mkdtempSync(join(tmpdir(), 'dashboard-'));
  const config = loadConfig({ dataDir, port: options.port ?? 0, host: '127.0.0.1' }, {});
  const server = await createHealthtraceServer({ config, logger: createLogger({ level: 'silent' }), jobs: false });
  const port = await server.listen();
  const url = `http://127.0.0.1:${port}`;
  const healthAuthorityToken = config.healthAuthorityTokens[0]!;
  const authority = createClient({ baseUrl: url, auth: { healthAuthorityToken } });
  const today = new Date().toISOString().slice(0, 10);

  const created = must(
    await authority.api.POST('/v1/tenants', {
      body: { name: 'Công ty May Sông Hồng', taxCode: '0100100001', wardCode: '00004', sector: 'manufacturing', employeeCount: 6 },
    }),
    'createTenant',
  );
  const tenantId = created.tenant.id;
  const apiKey = created.apiKey.secret;
  const hr = createClient({ baseUrl: url, auth: { apiKey } });
  const csv = [
    'externalId,displayName,email,phone,department,active',
    'NV-001,Nguyễn Văn An,,,Xưởng may 1,true',
    'NV-002,Trần Thị Bình,,,Xưởng may 1,true',
    'NV-003,Lê Văn Cường,,,Xưởng may 2,true',
    'NV-004,Phạm Thị Dung,,,Kho,true',
    'NV-005,Hoàng Văn Em,,,Kho,true',
    'NV-006,Vũ Thị Giang,,,Văn phòng,true',
  ].join('\n');
  must(
    await hr.api.POST('/v1/tenants/{tenantId}/employees/import', {
      params: { path: { tenantId } },
      body: csv as never,
      bodySerializer: (b: unknown) => b as string,
      headers: { 'Content-Type': 'text/csv' },
    }),
    'importEmployeesCsv',
  );
  for (const [id, fever] of [
    ['NV-001', false],
    ['NV-002', true],
    ['NV-003', false],
    ['NV-004', false],
  ] as const) {
    must(
      await hr.api.POST('/v1/tenants/{tenantId}/health-checks', {
        params: { path: { tenantId } },
        body: {
          date: today,
          employeeId: id,
          department: 'Xưởng may 1',
          symptoms: { ...no(DOMESTIC_SYMPTOMS), fever, cough: fever },
          exposure: no(DOMESTIC_EXPOSURES),
        } as never,
      }),
      'submitHealthCheck',
    );
  }
  const venue = must(
    await hr.api.POST('/v1/venues', {
      body: { name: 'Nhà ăn xưởng may', address: 'Số 1 Phúc Xá', wardCode: '00004', type: 4, defaultDurationMinutes: 60, validDays: 365 },
    }),
    'registerVenue',
  );
  const now = Date.now();
  must(
    await authority.api.POST('/v1/venue-warnings', {
      body: {
        venueId: venue.id,
        from: new Date(now - 5 * 3_600_000).toISOString(),
        to: new Date(now - 2 * 3_600_000).toISOString(),
        message: 'A person who tested positive was here at lunch.',
      },
    }),
    'publishVenueWarning',
  );
  // Declarations with symptoms: 8 in Hà Nội (ward 00004) and 6 in TP Hồ Chí Minh (ward 25747), above k = 5.
  const citizen = createClient({ baseUrl: url });
  const places = [...Array(8).fill(['01', '00004']), ...Array(6).fill(['79', '25747'])] as [string, string][];
  for (const [i, [provinceCode, wardCode]] of places.entries()) {
    const receipt = await citizen.submitDeclaration({
      type: 'domestic',
      data: {
        declarationDate: today,
        fullName: 'NGUYỄN VĂN AN',
        idNumber: `001090${String(100000 + i)}`,
        birthYear: 1990,
        sex: 'male',
        nationality: 'VN',
        address: { provinceCode, wardCode, street: `Số ${i + 1}` },
        phone: '+84912345678',
        travelled: false,
        symptoms: { ...no(DOMESTIC_SYMPTOMS), cough: true },
        exposure: no(DOMESTIC_EXPOSURES),
        underlyingConditions: no(UNDERLYING_CONDITIONS),
      } as never,
    });
    if (!receipt.delivered) throw new Error(`declaration refused: ${JSON.stringify(await citizen.queue.rejected())}`);
  }
  return {
    url,
    server,
    healthAuthorityToken,
    tenantId,
    apiKey,
    async close() {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
