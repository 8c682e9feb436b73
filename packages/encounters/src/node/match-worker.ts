/**
 * Worker side of {@link createMatchPool}: per job, key-file zips and (once, after the first files) the sighting
 * index; parses and verifies each file at once, matches it when the index is there, and posts back the matched keys. Node-only (`node:worker_threads`).
 *
 * @packageDocumentation
 */
import { type MessagePort, parentPort } from 'node:worker_threads';
import {
  assertKeyFileSignature,
  KeyFileError,
  type ParsedKeyFile,
  parseKeyFileZip,
  setCryptoBackend,
  type VerificationKey,
} from '@healthtrace/rolling-id';
import { type KeyScanStats, type MatchedKey, scanKeys } from '../matching/key-scan';
import { SightingIndex } from '../matching/sighting-index';

/** Messages the pool sends to a worker. */
export type ToWorker =
  | {
      type: 'job';
      job: number;
      publicKeys: VerificationKey[] | undefined;
      backend: 'auto' | 'node' | 'portable';
    }
  | { type: 'index'; job: number; index: Record<string, unknown> }
  | { type: 'file'; job: number; file: number; zip: Uint8Array; label: string }
  | { type: 'finish'; job: number };

/** Messages a worker sends back. */
export type FromWorker =
  | { type: 'file-done'; job: number; file: number }
  | { type: 'error'; job: number; file: number; code: string; message: string }
  | { type: 'finished'; job: number; matched: MatchedKey[]; stats: KeyScanStats; files: number };

let job = -1;
let index: SightingIndex | undefined;
let publicKeys: VerificationKey[] | undefined;
let matched = new Map<string, MatchedKey>();
let stats: KeyScanStats = { keysScanned: 0, rpisDerived: 0 };
let files = 0;
/** Files parsed and verified before the index arrived (the pool sends the first files first). */
let pending: { file: number; label: string; parsed: ParsedKeyFile }[] = [];

function scanFile(port: MessagePort, file: number, label: string, parsed: ParsedKeyFile): void {
  try {
    scanKeys(index as SightingIndex, parsed.export.keys, matched, stats);
    if (parsed.export.revisedKeys.length > 0) scanKeys(index as SightingIndex, parsed.export.revisedKeys, matched, stats);
    files++;
    port.postMessage({ type: 'file-done', job, file } satisfies FromWorker);
  } catch (error) {
    port.postMessage({ type: 'error', job, file, code: 'internal', message: `${label}: ${(error as Error).message}` } satisfies FromWorker);
  }
}

parentPort?.on('message', (msg: ToWorker) => {
  const port = parentPort as NonNullable<typeof parentPort>;
  if (msg.type === 'job') {
    job = msg.job;
    setCryptoBackend(msg.backend);
    index = undefined;
    pending = [];
    publicKeys = msg.publicKeys;
    matched = new Map();
    stats = { keysScanned: 0, rpisDerived: 0 };
    files = 0;
  } else if (msg.type === 'index') {
    if (msg.job !== job) return;
    index = SightingIndex.fromShared(msg.index);
    for (const p of pending) scanFile(port, p.file, p.label, p.parsed);
    pending = [];
  } else if (msg.type === 'file') {
    if (msg.job !== job) return;
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
      if (index === undefined) pending.push({ file: msg.file, label: msg.label, parsed });
      else scanFile(port, msg.file, msg.label, parsed);
    } catch (error) {
      const code = error instanceof KeyFileError ? 'match/bad-key-file' : ((error as { code?: string }).code ?? 'internal');
      port.postMessage({
        type: 'error',
        job,
        file: msg.file,
        code,
        message: `${msg.label}: ${(error as Error).message}`,
      } satisfies FromWorker);
    }
  } else if (msg.type === 'finish') {
    port.postMessage({ type: 'finished', job, matched: [...matched.values()], stats, files } satisfies FromWorker);
    index = undefined;
    matched = new Map();
  }
});
