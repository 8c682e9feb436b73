/**
 * Worker-thread entry of {@link ScanPool}: runs {@link scanBatch} on batches posted to its port and signals
 * completion through a shared counter (so that the main thread can wait synchronously).
 *
 * @packageDocumentation
 */

import { type MessagePort, workerData } from 'node:worker_threads';
import { type PhoneArrays, type ScanBatch, type ScanParams, scanBatch } from './scan-kernel';

const { port, signal, phones } = workerData as { port: MessagePort; signal: Int32Array; phones: PhoneArrays };

port.on('message', (task: { id: number; params: ScanParams; batch: ScanBatch }) => {
  let result: ReturnType<typeof scanBatch>;
  try {
    result = scanBatch(phones, task.params, task.batch);
  } catch (error) {
    port.postMessage({ id: task.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    Atomics.add(signal, 0, 1);
    Atomics.notify(signal, 0);
    return;
  }
  const { store, truth } = result;
  store.trim();
  const transfer = [
    ...store.buffers(),
    truth.distance.buffer,
    truth.duration.buffer,
    truth.environment.buffer,
    truth.setting.buffer,
    truth.scans.buffer,
    truth.attenuationSum.buffer,
    truth.weightedSeconds.buffer,
  ] as ArrayBuffer[];
  port.postMessage({ id: task.id, store: { ...store, ids: { ...store.ids } }, truth: { ...truth } }, transfer);
  Atomics.add(signal, 0, 1);
  Atomics.notify(signal, 0);
});
