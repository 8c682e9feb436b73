/**
 * A compact, append-only sighting store. Each record takes 33 bytes in parallel typed arrays (time 8, id 16, id
 * length 1, AEM 4, flags 1, RSSI 1, scanner-model index 2), so 14 days of a busy phone (200,000 sightings) fit in
 * about 7 MB (13 MB with growth headroom) instead of the ~100 MB of plain objects.
 */
import { assertBytes, assertInteger } from '@healthtrace/core';
import { DAY_MS } from '../windows/types';
import { SIGHTING_SOURCES, type Sighting, type SightingSource } from './types';

/** Default retention: GAEN `contactRecordDaysToKeep` and Bluezone `PeriodDay` (14 days). */
export const DEFAULT_RETENTION_DAYS = 14;
/** Largest gap between sightings of one scan (GAEN: 1.5 × (4 + 13) s). */
export const SCAN_AGGREGATION_GAP_MS = 25_500;

const HAS_AEM = 1;

/** A group of sightings heard in one scan: records `start` (inclusive) to `end` (exclusive) of a time-sorted log. */
export interface ScanGroup {
  /** Index of the first record. */
  start: number;
  /** Index after the last record. */
  end: number;
  /** Time of the first sighting, Unix ms. */
  startMs: number;
  /** Time of the last sighting, Unix ms. */
  endMs: number;
}

/**
 * A compact log of sightings (see the module comment for the layout).
 *
 * @example
 * ```ts
 * const log = new SightingLog();
 * log.add({ time: Date.now(), id: rpi, aem, rssi: -70, source: 'gaen-advert' });
 * log.prune(Date.now()); // drop sightings older than 14 days
 * ```
 */
export class SightingLog implements Iterable<Sighting> {
  #size = 0;
  #capacity: number;
  #times: Float64Array;
  #ids: Uint8Array;
  #idLengths: Uint8Array;
  #aems: Uint8Array;
  #flags: Uint8Array;
  #rssi: Int8Array;
  #models: Uint16Array;
  readonly #modelNames: string[] = [];
  readonly #modelIndex = new Map<string, number>();

  /**
   * @param initialCapacity - records to allocate up front (default 1024; grows by doubling).
   * @throws RangeError when `initialCapacity` is not a positive integer.
   */
  constructor(initialCapacity = 1024) {
    this.#capacity = assertInteger(initialCapacity, 'initialCapacity', 1, 2 ** 28);
    this.#times = new Float64Array(this.#capacity);
    this.#ids = new Uint8Array(this.#capacity * 16);
    this.#idLengths = new Uint8Array(this.#capacity);
    this.#aems = new Uint8Array(this.#capacity * 4);
    this.#flags = new Uint8Array(this.#capacity);
    this.#rssi = new Int8Array(this.#capacity);
    this.#models = new Uint16Array(this.#capacity);
  }

  /**
   * Builds a log from sightings.
   *
   * @param sightings - any iterable of sightings.
   * @returns the new log.
   * @throws TypeError / RangeError for a malformed sighting.
   * @example
   * ```ts
   * const log = SightingLog.from(parseSightingsJsonl(text));
   * ```
   */
  static from(sightings: Iterable<Sighting>): SightingLog {
    const log = new SightingLog();
    for (const s of sightings) log.add(s);
    return log;
  }

  /** Number of sightings. */
  get size(): number {
    return this.#size;
  }

  /** Bytes held by the typed arrays (allocated capacity, not just the used part). */
  get byteLength(): number {
    return (
      this.#times.byteLength +
      this.#ids.byteLength +
      this.#idLengths.byteLength +
      this.#aems.byteLength +
      this.#flags.byteLength +
      this.#rssi.byteLength +
      this.#models.byteLength
    );
  }

