import { bytesToHex, HealthtraceError } from '@healthtrace/core';
import {
  base10DigitCount,
  base10ToBytes,
  bytesToBase10,
  createPersonalQr,
  createTrustList,
  createVenueQr,
  decodeHealthtraceQr,
  ed25519PublicKey,
  findTrustedKey,
  healthtraceQrSegments,
  keyIdOf,
  looksLikeHealthtraceQr,
  MAX_BASE10_BYTES,
  matchPresenceWarnings,
  normaliseBaseUrl,
  parseHealthtraceQr,
  presenceWarnings,
  QrDecodeError,
  QrError,
  serializeTrustList,
  statusBits,
  statusNames,
  verifyPersonalQr,
  verifyTrustList,
  verifyVenueQr,
  x25519PublicKey,
} from '@healthtrace/qr';
import { describe, expect, it } from 'vitest';
import { VN8_LETTERS, vn8Decode, vn8Encode } from '../src/envelope/vn8-text';

const issuer = new Uint8Array(32).fill(1);
const root = new Uint8Array(32).fill(2);
const other = new Uint8Array(32).fill(3);
const trust = createTrustList(
  {
    issuedAt: new Date('2026-01-01T00:00:00Z'),
    expiresAt: new Date('2027-01-01T00:00:00Z'),
    keys: [
      { publicKey: ed25519PublicKey(issuer), notBefore: new Date('2026-01-01T00:00:00Z'), notAfter: new Date('2027-06-01T00:00:00Z') },
    ],
  },
  root,
);
const validity = { validFrom: new Date('2026-11-01T12:00:00Z'), validUntil: new Date('2026-12-31T12:00:00Z') };
const NOW = new Date('2026-11-27T09:00:00Z');

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return HealthtraceError.isInstance(error) ? error.code : `not-typed:${String(error)}`;
  }
  return undefined;
}

describe('base10 (numeric-mode payload)', () => {
  it('uses floor(L·log10 256)+1 digits, equal to the digit count of 256^L−1, for every length', () => {
    for (let L = 1; L <= MAX_BASE10_BYTES; L++) expect(base10DigitCount(L)).toBe((256n ** BigInt(L) - 1n).toString().length);
    expect(base10DigitCount(0)).toBe(0);
    expect(() => base10DigitCount(MAX_BASE10_BYTES + 1)).toThrow(RangeError);
  });
  it('round-trips exactly, keeping leading zero bytes', () => {
    for (const bytes of [
      new Uint8Array(0),
      new Uint8Array([0]),
      new Uint8Array([0, 0, 1]),
      new Uint8Array(130).fill(255),
      new Uint8Array([1, 2, 3]),
    ]) {
      const digits = bytesToBase10(bytes);
      expect(digits).toMatch(/^[0-9]*$/);
      expect(digits.length).toBe(base10DigitCount(bytes.length));
      expect(bytesToHex(base10ToBytes(digits))).toBe(bytesToHex(bytes));
    }
    expect(bytesToBase10(new Uint8Array([0, 255]))).toBe('00255');
  });
  it('rejects impossible lengths, non-digits and overflowing values with qr/bad-encoding', () => {
    expect(codeOf(() => base10ToBytes('1234'))).toBe('qr/bad-encoding'); // no length has 4 digits
    expect(codeOf(() => base10ToBytes('12a'))).toBe('qr/bad-encoding');
    expect(codeOf(() => base10ToBytes('999'))).toBe('qr/bad-encoding'); // > 255
  });
});

describe('VN8 text encoding', () => {
  it('has the 134 precomposed Vietnamese letters, each one code point, and round-trips', () => {
    expect(VN8_LETTERS).toHaveLength(134);
    expect(new Set(VN8_LETTERS).size).toBe(134);
    for (const c of VN8_LETTERS) expect(c.normalize('NFC')).toBe(c);
    const text = 'Quán Phở Thìn Lò Đúc, Hà Nội — no'.replace('—', '-');
    expect(vn8Decode(vn8Encode(text) as Uint8Array)).toBe(text);
    expect(vn8Encode('北京')).toBeUndefined();
    expect(vn8Decode(new Uint8Array([0x00]))).toBeUndefined();
  });
});

