import { assertInteger, bytesToHex, HealthtraceError, hexToBytes } from '@healthtrace/core';
import type { TemporaryExposureKey } from '../export/types';
import { generateTek } from './derive';
import { intervalNumber, MAX_INTERVAL_NUMBER, ROLLING_PERIOD, rollingStartOfDay } from './intervals';

/** One TEK held by a {@link TekKeyStore}. */
export interface StoredTek {
  /** The 16-byte Temporary Exposure Key. */
  keyData: Uint8Array;
  /** ENIN of the key's first interval (day-aligned, except for the key that replaces a released one). */
  rollingStartIntervalNumber: number;
  /** Number of intervals the key covers, 1..144. */
  rollingPeriod: number;
  /** Whether the key was rolled early by {@link TekKeyStore.releaseCurrentKey} (and may be shared before its day ends). */
  released: boolean;
}

/** Where a {@link TekKeyStore} keeps its keys. Synchronous; for async stores, persist {@link TekKeyStore.snapshot}. */
export interface TekStorage {
  /** Returns the stored keys (empty on first use). */
  load(): StoredTek[];
  /** Replaces the stored keys. */
  save(keys: readonly StoredTek[]): void;
}

/** JSON form of the stored keys (`keyData` as lower-case hex), as written by {@link TekKeyStore.snapshot}. */
export interface TekKeyStoreSnapshot {
  /** Format version, 1. */
  version: 1;
  /** The keys, oldest first. */
  keys: { keyData: string; rollingStartIntervalNumber: number; rollingPeriod: number; released: boolean }[];
}

function copyTek(k: StoredTek): StoredTek {
  return {
    keyData: k.keyData.slice(),
    rollingStartIntervalNumber: k.rollingStartIntervalNumber,
    rollingPeriod: k.rollingPeriod,
    released: k.released,
  };
}

/**
 * Keeps keys in memory (copies in, copies out).
 *
 * @example
 * ```ts
 * const store = new TekKeyStore({ storage: new MemoryTekStorage() });
 * ```
 */
export class MemoryTekStorage implements TekStorage {
  #keys: StoredTek[] = [];

  /**
   * @param initial - keys to start with.
   */
  constructor(initial: readonly StoredTek[] = []) {
    this.#keys = initial.map(copyTek);
  }

  /**
   * Returns copies of the stored keys.
   *
   * @returns the keys.
   */
  load(): StoredTek[] {
    return this.#keys.map(copyTek);
  }

  /**
   * Replaces the stored keys with copies of `keys` (the old copies are zeroed).
   *
   * @param keys - the keys.
   */
  save(keys: readonly StoredTek[]): void {
    for (const k of this.#keys) k.keyData.fill(0);
    this.#keys = keys.map(copyTek);
  }
}

/**
 * Persists keys as a JSON {@link TekKeyStoreSnapshot} string through two callbacks
 * (for example `localStorage`, MMKV or a file).
 *
 * @example
 * ```ts
 * const storage = new JsonTekStorage({
 *   read: () => localStorage.getItem('teks'),
 *   write: (json) => localStorage.setItem('teks', json),
 * });
 * ```
 */
export class JsonTekStorage implements TekStorage {
  readonly #read: () => string | null | undefined;
  readonly #write: (json: string) => void;

  /**
   * @param io - `read` returns the stored JSON (or null/undefined when empty); `write` stores it.
   */
  constructor(io: { read: () => string | null | undefined; write: (json: string) => void }) {
    this.#read = io.read;
    this.#write = io.write;
  }

  /**
   * Parses the stored snapshot.
   *
   * @returns the keys.
   * @throws HealthtraceError `rolling-id/bad-snapshot` when the stored JSON is malformed.
   */
  load(): StoredTek[] {
    const json = this.#read();
    if (json === null || json === undefined || json === '') return [];
    let parsed: unknown;
    try {
      parsed = JSON.parse(json);
    } catch (error) {
      throw new HealthtraceError('rolling-id/bad-snapshot', 'stored TEK snapshot is not JSON', { cause: error });
    }
    return keysFromSnapshot(parsed);
  }

