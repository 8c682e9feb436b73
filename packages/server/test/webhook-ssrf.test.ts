/**
 * The webhook SSRF guard: https only, public addresses only, checked at registration and again
 * inside the delivery connection's DNS lookup (DNS rebinding), redirects not followed. Delivery
 * tests use real loopback receivers under the development/test switch `allowLoopbackHttp`; DNS
 * answers come from a resolver the test controls.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AddressResolver, checkWebhookUrl, classifyAddress, parseWebhookUrl, WebhookUrlError } from '../src/enterprise/webhook-url';
import { configureWebhooks, deliverDueWebhooks } from '../src/enterprise/webhooks';
import { expectContract } from './support/contract';
import { testDatabases } from './support/databases';
import { call, createTenant, type TestServer } from './support/enterprise';
import { startTestServer } from './support/test-server';

const PUBLIC_V4 = '93.184.215.14';
const PUBLIC_V6 = '2606:4700:4700::1111';

/** A resolver answering from a table the test changes; unknown names fail like NXDOMAIN. */
function tableResolver(table: Record<string, string[]>): AddressResolver {
  return async (hostname) => {
    const found = table[hostname];
    if (!found) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return found.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
}

describe('address classes', () => {
  it('allows public unicast only (loopback only with the development switch)', () => {
    for (const ok of [PUBLIC_V4, '8.8.8.8', PUBLIC_V6]) expect(classifyAddress(ok, false), ok).toEqual({ allowed: true, range: 'unicast' });
    for (const refused of [
      '10.1.2.3',
      '172.16.0.1',
      '192.168.1.1',
      '127.0.0.1',
      '127.255.0.9',
      '0.0.0.0',
      '169.254.169.254',
      '100.64.0.1',
      '100.100.100.200',
      '224.0.0.251',
      '255.255.255.255',
      '192.0.2.10',
      '198.18.0.1',
      '240.0.0.1',
      '::',
      '::1',
      'fe80::1',
      'fd00:ec2::254',
      'ff02::1',
      '::ffff:127.0.0.1',
      '::ffff:169.254.169.254',
      '64:ff9b::a9fe:a9fe',
      '2002:a9fe:a9fe::1',
      '2001:db8::1',
      'not an address',
    ])
      expect(classifyAddress(refused, false).allowed, refused).toBe(false);
    expect(classifyAddress('127.0.0.1', true)).toEqual({ allowed: true, range: 'loopback' });
    expect(classifyAddress('::1', true)).toEqual({ allowed: true, range: 'loopback' });
    expect(classifyAddress('10.0.0.1', true)).toEqual({ allowed: false, range: 'private' });
    expect(classifyAddress('169.254.169.254', true)).toEqual({ allowed: false, range: 'linkLocal' });
    expect(classifyAddress('100.100.100.200', false)).toEqual({ allowed: false, range: 'carrierGradeNat' });
  });

  it('refuses every spelling of a blocked host before and after resolution', async () => {
    const strict = { allowLoopbackHttp: false, resolve: tableResolver({ 'hooks.example.com': [PUBLIC_V4, PUBLIC_V6] }) };
    const code = async (url: string, policy = strict) => {
      try {
        await checkWebhookUrl(url, policy);
        return 'ok';
      } catch (error) {
        expect(error).toBeInstanceOf(WebhookUrlError);
        return (error as WebhookUrlError).code;
      }
    };
    expect(await code('https://hooks.example.com/h')).toBe('ok');
    expect(await code(`https://${PUBLIC_V4}:8443/h`)).toBe('ok');
    expect(await code(`https://[${PUBLIC_V6}]/h`)).toBe('ok');
    expect(await code('http://hooks.example.com/h')).toBe('webhook/insecure-url');
    expect(await code('ftp://hooks.example.com/h')).toBe('webhook/insecure-url');
    expect(await code('https://user:pw@hooks.example.com/h')).toBe('webhook/invalid-url');
    expect(await code('not a url')).toBe('webhook/invalid-url');
    expect(await code(42 as unknown as string)).toBe('webhook/invalid-url');
    expect(await code(`https://x.example/${'a'.repeat(2000)}`)).toBe('webhook/invalid-url');
    for (const blocked of [
      'https://169.254.169.254/latest/meta-data/',
      'https://2852039166/', // 169.254.169.254 as one number
      'https://0xa9.0xfe.0xa9.0xfe/',
      'https://127.1/',
      'https://0x7f000001/',
      'https://[::1]/',
      'https://[::ffff:a9fe:a9fe]/',
      'https://[fd00:ec2::254]/',
      'https://10.0.0.1/',
      'https://100.64.1.1/',
      'https://[ff02::1]/',
      'https://0.0.0.0/',
    ])
      expect(await code(blocked), blocked).toBe('webhook/blocked-address');
    // A name is refused when ANY of its addresses is blocked.
    const mixed = {
      allowLoopbackHttp: false,
      resolve: tableResolver({ 'mixed.example': [PUBLIC_V4, '10.0.0.7'], 'meta.example': ['169.254.169.254'] }),
    };
    expect(await code('https://mixed.example/', mixed)).toBe('webhook/blocked-address');
    expect(await code('https://meta.example/', mixed)).toBe('webhook/blocked-address');
    expect(await code('https://nowhere.example/', mixed)).toBe('webhook/unresolvable-host');
    // The development switch allows loopback (http too), and nothing else private.
    const dev = { allowLoopbackHttp: true, resolve: tableResolver({ localhost: ['127.0.0.1', '::1'], 'lan.example': ['192.168.0.2'] }) };
    expect(await code('http://127.0.0.1:8080/h', dev)).toBe('ok');
    expect(await code('http://localhost:8080/h', dev)).toBe('ok');
    expect(await code('http://[::1]:8080/h', dev)).toBe('ok');
    expect(await code('http://lan.example/h', dev)).toBe('webhook/blocked-address');
    expect(await code('http://169.254.169.254/h', dev)).toBe('webhook/blocked-address');
    // Plain http to a public host stays refused even then.
    expect(await code(`http://${PUBLIC_V4}/h`, dev)).toBe('webhook/insecure-url');
    expect(parseWebhookUrl('HTTPS://Hooks.Example.com:443/a', strict).href).toBe('https://hooks.example.com/a');
  });
});

describe('webhook URL guard (fuzzed)', () => {
  it('accepts only https URLs whose every address is public, and fails only with WebhookUrlError', async () => {
    const addresses = ['10.0.0.1', '127.0.0.1', '169.254.169.254', PUBLIC_V4, PUBLIC_V6, 'fd00::1', '::ffff:10.0.0.1', '100.64.0.1'];
    const resolve: AddressResolver = async (hostname) => {
      const h = [...hostname].reduce((a, c) => (a * 31 + c.charCodeAt(0)) >>> 0, 7);
      if (h % 5 === 0) throw Object.assign(new Error('ENOTFOUND'), { code: 'ENOTFOUND' });
      return [addresses[h % addresses.length] as string, addresses[(h >> 3) % addresses.length] as string].map((address) => ({
        address,
        family: address.includes(':') ? 6 : 4,
      }));
    };
    const publicOnly = new Set([PUBLIC_V4, PUBLIC_V6]);
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.webUrl({ withQueryParameters: true, withFragments: true }),
          fc.webUrl().map((u) => u.replace(/^https?/, 'https')),
          fc.ipV4().map((ip) => `https://${ip}/h`),
          fc.ipV6().map((ip) => `https://[${ip}]/h`),
          fc.string({ maxLength: 40 }),
        ),
        fc.boolean(),
        async (text, allowLoopbackHttp) => {
          try {
            const href = await checkWebhookUrl(text, { allowLoopbackHttp, resolve });
            const url = new URL(href);
            const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
            const resolved = /^[0-9.]+$|:/.test(host) ? [host] : (await resolve(host)).map((a) => a.address);
            for (const a of resolved) {
              const { range } = classifyAddress(a, allowLoopbackHttp);
              if (range === 'loopback') expect(allowLoopbackHttp).toBe(true);
              else {
                expect(url.protocol).toBe('https:');
                expect(range === 'unicast' || publicOnly.has(a)).toBe(true);
              }
            }
          } catch (error) {
            expect(error).toBeInstanceOf(WebhookUrlError);
          }
        },
      ),
      { numRuns: 10_000 },
    );
  });
});

