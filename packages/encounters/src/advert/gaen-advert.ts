import { assertBytes, assertInteger } from '@healthtrace/core';
import { EncountersError } from '../errors';
import {
  AD_TYPE_COMPLETE_UUID16,
  AD_TYPE_FLAGS,
  AD_TYPE_INCOMPLETE_UUID16,
  AD_TYPE_SERVICE_DATA_UUID16,
  type AdStructure,
  buildAdStructures,
  parseAdStructures,
  uuid16List,
} from './ad-structures';
import { type AdvertInput, decodedServiceData, normalizeUuid, splitAdvertInput } from './scan-record';

/** The GAEN (Exposure Notification) 16-bit service UUID. */
export const GAEN_SERVICE_UUID = 0xfd6f;
/** The GAEN service UUID in 128-bit form. */
export const GAEN_SERVICE_UUID128 = '0000fd6f-0000-1000-8000-00805f9b34fb';
/** The flags byte reference beacons emit (LE General Discoverable, simultaneous LE + BR/EDR). */
export const GAEN_DEFAULT_FLAGS = 0x1a;

/** A decoded GAEN advertisement. */
export interface GaenAdvert {
  /** The 16-byte rolling proximity identifier. */
  rpi: Uint8Array;
  /** The 4-byte associated encrypted metadata. */
  aem: Uint8Array;
  /** The flags byte, when a Flags AD was present (Android omits it). */
  flags: number | undefined;
}

/** Options of {@link parseGaenAdvert}. */
export interface ParseGaenAdvertOptions {
  /**
   * Require the complete (or incomplete) 16-bit UUID list carrying `0xFD6F` before the service data, as the
   * Bluetooth specification says (default `true`). Ignored for decoded (Web Bluetooth) records.
   */
  strict?: boolean;
}

function gaenFromServiceData(value: Uint8Array, flags: number | undefined): GaenAdvert {
  if (value.length !== 20) {
    throw new EncountersError('advert/bad-service-data', `GAEN service data must be RPI (16) + AEM (4) = 20 bytes, got ${value.length}`);
  }
  return { rpi: value.slice(0, 16), aem: value.slice(16, 20), flags };
}

/**
 * Parses a GAEN advertisement: raw bytes in the 31-byte form (with Flags) or the 28-byte Android form
 * (without), an Android `ScanRecord` (`{bytes}`), or a decoded Web Bluetooth record with `serviceData`.
 * Extra AD structures are allowed.
 *
 * @param input - the advertisement (bytes, hex, base64, `{bytes}` or a decoded record).
 * @param options - `strict` (default `true`) requires the `0xFD6F` UUID list before the service data.
 * @returns the RPI, AEM and flags.
 * @throws EncountersError `advert/not-gaen` when there is no `0xFD6F` service data (or, strictly, no UUID list).
 * @throws EncountersError `advert/bad-service-data` when the service data is not exactly 20 bytes.
 * @throws EncountersError `advert/bad-order` (strict) when the UUID list comes after the service data.
 * @throws EncountersError `advert/truncated` when an AD structure runs past the end.
 * @example
 * ```ts
 * const { rpi, aem } = parseGaenAdvert('03036ffd17166ffd8be6cd371c5c891604bfbe49df84509672033874');
 * ```
 */
