/**
 * Generic Bluetooth LE advertising-data (AD) structures: `length, type, data…` records as defined in the
 * Bluetooth Core Specification Supplement, Part A §1. Hand-written: a dozen lines with no dependency, on
 * the scanner hot path.
 */
import { assertBytes, assertInteger, base64ToBytes, hexToBytes, isHex } from '@healthtrace/core';
import { EncountersError } from '../errors';

/** AD type: Flags. */
export const AD_TYPE_FLAGS = 0x01;
/** AD type: Incomplete List of 16-bit Service UUIDs. */
export const AD_TYPE_INCOMPLETE_UUID16 = 0x02;
/** AD type: Complete List of 16-bit Service UUIDs. */
export const AD_TYPE_COMPLETE_UUID16 = 0x03;
/** AD type: Incomplete List of 128-bit Service UUIDs. */
export const AD_TYPE_INCOMPLETE_UUID128 = 0x06;
/** AD type: Complete List of 128-bit Service UUIDs. */
export const AD_TYPE_COMPLETE_UUID128 = 0x07;
/** AD type: Complete Local Name. */
export const AD_TYPE_COMPLETE_LOCAL_NAME = 0x09;
/** AD type: Service Data with a 16-bit UUID. */
export const AD_TYPE_SERVICE_DATA_UUID16 = 0x16;
/** AD type: Manufacturer Specific Data. */
export const AD_TYPE_MANUFACTURER_DATA = 0xff;

/** One AD structure: its type byte and its data (without the length and type bytes). */
export interface AdStructure {
  /** AD type (0..255); unknown types are kept as they are. */
  type: number;
  /** The data bytes after the type byte. */
  data: Uint8Array;
}

/** Accepted encodings of raw advertising bytes: bytes, hex, or base64/base64url. */
export type AdvertBytesInput = Uint8Array | ArrayBuffer | DataView | string;

/**
 * Normalises raw advertising bytes given as `Uint8Array`, `ArrayBuffer`, `DataView`, hex or base64.
 * A string made only of hex digits with an even length is read as hex; any other string as base64.
 *
 * @param input - the bytes in one of the accepted forms.
 * @returns the bytes (a view, not a copy, for binary inputs).
 * @throws EncountersError `advert/bad-input` when the string is neither hex nor base64, or the type is unsupported.
 * @example
 * ```ts
 * toAdvertBytes('03036ffd').length; // 4
 * ```
 */
export function toAdvertBytes(input: AdvertBytesInput): Uint8Array {
  if (input instanceof Uint8Array) return input;
  if (input instanceof ArrayBuffer) return new Uint8Array(input);
  if (input instanceof DataView) return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  if (typeof input === 'string') {
    const text = input.trim();
    if (isHex(text)) return hexToBytes(text, 'advert');
    try {
      return base64ToBytes(text, 'advert');
    } catch (cause) {
      throw new EncountersError('advert/bad-input', 'advert string is neither hex nor base64', { cause });
    }
  }
  throw new EncountersError('advert/bad-input', 'advert must be a Uint8Array, ArrayBuffer, DataView, hex or base64 string');
}

/**
 * Parses advertising data (or an Android `ScanRecord.getBytes()` record) into AD structures, in order.
 * A zero length byte ends the significant part (the rest is padding, as in 62-byte Android scan records).
 *
 * @param input - raw advertising bytes (bytes, hex or base64).
 * @returns the AD structures; unknown types are preserved.
 * @throws EncountersError `advert/truncated` when a structure's length runs past the end of the data.
 * @throws EncountersError `advert/bad-input` when the input cannot be decoded.
 * @example
 * ```ts
 * parseAdStructures('02011a03036ffd'); // [{type: 1, data: 1a}, {type: 3, data: 6ffd}]
 * ```
 */
export function parseAdStructures(input: AdvertBytesInput): AdStructure[] {
  const bytes = toAdvertBytes(input);
  const out: AdStructure[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    const length = bytes[offset] as number;
    if (length === 0) break;
    if (offset + 1 + length > bytes.length) {
      throw new EncountersError(
        'advert/truncated',
        `AD structure at offset ${offset} declares ${length} bytes but only ${bytes.length - offset - 1} remain`,
      );
    }
    out.push({ type: bytes[offset + 1] as number, data: bytes.subarray(offset + 2, offset + 1 + length) });
    offset += 1 + length;
  }
  return out;
}

/**
 * Serialises AD structures as `length, type, data` records.
 *
 * @param structures - the structures, in order.
 * @param maxLength - the largest allowed total (default 31, a legacy advertisement; pass `Infinity` for extended ones).
 * @returns the advertising data bytes.
 * @throws RangeError when a type is not a byte or a structure's data exceeds 254 bytes.
 * @throws EncountersError `advert/too-long` when the total exceeds `maxLength`.
 * @example
 * ```ts
 * buildAdStructures([{ type: 0x01, data: new Uint8Array([0x1a]) }]); // 02 01 1a
 * ```
 */
export function buildAdStructures(structures: readonly AdStructure[], maxLength = 31): Uint8Array {
  let total = 0;
  structures.forEach((s, i) => {
    assertInteger(s.type, `structures[${i}].type`, 0, 255);
    assertBytes(s.data, `structures[${i}].data`);
    if (s.data.length > 254) throw new RangeError(`structures[${i}].data must be at most 254 bytes, got ${s.data.length}`);
    total += 2 + s.data.length;
  });
  if (total > maxLength) throw new EncountersError('advert/too-long', `advertising data is ${total} bytes, more than ${maxLength}`);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const s of structures) {
    out[offset] = s.data.length + 1;
    out[offset + 1] = s.type;
    out.set(s.data, offset + 2);
    offset += 2 + s.data.length;
  }
  return out;
}

/**
 * Reads the 16-bit UUIDs of a UUID-list AD structure (little-endian pairs).
 *
 * @param data - the structure's data.
 * @returns the UUIDs as numbers.
 * @throws EncountersError `advert/bad-service-data` when the length is odd.
 * @example
 * ```ts
 * uuid16List(new Uint8Array([0x6f, 0xfd])); // [0xfd6f]
 * ```
 */
export function uuid16List(data: Uint8Array): number[] {
  if (data.length % 2 !== 0) throw new EncountersError('advert/bad-service-data', `a 16-bit UUID list has an odd length ${data.length}`);
  const out: number[] = [];
  for (let i = 0; i < data.length; i += 2) out.push((data[i] as number) | ((data[i + 1] as number) << 8));
  return out;
}
