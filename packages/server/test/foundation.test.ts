import { closeSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { migrate } from '../src/db/migrate';
import { SECURITY_HEADERS } from '../src/http/app';
import { accessLogWriter, createLogger } from '../src/logging';
import { fileBlobStore } from '../src/storage/blob-store';
import { createFieldCipher } from '../src/storage/field-encryption';
import { testDatabases } from './support/databases';
import { HA_TOKEN, startTestServer } from './support/test-server';

describe.each(testDatabases)('server foundation on $name', (database) => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  beforeAll(async () => {
    server = await startTestServer(database, { bodyLimitBytes: 1024 });
  });
  afterAll(async () => {
    await server.close();
  });

  it('answers /healthz and /readyz', async () => {
    const health = await server.fetch(new Request(server.url('/healthz')));
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok' });
    const ready = await server.fetch(new Request(server.url('/readyz')));
    expect(ready.status).toBe(200);
  });

  it('serves the OpenAPI document and the API reference page', async () => {
    const yaml = await server.fetch(new Request(server.url('/openapi.yaml')));
    expect(yaml.status).toBe(200);
    expect(await yaml.text()).toMatch(/^openapi: 3\.1\.0$/m);
    const docs = await server.fetch(new Request(server.url('/docs')));
    expect(docs.status).toBe(200);
    expect(await docs.text()).toMatch(/openapi\.yaml/);
  });

  it('answers unknown routes with problem details and security headers', async () => {
    const res = await server.fetch(new Request(server.url('/nope')));
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(await res.json()).toMatchObject({ status: 404, code: 'not-found', type: 'https://healthtrace.dev/problems/not-found' });
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('puts every security header on responses, in process and over real HTTP (where Node writes them)', async () => {
    const expectAll = (headers: Headers): void => {
      for (const [name, value] of SECURITY_HEADERS) expect(headers.get(name), name).toBe(value);
      expect(headers.get('x-powered-by')).toBeNull();
      expect(headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    };
    expectAll((await server.fetch(new Request(server.url('/healthz')))).headers);
    const listening = await startTestServer(database);
    const port = await listening.listen();
    try {
      for (const path of ['/healthz', '/nope', '/v1/exports/index.txt']) {
        const res = await fetch(`http://127.0.0.1:${port}${path}`);
        expectAll(res.headers);
        // A route's own headers are kept beside them (the export index sets its cache lifetime).
        if (path === '/v1/exports/index.txt') expect(res.headers.get('cache-control')).toBe('public, max-age=300');
        await res.arrayBuffer();
      }
    } finally {
      await listening.close();
    }
  });

  it("routes with Hono's RegExpRouter (no route forces the slower TrieRouter on every request)", async () => {
    await server.fetch(new Request(server.url('/healthz')));
    expect((server.app.router as unknown as { activeRouter?: { name: string } }).activeRouter?.name).toBe('RegExpRouter');
  });

  it('rejects unknown credentials instead of treating them as anonymous', async () => {
    const bad = await server.fetch(new Request(server.url('/healthz'), { headers: { Authorization: 'Bearer wrong' } }));
    expect(bad.status).toBe(401);
    const good = await server.fetch(new Request(server.url('/healthz'), { headers: { Authorization: `Bearer ${HA_TOKEN}` } }));
    expect(good.status).toBe(200);
    const key = await server.fetch(new Request(server.url('/healthz'), { headers: { 'X-API-Key': 'htk_unknown' } }));
    expect(key.status).toBe(401);
  });

  it('limits body size with 413', async () => {
    const res = await server.fetch(
      new Request(server.url('/v1/declarations'), {
        method: 'POST',
        body: 'x'.repeat(5000),
        headers: { 'content-type': 'application/json' },
      }),
    );
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ code: 'payload-too-large' });
  });

  it('runs migrations once, even when asked twice', async () => {
    expect(await migrate(server.deps.db)).toEqual([]);
    const versions = await server.deps.db.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
    expect(versions.rows.map((r) => r.version)).toContain(1);
  });
});

describe('rate limits', () => {
  it('answers 429 with Retry-After once the per-IP budget is spent', async () => {
    const server = await startTestServer(testDatabases[0]!, { rateLimitPerIpPerMinute: 3 });
    try {
      const statuses: number[] = [];
      let retryAfter: string | null = null;
      for (let i = 0; i < 5; i++) {
        const res = await server.fetch(new Request(server.url('/healthz')));
        statuses.push(res.status);
        if (res.status === 429) retryAfter = res.headers.get('retry-after');
      }
      expect(statuses).toEqual([200, 200, 200, 429, 429]);
      expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    } finally {
      await server.close();
    }
  });
});

describe('field encryption', () => {
  const k1 = { id: 'k1', key: new Uint8Array(32).fill(1) };
  const k2 = { id: 'k2', key: new Uint8Array(32).fill(2) };
  it('round-trips, binds to its row, and rotates keys', () => {
    const old = createFieldCipher([k1]);
    const sealed = old.encrypt('Nguyễn Văn A', 'declaration:1');
    expect(sealed).toMatch(/^v1\.k1\./);
    expect(sealed).not.toContain('Nguy');
    expect(old.decrypt(sealed, 'declaration:1')).toBe('Nguyễn Văn A');
    expect(() => old.decrypt(sealed, 'declaration:2')).toThrow();
    const rotated = createFieldCipher([k2, k1]);
    expect(rotated.decrypt(sealed, 'declaration:1')).toBe('Nguyễn Văn A');
    expect(rotated.needsRotation(sealed)).toBe(true);
    expect(rotated.needsRotation(rotated.encrypt('x', 'a'))).toBe(false);
    const tampered = `${sealed.slice(0, -2)}${sealed.endsWith('A') ? 'B' : 'A'}${sealed.slice(-1)}`;
    expect(() => rotated.decrypt(tampered, 'declaration:1')).toThrow();
  });
});

describe('blob store', () => {
  it('writes atomically, lists by prefix and refuses unsafe keys', async () => {
    const blobs = fileBlobStore(mkdtempSync(join(tmpdir(), 'blobs-')));
    await blobs.put('exports/b.zip', new Uint8Array([2]));
    await blobs.put('exports/a.zip', new Uint8Array([1]));
    await blobs.put('posters/x.svg', new Uint8Array([3]));
    expect(await blobs.list('exports')).toEqual(['exports/a.zip', 'exports/b.zip']);
    expect(await blobs.get('exports/a.zip')).toEqual(new Uint8Array([1]));
    expect(await blobs.get('exports/none.zip')).toBeUndefined();
    await blobs.delete('exports/a.zip');
    expect(await blobs.list('exports')).toEqual(['exports/b.zip']);
    await expect(blobs.put('../escape', new Uint8Array())).rejects.toThrow(RangeError);
    await expect(blobs.put('/abs', new Uint8Array())).rejects.toThrow(RangeError);
  });
});

describe('logging', () => {
  it('writes JSON lines to a file descriptor: asynchronously by default, or at once with sync', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ht-log-'));
    const asyncPath = join(dir, 'async.log');
    const asyncFd = openSync(asyncPath, 'w');
    const logger = createLogger({ destination: asyncFd });
    logger.info({ route: '/v1/declarations', status: 201 }, 'request');
    // Written by an asynchronous file write: it lands shortly after the call.
    await vi.waitFor(() => expect(readFileSync(asyncPath, 'utf8')).toMatch(/\n$/), { timeout: 5000, interval: 10 });
    expect(JSON.parse(readFileSync(asyncPath, 'utf8').trim())).toMatchObject({ msg: 'request', status: 201, service: 'healthtrace' });
    const syncPath = join(dir, 'sync.log');
    const syncFd = openSync(syncPath, 'w');
    createLogger({ destination: syncFd, sync: true }).warn('at once');
    expect(readFileSync(syncPath, 'utf8')).toMatch(/"msg":"at once"/);
    closeSync(syncFd);
  });

  it("writes access lines byte for byte as pino's info would, at info only, for its own and any other logger", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ht-access-'));
    const lines = async (level: string, write: (logger: ReturnType<typeof createLogger>) => void): Promise<string[]> => {
      const path = join(dir, `${level}-${Math.random()}.log`);
      const fd = openSync(path, 'w');
      write(createLogger({ level, destination: fd, sync: true }));
      closeSync(fd);
      return readFileSync(path, 'utf8').split('\n').filter(Boolean);
    };
    const fields = ['POST', '/v1/declarations/:declarationId', 201, 3] as const;
    const [fast, pinos] = [
      await lines('info', (logger) => accessLogWriter(logger)(...fields)),
      await lines('info', (logger) => logger.info({ method: fields[0], route: fields[1], status: fields[2], ms: fields[3] }, 'request')),
    ];
    expect(fast).toHaveLength(1);
    // Same bytes but for the time.
    const withoutTime = (line: string): string => line.replace(/"time":\d+/, '"time":0');
    expect(withoutTime(fast[0] as string)).toBe(withoutTime(pinos[0] as string));
    expect(JSON.parse(fast[0] as string)).toMatchObject({
      level: 30,
      service: 'healthtrace',
      method: 'POST',
      status: 201,
      ms: 3,
      msg: 'request',
    });
    expect(await lines('warn', (logger) => accessLogWriter(logger)(...fields))).toEqual([]);
    // A logger made elsewhere goes through pino itself.
    const chunks: string[] = [];
    const stream = new Writable({
      write(chunk, _encoding, done) {
        chunks.push(String(chunk));
        done();
      },
    });
    accessLogWriter(pino({ base: { app: 'other' } }, stream))('GET', '/healthz', 200, 1);
    expect(JSON.parse(chunks.join(''))).toMatchObject({
      app: 'other',
      method: 'GET',
      route: '/healthz',
      status: 200,
      ms: 1,
      msg: 'request',
    });
  });

  it('redacts personal data and credentials', () => {
    let out = '';
    const sink = new Writable({
      write(chunk, _enc, cb) {
        out += chunk.toString();
        cb();
      },
    });
    const logger = createLogger({ destination: sink });
    logger.info(
      {
        req: { headers: { authorization: 'Bearer s3cret', 'x-api-key': 'htk_abc' } },
        person: { fullName: 'Nguyễn Văn A', phone: '+84912345678' },
      },
      'x',
    );
    expect(out).not.toMatch(/s3cret|htk_abc|Nguy|84912345678/);
    expect(out).toMatch(/\[redacted\]/);
  });
});

