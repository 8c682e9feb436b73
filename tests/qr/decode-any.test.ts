// decodeAny routes healthtrace's own codes to decodeHealthtraceQr (same result, trust and clock passed through).
import { createTrustList, createVenueQr, decodeAny, decodeHealthtraceQr, ed25519PublicKey, QrDecodeError } from '@healthtrace/qr';
import { describe, expect, it } from 'vitest';

const issuerKey = new Uint8Array(32).fill(7);
const rootKey = new Uint8Array(32).fill(9);
const trust = createTrustList(
  {
    issuedAt: new Date('2026-01-01T00:00:00Z'),
    expiresAt: new Date('2027-01-01T00:00:00Z'),
    keys: [
      { publicKey: ed25519PublicKey(issuerKey), notBefore: new Date('2026-01-01T00:00:00Z'), notAfter: new Date('2028-01-01T00:00:00Z') },
    ],
  },
  rootKey,
);
const venue = { name: 'Phở Thìn', validFrom: new Date('2026-11-01T00:00:00Z'), validUntil: new Date('2027-10-31T00:00:00Z') };
const now = new Date('2026-11-27T09:00:00Z');

describe('decodeAny with healthtrace codes', () => {
  for (const baseUrl of [undefined, 'https://ht.vn/V']) {
    it(`routes the ${baseUrl === undefined ? 'compact' : 'URL'} form to decodeHealthtraceQr`, () => {
      const { text } = createVenueQr(venue, issuerKey, baseUrl === undefined ? {} : { baseUrl });
      const result = decodeAny(text, { trust, now });
      expect(result).toEqual(decodeHealthtraceQr(text, { trust, now }));
      expect(result.format).toBe('healthtrace-venue');
      expect(result.signature).toBe('valid');
      expect(decodeAny(text, { now }).signature).toBe('unverified');
      expect(decodeAny(text, { trust, now: new Date('2028-06-01T00:00:00Z') }).warnings).toContain('expired');
    });
  }
  it('throws the typed error for a broken healthtrace code', () => {
    const { text } = createVenueQr(venue, issuerKey);
    expect(() => decodeAny(text.slice(0, 20), { trust, now })).toThrow(QrDecodeError);
  });
});
