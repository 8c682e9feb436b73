import {
  assertKeyFileSignature,
  type KeyExport,
  KeyFileError,
  type ParsedKeyFile,
  parseKeyFileZip,
  type TemporaryExposureKey,
  type VerificationKey,
} from '@healthtrace/rolling-id';
import { EncountersError } from '../errors';
import type { SightingLog } from '../sightings/sighting-log';
import type { Sighting } from '../sightings/types';
import type { ExposureWindow } from '../windows/types';
import { buildExposureWindows, type ExposureWindowOptions } from './exposure-windows';
import { type KeyScanStats, type MatchedKey, scanKeys } from './key-scan';
import { SightingIndex } from './sighting-index';

/** A source of diagnosis keys: a signed `export.zip`, a parsed key file, or a decoded `KeyExport`. */
export type KeyFileInput = Uint8Array | ParsedKeyFile | KeyExport;

/** Options of {@link GaenMatcher} and {@link matchGaen}. */
export interface GaenMatchOptions extends ExposureWindowOptions {
  /**
   * Trusted verification keys. When given, every key file must carry a valid signature by one of them; a file that
   * fails is rejected with `match/bad-signature` (and decoded `KeyExport` objects, which cannot be verified, too).
   */
  publicKeys?: VerificationKey | VerificationKey[] | undefined;
  /** Called after each key file with the running counters. */
  onProgress?: ((progress: { filesScanned: number; keysScanned: number }) => void) | undefined;
}

/** Result of GAEN matching. */
export interface GaenMatchResult {
  /** Key files read. */
  filesScanned: number;
  /** Diagnosis keys looked at (keys and revised keys). */
  keysScanned: number;
  /** Distinct keys with at least one matching sighting. */
  matchedKeys: number;
  /** RPIs derived. */
  rpisDerived: number;
  /** Sightings matched by some key. */
  matchedSightings: number;
  /** Sightings dropped because their decrypted TX power was outside [−50, 20] dBm. */
  droppedTxPower: number;
  /** The exposure windows (≤ 30 minutes, per key), in time order. */
  exposureWindows: ExposureWindow[];
}

function isKeyExport(v: unknown): v is KeyExport {
  return typeof v === 'object' && v !== null && Array.isArray((v as KeyExport).keys) && !('exportBin' in v);
}

/**
 * Incremental GAEN matcher: feed it key files one at a time (each is parsed, verified, matched and released), then
 * ask for the {@link GaenMatchResult}. Only matched keys are kept, so memory does not grow with the number of keys.
 *
 * @example
 * ```ts
 * const matcher = new GaenMatcher(log, { publicKeys: importVerificationKeyPem(pem) });
 * for (const zip of zips) matcher.addFile(zip);
 * const { exposureWindows } = matcher.result();
 * ```
 */
export class GaenMatcher {
  /** The sightings being matched. */
  readonly index: SightingIndex;
  readonly #options: GaenMatchOptions;
  readonly #matched = new Map<string, MatchedKey>();
  readonly #stats: KeyScanStats = { keysScanned: 0, rpisDerived: 0 };
  #files = 0;

  /**
   * @param sightings - a sighting log, a list of sightings, or a prebuilt {@link SightingIndex}.
   * @param options - verification keys, mapping, calibration, scanner, progress callback.
   */
  constructor(sightings: SightingLog | Iterable<Sighting> | SightingIndex, options: GaenMatchOptions = {}) {
    this.index = sightings instanceof SightingIndex ? sightings : SightingIndex.build(sightings);
    this.#options = options;
  }

