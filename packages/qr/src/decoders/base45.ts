/**
 * Base45 (RFC 9285), hand-written: it is a 40-line algorithm, and the npm packages for it are
 * unmaintained or Node-only (Buffer).
 */
import { assertBytes } from '@healthtrace/core';
import { QrDecodeError } from './types';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';
const REVERSE: Int8Array = (() => {
  const table = new Int8Array(128).fill(-1);
  for (let i = 0; i < ALPHABET.length; i++) table[ALPHABET.charCodeAt(i)] = i;
  return table;
})();

/**
 * Encodes bytes as Base45 (RFC 9285).
 *
 * @param bytes - the bytes to encode.
 * @returns the Base45 text (QR alphanumeric alphabet; may contain spaces).
 * @throws TypeError when `bytes` is not a `Uint8Array`.
 * @example
 * ```ts
 * base45Encode(new TextEncoder().encode('AB')); // "BB8"
 * ```
 */
export function base45Encode(bytes: Uint8Array): string {
  assertBytes(bytes, 'bytes');
  let out = '';
  let i = 0;
  for (; i + 1 < bytes.length; i += 2) {
    let n = (bytes[i] as number) * 256 + (bytes[i + 1] as number);
    const c = n % 45;
    n = (n - c) / 45;
    const d = n % 45;
    const e = (n - d) / 45;
    out += ALPHABET[c]! + ALPHABET[d]! + ALPHABET[e]!;
  }
  if (i < bytes.length) {
    const n = bytes[i] as number;
    out += ALPHABET[n % 45]! + ALPHABET[Math.floor(n / 45)]!;
  }
  return out;
}

/**
 * Decodes Base45 (RFC 9285). Rejects characters outside the alphabet (including lower case),
 * a length of 1 modulo 3, triplets above 65535 and final pairs above 255.
 *
 * @param text - the Base45 text (never trim it: spaces are part of the alphabet).
 * @returns the decoded bytes.
 * @throws {@link QrDecodeError} `qr/bad-encoding` for malformed input.
 * @throws TypeError when `text` is not a string.
 * @example
 * ```ts
 * new TextDecoder().decode(base45Decode('QED8WEX0')); // "ietf!"
 * ```
 */
export function base45Decode(text: string): Uint8Array {
  if (typeof text !== 'string') throw new TypeError('text must be a string');
  if (text.length % 3 === 1) {
    throw new QrDecodeError('qr/bad-encoding', `base45 length ${text.length} is impossible`, 'base45');
  }
  const out = new Uint8Array(Math.floor(text.length / 3) * 2 + (text.length % 3 === 2 ? 1 : 0));
  let o = 0;
  for (let i = 0; i < text.length; i += 3) {
    const c = value(text, i);
    const d = value(text, i + 1);
    if (i + 2 < text.length) {
      const n = c + d * 45 + value(text, i + 2) * 2025;
      if (n > 0xffff) throw new QrDecodeError('qr/bad-encoding', `base45 triplet at ${i} exceeds 65535`, 'base45');
      out[o++] = n >> 8;
      out[o++] = n & 0xff;
    } else {
      const n = c + d * 45;
      if (n > 0xff) throw new QrDecodeError('qr/bad-encoding', `base45 final pair exceeds 255`, 'base45');
      out[o++] = n;
    }
  }
  return out;
}

function value(text: string, index: number): number {
  const code = text.charCodeAt(index);
  const v = code < 128 ? (REVERSE[code] as number) : -1;
  if (v < 0) throw new QrDecodeError('qr/bad-encoding', `base45 has an invalid character at ${index}`, 'base45');
  return v;
}
