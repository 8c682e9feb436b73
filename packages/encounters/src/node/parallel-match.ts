/**
 * Multi-core GAEN matching with `node:worker_threads` (Node-only: import from `@healthtrace/encounters/node`).
 * Key files are spread over the workers, which parse, verify and match them against the sighting index (in shared
 * memory); each file is cut into key ranges that the workers claim, and at the end of a run an idle worker claims the
 * remaining ranges of the files still being matched. The main thread builds the exposure windows of the matched keys
 * as they come in and merges them in single-thread order.
 */
import { MessageChannel, type ResourceLimits, Worker } from 'node:worker_threads';
import { bytesToHex } from '@healthtrace/core';
import { type ParsedKeyFile, parseKeyFileZip, ROLLING_PERIOD, type TemporaryExposureKey } from '@healthtrace/rolling-id';
import { EncountersError } from '../errors';
import { keyExposureWindows, sortWindows, type TimedExposureWindow, type WindowContext, windowContext } from '../matching/exposure-windows';
import type { GaenMatchOptions, GaenMatchResult } from '../matching/gaen-match';
import { type ScanFilter, SightingIndex, scanFilterOf } from '../matching/sighting-index';
import type { SightingLog } from '../sightings/sighting-log';
import type { Sighting } from '../sightings/types';
import { FILE_CHUNKS, type FromWorker, type OrdinalMatch, type OrdinalRepeat, type ToWorker } from './match-worker';

/** Copies the typed arrays of `SightingIndex.toShared()` into shared memory: posting them then copies nothing. */
function sharedCopy(parts: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(parts)) {
    if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
      const typed = value as unknown as Uint8Array;
      const Ctor = typed.constructor as new (buffer: SharedArrayBuffer) => Uint8Array;
      const copy = new Ctor(new SharedArrayBuffer(typed.byteLength));
      copy.set(typed);
      out[name] = copy;
    } else out[name] = value;
  }
  return out;
}

/** First words and ordinals of the keys a worker scanned in its part of a file. */
interface ScannedKeys {
  file: number;
  words: Int32Array;
  ordinals: Float64Array;
}

/** RPIs one thread derives for a key starting at `rsin` (its covered intervals), or −1 when it skips the key. */
function coveredIntervals(index: SightingIndex, rsin: number): number {
  const cs = index.coveredStart;
  const a = Math.max(rsin, cs);
  const b = Math.min(rsin + ROLLING_PERIOD, cs + index.covered.length);
  if (a >= b) return -1;
  let n = 0;
  for (let j = a; j < b; j++) n += index.covered[j - cs] as number;
  return n;
}

/**
 * The result of a pool run, exactly as one thread would have produced it: matched keys in the order one thread
 * meets them (by ordinal); a key met again after its first match (in another range or file) keeps its first
 * sightings and takes the latest metadata, and the RPIs derived for the repeat are not counted (one thread skips
 * a repeat of a matched key). Repeats that did not match are found by first word among the scanned keys and
 * confirmed from their file (rare: a repeated key, or a 1 in 2^32 collision).
 */
