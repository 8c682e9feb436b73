import { assertBytes, bytesToUtf8 } from '@healthtrace/core';
import { EncountersError } from '../errors';
import {
  AD_TYPE_COMPLETE_LOCAL_NAME,
  AD_TYPE_COMPLETE_UUID16,
  AD_TYPE_COMPLETE_UUID128,
  AD_TYPE_FLAGS,
  AD_TYPE_INCOMPLETE_UUID16,
  AD_TYPE_INCOMPLETE_UUID128,
  AD_TYPE_MANUFACTURER_DATA,
  type AdStructure,
  buildAdStructures,
  parseAdStructures,
  uuid16List,
} from './ad-structures';
import { hasUuid } from './gaen-advert';
import { type AdvertInput, decodedManufacturerData, splitAdvertInput } from './scan-record';

/** Bluezone's 16-bit service UUID (`0x4E56`, "VN"), advertised by Android phones. */
export const BLUEZONE_SERVICE_UUID = 0x4e56;
/** Bluezone's manufacturer (company) identifier, 8885 = `0x22B5`. */
export const BLUEZONE_MANUFACTURER_ID = 8885;
/** The 128-bit service UUID Bluezone iOS phones advertise (the BLID is then read over GATT). */
export const BLUEZONE_IOS_SERVICE_UUID = '00004e56-73f5-4bc4-a12f-17d1ad07a667';
/** The GATT characteristic an iOS Bluezone phone serves its current 12-byte BLID on. */
export const BLUEZONE_IOS_CHARACTERISTIC_UUID = '00004e56-73f5-4bc4-a12f-17d1ad07a689';
/** Length of a Bluezone BLID in bytes. */
export const BLID_LENGTH = 12;

/** A decoded Bluezone advertisement. */
export type BluezoneAdvert =
  | {
      /** An Android advert: the BLID is in the manufacturer data. */
      kind: 'android';
      /** The 12-byte BLID. */
      blid: Uint8Array;
    }
  | {
      /** An iOS advert: the BLID must be read over GATT ({@link BLUEZONE_IOS_CHARACTERISTIC_UUID}). */
      kind: 'ios';
    };

/** Reads the 128-bit UUIDs of a UUID-list AD structure (little-endian, 16 bytes each) as strings. */
function uuid128List(data: Uint8Array): string[] {
  const out: string[] = [];
  for (let i = 0; i + 16 <= data.length; i += 16) {
    let hex = '';
    for (let j = 15; j >= 0; j--) hex += (data[i + j] as number).toString(16).padStart(2, '0');
    out.push(`${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`);
  }
  return out;
}

/**
 * Parses a Bluezone advertisement: the Android form (manufacturer data id 8885 carrying the 12-byte BLID,
 * plus the `0x4E56` service UUID) or the iOS form (the iOS service UUID or the local name `"Bluezone"`), from
 * raw bytes, an Android `ScanRecord` (`{bytes}`) or a decoded Web Bluetooth record.
 *
 * @param input - the advertisement.
 * @returns `{kind: 'android', blid}` or `{kind: 'ios'}`.
 * @throws EncountersError `advert/not-bluezone` when it is neither form.
 * @throws EncountersError `advert/bad-service-data` when manufacturer data 8885 is not 12 bytes.
 * @throws EncountersError `advert/truncated` when an AD structure runs past the end.
 * @example
 * ```ts
 * parseBluezoneAdvert(buildBluezoneAdvert(blid)); // { kind: 'android', blid }
 * ```
 */
export function parseBluezoneAdvert(input: AdvertInput): BluezoneAdvert {
  const split = splitAdvertInput(input);
  let manufacturer: Uint8Array | undefined;
  let android = false;
  let ios = false;
  if ('decoded' in split) {
    manufacturer = decodedManufacturerData(split.decoded, BLUEZONE_MANUFACTURER_ID);
    android = hasUuid(split.decoded.uuids, BLUEZONE_SERVICE_UUID);
    ios = hasUuid(split.decoded.uuids, BLUEZONE_IOS_SERVICE_UUID) || split.decoded.name === 'Bluezone';
  } else {
    for (const s of parseAdStructures(split.bytes)) {
      if (s.type === AD_TYPE_MANUFACTURER_DATA && s.data.length >= 2 && manufacturer === undefined) {
        if (((s.data[0] as number) | ((s.data[1] as number) << 8)) === BLUEZONE_MANUFACTURER_ID) manufacturer = s.data.subarray(2);
      } else if ((s.type === AD_TYPE_COMPLETE_UUID16 || s.type === AD_TYPE_INCOMPLETE_UUID16) && s.data.length % 2 === 0) {
        if (uuid16List(s.data).includes(BLUEZONE_SERVICE_UUID)) android = true;
      } else if (s.type === AD_TYPE_COMPLETE_UUID128 || s.type === AD_TYPE_INCOMPLETE_UUID128) {
        if (uuid128List(s.data).includes(BLUEZONE_IOS_SERVICE_UUID)) ios = true;
      } else if (s.type === AD_TYPE_COMPLETE_LOCAL_NAME) {
        try {
          if (bytesToUtf8(s.data) === 'Bluezone') ios = true;
        } catch {
          // not UTF-8: not Bluezone's name
        }
      }
    }
  }
  if (manufacturer !== undefined && android) {
    if (manufacturer.length !== BLID_LENGTH) {
      throw new EncountersError('advert/bad-service-data', `Bluezone manufacturer data must be a 12-byte BLID, got ${manufacturer.length}`);
    }
    return { kind: 'android', blid: manufacturer.slice() };
  }
  if (ios) return { kind: 'ios' };
  throw new EncountersError(
    'advert/not-bluezone',
    'no Bluezone manufacturer data 8885 with service UUID 0x4E56, and no iOS Bluezone service',
  );
}

/** Options of {@link buildBluezoneAdvert}. */
export interface BuildBluezoneAdvertOptions {
  /** A flags byte to prepend (Android adds `0x02`/`0x06` for connectable adverts), or `false` (default) to omit it. */
  flags?: number | false;
}

/**
 * Builds the Android Bluezone advertising data: (Flags) ‖ `03 03 56 4E` ‖ `0F FF B5 22` ‖ BLID.
 *
 * @param blid - the 12-byte BLID.
 * @param options - optional flags byte.
 * @returns the advertising data (19 bytes, 22 with flags).
 * @throws TypeError / RangeError when `blid` is not 12 bytes.
 * @example
 * ```ts
 * buildBluezoneAdvert(hexToBytes('29ABD013B41C90269332AB5D'));
 * ```
 */
export function buildBluezoneAdvert(blid: Uint8Array, options: BuildBluezoneAdvertOptions = {}): Uint8Array {
  assertBytes(blid, 'blid', BLID_LENGTH);
  const structures: AdStructure[] = [];
  if (options.flags !== undefined && options.flags !== false)
    structures.push({ type: AD_TYPE_FLAGS, data: new Uint8Array([options.flags & 0xff]) });
  structures.push({ type: AD_TYPE_COMPLETE_UUID16, data: new Uint8Array([0x56, 0x4e]) });
  const data = new Uint8Array(2 + BLID_LENGTH);
  data[0] = BLUEZONE_MANUFACTURER_ID & 0xff;
  data[1] = BLUEZONE_MANUFACTURER_ID >> 8;
  data.set(blid, 2);
  structures.push({ type: AD_TYPE_MANUFACTURER_DATA, data });
  return buildAdStructures(structures);
}