describe('text forms and segments', () => {
  it('upper-cases scheme and host and keeps the path', () => {
    expect(normaliseBaseUrl('https://ht.vn/V')).toBe('HTTPS://HT.VN/V');
    expect(normaliseBaseUrl('http://Example.org:8080/c/V')).toBe('HTTP://EXAMPLE.ORG:8080/c/V');
    expect(() => normaliseBaseUrl('ftp://x')).toThrow(TypeError);
    expect(() => normaliseBaseUrl('https://x/?q=1')).toThrow(TypeError);
  });
  it('splits the head into alphanumeric/byte runs and the digits into one numeric segment', () => {
    expect(healthtraceQrSegments('HTTPS://HT.VN/V#0123')).toEqual([
      { data: 'HTTPS://HT.VN/V', mode: 'alphanumeric' },
      { data: '#', mode: 'byte' },
      { data: '0123', mode: 'numeric' },
    ]);
    expect(healthtraceQrSegments('HT1:0123')).toEqual([
      { data: 'HT1:', mode: 'alphanumeric' },
      { data: '0123', mode: 'numeric' },
    ]);
    expect(healthtraceQrSegments('hello')).toBeUndefined();
    expect(looksLikeHealthtraceQr('ht1:0123')).toBe(true);
    expect(looksLikeHealthtraceQr('https://e.coronawarn.app?v=1#CAES')).toBe(false);
  });
});