  /**
   * Writes the keys as a JSON snapshot.
   *
   * @param keys - the keys.
   */
  save(keys: readonly StoredTek[]): void {
    this.#write(JSON.stringify(toSnapshot(keys)));
  }
}

function toSnapshot(keys: readonly StoredTek[]): TekKeyStoreSnapshot {
  return {
    version: 1,
    keys: keys.map((k) => ({
      keyData: bytesToHex(k.keyData),
      rollingStartIntervalNumber: k.rollingStartIntervalNumber,
      rollingPeriod: k.rollingPeriod,
      released: k.released,
    })),
  };
}

function keysFromSnapshot(value: unknown): StoredTek[] {
  const bad = (why: string): HealthtraceError => new HealthtraceError('rolling-id/bad-snapshot', `invalid TEK snapshot: ${why}`);
  if (typeof value !== 'object' || value === null) throw bad('not an object');
  const s = value as { version?: unknown; keys?: unknown };
  if (s.version !== 1) throw bad(`unsupported version ${String(s.version)}`);
  if (!Array.isArray(s.keys)) throw bad('keys is not an array');
  return s.keys.map((k: unknown, i: number) => {
    const r = (k ?? {}) as Record<string, unknown>;
    try {
      return {
        keyData: hexToBytes(r.keyData as string, `keys[${i}].keyData`, 16),
        rollingStartIntervalNumber: assertInteger(
          r.rollingStartIntervalNumber,
          `keys[${i}].rollingStartIntervalNumber`,
          0,
          MAX_INTERVAL_NUMBER,
        ),
        rollingPeriod: assertInteger(r.rollingPeriod, `keys[${i}].rollingPeriod`, 1, ROLLING_PERIOD),
        released: r.released === true,
      };
    } catch (error) {
      throw new HealthtraceError('rolling-id/bad-snapshot', `invalid TEK snapshot: ${(error as Error).message}`, { cause: error });
    }
  });
}

/** Options of {@link TekKeyStore}. */
export interface TekKeyStoreOptions {
  /** Where keys are kept (default: a new {@link MemoryTekStorage}). */
  storage?: TekStorage;
  /** Clock in Unix milliseconds (default `Date.now`); inject a fake clock in tests. */
  now?: () => number;
  /** Key generator (default {@link generateTek}). */
  generateKey?: () => Uint8Array;
  /** Days of keys to keep, today included (default 14, GAEN's `contactRecordDaysToKeep`). */
  retentionDays?: number;
}

/** What to attach to keys shared after a positive diagnosis. */
export interface KeyUploadOptions {
  /** Report type 0..5 (1 = CONFIRMED_TEST, 2 = CONFIRMED_CLINICAL_DIAGNOSIS, 3 = SELF_REPORT, 4 = RECURSIVE, 5 = REVOKED). */
  reportType?: number;
  /** Transmission risk level 0..8 (deprecated in GAEN v1.5+, still carried in files). */
  transmissionRiskLevel?: number;
  /** The same days-since-onset for every key, -14..14. */
  daysSinceOnsetOfSymptoms?: number;
  /** Symptom onset (Unix ms); each key gets its UTC day minus the onset's UTC day, clamped to -14..14. */
  symptomOnsetMs?: number;
  /** Roll today's key now and include it (with `rollingPeriod` = intervals used so far). Default `false`. */
  includeToday?: boolean;
}

const DAY_MS = 86_400_000;

/**
 * TEK lifecycle: creates a key per UTC day (rolling start aligned to 144 intervals),
 * keeps the last 14 days, zeroes expired keys, and exports keys for upload. Today's key
 * is only released once it has rolled: {@link TekKeyStore.releaseCurrentKey} ends it at the
 * current interval (its `rollingPeriod` becomes the intervals used so far) and the next
 * interval starts a fresh key that runs to the end of the UTC day.
 * All arithmetic is in UTC; the host time zone never matters.
 *
 * @example
 * ```ts
 * const store = new TekKeyStore();
 * const { keyData, rollingStartIntervalNumber } = store.currentKey();
 * // after a positive test:
 * const keys = store.keysForUpload({ reportType: 1, includeToday: true });
 * ```
 */
export class TekKeyStore {
  readonly #storage: TekStorage;
  readonly #now: () => number;
  readonly #generate: () => Uint8Array;
  readonly #retentionDays: number;
  #keys: StoredTek[];

