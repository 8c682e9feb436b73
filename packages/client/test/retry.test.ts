import { afterEach, describe, expect, it } from 'vitest';
import { isRetrySafe, retryAfterMs, retryingFetch } from '../src/index';
import { json, type LoopbackServer, startLoopbackServer } from './support/loopback-server';

let server: LoopbackServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const noJitter = { random: () => 1, baseDelayMs: 1, maxDelayMs: 50 };

describe('retryingFetch over real HTTP', () => {
  it('retries a GET through 503s and dropped connections, then succeeds', async () => {
    let n = 0;
    server = await startLoopbackServer(() => {
      n++;
      if (n === 1) return 'drop';
      if (n === 2) return json(503, { code: 'unavailable' });
      return json(200, { status: 'ok' });
    });
    const f = retryingFetch(fetch, noJitter);
    const res = await f(new Request(`${server.url}/healthz`));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
    expect(server.seen.length).toBe(3);
  });

  it('never retries a POST without an Idempotency-Key', async () => {
    server = await startLoopbackServer(() => json(503, { code: 'unavailable' }));
    const f = retryingFetch(fetch, noJitter);
    const res = await f(new Request(`${server.url}/v1/declarations`, { method: 'POST', body: '{}' }));
    expect(res.status).toBe(503);
    expect(server.seen.length).toBe(1);
  });

  it('retries a POST with an Idempotency-Key, resending the same body and key', async () => {
    let n = 0;
    server = await startLoopbackServer(() => (++n < 3 ? json(502, { code: 'bad-gateway' }) : json(201, { id: 'd1' })));
    const f = retryingFetch(fetch, noJitter);
    const res = await f(
      new Request(`${server.url}/v1/declarations`, { method: 'POST', body: '{"a":1}', headers: { 'Idempotency-Key': 'key-12345678' } }),
    );
    expect(res.status).toBe(201);
    expect(server.seen.map((r) => [r.body, r.headers['idempotency-key']])).toEqual([
      ['{"a":1}', 'key-12345678'],
      ['{"a":1}', 'key-12345678'],
      ['{"a":1}', 'key-12345678'],
    ]);
  });

  it('honours Retry-After on 429 (capped by maxDelayMs) and gives up after `retries`', async () => {
    server = await startLoopbackServer(() => json(429, { code: 'rate-limited' }, { 'Retry-After': '7' }));
    const waits: number[] = [];
    const f = retryingFetch(fetch, {
      retries: 2,
      baseDelayMs: 1,
      maxDelayMs: 60_000,
      random: () => 0,
      sleep: async (ms) => void waits.push(ms),
    });
    const res = await f(new Request(`${server.url}/v1/venue-warnings`));
    expect(res.status).toBe(429);
    expect(waits).toEqual([7000, 7000]);
    expect(server.seen.length).toBe(3);
  });

  it('uses exponential backoff with full jitter', async () => {
    server = await startLoopbackServer(() => json(500, { code: 'internal' }));
    const waits: number[] = [];
    const f = retryingFetch(fetch, {
      retries: 4,
      baseDelayMs: 100,
      maxDelayMs: 500,
      random: () => 0.5,
      sleep: async (ms) => void waits.push(ms),
    });
    await f(new Request(`${server.url}/healthz`));
    expect(waits).toEqual([50, 100, 200, 250]);
  });

  it('times out a hanging attempt and retries it', async () => {
    let n = 0;
    server = await startLoopbackServer(async () => {
      if (++n === 1) await new Promise((r) => setTimeout(r, 2000));
      return json(200, { status: 'ok' });
    });
    const f = retryingFetch(fetch, { ...noJitter, timeoutMs: 200 });
    const res = await f(new Request(`${server.url}/healthz`));
    expect(res.status).toBe(200);
    expect(n).toBe(2);
  });

  it('stops at once when the caller aborts', async () => {
    server = await startLoopbackServer(async () => {
      await new Promise((r) => setTimeout(r, 1000));
      return json(200, {});
    });
    const controller = new AbortController();
    const f = retryingFetch(fetch, noJitter);
    const pending = f(new Request(`${server.url}/healthz`, { signal: controller.signal }));
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toThrow();
    expect(server.seen.length).toBe(1);
  });
});

describe('retry helpers', () => {
  it('parses Retry-After as seconds or an HTTP date', () => {
    expect(retryAfterMs('3')).toBe(3000);
    expect(retryAfterMs(new Date(10_000).toUTCString(), 4_000)).toBe(6000);
    expect(retryAfterMs('soon')).toBeUndefined();
    expect(retryAfterMs(null)).toBeUndefined();
  });
  it('knows which requests are safe to repeat', () => {
    expect(isRetrySafe(new Request('http://x/', { method: 'GET' }))).toBe(true);
    expect(isRetrySafe(new Request('http://x/', { method: 'DELETE' }))).toBe(true);
    expect(isRetrySafe(new Request('http://x/', { method: 'POST' }))).toBe(false);
    expect(isRetrySafe(new Request('http://x/', { method: 'POST', headers: { 'Idempotency-Key': 'k' } }))).toBe(true);
  });
});
