/**
 * `healthtrace match` and `healthtrace risk`: exposure matching (GAEN key files or Bluezone F0 keys against a
 * sightings JSONL) and risk scoring of exposure windows (GAEN v2 daily summaries, GAEN v1, Corona-Warn-App).
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import {
  cwaRisk,
  cwaRiskConfigSchema,
  DEFAULT_CWA_RISK_CONFIG,
  DEFAULT_DAILY_SUMMARIES_CONFIG,
  DEFAULT_DIAGNOSIS_KEYS_DATA_MAPPING,
  dailySummaries,
  dailySummariesConfigSchema,
  diagnosisKeysDataMappingSchema,
  type ExposureWindow,
  exposureConfigurationSchema,
  GaenMatcher,
  legacyRisk,
  matchBluezone,
  parseConfig,
  parseSightingsJsonl,
} from '@healthtrace/encounters';
import { importVerificationKeyPem, parseF0Payload } from '@healthtrace/rolling-id';
import type { Command } from 'commander';
import { type CliContext, CliError, emit, progress } from '../cli-kit';
import type { CommandRegistration } from './index';

interface MatchOptions {
  keyfile?: string;
  publicKey?: string;
  sightings: string;
  config?: string;
  scheme: string;
  f0?: string;
  scannerPlatform: string;
  now?: string;
  json?: boolean;
}

interface RiskOptions {
  windows: string;
  config?: string;
  model: string;
  now?: string;
  json?: boolean;
}

async function readJson(file: string, what: string): Promise<unknown> {
  const text = await readFile(file, 'utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new CliError('usage', `${what} ${file} is not valid JSON`, undefined, { cause: error });
  }
}

function parseNow(now: string | undefined): number {
  if (now === undefined) return Date.now();
  const n = Number(now);
  if (!Number.isSafeInteger(n) || n < 0) throw new CliError('usage', '--now must be Unix milliseconds');
  return n;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Lists the key files to read: the file itself, or the `.zip` files of a folder in name order. */
async function keyFilePaths(path: string): Promise<string[]> {
  if (!(await stat(path)).isDirectory()) return [path];
  const names = (await readdir(path)).filter((n) => n.toLowerCase().endsWith('.zip')).sort();
  if (names.length === 0) throw new CliError('usage', `--keyfile folder ${path} holds no .zip file`);
  return names.map((n) => join(path, n));
}

/**
 * Registers `healthtrace match` and `healthtrace risk`.
 *
 * @param program - the root command.
 * @param context - output streams and exit-code setter.
 * @example
 * ```ts
 * registerEncountersCommands(program, context);
 * ```
 */
