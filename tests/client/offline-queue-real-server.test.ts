import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient, type DeclarationSubmission, paginate } from '@healthtrace/client';
import { fileStorage } from '@healthtrace/client/node';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * The client's promise, checked against the real server in real processes: declarations made
 * while the server is killed (`kill -9`) mid-queue are kept on disk and, after a restart of
 * both, every one of them is stored exactly once.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = join(root, 'packages/cli/src/bin.ts');
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
});

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

async function startServe(port: number, dataDir: string): Promise<ChildProcess> {
  // One process (node with the tsx loader), so that SIGKILL hits the server itself.
  const child = spawn(
    process.execPath,
    ['--conditions=@healthtrace/source', '--import', 'tsx', bin, 'serve', '--port', String(port), '--data-dir', dataDir],
    {
      cwd: root,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, HEALTHTRACE_RATE_LIMIT_IP: '0' },
    },
  );
  children.push(child);
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited: ${stderr}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/readyz`);
      if (res.ok) return child;
    } catch {}
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`server did not become ready: ${stderr}`);
}

/** Declaration n is the daily check of day n after 2021-01-01 (so each one is recognisable). */
const daily = (n: number): DeclarationSubmission => ({
  type: 'daily',
  data: { date: new Date(Date.UTC(2021, 0, 1 + n)).toISOString().slice(0, 10), states: ['healthy'] },
});

describe('offline queue against the real server, across kill -9 and restarts', () => {
  it('delivers every queued declaration exactly once', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'healthtrace-serve-'));
    const queueFile = join(mkdtempSync(join(tmpdir(), 'healthtrace-queue-')), 'queue.json');
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    let server = await startServe(port, dataDir);

    const first = createClient({ baseUrl, storage: fileStorage(queueFile), retry: { retries: 0, timeoutMs: 5000 } });
    for (const day of [1, 2, 3]) expect((await first.submitDeclaration(daily(day))).delivered).toBe(true);

    // Queue 200 more, start delivering, and kill the server with SIGKILL while the queue drains.
    for (let n = 4; n <= 203; n++) await first.queue.enqueue('declaration', daily(n));
    const draining = first.queue.flush();
    await new Promise((r) => setTimeout(r, 40));
    server.kill('SIGKILL');
    await new Promise((r) => server.once('exit', r));
    const partial = await draining;
    expect(partial.remaining).toBeGreaterThan(0);
    // While the server is down, more declarations are made; they are queued, not lost.
    for (const n of [204, 205]) expect((await first.submitDeclaration(daily(n))).delivered).toBe(false);

    // Restart the server on the same data, and the app (a new client on the same queue file).
    server = await startServe(port, dataDir);
    const restarted = createClient({ baseUrl, storage: fileStorage(queueFile), retry: { retries: 0, timeoutMs: 5000 } });
    const flushed = await restarted.queue.flush();
    expect(flushed.remaining).toBe(0);
    expect(flushed.rejected).toEqual([]);

    const token = Buffer.from(readFileSync(join(dataDir, 'keys/health-authority-token'))).toString('base64url');
    const authority = createClient({ baseUrl, auth: { healthAuthorityToken: token } });
    const dates: string[] = [];
    for await (const d of paginate((cursor) =>
      authority.api.GET('/v1/declarations', { params: { query: { type: 'daily', limit: 100, ...(cursor ? { cursor } : {}) } } }),
    )) {
      dates.push((d.data as unknown as { date: string }).date);
    }
    dates.sort();
    const expected = Array.from({ length: 205 }, (_, i) => (daily(i + 1).data as { date: string }).date);
    expect(dates).toEqual(expected.sort());
    server.kill('SIGTERM');
  }, 240_000);
});
