/**
 * Node-only parts of the client: a durable file storage for the offline queue.
 *
 * @packageDocumentation
 */
import { mkdir, open, readFile, rename } from 'node:fs/promises';
import { dirname } from 'node:path';
import { parseState, type QueueState, type QueueStorage } from './offline-queue';

/**
 * Stores the offline queue in a JSON file, written atomically (temporary file, fsync, rename),
 * so a crash never leaves a half-written queue and a restart resumes delivery.
 *
 * @param path - the file path (its folder is created when missing).
 * @returns a {@link QueueStorage}.
 * @example
 * ```ts
 * import { createClient } from '@healthtrace/client';
 * import { fileStorage } from '@healthtrace/client/node';
 *
 * const client = createClient({ baseUrl, storage: fileStorage('./.healthtrace/queue.json') });
 * ```
 */
export function fileStorage(path: string): QueueStorage {
  if (typeof path !== 'string' || path.length === 0) throw new TypeError('path must be a non-empty string');
  let counter = 0;
  return {
    async load(): Promise<QueueState> {
      let text: string;
      try {
        text = await readFile(path, 'utf8');
      } catch (error) {
        if ((error as { code?: string }).code === 'ENOENT') return { pending: [], rejected: [] };
        throw error;
      }
      return parseState(text);
    },
    async save(state: QueueState): Promise<void> {
      await mkdir(dirname(path), { recursive: true });
      const temp = `${path}.${process.pid}.${counter++}.tmp`;
      const handle = await open(temp, 'w');
      try {
        await handle.writeFile(JSON.stringify(state));
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temp, path);
    },
  };
}
