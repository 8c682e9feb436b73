/**
 * Worker side of {@link createMatchPool}: per job, key-file zips and (once, after the first files) the sighting
 * index. Each file is cut into {@link FILE_CHUNKS} key ranges that the workers claim through a shared counter: the
 * worker a file was sent to parses and verifies it and matches the ranges it claims; near the end of a run the pool
 * sends the files still being matched to the idle worker too ("help"), which parses and verifies its own copy and
 * claims the remaining ranges, so both workers finish together. Each file a worker worked on is answered with one
 * `part` message: the ranges it matched, its counters and its matched keys, each tagged with its position in the
 * run (file, list, key) so that the pool can merge them in single-thread order. Node-only (`node:worker_threads`).
 *
 * @packageDocumentation
 */
import { type MessagePort, parentPort, receiveMessageOnPort } from 'node:worker_threads';
import {
  assertKeyFileSignature,
  createRpiPrefixScanner,
  KeyFileError,
  type ParsedKeyFile,
  parseKeyFileZip,
  type RpiPrefixScanner,
  setCryptoBackend,
  type TemporaryExposureKey,
  type VerificationKey,
} from '@healthtrace/rolling-id';
import {
  type DeferredScan,
  deferScan,
  type KeyScanStats,
  type KeyScanTracker,
  type MatchedKey,
  resolveScan,
  scanKeyRange,
} from '../matching/key-scan';
import { type ScanFilter, SightingIndex } from '../matching/sighting-index';

/** Key ranges per file: the unit of work the workers share (about 220 keys, 2 ms, of a 7,000-key file). */
export const FILE_CHUNKS = 32;

/**
 * Position of key `i` of list `list` (0 keys, 1 revised keys) of file `file` in the order a single thread reads
 * them: `file · 2^32 + list · 2^31 + i` (exact for up to 2^21 files of up to 2^31 keys).
 *
 * @param file - file number in the run.
 * @param list - 0 for `keys`, 1 for `revised_keys`.
 * @param i - position in the list.
 * @returns the ordinal.
 */
export function keyOrdinal(file: number, list: number, i: number): number {
  return file * 2 ** 32 + list * 2 ** 31 + i;
}

/** Messages the pool sends to a worker. */
export type ToWorker =
  | {
      type: 'job';
      job: number;
      publicKeys: VerificationKey[] | undefined;
      backend: 'auto' | 'node' | 'portable';
      /** The port the index comes on: read between key ranges, so it is taken up in the middle of a file. */
      indexPort: MessagePort;
    }
  /** The prefix filter and covered intervals (shared memory): the worker derives RPIs from now on. */
  | { type: 'filter'; job: number; filter: ScanFilter }
  /** On the job's index port: the index (shared memory): the worker looks up what it derived. */
  | { type: 'index'; job: number; index: Record<string, unknown> }
  /** A file to match (`help: false`: sent to this worker first; `true`: helping another worker with it). */
  | { type: 'file'; job: number; file: number; zip: Uint8Array; label: string; claims: Int32Array; help: boolean };

/** A key that matched first at `ordinal` (with `rpis` RPIs derived for it), in a worker's part of a file. */
export interface OrdinalMatch {
  /** Position of the key in the run ({@link keyOrdinal}). */
  ordinal: number;
  /** The key. */
  key: TemporaryExposureKey;
  /** Its matching sightings, ascending. */
  sightings: number[];
  /** RPIs derived for it. */
  rpis: number;
}

/** A repeat (e.g. in `revised_keys`) of a key matched earlier in the same key range: its metadata replaces the earlier copy's. */
export interface OrdinalRepeat {
  /** Position of the repeat in the run ({@link keyOrdinal}). */
  ordinal: number;
  /** The key as repeated. */
  key: TemporaryExposureKey;
}

/** Messages a worker sends back: one per `file` message. */
export type FromWorker =
  | {
      type: 'part';
      job: number;
      file: number;
      /** Key ranges of the file this worker matched. */
      chunks: number;
      stats: KeyScanStats;
      matches: OrdinalMatch[];
      repeats: OrdinalRepeat[];
      /**
       * First 32-bit word (big-endian) and ordinal of every key in this worker's ranges: the pool finds in them the
       * repeats of keys matched in another range, which one thread would have skipped.
       */
      words: Int32Array;
      ordinals: Float64Array;
    }
  | { type: 'error'; job: number; file: number; code: string; message: string };