export function parseGaenAdvert(input: AdvertInput, options: ParseGaenAdvertOptions = {}): GaenAdvert {
  const split = splitAdvertInput(input);
  if ('decoded' in split) {
    const value = decodedServiceData(split.decoded, GAEN_SERVICE_UUID);
    if (value === undefined) throw new EncountersError('advert/not-gaen', 'no service data for UUID 0xFD6F');
    return gaenFromServiceData(value, undefined);
  }
  const strict = options.strict ?? true;
  const structures = parseAdStructures(split.bytes);
  let flags: number | undefined;
  let listIndex = -1;
  let dataIndex = -1;
  let value: Uint8Array | undefined;
  structures.forEach((s, i) => {
    if (s.type === AD_TYPE_FLAGS && s.data.length >= 1 && flags === undefined) flags = s.data[0];
    else if ((s.type === AD_TYPE_COMPLETE_UUID16 || s.type === AD_TYPE_INCOMPLETE_UUID16) && listIndex < 0) {
      if (s.data.length % 2 === 0 && uuid16List(s.data).includes(GAEN_SERVICE_UUID)) listIndex = i;
    } else if (s.type === AD_TYPE_SERVICE_DATA_UUID16 && dataIndex < 0 && s.data.length >= 2) {
      if (((s.data[0] as number) | ((s.data[1] as number) << 8)) === GAEN_SERVICE_UUID) {
        dataIndex = i;
        value = s.data.subarray(2);
      }
    }
  });
  if (value === undefined) throw new EncountersError('advert/not-gaen', 'no service data for UUID 0xFD6F');
  if (strict) {
    if (listIndex < 0) throw new EncountersError('advert/not-gaen', 'no 16-bit service UUID list containing 0xFD6F');
    if (listIndex > dataIndex) throw new EncountersError('advert/bad-order', 'the 0xFD6F UUID list must come before the service data');
  }
  return gaenFromServiceData(value, flags);
}

/**
 * Whether an advertisement is a well-formed GAEN advertisement (never throws).
 *
 * @param input - any advertisement input.
 * @returns `true` when {@link parseGaenAdvert} would succeed.
 * @example
 * ```ts
 * if (isGaenAdvert(event)) log(parseGaenAdvert(event));
 * ```
 */
export function isGaenAdvert(input: AdvertInput): boolean {
  try {
    parseGaenAdvert(input);
    return true;
  } catch {
    return false;
  }
}

/** Options of {@link buildGaenAdvert}. */
export interface BuildGaenAdvertOptions {
  /** The flags byte to emit (default `0x1A`), or `false` to omit the Flags AD as Android does (28 bytes). */
  flags?: number | false;
}

/**
 * Builds GAEN advertising data, for emulators and beacons: Flags (optional) ‖ `03 03 6F FD` ‖ `17 16 6F FD` ‖ RPI ‖ AEM.
 *
 * @param rpi - the 16-byte RPI.
 * @param aem - the 4-byte AEM.
 * @param options - `flags` (default `0x1A`; `false` omits the Flags AD).
 * @returns 31 bytes with flags, 28 without.
 * @throws TypeError / RangeError when `rpi` or `aem` have the wrong type or length, or `flags` is not a byte.
 * @example
 * ```ts
 * buildGaenAdvert(rpi, aem); // 02011a03036ffd17166ffd…
 * buildGaenAdvert(rpi, aem, { flags: false }); // 03036ffd17166ffd…
 * ```
 */
export function buildGaenAdvert(rpi: Uint8Array, aem: Uint8Array, options: BuildGaenAdvertOptions = {}): Uint8Array {
  assertBytes(rpi, 'rpi', 16);
  assertBytes(aem, 'aem', 4);
  const flags = options.flags ?? GAEN_DEFAULT_FLAGS;
  const structures: AdStructure[] = [];
  if (flags !== false) structures.push({ type: AD_TYPE_FLAGS, data: new Uint8Array([assertInteger(flags, 'options.flags', 0, 255)]) });
  structures.push({ type: AD_TYPE_COMPLETE_UUID16, data: new Uint8Array([0x6f, 0xfd]) });
  const serviceData = new Uint8Array(22);
  serviceData[0] = 0x6f;
  serviceData[1] = 0xfd;
  serviceData.set(rpi, 2);
  serviceData.set(aem, 18);
  structures.push({ type: AD_TYPE_SERVICE_DATA_UUID16, data: serviceData });
  return buildAdStructures(structures);
}

/**
 * Whether a decoded record advertises a UUID (used to recognise adverts whose payload needs another step).
 *
 * @param uuids - the advertised UUIDs (any form).
 * @param uuid - the normalised UUID to look for.
 * @returns `true` when present.
 */
export function hasUuid(uuids: readonly (string | number)[] | undefined, uuid: number | string): boolean {
  if (uuids === undefined) return false;
  return uuids.some((u) => {
    try {
      return normalizeUuid(u) === uuid;
    } catch {
      return false;
    }
  });
}
