import fc from 'fast-check';
import { describe, it } from 'vitest';
import { cases } from './fuzz-cases';
import { checkContract, fuzzInputs, RUNS } from './fuzz-helpers';

/** ES256 verification costs ~1 ms, so the keyed runs are fewer (the parsing paths are the same). */
const KEYED_RUNS = 1_000;
const NAMES = new Set(['UK NHS venue', 'EU DCC', 'SMART Health Card']);

describe('signed-format decoders under fuzzing throw only QrDecodeError', () => {
  for (const [name, samples, prefixes, decode] of cases.filter(([n]) => NAMES.has(n))) {
    it(`${name}: ${RUNS} random, truncated, bit-flipped, re-encoded and %20-mangled inputs`, () => {
      fc.assert(
        fc.property(fuzzInputs(samples, prefixes), (text) => checkContract(() => decode(text, false))),
        { numRuns: RUNS },
      );
    });
    it(`${name}: ${KEYED_RUNS} more with signature verification against the official keys`, () => {
      fc.assert(
        fc.property(fuzzInputs(samples, prefixes), (text) => checkContract(() => decode(text, true))),
        { numRuns: KEYED_RUNS },
      );
    });
  }
});
