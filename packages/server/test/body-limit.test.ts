import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectContract } from './support/contract';
import { testDatabases } from './support/databases';
import { startTestServer } from './support/test-server';

/**
 * The body limit over real HTTP (a listening server): checked on `Content-Length` without reading
 * the body, and counted as the bytes arrive for a chunked body.
 */
describe.each(testDatabases)('body limit over HTTP on $name', (database) => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let port: number;
  beforeAll(async () => {
    server = await startTestServer(database, { bodyLimitBytes: 1024 });
    port = await server.listen();
  });
  afterAll(async () => {
    await server.close();
  });

  /** Sends a POST with either a Content-Length or a chunked body; resolves with status and JSON body. */
  const send = (body: string, chunked: boolean): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> =>
    new Promise((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/v1/declarations',
          headers: { 'content-type': 'application/json', ...(chunked ? { 'transfer-encoding': 'chunked' } : {}) },
        },
        (res) => {
          let text = '';
          res.on('data', (d: Buffer) => {
            text += d.toString();
          });
          res.on('end', () => {
            const headers = new Headers();
            for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') headers.set(k, v);
            resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as Record<string, unknown>, headers });
          });
        },
      );
      req.on('error', reject);
      if (chunked) {
        // Several chunks, so the limit is counted across them.
        for (let i = 0; i < body.length; i += 300) req.write(body.slice(i, i + 300));
        req.end();
      } else req.end(body);
    });

  const daily = JSON.stringify({ type: 'daily', data: { date: '2026-11-20', states: ['healthy'] } });
  const oversized = JSON.stringify({ type: 'daily', data: { date: '2026-11-20', states: ['healthy'], pad: 'x'.repeat(2000) } });

  it('accepts a body within the limit, declared by Content-Length or chunked', async () => {
    for (const chunked of [false, true]) {
      const res = await send(daily, chunked);
      expect(res.status).toBe(201);
      expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      await expectContract(new Response(JSON.stringify(res.body), { status: res.status, headers: res.headers }), 'createDeclaration');
    }
  });

  it('refuses a body over the limit with 413, declared by Content-Length or chunked, and stores nothing', async () => {
    const before = Number((await server.deps.db.query<{ n: string }>('SELECT count(*) AS n FROM declarations')).rows[0]?.n);
    for (const chunked of [false, true]) {
      const res = await send(oversized, chunked);
      expect(res.status).toBe(413);
      expect(res.body).toMatchObject({ code: 'payload-too-large' });
    }
    const after = Number((await server.deps.db.query<{ n: string }>('SELECT count(*) AS n FROM declarations')).rows[0]?.n);
    expect(after).toBe(before);
  });
});
