import { randomBytes } from 'node:crypto';
import { base64ToBytes } from '@healthtrace/core';
import {
  createKeyFiles,
  decodeExportBin,
  encodeExportBin,
  encodeSignatureList,
  readKeyFileEntries,
  type SigningKey,
  signExportBin,
  type TemporaryExposureKey,
  writeKeyFileZip,
} from '@healthtrace/rolling-id';
import type { ServerDeps } from '../http/context';
import type { Job } from '../jobs/index';
import { keyServerSettings } from './settings';
import { keyServerKeys } from './signing-key';
import { purgeVerificationState } from './verification';

/** Export batch periods: hourly files for phones that check often, daily files for the rest. */
export type ExportPeriod = 'hourly' | 'daily';

const PERIOD_MS: Record<ExportPeriod, number> = { hourly: 3_600_000, daily: 86_400_000 };

/** Result of {@link buildExportBatches}. */
export interface ExportBuildResult {
  /** Batches closed (with or without keys). */
  batches: number;
  /** Names of the files written. */
  files: string[];
  /** Real keys exported (padding excluded), summed over both periods. */
  keys: number;
}

/** Keys are read in pages of this many rows. */
const PAGE = 250_000;

/**
 * Reads the keys that became available in `[start, end)`. Each page comes back as ONE text
 * value (`string_agg`) rather than one row per key: PGlite decodes rows slowly (about 1.7 s for
 * 100,000 rows on the reference machine against 0.15 s for the same data as one string), and the
 * export benchmark floor (100,000 keys ≤ 5 s) needs the difference.
 */
async function readKeys(deps: ServerDeps, start: Date, end: Date): Promise<TemporaryExposureKey[]> {
  const keys: TemporaryExposureKey[] = [];
  let after = '';
  for (;;) {
    const page = await deps.db.query<{ n: number | string; last: string | null; data: string | null }>(
      `SELECT count(*) AS n, max(key_data) AS last,
         string_agg(concat_ws('.', key_data, rolling_start, rolling_period, transmission_risk, report_type,
           coalesce(days_since_onset::text, '')), ',') AS data
       FROM (SELECT * FROM exposure_keys WHERE available_at >= $1 AND available_at < $2 AND key_data > $3
             ORDER BY key_data LIMIT $4) AS page`,
      [start.toISOString(), end.toISOString(), after, PAGE],
    );
    const row = page.rows[0];
    if (!row?.data || !row.last) break;
    for (const item of row.data.split(',')) {
      const [key, rsin, period, risk, report, dso] = item.split('.') as [string, string, string, string, string, string];
      const k: TemporaryExposureKey = {
        keyData: base64ToBytes(key),
        rollingStartIntervalNumber: Number(rsin),
        rollingPeriod: Number(period),
        transmissionRiskLevel: Number(risk),
        reportType: Number(report),
      };
      if (dso !== '') k.daysSinceOnsetOfSymptoms = Number(dso);
      keys.push(k);
    }
    if (Number(row.n) < PAGE) break;
    after = row.last;
  }
  return keys;
}

/** Keys revised (see `revision.ts`) in `[start, end)`, with their revised values: few, so read row by row. */
async function readRevisedKeys(deps: ServerDeps, start: Date, end: Date): Promise<TemporaryExposureKey[]> {
  const rows = await deps.db.query<{
    key_data: string;
    rolling_start: number;
    rolling_period: number;
    risk: number;
    report: number;
    dso: number | null;
  }>(
    `SELECT key_data, rolling_start, rolling_period, revised_transmission_risk AS risk, revised_report_type AS report,
       revised_days_since_onset AS dso
     FROM exposure_keys WHERE revised_available_at >= $1 AND revised_available_at < $2 ORDER BY key_data`,
    [start.toISOString(), end.toISOString()],
  );
  return rows.rows.map((r) => {
    const k: TemporaryExposureKey = {
      keyData: base64ToBytes(r.key_data),
      rollingStartIntervalNumber: Number(r.rolling_start),
      rollingPeriod: Number(r.rolling_period),
      transmissionRiskLevel: Number(r.risk),
      reportType: Number(r.report),
    };
    if (r.dso !== null) k.daysSinceOnsetOfSymptoms = Number(r.dso);
    return k;
  });
}

