import { bytesToHex, hexToBytes, isHex } from '@healthtrace/core';
import { EncountersError } from '../errors';
import type { Sighting } from './types';

/**
 * Parses the sightings JSONL format of the `healthtrace` CLI, one JSON object per line:
 * GAEN `{"t": <unix ms>, "rpi": "<32 hex>", "aem": "<8 hex>", "rssi": <dBm>, "model"?: "<device model>"}`;
 * Bluezone `{"t": <unix ms>, "blid": "<24 hex>", "rssi": <dBm>}` (optionally `"gatt": true` for a BLID read over
 * GATT from an iOS phone, and `"model"`). Blank lines are skipped.
 *
 * @param text - the JSONL text.
 * @returns the sightings, in file order.
 * @throws EncountersError `sightings/bad-line` naming the line number and the problem.
 * @example
 * ```ts
 * parseSightingsJsonl('{"t":1585785600000,"rpi":"8be6cd371c5c891604bfbe49df845096","aem":"72033874","rssi":-60}');
 * ```
 */
export function parseSightingsJsonl(text: string): Sighting[] {
  if (typeof text !== 'string') throw new TypeError('text must be a string');
  const out: Sighting[] = [];
  let lineNo = 0;
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    lineNo++;
    const line = text.slice(start, end).trim();
    start = end + 1;
    if (line === '') continue;
    out.push(parseSightingLine(line, lineNo));
  }
  return out;
}

/**
 * Parses one line of the sightings JSONL format (see {@link parseSightingsJsonl}).
 *
 * @param line - one JSON object.
 * @param lineNo - its line number, for error messages (default 1).
 * @returns the sighting.
 * @throws EncountersError `sightings/bad-line` when the line is malformed.
 * @example
 * ```ts
 * parseSightingLine('{"t":1596866191387,"blid":"7C3DEC4246EA6F90E38EA254","rssi":-71}');
 * ```
 */
export function parseSightingLine(line: string, lineNo = 1): Sighting {
  const bad = (why: string): EncountersError => new EncountersError('sightings/bad-line', `line ${lineNo}: ${why}`);
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw bad('not valid JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw bad('not a JSON object');
  const o = value as Record<string, unknown>;
  if (typeof o.t !== 'number' || !Number.isSafeInteger(o.t) || o.t < 0) throw bad('"t" must be a non-negative integer (Unix ms)');
  if (typeof o.rssi !== 'number' || !Number.isInteger(o.rssi) || o.rssi < -127 || o.rssi > 127) {
    throw bad('"rssi" must be an integer in [-127, 127] dBm');
  }
  if (o.model !== undefined && typeof o.model !== 'string') throw bad('"model" must be a string');
  const model = o.model as string | undefined;
  if (o.rpi !== undefined) {
    if (o.blid !== undefined) throw bad('a line has either "rpi" or "blid", not both');
    if (!isHex(o.rpi, 16)) throw bad('"rpi" must be 32 hex digits');
    if (!isHex(o.aem, 4)) throw bad('"aem" must be 8 hex digits');
    const s: Sighting = { time: o.t, id: hexToBytes(o.rpi), aem: hexToBytes(o.aem), rssi: o.rssi, source: 'gaen-advert' };
    if (model !== undefined) s.scannerModel = model;
    return s;
  }
  if (o.blid !== undefined) {
    if (!isHex(o.blid, 12)) throw bad('"blid" must be 24 hex digits');
    if (o.gatt !== undefined && typeof o.gatt !== 'boolean') throw bad('"gatt" must be a boolean');
    const s: Sighting = { time: o.t, id: hexToBytes(o.blid), rssi: o.rssi, source: o.gatt === true ? 'bluezone-gatt' : 'bluezone-advert' };
    if (model !== undefined) s.scannerModel = model;
    return s;
  }
  throw bad('a line needs "rpi" (GAEN) or "blid" (Bluezone)');
}

/**
 * Formats sightings as the CLI's JSONL (one object per line, trailing newline). BLIDs are written upper-case as
 * Bluezone does, RPIs and AEMs lower-case.
 *
 * @param sightings - the sightings.
 * @returns the JSONL text.
 * @throws EncountersError `sightings/bad-line` for a GAEN sighting without an AEM.
 * @example
 * ```ts
 * writeFileSync('sightings.jsonl', formatSightingsJsonl(log));
 * ```
 */
export function formatSightingsJsonl(sightings: Iterable<Sighting>): string {
  let out = '';
  for (const s of sightings) {
    if (s.source === 'gaen-advert') {
      if (s.aem === undefined) throw new EncountersError('sightings/bad-line', 'a GAEN sighting needs an AEM');
      const model = s.scannerModel === undefined ? '' : `,"model":${JSON.stringify(s.scannerModel)}`;
      out += `{"t":${s.time},"rpi":"${bytesToHex(s.id)}","aem":"${bytesToHex(s.aem)}","rssi":${s.rssi}${model}}\n`;
    } else {
      const extra =
        (s.source === 'bluezone-gatt' ? ',"gatt":true' : '') +
        (s.scannerModel === undefined ? '' : `,"model":${JSON.stringify(s.scannerModel)}`);
      out += `{"t":${s.time},"blid":"${bytesToHex(s.id).toUpperCase()}","rssi":${s.rssi}${extra}}\n`;
    }
  }
  return out;
}
