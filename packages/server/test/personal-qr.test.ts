import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bytesToHex } from '@healthtrace/core';
import { DOMESTIC_EXPOSURES, DOMESTIC_SYMPTOMS, ENTRY_EXPOSURES, ENTRY_SYMPTOMS } from '@healthtrace/declaration';
import {
  base10ToBytes,
  ed25519PublicKey,
  MAX_PERSONAL_LIFETIME_MINUTES,
  parseHealthtraceQr,
  personalFields,
  statusBits,
  statusNames,
  type TrustList,
  verifyPersonalQr,
  verifyTrustList,
} from '@healthtrace/qr';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config';
import { personalStatusFlags } from '../src/declarations/personal-qr';
import type { ValidSubmission } from '../src/declarations/validate';
import { installTestApiKeys } from './support/api-keys';
import { expectContract } from './support/contract';
import { testDatabases } from './support/databases';
import { domesticDeclaration, no } from './support/declarations';
import { spawnServe } from './support/server-process';
import { HA_TOKEN, startTestServer } from './support/test-server';

/** The shared domestic declaration, with an e-mail address too (checked to stay out of the QR). */
const domestic = { ...domesticDeclaration, email: 'an.nguyen@example.vn' };

/** A valid entry declaration (as in the declaration package's fixtures). */
const entry = {
  declarationDate: '2021-03-10',
  borderGate: 'noi-bai',
  fullName: 'John Smith',
  birthYear: 1985,
  sex: 'male',
  nationality: 'GB',
  passportNumber: 'C1234567',
  travelModes: ['plane'],
  vehicleNumber: 'VN54',
  seatNumber: '12A',
  departureDate: '2021-03-09',
  entryDate: '2021-03-10',
  departure: { countryCode: 'GB', province: 'London' },
  destination: { provinceCode: '01' },
  countriesVisited: ['GB'],
  contactAddress: { provinceCode: '01', districtCode: '001', wardCode: '00001', street: '1 Phúc Xá' },
  postQuarantineAddress: { provinceCode: '01', districtCode: '001', wardCode: '00001', street: '1 Phúc Xá' },
  phone: '+84987654321',
  symptoms: no(ENTRY_SYMPTOMS),
  exposure: no(ENTRY_EXPOSURES),
  vaccines: ['Comirnaty'],
  testResult: { result: 'negative', testDate: '2021-03-08' },
  quarantine: { choice: 'centralised' },
};

/** Every personal value of the two declarations above, and fragments of them. */
const PERSONAL_MARKERS = [
  'NGUYỄN VĂN AN',
  'NGUY',
  '024090123456',
  '090123456',
  '912345678',
  '0912345678',
  'an.nguyen',
  'Số 1, thôn',
  '1990',
  'John Smith',
  'C1234567',
  '987654321',
  'Phúc Xá',
  '1985',
];
/** The markers that cannot turn up by chance in a few hundred random digits (not the 4-digit birth years). */
const LONG_MARKERS = PERSONAL_MARKERS.filter((m) => !/^[0-9]{4}$/.test(m));

type Receipt = { id: string; type: string; receivedAt: string; deletionToken?: string; qr?: string };