/** Re-encodes and re-signs the first file of a batch with the batch's revised keys in `revised_keys`. */
function withRevisedKeys(zip: Uint8Array, revised: TemporaryExposureKey[], signingKeys: SigningKey[]): Uint8Array {
  const exp = decodeExportBin(readKeyFileEntries(zip).exportBin);
  const bin = encodeExportBin({ ...exp, revisedKeys: revised }, { sortKeys: true });
  return writeKeyFileZip(bin, encodeSignatureList(signExportBin(bin, signingKeys, exp.batchNum, exp.batchSize)));
}

function compactTime(d: Date): string {
  return d.toISOString().slice(0, 13).replace(/[-:]/g, '');
}

/**
 * Closes every export batch (hourly and daily) whose window ended at or before `until`: the keys
 * that became available in the window (still-valid keys are embargoed, see publish), sorted and
 * padded to the minimum key count, split into files of at most `exportMaxKeysPerFile` keys
 * (`batch_num`/`batch_size`), signed with the export signing key (ECDSA P-256) by
 * `createKeyFiles` of `@healthtrace/rolling-id`, written through `deps.blobs` under `exports/`.
 * Batches resume where the last one ended (at most the retention period back); an empty window
 * closes without a file. Safe with several server processes: files get unique names and only the
 * process whose batch row commits first lists its files (the others delete theirs).
 *
 * @param deps - the server's dependencies.
 * @param until - close windows ending at or before this time (default now).
 * @returns what was built.
 * @example
 * ```ts
 * const { files } = await buildExportBatches(deps, new Date());
 * ```
 */
export async function buildExportBatches(deps: ServerDeps, until: Date = deps.now()): Promise<ExportBuildResult> {
  const settings = keyServerSettings(deps.config);
  const result: ExportBuildResult = { batches: 0, files: [], keys: 0 };
  for (const period of ['hourly', 'daily'] as const) {
    const ms = PERIOD_MS[period];
    const last = await deps.db.query<{ end_at: Date | null }>('SELECT max(end_at) AS end_at FROM export_batches WHERE kind = $1', [period]);
    let start: number;
    if (last.rows[0]?.end_at) start = new Date(last.rows[0].end_at).getTime();
    else {
      const first = await deps.db.query<{ at: Date | null }>('SELECT min(available_at) AS at FROM exposure_keys');
      if (!first.rows[0]?.at) continue;
      start = Math.floor(new Date(first.rows[0].at).getTime() / ms) * ms;
    }
    const floor = Math.floor((until.getTime() - settings.retentionDays * 86_400_000) / ms) * ms;
    start = Math.max(start, floor);
    for (; start + ms <= until.getTime(); start += ms) {
      const built = await buildBatch(deps, period, new Date(start), new Date(start + ms));
      result.batches++;
      result.files.push(...built.files);
      result.keys += built.keys;
    }
  }
  return result;
}

