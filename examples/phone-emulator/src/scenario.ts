/**
 * The scenario: three phones, a café and a positive test, against an in-process `@healthtrace/server` on an
 * in-memory database. Every step goes through the same code a real app and server run; only the radio is
 * emulated (the advertisement bytes are real, the RSSI is chosen by the scenario) and the clock is shared.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, type HealthtraceClient } from '@healthtrace/client';
import { downloadExportFiles } from '@healthtrace/client/export-files';
import { publishDiagnosisKeys } from '@healthtrace/client/key-server';
import type { ParsedKeyFile } from '@healthtrace/rolling-id';
import { importVerificationKeyPem, type VerificationKey } from '@healthtrace/rolling-id';
import { createHealthtraceServer, createLogger, type HealthtraceServer, loadConfig } from '@healthtrace/server';
import { type RiskPolicy, VirtualPhone } from './phone';

/** What happened, for printing and for the test. */
export interface ScenarioReport {
  /** One line per step. */
  steps: string[];
  /** Keys Alice published. */
  publishedKeys: number;
  /** Export files downloaded and verified (per phone). */
  exportFiles: string[];
  /** Keys in those files (real keys plus padding). */
  exportedKeys: number;
  /** Per phone: sightings logged, matched sightings, exposure windows, notifications. */
  phones: {
    name: string;
    sightings: number;
    matchedSightings: number;
    exposureWindows: number;
    notifications: string[];
  }[];
}

/** The app's risk policy: GAEN v2 buckets at 55/63/73 dB weighted 1/1/0.5/0, notify from 15 weighted minutes a day. */
export const POLICY: RiskPolicy = {
  config: {
    attenuationBucketThresholdDb: [55, 63, 73],
    attenuationBucketWeights: [1, 1, 0.5, 0],
    reportTypeWeights: { '1': 1, '2': 1, '3': 1, '4': 1 },
    infectiousnessWeights: { '1': 1, '2': 1 },
    minimumWindowScore: 0,
    daysSinceExposureThreshold: 14,
  },
  dailyThresholdSeconds: 15 * 60,
};

const MINUTE = 60_000;
const BASE_URL = 'http://healthtrace.local';

/**
 * Runs the whole scenario.
 *
 * @param options - the start time (default 2026-11-20 08:00 UTC) and a step logger.
 * @returns what happened.
 */
