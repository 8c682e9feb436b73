/**
 * The index a GAEN matcher probes with derived RPIs. Hand-written (typed arrays, open addressing on the RPI's
 * first 32-bit word) because it sits on the hottest path: millions of probes per matching run.
 */
import { intervalNumber, RPI_PREFIX_FILTER_BYTES } from '@healthtrace/rolling-id';
import type { SightingLog } from '../sightings/sighting-log';
import type { Sighting } from '../sightings/types';

/** Matching tolerance in intervals on each side (`tkMatchingClockDriftRollingPeriods`, ±2 h). */
export const MATCH_TOLERANCE_INTERVALS = 12;

/** The typed arrays a {@link SightingIndex} is made of. */
interface SightingIndexParts {
  times: Float64Array;
  intervals: Int32Array;
  rssi: Int8Array;
  aems: Uint8Array;
  models: Uint16Array;
  modelNames: readonly string[];
  groupWords: Int32Array;
  groupStart: Int32Array;
  groupMembers: Int32Array;
  table: Int32Array;
  prefix: Uint8Array;
  coveredStart: number;
  covered: Uint8Array;
}

/**
 * The GAEN sightings of a log in time order, grouped by distinct RPI, with a hash index over the RPIs and a
 * bitmap of the intervals an RPI must belong to for one of its sightings to match (sighting intervals ± 12).
 * Transferable to workers through {@link SightingIndex.toShared} / {@link SightingIndex.fromShared}.
 */
export class SightingIndex {
  /** Sighting count. */
  readonly count: number;
  /** Sighting times (Unix ms), ascending. */
  readonly times: Float64Array;
  /** ENIntervalNumber of each sighting. */
  readonly intervals: Int32Array;
  /** RSSI of each sighting. */
  readonly rssi: Int8Array;
  /** AEM of each sighting (4 bytes each). */
  readonly aems: Uint8Array;
  /** Scanner-model index of each sighting (0 = none, else index + 1 into `modelNames`). */
  readonly models: Uint16Array;
  /** Scanner-model names. */
  readonly modelNames: readonly string[];
  /** Number of distinct RPIs. */
  readonly groups: number;
  /** The distinct RPIs as 32-bit words (4 per RPI, platform byte order). */
  readonly groupWords: Int32Array;
  /** CSR offsets: the sightings of group g are `groupMembers[groupStart[g] .. groupStart[g + 1])`. */
  readonly groupStart: Int32Array;
  /** Sighting indices per group, ascending (so in time order). */
  readonly groupMembers: Int32Array;
  /** Open-addressing table of group ids (−1 = empty). */
  readonly table: Int32Array;
  /**
   * The RPI prefix filter of the distinct RPIs (bit = an RPI's first 20 bits, as `createRpiPrefixFilter` of
   * `@healthtrace/rolling-id`): a cheap pre-filter before the hash probe, and what `deriveRpisMatchingPrefix` tests.
   */
  readonly prefix: Uint8Array;
  /** First interval covered by `covered`. */
  readonly coveredStart: number;
  /** `covered[j - coveredStart]` = 1 when some sighting lies within ±12 intervals of interval j. */
  readonly covered: Uint8Array;

  private constructor(parts: SightingIndexParts) {
    this.count = parts.times.length;
    this.times = parts.times;
    this.intervals = parts.intervals;
    this.rssi = parts.rssi;
    this.aems = parts.aems;
    this.models = parts.models;
    this.modelNames = parts.modelNames;
    this.groups = parts.groupStart.length - 1;
    this.groupWords = parts.groupWords;
    this.groupStart = parts.groupStart;
    this.groupMembers = parts.groupMembers;
    this.table = parts.table;
    this.prefix = parts.prefix;
    this.coveredStart = parts.coveredStart;
    this.covered = parts.covered;
  }