  /**
   * Reads one key file (zip, parsed file or `KeyExport`), verifying it when `publicKeys` was given, and matches
   * its keys and revised keys.
   *
   * @param input - the key file.
   * @param label - a name for error messages (e.g. the file path).
   * @throws EncountersError `match/bad-key-file` for a malformed file, `match/bad-signature` for a failed signature.
   * @example
   * ```ts
   * matcher.addFile(readFileSync('export.zip'), 'export.zip');
   * ```
   */
  addFile(input: KeyFileInput, label = `key file ${this.#files + 1}`): void {
    let exp: KeyExport;
    if (isKeyExport(input)) {
      if (this.#options.publicKeys !== undefined) {
        throw new EncountersError('match/bad-signature', `${label}: a decoded KeyExport cannot be verified; pass the zip`);
      }
      exp = input;
    } else {
      let parsed: ParsedKeyFile;
      try {
        parsed = input instanceof Uint8Array ? parseKeyFileZip(input) : input;
      } catch (error) {
        if (error instanceof KeyFileError) throw new EncountersError('match/bad-key-file', `${label}: ${error.message}`, { cause: error });
        throw error;
      }
      if (this.#options.publicKeys !== undefined) {
        try {
          assertKeyFileSignature(parsed, this.#options.publicKeys);
        } catch (error) {
          if (error instanceof KeyFileError) {
            throw new EncountersError('match/bad-signature', `${label}: signature check failed: ${error.message}`, { cause: error });
          }
          throw error;
        }
      }
      exp = parsed.export;
    }
    this.addKeys(exp.keys);
    if (exp.revisedKeys.length > 0) this.addKeys(exp.revisedKeys);
    this.#files++;
    this.#options.onProgress?.({ filesScanned: this.#files, keysScanned: this.#stats.keysScanned });
  }

  /**
   * Matches a batch of diagnosis keys.
   *
   * @param keys - the keys.
   * @example
   * ```ts
   * matcher.addKeys([{ keyData: tek, rollingStartIntervalNumber: 2642976, rollingPeriod: 144 }]);
   * ```
   */
  addKeys(keys: readonly TemporaryExposureKey[]): void {
    scanKeys(this.index, keys, this.#matched, this.#stats);
  }

  /**
   * Merges keys matched elsewhere (e.g. by a worker) into this matcher.
   *
   * @param matched - matched keys with sighting indices into the same index.
   * @param stats - the other matcher's counters.
   */
  merge(matched: Iterable<MatchedKey>, stats: KeyScanStats & { filesScanned?: number }): void {
    for (const m of matched) {
      const hex = Array.from(m.key.keyData, (b) => b.toString(16).padStart(2, '0')).join('');
      if (!this.#matched.has(hex)) this.#matched.set(hex, m);
    }
    this.#stats.keysScanned += stats.keysScanned;
    this.#stats.rpisDerived += stats.rpisDerived;
    this.#files += stats.filesScanned ?? 0;
  }

  /** The keys matched so far. */
  get matched(): MatchedKey[] {
    return [...this.#matched.values()];
  }

  /**
   * Builds the exposure windows of the keys matched so far.
   *
   * @returns counters and windows.
   * @example
   * ```ts
   * const { matchedKeys, exposureWindows } = matcher.result();
   * ```
   */
  result(): GaenMatchResult {
    const matched = [...this.#matched.values()];
    const { windows, droppedTxPower } = buildExposureWindows(this.index, matched, this.#options);
    return {
      filesScanned: this.#files,
      keysScanned: this.#stats.keysScanned,
      matchedKeys: matched.length,
      rpisDerived: this.#stats.rpisDerived,
      matchedSightings: matched.reduce((n, m) => n + m.sightings.length, 0),
      droppedTxPower,
      exposureWindows: windows,
    };
  }
}

/**
 * Matches sightings against a stream of key files (sync or async iterable: e.g. a day of national key files read
 * one by one), without holding more than one file in memory.
 *
 * @param sightings - a sighting log or list.
 * @param files - key files: zips, parsed files or `KeyExport` objects.
 * @param options - verification keys, mapping, calibration, scanner, progress callback.
 * @returns counters and exposure windows.
 * @throws EncountersError `match/bad-key-file` or `match/bad-signature` for a bad file.
 * @example
 * ```ts
 * const result = await matchGaen(log, readZips('keys/'), { publicKeys });
 * const days = dailySummaries(result.exposureWindows, DEFAULT_DAILY_SUMMARIES_CONFIG);
 * ```
 */
export async function matchGaen(
  sightings: SightingLog | Iterable<Sighting> | SightingIndex,
  files: Iterable<KeyFileInput> | AsyncIterable<KeyFileInput>,
  options: GaenMatchOptions = {},
): Promise<GaenMatchResult> {
  const matcher = new GaenMatcher(sightings, options);
  for await (const file of files) matcher.addFile(file);
  return matcher.result();
}