export async function runScenario(options: { start?: Date; log?: (line: string) => void } = {}): Promise<ScenarioReport> {
  let clock = (options.start ?? new Date('2026-11-20T08:00:00Z')).getTime();
  const now = (): number => clock;
  const steps: string[] = [];
  const step = (line: string): void => {
    steps.push(line);
    options.log?.(line);
  };

  const alice = new VirtualPhone('Alice', 'Pixel 4', now);
  const bob = new VirtualPhone('Bob', 'SM-G973F', now);
  const carol = new VirtualPhone('Carol', 'iPhone12,1', now);
  const phones = [alice, bob, carol];

  // Day 1, 09:00–09:45 UTC: Alice and Bob share a table in a café for 45 minutes (every phone scans every 5 minutes,
  // as GAEN does); Carol passes by the far end of the room for the first 5 minutes.
  clock += 60 * MINUTE;
  for (let minute = 0; minute <= 45; minute += 5) {
    const adverts = new Map(phones.map((p) => [p, p.advertisement()]));
    const hears = (listener: VirtualPhone, speaker: VirtualPhone, rssi: number): void => {
      if (!listener.hear(adverts.get(speaker)!, rssi)) throw new Error('not a GAEN advertisement');
    };
    hears(bob, alice, -68 - (minute % 10 === 0 ? 0 : 3));
    hears(alice, bob, -70);
    if (minute <= 5) {
      hears(carol, alice, -98);
      hears(alice, carol, -97);
      hears(carol, bob, -99);
    }
    clock += 5 * MINUTE;
  }
  step(
    `day 1: ${phones.map((p) => `${p.name} logged ${p.log.size} sightings`).join(', ')} ` +
      `(31-byte GAEN adverts, e.g. ${Buffer.from(alice.advertisement()).toString('hex').slice(0, 22)}…)`,
  );

  // The server: in process, in-memory database, silent logs, background jobs run on demand.
  const dataDir = mkdtempSync(join(tmpdir(), 'phone-emulator-'));
  let server: HealthtraceServer | undefined;
  try {
    const config = loadConfig({ dataDir, port: 0 });
    server = await createHealthtraceServer({
      config,
      database: 'memory',
      logger: createLogger({ level: 'silent' }),
      now: () => new Date(clock),
      jobs: false,
    });
    const s = server;
    const connect = (auth?: { healthAuthorityToken: string }): HealthtraceClient =>
      createClient({ baseUrl: BASE_URL, fetch: (input, init) => s.fetch(new Request(input, init)), ...(auth ? { auth } : {}) });
    const authority = connect({ healthAuthorityToken: config.healthAuthorityTokens[0]! });
    const app = connect();

    // Day 3, 10:00 UTC: Alice tests positive. The health authority issues a verification code...
    clock = Date.parse('2026-11-22T10:00:00Z');
    const issued = await authority.api.POST('/v1/verification/codes', { body: { testType: 'confirmed', symptomDate: '2026-11-21' } });
    if (!issued.data) throw new Error(`issuing a code failed with HTTP ${issued.response.status}`);
    step(`day 3: the health authority issues verification code ${issued.data.code} to Alice`);

    // ...and Alice's app verifies it, gets a certificate bound to the HMAC of her keys and publishes them.
    const keys = alice.keysForUpload();
    const { insertedExposures } = await publishDiagnosisKeys(app, {
      code: issued.data.code,
      keys,
      healthAuthorityID: config.healthAuthorityId,
    });
    step(`day 3: Alice's app publishes ${insertedExposures} diagnosis key(s) (verify → certificate → publish)`);

    // An hour later the server closes the export batch: sorted, padded, signed export.zip files.
    clock += 65 * MINUTE;
    await s.runJobs();

    // Every phone downloads the index and the new files, verifies their signatures and matches them.
    const published = await app.api.GET('/v1/public-keys');
    if (!published.data) throw new Error(`GET /v1/public-keys failed with HTTP ${published.response.status}`);
    const publicKeys: VerificationKey[] = published.data.exportSigning.map((k) =>
      importVerificationKeyPem(k.publicKeyPem, { keyId: k.keyId, keyVersion: k.keyVersion }),
    );
    const files: { name: string; file: ParsedKeyFile }[] = [];
    for await (const { name, file } of downloadExportFiles(app, { publicKeys })) files.push({ name, file });
    const exportedKeys = files.reduce((n, f) => n + f.file.export.keys.length, 0);
    step(`day 3: ${files.length} signed export file(s) with ${exportedKeys} keys (padded) downloaded and verified`);

    const report: ScenarioReport = {
      steps,
      publishedKeys: insertedExposures,
      exportFiles: files.map((f) => f.name),
      exportedKeys,
      phones: [],
    };
    for (const phone of phones) {
      const { match, days } = await phone.checkExposure(
        files.map((f) => f.file),
        publicKeys,
        POLICY,
      );
      const score = days.map((d) => `${new Date(d.dateMs).toISOString().slice(0, 10)}: ${Math.round(d.scoreSum / 60)} weighted min`);
      step(
        `${phone.name}: ${match.matchedSightings} of ${phone.log.size} sightings match, ${match.exposureWindows.length} exposure window(s)` +
          (score.length ? ` (${score.join('; ')})` : '') +
          (phone.notifications.length ? ` → NOTIFICATION: ${phone.notifications.map((n) => n.message).join(' ')}` : ' → no notification'),
      );
      report.phones.push({
        name: phone.name,
        sightings: phone.log.size,
        matchedSightings: match.matchedSightings,
        exposureWindows: match.exposureWindows.length,
        notifications: phone.notifications.map((n) => n.message),
      });
    }
    return report;
  } finally {
    await server?.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