  /**
   * Builds the index from the GAEN sightings (with an AEM) of a log or a list; other sightings are ignored.
   *
   * @param sightings - a {@link SightingLog} or any iterable of sightings.
   * @returns the index.
   * @example
   * ```ts
   * const index = SightingIndex.build(log);
   * ```
   */
  static build(sightings: SightingLog | Iterable<Sighting>): SightingIndex {
    // Pass 1, in input order (the order the objects were allocated in, so memory is read mostly sequentially):
    // the fields of the GAEN sightings into compact typed arrays.
    const input: readonly Sighting[] = Array.isArray(sightings) ? sightings : [...sightings];
    const cap = input.length;
    const inTimes = new Float64Array(cap);
    const inRssi = new Int8Array(cap);
    const inModels = new Uint16Array(cap);
    const inAems = new Uint8Array(cap * 4);
    const inIds = new Uint8Array(cap * 16);
    const modelNames: string[] = [];
    const modelIndex = new Map<string, number>();
    let lastModel: string | undefined;
    let lastModelIndex = 0;
    let n = 0;
    for (let k = 0; k < cap; k++) {
      const s = input[k] as Sighting;
      const aem = s.aem;
      const id = s.id;
      if (s.source !== 'gaen-advert' || aem === undefined || id.length !== 16) continue;
      inTimes[n] = s.time;
      inRssi[n] = s.rssi;
      // Byte loops, not TypedArray#set: for 4 and 16 bytes the call costs more than the copy.
      for (let b = 0; b < 4; b++) inAems[n * 4 + b] = aem[b] as number;
      for (let b = 0; b < 16; b++) inIds[n * 16 + b] = id[b] as number;
      const model = s.scannerModel;
      if (model !== undefined) {
        // Consecutive sightings mostly come from one scanner: skip the map lookup then.
        if (model !== lastModel) {
          let m = modelIndex.get(model);
          if (m === undefined) {
            modelNames.push(model);
            m = modelNames.length;
            modelIndex.set(model, m);
          }
          lastModel = model;
          lastModelIndex = m;
        }
        inModels[n] = lastModelIndex;
      }
      n++;
    }
    // Pass 2: the same fields in time order (a stable sort).
    const order = timeOrder(inTimes, n);
    const times = new Float64Array(n);
    const intervals = new Int32Array(n);
    const rssi = new Int8Array(n);
    const aems = new Uint8Array(n * 4);
    const models = new Uint16Array(n);
    const rpiBytes = new Uint8Array(n * 16);
    for (let i = 0; i < n; i++) {
      const k = order[i] as number;
      const t = inTimes[k] as number;
      times[i] = t;
      intervals[i] = intervalNumber(Math.max(0, t));
      rssi[i] = inRssi[k] as number;
      models[i] = inModels[k] as number;
      for (let b = 0; b < 4; b++) aems[i * 4 + b] = inAems[k * 4 + b] as number;
      for (let b = 0; b < 16; b++) rpiBytes[i * 16 + b] = inIds[k * 16 + b] as number;
    }
    const words = new Int32Array(rpiBytes.buffer, 0, n * 4);
    // Group identical RPIs.
    const size = tableSize(n);
    const table = new Int32Array(size).fill(-1);
    const groupOf = new Int32Array(n);
    const groupWordsTmp = new Int32Array(n * 4);
    let groups = 0;
    const mask = size - 1;
    for (let i = 0; i < n; i++) {
      const w0 = words[i * 4] as number;
      const w1 = words[i * 4 + 1] as number;
      const w2 = words[i * 4 + 2] as number;
      const w3 = words[i * 4 + 3] as number;
      let slot = hashWord(w0) & mask;
      for (;;) {
        const g = table[slot] as number;
        if (g < 0) {
          table[slot] = groups;
          groupWordsTmp[groups * 4] = w0;
          groupWordsTmp[groups * 4 + 1] = w1;
          groupWordsTmp[groups * 4 + 2] = w2;
          groupWordsTmp[groups * 4 + 3] = w3;
          groupOf[i] = groups++;
          break;
        }
        if (
          groupWordsTmp[g * 4] === w0 &&
          groupWordsTmp[g * 4 + 1] === w1 &&
          groupWordsTmp[g * 4 + 2] === w2 &&
          groupWordsTmp[g * 4 + 3] === w3
        ) {
          groupOf[i] = g;
          break;
        }
        slot = (slot + 1) & mask;
      }
    }
    const prefix = new Uint8Array(RPI_PREFIX_FILTER_BYTES);
    for (let g = 0; g < groups; g++) {
      const bit = prefixBitOfWord(groupWordsTmp[g * 4] as number);
      prefix[bit >>> 3] = (prefix[bit >>> 3] as number) | (1 << (bit & 7));
    }
    const groupStart = new Int32Array(groups + 1);
    for (let i = 0; i < n; i++) {
      const g = (groupOf[i] as number) + 1;
      groupStart[g] = (groupStart[g] as number) + 1;
    }
    for (let g = 0; g < groups; g++) groupStart[g + 1] = (groupStart[g + 1] as number) + (groupStart[g] as number);
    const fill = groupStart.slice(0, groups);
    const groupMembers = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const g = groupOf[i] as number;
      groupMembers[fill[g] as number] = i;
      fill[g] = (fill[g] as number) + 1;
    }
    // Intervals an RPI may belong to: sighting intervals ± tolerance.
    let coveredStart = 0;
    let covered = new Uint8Array(0);
    if (n > 0) {
      let lo = intervals[0] as number;
      let hi = lo;
      for (let i = 0; i < n; i++) {
        lo = Math.min(lo, intervals[i] as number);
        hi = Math.max(hi, intervals[i] as number);
      }
      ({ coveredStart, covered } = coverageOf(intervals, n, lo, hi));
    }
    return new SightingIndex({
      times,
      intervals,
      rssi,
      aems,
      models,
      modelNames,
      groupWords: groupWordsTmp.slice(0, groups * 4),
      groupStart,
      groupMembers,
      table,
      prefix,
      coveredStart,
      covered,
    });
  }

  /**
   * Looks up a derived RPI given as four 32-bit words at `offset` of `words`.
   *
   * @param words - derived RPIs viewed as `Int32Array` (platform byte order, as the index was built).
   * @param offset - word offset of the RPI.
   * @returns the group id, or −1 when no sighting has this RPI.
   */
  find(words: Int32Array, offset: number): number {
    const w0 = words[offset] as number;
    const bit = prefixBitOfWord(w0);
    if (((this.prefix[bit >>> 3] as number) & (1 << (bit & 7))) === 0) return -1;
    const table = this.table;
    const gw = this.groupWords;
    const mask = table.length - 1;
    let slot = hashWord(w0) & mask;
    for (;;) {
      const g = table[slot] as number;
      if (g < 0) return -1;
      const b = g * 4;
      if (gw[b] === w0 && gw[b + 1] === words[offset + 1] && gw[b + 2] === words[offset + 2] && gw[b + 3] === words[offset + 3]) return g;
      slot = (slot + 1) & mask;
    }
  }

  /**
   * The RPI of sighting `i`'s group as bytes.
   *
   * @param group - the group id.
   * @returns the 16-byte RPI.
   */
  groupRpi(group: number): Uint8Array {
    return new Uint8Array(this.groupWords.buffer, this.groupWords.byteOffset + group * 16, 16).slice();
  }

  /**
   * The typed arrays of this index, for `postMessage` to a worker (structured clone copies them once).
   *
   * @returns a plain object of typed arrays and numbers.
   */
  toShared(): Record<string, unknown> {
    return {
      times: this.times,
      intervals: this.intervals,
      rssi: this.rssi,
      aems: this.aems,
      models: this.models,
      modelNames: [...this.modelNames],
      groupWords: this.groupWords,
      groupStart: this.groupStart,
      groupMembers: this.groupMembers,
      table: this.table,
      prefix: this.prefix,
      coveredStart: this.coveredStart,
      covered: this.covered,
    };
  }

  /**
   * Rebuilds an index received from {@link SightingIndex.toShared}.
   *
   * @param data - the object posted by `toShared`.
   * @returns the index.
   */
  static fromShared(data: Record<string, unknown>): SightingIndex {
    return new SightingIndex(data as unknown as SightingIndexParts);
  }
}