describe('personal QR configuration', () => {
  it('is off by default with a 24-hour lifetime, and settable from the environment and overrides', () => {
    const dataDir = '/nonexistent-healthtrace-config';
    const env = { HEALTHTRACE_FIELD_KEYS: `k1:${Buffer.alloc(32, 1).toString('base64')}`, HEALTHTRACE_HA_TOKENS: 'x'.repeat(32) };
    expect(loadConfig({ dataDir }, env).declarations.personalQr).toEqual({ enabled: false, lifetimeMinutes: 1440 });
    expect(
      loadConfig({ dataDir }, { ...env, HEALTHTRACE_PERSONAL_QR: 'true', HEALTHTRACE_PERSONAL_QR_LIFETIME_MINUTES: '60' }).declarations
        .personalQr,
    ).toEqual({ enabled: true, lifetimeMinutes: 60 });
    expect(loadConfig({ dataDir }, { ...env, HEALTHTRACE_PERSONAL_QR: 'off' }).declarations.personalQr.enabled).toBe(false);
    expect(
      loadConfig({ dataDir, personalQr: { enabled: false, lifetimeMinutes: 30 } }, { ...env, HEALTHTRACE_PERSONAL_QR: '1' }).declarations
        .personalQr,
    ).toEqual({ enabled: false, lifetimeMinutes: 30 });
    expect(() => loadConfig({ dataDir }, { ...env, HEALTHTRACE_PERSONAL_QR: 'maybe' })).toThrow(TypeError);
    expect(() => loadConfig({ dataDir }, { ...env, HEALTHTRACE_PERSONAL_QR_LIFETIME_MINUTES: '0' })).toThrow(RangeError);
    expect(() => loadConfig({ dataDir, personalQr: { lifetimeMinutes: MAX_PERSONAL_LIFETIME_MINUTES + 1 } }, env)).toThrow(RangeError);
    expect(() => loadConfig({ dataDir }, { ...env, HEALTHTRACE_PERSONAL_QR_LIFETIME_MINUTES: '1.5' })).toThrow(TypeError);
  });

  it('derives the status flags from what was declared', () => {
    const flags = (type: string, data: Record<string, unknown>): string[] | undefined =>
      personalStatusFlags({ type, data } as unknown as ValidSubmission);
    expect(flags('domestic', domestic)).toEqual(['has-symptoms', 'no-known-exposure']);
    expect(
      flags('domestic', {
        ...domestic,
        symptoms: no(DOMESTIC_SYMPTOMS),
        exposure: { ...no(DOMESTIC_EXPOSURES), confirmedOrSuspectedCase: true },
        vaccinations: [{ vaccine: 'Vero Cell' }],
      }),
    ).toEqual(['no-symptoms', 'close-contact', 'vaccinated']);
    // Another "yes" exposure answer clears no-known-exposure without claiming contact with a case.
    expect(flags('domestic', { ...domestic, exposure: { ...no(DOMESTIC_EXPOSURES), personWithSymptoms: true } })).toEqual(['has-symptoms']);
    expect(flags('domestic', { ...domestic, vaccinations: [] })).toEqual(['has-symptoms', 'no-known-exposure']);
    expect(flags('entry', entry)).toEqual(['no-symptoms', 'no-known-exposure', 'vaccinated', 'negative-test']);
    expect(
      flags('entry', {
        ...entry,
        symptoms: { ...no(ENTRY_SYMPTOMS), [ENTRY_SYMPTOMS[0]]: true },
        exposure: { ...no(ENTRY_EXPOSURES), closeContactWithCase: true },
        vaccines: undefined,
        testResult: { result: 'positive', testDate: '2021-03-08' },
      }),
    ).toEqual(['has-symptoms', 'close-contact']);
    for (const type of ['daily', 'movement', 'employee', 'checkin']) expect(flags(type, {})).toBeUndefined();
  });
});