async function buildBatch(deps: ServerDeps, period: ExportPeriod, start: Date, end: Date): Promise<{ files: string[]; keys: number }> {
  const settings = keyServerSettings(deps.config);
  const keys = await readKeys(deps, start, end);
  const revised = await readRevisedKeys(deps, start, end);
  const signingKeys = [keyServerKeys(deps.config).exportSigning];
  const zips =
    keys.length + revised.length === 0
      ? []
      : createKeyFiles(keys, {
          signingKeys,
          region: settings.exportRegion,
          startTimestamp: Math.floor(start.getTime() / 1000),
          endTimestamp: Math.floor(end.getTime() / 1000),
          batchSize: settings.exportMaxKeysPerFile,
          padToMinimum: { minimum: settings.exportMinKeys, jitter: settings.exportPaddingJitter },
        });
  // Revised keys (GAEN v1.5+) travel in the first file's `revised_keys`.
  if (revised.length > 0) zips[0] = withRevisedKeys(zips[0] as Uint8Array, revised, signingKeys);
  const unique = randomBytes(4).toString('hex');
  const names = zips.map((_, i) => `${period}-${compactTime(start)}-${unique}-${i + 1}-of-${zips.length}.zip`);
  for (let i = 0; i < zips.length; i++) await deps.blobs.put(`exports/${names[i]}`, zips[i] as Uint8Array);
  const now = deps.now().toISOString();
  const won = await deps.db.transaction(async (tx) => {
    const claimed = await tx.query(
      `INSERT INTO export_batches (kind, start_at, end_at, key_count, file_count, created_at) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (kind, start_at) DO NOTHING RETURNING kind`,
      [period, start.toISOString(), end.toISOString(), keys.length + revised.length, zips.length, now],
    );
    if (claimed.rows.length === 0) return false;
    for (let i = 0; i < names.length; i++) {
      await tx.query(
        `INSERT INTO export_files (name, kind, batch_start, batch_end, batch_num, batch_size, key_count, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [names[i], period, start.toISOString(), end.toISOString(), i + 1, zips.length, keys.length + revised.length, now],
      );
    }
    return true;
  });
  if (!won) {
    for (const name of names) await deps.blobs.delete(`exports/${name}`);
    return { files: [], keys: 0 };
  }
  return { files: names, keys: keys.length + revised.length };
}

/**
 * Names of the export files of a period, oldest first (by window, then batch number).
 *
 * @param deps - the server's dependencies.
 * @param period - `hourly` (default) or `daily`.
 * @returns the file names.
 */
export async function listExportFiles(deps: ServerDeps, period: ExportPeriod = 'hourly'): Promise<string[]> {
  const rows = await deps.db.query<{ name: string }>('SELECT name FROM export_files WHERE kind = $1 ORDER BY batch_end, batch_num, name', [
    period,
  ]);
  return rows.rows.map((r) => r.name);
}

/**
 * Reads one listed export file.
 *
 * @param deps - the server's dependencies.
 * @param name - the file name from the index.
 * @returns the zip, or `undefined` when no such file is listed.
 */
export async function readExportFile(deps: ServerDeps, name: string): Promise<Uint8Array | undefined> {
  const listed = await deps.db.query('SELECT 1 FROM export_files WHERE name = $1', [name]);
  if (listed.rows.length === 0) return undefined;
  return deps.blobs.get(`exports/${name}`);
}

/**
 * Retention: deletes export files, batches and published keys older than the retention period.
 *
 * @param deps - the server's dependencies.
 */
export async function purgeExports(deps: ServerDeps): Promise<void> {
  const settings = keyServerSettings(deps.config);
  const cutoff = new Date(deps.now().getTime() - settings.retentionDays * 86_400_000);
  const old = await deps.db.query<{ name: string }>('DELETE FROM export_files WHERE batch_end < $1 RETURNING name', [cutoff.toISOString()]);
  for (const r of old.rows) await deps.blobs.delete(`exports/${r.name}`);
  await deps.db.query('DELETE FROM export_batches WHERE end_at < $1', [cutoff.toISOString()]);
  await deps.db.query('DELETE FROM exposure_keys WHERE rolling_start + rolling_period < $1', [Math.floor(cutoff.getTime() / 600_000)]);
}

/**
 * A window is closed only this long after it ended, so that a publish whose transaction began
 * just before the end (its keys are stamped with the time it began) has committed by then.
 */
export const EXPORT_CLOSE_DELAY_MS: number = 60_000;

/** Background job: closes export batches every 5 minutes (windows that ended at least a minute ago). */
export const exportBatchesJob: Job = {
  name: 'key-server-export-batches',
  everyMs: 5 * 60_000,
  async run(deps) {
    await buildExportBatches(deps, new Date(deps.now().getTime() - EXPORT_CLOSE_DELAY_MS));
  },
};

/** Background job: key-server retention (exports, keys, expired codes and attempt counters), hourly. */
export const keyServerRetentionJob: Job = {
  name: 'key-server-retention',
  everyMs: 3_600_000,
  async run(deps) {
    await purgeExports(deps);
    await purgeVerificationState(deps);
  },
};
