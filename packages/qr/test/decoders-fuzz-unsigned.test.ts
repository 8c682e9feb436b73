import { createVenueQr, decodeAny } from '@healthtrace/qr';
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { cases, now } from './fuzz-cases';
import { checkContract, fuzzInputs, RUNS } from './fuzz-helpers';

const NAMES = new Set(['NZ COVID Tracer', 'CWA event', 'tokhaiyte venue', 'VN personal QR', 'CCCD QR']);

describe('unsigned-format decoders and decodeAny under fuzzing throw only QrDecodeError', () => {
  for (const [name, samples, prefixes, decode] of cases.filter(([n]) => NAMES.has(n))) {
    it(`${name}: ${RUNS} random, truncated, bit-flipped, re-encoded and %20-mangled inputs`, () => {
      fc.assert(
        fc.property(fuzzInputs(samples, prefixes), (text) => checkContract(() => decode(text, false))),
        { numRuns: RUNS },
      );
    });
  }
  it(`decodeAny: ${RUNS} inputs mixed from every format`, () => {
    const own = createVenueQr(
      { name: 'Phở Thìn', validFrom: new Date('2026-11-01T00:00:00Z'), validUntil: new Date('2027-10-31T00:00:00Z') },
      new Uint8Array(32).fill(7),
      { baseUrl: 'https://ht.vn/V' },
    ).text;
    const samples = [...cases.flatMap(([, s]) => s), own];
    const prefixes = [...cases.flatMap(([, , p]) => p), 'HT1:', 'HTTPS://HT.VN/V#'];
    fc.assert(
      fc.property(fuzzInputs(samples, prefixes), (text) => checkContract(() => decodeAny(text, { now }))),
      { numRuns: RUNS },
    );
  });
});
