/**
 * Byte helpers shared by every healthtrace package. Hand-written rather than taken
 * from a dependency because they sit on hot paths (hex of millions of RPIs) and must
 * report the caller's argument name in their errors.
 */

/** Lower-case hex digit pairs for every byte value. */
const HEX_TABLE: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

function hexNibble(code: number): number {
  if (code >= 48 && code <= 57) return code - 48; // 0-9
  if (code >= 97 && code <= 102) return code - 87; // a-f
  if (code >= 65 && code <= 70) return code - 55; // A-F
  return -1;
}

/**
 * Checks that `value` is a `Uint8Array` (optionally of an exact length).
 *
 * @param value - the argument to check.
 * @param name - the argument's name, used in the error message.
 * @param length - required length in bytes, if any.
 * @returns `value`, typed as `Uint8Array`.
 * @throws TypeError when `value` is not a `Uint8Array`.
 * @throws RangeError when `length` is given and does not match.
 * @example
 * ```ts
 * assertBytes(tek, 'tek', 16);
 * ```
 */
export function assertBytes(value: unknown, name: string, length?: number): Uint8Array {
  if (!(value instanceof Uint8Array)) {
    throw new TypeError(`${name} must be a Uint8Array, got ${describe(value)}`);
  }
  if (length !== undefined && value.length !== length) {
    throw new RangeError(`${name} must be ${length} bytes, got ${value.length}`);
  }
  return value;
}

/**
 * Checks that `value` is an integer within `[min, max]`.
 *
 * @param value - the argument to check.
 * @param name - the argument's name, used in the error message.
 * @param min - smallest allowed value.
 * @param max - largest allowed value.
 * @returns `value`, typed as `number`.
 * @throws TypeError when `value` is not an integer.
 * @throws RangeError when `value` is outside the range.
 * @example
 * ```ts
 * assertInteger(count, 'count', 1, 144);
 * ```
 */
export function assertInteger(
  value: unknown,
  name: string,
  min: number = Number.MIN_SAFE_INTEGER,
  max: number = Number.MAX_SAFE_INTEGER,
): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new TypeError(`${name} must be an integer, got ${describe(value)}`);
  }
  if (value < min || value > max) {
    throw new RangeError(`${name} must be in [${min}, ${max}], got ${value}`);
  }
  return value;
}

/**
 * Encodes bytes as lower-case hex.
 *
 * @param bytes - the bytes.
 * @returns lower-case hex, two characters per byte.
 * @throws TypeError when `bytes` is not a `Uint8Array`.
 * @example
 * ```ts
 * bytesToHex(new Uint8Array([0xfd, 0x6f])); // "fd6f"
 * ```
 */
export function bytesToHex(bytes: Uint8Array): string {
  assertBytes(bytes, 'bytes');
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += HEX_TABLE[bytes[i] as number];
  return out;
}

/**
 * Decodes hex (either case, no prefix, no separators) into bytes.
 *
 * @param hex - the hex string.
 * @param name - argument name for error messages (default `"hex"`).
 * @param length - required decoded length in bytes, if any.
 * @returns the decoded bytes.
 * @throws TypeError when `hex` is not a string or has non-hex characters.
 * @throws RangeError when the length is odd or does not match `length`.
 * @example
 * ```ts
 * hexToBytes('fd6f'); // Uint8Array [253, 111]
 * ```
 */
export function hexToBytes(hex: string, name = 'hex', length?: number): Uint8Array {
  if (typeof hex !== 'string') throw new TypeError(`${name} must be a hex string, got ${describe(hex)}`);
  if (hex.length % 2 !== 0) throw new RangeError(`${name} must have an even number of hex digits, got ${hex.length}`);
  const out = new Uint8Array(hex.length / 2);
  if (length !== undefined && out.length !== length) {
    throw new RangeError(`${name} must be ${length} bytes (${length * 2} hex digits), got ${out.length}`);
  }
  for (let i = 0; i < out.length; i++) {
    const hi = hexNibble(hex.charCodeAt(2 * i));
    const lo = hexNibble(hex.charCodeAt(2 * i + 1));
    if (hi < 0 || lo < 0) throw new TypeError(`${name} has a non-hex character at offset ${hi < 0 ? 2 * i : 2 * i + 1}`);
    out[i] = (hi << 4) | lo;
  }
  return out;
}

/**
 * Whether `value` is a hex string (even length, only hex digits), optionally of `bytes` bytes.
 *
 * @param value - anything.
 * @param bytes - required decoded length, if any.
 * @returns `true` for a well-formed hex string.
 * @example
 * ```ts
 * isHex('00ff', 2); // true
 * ```
 */
export function isHex(value: unknown, bytes?: number): value is string {
  if (typeof value !== 'string' || value.length % 2 !== 0) return false;
  if (bytes !== undefined && value.length !== bytes * 2) return false;
  for (let i = 0; i < value.length; i++) if (hexNibble(value.charCodeAt(i)) < 0) return false;
  return true;
}

const encoder = new TextEncoder();
const strictDecoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Encodes a string as UTF-8.
 *
 * @param text - the string.
 * @returns its UTF-8 bytes.
 * @throws TypeError when `text` is not a string.
 * @example
 * ```ts
 * utf8ToBytes('EN-RPI');
 * ```
 */
export function utf8ToBytes(text: string): Uint8Array {
  if (typeof text !== 'string') throw new TypeError(`text must be a string, got ${describe(text)}`);
  return encoder.encode(text);
}