describe.each(testDatabases)('webhook SSRF guard on $name', (database) => {
  let server: TestServer;
  let tenantId: string;
  let adminKey: string;
  let clock = Date.now();
  const dns: Record<string, string[]> = {};
  const received: string[] = [];
  let receiverPort = 0;
  const receiver = createServer((req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    req.on('end', () => {
      received.push(req.url ?? '');
      if (req.url === '/redirect') res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
      else res.writeHead(204).end();
    });
  });

  beforeAll(async () => {
    server = await startTestServer(database, {}, { now: () => new Date(clock) });
    configureWebhooks(server.deps, { timeoutMs: 2_000, maxAttempts: 5, baseDelayMs: 1_000, resolve: tableResolver(dns) });
    ({ tenantId, adminKey } = await createTenant(server));
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverPort = (receiver.address() as AddressInfo).port;
  });
  afterAll(async () => {
    receiver.closeAllConnections();
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
    await server.close();
  });

  const register = (url: string) =>
    call(server, 'POST', `/v1/tenants/${tenantId}/webhooks`, { key: adminKey, body: { url, events: ['risk.assessed'] } });
  const lastErrors = async (webhookId: string) =>
    (
      await server.deps.db.query<{ last_error: string | null; status: string }>(
        'SELECT last_error, status FROM webhook_deliveries WHERE webhook_id = $1 ORDER BY created_at',
        [webhookId],
      )
    ).rows;
  const raise = async () => {
    const res = await call(server, 'POST', `/v1/tenants/${tenantId}/risk-assessments`, { key: adminKey, body: { answers: {} } });
    expect(res.status).toBe(201);
    await Promise.allSettled([...server.deps.background]);
  };

  it('refuses private, loopback, metadata and plain-http receivers at registration (422 webhook-url-forbidden)', async () => {
    configureWebhooks(server.deps, { allowLoopbackHttp: false });
    dns['metadata.example'] = ['169.254.169.254'];
    dns['internal.example'] = ['10.20.30.40'];
    dns['public.example'] = [PUBLIC_V4];
    for (const [url, code] of [
      [`http://127.0.0.1:${receiverPort}/ok`, 'webhook/insecure-url'],
      [`https://127.0.0.1:${receiverPort}/ok`, 'webhook/blocked-address'],
      ['https://169.254.169.254/latest/meta-data/', 'webhook/blocked-address'],
      ['https://metadata.example/', 'webhook/blocked-address'],
      ['https://internal.example/', 'webhook/blocked-address'],
      ['https://100.64.0.9/', 'webhook/blocked-address'],
      ['https://[fe80::1]/', 'webhook/blocked-address'],
      ['https://unknown.example/', 'webhook/unresolvable-host'],
      ['http://public.example/', 'webhook/insecure-url'],
    ] as const) {
      const res = await register(url);
      expect(res.status, url).toBe(422);
      const problem = await expectContract<{ code: string; issues: { code: string; path: string[] }[] }>(res, 'createWebhook');
      expect(problem.code).toBe('webhook-url-forbidden');
      expect(problem.issues).toEqual([expect.objectContaining({ code, path: ['url'] })]);
    }
    const malformed = await register('https://user:secret@public.example/');
    expect(malformed.status).toBe(422);
    expect(await expectContract(malformed, 'createWebhook')).toMatchObject({ code: 'validation-failed' });
    const ok = await register('https://public.example/hooks');
    expect(ok.status).toBe(201);
    expect(await expectContract(ok, 'createWebhook')).toMatchObject({ url: 'https://public.example/hooks' });
    const literal = await register(`https://${PUBLIC_V4}/hooks`);
    expect(literal.status).toBe(201);
    await expectContract(literal, 'createWebhook');
    // Nothing refused was stored.
    const stored = await server.deps.db.query<{ url: string }>('SELECT url FROM webhooks WHERE tenant_id = $1 ORDER BY url', [tenantId]);
    expect(stored.rows.map((r) => r.url)).toEqual([`https://${PUBLIC_V4}/hooks`, 'https://public.example/hooks']);
    for (const id of (await server.deps.db.query<{ id: string }>('SELECT id FROM webhooks WHERE tenant_id = $1', [tenantId])).rows)
      await call(server, 'DELETE', `/v1/tenants/${tenantId}/webhooks/${id.id}`, { key: adminKey });
  });

  it('checks again at delivery, in the connection lookup: a rebound DNS answer is refused', async () => {
    configureWebhooks(server.deps, { allowLoopbackHttp: true });
    dns['receiver.example'] = ['127.0.0.1'];
    const res = await register(`http://receiver.example:${receiverPort}/rebind`);
    const hook = await expectContract<{ id: string }>(res, 'createWebhook');
    expect(res.status).toBe(201);
    // The name now points at the metadata service (DNS rebinding).
    dns['receiver.example'] = ['169.254.169.254'];
    await raise();
    expect(received).not.toContain('/rebind');
    expect(await lastErrors(hook.id)).toEqual([
      { status: 'pending', last_error: expect.stringMatching(/^refused: webhook\/blocked-address: /) },
    ]);
    // ...then at a private address mixed with the good one.
    dns['receiver.example'] = ['127.0.0.1', '10.0.0.5'];
    clock += 1_000;
    expect(await deliverDueWebhooks(server.deps)).toMatchObject({ retry: 1 });
    expect(received).not.toContain('/rebind');
    // Back on loopback (allowed by the test switch): the retry is delivered to the checked address.
    dns['receiver.example'] = ['127.0.0.1'];
    clock += 2_000;
    expect(await deliverDueWebhooks(server.deps)).toMatchObject({ delivered: 1 });
    expect(received.filter((p) => p === '/rebind')).toHaveLength(1);
    await call(server, 'DELETE', `/v1/tenants/${tenantId}/webhooks/${hook.id}`, { key: adminKey });
  });

  it('refuses loopback delivery once the development switch is off, and never follows redirects', async () => {
    configureWebhooks(server.deps, { allowLoopbackHttp: true });
    const plain = await expectContract<{ id: string }>(await register(`http://127.0.0.1:${receiverPort}/plain`), 'createWebhook');
    const redirect = await expectContract<{ id: string }>(await register(`http://127.0.0.1:${receiverPort}/redirect`), 'createWebhook');
    configureWebhooks(server.deps, { allowLoopbackHttp: false });
    const before = received.length;
    await raise();
    expect(received.slice(before)).not.toContain('/plain');
    expect(await lastErrors(plain.id)).toEqual([
      { status: 'pending', last_error: expect.stringMatching(/^refused: webhook\/insecure-url: /) },
    ]);
    configureWebhooks(server.deps, { allowLoopbackHttp: true });
    clock += 1_000;
    await deliverDueWebhooks(server.deps);
    // The 302 towards the metadata service is an HTTP error, not followed.
    expect(received.filter((p) => p === '/redirect').length).toBeGreaterThanOrEqual(1);
    expect((await lastErrors(redirect.id))[0]?.last_error).toBe('HTTP 302');
    expect(received.filter((p) => p === '/plain')).toHaveLength(1);
  });
});