/** A file this worker works on: its parsed keys, what it matched so far, and the ranges waiting for the index. */
interface Part {
  file: number;
  label: string;
  parsed: ParsedKeyFile;
  claims: Int32Array;
  chunks: number;
  stats: KeyScanStats;
  matches: OrdinalMatch[];
  repeats: OrdinalRepeat[];
  words: Int32Array;
  ordinals: Float64Array;
  scanned: number;
  /** Ranges derived before the index came, per range its lists' scans. */
  deferred: { list: number; scan: DeferredScan }[][];
}

let job = -1;
let filter: ScanFilter | undefined;
/** Whether `filter` is the index's (computed once per job, when first needed). */
let filterIsIndex: boolean | undefined;
let index: SightingIndex | undefined;
let indexPort: MessagePort | undefined;
let publicKeys: VerificationKey[] | undefined;
/** Files parsed and verified before the filter came. */
let pending: Part[] = [];
/** Files whose ranges are all claimed and derived, waiting for the index to be looked up. */
let waiting: Part[] = [];

function listsOf(part: Part): readonly (readonly TemporaryExposureKey[])[] {
  return [part.parsed.export.keys, part.parsed.export.revisedKeys];
}

/** Looks up one range's keys (scanned with `scan`, or derived earlier) with a fresh map, reporting to the part. */
function finishRange(
  part: Part,
  ranges: { list: number; from: number; to: number; scan?: DeferredScan }[],
  scanner?: RpiPrefixScanner,
): void {
  // A fresh map per range: what a range repeats of an earlier range (even of this worker) is merged by the pool.
  const matched = new Map<string, MatchedKey>();
  const lists = listsOf(part);
  for (const { list, from, to, scan } of ranges) {
    const keys = lists[list] as readonly TemporaryExposureKey[];
    const before = matched.size;
    const found: { i: number; rpis: number }[] = [];
    const tracker: KeyScanTracker = {
      matched(i, rpis) {
        found.push({ i, rpis });
      },
      known(i) {
        part.repeats.push({ ordinal: keyOrdinal(part.file, list, i), key: keys[i] as TemporaryExposureKey });
      },
    };
    if (scan === undefined) scanKeyRange(index as SightingIndex, keys, from, to, matched, part.stats, tracker, scanner);
    else resolveScan(index as SightingIndex, keys, scan, matched, part.stats, tracker);
    // New entries come last in the map, in the order they matched.
    [...matched.values()].slice(before).forEach((m, n) => {
      const f = found[n] as { i: number; rpis: number };
      part.matches.push({ ordinal: keyOrdinal(part.file, list, f.i), key: m.key, sightings: m.sightings, rpis: f.rpis });
    });
  }
}

/** Whether the filter the ranges were derived with is the index's (it is, by construction; checked all the same). */
function sameFilter(f: ScanFilter, i: SightingIndex): boolean {
  if (f.coveredStart !== i.coveredStart || f.covered.length !== i.covered.length) return false;
  for (let j = 0; j < f.covered.length; j++) if (f.covered[j] !== i.covered[j]) return false;
  for (let j = 0; j < f.prefix.length; j++) if (f.prefix[j] !== i.prefix[j]) return false;
  return true;
}

/** Looks up a part's derived ranges (or, should the filter differ, matches them again). */
function resolveDeferred(part: Part): void {
  if (part.deferred.length === 0) return;
  filterIsIndex ??= sameFilter(filter as ScanFilter, index as SightingIndex);
  const exact = filterIsIndex;
  for (const range of part.deferred) {
    finishRange(
      part,
      range.map(({ list, scan }) => (exact ? { list, from: scan.from, to: scan.to, scan } : { list, from: scan.from, to: scan.to })),
    );
  }
  part.deferred = [];
}

function post(port: MessagePort, part: Part): void {
  port.postMessage({
    type: 'part',
    job,
    file: part.file,
    chunks: part.chunks,
    stats: part.stats,
    matches: part.matches,
    repeats: part.repeats,
    words: part.words.slice(0, part.scanned),
    ordinals: part.ordinals.slice(0, part.scanned),
  } satisfies FromWorker);
}

function postError(port: MessagePort, file: number, label: string, error: unknown): void {
  const code = error instanceof KeyFileError ? 'match/bad-key-file' : ((error as { code?: string }).code ?? 'internal');
  port.postMessage({ type: 'error', job, file, code, message: `${label}: ${(error as Error).message}` } satisfies FromWorker);
}

/** Takes the index when it has come: the waiting parts are looked up and posted. */
function takeIndex(port: MessagePort, msg: ToWorker | undefined): void {
  if (msg === undefined || msg.type !== 'index' || msg.job !== job || index !== undefined) return;
  index = SightingIndex.fromShared(msg.index);
  const parts = waiting;
  waiting = [];
  for (const part of parts) {
    try {
      resolveDeferred(part);
      post(port, part);
    } catch (error) {
      postError(port, part.file, part.label, error);
    }
  }
}