/** What a key scan needs before the exact lookup: the index's prefix filter and covered intervals. */
export interface ScanFilter {
  /** As {@link SightingIndex.prefix}. */
  prefix: Uint8Array;
  /** As {@link SightingIndex.coveredStart}. */
  coveredStart: number;
  /** As {@link SightingIndex.covered}. */
  covered: Uint8Array;
}

/**
 * The intervals an RPI may belong to: each of the first `n` sighting intervals ± the matching tolerance, as a 0/1
 * array from `min − tolerance` to `max + tolerance` (one pass over a difference array).
 */
function coverageOf(
  intervals: ArrayLike<number>,
  n: number,
  min: number,
  max: number,
): { coveredStart: number; covered: Uint8Array<ArrayBuffer> } {
  const start = min - MATCH_TOLERANCE_INTERVALS;
  const covered = new Uint8Array(max - min + 2 * MATCH_TOLERANCE_INTERVALS + 1);
  const diff = new Int32Array(covered.length + 1);
  for (let i = 0; i < n; i++) {
    const c = (intervals[i] as number) - start;
    diff[c - MATCH_TOLERANCE_INTERVALS] = (diff[c - MATCH_TOLERANCE_INTERVALS] as number) + 1;
    diff[c + MATCH_TOLERANCE_INTERVALS + 1] = (diff[c + MATCH_TOLERANCE_INTERVALS + 1] as number) - 1;
  }
  let run = 0;
  for (let j = 0; j < covered.length; j++) {
    run += diff[j] as number;
    covered[j] = run > 0 ? 1 : 0;
  }
  return { coveredStart: start, covered };
}

