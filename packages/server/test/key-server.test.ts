import { randomBytes } from 'node:crypto';
import { exposureKeysHmac } from '@healthtrace/client/key-server';
import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ServerConfig } from '../src/config';
import { keyServerSettings } from '../src/key-server/settings';
import { expectContract } from './support/contract';
import { testDatabases } from './support/databases';
import { certify, dailyKeys, postJson, publishBody, publishKeys } from './support/key-server-flow';
import { HA_TOKEN, startTestServer } from './support/test-server';

const START = new Date('2026-11-27T09:00:00Z');
const API_KEY = 'htk_test_tenant_key_0123456789';

describe.each(testDatabases)('key server on $name', (database) => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let clock = START;
  beforeAll(async () => {
    server = await startTestServer(
      database,
      { keyServer: { verifyFailuresPerIp: 1000, verifyFailuresGlobal: 100_000 } } as Partial<ServerConfig>,
      {
        now: () => clock,
      },
    );
    server.deps.resolveApiKey = async (secret) =>
      secret === API_KEY ? { kind: 'api-key', keyId: 'k1', tenantId: 't1', scopes: ['declarations:write'] } : undefined;
  });
  afterAll(async () => {
    await server.close();
  });
  beforeEach(() => {
    clock = START;
  });
  const storedKeys = async (): Promise<number> =>
    Number((await server.deps.db.query<{ n: string }>('SELECT count(*) AS n FROM exposure_keys')).rows[0]!.n);

  it('issues one-time 8-digit codes to the health authority only', async () => {
    const ok = await postJson(server, '/v1/verification/codes', { testType: 'confirmed', symptomDate: '2026-11-24' }, { token: HA_TOKEN });
    const body = await expectContract<{ code: string; expiresAt: string }>(ok, 'issueVerificationCode');
    expect(ok.status).toBe(201);
    expect(body.code).toMatch(/^\d{8}$/);
    expect(Date.parse(body.expiresAt) - START.getTime()).toBe(60 * 60_000);
    // Stored hashed: the code never appears in the table.
    const rows = await server.deps.db.query<{ code_hash: string }>('SELECT code_hash FROM verification_codes');
    expect(rows.rows.some((r) => r.code_hash.includes(body.code))).toBe(false);

    const anonymous = await postJson(server, '/v1/verification/codes', { testType: 'confirmed' });
    expect(anonymous.status).toBe(401);
    await expectContract(anonymous, 'issueVerificationCode');
    const apiKey = await postJson(server, '/v1/verification/codes', { testType: 'confirmed' }, { apiKey: API_KEY });
    expect(apiKey.status).toBe(403);
    await expectContract(apiKey, 'issueVerificationCode');
    const wrong = await postJson(server, '/v1/verification/codes', { testType: 'confirmed' }, { token: 'not-the-token' });
    expect(wrong.status).toBe(401);
  });

  it('answers 401 to unknown credentials on the anonymous routes too (never downgraded to anonymous)', async () => {
    const routes: [string, string, unknown][] = [
      ['/v1/verification/verify', 'verifyCode', { code: '12345678' }],
      ['/v1/verification/certificate', 'getVerificationCertificate', { token: 'a.b.c', ekeyhmac: 'A'.repeat(43) + '=' }],
      ['/v1/exposure-keys', 'publishExposureKeys', {}],
    ];
    for (const [path, operation, body] of routes) {
      for (const credentials of [{ token: 'unknown-token' }, { apiKey: 'htk_unknown_key_000000000000' }]) {
        const res = await postJson(server, path, body, credentials);
        expect(res.status, path).toBe(401);
        await expectContract(res, operation);
      }
    }
  });

  it('validates code requests: 400 for the shape, 422 for dates', async () => {
    const cases: [unknown, number][] = [
      [{ testType: 'positive' }, 400],
      [{ testType: 'confirmed', extra: 1 }, 400],
      [{ testType: 'confirmed', symptomDate: 20261124 }, 400],
      [{ testType: 'confirmed', symptomDate: '2026-02-30' }, 422],
      [{ testType: 'confirmed', symptomDate: '2026-11-30' }, 422],
      [{ testType: 'confirmed', testDate: '2026-10-01' }, 422],
      [{ testType: 'likely', symptomDate: '2026-11-26', testDate: '2026-11-25' }, 422],
    ];
    for (const [body, status] of cases) {
      const res = await postJson(server, '/v1/verification/codes', body, { token: HA_TOKEN });
      expect(res.status, JSON.stringify(body)).toBe(status);
      await expectContract(res, 'issueVerificationCode');
    }
    const notJson = await postJson(server, '/v1/verification/codes', '{', { token: HA_TOKEN });
    expect(notJson.status).toBe(400);
  });

  it('runs code → token → certificate → publish, deriving report type, risk and days since onset', async () => {
    const keys = dailyKeys(START, 14, true);
    keys[0]!.transmissionRiskLevel = 7;
    const issued = await expectContract<{ code: string }>(
      await postJson(
        server,
        '/v1/verification/codes',
        { testType: 'likely', symptomDate: '2026-11-24', testDate: '2026-11-25' },
        { token: HA_TOKEN },
      ),
      'issueVerificationCode',
    );
    const verifyRes = await postJson(server, '/v1/verification/verify', { code: issued.code, padding: 'xx' });
    expect(verifyRes.status).toBe(200);
    const verified = await expectContract<{ token: string; testType: string; symptomDate: string; testDate: string }>(
      verifyRes,
      'verifyCode',
    );
    expect(verified).toMatchObject({ testType: 'likely', symptomDate: '2026-11-24', testDate: '2026-11-25' });
    const again = await postJson(server, '/v1/verification/verify', { code: issued.code });
    expect(again.status).toBe(401);
    expect(await expectContract(again, 'verifyCode')).toMatchObject({ code: 'code-used' });

    const hmacKey = new Uint8Array(randomBytes(32));
    const certRes = await postJson(server, '/v1/verification/certificate', {
      token: verified.token,
      ekeyhmac: exposureKeysHmac(hmacKey, keys),
    });
    expect(certRes.status).toBe(200);
    const { certificate } = await expectContract<{ certificate: string }>(certRes, 'getVerificationCertificate');
    const claims = JSON.parse(Buffer.from(certificate.split('.')[1]!, 'base64url').toString());
    expect(claims).toMatchObject({
      reportType: 'likely',
      symptomDate: '2026-11-24',
      testDate: '2026-11-25',
      tekmac: exposureKeysHmac(hmacKey, keys),
    });
    expect(claims.exp - claims.iat).toBe(15 * 60);
    expect(JSON.parse(Buffer.from(certificate.split('.')[0]!, 'base64url').toString())).toMatchObject({ alg: 'ES256' });
    const tokenAgain = await postJson(server, '/v1/verification/certificate', {
      token: verified.token,
      ekeyhmac: exposureKeysHmac(hmacKey, keys),
    });
    expect(await expectContract(tokenAgain, 'getVerificationCertificate')).toMatchObject({ code: 'token-used' });

    const before = await storedKeys();
    const published = await postJson(server, '/v1/exposure-keys', publishBody(keys, certificate, hmacKey));
    expect(published.status).toBe(200);
    expect(await expectContract(published, 'publishExposureKeys')).toEqual({ insertedExposures: 14, revisionToken: expect.any(String) });
    expect(await storedKeys()).toBe(before + 14);
    const rows = await server.deps.db.query<{
      rolling_start: number;
      transmission_risk: number;
      report_type: number;
      days_since_onset: number | null;
      available_at: Date;
    }>(
      `SELECT rolling_start, transmission_risk, report_type, days_since_onset, available_at FROM exposure_keys WHERE key_data = ANY($1::text[]) ORDER BY rolling_start DESC`,
      [publishBody(keys, '', hmacKey).temporaryExposureKeys.map((k) => k.key)],
    );
    const onsetDay = Date.parse('2026-11-24T00:00:00Z') / 86_400_000;
    for (const r of rows.rows) {
      expect(r.report_type).toBe(2); // likely → CONFIRMED_CLINICAL_DIAGNOSIS
      expect(r.days_since_onset).toBe(r.rolling_start / 144 - onsetDay);
    }
    expect(rows.rows[0]!.transmission_risk).toBe(7); // sent → kept
    expect(rows.rows[1]!.transmission_risk).toBe(4); // 0 → likely default
    // Today's key is still valid: embargoed until 02:00 UTC after the end of today.
    expect(new Date(rows.rows[0]!.available_at).toISOString()).toBe('2026-11-28T02:00:00.000Z');
    expect(new Date(rows.rows[1]!.available_at).toISOString()).toBe(START.toISOString());

    const replay = await postJson(server, '/v1/exposure-keys', publishBody(keys, certificate, hmacKey));
    expect(await expectContract(replay, 'publishExposureKeys')).toMatchObject({ code: 'certificate-used' });
  });

  it('maps confirmed tests to CONFIRMED_TEST with risk 2 and a 4-days-ago onset when no date is known', async () => {
    const keys = dailyKeys(START, 2);
    const res = await publishKeys(server, keys, { testType: 'confirmed' });
    expect(await expectContract(res, 'publishExposureKeys')).toEqual({ insertedExposures: 2, revisionToken: expect.any(String) });
    const rows = await server.deps.db.query<{ report_type: number; transmission_risk: number; days_since_onset: number }>(
      'SELECT report_type, transmission_risk, days_since_onset FROM exposure_keys WHERE key_data = $1',
      [Buffer.from(keys[0]!.keyData).toString('base64')],
    );
    expect(rows.rows[0]).toEqual({ report_type: 1, transmission_risk: 2, days_since_onset: 3 });
  });

  it('rejects expired codes, tokens and certificates, and forged ones', async () => {
    const issued = await expectContract<{ code: string }>(
      await postJson(server, '/v1/verification/codes', { testType: 'confirmed' }, { token: HA_TOKEN }),
      'issueVerificationCode',
    );
    clock = new Date(START.getTime() + 61 * 60_000);
    const expired = await postJson(server, '/v1/verification/verify', { code: issued.code });
    expect(await expectContract(expired, 'verifyCode')).toMatchObject({ status: 401, code: 'code-expired' });
    const unknown = await postJson(server, '/v1/verification/verify', { code: '00000000x' });
    expect(await expectContract(unknown, 'verifyCode')).toMatchObject({ status: 401, code: 'code-invalid' });
    const badShape = await postJson(server, '/v1/verification/verify', { code: 12345678 });
    expect(badShape.status).toBe(400);
    await expectContract(badShape, 'verifyCode');

    clock = START;
    const keys = dailyKeys(START, 1);
    const { certificate, hmacKey } = await certify(server, keys);
    clock = new Date(START.getTime() + 16 * 60_000);
    const late = await postJson(server, '/v1/exposure-keys', publishBody(keys, certificate, hmacKey));
    expect(await expectContract(late, 'publishExposureKeys')).toMatchObject({ status: 401, code: 'certificate-expired' });
    clock = START;
    const [h, p, s] = certificate.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...claims, reportType: 'confirmed', exp: claims.exp + 9999 })).toString('base64url')}.${s}`;
    const forgedRes = await postJson(server, '/v1/exposure-keys', publishBody(keys, forged, hmacKey));
    expect(await expectContract(forgedRes, 'publishExposureKeys')).toMatchObject({ status: 401, code: 'certificate-invalid' });
    const badToken = await postJson(server, '/v1/verification/certificate', { token: 'a.b.c', ekeyhmac: exposureKeysHmac(hmacKey, keys) });
    expect(await expectContract(badToken, 'getVerificationCertificate')).toMatchObject({ status: 401, code: 'token-invalid' });
    const badHmac = await postJson(server, '/v1/verification/certificate', { token: 'a.b.c', ekeyhmac: 'short' });
    expect(badHmac.status).toBe(400);
    // The certificate was never burned by the rejected attempts: it still publishes.
    const ok = await postJson(server, '/v1/exposure-keys', publishBody(keys, certificate, hmacKey));
    expect(ok.status).toBe(200);
  });

  it('answers each publish failure with its own problem code and stores nothing', async () => {
    const now = START;
    const today = Math.floor(now.getTime() / 600_000 / 144) * 144;
    const base = dailyKeys(now, 3);
    const variants: [string, number, (keys: ReturnType<typeof dailyKeys>) => ReturnType<typeof dailyKeys>, Record<string, unknown>?][] = [
      ['too-many-keys', 422, () => dailyKeys(now, 16, true)],
      ['invalid-rolling-period', 422, (k) => [{ ...k[0]!, rollingPeriod: 145 }]],
      ['invalid-rolling-period', 422, (k) => [{ ...k[0]!, rollingPeriod: 0 }]],
      ['key-too-old', 422, (k) => [{ ...k[0]!, rollingStartIntervalNumber: today - 16 * 144 }]],
      ['key-in-future', 422, (k) => [{ ...k[0]!, rollingStartIntervalNumber: today + 144 }]],
      ['duplicate-key', 422, (k) => [k[0]!, { ...k[0]!, rollingStartIntervalNumber: k[0]!.rollingStartIntervalNumber - 144 }]],
      ['unknown-health-authority', 422, (k) => k, { healthAuthorityID: 'other.authority' }],
    ];
    const before = await storedKeys();
    for (const [code, status, make, extra] of variants) {
      const keys = make(base);
      const hmacKey = new Uint8Array(randomBytes(32));
      // A certificate is not needed to reach the key checks; use a real one anyway where the HMAC can be computed.
      let certificate = 'x.y.z';
      if (code !== 'invalid-rolling-period' && code !== 'key-too-old' && code !== 'key-in-future' && code !== 'too-many-keys') {
        const c = await certify(server, keys);
        certificate = c.certificate;
        hmacKey.set(c.hmacKey);
      }
      const res = await postJson(server, '/v1/exposure-keys', { ...publishBody(keys, certificate, hmacKey), ...extra });
      expect(res.status, code).toBe(status);
      expect(await expectContract(res, 'publishExposureKeys')).toMatchObject({ code });
    }
    const wrongLength = publishBody(base, 'x.y.z', new Uint8Array(32));
    (wrongLength.temporaryExposureKeys as { key: string }[])[0]!.key = Buffer.alloc(15).toString('base64');
    expect(await expectContract(await postJson(server, '/v1/exposure-keys', wrongLength), 'publishExposureKeys')).toMatchObject({
      code: 'invalid-key',
    });
    // HMAC over other keys.
    const c1 = await certify(server, base);
    const mismatch = await postJson(server, '/v1/exposure-keys', publishBody(base.slice(1), c1.certificate, c1.hmacKey));
    expect(await expectContract(mismatch, 'publishExposureKeys')).toMatchObject({ status: 401, code: 'hmac-mismatch' });
    // Negative tests publish nothing.
    const negative = await publishKeys(server, base, { testType: 'negative' });
    expect(await expectContract(negative, 'publishExposureKeys')).toMatchObject({ status: 422, code: 'negative-test' });
    expect(await storedKeys()).toBe(before);
    // Against stored keys: one key published before fails the whole request.
    expect((await publishKeys(server, base.slice(0, 1))).status).toBe(200);
    const dup = await publishKeys(server, base);
    expect(await expectContract(dup, 'publishExposureKeys')).toMatchObject({ status: 422, code: 'key-already-published' });
    expect(await storedKeys()).toBe(before + 1);
  });

  it('never answers 500 and stores nothing for arbitrary publish bodies (fast-check)', async () => {
    const keys = dailyKeys(START, 2);
    const { certificate, hmacKey } = await certify(server, keys);
    const valid = publishBody(keys, certificate, hmacKey);
    const before = await storedKeys();
    const anyKey = fc.record(
      {
        key: fc.oneof(fc.base64String(), fc.constant(valid.temporaryExposureKeys[0]!.key), fc.string()),
        rollingStartNumber: fc.oneof(fc.integer(), fc.constant(keys[0]!.rollingStartIntervalNumber), fc.double(), fc.string()),
        rollingPeriod: fc.oneof(fc.integer({ min: -2, max: 200 }), fc.constant(144), fc.constant(null)),
        transmissionRisk: fc.oneof(fc.integer({ min: -1, max: 9 }), fc.constant('0')),
      },
      { requiredKeys: [] },
    );
    const body = fc.record(
      {
        temporaryExposureKeys: fc.oneof(fc.array(anyKey, { maxLength: 17 }), fc.constant(valid.temporaryExposureKeys), fc.anything()),
        healthAuthorityID: fc.oneof(fc.constant('vn.healthtrace.dev'), fc.string(), fc.integer()),
        verificationPayload: fc.oneof(fc.constant(certificate), fc.string(), fc.constant(`${certificate}x`)),
        hmacKey: fc.oneof(fc.constant(valid.hmacKey), fc.base64String(), fc.anything()),
        symptomOnsetInterval: fc.oneof(fc.integer(), fc.string()),
        traveler: fc.anything(),
        extra: fc.anything(),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(body, async (b) => {
        // Only bodies carrying the valid keys, certificate, HMAC key and authority may publish
        // (whatever their optional fields); skip those (publishing would burn the certificate).
        const r = b as Record<string, unknown>;
        const couldPublish =
          JSON.stringify(r.temporaryExposureKeys) === JSON.stringify(valid.temporaryExposureKeys) &&
          r.verificationPayload === certificate &&
          r.hmacKey === valid.hmacKey &&
          r.healthAuthorityID === 'vn.healthtrace.dev';
        if (couldPublish) return;
        const res = await postJson(server, '/v1/exposure-keys', b);
        expect([400, 401, 422]).toContain(res.status);
        await expectContract(res, 'publishExposureKeys');
      }),
      { numRuns: 300 },
    );
    expect(await storedKeys()).toBe(before);
    // And the certificate still works for the real body.
    expect((await postJson(server, '/v1/exposure-keys', valid)).status).toBe(200);
  });
  it('blocks an IP after its failed attempts (429 + Retry-After), and everyone once the global budget is spent', async () => {
    const settings = keyServerSettings(server.deps.config);
    const saved = { ...settings };
    Object.assign(settings, { verifyFailuresPerIp: 3, verifyFailuresGlobal: 5, verifyWindowMinutes: 15 });
    clock = new Date(START.getTime() + 7 * 86_400_000);
    const windowStart = clock;
    try {
      const issued = await expectContract<{ code: string }>(
        await postJson(server, '/v1/verification/codes', { testType: 'confirmed' }, { token: HA_TOKEN }),
        'issueVerificationCode',
      );
      const wrong = issued.code === '12345678' ? '87654321' : '12345678';
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++)
        statuses.push((await postJson(server, '/v1/verification/verify', { code: wrong }, { ip: '198.51.100.7' })).status);
      expect(statuses).toEqual([401, 401, 401, 429]);
      // Even the right code is refused from a blocked IP.
      const blocked = await postJson(server, '/v1/verification/verify', { code: issued.code }, { ip: '198.51.100.7' });
      expect(blocked.status).toBe(429);
      expect(Number(blocked.headers.get('retry-after'))).toBe(15 * 60);
      expect(await expectContract(blocked, 'verifyCode')).toMatchObject({ code: 'verification-attempts-exceeded' });
      // Another IP is not blocked...
      expect((await postJson(server, '/v1/verification/verify', { code: wrong }, { ip: '203.0.113.9' })).status).toBe(401);
      expect((await postJson(server, '/v1/verification/verify', { code: wrong }, { ip: '203.0.113.10' })).status).toBe(401);
      // ...until the global budget (5 failures per window) is spent: then every client waits.
      const global = await postJson(server, '/v1/verification/verify', { code: issued.code }, { ip: '192.0.2.1' });
      expect(global.status).toBe(429);
      expect(await expectContract(global, 'verifyCode')).toMatchObject({ code: 'verification-globally-throttled' });
      // IPs are stored hashed, never in clear.
      const buckets = await server.deps.db.query<{ bucket: string }>('SELECT bucket FROM verification_failures');
      expect(buckets.rows.map((r) => r.bucket).join()).not.toMatch(/198\.51|203\.0/);
      // The next window starts afresh and the (unburned) code still works.
      clock = new Date(windowStart.getTime() + 15 * 60_000);
      const ok = await postJson(server, '/v1/verification/verify', { code: issued.code }, { ip: '198.51.100.7' });
      expect(ok.status).toBe(200);
    } finally {
      Object.assign(settings, saved);
    }
  });
});
