/**
 * The HR sync script. Against a real server:
 *
 *   HEALTHTRACE_URL=https://health.example.vn HEALTHTRACE_TENANT_ID=ten_… HEALTHTRACE_API_KEY=htk_… \
 *     pnpm --filter @example/enterprise-hr-sync start -- data/employees.csv data/directory.json
 *
 * Without those variables it starts a local server (embedded database in a temporary folder, 127.0.0.1) and
 * registers a demo enterprise with the server's health-authority token, so it runs with no configuration.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient } from '@healthtrace/client';
import { createHealthtraceServer, createLogger, type HealthtraceServer, loadConfig } from '@healthtrace/server';
import {
  complianceAndRisk,
  connect,
  type DirectoryUser,
  formatReport,
  type HrConnection,
  importCsv,
  requestDailyHealthCheck,
  startWebhookReceiver,
  subscribe,
  syncDirectory,
  type WebhookEvent,
} from './hr-sync';

/** What one run did. */
export interface HrSyncResult {
  /** The CSV import report. */
  csv: Awaited<ReturnType<typeof importCsv>>;
  /** The SCIM sync counts. */
  scim: Awaited<ReturnType<typeof syncDirectory>>;
  /** Employees asked for today's health check. */
  requested: number;
  /** The printed report. */
  report: Awaited<ReturnType<typeof complianceAndRisk>>;
  /** Webhook events received (signatures verified). */
  events: WebhookEvent[];
  /** Deliveries refused. */
  refused: number;
}

/**
 * One sync: subscribe the webhook receiver, import the CSV, sync the directory through SCIM, request today's
 * health check, and print the compliance and risk report.
 *
 * @param hr - the connection.
 * @param input - the CSV text, the directory, today's date, a printer, and a hook run before the report (e.g. to
 *   let employees answer, or wait for deliveries).
 * @returns what happened.
 */
export async function runHrSync(
  hr: HrConnection,
  input: { csv: string; directory: DirectoryUser[]; date: string; print?: (line: string) => void; beforeReport?: () => Promise<void> },
): Promise<HrSyncResult> {
  const print = input.print ?? (() => {});
  const receiver = await startWebhookReceiver({ onEvent: (e) => print(`  webhook ✓ ${e.type} ${JSON.stringify(e.data).slice(0, 80)}`) });
  try {
    await subscribe(hr, receiver);
    const csv = await importCsv(hr, input.csv);
    print(`CSV import: ${csv.created} created, ${csv.updated} updated, ${csv.rejected} rejected`);
    for (const e of csv.errors) print(`  row ${e.row}${e.column ? ` (${e.column})` : ''}: ${e.message}`);
    const scim = await syncDirectory(hr, input.directory);
    print(`SCIM: ${scim.created} created, ${scim.updated} updated, ${scim.deactivated} deactivated, ${scim.unchanged} unchanged`);
    const requested = await requestDailyHealthCheck(hr, input.date);
    print(`Daily health check of ${input.date} requested from ${requested} employees`);
    await input.beforeReport?.();
    const report = await complianceAndRisk(hr, input.date);
    for (const line of formatReport(report)) print(line);
    print(`Webhooks: ${receiver.events.length} received with valid signatures, ${receiver.refused} refused`);
    return { csv, scim, requested, report, events: [...receiver.events], refused: receiver.refused };
  } finally {
    await receiver.close();
  }
}

/**
 * An employee's health check, as a kiosk or the company app submits it with the tenant's key.
 *
 * @param hr - the connection.
 * @param employeeId - the HR number.
 * @param date - `YYYY-MM-DD`.
 * @param fever - whether they report fever and cough.
 */
export async function answerHealthCheck(hr: HrConnection, employeeId: string, date: string, fever: boolean): Promise<void> {
  const result = await hr.client.api.POST('/v1/tenants/{tenantId}/health-checks', {
    params: { path: { tenantId: hr.tenantId }, header: { 'Idempotency-Key': `hc-${date}-${employeeId}` } },
    body: {
      date,
      employeeId,
      department: 'Xưởng may',
      symptoms: { fever, cough: fever, shortnessOfBreath: false, pneumonia: false, soreThroat: false, fatigue: false },
      exposure: { confirmedOrSuspectedCase: false, personFromAffectedCountry: false, personWithSymptoms: false },
    } as never,
  });
  if (!result.data) throw new Error(`health check: HTTP ${result.response.status} ${JSON.stringify(result.error)}`);
}

/**
 * Starts a local server on 127.0.0.1 with a demo enterprise (what the script uses without configuration).
 *
 * @returns the server, the connection and a cleanup.
 */
export async function localServer(): Promise<{ server: HealthtraceServer; hr: HrConnection; close: () => Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'hr-sync-'));
  // The webhook receiver runs on loopback: allowed only by this development switch (SSRF guard).
  const config = { ...loadConfig({ dataDir, port: 0, host: '127.0.0.1' }, {}), webhooks: { allowLoopbackHttp: true } };
  const server = await createHealthtraceServer({ config, logger: createLogger({ level: 'silent' }), jobs: false });
  const port = await server.listen();
  const baseUrl = `http://127.0.0.1:${port}`;
  const authority = createClient({ baseUrl, auth: { healthAuthorityToken: config.healthAuthorityTokens[0]! } });
  const created = await authority.api.POST('/v1/tenants', {
    body: { name: 'Công ty May Sông Hồng', taxCode: '0100100001', sector: 'manufacturing', employeeCount: 8 },
  });
  if (!created.data) throw new Error(`creating the demo tenant failed: HTTP ${created.response.status}`);
  return {
    server,
    hr: connect(baseUrl, created.data.apiKey.secret, created.data.tenant.id),
    close: async () => {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2).filter((a) => a !== '--');
  const csvPath = args[0] ?? fileURLToPath(new URL('../data/employees.csv', import.meta.url));
  const directoryPath = args[1] ?? fileURLToPath(new URL('../data/directory.json', import.meta.url));
  const input = {
    csv: readFileSync(csvPath, 'utf8'),
    directory: JSON.parse(readFileSync(directoryPath, 'utf8')) as DirectoryUser[],
    date: new Date().toISOString().slice(0, 10),
    print: (line: string) => console.log(line),
  };
  const { HEALTHTRACE_URL: url, HEALTHTRACE_API_KEY: key, HEALTHTRACE_TENANT_ID: tenant } = process.env;
  if (url && key && tenant) {
    await runHrSync(connect(url, key, tenant), { ...input, beforeReport: () => new Promise((r) => setTimeout(r, 2000)) });
  } else {
    console.log('No HEALTHTRACE_URL/HEALTHTRACE_API_KEY/HEALTHTRACE_TENANT_ID: using a local server on 127.0.0.1');
    const local = await localServer();
    try {
      const beforeReport = async (): Promise<void> => {
        // Locally, two employees answer at the factory's kiosk (which uses the same API key) before the report.
        await answerHealthCheck(local.hr, 'NV-001', input.date, false);
        await answerHealthCheck(local.hr, 'NV-007', input.date, true);
        await Promise.allSettled([...local.server.deps.background]);
      };
      await runHrSync(local.hr, { ...input, beforeReport });
    } finally {
      await local.close();
    }
  }
}