/** Matches the key ranges of a parsed file this worker can still claim. */
function runPart(port: MessagePort, part: Part): void {
  try {
    const lists = listsOf(part);
    const total = (lists[0] as readonly unknown[]).length + (lists[1] as readonly unknown[]).length;
    // One scanner for all the ranges this worker claims (the filter is copied into the kernel once).
    const scanner = createRpiPrefixScanner((filter as ScanFilter).prefix);
    try {
      for (;;) {
        if (index === undefined && indexPort !== undefined)
          takeIndex(port, receiveMessageOnPort(indexPort)?.message as ToWorker | undefined);
        const c = Atomics.add(part.claims, 0, 1);
        if (c >= FILE_CHUNKS) break;
        part.chunks++;
        const lo = Math.floor((c * total) / FILE_CHUNKS);
        const hi = Math.floor(((c + 1) * total) / FILE_CHUNKS);
        const ranges: { list: number; from: number; to: number; scan?: DeferredScan }[] = [];
        let offset = 0;
        for (let list = 0; list < 2; list++) {
          const keys = lists[list] as readonly TemporaryExposureKey[];
          const from = Math.max(lo - offset, 0);
          const to = Math.min(hi - offset, keys.length);
          if (from < to) {
            for (let i = from; i < to; i++) {
              const kd = (keys[i] as TemporaryExposureKey).keyData;
              part.words[part.scanned] =
                ((kd[0] as number) << 24) | ((kd[1] as number) << 16) | ((kd[2] as number) << 8) | (kd[3] as number);
              part.ordinals[part.scanned++] = keyOrdinal(part.file, list, i);
            }
            ranges.push({ list, from, to });
          }
          offset += keys.length;
        }
        if (index !== undefined) finishRange(part, ranges, scanner);
        else {
          part.deferred.push(
            ranges.map(({ list, from, to }) => ({
              list,
              scan: deferScan(filter as ScanFilter, lists[list] as readonly TemporaryExposureKey[], from, to, scanner),
            })),
          );
        }
      }
    } finally {
      scanner.wipe();
    }
    if (index === undefined) {
      waiting.push(part);
      return;
    }
    resolveDeferred(part);
    post(port, part);
  } catch (error) {
    postError(port, part.file, part.label, error);
  }
}

parentPort?.on('message', (msg: ToWorker) => {
  const port = parentPort as NonNullable<typeof parentPort>;
  if (msg.type === 'job') {
    job = msg.job;
    setCryptoBackend(msg.backend);
    filter = undefined;
    filterIsIndex = undefined;
    index = undefined;
    pending = [];
    waiting = [];
    indexPort?.close();
    indexPort = msg.indexPort;
    indexPort.on('message', (m: ToWorker) => {
      takeIndex(port, m);
    });
    publicKeys = msg.publicKeys;
  } else if (msg.type === 'filter') {
    if (msg.job !== job) return;
    filter = msg.filter;
    const parts = pending;
    pending = [];
    for (const part of parts) runPart(port, part);
  } else if (msg.type === 'file') {
    if (msg.job !== job) return;
    // Every range already claimed (by a worker that has verified the file): nothing to parse.
    if (Atomics.load(msg.claims, 0) >= FILE_CHUNKS) {
      port.postMessage({
        type: 'part',
        job,
        file: msg.file,
        chunks: 0,
        stats: { keysScanned: 0, rpisDerived: 0 },
        matches: [],
        repeats: [],
        words: new Int32Array(0),
        ordinals: new Float64Array(0),
      } satisfies FromWorker);
      return;
    }
    try {
      const parsed = parseKeyFileZip(msg.zip);
      if (publicKeys !== undefined) {
        try {
          assertKeyFileSignature(parsed, publicKeys);
        } catch (error) {
          if (error instanceof KeyFileError) throw Object.assign(new Error(error.message), { code: 'match/bad-signature' });
          throw error;
        }
      }
      const total = parsed.export.keys.length + parsed.export.revisedKeys.length;
      const part: Part = {
        file: msg.file,
        label: msg.label,
        parsed,
        claims: msg.claims,
        chunks: 0,
        stats: { keysScanned: 0, rpisDerived: 0 },
        matches: [],
        repeats: [],
        words: new Int32Array(total),
        ordinals: new Float64Array(total),
        scanned: 0,
        deferred: [],
      };
      if (filter === undefined) pending.push(part);
      else runPart(port, part);
    } catch (error) {
      postError(port, msg.file, msg.label, error);
    }
  }
});
