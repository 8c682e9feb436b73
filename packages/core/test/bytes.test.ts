import {
  assertBytes,
  assertInteger,
  base64ToBytes,
  bytesToBase64,
  bytesToHex,
  bytesToUtf8,
  compareBytes,
  concatBytes,
  equalBytes,
  hexToBytes,
  isHex,
  utf8ToBytes,
} from '@healthtrace/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

describe('hex', () => {
  it('round-trips any bytes and matches Buffer', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const hex = bytesToHex(bytes);
        expect(hex).toBe(Buffer.from(bytes).toString('hex'));
        expect(hexToBytes(hex)).toEqual(bytes);
        expect(hexToBytes(hex.toUpperCase())).toEqual(bytes);
        expect(isHex(hex, bytes.length)).toBe(true);
      }),
    );
  });
  it('names the argument in errors', () => {
    expect(() => hexToBytes('abc', 'tek')).toThrow(RangeError);
    expect(() => hexToBytes('abc', 'tek')).toThrow(/tek/);
    expect(() => hexToBytes('zz', 'rpi')).toThrow(TypeError);
    expect(() => hexToBytes('00', 'rpi', 16)).toThrow(/rpi must be 16 bytes/);
    expect(isHex('0g')).toBe(false);
  });
});

describe('base64', () => {
  it('round-trips both alphabets and matches Buffer', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const std = bytesToBase64(bytes);
        expect(std).toBe(Buffer.from(bytes).toString('base64'));
        const url = bytesToBase64(bytes, { url: true });
        expect(url).toBe(Buffer.from(bytes).toString('base64url'));
        expect(base64ToBytes(std)).toEqual(bytes);
        expect(base64ToBytes(url)).toEqual(bytes);
      }),
    );
  });
  it('rejects garbage with typed errors only', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        try {
          base64ToBytes(text);
        } catch (error) {
          expect(error instanceof TypeError || error instanceof RangeError).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
    expect(() => base64ToBytes('A')).toThrow(RangeError);
    expect(() => base64ToBytes('AA*A')).toThrow(TypeError);
  });
});

describe('utf8 and comparisons', () => {
  it('decodes strictly', () => {
    expect(bytesToUtf8(utf8ToBytes('Bắc Giang'))).toBe('Bắc Giang');
    expect(() => bytesToUtf8(new Uint8Array([0xff]))).toThrow(TypeError);
  });
  it('compares and concatenates', () => {
    const a = new Uint8Array([1, 2]);
    const b = new Uint8Array([1, 3]);
    expect(equalBytes(a, a.slice())).toBe(true);
    expect(equalBytes(a, b)).toBe(false);
    expect(equalBytes(a, new Uint8Array([1]))).toBe(false);
    expect(compareBytes(a, b)).toBeLessThan(0);
    expect(compareBytes(b, a)).toBeGreaterThan(0);
    expect(compareBytes(a, new Uint8Array([1, 2, 0]))).toBeLessThan(0);
    expect(concatBytes(a, b)).toEqual(new Uint8Array([1, 2, 1, 3]));
  });
  it('checks arguments by name', () => {
    expect(() => assertBytes('x', 'tek')).toThrow(new TypeError('tek must be a Uint8Array, got string'));
    expect(() => assertBytes(new Uint8Array(3), 'tek', 16)).toThrow(new RangeError('tek must be 16 bytes, got 3'));
    expect(() => assertInteger(1.5, 'count')).toThrow(TypeError);
    expect(() => assertInteger(200, 'count', 1, 144)).toThrow(/count must be in \[1, 144\]/);
    expect(assertInteger(5, 'count', 1, 144)).toBe(5);
  });
});

describe('argument errors describe hostile values safely', () => {
  it('names the prototype constructor, whatever the value\'s own "constructor" key holds', () => {
    const hostile = JSON.parse('{"constructor":{"name":{"toString":null}}}') as unknown;
    expect(() => assertBytes(hostile, 'rpi')).toThrow(new TypeError('rpi must be a Uint8Array, got Object'));
    expect(() => assertBytes(Object.create(null), 'rpi')).toThrow(new TypeError('rpi must be a Uint8Array, got an object'));
    expect(() => assertBytes([], 'rpi')).toThrow(new TypeError('rpi must be a Uint8Array, got an array'));
    expect(() => assertBytes(new Uint16Array(2), 'rpi')).toThrow(new TypeError('rpi must be a Uint8Array, got Uint16Array'));
  });
});
