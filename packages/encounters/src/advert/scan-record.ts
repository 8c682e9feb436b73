import { base64ToBytes, hexToBytes, isHex } from '@healthtrace/core';
import { EncountersError } from '../errors';
import { type AdvertBytesInput, toAdvertBytes } from './ad-structures';

/** A binary value as platforms hand it over: bytes, buffer, `DataView`, hex or base64. */
export type BinaryLike = Uint8Array | ArrayBuffer | DataView | string;

/**
 * The fields of a Web Bluetooth `BluetoothAdvertisingEvent` (or any scanner plugin that reports decoded maps)
 * that this package reads. `serviceData` is keyed by UUID (`"fd6f"`, `"0xFD6F"`, the 128-bit form or a number),
 * `manufacturerData` by company identifier.
 */
export interface DecodedScanRecord {
  /** Advertised service UUIDs (any form). */
  uuids?: readonly (string | number)[] | undefined;
  /** Service data per service UUID. */
  serviceData?: ReadonlyMap<string | number, BinaryLike> | Readonly<Record<string, BinaryLike>> | undefined;
  /** Manufacturer-specific data per company identifier. */
  manufacturerData?: ReadonlyMap<number | string, BinaryLike> | Readonly<Record<string, BinaryLike>> | undefined;
  /** Advertised local name, when present. */
  name?: string | undefined;
}

/** An Android `ScanRecord`, given by its raw bytes (`scanRecord.getBytes()`). */
export interface AndroidScanRecord {
  /** The raw scan record (advertising data plus scan response, zero-padded). */
  bytes: AdvertBytesInput;
}

/** Everything the advertisement parsers accept: raw bytes, an Android scan record, or a decoded (Web Bluetooth) record. */
export type AdvertInput = AdvertBytesInput | AndroidScanRecord | DecodedScanRecord;

/**
 * Normalises a Bluetooth UUID: a 16-bit UUID (bare, `0x`-prefixed, number, or the 128-bit form on the
 * Bluetooth base UUID) becomes its number; any other 128-bit UUID its lower-case string.
 *
 * @param uuid - the UUID in any common form.
 * @returns the 16-bit number or the lower-case 128-bit string.
 * @throws EncountersError `advert/bad-input` for a malformed UUID.
 * @example
 * ```ts
 * normalizeUuid('0000FD6F-0000-1000-8000-00805F9B34FB'); // 0xfd6f
 * ```
 */
export function normalizeUuid(uuid: string | number): number | string {
  if (typeof uuid === 'number') {
    if (Number.isInteger(uuid) && uuid >= 0 && uuid <= 0xffff) return uuid;
    throw new EncountersError('advert/bad-input', `bad 16-bit UUID ${uuid}`);
  }
  const text = uuid.trim().toLowerCase().replace(/^0x/, '');
  if (/^[0-9a-f]{4}$/.test(text)) return Number.parseInt(text, 16);
  if (/^0000[0-9a-f]{4}-0000-1000-8000-00805f9b34fb$/.test(text)) return Number.parseInt(text.slice(4, 8), 16);
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(text)) return text;
  throw new EncountersError('advert/bad-input', `bad UUID "${uuid}"`);
}

/**
 * Converts a platform binary value (bytes, buffer, `DataView`, hex or base64) to bytes.
 *
 * @param value - the value.
 * @param name - what it is, for the error message.
 * @returns the bytes.
 * @throws EncountersError `advert/bad-input` when it cannot be decoded.
 * @example
 * ```ts
 * binaryToBytes(new DataView(new ArrayBuffer(2)), 'serviceData'); // Uint8Array(2)
 * ```
 */
export function binaryToBytes(value: BinaryLike, name: string): Uint8Array {
  if (typeof value === 'string') {
    try {
      return isHex(value) ? hexToBytes(value, name) : base64ToBytes(value, name);
    } catch (cause) {
      throw new EncountersError('advert/bad-input', `${name} is neither hex nor base64`, { cause });
    }
  }
  if (value instanceof Uint8Array || value instanceof ArrayBuffer || value instanceof DataView) return toAdvertBytes(value);
  throw new EncountersError('advert/bad-input', `${name} must be bytes, a DataView, hex or base64`);
}

/**
 * Looks up an entry of a `Map` or plain-object record whose normalised key equals `want`.
 *
 * @param record - the map or object.
 * @param want - the normalised key (a 16-bit number, a 128-bit UUID string, or a company id).
 * @param normalize - maps a raw key to its normalised form.
 * @returns the value, or `undefined`.
 */
function findEntry(
  record: ReadonlyMap<string | number, BinaryLike> | Readonly<Record<string, BinaryLike>>,
  want: number | string,
  normalize: (key: string | number) => number | string,
): BinaryLike | undefined {
  const entries: Iterable<[string | number, BinaryLike]> = record instanceof Map ? record.entries() : Object.entries(record);
  for (const [key, value] of entries) {
    let normalized: number | string;
    try {
      normalized = normalize(key);
    } catch {
      continue;
    }
    if (normalized === want) return value;
  }
  return undefined;
}

/**
 * Reads service data for a UUID from a decoded scan record.
 *
 * @param record - the decoded record.
 * @param uuid - the 16-bit UUID number or 128-bit string.
 * @returns the service data bytes, or `undefined` when absent.
 * @throws EncountersError `advert/bad-input` when the value cannot be decoded.
 * @example
 * ```ts
 * decodedServiceData(event, 0xfd6f);
 * ```
 */
export function decodedServiceData(record: DecodedScanRecord, uuid: number | string): Uint8Array | undefined {
  if (record.serviceData === undefined) return undefined;
  const value = findEntry(record.serviceData, uuid, normalizeUuid);
  return value === undefined ? undefined : binaryToBytes(value, 'serviceData');
}

/**
 * Reads manufacturer data for a company identifier from a decoded scan record.
 *
 * @param record - the decoded record.
 * @param companyId - the company identifier (e.g. 8885).
 * @returns the data after the company id, or `undefined` when absent.
 * @throws EncountersError `advert/bad-input` when the value cannot be decoded.
 * @example
 * ```ts
 * decodedManufacturerData(event, 8885);
 * ```
 */
export function decodedManufacturerData(record: DecodedScanRecord, companyId: number): Uint8Array | undefined {
  if (record.manufacturerData === undefined) return undefined;
  const value = findEntry(record.manufacturerData, companyId, (key) => {
    const n = typeof key === 'number' ? key : /^0x/i.test(key) ? Number.parseInt(key, 16) : Number(key);
    if (!Number.isInteger(n)) throw new Error('not a company id');
    return n;
  });
  return value === undefined ? undefined : binaryToBytes(value, 'manufacturerData');
}

/**
 * Tells raw advertising bytes apart from the object shapes.
 *
 * @param input - any accepted advertisement input.
 * @returns the raw bytes, or the decoded record.
 * @throws EncountersError `advert/bad-input` for unsupported values.
 */
export function splitAdvertInput(input: AdvertInput): { bytes: Uint8Array } | { decoded: DecodedScanRecord } {
  if (typeof input === 'string' || input instanceof Uint8Array || input instanceof ArrayBuffer || input instanceof DataView) {
    return { bytes: toAdvertBytes(input) };
  }
  if (typeof input !== 'object' || input === null) throw new EncountersError('advert/bad-input', 'unsupported advertisement input');
  if ('bytes' in input && input.bytes !== undefined) return { bytes: toAdvertBytes(input.bytes) };
  return { decoded: input as DecodedScanRecord };
}