describe.each(testDatabases)('idempotency on $name', (database) => {
  it('stores exactly one row for concurrent duplicates and replays the first response', async () => {
    const { runIdempotent, requestHash } = await import('../src/http/idempotency');
    const server = await startTestServer(database);
    try {
      const db = server.deps.db;
      await db.exec('CREATE TABLE idem_probe (id serial PRIMARY KEY, v text)');
      const hash = requestHash('{"v":"x"}');
      const results = await Promise.all(
        Array.from({ length: 20 }, () =>
          runIdempotent(db, 'probe', 'key-0000001', hash, async (tx) => {
            const r = await tx.query<{ id: number }>("INSERT INTO idem_probe (v) VALUES ('x') RETURNING id");
            return { status: 201, body: { id: r.rows[0]!.id } };
          }),
        ),
      );
      expect((await db.query('SELECT * FROM idem_probe')).rows.length).toBe(1);
      expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
      expect(results.filter((r) => !r.replayed).length).toBe(1);
      await expect(
        runIdempotent(db, 'probe', 'key-0000001', requestHash('{"v":"y"}'), async () => ({ status: 201, body: {} })),
      ).rejects.toMatchObject({
        status: 409,
        code: 'idempotency-key-reused',
      });
      await expect(runIdempotent(db, 'probe', 'short', hash, async () => ({ status: 201, body: {} }))).rejects.toMatchObject({
        status: 400,
      });
    } finally {
      await server.close();
    }
  });
});

