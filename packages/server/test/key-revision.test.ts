/**
 * Key revision (GAEN v1.5+): revision tokens, the likely → confirmed and likely → revoked
 * transitions, the refusals, the revised keys in the `revised_keys` of a later signed export file
 * (parsed and verified with @healthtrace/rolling-id), and the positive report following the case.
 */
import { bytesToBase64 } from '@healthtrace/core';
import { importVerificationKeyPem, parseKeyFileZip, type VerificationKey, verifyKeyFile } from '@healthtrace/rolling-id';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ServerConfig } from '../src/config';
import { buildExportBatches } from '../src/key-server/exports';
import { expectContract } from './support/contract';
import { testDatabases } from './support/databases';
import { certify, dailyKeys, postJson, publishBody } from './support/key-server-flow';
import { startTestServer } from './support/test-server';

/** GAEN report types (exposure_key_export.proto). */
const CONFIRMED_TEST = 1;
const CONFIRMED_CLINICAL_DIAGNOSIS = 2;
const REVOKED = 5;
const START = new Date('2026-11-27T09:10:00Z');
const DAY = 86_400_000;

interface Published {
  insertedExposures: number;
  revisionToken?: string;
}

describe.each(testDatabases)('key revision on $name', (database) => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let clock = START;
  let publicKey: VerificationKey;
  beforeAll(async () => {
    server = await startTestServer(
      database,
      {
        keyServer: { exportMinKeys: 0, exportPaddingJitter: 0, verifyFailuresPerIp: 1000, verifyFailuresGlobal: 100_000 },
      } as Partial<ServerConfig>,
      { now: () => clock },
    );
    const res = await server.fetch(new Request(server.url('/v1/public-keys')));
    const [k] = (
      await expectContract<{ exportSigning: { keyId: string; keyVersion: string; publicKeyPem: string }[] }>(res, 'getPublicKeys')
    ).exportSigning;
    publicKey = importVerificationKeyPem(k!.publicKeyPem, { keyId: k!.keyId, keyVersion: k!.keyVersion });
  });
  afterAll(async () => {
    await server.close();
  });
  beforeEach(() => {
    clock = START;
  });

  const publish = async (
    keys: ReturnType<typeof dailyKeys>,
    code: { testType: string; wardCode?: string },
    revisionToken?: string,
  ): Promise<{ status: number; body: Published & { code?: string } }> => {
    const { certificate, hmacKey } = await certify(server, keys, code);
    const res = await postJson(server, '/v1/exposure-keys', {
      ...publishBody(keys, certificate, hmacKey),
      ...(revisionToken !== undefined ? { revisionToken } : {}),
    });
    return { status: res.status, body: (await res.json()) as Published & { code?: string } };
  };
  const stored = async (keys: ReturnType<typeof dailyKeys>) =>
    (
      await server.deps.db.query<{ report_type: number; revised_report_type: number | null; revised_transmission_risk: number | null }>(
        'SELECT report_type, revised_report_type, revised_transmission_risk FROM exposure_keys WHERE key_data = ANY($1::text[]) ORDER BY key_data',
        [keys.map((k) => bytesToBase64(k.keyData))],
      )
    ).rows;

  it('revises a likely diagnosis to a confirmed test, adds new keys, and exports the revision in revised_keys', async () => {
    const keys = dailyKeys(START, 3);
    const first = await publish(keys, { testType: 'likely' });
    expect(first.status).toBe(200);
    expect(first.body.insertedExposures).toBe(3);
    expect(first.body.revisionToken).toEqual(expect.any(String));
    // The token is opaque: no key in clear.
    for (const k of keys) expect(first.body.revisionToken).not.toContain(bytesToBase64(k.keyData));
    await buildExportBatches(server.deps, new Date(START.getTime() + DAY));

    // Two days later the test is confirmed; the phone also has a newer key.
    clock = new Date(START.getTime() + 2 * DAY);
    const newer = dailyKeys(clock, 1);
    const revised = await publish([...keys, ...newer], { testType: 'confirmed' }, first.body.revisionToken);
    expect(revised.status).toBe(200);
    expect(revised.body.insertedExposures).toBe(4);
    expect((await stored(keys)).map((r) => [r.report_type, r.revised_report_type, r.revised_transmission_risk])).toEqual(
      Array(3).fill([CONFIRMED_CLINICAL_DIAGNOSIS, CONFIRMED_TEST, 2]),
    );
    expect((await stored(newer))[0]).toMatchObject({ report_type: CONFIRMED_TEST, revised_report_type: null });

    // The next export window carries the new key in `keys` and the revised ones in `revised_keys`, signed.
    const built = await buildExportBatches(server.deps, new Date(clock.getTime() + DAY));
    const hourly = built.files.filter((n) => n.startsWith('hourly-'));
    const files = await Promise.all(hourly.map((n) => server.deps.blobs.get(`exports/${n}`)));
    const parsed = files.map((zip) => {
      expect(verifyKeyFile(zip as Uint8Array, publicKey)).toMatchObject({ valid: true });
      return parseKeyFileZip(zip as Uint8Array).export;
    });
    const revisedKeys = parsed.flatMap((e) => e.revisedKeys);
    expect(revisedKeys.map((k) => bytesToBase64(k.keyData)).sort()).toEqual(keys.map((k) => bytesToBase64(k.keyData)).sort());
    expect(revisedKeys.every((k) => k.reportType === CONFIRMED_TEST && k.transmissionRiskLevel === 2)).toBe(true);
    // Days since onset follow the new certificate's onset (by default 4 days before the revision, the 25th):
    // the keys of the 24th, 25th and 26th.
    expect(revisedKeys.map((k) => k.daysSinceOnsetOfSymptoms).sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual([-1, 0, 1]);
    expect(parsed.flatMap((e) => e.keys).map((k) => bytesToBase64(k.keyData))).toEqual(newer.map((k) => bytesToBase64(k.keyData)));

    // A key is revised once: the same token again is a no-op for the same type, and refused for another.
    const again = await publish(keys, { testType: 'confirmed' }, first.body.revisionToken);
    expect(again).toMatchObject({ status: 200, body: { insertedExposures: 0 } });
    const revoke = await publish(keys, { testType: 'negative' }, revised.body.revisionToken);
    expect(revoke).toMatchObject({ status: 422, body: { code: 'invalid-revision' } });
  });

  it('revokes a likely diagnosis after a negative test; a negative test alone publishes nothing', async () => {
    const keys = dailyKeys(START, 2);
    const first = await publish(keys, { testType: 'likely' });
    expect(first.status).toBe(200);
    const alone = await publish(dailyKeys(START, 2), { testType: 'negative' });
    expect(alone).toMatchObject({ status: 422, body: { code: 'negative-test' } });
    // Keys the token does not name, on a negative certificate, are not published.
    const stranger = dailyKeys(START, 1);
    const revoked = await publish([...keys, ...stranger], { testType: 'negative' }, first.body.revisionToken);
    expect(revoked.status).toBe(200);
    expect(revoked.body).toEqual({ insertedExposures: 2 });
    expect((await stored(keys)).map((r) => r.revised_report_type)).toEqual([REVOKED, REVOKED]);
    expect(await stored(stranger)).toEqual([]);
    const nothingLeft = await publish(keys, { testType: 'negative' }, first.body.revisionToken);
    expect(nothingLeft).toMatchObject({ status: 200, body: { insertedExposures: 0 } });
  });

  it('refuses published keys without their token, forged tokens, and revisions of confirmed keys', async () => {
    const keys = dailyKeys(START, 2);
    const confirmed = await publish(keys, { testType: 'confirmed' });
    expect(confirmed.status).toBe(200);
    const noToken = await publish(keys, { testType: 'confirmed' });
    expect(noToken).toMatchObject({ status: 422, body: { code: 'key-already-published' } });
    const otherKeys = dailyKeys(START, 1);
    const other = await publish(otherKeys, { testType: 'likely' });
    const wrongToken = await publish(keys, { testType: 'confirmed' }, other.body.revisionToken);
    expect(wrongToken).toMatchObject({ status: 422, body: { code: 'key-already-published' } });
    for (const forged of ['not-a-token', `${confirmed.body.revisionToken?.slice(0, -4)}AAAA`, 'x'.repeat(5000)]) {
      const bad = await publish(dailyKeys(START, 1), { testType: 'confirmed' }, forged);
      expect(bad, forged.slice(0, 20)).toMatchObject({ status: 400, body: { code: 'invalid-revision-token' } });
    }
    const downgrade = await publish(keys, { testType: 'likely' }, confirmed.body.revisionToken);
    expect(downgrade).toMatchObject({ status: 422, body: { code: 'invalid-revision' } });
    // A rejected publish changed nothing.
    expect((await stored(keys)).map((r) => [r.report_type, r.revised_report_type])).toEqual([
      [CONFIRMED_TEST, null],
      [CONFIRMED_TEST, null],
    ]);
    // Tokens expire with the key retention (15 days).
    clock = new Date(START.getTime() + 16 * DAY);
    const stale = await publish(dailyKeys(clock, 1), { testType: 'confirmed' }, other.body.revisionToken);
    expect(stale).toMatchObject({ status: 400, body: { code: 'invalid-revision-token' } });
  });

  it('moves the positive report of a revised case instead of counting it twice', async () => {
    const reports = async () =>
      (
        await server.deps.db.query<{ report_type: string }>(
          "SELECT report_type FROM positive_reports WHERE ward_code = '00004' ORDER BY published_at",
        )
      ).rows.map((r) => r.report_type);
    const keys = dailyKeys(START, 2);
    const first = await publish(keys, { testType: 'likely', wardCode: '00004' });
    expect(await reports()).toEqual(['likely']);
    const revised = await publish(keys, { testType: 'confirmed', wardCode: '00004' }, first.body.revisionToken);
    expect(revised.status).toBe(200);
    expect(await reports()).toEqual(['confirmed']);
  });
});