describe.each(testDatabases)('personal declaration QR issuance on $name', (database) => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let keyA: string;
  let clockOffsetMs = 0;
  const ha = { Authorization: `Bearer ${HA_TOKEN}` };
  const send = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> =>
    server.fetch(
      new Request(server.url(path), {
        method,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      }),
    );
  const declare = async (
    type: string,
    data: unknown,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; receipt: Receipt }> => {
    const res = await send('POST', '/v1/declarations', { type, data }, headers);
    return { status: res.status, receipt: await expectContract<Receipt>(res, 'createDeclaration') };
  };
  const enable = (lifetimeMinutes = 1440): void => {
    server.deps.config.declarations.personalQr = { enabled: true, lifetimeMinutes };
  };
  /** The server's trust list, fetched and verified with the root key like a phone does. */
  const trust = async (): Promise<TrustList> => {
    const res = await send('GET', '/v1/public-keys');
    const body = await expectContract<{ qrTrustList: object }>(res, 'getPublicKeys');
    const root = ed25519PublicKey(new Uint8Array(readFileSync(join(server.config.dataDir, 'keys', 'qr-root-ed25519'))));
    return verifyTrustList(JSON.stringify(body.qrTrustList), root, { now: server.deps.now() });
  };

  beforeAll(async () => {
    server = await startTestServer(database, {}, { now: () => new Date(Date.now() + clockOffsetMs) });
    keyA = installTestApiKeys(server)('tenant-a', ['venues:read', 'venues:write', 'checkins:write', 'declarations:write']);
  });
  afterAll(async () => {
    await server.close();
  });

  it('issues no QR with the default configuration', async () => {
    expect(server.config.declarations.personalQr.enabled).toBe(false);
    const { status, receipt } = await declare('domestic', domestic);
    expect(status).toBe(201);
    expect(receipt.qr).toBeUndefined();
    expect(Object.keys(receipt).sort()).toEqual(['deletionToken', 'id', 'receivedAt', 'type']);
  });

  it('issues a signed, pseudonymous QR that verifies against the trust list, with the declared status', async () => {
    enable();
    const before = Math.floor(server.deps.now().getTime() / 60_000) * 60_000;
    const { status, receipt } = await declare('domestic', domestic);
    expect(status).toBe(201);
    expect(receipt.qr).toMatch(/^HT1:/);
    const personal = verifyPersonalQr(receipt.qr as string, { trust: await trust(), now: server.deps.now() });
    expect(statusNames(personal.status)).toEqual(['no-known-exposure', 'has-symptoms']);
    expect(personal.status).toBe(statusBits(['has-symptoms', 'no-known-exposure']));
    expect(personal.sealedContact).toBeUndefined();
    expect(personal.issuedAt.getTime()).toBeGreaterThanOrEqual(before);
    expect(personal.expiresAt.getTime() - personal.issuedAt.getTime()).toBe(1440 * 60_000);
    // No personal data anywhere: not in the text, not in the decoded bytes, not in the decoded fields.
    const parsed = parseHealthtraceQr(receipt.qr as string);
    if (parsed.kind !== 'personal') throw new Error('not a personal QR');
    const bytes = base10ToBytes((receipt.qr as string).slice(4).replace(/\s/g, ''));
    const views = [
      receipt.qr as string,
      Buffer.from(bytes).toString('latin1'),
      Buffer.from(bytes).toString('utf8'),
      bytesToHex(bytes),
      JSON.stringify(personalFields(parsed.personal)),
    ];
    views.forEach((view, i) => {
      // The QR text (decimal) and the hex view are digits: a 4-digit year turns up in ~300 random digits by chance
      // (~3 %), so those two views are checked for the longer markers; the byte views and fields get all of them.
      const markers = i === 0 || i === 3 ? LONG_MARKERS : PERSONAL_MARKERS;
      for (const marker of markers) expect(view, marker).not.toContain(marker);
    });
    // A fresh pseudonym per declaration, and nothing about the code is stored.
    const again = await declare('domestic', domestic);
    const other = verifyPersonalQr(again.receipt.qr as string, { trust: await trust(), now: server.deps.now() });
    expect(bytesToHex(other.pseudonym)).not.toBe(bytesToHex(personal.pseudonym));
    const row = await server.deps.db.query('SELECT * FROM declarations WHERE id = $1', [receipt.id]);
    expect(JSON.stringify(row.rows)).not.toContain(bytesToHex(personal.pseudonym));
    expect(JSON.stringify(row.rows)).not.toContain('HT1:');
  });

  it('issues one for entry declarations (vaccinated, negative test) and none for other kinds', async () => {
    enable();
    const { status, receipt } = await declare('entry', entry);
    expect(status).toBe(201);
    const personal = verifyPersonalQr(receipt.qr as string, { trust: await trust(), now: server.deps.now() });
    expect(personal.status).toBe(statusBits(['no-symptoms', 'no-known-exposure', 'vaccinated', 'negative-test']));
    for (const marker of LONG_MARKERS) expect(receipt.qr as string).not.toContain(marker);
    const daily = await declare('daily', { date: '2026-11-20', states: ['healthy'] });
    expect(daily.status).toBe(201);
    expect(daily.receipt.qr).toBeUndefined();
    const employee = await declare(
      'employee',
      {
        date: '2026-11-20',
        employeeId: 'NV-0042',
        department: 'Xưởng may 2',
        symptoms: no(DOMESTIC_SYMPTOMS),
        exposure: no(DOMESTIC_EXPOSURES),
      },
      { 'X-API-Key': keyA },
    );
    expect(employee.status).toBe(201);
    expect(employee.receipt.qr).toBeUndefined();
  });

  it('honours the configured lifetime; a replay gets a fresh QR while the stored receipt stays without one', async () => {
    enable(90);
    const key = 'personal-qr-replay-0001';
    const first = await declare('domestic', { ...domestic, symptoms: no(DOMESTIC_SYMPTOMS) }, { 'Idempotency-Key': key });
    expect(first.status).toBe(201);
    const replay = await declare('domestic', { ...domestic, symptoms: no(DOMESTIC_SYMPTOMS) }, { 'Idempotency-Key': key });
    expect(replay.status).toBe(200);
    expect(replay.receipt.id).toBe(first.receipt.id);
    const list = await trust();
    const a = verifyPersonalQr(first.receipt.qr as string, { trust: list, now: server.deps.now() });
    const b = verifyPersonalQr(replay.receipt.qr as string, { trust: list, now: server.deps.now() });
    expect(a.expiresAt.getTime() - a.issuedAt.getTime()).toBe(90 * 60_000);
    expect(b.status).toBe(a.status);
    expect(a.status).toBe(statusBits(['no-symptoms', 'no-known-exposure']));
    expect(bytesToHex(b.pseudonym)).not.toBe(bytesToHex(a.pseudonym));
    const stored = await server.deps.db.query<{ response: unknown }>('SELECT response FROM idempotency_keys WHERE key = $1', [key]);
    expect(stored.rows).toHaveLength(1);
    const text = JSON.stringify(stored.rows[0]?.response);
    expect(text).not.toContain('HT1:');
    expect(text).not.toContain('"qr"');
    expect(text).not.toContain(bytesToHex(a.pseudonym));
  });

  it('end to end: declare, get the QR, check in with it at a registered venue; it expires after its lifetime', async () => {
    enable(60);
    const res = await send('POST', '/v1/venues', { name: 'Quán cà phê', type: 4 }, { 'X-API-Key': keyA });
    expect(res.status).toBe(201);
    const venue = await expectContract<{ id: string }>(res, 'registerVenue');
    const { receipt } = await declare('domestic', {
      ...domestic,
      symptoms: no(DOMESTIC_SYMPTOMS),
      vaccinations: [{ vaccine: 'Vero Cell', date: '2021-04-01' }],
    });
    const qr = receipt.qr as string;
    const checkIn = await send('POST', '/v1/check-ins', { personalQr: qr, venueId: venue.id }, { 'X-API-Key': keyA });
    expect(checkIn.status).toBe(201);
    const checkInReceipt = await expectContract<{ venueId: string; personalStatus: number }>(checkIn, 'createCheckIn');
    expect(checkInReceipt.venueId).toBe(venue.id);
    expect(checkInReceipt.personalStatus).toBe(statusBits(['no-symptoms', 'no-known-exposure', 'vaccinated']));
    const parsed = parseHealthtraceQr(qr);
    if (parsed.kind !== 'personal') throw new Error('not a personal QR');
    const rows = await server.deps.db.query<Record<string, unknown>>('SELECT * FROM check_ins WHERE venue_id = $1', [venue.id]);
    expect(rows.rows).toHaveLength(1);
    expect(rows.rows[0]?.pseudonym).toBe(bytesToHex(parsed.personal.pseudonym));
    for (const marker of PERSONAL_MARKERS) expect(JSON.stringify(rows.rows), marker).not.toContain(marker);
    // Past its lifetime (and the verifier's clock skew) the same code is refused.
    clockOffsetMs = 2 * 3_600_000;
    try {
      const late = await send('POST', '/v1/check-ins', { personalQr: qr, venueId: venue.id }, { 'X-API-Key': keyA });
      expect(late.status).toBe(422);
      const problem = await expectContract<{ issues: { code: string }[] }>(late, 'createCheckIn');
      expect(problem.issues[0]?.code).toBe('check-in/qr-expired');
    } finally {
      clockOffsetMs = 0;
    }
    // The health authority's read of the declaration carries no QR either.
    const read = await send('GET', `/v1/declarations/${receipt.id}`, undefined, ha);
    expect(read.status).toBe(200);
    expect(JSON.stringify(await expectContract(read, 'getDeclaration'))).not.toContain('HT1:');
  });
});

describe('healthtrace serve --personal-qr', () => {
  it('issues personal QRs with the lifetime given on the command line', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'healthtrace-personal-qr-')), 'data');
    const server = await spawnServe(['--data-dir', dataDir, '--personal-qr', '--personal-qr-lifetime', '30']);
    try {
      const res = await fetch(server.url('/v1/declarations'), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'domestic', data: domestic }),
      });
      expect(res.status).toBe(201);
      const receipt = await expectContract<Receipt>(res, 'createDeclaration');
      const keys = await expectContract<{ qrTrustList: object }>(await fetch(server.url('/v1/public-keys')), 'getPublicKeys');
      const root = ed25519PublicKey(new Uint8Array(readFileSync(join(dataDir, 'keys', 'qr-root-ed25519'))));
      const trust = verifyTrustList(JSON.stringify(keys.qrTrustList), root, { now: new Date() });
      const personal = verifyPersonalQr(receipt.qr as string, { trust, now: new Date() });
      expect(personal.expiresAt.getTime() - personal.issuedAt.getTime()).toBe(30 * 60_000);
      expect(personal.status).toBe(statusBits(['has-symptoms', 'no-known-exposure']));
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
