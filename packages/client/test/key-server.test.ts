import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createClient } from '../src/index';
import { exposureKeysHmac, exposureKeysHmacMessage, KeyServerFlowError, publishDiagnosisKeys } from '../src/key-server';
import { json, type LoopbackServer, startLoopbackServer } from './support/loopback-server';

// The official GAEN vector TEK (Exposure Notification crypto test vectors v1.2).
const tek = Uint8Array.from(Buffer.from('75c734c6dd1a782de7a965da5eb93125', 'hex'));
const tek2 = Uint8Array.from(Buffer.from('2b714d3ec93c14e5d345003e59027aea', 'hex'));
const keys = [
  { keyData: tek, rollingStartIntervalNumber: 2642976, rollingPeriod: 144, transmissionRiskLevel: 2 },
  { keyData: tek2, rollingStartIntervalNumber: 2646801, rollingPeriod: 89, transmissionRiskLevel: 2 },
];

let server: LoopbackServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('certificate HMAC', () => {
  it('is HMAC-SHA256 over the sorted key strings, as the verification server computes it', () => {
    const expectedMessage = ['K3FNPsk8FOXTRQA+WQJ66g==.2646801.89.2', 'dcc0xt0aeC3nqWXaXrkxJQ==.2642976.144.2'].join(',');
    expect(exposureKeysHmacMessage(keys)).toBe(expectedMessage);
    const hmacKey = new Uint8Array(32).fill(7);
    const independent = createHmac('sha256', Buffer.from(hmacKey)).update(expectedMessage).digest('base64');
    expect(exposureKeysHmac(hmacKey, keys)).toBe(independent);
  });
  it('names the bad argument', () => {
    expect(() => exposureKeysHmacMessage([{ ...keys[0]!, keyData: new Uint8Array(3) }])).toThrow(/keys\[0\]\.keyData must be 16 bytes/);
    expect(() => exposureKeysHmacMessage([{ ...keys[0]!, rollingPeriod: 145 }])).toThrow(RangeError);
  });
});

describe('publishDiagnosisKeys over real HTTP', () => {
  it('verifies the code, binds the certificate to the keys and publishes them', async () => {
    let boundHmac = '';
    server = await startLoopbackServer((req) => {
      const body = JSON.parse(req.body || '{}');
      if (req.url === '/v1/verification/verify') {
        return body.code === '12345678'
          ? json(200, { token: 'tok', testType: 'confirmed' })
          : json(401, { type: 'about:blank', title: 'bad code', status: 401, code: 'bad-code' });
      }
      if (req.url === '/v1/verification/certificate') {
        boundHmac = body.ekeyhmac;
        return json(200, { certificate: `cert:${body.ekeyhmac}` });
      }
      if (req.url === '/v1/exposure-keys') {
        // The server recomputes the HMAC with the published hmacKey and compares with the certificate.
        const message = body.temporaryExposureKeys
          .map(
            (k: { key: string; rollingStartNumber: number; rollingPeriod: number; transmissionRisk: number }) =>
              `${k.key}.${k.rollingStartNumber}.${k.rollingPeriod}.${k.transmissionRisk}`,
          )
          .sort()
          .join(',');
        const recomputed = createHmac('sha256', Buffer.from(body.hmacKey, 'base64')).update(message).digest('base64');
        if (body.verificationPayload !== `cert:${recomputed}`)
          return json(401, { type: 'about:blank', title: 'hmac', status: 401, code: 'hmac-mismatch' });
        return json(200, { insertedExposures: body.temporaryExposureKeys.length });
      }
      return json(404, {});
    });
    const client = createClient({ baseUrl: server.url, retry: { retries: 0 } });
    const result = await publishDiagnosisKeys(client, { code: '12345678', keys, healthAuthorityID: 'vn.bacgiang' });
    expect(result).toEqual({ insertedExposures: 2 });
    expect(boundHmac).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    await expect(publishDiagnosisKeys(client, { code: '00000000', keys, healthAuthorityID: 'vn.bacgiang' })).rejects.toMatchObject({
      step: 'verify',
      status: 401,
    });
    await expect(publishDiagnosisKeys(client, { code: '00000000', keys, healthAuthorityID: 'x' })).rejects.toBeInstanceOf(
      KeyServerFlowError,
    );
  });
});
