/**
 * Fuzzes healthtrace's own decoders with fast-check: random strings, truncations, bit flips of the
 * underlying bytes, digit flips and `%20`-mangled camera copies. Anything but a decoded result or
 * a typed QrDecodeError is a failure.
 */
import {
  base10ToBytes,
  bytesToBase10,
  createPersonalQr,
  createTrustList,
  createVenueQr,
  decodeHealthtraceQr,
  ed25519PublicKey,
  parseHealthtraceQr,
  QrDecodeError,
  QrError,
  serializeTrustList,
  verifyTrustList,
  x25519PublicKey,
} from '@healthtrace/qr';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const issuer = new Uint8Array(32).fill(1);
const trust = createTrustList(
  {
    issuedAt: new Date('2026-01-01T00:00:00Z'),
    expiresAt: new Date('2027-01-01T00:00:00Z'),
    keys: [
      { publicKey: ed25519PublicKey(issuer), notBefore: new Date('2026-01-01T00:00:00Z'), notAfter: new Date('2027-06-01T00:00:00Z') },
    ],
  },
  new Uint8Array(32).fill(2),
);
const NOW = new Date('2026-11-27T09:00:00Z');
const samples = [
  createVenueQr(
    { name: 'Chợ Đồng Xuân', address: 'Hoàn Kiếm', wardCode: '70', validFrom: NOW, validUntil: new Date('2026-12-31') },
    issuer,
    { baseUrl: 'https://ht.vn/V' },
  ).text,
  createVenueQr({ name: 'Café ☕', validFrom: NOW, validUntil: new Date('2026-12-31') }, issuer).text,
  createPersonalQr({ status: 3, issuedAt: NOW }, issuer).text,
  createPersonalQr(
    { status: 3, issuedAt: NOW, contact: { text: '+84912345678', authorityPublicKey: x25519PublicKey(new Uint8Array(32).fill(4)) } },
    issuer,
  ).text,
];

/** Decodes; returns 'ok' or the error code; fails the property on an untyped error. */
function attempt(text: string): string {
  try {
    const r = decodeHealthtraceQr(text, { trust, now: NOW });
    expect(['valid', 'invalid', 'unverified', 'absent']).toContain(r.signature);
    return 'ok';
  } catch (error) {
    if (!(error instanceof QrDecodeError)) throw error;
    return error.code;
  }
}

const RUNS = 2_500;

describe('healthtrace decoders under fuzzing (4 × 2,500 = 10,000 cases + more)', () => {
  it('random strings, including ones shaped like our prefixes', () => {
    const shaped = fc.oneof(
      fc.string({ maxLength: 400 }),
      fc.stringMatching(/^HT1:[0-9]{0,400}$/),
      fc.stringMatching(/^https?:\/\/[a-z.]{1,20}\/V#[0-9]{0,400}$/),
    );
    fc.assert(
      fc.property(shaped, (text) => void attempt(text)),
      { numRuns: RUNS },
    );
  });

  it('truncated samples', () => {
    fc.assert(
      fc.property(fc.constantFrom(...samples), fc.nat(), (sample, cut) => {
        const text = sample.slice(0, cut % sample.length);
        expect(attempt(text)).not.toBe('ok');
      }),
      { numRuns: RUNS },
    );
  });

  it('bit flips in the signed bytes are caught by the signature or the parser', () => {
    fc.assert(
      fc.property(fc.constantFrom(...samples), fc.nat(), fc.integer({ min: 0, max: 7 }), (sample, at, bit) => {
        const parsed = parseHealthtraceQr(sample);
        const bytes = new Uint8Array([...parsed.body, ...parsed.signature]);
        const i = at % bytes.length;
        bytes[i] = (bytes[i] as number) ^ (1 << bit);
        const text = `${parsed.head}${bytesToBase10(bytes)}`;
        const outcome = attempt(text);
        if (outcome === 'ok') expect(decodeHealthtraceQr(text, { trust, now: NOW }).signature).toBe('invalid');
      }),
      { numRuns: RUNS },
    );
  });

  it('digit substitutions and %20-mangled camera copies', () => {
    fc.assert(
      fc.property(fc.constantFrom(...samples), fc.nat(), fc.integer({ min: 0, max: 9 }), fc.boolean(), (sample, at, digit, mangle) => {
        const start = sample.indexOf(sample.startsWith('HT1:') ? ':' : '#') + 1; // the head is not signed: mutate the digits
        const i = start + (at % (sample.length - start));
        const text = mangle ? `${sample.slice(0, i)}%20${sample.slice(i)}` : `${sample.slice(0, i)}${digit}${sample.slice(i + 1)}`;
        const outcome = attempt(text);
        if (outcome === 'ok' && text !== sample) expect(decodeHealthtraceQr(text, { trust, now: NOW }).signature).toBe('invalid');
      }),
      { numRuns: RUNS },
    );
  });
});

describe('other healthtrace parsers under fuzzing', () => {
  it('base10ToBytes: any string gives bytes that re-encode to it, or qr/bad-encoding', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 60 }), fc.stringMatching(/^[0-9]{0,60}$/)), (digits) => {
        try {
          expect(bytesToBase10(base10ToBytes(digits))).toBe(digits);
        } catch (error) {
          expect(error).toBeInstanceOf(QrDecodeError);
          expect((error as QrDecodeError).code).toBe('qr/bad-encoding');
        }
      }),
      { numRuns: 3_000 },
    );
  });

  it('verifyTrustList: mutated or random JSON throws only QrError', () => {
    const json = serializeTrustList(trust);
    const root = ed25519PublicKey(new Uint8Array(32).fill(2));
    fc.assert(
      fc.property(fc.nat(), fc.string({ maxLength: 3 }), fc.boolean(), fc.json(), (at, insert, random, other) => {
        const i = at % json.length;
        const text = random ? other : `${json.slice(0, i)}${insert}${json.slice(i + 1)}`;
        try {
          verifyTrustList(text, root);
        } catch (error) {
          if (!(error instanceof QrError)) throw error;
        }
      }),
      { numRuns: 3_000 },
    );
  });
});