function assemble(
  found: { match: OrdinalMatch; windows: ReturnType<typeof keyExposureWindows> }[],
  repeats: OrdinalRepeat[],
  scanned: ScannedKeys[],
  zipOf: (file: number) => Uint8Array,
  stats: { filesScanned: number; keysScanned: number; rpisDerived: number },
  context: WindowContext,
): GaenMatchResult {
  found.sort((a, b) => a.match.ordinal - b.match.ordinal);
  const byHex = new Map<string, { first: (typeof found)[number]; key: TemporaryExposureKey; last: number }>();
  let rpisDerived = stats.rpisDerived;
  const later: OrdinalRepeat[] = [...repeats];
  for (const f of found) {
    const hex = bytesToHex(f.match.key.keyData);
    if (byHex.has(hex)) {
      rpisDerived -= f.match.rpis;
      later.push(f.match);
    } else byHex.set(hex, { first: f, key: f.match.key, last: f.match.ordinal });
  }
  if (byHex.size > 0) {
    // The matched keys' first words, with a 2^16-bit filter on their low halves in front of the set.
    const firstWords = new Set<number>();
    const filter = new Int32Array(2048);
    for (const { first } of byHex.values()) {
      const kd = first.match.key.keyData;
      const word = ((kd[0] as number) << 24) | ((kd[1] as number) << 16) | ((kd[2] as number) << 8) | (kd[3] as number);
      firstWords.add(word);
      filter[(word & 0xffff) >>> 5] = (filter[(word & 0xffff) >>> 5] as number) | (1 << (word & 31));
    }
    const reported = new Set<number>(later.map((r) => r.ordinal));
    for (const f of found) reported.add(f.match.ordinal);
    const parsed = new Map<number, ParsedKeyFile>();
    for (const { file, words, ordinals } of scanned) {
      for (let i = 0; i < words.length; i++) {
        const word = words[i] as number;
        if (((filter[(word & 0xffff) >>> 5] as number) & (1 << (word & 31))) === 0 || !firstWords.has(word)) continue;
        const ordinal = ordinals[i] as number;
        if (reported.has(ordinal)) continue;
        let p = parsed.get(file);
        if (p === undefined) {
          p = parseKeyFileZip(zipOf(file));
          parsed.set(file, p);
        }
        const inFile = ordinal - file * 2 ** 32;
        const list = inFile >= 2 ** 31 ? p.export.revisedKeys : p.export.keys;
        const key = list[inFile % 2 ** 31] as TemporaryExposureKey;
        const entry = byHex.get(bytesToHex(key.keyData));
        if (entry === undefined || ordinal < entry.first.match.ordinal) continue;
        const rpis = coveredIntervals(context.index, key.rollingStartIntervalNumber);
        if (rpis < 0) continue;
        rpisDerived -= rpis;
        later.push({ ordinal, key: { ...key, keyData: key.keyData.slice() } });
      }
    }
  }
  for (const r of later) {
    const entry = byHex.get(bytesToHex(r.key.keyData));
    if (entry !== undefined && r.ordinal > entry.last) {
      entry.key = r.key;
      entry.last = r.ordinal;
    }
  }
  const windows: TimedExposureWindow[] = [];
  let droppedTxPower = 0;
  let matchedSightings = 0;
  for (const { first, key } of byHex.values()) {
    const used = first.match.key;
    const own =
      key.reportType === used.reportType && key.daysSinceOnsetOfSymptoms === used.daysSinceOnsetOfSymptoms
        ? first.windows
        : keyExposureWindows(context, key, first.match.sightings);
    droppedTxPower += own.droppedTxPower;
    matchedSightings += first.match.sightings.length;
    for (const w of own.windows) windows.push(w);
  }
  return {
    filesScanned: stats.filesScanned,
    keysScanned: stats.keysScanned,
    matchedKeys: byHex.size,
    rpisDerived,
    matchedSightings,
    droppedTxPower,
    exposureWindows: sortWindows(windows),
  };
}

/** Options of {@link createMatchPool}. */
export interface MatchPoolOptions {
  /** Number of workers (default 2). */
  workers?: number;
  /** Crypto backend the workers use (default `auto`: `node:crypto`). */
  backend?: 'auto' | 'node' | 'portable';
  /** `execArgv` for the workers (default: the parent's, so loaders such as tsx carry over). */
  execArgv?: string[];
  /**
   * V8 limits of each worker (default `{ maxYoungGenerationSizeMb: 6 }`: matching allocates little per key, and a
   * small young generation keeps each worker's resident memory down; with 4 MB the scavenges of parsed key files
   * cost about 20 ms of a 500 ms benchmark run).
   */
  resourceLimits?: ResourceLimits;
}

/** A pool of matching workers; reuse it across runs and {@link MatchPool.close} it at the end. */
export interface MatchPool {
  /** Number of workers. */
  readonly size: number;
  /**
   * Matches key-file zips against sightings on the workers. The pool keeps a reference to each zip until the run
   * ends (it hands files still being matched to an idle worker, and rereads a file in the rare case a matched key is
   * repeated in it without matching again); it does not modify them.
   *
   * @param sightings - a sighting log, list or prebuilt index.
   * @param files - key-file zips (any iterable, sync or async).
   * @param options - verification keys, mapping, calibration, scanner.
   * @returns the same result as {@link matchGaen}.
   */
  match(
    sightings: SightingLog | Iterable<Sighting> | SightingIndex,
    files: Iterable<Uint8Array> | AsyncIterable<Uint8Array>,
    options?: GaenMatchOptions,
  ): Promise<GaenMatchResult>;
  /** Terminates the workers. */
  close(): Promise<void>;
}

function workerUrl(): URL {
  const self = import.meta.url;
  const ext = self.slice(self.lastIndexOf('.'));
  return new URL(`./match-worker${ext === '.ts' || ext === '.cjs' ? ext : '.js'}`, self);
}

/**
 * Starts one worker. From the TypeScript sources (tests and benchmarks run with tsx) the worker is a small
 * bootstrap that registers tsx before importing the `.ts` worker, since loader hooks do not carry over to workers.
 */
