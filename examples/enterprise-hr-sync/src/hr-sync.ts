/**
 * The building blocks of an HR integration with healthtrace, each a small function to adapt:
 *
 * - {@link importCsv}: upload the HR system's CSV export (`POST /v1/tenants/{id}/employees/import`);
 * - {@link syncDirectory}: push the identity directory through SCIM 2.0 (create, update, deactivate);
 * - {@link requestDailyHealthCheck}: ask every active employee for today's health check;
 * - {@link complianceAndRisk} / {@link formatReport}: who answered, who has symptoms, the workplace risk;
 * - {@link startWebhookReceiver}: receive events, each verified with the `standardwebhooks` package.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createClient, type HealthtraceClient } from '@healthtrace/client';
import { Webhook } from 'standardwebhooks';

/** A person in the company's identity directory (Entra ID, Okta, Google Workspace… export). */
export interface DirectoryUser {
  /** Login (e-mail), unique. */
  userName: string;
  /** The HR employee number. */
  externalId: string;
  /** Name shown. */
  displayName: string;
  /** Department. */
  department?: string;
  /** Employed now. */
  active: boolean;
}

/** Connection to the healthtrace server with the tenant's API key. */
export interface HrConnection {
  /** The typed client (API key as `X-API-Key`, and as the bearer token on `/scim/v2`). */
  client: HealthtraceClient;
  /** The tenant. */
  tenantId: string;
}

/**
 * Connects with an API key.
 *
 * @param baseUrl - the server, e.g. `https://health.example.vn`.
 * @param apiKey - the tenant's API key (`htk_…`).
 * @param tenantId - the tenant id.
 * @returns the connection.
 */
export function connect(baseUrl: string, apiKey: string, tenantId: string): HrConnection {
  return { client: createClient({ baseUrl, auth: { apiKey } }), tenantId };
}

function must<T>(result: { data?: T; error?: unknown; response: Response }, what: string): T {
  if (result.data === undefined) throw new Error(`${what}: HTTP ${result.response.status} ${JSON.stringify(result.error)}`);
  return result.data;
}

/**
 * Uploads a CSV export (`externalId,displayName,email,phone,department,active`): rows are created or updated by
 * `externalId`; bad rows are reported with their row and column, never half-imported.
 *
 * @param hr - the connection.
 * @param csv - the file's text.
 * @returns created, updated and rejected counts with the per-row errors.
 */
export async function importCsv(
  hr: HrConnection,
  csv: string,
): Promise<{
  created: number;
  updated: number;
  rejected: number;
  errors: { row: number; column?: string; code: string; message: string }[];
}> {
  const result = await hr.client.api.POST('/v1/tenants/{tenantId}/employees/import', {
    params: { path: { tenantId: hr.tenantId } },
    body: csv as never,
    bodySerializer: (body: unknown) => body as string,
    headers: { 'Content-Type': 'text/csv' },
  });
  return must(result, 'CSV import') as never;
}

/**
 * Pushes the directory through SCIM: new people are created, changed ones replaced, and people who left (or are
 * marked inactive) deactivated with a PATCH — what an identity provider's SCIM connector does.
 *
 * @param hr - the connection.
 * @param directory - the directory's users.
 * @returns counts.
 */