  /**
   * @param options - storage, clock, key generator and retention.
   * @throws RangeError when `retentionDays` is not in 1..365.
   */
  constructor(options: TekKeyStoreOptions = {}) {
    this.#storage = options.storage ?? new MemoryTekStorage();
    this.#now = options.now ?? Date.now;
    this.#generate = options.generateKey ?? generateTek;
    this.#retentionDays = assertInteger(options.retentionDays ?? 14, 'retentionDays', 1, 365);
    this.#keys = this.#storage.load().sort((a, b) => a.rollingStartIntervalNumber - b.rollingStartIntervalNumber);
  }

  /**
   * Creates a store from a snapshot (e.g. read from async storage).
   *
   * @param snapshot - a {@link TekKeyStoreSnapshot} or its JSON string.
   * @param options - other options; `storage` defaults to a memory store holding the snapshot's keys.
   * @returns the store.
   * @throws HealthtraceError `rolling-id/bad-snapshot` when the snapshot is malformed.
   * @example
   * ```ts
   * const store = TekKeyStore.fromSnapshot(await AsyncStorage.getItem('teks') ?? '{"version":1,"keys":[]}');
   * ```
   */
  static fromSnapshot(snapshot: TekKeyStoreSnapshot | string, options: Omit<TekKeyStoreOptions, 'storage'> = {}): TekKeyStore {
    let value: unknown = snapshot;
    if (typeof snapshot === 'string') {
      try {
        value = JSON.parse(snapshot);
      } catch (error) {
        throw new HealthtraceError('rolling-id/bad-snapshot', 'TEK snapshot is not JSON', { cause: error });
      }
    }
    return new TekKeyStore({ ...options, storage: new MemoryTekStorage(keysFromSnapshot(value)) });
  }

  /**
   * The JSON-serialisable state (keys as hex). Treat it as secret.
   *
   * @returns the snapshot.
   * @example
   * ```ts
   * await AsyncStorage.setItem('teks', JSON.stringify(store.snapshot()));
   * ```
   */
  snapshot(): TekKeyStoreSnapshot {
    this.#roll(this.#interval());
    return toSnapshot(this.#keys);
  }

  #interval(): number {
    return intervalNumber(this.#now());
  }

  #persist(): void {
    this.#storage.save(this.#keys);
  }

  /** Drops (and zeroes) keys older than the retention window; creates the key for `n` if needed. */
  #roll(n: number): StoredTek {
    const dayStart = rollingStartOfDay(n);
    const oldestStart = dayStart - (this.#retentionDays - 1) * ROLLING_PERIOD;
    let changed = false;
    const kept: StoredTek[] = [];
    for (const k of this.#keys) {
      if (k.rollingStartIntervalNumber + k.rollingPeriod <= oldestStart) {
        k.keyData.fill(0);
        changed = true;
      } else kept.push(k);
    }
    this.#keys = kept;
    let current = kept.find((k) => k.rollingStartIntervalNumber <= n && n < k.rollingStartIntervalNumber + k.rollingPeriod);
    if (!current) {
      // Start where the latest earlier key of today ended (after an early release), else at the day start;
      // end at the day's end or where a later key begins (only if the clock went backwards).
      let start = dayStart;
      let end = dayStart + ROLLING_PERIOD;
      for (const k of kept) {
        const kEnd = k.rollingStartIntervalNumber + k.rollingPeriod;
        if (kEnd <= n && kEnd > start) start = kEnd;
        if (k.rollingStartIntervalNumber > n && k.rollingStartIntervalNumber < end) end = k.rollingStartIntervalNumber;
      }
      const keyData = this.#generate();
      if (!(keyData instanceof Uint8Array) || keyData.length !== 16) throw new RangeError('generateKey must return 16 bytes');
      current = { keyData: keyData.slice(), rollingStartIntervalNumber: start, rollingPeriod: end - start, released: false };
      kept.push(current);
      kept.sort((a, b) => a.rollingStartIntervalNumber - b.rollingStartIntervalNumber);
      changed = true;
    }
    if (changed) this.#persist();
    return current;
  }