describe('venue QR', () => {
  const created = createVenueQr(
    {
      name: 'Nhà Văn hoá Phường 7',
      address: '12 Lê Lợi, Quận 1',
      wardCode: '26734',
      venueType: 8,
      defaultCheckInMinutes: 120,
      ...validity,
    },
    issuer,
    { baseUrl: 'https://ht.vn/V' },
  );

  it('decodes to the content it was created from', () => {
    const result = decodeHealthtraceQr(created.text, { trust, now: NOW });
    expect(result.format).toBe('healthtrace-venue');
    expect(result.signature).toBe('valid');
    expect(result.warnings).toEqual([]);
    expect(result.fields).toMatchObject({
      form: 'url',
      name: 'Nhà Văn hoá Phường 7',
      address: '12 Lê Lợi, Quận 1',
      wardCode: '26734',
      venueType: 8,
      venueTypeName: 'permanent-public-building',
      defaultCheckInMinutes: 120,
      validFrom: '2026-11-01',
      validUntil: '2026-12-31',
      expiresAt: '2027-01-01T00:00:00.000Z',
      keyId: bytesToHex(keyIdOf(ed25519PublicKey(issuer))),
      venueId: bytesToHex(created.venue.venueId),
      seed: bytesToHex(created.venue.seed),
    });
    expect(created.text.startsWith('HTTPS://HT.VN/V#')).toBe(true);
  });

  it('reports unverified without a trust list and accepts lower-case copies of the head', () => {
    expect(decodeHealthtraceQr(created.text, { now: NOW }).signature).toBe('unverified');
    expect(decodeHealthtraceQr(created.text.replace('HTTPS://HT.VN', 'https://ht.vn'), { trust, now: NOW }).signature).toBe('valid');
  });

  it('verifies strictly, with typed errors for expiry (configurable skew), bad signatures and unknown keys', () => {
    expect(verifyVenueQr(created.text, { trust, now: NOW }).name).toBe('Nhà Văn hoá Phường 7');
    const end = new Date('2027-01-01T00:00:00Z').getTime();
    expect(codeOf(() => verifyVenueQr(created.text, { trust, now: new Date(end + 299_000) }))).toBeUndefined();
    expect(codeOf(() => verifyVenueQr(created.text, { trust, now: new Date(end + 301_000) }))).toBe('qr/expired');
    expect(codeOf(() => verifyVenueQr(created.text, { trust, now: new Date(end + 301_000), clockSkewSeconds: 600 }))).toBeUndefined();
    expect(codeOf(() => verifyVenueQr(created.text, { trust, now: new Date(end + 1), clockSkewSeconds: 0 }))).toBe('qr/expired');
    expect(codeOf(() => verifyVenueQr(created.text, { trust, now: new Date('2026-10-31T00:00:00Z') }))).toBe('qr/expired');
    const foreign = createVenueQr({ name: 'Fake', ...validity }, other).text;
    expect(codeOf(() => verifyVenueQr(foreign, { trust, now: NOW }))).toBe('qr/bad-signature');
    const r = decodeHealthtraceQr(foreign, { trust, now: NOW });
    expect([r.signature, r.warnings]).toEqual(['invalid', ['unknown-key']]);
    // A key outside its own validity is not accepted.
    const late = decodeHealthtraceQr(created.text, { trust, now: new Date('2027-07-01T00:00:00Z') });
    expect(late.signature).toBe('invalid');
    expect(late.warnings).toContain('key-not-valid');
  });

  it('detects any change to the signed body', () => {
    const parsed = parseHealthtraceQr(created.text);
    const bytes = new Uint8Array([...parsed.body, ...parsed.signature]);
    bytes[40] = (bytes[40] as number) ^ 0x04;
    const tampered = `HTTPS://HT.VN/V#${bytesToBase10(bytes)}`;
    const result = decodeHealthtraceQr(tampered, { trust, now: NOW });
    expect(result.signature).toBe('invalid');
    expect(codeOf(() => verifyVenueQr(tampered, { trust, now: NOW }))).toBe('qr/bad-signature');
  });

  it('rejects unknown major versions and unknown types', () => {
    const parsed = parseHealthtraceQr(created.text);
    const bytes = new Uint8Array([...parsed.body, ...parsed.signature]);
    bytes[0] = 0x21;
    expect(codeOf(() => decodeHealthtraceQr(`HT1:${bytesToBase10(bytes)}`))).toBe('qr/unsupported-version');
    bytes[0] = 0x1f;
    expect(codeOf(() => decodeHealthtraceQr(`HT1:${bytesToBase10(bytes)}`))).toBe('qr/bad-field');
  });

  it('checks its arguments', () => {
    expect(() => createVenueQr({ name: 'x'.repeat(101), ...validity }, issuer)).toThrow(QrError);
    expect(() => createVenueQr({ name: '', ...validity }, issuer)).toThrow(QrError);
    expect(() => createVenueQr({ name: 'A', ...validity, defaultCheckInMinutes: 7 }, issuer)).toThrow(RangeError);
    expect(() => createVenueQr({ name: 'A', ...validity, wardCode: '123456' }, issuer)).toThrow(RangeError);
    expect(() => createVenueQr({ name: 'A', validFrom: validity.validUntil, validUntil: validity.validFrom }, issuer)).toThrow(RangeError);
    expect(() => createVenueQr({ name: 'A\nB', ...validity }, issuer)).toThrow(TypeError);
    expect(() => createVenueQr({ name: 'A', ...validity }, new Uint8Array(31))).toThrow(RangeError);
  });

  it('uses a fresh random venue id and seed for every code', () => {
    const a = createVenueQr({ name: 'A', ...validity }, issuer).venue;
    const b = createVenueQr({ name: 'A', ...validity }, issuer).venue;
    expect(bytesToHex(a.venueId)).not.toBe(bytesToHex(b.venueId));
    expect(bytesToHex(a.seed)).not.toBe(bytesToHex(b.seed));
  });
});