function startWorker(url: URL, execArgv: string[] | undefined, resourceLimits: ResourceLimits): Worker {
  if (!url.pathname.endsWith('.ts')) return new Worker(url, execArgv === undefined ? { resourceLimits } : { execArgv, resourceLimits });
  const code = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(url.href)}); });`;
  return new Worker(code, { eval: true, resourceLimits, execArgv: execArgv ?? ['--conditions=@healthtrace/source'] });
}

/**
 * Starts a pool of matching workers.
 *
 * @param options - worker count, backend, `execArgv`.
 * @returns the pool.
 * @throws RangeError when `workers` is not an integer in 1..64.
 * @example
 * ```ts
 * const pool = createMatchPool({ workers: 2 });
 * const result = await pool.match(log, zips, { publicKeys });
 * await pool.close();
 * ```
 */
export function createMatchPool(options: MatchPoolOptions = {}): MatchPool {
  const count = options.workers ?? 2;
  if (!Number.isInteger(count) || count < 1 || count > 64) throw new RangeError(`workers must be an integer in 1..64, got ${count}`);
  const url = workerUrl();
  const limits = options.resourceLimits ?? { maxYoungGenerationSizeMb: 6 };
  const workers = Array.from({ length: count }, () => startWorker(url, options.execArgv, limits));
  let jobs = 0;
  let busy = false;
  return {
    size: count,
    async match(sightings, files, matchOptions = {}) {
      if (busy) throw new Error('the pool is already matching; wait for the previous run');
      busy = true;
      const job = ++jobs;
      // The index is built after the first files are on their way: the workers parse and verify those (which needs
      // no index) while this thread computes the prefix filter and covered intervals (one quick pass) and sends them;
      // the workers derive RPIs with those while this thread builds the index, and look the RPIs up once it comes
      // (on a port of its own, which they read between key ranges). Both go in shared memory (no copy per worker).
      let index: SightingIndex | undefined;
      let context: WindowContext | undefined;
      const ports = workers.map(() => new MessageChannel());
      let sent = false;
      const sendIndex = (): void => {
        if (sent) return;
        sent = true;
        let input: SightingIndex | readonly Sighting[];
        if (sightings instanceof SightingIndex) input = sightings;
        else input = Array.isArray(sightings) ? (sightings as readonly Sighting[]) : [...sightings];
        const filter: ScanFilter = input instanceof SightingIndex ? input : scanFilterOf(input);
        const sharedFilter = sharedCopy({
          prefix: filter.prefix,
          coveredStart: filter.coveredStart,
          covered: filter.covered,
        }) as unknown as ScanFilter;
        for (const worker of workers) worker.postMessage({ type: 'filter', job, filter: sharedFilter } satisfies ToWorker);
        index = input instanceof SightingIndex ? input : SightingIndex.build(input);
        const shared = sharedCopy(index.toShared());
        for (const { port1 } of ports) port1.postMessage({ type: 'index', job, index: shared } satisfies ToWorker);
        context = windowContext(index, matchOptions);
      };
      const keys =
        matchOptions.publicKeys === undefined
          ? undefined
          : ([] as (typeof matchOptions.publicKeys)[]).concat(matchOptions.publicKeys).flat();
      // The first error: a bad file (from a worker), or one thrown here (building windows, `onProgress`).
      let failure: unknown;
      // Per file: its zip (to send to a helper), the shared counter of claimed key ranges, ranges done, workers on it.
      const runFiles: { zip: Uint8Array; label: string; claims: Int32Array; done: number; failed: boolean; on: Set<number> }[] = [];
      const stats = { filesScanned: 0, keysScanned: 0, rpisDerived: 0 };
      // Matched keys as the workers report them, with their windows (built here, while the workers match).
      const found: { match: OrdinalMatch; windows: ReturnType<typeof keyExposureWindows> }[] = [];
      const repeats: OrdinalRepeat[] = [];
      const scanned: ScannedKeys[] = [];
      // Messages in flight per worker: each file goes to the least busy worker (a pull model: a worker that got
      // bigger files gets fewer), at most two per worker (one being matched, one waiting) once the index is out.
      const inFlight = workers.map(() => 0);
      let exhausted = false;
      let wake: (() => void) | undefined;
      const send = (w: number, file: number, help: boolean): void => {
        const f = runFiles[file] as (typeof runFiles)[number];
        f.on.add(w);
        inFlight[w] = (inFlight[w] as number) + 1;
        const copy = f.zip.slice();
        (workers[w] as Worker).postMessage(
          { type: 'file', job, file, zip: copy, label: f.label, claims: f.claims, help } satisfies ToWorker,
          [copy.buffer],
        );
      };
      // Once every file is out, an idle worker gets the files still being matched elsewhere (newest first): it
      // claims their remaining key ranges, so the workers finish together instead of one waiting on the other's
      // last file.
      const help = (w: number): void => {
        if (!exhausted || failure !== undefined || (inFlight[w] as number) > 0) return;
        for (let file = runFiles.length - 1; file >= 0; file--) {
          const f = runFiles[file] as (typeof runFiles)[number];
          if (!f.failed && f.done < FILE_CHUNKS && !f.on.has(w) && Atomics.load(f.claims, 0) < FILE_CHUNKS) send(w, file, true);
        }
      };
      const listeners = workers.map((_, w) => {
        const listener = (msg: FromWorker): void => {
          if (msg.job !== job) return;
          inFlight[w] = (inFlight[w] as number) - 1;
          const f = runFiles[msg.file] as (typeof runFiles)[number];
          if (msg.type === 'error') {
            f.failed = true;
            if (failure === undefined) {
              const code = msg.code === 'match/bad-signature' ? 'match/bad-signature' : 'match/bad-key-file';
              failure = new EncountersError(code, msg.message);
            }
          } else {
            stats.keysScanned += msg.stats.keysScanned;
            stats.rpisDerived += msg.stats.rpisDerived;
            for (const r of msg.repeats) repeats.push(r);
            if (msg.words.length > 0) scanned.push({ file: msg.file, words: msg.words, ordinals: msg.ordinals });
            f.done += msg.chunks;
            try {
              for (const m of msg.matches) {
                found.push({ match: m, windows: keyExposureWindows(context as WindowContext, m.key, m.sightings) });
              }
              if (msg.chunks > 0 && f.done === FILE_CHUNKS) {
                stats.filesScanned++;
                matchOptions.onProgress?.({ filesScanned: stats.filesScanned, keysScanned: stats.keysScanned });
              }
            } catch (error) {
              failure ??= error;
            }
          }
          help(w);
          wake?.();
        };
        workers[w]?.on('message', listener);
        return listener;
      });
      workers.forEach((worker, w) => {
        const indexPort = (ports[w] as MessageChannel).port2;
        worker.postMessage({ type: 'job', job, publicKeys: keys, backend: options.backend ?? 'auto', indexPort } satisfies ToWorker, [
          indexPort,
        ]);
      });
      const idle = (): Promise<void> =>
        new Promise<void>((r) => {
          wake = r;
        });
      try {
        const leastBusy = (): number => {
          let best = 0;
          for (let w = 1; w < count; w++) if ((inFlight[w] as number) < (inFlight[best] as number)) best = w;
          return best;
        };
        for await (const zip of files) {
          if ((inFlight[leastBusy()] as number) >= 2) sendIndex();
          while ((inFlight[leastBusy()] as number) >= 2) await idle();
          if (failure !== undefined) break;
          const n = runFiles.length;
          runFiles.push({
            zip,
            label: `key file ${n + 1}`,
            claims: new Int32Array(new SharedArrayBuffer(4)),
            done: 0,
            failed: false,
            on: new Set(),
          });
          send(leastBusy(), n, false);
        }
        exhausted = true;
        sendIndex();
        for (let w = 0; w < count; w++) help(w);
        while (inFlight.some((n) => n > 0)) await idle();
        if (failure !== undefined) throw failure;
        return assemble(
          found,
          repeats,
          scanned,
          (file) => (runFiles[file] as (typeof runFiles)[number]).zip,
          stats,
          context as WindowContext,
        );
      } finally {
        workers.forEach((worker, w) => {
          worker.off('message', listeners[w] as (msg: FromWorker) => void);
        });
        for (const { port1 } of ports) port1.close();
        busy = false;
      }
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}

/**
 * One-shot multi-core matching: starts a pool, matches, closes it. For repeated runs keep a pool with
 * {@link createMatchPool} (worker start-up costs tens to hundreds of milliseconds).
 *
 * @param sightings - a sighting log or list.
 * @param files - key-file zips.
 * @param options - matching options plus `workers` (default 2).
 * @returns the same result as {@link matchGaen}.
 * @throws EncountersError `match/bad-key-file` or `match/bad-signature` for a bad file.
 * @example
 * ```ts
 * import { matchGaenParallel } from '@healthtrace/encounters/node';
 * const result = await matchGaenParallel(log, zips, { publicKeys, workers: 2 });
 * ```
 */
export async function matchGaenParallel(
  sightings: SightingLog | Iterable<Sighting>,
  files: Iterable<Uint8Array> | AsyncIterable<Uint8Array>,
  options: GaenMatchOptions & MatchPoolOptions = {},
): Promise<GaenMatchResult> {
  const pool = createMatchPool(options);
  try {
    return await pool.match(sightings, files, options);
  } finally {
    await pool.close();
  }
}
