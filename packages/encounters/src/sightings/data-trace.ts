import { bytesToHex, hexToBytes, isHex } from '@healthtrace/core';
import { EncountersError } from '../errors';
import type { Sighting } from './types';

/** One line of Bluezone's `data_trace.txt` (one row of its `trace_info` contact log). */
export interface DataTraceRow {
  /** The logging phone's own BLID at the time (12 bytes). */
  ownBlid: Uint8Array;
  /** The peer's BLID (12 bytes). */
  contactBlid: Uint8Array;
  /** RSSI, dBm. */
  rssi: number;
  /** Sighting time, Unix ms. */
  timestampMs: number;
}

/**
 * Parses Bluezone's `data_trace.txt`: `ownBLID TAB contactBLID TAB rssi TAB timestamp_ms` per line (LF or CRLF).
 *
 * @param text - the file's text.
 * @returns the rows, in order.
 * @throws EncountersError `sightings/bad-data-trace` naming the line for a malformed line.
 * @example
 * ```ts
 * parseDataTrace('B9A665D754FE65E665D76A45\t7C3DEC4246EA6F90E38EA254\t-71\t1596866191387\n');
 * ```
 */
export function parseDataTrace(text: string): DataTraceRow[] {
  if (typeof text !== 'string') throw new TypeError('text must be a string');
  const out: DataTraceRow[] = [];
  const lines = text.split('\n');
  lines.forEach((raw, i) => {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line === '') return;
    const bad = (why: string): EncountersError => new EncountersError('sightings/bad-data-trace', `line ${i + 1}: ${why}`);
    const fields = line.split('\t');
    if (fields.length !== 4) throw bad(`expected 4 tab-separated fields, got ${fields.length}`);
    const [own, contact, rssiText, timeText] = fields as [string, string, string, string];
    if (!isHex(own, 12)) throw bad('own BLID must be 24 hex digits');
    if (!isHex(contact, 12)) throw bad('contact BLID must be 24 hex digits');
    if (!/^-?\d{1,3}$/.test(rssiText) || Math.abs(Number(rssiText)) > 127) throw bad('RSSI must be an integer in [-127, 127]');
    if (!/^\d{1,16}$/.test(timeText) || !Number.isSafeInteger(Number(timeText))) throw bad('timestamp must be Unix milliseconds');
    out.push({ ownBlid: hexToBytes(own), contactBlid: hexToBytes(contact), rssi: Number(rssiText), timestampMs: Number(timeText) });
  });
  return out;
}

/**
 * Formats rows as Bluezone's `data_trace.txt` (upper-case hex, tab-separated, LF after every line).
 *
 * @param rows - the rows.
 * @returns the file text.
 * @throws RangeError when a BLID is not 12 bytes.
 * @example
 * ```ts
 * formatDataTrace(rows) === originalText; // round trip
 * ```
 */
export function formatDataTrace(rows: Iterable<DataTraceRow>): string {
  let out = '';
  for (const r of rows) {
    if (r.ownBlid.length !== 12 || r.contactBlid.length !== 12) throw new RangeError('BLIDs must be 12 bytes');
    out += `${bytesToHex(r.ownBlid).toUpperCase()}\t${bytesToHex(r.contactBlid).toUpperCase()}\t${r.rssi}\t${r.timestampMs}\n`;
  }
  return out;
}

/**
 * Converts `data_trace.txt` rows to sightings of the peers (`bluezone-advert`; the peer's platform is unknown).
 *
 * @param rows - parsed rows.
 * @returns one sighting per row.
 * @example
 * ```ts
 * const log = SightingLog.from(sightingsFromDataTrace(parseDataTrace(text)));
 * ```
 */
export function sightingsFromDataTrace(rows: Iterable<DataTraceRow>): Sighting[] {
  const out: Sighting[] = [];
  for (const r of rows) out.push({ time: r.timestampMs, id: r.contactBlid.slice(), rssi: r.rssi, source: 'bluezone-advert' });
  return out;
}

/**
 * Converts Bluezone sightings to `data_trace.txt` rows, with the phone's own BLID at each sighting's time.
 * GAEN sightings are skipped.
 *
 * @param sightings - the sightings.
 * @param ownBlidAt - returns this phone's 12-byte BLID at a time (e.g. from its daily key and `bluezoneSlot`).
 * @returns the rows.
 * @example
 * ```ts
 * formatDataTrace(dataTraceFromSightings(log, (t) => myBlids[bluezoneSlot(t).slot]));
 * ```
 */
export function dataTraceFromSightings(sightings: Iterable<Sighting>, ownBlidAt: (timeMs: number) => Uint8Array): DataTraceRow[] {
  const out: DataTraceRow[] = [];
  for (const s of sightings) {
    if (s.source === 'gaen-advert') continue;
    out.push({ ownBlid: ownBlidAt(s.time), contactBlid: s.id, rssi: s.rssi, timestampMs: s.time });
  }
  return out;
}
