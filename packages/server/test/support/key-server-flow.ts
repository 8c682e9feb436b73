import { randomBytes } from 'node:crypto';
import { type ExposureKeyToPublish, exposureKeysHmac } from '@healthtrace/client/key-server';
import { bytesToBase64 } from '@healthtrace/core';
import type { HealthtraceServer } from '../../src/server';
import { expectContract } from './contract';
import { HA_TOKEN } from './test-server';

type Server = HealthtraceServer & { url: (path: string) => string };

const OPERATIONS: Record<string, string> = {
  '/v1/verification/codes': 'issueVerificationCode',
  '/v1/verification/verify': 'verifyCode',
  '/v1/verification/certificate': 'getVerificationCertificate',
  '/v1/exposure-keys': 'publishExposureKeys',
  '/v1/bluezone/f0': 'publishBluezoneF0',
};

/**
 * POSTs JSON, optionally as coming from a given client IP (the node-server socket binding). Every
 * response is validated against the OpenAPI document before it is returned (its body stays readable).
 */
export async function postJson(
  server: Server,
  path: string,
  body: unknown,
  options: { token?: string; apiKey?: string; ip?: string } = {},
): Promise<Response> {
  const response = await send(server, path, body, options);
  const operation = OPERATIONS[path];
  if (!operation) throw new Error(`no operation for ${path}`);
  await expectContract(response, operation);
  return response;
}

function send(server: Server, path: string, body: unknown, options: { token?: string; apiKey?: string; ip?: string }): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.apiKey) headers['x-api-key'] = options.apiKey;
  const request = new Request(server.url(path), { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });
  if (options.ip) return Promise.resolve(server.app.fetch(request, { incoming: { socket: { remoteAddress: options.ip } } }));
  return server.fetch(request);
}

/** `count` daily keys ending with yesterday's (or today's, when `includeToday`), 144 intervals each. */
export function dailyKeys(now: Date, count: number, includeToday = false): ExposureKeyToPublish[] {
  const today = Math.floor(now.getTime() / 600_000 / 144) * 144;
  return Array.from({ length: count }, (_, i) => ({
    keyData: new Uint8Array(randomBytes(16)),
    rollingStartIntervalNumber: today - (includeToday ? i : i + 1) * 144,
    rollingPeriod: 144,
    transmissionRiskLevel: 0,
  }));
}

/** A publish request body. */
export interface PublishBody {
  temporaryExposureKeys: { key: string; rollingStartNumber: number; rollingPeriod: number; transmissionRisk: number }[];
  healthAuthorityID: string;
  verificationPayload: string;
  hmacKey: string;
}

/** The publish body for keys, certificate and HMAC key, as the client builds it. */
export function publishBody(
  keys: readonly ExposureKeyToPublish[],
  certificate: string,
  hmacKey: Uint8Array,
  healthAuthorityID = 'vn.healthtrace.dev',
): PublishBody {
  return {
    temporaryExposureKeys: keys.map((k) => ({
      key: bytesToBase64(k.keyData),
      rollingStartNumber: k.rollingStartIntervalNumber,
      rollingPeriod: k.rollingPeriod,
      transmissionRisk: k.transmissionRiskLevel ?? 0,
    })),
    healthAuthorityID,
    verificationPayload: certificate,
    hmacKey: bytesToBase64(hmacKey),
  };
}

/** Issues a code (health authority), verifies it and obtains a certificate bound to `keys`. */
export async function certify(
  server: Server,
  keys: readonly ExposureKeyToPublish[],
  code: { testType: string; symptomDate?: string; testDate?: string; wardCode?: string } = { testType: 'confirmed' },
): Promise<{ certificate: string; hmacKey: Uint8Array }> {
  const issued = (await (await postJson(server, '/v1/verification/codes', code, { token: HA_TOKEN })).json()) as { code: string };
  const verified = (await (await postJson(server, '/v1/verification/verify', { code: issued.code })).json()) as { token: string };
  const hmacKey = new Uint8Array(randomBytes(32));
  const res = await postJson(server, '/v1/verification/certificate', { token: verified.token, ekeyhmac: exposureKeysHmac(hmacKey, keys) });
  const { certificate } = (await res.json()) as { certificate: string };
  return { certificate, hmacKey };
}

/** The whole flow: certify then publish; returns the publish response. */
export async function publishKeys(
  server: Server,
  keys: readonly ExposureKeyToPublish[],
  code?: { testType: string; symptomDate?: string; testDate?: string; wardCode?: string },
): Promise<Response> {
  const { certificate, hmacKey } = await certify(server, keys, code);
  return postJson(server, '/v1/exposure-keys', publishBody(keys, certificate, hmacKey));
}
