import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Vitest global setup: one temporary folder per test run. `TMPDIR` points into it before any test file runs, so
 * every folder a test makes with `os.tmpdir()` — and every one made by a process a test starts (the CLI, servers,
 * the browser) — lands inside it; it is removed when the run ends. Without it, each run of the suites left a few
 * hundred folders (server data, key files, queues, simulator output) behind in the machine's temp folder.
 *
 * @returns the teardown, which removes the folder and restores `TMPDIR`.
 */
export default function setup(): () => void {
  const previous = process.env.TMPDIR;
  const dir = mkdtempSync(join(tmpdir(), 'healthtrace-tests-'));
  process.env.TMPDIR = dir;
  return () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
  };
}
