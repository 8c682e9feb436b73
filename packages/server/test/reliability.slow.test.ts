import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freshPostgresDatabase, type ServerProcess, spawnServe } from './support/server-process';

/**
 * Reliability of a REAL server process (`healthtrace serve`, spawned), on embedded PGlite and on
 * PostgreSQL (when `HEALTHTRACE_TEST_DATABASE_URL` is set):
 * - every acknowledged write survives `kill -9` (load, kill mid-load, restart, count);
 * - SIGTERM during a slow in-flight request lets it complete before the process exits.
 */
const TOKEN = 'reliability-health-authority-token-0123456789';
const env = { HEALTHTRACE_HA_TOKENS: TOKEN, HEALTHTRACE_RATE_LIMIT_IP: '0' };
const daily = (i: number): string =>
  JSON.stringify({ type: 'daily', data: { date: '2026-11-20', states: i % 7 === 0 ? ['fever'] : ['healthy'] } });

interface Target {
  name: string;
  args(dataDir: string): Promise<string[]>;
}
const cleanups: (() => Promise<void>)[] = [];
const targets: Target[] = [
  { name: 'pglite', args: async (dataDir) => ['--data-dir', dataDir] },
  ...(process.env.HEALTHTRACE_TEST_DATABASE_URL
    ? [
        {
          name: 'postgres',
          async args(dataDir: string) {
            const db = await freshPostgresDatabase();
            if (!db) throw new Error('no PostgreSQL');
            cleanups.push(db.drop);
            return ['--data-dir', dataDir, '--database-url', db.url];
          },
        },
      ]
    : []),
];

afterAll(async () => {
  for (const c of cleanups) await c().catch(() => {});
}, 60_000);

/** Every declaration id the server lists (health-authority read, paged). */
async function listedIds(server: ServerProcess): Promise<Set<string>> {
  const ids = new Set<string>();
  let cursor: string | null = null;
  do {
    const res = await fetch(server.url(`/v1/declarations?limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`), {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(res.status).toBe(200);
    const page = (await res.json()) as { items: { id: string }[]; nextCursor: string | null };
    for (const item of page.items) ids.add(item.id);
    cursor = page.nextCursor;
  } while (cursor);
  return ids;
}

describe.each(targets)('reliability of a server process on $name', (target) => {
  it('keeps every acknowledged declaration across kill -9', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'healthtrace-kill-'));
    try {
      const args = await target.args(dataDir);
      const first = await spawnServe(args, env);
      const acknowledged = new Set<string>();
      let sent = 0;
      let killed = false;
      // 16 concurrent writers; SIGKILL once 300 writes are acknowledged, while others are in flight.
      const writer = async (): Promise<void> => {
        while (!killed) {
          const i = sent++;
          try {
            const res = await fetch(first.url('/v1/declarations'), {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: daily(i),
            });
            if (res.status === 201) {
              acknowledged.add(((await res.json()) as { id: string }).id);
              if (acknowledged.size >= 300 && !killed) {
                killed = true;
                first.child.kill('SIGKILL');
              }
            } else {
              expect(res.status).toBe(201);
            }
          } catch {
            // The connection died with the process: not acknowledged, nothing to check.
          }
        }
      };
      await Promise.all(Array.from({ length: 16 }, writer));
      expect(await first.exited).toBe('SIGKILL');
      expect(acknowledged.size).toBeGreaterThanOrEqual(300);

      const second = await spawnServe(args, env);
      try {
        expect((await fetch(second.url('/readyz'))).status).toBe(200);
        const stored = await listedIds(second);
        const lost = [...acknowledged].filter((id) => !stored.has(id));
        expect(lost, `${lost.length} of ${acknowledged.size} acknowledged writes lost`).toEqual([]);
      } finally {
        second.child.kill('SIGTERM');
        await second.exited;
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('finishes an in-flight request on SIGTERM, then exits 0', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'healthtrace-term-'));
    try {
      const args = await target.args(dataDir);
      const server = await spawnServe(args, env);
      const body = Buffer.from(daily(1));
      // A slow client: headers and half the body now, the rest after SIGTERM has been sent.
      const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = request(
          server.url('/v1/declarations'),
          { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': String(body.length) } },
          (res) => {
            let text = '';
            res.on('data', (d: Buffer) => {
              text += d.toString();
            });
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
          },
        );
        req.on('error', reject);
        req.write(body.subarray(0, 10));
        setTimeout(() => {
          server.child.kill('SIGTERM');
          setTimeout(() => req.end(body.subarray(10)), 500);
        }, 300);
      });
      const done = await response;
      expect(done.status).toBe(201);
      const id = (JSON.parse(done.body) as { id: string }).id;
      expect(await server.exited).toBe(0);
      // The write it acknowledged is there after a restart.
      const again = await spawnServe(args, env);
      try {
        const res = await fetch(again.url(`/v1/declarations/${id}`), { headers: { authorization: `Bearer ${TOKEN}` } });
        expect(res.status).toBe(200);
      } finally {
        again.child.kill('SIGTERM');
        await again.exited;
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
