import { decodeAny } from '@healthtrace/qr';
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
    const samples = cases.flatMap(([, s]) => s);
    const prefixes = cases.flatMap(([, , p]) => p);
    fc.assert(
      fc.property(fuzzInputs(samples, prefixes), (text) => checkContract(() => decodeAny(text, { now }))),
      { numRuns: RUNS },
    );
  });
});