export const registerEncountersCommands: CommandRegistration = (program: Command, context: CliContext): void => {
  const { io } = context;
  program
    .command('match')
    .description('Match a sightings log against GAEN diagnosis-key files (or Bluezone F0 daily keys) and build exposure windows')
    .requiredOption(
      '--sightings <file.jsonl>',
      'sightings JSONL: {"t","rpi","aem","rssi","model"?} (GAEN) or {"t","blid","rssi"} (Bluezone)',
    )
    .option('--keyfile <path>', 'GAEN: an export.zip or a folder of export zips (read one at a time)')
    .option('--public-key <pem>', 'GAEN: P-256 public key (SPKI PEM); files whose signature fails are rejected')
    .option('--config <json>', 'GAEN: {"diagnosisKeysDataMapping"?, "dailySummariesConfig"?} (or a bare DailySummariesConfig)')
    .option('--scheme <scheme>', 'gaen or bluezone', 'gaen')
    .option('--f0 <f0.json>', 'Bluezone: the F0 payload ({"data":[{"daily_key","time_start","time_end","max"}]} or its FCM envelope)')
    .option('--scanner-platform <platform>', 'Bluezone: platform of this phone for the RSSI thresholds (android or ios)', 'android')
    .option('--now <unix-ms>', 'current time for daysSinceExposureThreshold (default: now)')
    .option('--json', 'print one JSON document')
    .addHelpText(
      'after',
      '\nGAEN --json: {"keysScanned","matchedKeys","exposureWindows":[{"dateMs","reportType","infectiousness",\n' +
        '"calibrationConfidence","scanInstances":[{"typicalAttenuation","minAttenuation","secondsSinceLastScan"}]}],\n' +
        '"dailySummaries":[...]} (plus "filesScanned" and "droppedTxPower").\n' +
        'Bluezone --json: {"entriesScanned","blidsDerived","contacts":[...],"closeContact","closeContactMs"}.',
    )
    .action(async (opts: MatchOptions) => {
      const sightings = parseSightingsJsonl(await readFile(opts.sightings, 'utf8'));
      if (opts.scheme === 'bluezone') {
        if (opts.f0 === undefined) throw new CliError('usage', '--scheme bluezone needs --f0 <f0.json>');
        if (opts.scannerPlatform !== 'android' && opts.scannerPlatform !== 'ios') {
          throw new CliError('usage', '--scanner-platform must be android or ios');
        }
        const entries = parseF0Payload(await readFile(opts.f0, 'utf8'));
        const result = matchBluezone(sightings, entries, { scanner: opts.scannerPlatform });
        emit(io, opts.json, result, () => {
          const lines = result.contacts.map(
            (c) => `${new Date(c.slotStartMs).toISOString()}  ${c.blid}  ${c.sightings} sighting(s), max RSSI ${c.maxRssi} dBm`,
          );
          return `${result.contacts.length} matched slot(s) from ${result.entriesScanned} F0 key(s); close contact: ${result.closeContact ? 'yes' : 'no'} (${Math.round(result.closeContactMs / 60_000)} min)\n${lines.join('\n')}`;
        });
        return;
      }
      if (opts.scheme !== 'gaen') throw new CliError('usage', '--scheme must be gaen or bluezone');
      if (opts.keyfile === undefined) throw new CliError('usage', 'GAEN matching needs --keyfile <export.zip | folder>');
      const config = opts.config === undefined ? {} : await readJson(opts.config, '--config');
      if (!isRecord(config)) throw new CliError('usage', '--config must hold a JSON object');
      const mapping =
        config.diagnosisKeysDataMapping === undefined
          ? DEFAULT_DIAGNOSIS_KEYS_DATA_MAPPING
          : parseConfig(diagnosisKeysDataMappingSchema, config.diagnosisKeysDataMapping, 'diagnosisKeysDataMapping');
      const summariesInput = config.dailySummariesConfig ?? ('attenuationBucketThresholdDb' in config ? config : undefined);
      const summariesConfig =
        summariesInput === undefined
          ? DEFAULT_DAILY_SUMMARIES_CONFIG
          : parseConfig(dailySummariesConfigSchema, summariesInput, 'DailySummariesConfig');
      const publicKeys = opts.publicKey === undefined ? undefined : importVerificationKeyPem(await readFile(opts.publicKey, 'utf8'));
      const matcher = new GaenMatcher(sightings, { diagnosisKeysDataMapping: mapping, publicKeys });
      const paths = await keyFilePaths(opts.keyfile);
      const bar = progress(io, 'matching', paths.length);
      for (const [i, path] of paths.entries()) {
        matcher.addFile(new Uint8Array(await readFile(path)), path);
        bar.update(i + 1);
      }
      bar.done();
      const result = matcher.result();
      const summaries = dailySummaries(result.exposureWindows, summariesConfig, { nowMs: parseNow(opts.now) });
      const output = {
        keysScanned: result.keysScanned,
        matchedKeys: result.matchedKeys,
        exposureWindows: result.exposureWindows,
        dailySummaries: summaries,
        filesScanned: result.filesScanned,
        droppedTxPower: result.droppedTxPower,
      };
      emit(io, opts.json, output, () => {
        const days = summaries.map(
          (d) =>
            `${new Date(d.dateMs).toISOString().slice(0, 10)}  scoreSum ${d.scoreSum}  maximumScore ${d.maximumScore}  weightedDurationSum ${d.weightedDurationSum}`,
        );
        return `${result.keysScanned} key(s) in ${result.filesScanned} file(s); ${result.matchedKeys} matched; ${result.exposureWindows.length} exposure window(s)\n${days.join('\n')}`;
      });
    });

  program
    .command('risk')
    .description('Score exposure windows: GAEN v2 daily summaries, GAEN v1 legacy risk score, or the Corona-Warn-App algorithm')
    .requiredOption('--windows <windows.json>', 'exposure windows: an array, or the output of `healthtrace match --json`')
    .option(
      '--config <json>',
      'DailySummariesConfig (gaen-v2), ExposureConfiguration (gaen-v1) or CWA parameters (cwa); defaults otherwise',
    )
    .option('--model <model>', 'gaen-v2, gaen-v1 or cwa', 'gaen-v2')
    .option('--now <unix-ms>', 'current time, for ages and daysSinceExposureThreshold (default: now)')
    .option('--json', 'print one JSON document')
    .addHelpText(
      'after',
      '\ngaen-v2 --json: {"dailySummaries":[{"dateMs","scoreSum","maximumScore","weightedDurationSum","reportTypeSummaries"}]} (UTC days).',
    )
    .action(async (opts: RiskOptions) => {
      const input = await readJson(opts.windows, '--windows');
      const windows = (Array.isArray(input) ? input : isRecord(input) ? input.exposureWindows : undefined) as ExposureWindow[] | undefined;
      if (!Array.isArray(windows))
        throw new CliError('usage', '--windows must hold an array of exposure windows or {"exposureWindows":[...]}');
      windows.forEach((w, i) => {
        if (!isRecord(w) || !Array.isArray(w.scanInstances) || typeof w.reportType !== 'number' || typeof w.infectiousness !== 'number') {
          throw new CliError('usage', `--windows: window ${i} needs reportType, infectiousness and scanInstances`);
        }
      });
      const config = opts.config === undefined ? undefined : await readJson(opts.config, '--config');
      const nowMs = parseNow(opts.now);
      if (opts.model === 'gaen-v2') {
        const c =
          config === undefined
            ? DEFAULT_DAILY_SUMMARIES_CONFIG
            : parseConfig(
                dailySummariesConfigSchema,
                isRecord(config) && config.dailySummariesConfig !== undefined ? config.dailySummariesConfig : config,
                'DailySummariesConfig',
              );
        const days = dailySummaries(windows, c, { nowMs });
        emit(
          io,
          opts.json,
          { dailySummaries: days },
          () =>
            days
              .map(
                (d) =>
                  `${new Date(d.dateMs).toISOString().slice(0, 10)}  scoreSum ${d.scoreSum}  maximumScore ${d.maximumScore}  weightedDurationSum ${d.weightedDurationSum}`,
              )
              .join('\n') || 'no exposure',
        );
      } else if (opts.model === 'gaen-v1') {
        const c = parseConfig(exposureConfigurationSchema, config ?? {}, 'ExposureConfiguration');
        const result = legacyRisk(windows, c, nowMs);
        emit(
          io,
          opts.json,
          result,
          () =>
            `maximumRiskScore ${result.maximumRiskScore}, summationRiskScore ${result.summationRiskScore}, ${result.exposures.length} exposure(s)`,
        );
      } else if (opts.model === 'cwa') {
        const raw =
          isRecord(config) && config.defaultRiskCalculationConfiguration !== undefined
            ? config.defaultRiskCalculationConfiguration
            : config;
        const c = raw === undefined ? DEFAULT_CWA_RISK_CONFIG : parseConfig(cwaRiskConfigSchema, raw, 'CWA risk parameters');
        const result = cwaRisk(windows, c, { nowMs });
        emit(
          io,
          opts.json,
          result,
          () =>
            `total risk ${result.totalRiskLevel === 2 ? 'HIGH' : 'LOW'}; ${result.numberOfDaysWithHighRisk} high-risk day(s), ${result.numberOfDaysWithLowRisk} low-risk day(s)`,
        );
      } else throw new CliError('usage', '--model must be gaen-v2, gaen-v1 or cwa');
    });
};
