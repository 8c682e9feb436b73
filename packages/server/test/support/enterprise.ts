import { expect } from 'vitest';
import { expectContract } from './contract';
import { HA_TOKEN, type startTestServer } from './test-server';

export type TestServer = Awaited<ReturnType<typeof startTestServer>>;

/** Request options for {@link call}. */
export interface CallOptions {
  /** `X-API-Key`. */
  key?: string;
  /** `Authorization: Bearer`. */
  bearer?: string;
  /** JSON body (or text with `contentType`). */
  body?: unknown;
  /** Content type (default JSON when there is a body). */
  contentType?: string;
  /** Extra headers. */
  headers?: Record<string, string>;
}

/** Sends one request to the in-process server. */
export function call(server: TestServer, method: string, path: string, options: CallOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  if (options.key) headers['X-API-Key'] = options.key;
  if (options.bearer) headers.Authorization = `Bearer ${options.bearer}`;
  let body: string | undefined;
  if (options.body !== undefined) {
    headers['content-type'] = options.contentType ?? 'application/json';
    body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
  }
  return server.fetch(new Request(server.url(path), { method, headers, ...(body !== undefined ? { body } : {}) }));
}

/** Creates a tenant with the health-authority token; returns its id and admin key. */
export async function createTenant(server: TestServer, name = 'Công ty TNHH Ví Dụ'): Promise<{ tenantId: string; adminKey: string }> {
  const res = await call(server, 'POST', '/v1/tenants', { bearer: HA_TOKEN, body: { name } });
  const body = await expectContract<{ tenant: { id: string }; apiKey: { secret: string } }>(res, 'createTenant');
  expect(res.status).toBe(201);
  return { tenantId: body.tenant.id, adminKey: body.apiKey.secret };
}

/** Creates an API key with the given scopes. */
export async function createKey(server: TestServer, tenantId: string, adminKey: string, scopes: string[]): Promise<string> {
  const res = await call(server, 'POST', `/v1/tenants/${tenantId}/api-keys`, { key: adminKey, body: { name: 'test', scopes } });
  const body = await expectContract<{ secret: string }>(res, 'createApiKey');
  expect(res.status).toBe(201);
  return body.secret;
}

/** An employee health check for `employeeId` on `date`. */
export function healthCheck(employeeId: string, date: string, fever = false): Record<string, unknown> {
  return {
    date,
    employeeId,
    department: 'Kho',
    symptoms: { fever, cough: false, shortnessOfBreath: false, pneumonia: false, soreThroat: false, fatigue: false },
    exposure: { confirmedOrSuspectedCase: false, personFromAffectedCountry: false, personWithSymptoms: false },
  };
}