describe('contract harness', () => {
  it('validates responses against the OpenAPI document', async () => {
    const { expectContract } = await import('./support/contract');
    const server = await startTestServer(testDatabases[0]!);
    try {
      await expectContract(await server.fetch(new Request(server.url('/healthz'))), 'getHealth');
      await expectContract(await server.fetch(new Request(server.url('/readyz'))), 'getReadiness');
      // A body that breaks the contract is caught.
      await expect(
        expectContract(new Response('{"status":"bad"}', { status: 200, headers: { 'content-type': 'application/json' } }), 'getHealth'),
      ).rejects.toThrow(/violates the contract/);
      await expect(
        expectContract(new Response('{}', { status: 418, headers: { 'content-type': 'application/json' } }), 'getHealth'),
      ).rejects.toThrow(/not documented/);
    } finally {
      await server.close();
    }
  });
});

describe('API key scopes', () => {
  it('are exactly the ApiKeyScope enum of the contract', async () => {
    const { readFileSync } = await import('node:fs');
    const { createRequire } = await import('node:module');
    const { parse } = await import('yaml');
    const { API_KEY_SCOPES } = await import('../src/enterprise/api-keys');
    const doc = parse(readFileSync(createRequire(import.meta.url).resolve('@healthtrace/client/openapi.yaml'), 'utf8')) as {
      components: { schemas: { ApiKeyScope: { enum: string[] } } };
    };
    expect([...API_KEY_SCOPES]).toEqual(doc.components.schemas.ApiKeyScope.enum);
  });
});