export async function syncDirectory(
  hr: HrConnection,
  directory: readonly DirectoryUser[],
): Promise<{ created: number; updated: number; deactivated: number; unchanged: number }> {
  const counts = { created: 0, updated: 0, deactivated: 0, unchanged: 0 };
  for (const user of directory) {
    // Match on the HR number first (people imported from the CSV have it), then on the login.
    const find = async (filter: string): Promise<{ id: string; displayName?: string; active?: boolean } | undefined> => {
      const found = must(await hr.client.api.GET('/scim/v2/Users', { params: { query: { filter } } }), 'SCIM search');
      return found.Resources[0] as never;
    };
    const quote = (v: string): string => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
    const existing = (await find(`externalId eq ${quote(user.externalId)}`)) ?? (await find(`userName eq ${quote(user.userName)}`));
    const body = {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'],
      userName: user.userName,
      externalId: user.externalId,
      displayName: user.displayName,
      active: user.active,
      emails: [{ value: user.userName, type: 'work', primary: true }],
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': { department: user.department, employeeNumber: user.externalId },
    };
    if (!existing) {
      must(await hr.client.api.POST('/scim/v2/Users', { body: body as never }), 'SCIM create');
      counts.created++;
    } else if (existing.displayName !== user.displayName || existing.active !== user.active) {
      must(await hr.client.api.PUT('/scim/v2/Users/{id}', { params: { path: { id: existing.id } }, body: body as never }), 'SCIM replace');
      counts.updated++;
    } else counts.unchanged++;
  }
  // People the server knows through SCIM who are no longer in the directory: deactivate (never delete history).
  const listed = must(
    await hr.client.api.GET('/scim/v2/Users', { params: { query: { filter: 'active eq true', count: 1000 } } }),
    'SCIM list',
  );
  const logins = new Set(directory.map((u) => u.userName.toLowerCase()));
  const numbers = new Set(directory.map((u) => u.externalId));
  for (const r of listed.Resources as { id: string; userName: string; externalId?: string }[]) {
    if (logins.has(r.userName.toLowerCase()) || (r.externalId !== undefined && numbers.has(r.externalId))) continue;
    must(
      await hr.client.api.PATCH('/scim/v2/Users/{id}', {
        params: { path: { id: r.id } },
        body: {
          schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
          Operations: [{ op: 'replace', path: 'active', value: false }],
        } as never,
      }),
      'SCIM deactivate',
    );
    counts.deactivated++;
  }
  return counts;
}

/**
 * Asks every active employee for the health check of `date` (the server raises `health_check.requested`).
 *
 * @param hr - the connection.
 * @param date - `YYYY-MM-DD`.
 * @returns how many employees were asked.
 */
export async function requestDailyHealthCheck(hr: HrConnection, date: string): Promise<number> {
  const r = must(
    await hr.client.api.POST('/v1/tenants/{tenantId}/health-checks/requests', {
      params: { path: { tenantId: hr.tenantId } },
      body: { date },
    }),
    'health-check request',
  );
  return r.requested;
}

/** The compliance and risk report of a day. */
export interface HrReport {
  /** Compliance of `date`. */
  compliance: {
    date: string;
    activeEmployees: number;
    submitted: number;
    missing: { employeeId: string; displayName: string; department: string | null }[];
    withSymptoms: { employeeId: string; displayName?: string; department?: string | null }[];
  };
  /** The latest workplace risk assessment, if any. */
  risk: { createdAt: string; complete: boolean; band: string | null; index: number | null; missingCriteria: string[] } | null;
}

/**
 * Reads the compliance report of `date` and the latest risk assessment.
 *
 * @param hr - the connection.
 * @param date - `YYYY-MM-DD`.
 * @returns the report.
 */
export async function complianceAndRisk(hr: HrConnection, date: string): Promise<HrReport> {
  const path = { tenantId: hr.tenantId };
  const compliance = must(
    await hr.client.api.GET('/v1/tenants/{tenantId}/compliance', { params: { path, query: { date } } }),
    'compliance',
  );
  const risks = must(await hr.client.api.GET('/v1/tenants/{tenantId}/risk-assessments', { params: { path, query: { limit: 1 } } }), 'risk');
  return { compliance: compliance as never, risk: (risks.items[0] as never) ?? null };
}

/**
 * Formats the report for the terminal (or an e-mail).
 *
 * @param report - the report.
 * @returns lines of text.
 */
