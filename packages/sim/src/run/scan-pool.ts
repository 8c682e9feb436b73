/**
 * A pool of worker threads running the scanning kernel. The simulation loop stays synchronous: tasks are
 * posted to each worker's `MessagePort`, and the main thread sleeps on a shared counter (`Atomics.wait`)
 * and collects results with `receiveMessageOnPort`. Results are merged in batch order, so a run gives the
 * same bytes with any number of threads. Node.js only.
 *
 * @packageDocumentation
 */

import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { TruthStore } from '../metrics/truth-store';
import { SightingStore } from '../scan/sighting-store';
import type { PhoneArrays, ScanBatch, ScanParams } from './scan-kernel';

declare const __filename: string | undefined;

/** Give up when no worker has answered for this long (a worker that failed to load never answers). */
const STALL_MS = 600_000;

function workerLocation(): { url: URL; fromSource: boolean } {
  // Sources: next to this module (src/run/); builds: dist/run/scan-worker.{js,cjs} beside the dist/index bundle.
  const base = typeof __filename === 'string' ? new URL(`file://${__filename}`) : new URL(import.meta.url);
  const fromSource = base.pathname.endsWith('.ts');
  if (fromSource) return { url: new URL('./scan-worker.ts', base), fromSource };
  return { url: new URL(`./run/scan-worker.${typeof __filename === 'string' ? 'cjs' : 'js'}`, base), fromSource };
}

/**
 * Worker bootstrap (plain JavaScript, so that it always loads): registers tsx when the worker module is
 * TypeScript (running from the sources), imports it, and reports a load failure on the port instead of
 * leaving the synchronously waiting main thread without an answer.
 */
const BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
(async () => {
  if (workerData.fromSource) (await import('tsx/esm/api')).register();
  await import(workerData.url);
})().catch((error) => {
  workerData.port.postMessage({ id: -1, error: String(error && error.stack || error) });
  Atomics.add(workerData.signal, 0, 1);
  Atomics.notify(workerData.signal, 0);
});
`;

/** Worker threads that scan contact batches. */
export class ScanPool {
  /** Number of threads. */
  readonly size: number;
  private readonly workers: Worker[] = [];
  private readonly ports: MessagePort[] = [];
  private readonly signal = new Int32Array(new SharedArrayBuffer(4));

  /**
   * @param threads - number of worker threads (≥ 1).
   * @param phones - per-phone arrays (copied to each worker once).
   */
  constructor(threads: number, phones: PhoneArrays) {
    this.size = threads;
    const where = workerLocation();
    for (let i = 0; i < threads; i++) {
      const { port1, port2 } = new MessageChannel();
      const worker = new Worker(BOOTSTRAP, {
        eval: true,
        workerData: { port: port2, signal: this.signal, phones, url: where.url.href, fromSource: where.fromSource },
        transferList: [port2],
        // Sources resolve workspace packages through the @healthtrace/source export condition.
        ...(where.fromSource ? { execArgv: ['--conditions=@healthtrace/source'] } : {}),
      });
      worker.unref();
      port1.unref();
      this.workers.push(worker);
      this.ports.push(port1);
    }
  }

  /**
   * Scans the batches (batch i on worker i mod size) and waits for all of them.
   *
   * @param params - day parameters.
   * @param batches - contact batches.
   * @returns per batch, its sightings and ground truth, in batch order.
   * @throws Error when a worker fails.
   */
  run(params: ScanParams, batches: readonly ScanBatch[]): { store: SightingStore; truth: TruthStore }[] {
    const results: ({ store: SightingStore; truth: TruthStore } | undefined)[] = new Array(batches.length);
    batches.forEach((batch, id) => {
      this.ports[id % this.size]!.postMessage({ id, params, batch });
    });
    let pending = batches.length;
    let last = Date.now();
    while (pending > 0) {
      const seen = Atomics.load(this.signal, 0);
      for (const port of this.ports) {
        for (let m = receiveMessageOnPort(port); m !== undefined; m = receiveMessageOnPort(port)) {
          const msg = m.message as { id: number; store: SightingStore; truth: TruthStore; error?: string };
          if (msg.error !== undefined) throw new Error(`scan worker failed: ${msg.error}`);
          results[msg.id] = { store: SightingStore.fromRaw(msg.store), truth: TruthStore.fromRaw(msg.truth) };
          pending--;
        }
      }
      if (pending > 0) {
        if (Atomics.wait(this.signal, 0, seen, 1000) !== 'timed-out') last = Date.now();
        else if (Date.now() - last > STALL_MS) throw new Error(`scan workers made no progress for ${STALL_MS / 1000} s`);
      }
    }
    return results as { store: SightingStore; truth: TruthStore }[];
  }

  /** Stops the workers. */
  close(): void {
    for (const w of this.workers) void w.terminate();
    for (const p of this.ports) p.close();
  }
}