  #grow(): void {
    const cap = this.#capacity * 2;
    const grow = <T extends Float64Array | Uint8Array | Int8Array | Uint16Array>(old: T, make: (n: number) => T, per: number): T => {
      const next = make(cap * per);
      next.set(old as never);
      return next;
    };
    this.#times = grow(this.#times, (n) => new Float64Array(n), 1);
    this.#ids = grow(this.#ids, (n) => new Uint8Array(n), 16);
    this.#idLengths = grow(this.#idLengths, (n) => new Uint8Array(n), 1);
    this.#aems = grow(this.#aems, (n) => new Uint8Array(n), 4);
    this.#flags = grow(this.#flags, (n) => new Uint8Array(n), 1);
    this.#rssi = grow(this.#rssi, (n) => new Int8Array(n), 1);
    this.#models = grow(this.#models, (n) => new Uint16Array(n), 1);
    this.#capacity = cap;
  }

  /**
   * Appends a sighting (its bytes are copied).
   *
   * @param s - the sighting.
   * @throws TypeError / RangeError when the id is not 12 or 16 bytes, the AEM not 4 bytes, the time not finite,
   *   the RSSI not an integer in [−127, 127] or the source unknown.
   * @example
   * ```ts
   * log.add({ time, id: blid, rssi: -80, source: 'bluezone-advert' });
   * ```
   */
  add(s: Sighting): void {
    if (typeof s.time !== 'number' || !Number.isFinite(s.time)) throw new TypeError('sighting.time must be a finite number');
    assertBytes(s.id, 'sighting.id');
    if (s.id.length !== 16 && s.id.length !== 12)
      throw new RangeError(`sighting.id must be 16 (RPI) or 12 (BLID) bytes, got ${s.id.length}`);
    assertInteger(s.rssi, 'sighting.rssi', -127, 127);
    const source = SIGHTING_SOURCES.indexOf(s.source);
    if (source < 0) throw new RangeError(`sighting.source must be one of ${SIGHTING_SOURCES.join(', ')}`);
    if (s.aem !== undefined) assertBytes(s.aem, 'sighting.aem', 4);
    if (this.#size === this.#capacity) this.#grow();
    const i = this.#size;
    this.#times[i] = s.time;
    this.#ids.fill(0, i * 16, i * 16 + 16);
    this.#ids.set(s.id, i * 16);
    this.#idLengths[i] = s.id.length;
    if (s.aem !== undefined) this.#aems.set(s.aem, i * 4);
    this.#flags[i] = (s.aem !== undefined ? HAS_AEM : 0) | (source << 1);
    this.#rssi[i] = s.rssi;
    this.#models[i] = s.scannerModel === undefined ? 0 : this.#internModel(s.scannerModel);
    this.#size++;
  }

  #internModel(model: string): number {
    let index = this.#modelIndex.get(model);
    if (index === undefined) {
      if (this.#modelNames.length >= 0xfffe) throw new RangeError('too many distinct scanner models (more than 65534)');
      this.#modelNames.push(model);
      index = this.#modelNames.length;
      this.#modelIndex.set(model, index);
    }
    return index;
  }

  #check(i: number): void {
    if (!Number.isInteger(i) || i < 0 || i >= this.#size) throw new RangeError(`index must be in [0, ${this.#size - 1}], got ${i}`);
  }

  /**
   * Time of record `i`, Unix ms.
   *
   * @param i - record index.
   * @returns the time.
   * @throws RangeError for an index out of range.
   * @example
   * ```ts
   * log.timeAt(0);
   * ```
   */
  timeAt(i: number): number {
    this.#check(i);
    return this.#times[i] as number;
  }

  /**
   * RSSI of record `i`, dBm.
   *
   * @param i - record index.
   * @returns the RSSI.
   * @throws RangeError for an index out of range.
   * @example
   * ```ts
   * log.rssiAt(0);
   * ```
   */
  rssiAt(i: number): number {
    this.#check(i);
    return this.#rssi[i] as number;
  }

  /**
   * The identifier of record `i`, as a view into the store (do not keep it across `add`/`prune`).
   *
   * @param i - record index.
   * @returns a 16- or 12-byte view.
   * @throws RangeError for an index out of range.
   * @example
   * ```ts
   * bytesToHex(log.idAt(0));
   * ```
   */
  idAt(i: number): Uint8Array {
    this.#check(i);
    return this.#ids.subarray(i * 16, i * 16 + (this.#idLengths[i] as number));
  }

  /**
   * The record at `i` as a {@link Sighting} (copies its bytes).
   *
   * @param i - record index.
   * @returns the sighting.
   * @throws RangeError for an index out of range.
   * @example
   * ```ts
   * const first = log.get(0);
   * ```
   */
  get(i: number): Sighting {
    this.#check(i);
    const flags = this.#flags[i] as number;
    const model = this.#models[i] as number;
    const s: Sighting = {
      time: this.#times[i] as number,
      id: this.#ids.slice(i * 16, i * 16 + (this.#idLengths[i] as number)),
      rssi: this.#rssi[i] as number,
      source: SIGHTING_SOURCES[flags >> 1] as SightingSource,
    };
    if (flags & HAS_AEM) s.aem = this.#aems.slice(i * 4, i * 4 + 4);
    if (model > 0) s.scannerModel = this.#modelNames[model - 1];
    return s;
  }

  /**
   * Iterates the sightings in storage order.
   *
   * @returns an iterator of sightings.
   */
  *[Symbol.iterator](): Iterator<Sighting> {
    for (let i = 0; i < this.#size; i++) yield this.get(i);
  }

  /**
   * Raw column views for bulk readers (matching). Views share the store's memory and are invalidated by
   * `add`, `prune` and `sortByTime`.
   *
   * @returns the used part of each column.
   * @example
   * ```ts
   * const { times, ids } = log.columns();
   * ```
   */
  columns(): {
    times: Float64Array;
    ids: Uint8Array;
    idLengths: Uint8Array;
    aems: Uint8Array;
    hasAem: (i: number) => boolean;
    rssi: Int8Array;
    models: Uint16Array;
    modelNames: readonly string[];
    sources: (i: number) => SightingSource;
  } {
    const n = this.#size;
    const flags = this.#flags;
    return {
      times: this.#times.subarray(0, n),
      ids: this.#ids.subarray(0, n * 16),
      idLengths: this.#idLengths.subarray(0, n),
      aems: this.#aems.subarray(0, n * 4),
      hasAem: (i) => ((flags[i] as number) & HAS_AEM) !== 0,
      rssi: this.#rssi.subarray(0, n),
      models: this.#models.subarray(0, n),
      modelNames: this.#modelNames,
      sources: (i) => SIGHTING_SOURCES[(flags[i] as number) >> 1] as SightingSource,
    };
  }

  /**
   * Deletes sightings older than the retention period (hard delete: the freed slots are zeroed).
   *
   * @param nowMs - current time, Unix ms.
   * @param retentionDays - days to keep (default 14).
   * @returns the number of sightings removed.
   * @throws RangeError when `retentionDays` is not a non-negative integer.
   * @example
   * ```ts
   * log.prune(Date.now());
   * ```
   */
  prune(nowMs: number, retentionDays: number = DEFAULT_RETENTION_DAYS): number {
    assertInteger(retentionDays, 'retentionDays', 0);
    const cutoff = nowMs - retentionDays * DAY_MS;
    let w = 0;
    for (let r = 0; r < this.#size; r++) {
      if ((this.#times[r] as number) < cutoff) continue;
      if (w !== r) this.#move(r, w);
      w++;
    }
    const removed = this.#size - w;
    this.#clear(w, this.#size);
    this.#size = w;
    return removed;
  }

  #move(from: number, to: number): void {
    this.#times[to] = this.#times[from] as number;
    this.#ids.copyWithin(to * 16, from * 16, from * 16 + 16);
    this.#idLengths[to] = this.#idLengths[from] as number;
    this.#aems.copyWithin(to * 4, from * 4, from * 4 + 4);
    this.#flags[to] = this.#flags[from] as number;
    this.#rssi[to] = this.#rssi[from] as number;
    this.#models[to] = this.#models[from] as number;
  }

  #clear(from: number, to: number): void {
    this.#times.fill(0, from, to);
    this.#ids.fill(0, from * 16, to * 16);
    this.#idLengths.fill(0, from, to);
    this.#aems.fill(0, from * 4, to * 4);
    this.#flags.fill(0, from, to);
    this.#rssi.fill(0, from, to);
    this.#models.fill(0, from, to);
  }

  /**
   * Sorts the records by time (stable).
   *
   * @example
   * ```ts
   * log.sortByTime();
   * ```
   */
  sortByTime(): void {
    const n = this.#size;
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => (this.#times[a] as number) - (this.#times[b] as number) || a - b);
    if (order.every((v, i) => v === i)) return;
    const permute = <T extends Float64Array | Uint8Array | Int8Array | Uint16Array>(col: T, per: number): void => {
      const copy = col.slice(0, n * per) as T;
      for (let i = 0; i < n; i++) {
        const from = order[i] as number;
        for (let k = 0; k < per; k++) col[i * per + k] = copy[from * per + k] as number;
      }
    };
    permute(this.#times, 1);
    permute(this.#ids, 16);
    permute(this.#idLengths, 1);
    permute(this.#aems, 4);
    permute(this.#flags, 1);
    permute(this.#rssi, 1);
    permute(this.#models, 1);
  }

  /**
   * Groups the (time-sorted) log into scans: consecutive sightings at most `maxGapMs` apart.
   *
   * @param maxGapMs - largest gap inside one scan (default 25.5 s, GAEN's 1.5 × (4 + 13) s).
   * @returns the scans in time order.
   * @throws RangeError when the log is not sorted by time (call {@link SightingLog.sortByTime} first).
   * @example
   * ```ts
   * log.sortByTime();
   * const scans = log.scanGroups();
   * ```
   */
  scanGroups(maxGapMs: number = SCAN_AGGREGATION_GAP_MS): ScanGroup[] {
    const out: ScanGroup[] = [];
    const t = this.#times;
    for (let i = 0; i < this.#size; i++) {
      const time = t[i] as number;
      const last = out[out.length - 1];
      if (last !== undefined && time < last.endMs) throw new RangeError('the log is not sorted by time; call sortByTime() first');
      if (last !== undefined && time - last.endMs <= maxGapMs) {
        last.end = i + 1;
        last.endMs = time;
      } else out.push({ start: i, end: i + 1, startMs: time, endMs: time });
    }
    return out;
  }
}