export function formatReport(report: HrReport): string[] {
  const c = report.compliance;
  const pct = c.activeEmployees === 0 ? 0 : Math.round((100 * c.submitted) / c.activeEmployees);
  const lines = [`Health checks ${c.date}: ${c.submitted} of ${c.activeEmployees} active employees (${pct} %)`];
  for (const m of c.missing) lines.push(`  missing       ${m.employeeId.padEnd(8)} ${m.displayName} (${m.department ?? '—'})`);
  for (const s of c.withSymptoms)
    lines.push(`  SYMPTOMS      ${s.employeeId.padEnd(8)} ${s.displayName ?? ''} — send home, arrange a test`);
  const r = report.risk;
  if (!r) lines.push('Workplace risk: no assessment yet');
  else if (r.complete) lines.push(`Workplace risk (${r.createdAt.slice(0, 10)}): ${r.band} (index ${r.index})`);
  else lines.push(`Workplace risk (${r.createdAt.slice(0, 10)}): incomplete — criteria ${r.missingCriteria.join(', ')} are not published`);
  return lines;
}

/** A verified webhook event. */
export interface WebhookEvent {
  /** `webhook-id` (deduplicate on it: deliveries are retried). */
  id: string;
  /** Event type. */
  type: string;
  /** When the server raised it. */
  timestamp: string;
  /** Event data. */
  data: Record<string, unknown>;
}

/** A running receiver. */
export interface WebhookReceiver {
  /** The URL to subscribe. */
  url: string;
  /** Sets the subscription's `whsec_` secret (shown once when subscribing). */
  setSecret(secret: string): void;
  /** Verified events. */
  events: WebhookEvent[];
  /** Deliveries refused (bad signature or timestamp). */
  refused: number;
  /** Stops it. */
  close(): Promise<void>;
}

/**
 * Starts an HTTP receiver for healthtrace webhooks: each delivery is verified with `Webhook#verify` of the
 * `standardwebhooks` package (HMAC-SHA256 over id, timestamp and body, five-minute timestamp tolerance) before it
 * is handed to `onEvent`; anything else gets 401 and is retried by the server.
 *
 * @param options - port (default any), host (default 127.0.0.1) and the event handler.
 * @returns the receiver.
 */
export async function startWebhookReceiver(
  options: { port?: number; host?: string; onEvent?: (event: WebhookEvent) => void } = {},
): Promise<WebhookReceiver> {
  let verifier: Webhook | undefined;
  const seen = new Set<string>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      try {
        if (!verifier) throw new Error('no secret yet');
        const event = verifier.verify(body, req.headers as Record<string, string>) as Omit<WebhookEvent, 'id'>;
        const id = String(req.headers['webhook-id']);
        if (!seen.has(id)) {
          seen.add(id);
          const full = { id, ...event };
          receiver.events.push(full);
          options.onEvent?.(full);
        }
        res.writeHead(204).end();
      } catch {
        receiver.refused++;
        res.writeHead(401).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  const receiver: WebhookReceiver = {
    url: `http://${options.host ?? '127.0.0.1'}:${(server.address() as AddressInfo).port}/healthtrace-webhooks`,
    setSecret: (secret) => {
      verifier = new Webhook(secret);
    },
    events: [],
    refused: 0,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  return receiver;
}

/**
 * Subscribes a receiver to the tenant's events.
 *
 * @param hr - the connection.
 * @param receiver - the receiver (its secret is set from the answer).
 * @returns the subscription id.
 */
export async function subscribe(hr: HrConnection, receiver: WebhookReceiver): Promise<string> {
  const hook = must(
    await hr.client.api.POST('/v1/tenants/{tenantId}/webhooks', {
      params: { path: { tenantId: hr.tenantId } },
      body: {
        url: receiver.url,
        events: ['employee.provisioned', 'health_check.requested', 'health_check.submitted', 'risk.assessed', 'exposure.venue_warning'],
      },
    }),
    'webhook subscription',
  );
  receiver.setSecret(hook.secret);
  return hook.id;
}
