import { assertBytes, assertInteger } from '@healthtrace/core';
import { EncountersError } from '../errors';
import type { Sighting } from '../sightings/types';
import { BLID_LENGTH, parseBluezoneAdvert } from './bluezone-advert';
import { parseGaenAdvert } from './gaen-advert';
import type { AdvertInput } from './scan-record';

/** What the scanner knows about one reception besides the advertisement itself. */
export interface Reception {
  /** Reception time, Unix ms. */
  time: number;
  /** Received signal strength, dBm. */
  rssi: number;
  /** Model of the scanning phone, when known. */
  scannerModel?: string | undefined;
}

function checkReception(reception: Reception): void {
  if (typeof reception.time !== 'number' || !Number.isFinite(reception.time)) throw new TypeError('reception.time must be a finite number');
  assertInteger(reception.rssi, 'reception.rssi', -127, 127);
}

/**
 * Turns a received advertisement into a {@link Sighting}: GAEN adverts become `gaen-advert` sightings,
 * Bluezone Android adverts `bluezone-advert` sightings. Returns `null` for anything else, including Bluezone
 * iOS adverts (whose BLID needs a GATT read: see {@link sightingFromGattRead}).
 *
 * @param input - the advertisement (bytes, hex, base64, `{bytes}` or a decoded Web Bluetooth record).
 * @param reception - time, RSSI and optional scanner model.
 * @returns the sighting, or `null` when the advert is not a usable GAEN/Bluezone advert.
 * @throws TypeError / RangeError when `reception` is malformed.
 * @example
 * ```ts
 * const s = sightingFromAdvert(event, { time: Date.now(), rssi: event.rssi });
 * if (s) log.add(s);
 * ```
 */
export function sightingFromAdvert(input: AdvertInput, reception: Reception): Sighting | null {
  checkReception(reception);
  const base = { time: reception.time, rssi: reception.rssi, scannerModel: reception.scannerModel };
  try {
    const g = parseGaenAdvert(input);
    return { ...base, id: g.rpi, aem: g.aem, source: 'gaen-advert' };
  } catch (error) {
    if (!(error instanceof EncountersError)) throw error;
  }
  try {
    const b = parseBluezoneAdvert(input);
    if (b.kind === 'android') return { ...base, id: b.blid, source: 'bluezone-advert' };
  } catch (error) {
    if (!(error instanceof EncountersError)) throw error;
  }
  return null;
}

/**
 * The sighting of an iOS Bluezone phone, whose BLID was read over GATT (characteristic
 * `00004E56-73F5-4BC4-A12F-17D1AD07A689`) after its advertisement was seen.
 *
 * @param blid - the 12 bytes the characteristic returned.
 * @param reception - time, RSSI and optional scanner model.
 * @returns a `bluezone-gatt` sighting.
 * @throws TypeError / RangeError when `blid` is not 12 bytes or `reception` is malformed.
 * @example
 * ```ts
 * log.add(sightingFromGattRead(value, { time: Date.now(), rssi: -70 }));
 * ```
 */
export function sightingFromGattRead(blid: Uint8Array, reception: Reception): Sighting {
  assertBytes(blid, 'blid', BLID_LENGTH);
  checkReception(reception);
  return { time: reception.time, id: blid.slice(), rssi: reception.rssi, scannerModel: reception.scannerModel, source: 'bluezone-gatt' };
}