/**
 * Decodes UTF-8 strictly (invalid sequences throw instead of becoming U+FFFD).
 *
 * @param bytes - UTF-8 bytes.
 * @returns the decoded string.
 * @throws TypeError when `bytes` is not a `Uint8Array` or is not valid UTF-8.
 * @example
 * ```ts
 * bytesToUtf8(new Uint8Array([0x68, 0x69])); // "hi"
 * ```
 */
export function bytesToUtf8(bytes: Uint8Array): string {
  assertBytes(bytes, 'bytes');
  return strictDecoder.decode(bytes);
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_REVERSE: Int16Array = (() => {
  const table = new Int16Array(128).fill(-1);
  for (let i = 0; i < 64; i++) table[B64.charCodeAt(i)] = i;
  table['-'.charCodeAt(0)] = 62;
  table['_'.charCodeAt(0)] = 63;
  return table;
})();

/**
 * Encodes bytes as base64 (standard alphabet with padding) or base64url (no padding).
 *
 * @param bytes - the bytes.
 * @param options - `{ url: true }` for the URL-safe alphabet without padding.
 * @returns the encoded string.
 * @throws TypeError when `bytes` is not a `Uint8Array`.
 * @example
 * ```ts
 * bytesToBase64(new Uint8Array([1, 2, 3])); // "AQID"
 * ```
 */
export function bytesToBase64(bytes: Uint8Array, options?: { url?: boolean }): string {
  assertBytes(bytes, 'bytes');
  const url = options?.url === true;
  const alphabet = url ? `${B64.slice(0, 62)}-_` : B64;
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8) | (bytes[i + 2] as number);
    out += alphabet[(n >> 18) & 63]! + alphabet[(n >> 12) & 63]! + alphabet[(n >> 6) & 63]! + alphabet[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest > 0) {
    const n = ((bytes[i] as number) << 16) | (rest === 2 ? (bytes[i + 1] as number) << 8 : 0);
    out += alphabet[(n >> 18) & 63]! + alphabet[(n >> 12) & 63]!;
    out += rest === 2 ? alphabet[(n >> 6) & 63]! : '';
    if (!url) out += rest === 2 ? '=' : '==';
  }
  return out;
}

/**
 * Decodes base64 or base64url (either alphabet, padding optional, no whitespace).
 *
 * @param text - the encoded string.
 * @param name - argument name for error messages (default `"base64"`).
 * @returns the decoded bytes.
 * @throws TypeError when `text` is not a string or contains characters outside the alphabets.
 * @throws RangeError when the length is impossible for base64.
 * @example
 * ```ts
 * base64ToBytes('AQID'); // Uint8Array [1, 2, 3]
 * ```
 */
export function base64ToBytes(text: string, name = 'base64'): Uint8Array {
  if (typeof text !== 'string') throw new TypeError(`${name} must be a string, got ${describe(text)}`);
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 61 /* = */ && text.length - end < 2) end--;
  if (end % 4 === 1) throw new RangeError(`${name} has an impossible length ${text.length}`);
  if (end !== text.length && text.length % 4 !== 0) throw new RangeError(`${name} has bad padding`);
  const out = new Uint8Array(Math.floor((end * 3) / 4));
  let bits = 0;
  let acc = 0;
  let o = 0;
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    const v = c < 128 ? (B64_REVERSE[c] as number) : -1;
    if (v < 0) throw new TypeError(`${name} has a non-base64 character at offset ${i}`);
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  return out;
}

/**
 * Concatenates byte arrays.
 *
 * @param parts - arrays to join, in order.
 * @returns a new array holding every part.
 * @throws TypeError when a part is not a `Uint8Array`.
 * @example
 * ```ts
 * concatBytes(rpi, aem); // 20 bytes
 * ```
 */
export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  let total = 0;
  for (let i = 0; i < parts.length; i++) total += assertBytes(parts[i], `parts[${i}]`).length;
  const out = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/**
 * Compares two byte arrays in time that depends only on their lengths.
 *
 * @param a - first array.
 * @param b - second array.
 * @returns `true` when both hold the same bytes.
 * @throws TypeError when either argument is not a `Uint8Array`.
 * @example
 * ```ts
 * equalBytes(expectedMac, mac);
 * ```
 */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  assertBytes(a, 'a');
  assertBytes(b, 'b');
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] as number) ^ (b[i] as number);
  return diff === 0;
}

/**
 * Lexicographic comparison of byte arrays (as `Array.prototype.sort` expects).
 *
 * @param a - first array.
 * @param b - second array.
 * @returns negative, zero or positive.
 * @example
 * ```ts
 * keys.sort((x, y) => compareBytes(x.keyData, y.keyData));
 * ```
 */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = (a[i] as number) - (b[i] as number);
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

/**
 * Overwrites bytes with zeros (best effort: JS engines may keep other copies).
 *
 * @param arrays - arrays to wipe.
 * @example
 * ```ts
 * wipe(tek, rpik);
 * ```
 */
export function wipe(...arrays: Uint8Array[]): void {
  for (const a of arrays) a.fill(0);
}

/** Short description of a value's type for error messages. */
function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') {
    // The prototype's constructor, not the object's own `constructor` key (parsed JSON may carry one of any shape).
    const name: unknown = (Object.getPrototypeOf(value) as { constructor?: { name?: unknown } } | null)?.constructor?.name;
    return typeof name === 'string' ? name : 'an object';
  }
  return typeof value;
}