  /**
   * The key to broadcast now, creating (and storing) a new one at a UTC day boundary or
   * after a release.
   *
   * @returns a copy of the current key.
   * @example
   * ```ts
   * const rpik = deriveRpik(store.currentKey().keyData);
   * ```
   */
  currentKey(): StoredTek {
    return copyTek(this.#roll(this.#interval()));
  }

  /**
   * Every retained key, oldest first (copies), after rolling and pruning.
   *
   * @returns the keys.
   * @example
   * ```ts
   * store.keys().length; // at most 14 (+1 after a release)
   * ```
   */
  keys(): StoredTek[] {
    this.#roll(this.#interval());
    return this.#keys.map(copyTek);
  }

  /**
   * Rolls the current key now: it ends after the current interval (its `rollingPeriod`
   * becomes the number of intervals it has been used, current one included) and is
   * marked releasable; the next interval gets a fresh key.
   *
   * @returns a copy of the released key.
   * @example
   * ```ts
   * const today = store.releaseCurrentKey();
   * ```
   */
  releaseCurrentKey(): StoredTek {
    const n = this.#interval();
    const current = this.#roll(n);
    current.rollingPeriod = n - current.rollingStartIntervalNumber + 1;
    current.released = true;
    this.#persist();
    return copyTek(current);
  }

  /**
   * The keys to upload after a positive diagnosis: every retained key that has rolled
   * (its period is over, or it was released), with the given metadata. Today's key is
   * included only with `includeToday`, which releases it first.
   *
   * @param options - report type, transmission risk, days since onset, whether to release today's key.
   * @returns the keys, oldest first, in the shape of a key export's `TemporaryExposureKey`.
   * @throws TypeError when an option is not an integer.
   * @throws RangeError when an option is out of range, or both onset options are given.
   * @example
   * ```ts
   * store.keysForUpload({ reportType: 1, transmissionRiskLevel: 4, symptomOnsetMs: Date.UTC(2020, 7, 1), includeToday: true });
   * ```
   */
  keysForUpload(options: KeyUploadOptions = {}): TemporaryExposureKey[] {
    const reportType = options.reportType === undefined ? undefined : assertInteger(options.reportType, 'reportType', 0, 5);
    const trl =
      options.transmissionRiskLevel === undefined ? undefined : assertInteger(options.transmissionRiskLevel, 'transmissionRiskLevel', 0, 8);
    if (options.daysSinceOnsetOfSymptoms !== undefined && options.symptomOnsetMs !== undefined) {
      throw new RangeError('give either daysSinceOnsetOfSymptoms or symptomOnsetMs, not both');
    }
    const dsos =
      options.daysSinceOnsetOfSymptoms === undefined
        ? undefined
        : assertInteger(options.daysSinceOnsetOfSymptoms, 'daysSinceOnsetOfSymptoms', -14, 14);
    let onsetDay: number | undefined;
    if (options.symptomOnsetMs !== undefined) {
      if (typeof options.symptomOnsetMs !== 'number' || !Number.isFinite(options.symptomOnsetMs))
        throw new TypeError('symptomOnsetMs must be a finite number');
      onsetDay = Math.floor(options.symptomOnsetMs / DAY_MS);
    }
    if (options.includeToday === true) this.releaseCurrentKey();
    const n = this.#interval();
    this.#roll(n);
    const out: TemporaryExposureKey[] = [];
    for (const k of this.#keys) {
      const end = k.rollingStartIntervalNumber + k.rollingPeriod;
      if (!(end <= n || (k.released && end <= n + 1))) continue;
      const key: TemporaryExposureKey = {
        keyData: k.keyData.slice(),
        rollingStartIntervalNumber: k.rollingStartIntervalNumber,
        rollingPeriod: k.rollingPeriod,
      };
      if (trl !== undefined) key.transmissionRiskLevel = trl;
      if (reportType !== undefined) key.reportType = reportType;
      if (dsos !== undefined) key.daysSinceOnsetOfSymptoms = dsos;
      else if (onsetDay !== undefined) {
        const keyDay = Math.floor(k.rollingStartIntervalNumber / ROLLING_PERIOD);
        key.daysSinceOnsetOfSymptoms = Math.max(-14, Math.min(14, keyDay - onsetDay));
      }
      out.push(key);
    }
    return out;
  }

  /**
   * Deletes every key (zeroing it) — e.g. when the user turns exposure notification off.
   *
   * @example
   * ```ts
   * store.clear();
   * ```
   */
  clear(): void {
    for (const k of this.#keys) k.keyData.fill(0);
    this.#keys = [];
    this.#persist();
  }
}