/**
 * The prefix filter and covered intervals that {@link SightingIndex.build} computes for the same sightings, in one
 * quick pass (no sorting or grouping): the worker pool sends them first so that the workers can derive RPIs while
 * the index is being built.
 *
 * @param sightings - the sightings, as passed to {@link SightingIndex.build}.
 * @returns the filter (equal, byte for byte, to the built index's `prefix`, `coveredStart` and `covered`).
 * @example
 * ```ts
 * const { prefix, covered } = scanFilterOf(sightings);
 * ```
 */
export function scanFilterOf(sightings: readonly Sighting[]): ScanFilter {
  const prefix = new Uint8Array(RPI_PREFIX_FILTER_BYTES);
  const n = sightings.length;
  const intervals = new Int32Array(n);
  let m = 0;
  let lo = 0;
  let hi = 0;
  for (let k = 0; k < n; k++) {
    const s = sightings[k] as Sighting;
    const id = s.id;
    if (s.source !== 'gaen-advert' || s.aem === undefined || id.length !== 16) continue;
    const bit = ((id[0] as number) << 12) | ((id[1] as number) << 4) | ((id[2] as number) >>> 4);
    prefix[bit >>> 3] = (prefix[bit >>> 3] as number) | (1 << (bit & 7));
    const interval = intervalNumber(Math.max(0, s.time));
    if (m === 0 || interval < lo) lo = interval;
    if (m === 0 || interval > hi) hi = interval;
    intervals[m++] = interval;
  }
  if (m === 0) return { prefix, coveredStart: 0, covered: new Uint8Array(0) };
  return { prefix, ...coverageOf(intervals, m, lo, hi) };
}

/**
 * The stable time order of `times[0..n)` as a permutation. The common case (fewer than 2^20 sightings, whole
 * milliseconds spanning less than 2^33 ms, about 99 days) packs `(time − earliest) · 2^20 + position` into one
 * exactly representable double and sorts those with the native numeric sort of a `Float64Array`, several times
 * faster than a comparator; other input uses a comparator sort of the positions (also stable).
 */
function timeOrder(times: Float64Array, n: number): Uint32Array {
  const order = new Uint32Array(n);
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let sorted = true;
  let whole = true;
  for (let i = 0; i < n; i++) {
    const t = times[i] as number;
    order[i] = i;
    if (t < min) min = t;
    if (t > max) max = t;
    if (i > 0 && t < (times[i - 1] as number)) sorted = false;
    if (!Number.isInteger(t)) whole = false;
  }
  if (sorted) return order;
  if (n >= 1 << 20 || !whole || max - min >= 2 ** 33) {
    return Uint32Array.from(Array.from(order).sort((a, b) => (times[a] as number) - (times[b] as number) || a - b));
  }
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) keys[i] = ((times[i] as number) - min) * 1048576 + i;
  keys.sort();
  for (let i = 0; i < n; i++) order[i] = (keys[i] as number) % 1048576;
  return order;
}

/** Whether typed-array words are little-endian here (they are on every platform Node and browsers run on today). */
const LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;

/** The prefix-filter bit (RPI bytes 0, 1 and the high nibble of 2) of an RPI's first word in platform byte order. */
function prefixBitOfWord(w: number): number {
  if (LITTLE_ENDIAN) return ((w & 0xff) << 12) | (((w >>> 8) & 0xff) << 4) | ((w >>> 20) & 0xf);
  return w >>> 12;
}

function tableSize(n: number): number {
  let size = 16;
  while (size < n * 2) size *= 2;
  return size;
}

function hashWord(w: number): number {
  return Math.imul(w ^ (w >>> 15), 0x2c1b3c6d) >>> 7;
}
