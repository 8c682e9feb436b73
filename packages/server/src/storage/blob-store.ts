import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';

/**
 * Where export files and QR posters are written. The filesystem store is the default;
 * an S3-compatible store implements the same four methods (documented extension point).
 */
export interface BlobStore {
  /** Writes (replaces) a blob atomically. */
  put(key: string, data: Uint8Array): Promise<void>;
  /** Reads a blob, or `undefined` when absent. */
  get(key: string): Promise<Uint8Array | undefined>;
  /** Keys under a prefix, sorted. */
  list(prefix: string): Promise<string[]>;
  /** Deletes a blob (no error when absent). */
  delete(key: string): Promise<void>;
}

const KEY = /^[A-Za-z0-9][A-Za-z0-9._/-]*$/;

function checkKey(key: string): string {
  if (!KEY.test(key) || key.includes('..') || key.includes('//'))
    throw new RangeError(`key must be a safe relative path, got ${JSON.stringify(key)}`);
  return key;
}

/**
 * A blob store in a folder: writes go to a temporary file, are fsynced, then renamed.
 *
 * @param root - the folder.
 * @returns the store.
 * @example
 * ```ts
 * const blobs = fileBlobStore('./.healthtrace/blobs');
 * await blobs.put('exports/1-of-1.zip', zip);
 * ```
 */
export function fileBlobStore(root: string): BlobStore {
  return {
    async put(key, data) {
      const path = join(root, checkKey(key));
      await mkdir(dirname(path), { recursive: true });
      const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
      const handle = await open(temp, 'w');
      try {
        await handle.writeFile(data);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temp, path);
    },
    async get(key) {
      try {
        return new Uint8Array(await readFile(join(root, checkKey(key))));
      } catch (error) {
        if ((error as { code?: string }).code === 'ENOENT') return undefined;
        throw error;
      }
    },
    async list(prefix) {
      const base = join(root, prefix ? checkKey(prefix.replace(/\/+$/, '')) : '');
      const out: string[] = [];
      const walk = async (dir: string): Promise<void> => {
        let entries: import('node:fs').Dirent[];
        try {
          entries = await readdir(dir, { withFileTypes: true });
        } catch (error) {
          if ((error as { code?: string }).code === 'ENOENT') return;
          throw error;
        }
        for (const e of entries) {
          const full = join(dir, e.name);
          if (e.isDirectory()) await walk(full);
          else if (!e.name.endsWith('.tmp')) out.push(relative(root, full).split(sep).join('/'));
        }
      };
      await walk(base);
      return out.sort();
    },
    async delete(key) {
      await rm(join(root, checkKey(key)), { force: true });
    },
  };
}
