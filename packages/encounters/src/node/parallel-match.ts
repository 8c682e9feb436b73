/**
 * Multi-core GAEN matching with `node:worker_threads` (Node-only: import from `@healthtrace/encounters/node`).
 * Key files are spread over the workers, which parse, verify and match them against a copy of the sighting
 * index; the main thread merges the matched keys and builds the exposure windows.
 */
import { type ResourceLimits, Worker } from 'node:worker_threads';
import { EncountersError } from '../errors';
import { GaenMatcher, type GaenMatchOptions, type GaenMatchResult } from '../matching/gaen-match';
import { SightingIndex } from '../matching/sighting-index';
import type { SightingLog } from '../sightings/sighting-log';
import type { Sighting } from '../sightings/types';
import type { FromWorker, ToWorker } from './match-worker';

/** Options of {@link createMatchPool}. */
export interface MatchPoolOptions {
  /** Number of workers (default 2). */
  workers?: number;
  /** Crypto backend the workers use (default `auto`: `node:crypto`). */
  backend?: 'auto' | 'node' | 'portable';
  /** `execArgv` for the workers (default: the parent's, so loaders such as tsx carry over). */
  execArgv?: string[];
  /**
   * V8 limits of each worker (default `{ maxYoungGenerationSizeMb: 4 }`: matching allocates little per key, and a
   * small young generation keeps each worker's resident memory down without costing measurable time).
   */
  resourceLimits?: ResourceLimits;
}

/** A pool of matching workers; reuse it across runs and {@link MatchPool.close} it at the end. */
export interface MatchPool {
  /** Number of workers. */
  readonly size: number;
  /**
   * Matches key-file zips against sightings on the workers.
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
  const limits = options.resourceLimits ?? { maxYoungGenerationSizeMb: 4 };
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
      // no index) while this thread builds it.
      let matcher: GaenMatcher | undefined;
      const sendIndex = (): GaenMatcher => {
        if (matcher !== undefined) return matcher;
        matcher = new GaenMatcher(sightings instanceof SightingIndex ? sightings : SightingIndex.build(sightings), matchOptions);
        const shared = matcher.index.toShared();
        for (const worker of workers) worker.postMessage({ type: 'index', job, index: shared } satisfies ToWorker);
        return matcher;
      };
      const keys =
        matchOptions.publicKeys === undefined
          ? undefined
          : ([] as (typeof matchOptions.publicKeys)[]).concat(matchOptions.publicKeys).flat();
      let failure: EncountersError | undefined;
      // Files in flight per worker: each file goes to the least busy worker (a pull model: a worker that got
      // bigger files gets fewer), at most two per worker (one being matched, one waiting).
      const inFlight = workers.map(() => 0);
      let wake: (() => void) | undefined;
      const finished: Promise<void>[] = [];
      const listeners: ((msg: FromWorker) => void)[] = [];
      workers.forEach((worker, w) => {
        let resolveFinished: () => void = () => {};
        finished.push(
          new Promise<void>((r) => {
            resolveFinished = r;
          }),
        );
        const listener = (msg: FromWorker): void => {
          if (msg.job !== job) return;
          if (msg.type === 'file-done' || msg.type === 'error') {
            inFlight[w] = (inFlight[w] as number) - 1;
            if (msg.type === 'error' && failure === undefined) {
              const code = msg.code === 'match/bad-signature' ? 'match/bad-signature' : 'match/bad-key-file';
              failure = new EncountersError(code, msg.message);
            }
            wake?.();
          } else if (msg.type === 'finished') {
            sendIndex().merge(msg.matched, { ...msg.stats, filesScanned: msg.files });
            resolveFinished();
          }
        };
        listeners[w] = listener;
        worker.on('message', listener);
        worker.postMessage({ type: 'job', job, publicKeys: keys, backend: options.backend ?? 'auto' } satisfies ToWorker);
      });
      try {
        let n = 0;
        const leastBusy = (): number => {
          let best = 0;
          for (let w = 1; w < count; w++) if ((inFlight[w] as number) < (inFlight[best] as number)) best = w;
          return best;
        };
        for await (const zip of files) {
          if ((inFlight[leastBusy()] as number) >= 2) sendIndex();
          while ((inFlight[leastBusy()] as number) >= 2)
            await new Promise<void>((r) => {
              wake = r;
            });
          if (failure !== undefined) break;
          const target = leastBusy();
          inFlight[target] = (inFlight[target] as number) + 1;
          const worker = workers[target] as Worker;
          const copy = zip.slice();
          worker.postMessage({ type: 'file', job, file: n, zip: copy, label: `key file ${n + 1}` } satisfies ToWorker, [copy.buffer]);
          n++;
        }
        sendIndex();
        for (const worker of workers) worker.postMessage({ type: 'finish', job } satisfies ToWorker);
        await Promise.all(finished);
        if (failure !== undefined) throw failure;
        return sendIndex().result();
      } finally {
        workers.forEach((worker, w) => {
          worker.off('message', listeners[w] as (msg: FromWorker) => void);
        });
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
