/** Longer property runs for the GAEN backends and the F0 parser (`pnpm test:slow`). */
import { bytesToHex } from '@healthtrace/core';
import { BluezoneF0Error, deriveRpik, deriveRpis, parseF0Payload, setCryptoBackend } from '@healthtrace/rolling-id';
import { ecb } from '@noble/ciphers/aes.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';

afterAll(() => setCryptoBackend('auto'));
const enc = new TextEncoder();

describe('slow: rolling IDs', () => {
  it('portable and node backends equal noble on 20,000 random keys and interval ranges', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 16, maxLength: 16 }),
        fc.integer({ min: 0, max: 0xffffffff - 144 }),
        fc.integer({ min: 1, max: 144 }),
        (tek, start, count) => {
          const rpik = deriveRpik(tek);
          expect(bytesToHex(rpik)).toBe(bytesToHex(hkdf(sha256, tek, undefined, enc.encode('EN-RPIK'), 16)));
          const padded = new Uint8Array(16 * count);
          const view = new DataView(padded.buffer);
          for (let j = 0; j < count; j++) {
            padded.set(enc.encode('EN-RPI'), 16 * j);
            view.setUint32(16 * j + 12, start + j, true);
          }
          const expected = bytesToHex(ecb(rpik, { disablePadding: true }).encrypt(padded));
          setCryptoBackend('portable');
          expect(bytesToHex(deriveRpis(rpik, start, count))).toBe(expected);
          setCryptoBackend('node');
          expect(bytesToHex(deriveRpis(rpik, start, count))).toBe(expected);
        },
      ),
      { numRuns: 20_000 },
    );
  });

  it('the F0 parser only ever throws BluezoneF0Error (100,000 cases)', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.json(),
          fc.jsonValue(),
          fc.jsonValue().map((v) => ({ data: [v] })),
        ),
        (input) => {
          try {
            parseF0Payload(input);
          } catch (error) {
            expect(error).toBeInstanceOf(BluezoneF0Error);
          }
        },
      ),
      { numRuns: 100_000 },
    );
  });
});
