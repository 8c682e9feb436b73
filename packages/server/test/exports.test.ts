import { createClient } from '@healthtrace/client';
import { downloadExportFiles } from '@healthtrace/client/export-files';
import { publishDiagnosisKeys } from '@healthtrace/client/key-server';
import { bytesToBase64 } from '@healthtrace/core';
import { importVerificationKeyPem, parseKeyFileZip, type VerificationKey, verifyKeyFile } from '@healthtrace/rolling-id';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ServerConfig } from '../src/config';
import { buildExportBatches, exportBatchesJob, purgeExports } from '../src/key-server/exports';
import { expectContract } from './support/contract';
import { testDatabases } from './support/databases';
import { dailyKeys, postJson, publishKeys } from './support/key-server-flow';
import { HA_TOKEN, startTestServer } from './support/test-server';

const START = new Date('2026-11-27T09:10:00Z');

describe.each(testDatabases)('export files on $name', (database) => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let clock = START;
  let publicKey: VerificationKey;
  beforeAll(async () => {
    server = await startTestServer(
      database,
      { keyServer: { exportMinKeys: 40, exportPaddingJitter: 0, exportMaxKeysPerFile: 15 } } as Partial<ServerConfig>,
      { now: () => clock },
    );
    const res = await server.fetch(new Request(server.url('/v1/public-keys')));
    const body = await expectContract<{ exportSigning: { keyId: string; keyVersion: string; publicKeyPem: string }[] }>(
      res,
      'getPublicKeys',
    );
    expect(body.exportSigning).toHaveLength(1);
    const [k] = body.exportSigning;
    expect(k).toMatchObject({ keyId: '452', keyVersion: 'v1', algorithm: '1.2.840.10045.4.3.2' });
    publicKey = importVerificationKeyPem(k!.publicKeyPem, { keyId: k!.keyId, keyVersion: k!.keyVersion });
  });
  afterAll(async () => {
    await server.close();
  });
  beforeEach(() => {
    clock = START;
  });

  const index = async (period?: string): Promise<string[]> => {
    const res = await server.fetch(new Request(server.url(`/v1/exports/index.txt${period ? `?period=${period}` : ''}`)));
    expect(res.status).toBe(200);
    const text = await expectContract<string>(res, 'getExportIndex');
    return text.split('\n').filter(Boolean);
  };
  const download = async (name: string): Promise<Uint8Array> => {
    const res = await server.fetch(new Request(server.url(`/v1/exports/${name}`)));
    expect(res.status).toBe(200);
    await expectContract(res, 'getExportFile');
    return new Uint8Array(await res.arrayBuffer());
  };

  it('builds signed, padded, sorted and batched hourly and daily files that verify with the published key', async () => {
    expect(await index()).toEqual([]);
    const keys = [...dailyKeys(START, 10), ...dailyKeys(START, 10)];
    expect((await publishKeys(server, keys.slice(0, 10))).status).toBe(200);
    expect((await publishKeys(server, keys.slice(10))).status).toBe(200);
    // Nothing is built before the hour closes.
    expect((await buildExportBatches(server.deps, new Date('2026-11-27T09:59:59Z'))).files).toEqual([]);
    const built = await buildExportBatches(server.deps, new Date('2026-11-28T00:00:00Z'));
    // 20 real keys padded to 40, at most 15 per file: 3 hourly files (09:00–10:00) and 3 daily files.
    expect(built.files).toHaveLength(6);
    const hourly = await index();
    expect(hourly).toHaveLength(3);
    expect(hourly.every((n) => /^hourly-20261127T09-[0-9a-f]{8}-[123]-of-3\.zip$/.test(n))).toBe(true);
    expect(hourly.map((n) => n.split('-').at(-3))).toEqual(['1', '2', '3']);
    const daily = await index('daily');
    expect(daily).toHaveLength(3);
    const wanted = new Set(keys.map((k) => bytesToBase64(k.keyData)));
    for (const list of [hourly, daily]) {
      const seen: string[] = [];
      let total = 0;
      for (const [i, name] of list.entries()) {
        const zip = await download(name);
        expect(verifyKeyFile(zip, publicKey)).toMatchObject({ valid: true });
        const file = parseKeyFileZip(zip);
        expect(file.export).toMatchObject({ region: 'VN', batchNum: i + 1, batchSize: 3 });
        expect(file.export.keys.length).toBeLessThanOrEqual(15);
        total += file.export.keys.length;
        seen.push(...file.export.keys.map((k) => bytesToBase64(k.keyData)));
        const hex = file.export.keys.map((k) => Buffer.from(k.keyData).toString('hex'));
        expect(hex).toEqual([...hex].sort());
        for (const k of file.export.keys) {
          if (!wanted.has(bytesToBase64(k.keyData))) continue;
          expect(k).toMatchObject({ reportType: 1, transmissionRiskLevel: 2, rollingPeriod: 144 });
        }
      }
      expect(total).toBe(40);
      for (const k of wanted) expect(seen).toContain(k);
      // Keys sorted across the whole batch, too.
      const all = seen.map((b) => Buffer.from(b, 'base64').toString('hex'));
      expect(all).toEqual([...all].sort());
    }
    // Running again builds nothing new and keeps the index stable.
    expect((await buildExportBatches(server.deps, new Date('2026-11-28T00:00:00Z'))).files).toEqual([]);
    expect(await index()).toEqual(hourly);
    // Later hours stay empty until keys arrive; the next keys land in a later file, listed after.
    clock = new Date('2026-11-28T03:30:00Z');
    expect((await publishKeys(server, dailyKeys(clock, 1))).status).toBe(200);
    await buildExportBatches(server.deps, new Date('2026-11-28T05:00:00Z'));
    const after = await index();
    expect(after.slice(0, 3)).toEqual(hourly);
    expect(after.at(-1)).toMatch(/^hourly-20261128T03-/);
  });

  it('holds still-valid keys back until two hours after the end of their day', async () => {
    clock = new Date('2026-11-29T10:05:00Z');
    const keys = dailyKeys(clock, 1, true);
    expect((await publishKeys(server, keys)).status).toBe(200);
    const id = bytesToBase64(keys[0]!.keyData);
    const contains = async (): Promise<boolean> => {
      for (const name of await index())
        if (parseKeyFileZip(await download(name)).export.keys.some((k) => bytesToBase64(k.keyData) === id)) return true;
      return false;
    };
    await buildExportBatches(server.deps, new Date('2026-11-30T01:00:00Z'));
    expect(await contains()).toBe(false);
    await buildExportBatches(server.deps, new Date('2026-11-30T03:00:00Z'));
    expect(await contains()).toBe(true);
  });

  it('lists one set of files when two processes build the same batch at once', async () => {
    clock = new Date('2026-12-01T06:10:00Z');
    expect((await publishKeys(server, dailyKeys(clock, 2))).status).toBe(200);
    const until = new Date('2026-12-01T07:00:00Z');
    const [a, b] = await Promise.all([buildExportBatches(server.deps, until), buildExportBatches(server.deps, until)]);
    const listed = (await index()).filter((n) => n.startsWith('hourly-20261201T06'));
    expect(listed).toHaveLength(3);
    expect([...a.files, ...b.files].filter((n) => n.startsWith('hourly-20261201T06')).sort()).toEqual([...listed].sort());
    const blobs = (await server.deps.blobs.list('exports')).filter((n) => n.includes('hourly-20261201T06'));
    expect(blobs).toHaveLength(3);
  });

  it('closes a window in the background job only a minute after it ended', async () => {
    clock = new Date('2026-12-01T10:20:00Z');
    expect((await publishKeys(server, dailyKeys(clock, 1))).status).toBe(200);
    clock = new Date('2026-12-01T11:00:30Z');
    await exportBatchesJob.run(server.deps);
    expect((await index()).some((n) => n.startsWith('hourly-20261201T10'))).toBe(false);
    clock = new Date('2026-12-01T11:01:00Z');
    await exportBatchesJob.run(server.deps);
    expect((await index()).filter((n) => n.startsWith('hourly-20261201T10'))).toHaveLength(3);
  });

  it('answers 404 for unknown files and 400 for an unknown period', async () => {
    for (const name of ['nope.zip', 'index.zip', '..%2Fkeys.zip']) {
      const res = await server.fetch(new Request(server.url(`/v1/exports/${name}`)));
      expect(res.status).toBe(404);
      await expectContract(res, 'getExportFile');
    }
    const bad = await server.fetch(new Request(server.url('/v1/exports/index.txt?period=weekly')));
    expect(bad.status).toBe(400);
    await expectContract(bad, 'getExportIndex');
  });

  it('publishes with @healthtrace/client and downloads verified files back (end to end)', async () => {
    clock = new Date('2026-12-02T08:20:00Z');
    const client = createClient({
      baseUrl: 'http://healthtrace.test',
      fetch: (input: RequestInfo | URL, init?: RequestInit) => server.fetch(new Request(input, init)),
    });
    const issued = await expectContract<{ code: string }>(
      await postJson(server, '/v1/verification/codes', { testType: 'confirmed', testDate: '2026-12-01' }, { token: HA_TOKEN }),
      'issueVerificationCode',
    );
    const lastBefore = (await index()).at(-1);
    const keys = dailyKeys(clock, 14, true);
    const { insertedExposures, revisionToken } = await publishDiagnosisKeys(client, {
      code: issued.code,
      keys,
      healthAuthorityID: 'vn.healthtrace.dev',
    });
    expect(insertedExposures).toBe(14);
    expect(revisionToken).toMatch(/^v1\.[\w.-]{20,}$/);
    // The client passes the token back: a confirmed diagnosis cannot be revoked (only a likely one can).
    const second = await expectContract<{ code: string }>(
      await postJson(server, '/v1/verification/codes', { testType: 'negative', testDate: '2026-12-01' }, { token: HA_TOKEN }),
      'issueVerificationCode',
    );
    const revising = publishDiagnosisKeys(client, {
      code: second.code,
      keys,
      healthAuthorityID: 'vn.healthtrace.dev',
      revisionToken: revisionToken as string,
    });
    await expect(revising).rejects.toMatchObject({ step: 'publish', status: 422, cause: { code: 'invalid-revision' } });
    await buildExportBatches(server.deps, new Date('2026-12-03T03:00:00Z'));
    const found = new Set<string>();
    let files = 0;
    for await (const { file } of downloadExportFiles(client, { publicKeys: publicKey, ...(lastBefore ? { after: lastBefore } : {}) })) {
      files++;
      for (const k of file.export.keys) found.add(bytesToBase64(k.keyData));
    }
    expect(files).toBeGreaterThan(0);
    for (const k of keys) expect(found.has(bytesToBase64(k.keyData))).toBe(true);
  });

  it('deletes files, batches and keys past the retention period', async () => {
    clock = new Date('2026-12-30T00:00:00Z');
    await purgeExports(server.deps);
    expect(await index()).toEqual([]);
    expect(await server.deps.blobs.list('exports')).toEqual([]);
    expect((await server.deps.db.query('SELECT 1 FROM exposure_keys')).rows).toEqual([]);
  });
});
