import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { createClient, type DeclarationSubmission, memoryStorage, OfflineQueue, parseState, webStorage } from '../src/index';
import { fileStorage } from '../src/node';
import { contractHandler } from './support/contract-server';
import { type LoopbackServer, startLoopbackServer } from './support/loopback-server';

const daily = (day: number): DeclarationSubmission => ({
  type: 'daily',
  data: { date: `2021-05-${String(day).padStart(2, '0')}`, states: ['healthy'] },
});
const noRetry = { retries: 0, timeoutMs: 2000 };

let servers: LoopbackServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});
async function serve(handler: Parameters<typeof startLoopbackServer>[0], port?: number): Promise<LoopbackServer> {
  const s = await startLoopbackServer(handler, port);
  servers.push(s);
  return s;
}

describe('offline queue over real HTTP', () => {
  it('delivers at once when the server is up, with the entry id as Idempotency-Key', async () => {
    const contract = contractHandler();
    const server = await serve(contract);
    const client = createClient({ baseUrl: server.url, retry: noRetry });
    const result = await client.submitDeclaration(daily(20));
    expect(result).toMatchObject({ delivered: true, rejected: false });
    expect(server.seen[0]?.headers['idempotency-key']).toBe(result.id);
    expect([...contract.stored.values()]).toEqual([daily(20)]);
    expect(await client.queue.pending()).toEqual([]);
  });

  it('keeps declarations made offline, survives a restart, and delivers each exactly once, in order', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'healthtrace-queue-'));
    const file = join(dir, 'queue.json');
    // The server is down: grab a free port and close it so that connections are refused.
    const probe = await startLoopbackServer(() => 'drop');
    const port = probe.port;
    await probe.close();
    const offline = createClient({ baseUrl: `http://127.0.0.1:${port}`, storage: fileStorage(file), retry: noRetry });
    const ids: string[] = [];
    for (const day of [1, 2, 3]) {
      const r = await offline.submitDeclaration(daily(day));
      expect(r.delivered).toBe(false);
      ids.push(r.id);
    }
    expect((await offline.queue.pending()).map((p) => p.id)).toEqual(ids);

    // "Restart": a new client on the same file; the server comes back on the same port.
    const contract = contractHandler();
    const server = await serve(contract, port);
    const restarted = createClient({ baseUrl: server.url, storage: fileStorage(file), retry: noRetry });
    const flushed = await restarted.queue.flush();
    expect(flushed).toEqual({ delivered: ids, rejected: [], remaining: 0 });
    expect([...contract.stored.values()]).toEqual([daily(1), daily(2), daily(3)]);
    // Flushing again sends nothing.
    await restarted.queue.flush();
    expect(contract.stored.size).toBe(3);
    expect(parseState(readFileSync(file, 'utf8')).pending).toEqual([]);
  });

  it('a delivery whose answer was lost is deduplicated by the server when re-sent', async () => {
    const contract = contractHandler();
    let dropAnswer = true;
    // The server stores the request but the connection dies before the answer arrives.
    const server = await serve(async (req) => {
      const answer = await contract(req);
      if (dropAnswer) {
        dropAnswer = false;
        return 'drop';
      }
      return answer;
    });
    const client = createClient({ baseUrl: server.url, retry: noRetry });
    const first = await client.submitDeclaration(daily(5));
    expect(first.delivered).toBe(false);
    const flushed = await client.queue.flush();
    expect(flushed.delivered).toEqual([first.id]);
    expect(contract.stored.size).toBe(1);
    expect(server.seen.map((r) => r.headers['idempotency-key'])).toEqual([first.id, first.id]);
  });

  it('moves a request the server refuses for good to the rejected list and goes on', async () => {
    const contract = contractHandler();
    const server = await serve(contract);
    const client = createClient({ baseUrl: server.url, retry: noRetry });
    const bad = await client.submitDeclaration({
      type: 'daily',
      data: { date: 'yesterday', states: [] },
    } as unknown as DeclarationSubmission);
    expect(bad).toMatchObject({ delivered: false, rejected: true });
    const rejected = await client.queue.rejected();
    expect(rejected[0]).toMatchObject({ id: bad.id, status: 422, problem: { code: 'validation-failed' } });
    const good = await client.submitDeclaration(daily(6));
    expect(good.delivered).toBe(true);
  });
});

describe('OfflineQueue model', () => {
  it('delivers every entry exactly once and in order, whatever the failures and interleavings', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(fc.constant<'enqueue'>('enqueue'), fc.constant<'flush'>('flush')), { minLength: 1, maxLength: 30 }),
        fc.array(fc.constantFrom('ok', 'fail', 'lost'), { minLength: 1, maxLength: 20 }),
        async (ops, outcomes) => {
          const received: string[] = [];
          const seenKeys = new Set<string>();
          let i = 0;
          const queue = new OfflineQueue({
            storage: memoryStorage(),
            send: async (item) => {
              const outcome = outcomes[i++ % outcomes.length];
              if (outcome === 'fail') return { result: 'retry', reason: 'network' };
              // The server dedupes by Idempotency-Key, as the real one does.
              if (!seenKeys.has(item.id)) {
                seenKeys.add(item.id);
                received.push((item.body as { n: number }).n.toString());
              }
              return outcome === 'lost' ? { result: 'retry', reason: 'answer lost' } : { result: 'delivered' };
            },
          });
          let n = 0;
          await Promise.all(ops.map((op) => (op === 'enqueue' ? queue.enqueue('declaration', { n: n++ }) : queue.flush())));
          // Eventually the network is fine.
          outcomes = ['ok'];
          i = 0;
          await queue.flush();
          expect(received).toEqual(Array.from({ length: n }, (_, k) => String(k)));
          expect(await queue.pending()).toEqual([]);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('refuses a damaged saved state instead of silently dropping entries', async () => {
    expect(() => parseState('{not json')).toThrow(TypeError);
    expect(() => parseState('{"pending":{}}')).toThrow(TypeError);
    expect(() => parseState('{"pending":[{"kind":"x"}],"rejected":[]}')).toThrow(TypeError);
    const dir = mkdtempSync(join(tmpdir(), 'healthtrace-queue-'));
    writeFileSync(join(dir, 'q.json'), '{"pending":[');
    await expect(fileStorage(join(dir, 'q.json')).load()).rejects.toThrow(TypeError);
  });

  it('stores in Web Storage', async () => {
    const map = new Map<string, string>();
    const storage = webStorage('q', { getItem: (k) => map.get(k) ?? null, setItem: (k, v) => void map.set(k, v) });
    const queue = new OfflineQueue({ storage, send: async () => ({ result: 'retry', reason: 'offline' }) });
    const item = await queue.enqueue('check-in', { venueQr: 'X' });
    expect(JSON.parse(map.get('q') ?? '').pending[0].id).toBe(item.id);
  });
});
