import { randomBytes } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { bytesToHex, hexToBytes } from '@healthtrace/core';
import {
  createPersonalQr,
  createVenueQr,
  ed25519PublicKey,
  matchPresenceWarnings,
  parseHealthtraceQr,
  presenceWarnings,
  verifyTrustList,
  verifyVenueQr,
  x25519PublicKey,
} from '@healthtrace/qr';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerDeps } from '../src/http/context';
import { createLogger } from '../src/logging';
import { qrKeysOf } from '../src/venues/qr-keys';
import { installTestApiKeys } from './support/api-keys';
import { expectContract } from './support/contract';
import { testDatabases } from './support/databases';
import { HA_TOKEN, startTestServer } from './support/test-server';

type Venue = { id: string; qrText: string; tenantId: string | null; validFrom: string; validUntil: string; rotatedAt: string | null };
type Warning = { id: string; publishedAt: string; identifiers: { identifier: string; windowStart: string; windowEnd: string }[] };

describe.each(testDatabases)('venues, check-ins and venue warnings on $name', (database) => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let apiKey: (tenantId: string, scopes: string[]) => string;
  let keyA: string;
  let keyB: string;
  let logs = '';
  const events: { tenantId: string | null; type: string; data: Record<string, unknown> }[] = [];
  const ha = { Authorization: `Bearer ${HA_TOKEN}` };
  const send = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> =>
    server.fetch(
      new Request(server.url(path), {
        method,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      }),
    );
  const issuerKey = (): Uint8Array => new Uint8Array(readFileSync(join(server.config.dataDir, 'keys', 'qr-issuer-ed25519')));
  const rootPublicKey = (): Uint8Array =>
    ed25519PublicKey(new Uint8Array(readFileSync(join(server.config.dataDir, 'keys', 'qr-root-ed25519'))));
  const trust = async () => {
    const res = await send('GET', '/v1/public-keys');
    const body = await expectContract<{ qrTrustList: object }>(res, 'getPublicKeys');
    return verifyTrustList(JSON.stringify(body.qrTrustList), rootPublicKey(), { now: new Date() });
  };
  const register = async (body: Record<string, unknown>, headers: Record<string, string>): Promise<Venue> => {
    const res = await send('POST', '/v1/venues', body, headers);
    expect(res.status).toBe(201);
    return expectContract<Venue>(res, 'registerVenue');
  };

  beforeAll(async () => {
    server = await startTestServer(database);
    apiKey = installTestApiKeys(server);
    keyA = apiKey('tenant-a', ['venues:read', 'venues:write', 'checkins:write']);
    keyB = apiKey('tenant-b', ['venues:read', 'venues:write', 'checkins:write']);
    server.deps.logger = createLogger({
      level: 'debug',
      destination: new Writable({
        write(chunk, _enc, cb) {
          logs += chunk.toString();
          cb();
        },
      }),
    });
    server.deps.emit = async (tenantId, type, data) => {
      events.push({ tenantId, type, data });
    };
  });
  afterAll(async () => {
    await server.close();
  });

  it('serves the public keys: a root-signed QR trust list', async () => {
    const res = await send('GET', '/v1/public-keys');
    expect(res.status).toBe(200);
    const body = await expectContract<{ exportSigning: { publicKeyPem: string; algorithm: string }[]; qrTrustList: object }>(
      res,
      'getPublicKeys',
    );
    expect(body.exportSigning).toHaveLength(1);
    expect(body.exportSigning[0]?.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    expect(body.exportSigning[0]?.algorithm).toBe('1.2.840.10045.4.3.2');
    // Generated on first start under <dataDir>/keys/, readable by the owner only.
    for (const name of ['qr-issuer-ed25519', 'qr-root-ed25519']) {
      expect(statSync(join(server.config.dataDir, 'keys', name)).mode & 0o777).toBe(0o600);
    }
    const list = await trust();
    expect(list.keys.map((k) => bytesToHex(k.publicKey))).toEqual([bytesToHex(ed25519PublicKey(issuerKey()))]);
  });

  it('registers venues with a signed QR (authorisation, validation, tenant ownership)', async () => {
    const anon = await send('POST', '/v1/venues', { name: 'Phở Thìn', type: 4 });
    expect(anon.status).toBe(401);
    await expectContract(anon, 'registerVenue');
    const noScope = await send('POST', '/v1/venues', { name: 'Phở Thìn', type: 4 }, { 'X-API-Key': apiKey('tenant-a', ['venues:read']) });
    expect(noScope.status).toBe(403);
    await expectContract(noScope, 'registerVenue');
    const otherTenant = await send('POST', '/v1/venues', { name: 'Phở Thìn', type: 4, tenantId: 'tenant-b' }, { 'X-API-Key': keyA });
    expect(otherTenant.status).toBe(403);
    await expectContract(otherTenant, 'registerVenue');
    for (const bad of [
      { type: 4 },
      { name: 'x', type: 300 },
      { name: 'x', type: 1, wardCode: '99999' },
      { name: 'x', type: 1, extra: 1 },
    ]) {
      const res = await send('POST', '/v1/venues', bad, ha);
      expect(res.status, JSON.stringify(bad)).toBe(422);
      await expectContract(res, 'registerVenue');
    }
    const venue = await register(
      { name: 'Phở Thìn Lò Đúc', address: '13 Lò Đúc', wardCode: '00256', type: 4, validDays: 30 },
      { 'X-API-Key': keyA },
    );
    expect(venue.id).toMatch(/^[0-9a-f]{16}$/);
    expect(venue.tenantId).toBe('tenant-a');
    const qr = verifyVenueQr(venue.qrText, { trust: await trust() });
    expect(bytesToHex(qr.venueId)).toBe(venue.id);
    expect(qr.name).toBe('Phở Thìn Lò Đúc');
    expect(qr.defaultCheckInMinutes).toBe(60);
    expect(new Date(venue.validUntil).getTime() - new Date(venue.validFrom).getTime()).toBe(30 * 86_400_000);
    // The presence seed is encrypted at rest.
    const seeds = await server.deps.db.query<Record<string, unknown>>('SELECT * FROM venue_seeds WHERE venue_id = $1', [venue.id]);
    expect(JSON.stringify(seeds.rows)).not.toContain(bytesToHex(qr.seed));
    expect(seeds.rows[0]?.seed_enc).toMatch(/^v1\./);
    const byAuthority = await register({ name: 'Chợ Bến Thành', type: 3, tenantId: 'tenant-b' }, ha);
    expect(byAuthority.tenantId).toBe('tenant-b');
    const replayKey = { ...ha, 'Idempotency-Key': `venue-${database.name}-1` };
    const first = await register({ name: 'Nhà văn hoá', type: 8 }, replayKey);
    const again = await register({ name: 'Nhà văn hoá', type: 8 }, replayKey);
    expect(again.id).toBe(first.id);
  });

  it('reads venues and their QR only within the tenant', async () => {
    const venue = await register({ name: 'Quán cà phê', type: 4 }, { 'X-API-Key': keyA });
    const anon = await send('GET', `/v1/venues/${venue.id}`);
    expect(anon.status).toBe(401);
    await expectContract(anon, 'getVenue');
    const noScope = await send('GET', `/v1/venues/${venue.id}`, undefined, { 'X-API-Key': apiKey('tenant-a', ['checkins:write']) });
    expect(noScope.status).toBe(403);
    await expectContract(noScope, 'getVenue');
    const other = await send('GET', `/v1/venues/${venue.id}`, undefined, { 'X-API-Key': keyB });
    expect(other.status).toBe(404);
    await expectContract(other, 'getVenue');
    const own = await send('GET', `/v1/venues/${venue.id}`, undefined, { 'X-API-Key': keyA });
    expect(own.status).toBe(200);
    expect((await expectContract<Venue>(own, 'getVenue')).qrText).toBe(venue.qrText);
    const missing = await send('GET', '/v1/venues/00000000000000aa', undefined, ha);
    expect(missing.status).toBe(404);
    await expectContract(missing, 'getVenue');

    const qrOther = await send('GET', `/v1/venues/${venue.id}/qr`, undefined, { 'X-API-Key': keyB });
    expect(qrOther.status).toBe(404);
    await expectContract(qrOther, 'getVenueQr');
    const qrAnon = await send('GET', `/v1/venues/${venue.id}/qr`);
    expect(qrAnon.status).toBe(401);
    await expectContract(qrAnon, 'getVenueQr');
    const plain = await send('GET', `/v1/venues/${venue.id}/qr`, undefined, { 'X-API-Key': keyA });
    expect(plain.status).toBe(200);
    const qr = await expectContract<{ text: string; svg: string; posterSvg?: string; qrVersion: number; ecc: string }>(plain, 'getVenueQr');
    expect(qr.text).toBe(venue.qrText);
    expect(qr.svg).toMatch(/^<svg /);
    expect(qr.ecc).toBe('Q');
    expect(qr.posterSvg).toBeUndefined();
    const poster = await send('GET', `/v1/venues/${venue.id}/qr?poster=true`, undefined, ha);
    const withPoster = await expectContract<{ posterSvg: string }>(poster, 'getVenueQr');
    expect(withPoster.posterSvg).toMatch(/<svg[^>]*width="210mm"|<svg/);
    expect(withPoster.posterSvg).toContain('Quán cà phê');
    expect(await server.deps.blobs.list('posters')).toContain(`posters/${venue.id}-1.svg`);
    const bad = await send('GET', `/v1/venues/${venue.id}/qr?poster=maybe`, undefined, ha);
    expect(bad.status).toBe(400);
    await expectContract(bad, 'getVenueQr');
  });

  it('checks in by venue QR: verified, idempotent, rejected once rotated', async () => {
    const venue = await register({ name: 'Siêu thị', type: 3 }, { 'X-API-Key': keyA });
    const key = { 'Idempotency-Key': `checkin-${database.name}-1` };
    const first = await send('POST', '/v1/check-ins', { venueQr: venue.qrText }, key);
    expect(first.status).toBe(201);
    const receipt = await expectContract<{ id: string; venueId: string }>(first, 'createCheckIn');
    expect(receipt.venueId).toBe(venue.id);
    const replay = await send('POST', '/v1/check-ins', { venueQr: venue.qrText }, key);
    expect(replay.status).toBe(200);
    expect((await expectContract<{ id: string }>(replay, 'createCheckIn')).id).toBe(receipt.id);
    const rows = await server.deps.db.query<Record<string, unknown>>('SELECT * FROM check_ins WHERE venue_id = $1', [venue.id]);
    expect(rows.rows.length).toBe(1);
    expect(rows.rows[0]?.pseudonym).toBeNull();
    const withDeclaration = await send('POST', '/v1/check-ins', {
      venueQr: venue.qrText,
      declaration: { venueId: venue.id, qrText: venue.qrText, scannedAt: new Date().toISOString(), direction: 'out' },
    });
    expect(withDeclaration.status).toBe(201);
    await expectContract(withDeclaration, 'createCheckIn');

    // A QR signed by a key outside the trust list.
    const forged = createVenueQr(
      { name: 'Siêu thị', validFrom: new Date(), validUntil: new Date(Date.now() + 86_400_000), venueId: hexToBytes(venue.id) },
      new Uint8Array(randomBytes(32)),
    );
    for (const venueQr of [forged.text, 'HT1:123', 'garbage']) {
      const res = await send('POST', '/v1/check-ins', { venueQr });
      expect(res.status, venueQr).toBe(422);
      await expectContract(res, 'createCheckIn');
    }
    const rotateOther = await send('POST', `/v1/venues/${venue.id}/rotate`, undefined, { 'X-API-Key': keyB });
    expect(rotateOther.status).toBe(404);
    await expectContract(rotateOther, 'rotateVenue');
    const rotateAnon = await send('POST', `/v1/venues/${venue.id}/rotate`);
    expect(rotateAnon.status).toBe(401);
    await expectContract(rotateAnon, 'rotateVenue');
    const rotateReadOnly = await send('POST', `/v1/venues/${venue.id}/rotate`, undefined, {
      'X-API-Key': apiKey('tenant-a', ['venues:read']),
    });
    expect(rotateReadOnly.status).toBe(403);
    await expectContract(rotateReadOnly, 'rotateVenue');
    await expectContract(await send('GET', `/v1/venues/${venue.id}/qr?poster=true`, undefined, { 'X-API-Key': keyA }), 'getVenueQr');
    expect(await server.deps.blobs.list('posters')).toContain(`posters/${venue.id}-1.svg`);
    const rotated = await send('POST', `/v1/venues/${venue.id}/rotate`, undefined, { 'X-API-Key': keyA });
    expect(rotated.status).toBe(200);
    const after = await expectContract<Venue>(rotated, 'rotateVenue');
    expect(after.id).toBe(venue.id);
    expect(after.qrText).not.toBe(venue.qrText);
    expect(after.rotatedAt).not.toBeNull();
    expect(await server.deps.blobs.list('posters')).not.toContain(`posters/${venue.id}-1.svg`);
    const stale = await send('POST', '/v1/check-ins', { venueQr: venue.qrText });
    expect(stale.status).toBe(422);
    expect((await expectContract<{ issues: { code: string }[] }>(stale, 'createCheckIn')).issues[0]?.code).toBe('check-in/qr-rotated');
    const fresh = await send('POST', '/v1/check-ins', { venueQr: after.qrText });
    expect(fresh.status).toBe(201);
    await expectContract(fresh, 'createCheckIn');
  });

  it('checks in by scanned personal QR, storing only pseudonym and status', async () => {
    const venue = await register({ name: 'Bệnh viện', type: 8 }, { 'X-API-Key': keyA });
    const authority = new Uint8Array(randomBytes(32));
    const personal = createPersonalQr(
      {
        status: ['no-symptoms', 'vaccinated'],
        lifetimeMinutes: 60,
        contact: { text: '+84912345678', authorityPublicKey: x25519PublicKey(authority) },
      },
      issuerKey(),
    );
    const parsed = parseHealthtraceQr(personal.text);
    if (parsed.kind !== 'personal') throw new Error('not personal');
    const noScope = await send(
      'POST',
      '/v1/check-ins',
      { personalQr: personal.text, venueId: venue.id },
      { 'X-API-Key': apiKey('tenant-a', ['venues:read']) },
    );
    expect(noScope.status).toBe(403);
    await expectContract(noScope, 'createCheckIn');
    const otherTenant = await send('POST', '/v1/check-ins', { personalQr: personal.text, venueId: venue.id }, { 'X-API-Key': keyB });
    expect(otherTenant.status).toBe(403);
    await expectContract(otherTenant, 'createCheckIn');
    const unknown = await send('POST', '/v1/check-ins', { personalQr: personal.text, venueId: '00000000000000ff' }, { 'X-API-Key': keyA });
    expect(unknown.status).toBe(404);
    await expectContract(unknown, 'createCheckIn');
    const ok = await send('POST', '/v1/check-ins', { personalQr: personal.text, venueId: venue.id }, { 'X-API-Key': keyA });
    expect(ok.status).toBe(201);
    const receipt = await expectContract<{ personalStatus: number }>(ok, 'createCheckIn');
    expect(receipt.personalStatus).toBe(parsed.personal.status);
    const row = (await server.deps.db.query<Record<string, unknown>>('SELECT * FROM check_ins WHERE venue_id = $1', [venue.id])).rows[0]!;
    expect(row.pseudonym).toBe(bytesToHex(parsed.personal.pseudonym));
    expect(row.personal_status).toBe(parsed.personal.status);
    const text = JSON.stringify(row);
    expect(text).not.toContain('912345678');
    expect(text).not.toContain(bytesToHex(parsed.personal.sealedContact!.sealed));
    const forged = createPersonalQr({ status: ['no-symptoms'] }, new Uint8Array(randomBytes(32)));
    const bad = await send('POST', '/v1/check-ins', { personalQr: forged.text, venueId: venue.id });
    expect(bad.status).toBe(422);
    await expectContract(bad, 'createCheckIn');
    const shape = await send('POST', '/v1/check-ins', { personalQr: personal.text });
    expect(shape.status).toBe(422);
    await expectContract(shape, 'createCheckIn');
  });

  it('publishes venue warnings as time-bound identifiers only, which phones match locally', async () => {
    const venue = await register({ name: 'Karaoke', type: 4, wardCode: '00256' }, { 'X-API-Key': keyA });
    const seed = verifyVenueQr(venue.qrText, { trust: await trust() }).seed;
    const from = new Date(Math.ceil(Date.now() / 3_600_000) * 3_600_000 - 3 * 3_600_000);
    const to = new Date(from.getTime() + 2 * 3_600_000);
    const body = { venueId: venue.id, from: from.toISOString(), to: to.toISOString(), message: 'Vui lòng theo dõi sức khoẻ' };
    const anon = await send('POST', '/v1/venue-warnings', body);
    expect(anon.status).toBe(401);
    await expectContract(anon, 'publishVenueWarning');
    const tenant = await send('POST', '/v1/venue-warnings', body, { 'X-API-Key': keyA });
    expect(tenant.status).toBe(403);
    await expectContract(tenant, 'publishVenueWarning');
    const unknown = await send('POST', '/v1/venue-warnings', { ...body, venueId: '00000000000000ee' }, ha);
    expect(unknown.status).toBe(404);
    await expectContract(unknown, 'publishVenueWarning');
    for (const bad of [
      { ...body, to: body.from },
      { ...body, to: new Date(from.getTime() + 200 * 3_600_000).toISOString() },
      { ...body, extra: 1 },
    ]) {
      const res = await send('POST', '/v1/venue-warnings', bad, ha);
      expect(res.status).toBe(422);
      await expectContract(res, 'publishVenueWarning');
    }
    const since = new Date(Date.now() - 1000).toISOString();
    const res = await send('POST', '/v1/venue-warnings', body, ha);
    expect(res.status).toBe(201);
    const warning = await expectContract<Warning>(res, 'publishVenueWarning');
    expect(JSON.stringify(warning)).not.toContain(venue.id);
    expect(JSON.stringify(warning)).not.toContain('Karaoke');
    expect(warning.identifiers.map((i) => i.identifier)).toEqual(presenceWarnings(seed, from, to).map((w) => bytesToHex(w.identifier)));
    // A phone that checked in during the period matches; one that checked in elsewhere does not.
    const published = warning.identifiers.map((i) => ({
      window: Date.parse(i.windowStart) / 3_600_000,
      identifier: hexToBytes(i.identifier),
    }));
    const stay = { checkIn: new Date(from.getTime() + 600_000), checkOut: new Date(from.getTime() + 1_800_000) };
    expect(matchPresenceWarnings([{ seed, ...stay }], published)).toHaveLength(1);
    expect(matchPresenceWarnings([{ seed: new Uint8Array(16), ...stay }], published)).toHaveLength(0);
    expect(events).toContainEqual(expect.objectContaining({ tenantId: 'tenant-a', type: 'exposure.venue_warning' }));
    const event = events.find((e) => e.type === 'exposure.venue_warning')!;
    expect(event.data).toMatchObject({ warningId: warning.id, venueId: venue.id });

    const list = await send('GET', `/v1/venue-warnings?since=${encodeURIComponent(since)}`);
    expect(list.status).toBe(200);
    const listed = await expectContract<{ warnings: Warning[] }>(list, 'listVenueWarnings');
    expect(listed.warnings.map((w) => w.id)).toContain(warning.id);
    const later = await expectContract<{ warnings: Warning[] }>(
      await send('GET', `/v1/venue-warnings?since=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`),
      'listVenueWarnings',
    );
    expect(later.warnings).toEqual([]);
    const recent = await expectContract<{ warnings: Warning[] }>(await send('GET', '/v1/venue-warnings'), 'listVenueWarnings');
    expect(recent.warnings.map((w) => w.id)).toContain(warning.id);
    const badSince = await send('GET', '/v1/venue-warnings?since=yesterday');
    expect(badSince.status).toBe(400);
    await expectContract(badSince, 'listVenueWarnings');
  });

  it('uses each seed generation for its own part of a warning period spanning a rotation', async () => {
    const venue = await register({ name: 'Nhà hàng', type: 4 }, ha);
    const seed1 = verifyVenueQr(venue.qrText, { trust: await trust() }).seed;
    const rotated = await expectContract<Venue>(await send('POST', `/v1/venues/${venue.id}/rotate`, undefined, ha), 'rotateVenue');
    const seed2 = verifyVenueQr(rotated.qrText, { trust: await trust() }).seed;
    const rotatedAt = new Date(rotated.rotatedAt!);
    const from = new Date(rotatedAt.getTime() - 2 * 3_600_000);
    const to = new Date(rotatedAt.getTime() + 2 * 3_600_000);
    const res = await send('POST', '/v1/venue-warnings', { venueId: venue.id, from: from.toISOString(), to: to.toISOString() }, ha);
    const warning = await expectContract<Warning>(res, 'publishVenueWarning');
    const ids = warning.identifiers.map((i) => i.identifier);
    const expected2 = presenceWarnings(seed2, rotatedAt, to).map((w) => bytesToHex(w.identifier));
    for (const id of expected2) expect(ids).toContain(id);
    const seed1Window = presenceWarnings(seed1, new Date(rotatedAt.getTime() - 1000), rotatedAt).map((w) => bytesToHex(w.identifier));
    for (const id of seed1Window) expect(ids).toContain(id);
    // After the rotation's window, only the new seed is published.
    const nextWindow = new Date((Math.floor(rotatedAt.getTime() / 3_600_000) + 1) * 3_600_000);
    for (const w of presenceWarnings(seed1, nextWindow, to)) expect(ids).not.toContain(bytesToHex(w.identifier));
    expect(events.filter((e) => e.data.venueId === venue.id)).toEqual([]);
  });

  it('keeps QR contents and contact data out of the logs', async () => {
    expect(logs).toMatch(/"route":"\/v1\/check-ins"/);
    expect(logs).not.toContain('912345678');
    expect(logs).not.toMatch(/HTTP:\/\/HEALTHTRACE\.TEST\/V#/i);
    expect(logs).not.toContain(HA_TOKEN);
  });

  it('objects whose toString is not callable are 4xx, not a 500 (fuzz-found)', async () => {
    for (const b of [
      { venueQr: 'HT1:123', checkedInAt: { toString: null } },
      { venueQr: { toString: null } },
      { personalQr: { toString: null }, venueId: { toString: null } },
      { personalQr: 'HT1:1', venueId: '0123456789abcdef', checkedInAt: { valueOf: null, toString: null } },
    ]) {
      const res = await server.fetch(
        new Request(server.url('/v1/check-ins'), {
          method: 'POST',
          body: JSON.stringify(b),
          headers: { 'content-type': 'application/json' },
        }),
      );
      expect(res.status, JSON.stringify(b)).toBeGreaterThanOrEqual(400);
      expect(res.status, JSON.stringify(b)).toBeLessThan(500);
      await expectContract(res, 'createCheckIn');
    }
  });

  it('fuzz: random check-in bodies get 4xx problem details, never a 500, and store nothing', async () => {
    const before = (await server.deps.db.query('SELECT id FROM check_ins')).rows.length;
    const body = fc.oneof(
      fc.json(),
      fc.record(
        { venueQr: fc.oneof(fc.string(), fc.stringMatching(/^HT1:[0-9]{0,300}$/), fc.jsonValue()), checkedInAt: fc.jsonValue() },
        { requiredKeys: ['venueQr'] },
      ),
      fc.record({
        personalQr: fc.oneof(fc.string(), fc.stringMatching(/^HT1:[0-9]{0,200}$/)),
        venueId: fc.oneof(fc.stringMatching(/^[0-9a-f]{16}$/), fc.jsonValue()),
      }),
    );
    await fc.assert(
      fc.asyncProperty(body, async (b) => {
        const res = await server.fetch(
          new Request(server.url('/v1/check-ins'), {
            method: 'POST',
            body: typeof b === 'string' ? b : JSON.stringify(b),
            headers: { 'content-type': 'application/json' },
          }),
        );
        expect(res.status).toBeGreaterThanOrEqual(400);
        expect(res.status).toBeLessThan(500);
        expect(res.headers.get('content-type')).toBe('application/problem+json');
        await expectContract(res, 'createCheckIn');
      }),
      { numRuns: 300 },
    );
    expect((await server.deps.db.query('SELECT id FROM check_ins')).rows.length).toBe(before);
  });
});

describe('QR keys from the environment', () => {
  it('uses HEALTHTRACE_QR_ISSUER_KEY / HEALTHTRACE_QR_ROOT_KEY when set and rejects malformed ones', () => {
    const issuer = new Uint8Array(32).fill(3);
    const root = new Uint8Array(32).fill(4);
    const deps = { config: { dataDir: '/nonexistent-healthtrace', healthAuthorityId: 'vn.test' } } as unknown as ServerDeps;
    const env = {
      HEALTHTRACE_QR_ISSUER_KEY: Buffer.from(issuer).toString('base64'),
      HEALTHTRACE_QR_ROOT_KEY: Buffer.from(root).toString('base64'),
    };
    const keys = qrKeysOf(deps, env);
    expect(keys.issuerPublicKey).toEqual(ed25519PublicKey(issuer));
    const list = verifyTrustList(JSON.stringify(keys.trustList(new Date()).json), ed25519PublicKey(root), { now: new Date() });
    expect(list.keys[0]?.name).toBe('vn.test');
    const other = { config: { dataDir: '/nonexistent-healthtrace' } } as unknown as ServerDeps;
    expect(() => qrKeysOf(other, { HEALTHTRACE_QR_ISSUER_KEY: 'c2hvcnQ=' })).toThrow(TypeError);
  });
});
