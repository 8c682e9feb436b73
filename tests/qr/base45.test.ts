import { bytesToHex, hexToBytes } from '@healthtrace/core';
import { base45Decode, base45Encode, QrDecodeError } from '@healthtrace/qr';
import { describe, expect, it } from 'vitest';
import { qrVectors } from './vectors';

const file = qrVectors('base45.json');
const bytesOf = (v: Record<string, string>) => (v.input_hex !== undefined ? hexToBytes(v.input_hex) : new TextEncoder().encode(v.input));

describe('base45 (RFC 9285 vectors)', () => {
  for (const v of [...file.vectors, ...file.derived_vectors]) {
    it(`${v.name}`, () => {
      if (v.operation === 'encode') {
        expect(base45Encode(bytesOf(v))).toBe(v.expected);
        expect(bytesToHex(base45Decode(v.expected))).toBe(bytesToHex(bytesOf(v)));
      } else {
        expect(new TextDecoder().decode(base45Decode(v.input))).toBe(v.expected);
        expect(bytesToHex(base45Decode(v.input))).toBe(v.expected_hex);
      }
    });
  }
  for (const v of file.negative_vectors) {
    it(`rejects ${v.name}`, () => {
      expect(() => base45Decode(v.input)).toThrow(QrDecodeError);
    });
  }
});
