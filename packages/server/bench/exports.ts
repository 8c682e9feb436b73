/**
 * Benchmark of export building (issue 8 floor: building and signing export files for 100,000 keys
 * ≤ 5 s). Publishes 100,000 diagnosis keys into one hour of a fresh embedded PGlite database
 * (and a fresh PostgreSQL database when `HEALTHTRACE_TEST_DATABASE_URL` is set), then times
 * `buildExportBatches` — the whole server path: reading the keys, padding, sorting, encoding,
 * ECDSA P-256 signing, writing the zips through the blob store and listing them — for the hourly
 * and the daily batch (so every key is exported twice per round). Also times `createKeyFiles` alone
 * over the same keys. Several rounds; the best counts, the spread is printed. Wall clock decides the floor;
 * this process's CPU time is printed alongside, because on a machine shared with other jobs the wall
 * clock also measures the scheduler.
 *
 * Usage: `tsx --conditions=@healthtrace/source bench/exports.ts [--json] [--keys 100000] [--rounds 3]`
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKeyFiles, type TemporaryExposureKey } from '@healthtrace/rolling-id';
import pg from 'pg';
import { loadConfig } from '../src/config';
import type { Database } from '../src/db/database';
import { openPostgres } from '../src/db/postgres';
import { buildExportBatches } from '../src/key-server/exports';
import { keyServerKeys } from '../src/key-server/signing-key';
import { createLogger } from '../src/logging';
import { createHealthtraceServer } from '../src/server';

const args = process.argv.slice(2);
const value = (name: string, fallback: number): number => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const JSON_OUT = args.includes('--json');
const KEYS = value('--keys', 100_000);
const ROUNDS = value('--rounds', 3);
const FLOOR_MS = 5000;
const HOUR_START = Date.parse('2026-11-27T08:00:00Z');
const until = new Date(HOUR_START + 86_400_000);

interface Figures {
  database: string;
  keys: number;
  files: number;
  roundsMs: number[];
  /** This process's CPU time per round (user + system; includes PGlite, which runs in process). */
  roundsCpuMs: number[];
  bestMs: number;
  bestCpuMs: number;
  perBatchBestMs: number;
  keysPerSecond: number;
  meetsFloor: boolean;
}

const log = (line: string): void => {
  if (!JSON_OUT) process.stdout.write(`${line}\n`);
};

function randomKeys(n: number): { rows: unknown[][]; keys: TemporaryExposureKey[] } {
  const bytes = randomBytes(n * 16);
  const day = Math.floor(HOUR_START / 600_000 / 144) * 144;
  const rows: unknown[][] = [];
  const keys: TemporaryExposureKey[] = [];
  for (let i = 0; i < n; i++) {
    const keyData = new Uint8Array(bytes.subarray(i * 16, i * 16 + 16));
    const rsin = day - (1 + (i % 14)) * 144;
    rows.push([Buffer.from(keyData).toString('base64'), rsin, 144, 2, 1, -(i % 14)]);
    keys.push({
      keyData,
      rollingStartIntervalNumber: rsin,
      rollingPeriod: 144,
      transmissionRiskLevel: 2,
      reportType: 1,
      daysSinceOnsetOfSymptoms: -(i % 14),
    });
  }
  return { rows, keys };
}

