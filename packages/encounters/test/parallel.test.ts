import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

describe('@healthtrace/encounters/node: two-worker matching', () => {
  it('gives exactly the single-thread result and rejects bad signatures', async () => {
    const script = fileURLToPath(new URL('./fixtures/parallel-run.ts', import.meta.url));
    const tsx = fileURLToPath(new URL('../../../node_modules/.bin/tsx', import.meta.url));
    const { stdout } = await promisify(execFile)(tsx, ['--conditions=@healthtrace/source', script], { maxBuffer: 1 << 22 });
    const { single, parallel, badSignature } = JSON.parse(stdout) as {
      single: { matchedKeys: number; keysScanned: number; exposureWindows: unknown[] };
      parallel: { matchedKeys: number; keysScanned: number; filesScanned: number; exposureWindows: unknown[] };
      badSignature: string;
    };
    expect(single.matchedKeys).toBe(6);
    expect(parallel).toEqual(single);
    expect(parallel.keysScanned).toBe(400);
    expect(parallel.filesScanned).toBe(4);
    expect(badSignature).toBe('match/bad-signature');
  });
});