describe('personal declaration QR', () => {
  const authoritySecret = new Uint8Array(32).fill(9);
  const authorityPublicKey = x25519PublicKey(authoritySecret);

  it('carries a fresh pseudonym, status and expiry, and nothing personal in clear', () => {
    const a = createPersonalQr({ status: ['no-symptoms', 'vaccinated'], issuedAt: NOW, lifetimeMinutes: 30 }, issuer);
    const b = createPersonalQr({ status: ['no-symptoms', 'vaccinated'], issuedAt: NOW, lifetimeMinutes: 30 }, issuer);
    expect(bytesToHex(a.personal.pseudonym)).not.toBe(bytesToHex(b.personal.pseudonym));
    const result = decodeHealthtraceQr(a.text, { trust, now: new Date(NOW.getTime() + 60_000) });
    expect(result).toMatchObject({
      format: 'healthtrace-personal',
      signature: 'valid',
      warnings: [],
      fields: { status: 9, statusFlags: ['no-symptoms', 'vaccinated'], issuedAt: NOW.toISOString(), expiresAt: '2026-11-27T09:30:00.000Z' },
    });
    expect(codeOf(() => verifyPersonalQr(a.text, { trust, now: new Date('2026-11-27T09:36:00Z') }))).toBe('qr/expired');
    expect(codeOf(() => verifyVenueQr(a.text, { trust, now: NOW }))).toBe('qr/bad-field');
  });

  it('seals contact data that only the authority can open', () => {
    const { text } = createPersonalQr({ status: 0, issuedAt: NOW, contact: { text: '0912345678', authorityPublicKey } }, issuer);
    const personal = verifyPersonalQr(text, { trust, now: NOW });
    expect(personal.sealedContact?.ephemeralPublicKey.subarray(0, 16)).toEqual(personal.pseudonym);
    expect(new TextDecoder().decode(parseHealthtraceQr(text).body)).not.toContain('0912345678');
    expect(() => createPersonalQr({ status: 0, contact: { text: 'x'.repeat(65), authorityPublicKey } }, issuer)).toThrow(QrError);
  });

  it('maps status flags both ways', () => {
    expect(statusBits(['no-symptoms', 'vaccinated'])).toBe(9);
    expect(statusNames(0xff)).toHaveLength(8);
    expect(() => statusBits(['healthy'])).toThrow(RangeError);
  });
});

describe('trust list', () => {
  it('serialises, parses and verifies; rejects other roots and malformed JSON', () => {
    const json = serializeTrustList(trust);
    const list = verifyTrustList(json, ed25519PublicKey(root), { now: NOW });
    expect(findTrustedKey(list, keyIdOf(ed25519PublicKey(issuer)))?.publicKey).toEqual(ed25519PublicKey(issuer));
    expect(codeOf(() => verifyTrustList(json, ed25519PublicKey(other)))).toBe('qr/trust-list-bad-signature');
    expect(codeOf(() => verifyTrustList('{', ed25519PublicKey(root)))).toBe('qr/trust-list-malformed');
    expect(codeOf(() => verifyTrustList(json.replace('"version": 1', '"version": 2'), ed25519PublicKey(root)))).toBe(
      'qr/trust-list-malformed',
    );
    expect(codeOf(() => verifyTrustList(json.replace(/"notAfter": "2027/, '"notAfter": "2029'), ed25519PublicKey(root)))).toBe(
      'qr/trust-list-bad-signature',
    );
    expect(codeOf(() => verifyTrustList(json, ed25519PublicKey(root), { now: new Date('2025-01-01T00:00:00Z') }))).toBe(
      'qr/trust-list-expired',
    );
  });
});

describe('presence tracing', () => {
  const seed = new Uint8Array(16).fill(5);
  it('publishes one identifier per window and matches only the overlapping check-ins', () => {
    const warnings = presenceWarnings(seed, new Date('2026-11-27T10:00:00Z'), new Date('2026-11-27T12:00:00Z'));
    expect(warnings).toHaveLength(2);
    const history = [
      { seed, checkIn: new Date('2026-11-27T11:30:00Z'), checkOut: new Date('2026-11-27T13:00:00Z') },
      { seed, checkIn: new Date('2026-11-27T12:00:00Z'), checkOut: new Date('2026-11-27T13:00:00Z') },
      { seed: new Uint8Array(16).fill(6), checkIn: new Date('2026-11-27T10:00:00Z'), checkOut: new Date('2026-11-27T11:00:00Z') },
    ];
    expect(matchPresenceWarnings(history, warnings)).toEqual([{ checkInIndex: 0, window: warnings[1]?.window, overlapSeconds: 1800 }]);
    // identifiers of consecutive windows are unrelated
    expect(bytesToHex(warnings[0]?.identifier as Uint8Array)).not.toBe(bytesToHex(warnings[1]?.identifier as Uint8Array));
    expect(() => presenceWarnings(seed, new Date(0), new Date(86_400_000 * 8))).toThrow(RangeError);
  });
});

describe('typed errors only', () => {
  it('throws QrDecodeError for non-healthtrace text', () => {
    for (const text of ['', 'hello', 'HT1:', 'HT1:12', 'https://x#', 'HTTPS://HT.VN/V#1']) {
      expect(() => decodeHealthtraceQr(text)).toThrow(QrDecodeError);
    }
  });
});
