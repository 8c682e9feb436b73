import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from './support/databases';
import { startTestServer } from './support/test-server';

describe('GET /dashboard', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  beforeAll(async () => {
    server = await startTestServer(testDatabases[0]!);
  });
  afterAll(async () => {
    await server.close();
  });

  it('serves the static page without credentials, uncached, with no credential in it', async () => {
    const res = await server.fetch(new Request(server.url('/dashboard')));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    const html = await res.text();
    expect(html).toContain('<input id="credential" type="password"');
    // The page sends the key in headers only: no query parameter carries it.
    expect(html).not.toMatch(/[?&](api[_-]?key|token)=/i);
    expect(html).toContain("h['X-API-Key'] = state.credential");
  });
});