async function run(name: string, database: Database | 'memory', rows: unknown[][]): Promise<Figures> {
  const dataDir = mkdtempSync(join(tmpdir(), 'healthtrace-bench-exports-'));
  const config = loadConfig({ dataDir, port: 0 }, { HEALTHTRACE_HA_TOKENS: 'bench' });
  const server = await createHealthtraceServer({ config, database, logger: createLogger({ level: 'silent' }), jobs: false });
  try {
    const db = server.deps.db;
    for (let i = 0; i < rows.length; i += 10_000) {
      await db.query(
        `INSERT INTO exposure_keys (key_data, rolling_start, rolling_period, transmission_risk, report_type, days_since_onset,
           health_authority, received_at, available_at)
         SELECT r->>0, (r->>1)::int, (r->>2)::int, (r->>3)::int, (r->>4)::int, (r->>5)::int, 'bench', $2, $2
         FROM jsonb_array_elements($1::jsonb) AS r`,
        [JSON.stringify(rows.slice(i, i + 10_000)), new Date(HOUR_START + 60_000).toISOString()],
      );
    }
    keyServerKeys(config);
    const roundsMs: number[] = [];
    const roundsCpuMs: number[] = [];
    let files = 0;
    for (let r = 0; r < ROUNDS; r++) {
      await db.query('DELETE FROM export_files');
      await db.query('DELETE FROM export_batches');
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      const built = await buildExportBatches(server.deps, until);
      roundsMs.push(performance.now() - t0);
      const c1 = process.cpuUsage(c0);
      roundsCpuMs.push((c1.user + c1.system) / 1000);
      files = built.files.length;
      if (built.keys !== 2 * rows.length) throw new Error(`exported ${built.keys} keys, expected ${2 * rows.length}`);
    }
    const bestMs = Math.min(...roundsMs);
    // Two batches (hourly + daily) carry every key; the floor applies to one batch of 100,000 keys.
    const perBatchBestMs = bestMs / 2;
    return {
      database: name,
      keys: rows.length,
      files,
      roundsMs: roundsMs.map((m) => Math.round(m)),
      roundsCpuMs: roundsCpuMs.map((m) => Math.round(m)),
      bestMs: Math.round(bestMs),
      bestCpuMs: Math.round(Math.min(...roundsCpuMs)),
      perBatchBestMs: Math.round(perBatchBestMs),
      keysPerSecond: Math.round(rows.length / (perBatchBestMs / 1000)),
      meetsFloor: perBatchBestMs <= FLOOR_MS,
    };
  } finally {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const { rows, keys } = randomKeys(KEYS);
  const results: Figures[] = [];
  log(`export building: ${KEYS.toLocaleString('en')} keys, ${ROUNDS} rounds, floor ${FLOOR_MS} ms per batch`);

  // createKeyFiles alone (sort + encode + sign + zip), for reference.
  const signingKey = keyServerKeys(
    loadConfig({ dataDir: mkdtempSync(join(tmpdir(), 'healthtrace-bench-key-')) }, { HEALTHTRACE_HA_TOKENS: 'b' }),
  ).exportSigning;
  const libMs: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const t0 = performance.now();
    createKeyFiles(keys, { signingKeys: [signingKey], region: 'VN', startTimestamp: 0, endTimestamp: 3600 });
    libMs.push(performance.now() - t0);
  }
  log(`  createKeyFiles only      best ${Math.round(Math.min(...libMs))} ms  (rounds ${libMs.map((m) => Math.round(m)).join(', ')})`);

  const targets: [string, () => Promise<{ db: Database | 'memory'; drop?: () => Promise<void> }>][] = [
    ['pglite', async () => ({ db: 'memory' })],
  ];
  const adminUrl = process.env.HEALTHTRACE_TEST_DATABASE_URL;
  if (adminUrl) {
    targets.push([
      'postgres',
      async () => {
        const name = `ht_bench_${randomBytes(6).toString('hex')}`;
        const admin = new pg.Client({ connectionString: adminUrl });
        await admin.connect();
        await admin.query(`CREATE DATABASE ${name}`);
        await admin.end();
        const url = new URL(adminUrl);
        url.pathname = `/${name}`;
        const db = await openPostgres(url.toString());
        return {
          db,
          drop: async () => {
            const a = new pg.Client({ connectionString: adminUrl });
            await a.connect();
            await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
            await a.end();
          },
        };
      },
    ]);
  }
  for (const [name, open] of targets) {
    const { db, drop } = await open();
    try {
      const f = await run(name, db, rows);
      results.push(f);
      log(
        `  buildExportBatches ${name.padEnd(8)} hourly+daily best ${f.bestMs} ms → ${f.perBatchBestMs} ms per 100k-key batch ` +
          `(${f.files} files; rounds ${f.roundsMs.join(', ')}; CPU best ${f.bestCpuMs} ms; ${f.keysPerSecond.toLocaleString('en')} keys/s) ` +
          `${f.meetsFloor ? 'OK' : 'BELOW FLOOR'} (≤ ${FLOOR_MS} ms)`,
      );
    } finally {
      await drop?.();
    }
  }
  if (JSON_OUT) {
    process.stdout.write(
      `${JSON.stringify({ benchmark: 'server-exports', keys: KEYS, rounds: ROUNDS, floorMs: FLOOR_MS, createKeyFilesMs: libMs.map((m) => Math.round(m)), results }, null, 2)}\n`,
    );
  }
  if (results.some((r) => !r.meetsFloor)) process.exitCode = 1;
}

await main();
