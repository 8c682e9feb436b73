import { readFileSync } from 'node:fs';
import { hexToBytes } from '@healthtrace/core';
import {
  buildBluezoneAdvert,
  matchBluezone,
  parseBluezoneAdvert,
  type Sighting,
  sightingFromAdvert,
  sightingFromGattRead,
} from '@healthtrace/encounters';
import { parseF0Payload } from '@healthtrace/rolling-id';
import { describe, expect, it } from 'vitest';

const bluezone = JSON.parse(readFileSync(new URL('../../../shared/vectors/bluezone.json', import.meta.url), 'utf8')) as {
  vectors: { daily_key: string; slot: number; blid: string; observed_timestamp_ms?: number }[];
  f0_payload: { fcm_data: { DataContent: string }; expected_matching: { first_blids: Record<string, string> } };
};

describe('Bluezone advertisements', () => {
  it('builds and parses the Android advert (manufacturer 8885 + UUID 0x4E56) and reads iOS adverts as GATT sources', () => {
    const blid = hexToBytes(bluezone.vectors[0]!.blid);
    const advert = buildBluezoneAdvert(blid);
    expect(Buffer.from(advert).toString('hex')).toBe(`0303564e0fffb522${bluezone.vectors[0]!.blid.toLowerCase()}`);
    expect(parseBluezoneAdvert(advert)).toEqual({ kind: 'android', blid });
    expect(parseBluezoneAdvert({ uuids: ['4e56'], manufacturerData: new Map([[8885, new DataView(blid.buffer)]]) })).toEqual({
      kind: 'android',
      blid,
    });
    expect(parseBluezoneAdvert({ uuids: ['00004E56-73F5-4BC4-A12F-17D1AD07A667'] })).toEqual({ kind: 'ios' });
    expect(sightingFromAdvert(advert, { time: 1, rssi: -70 })?.source).toBe('bluezone-advert');
    expect(sightingFromAdvert({ name: 'Bluezone' }, { time: 1, rssi: -70 })).toBeNull();
    expect(sightingFromGattRead(blid, { time: 1, rssi: -70 }).source).toBe('bluezone-gatt');
    expect(() => parseBluezoneAdvert('0303564e05ffb5220102')).toThrow(expect.objectContaining({ code: 'advert/bad-service-data' }));
  });
});

describe('Bluezone F0 matching (bluezone.json f0_payload)', () => {
  const dataContent = JSON.parse(bluezone.f0_payload.fcm_data.DataContent) as { InfoF: string };
  const entries = parseF0Payload(dataContent.InfoF);
  const first = bluezone.f0_payload.expected_matching.first_blids;
  const day0 = 1596844800000;
  const slotMs = 900_000;

  it('finds the F0 BLIDs heard inside their slots, and only there', () => {
    const log: Sighting[] = [];
    for (const [slot, blid] of Object.entries(first)) {
      const start = day0 + Number(slot) * slotMs;
      for (let k = 0; k < 4; k++)
        log.push({ time: start + 60_000 + k * 240_000, id: hexToBytes(blid), rssi: -60, source: 'bluezone-advert' });
    }
    // Slot 23's BLID heard during slot 24: outside its slot, no match.
    log.push({ time: day0 + 24 * slotMs + 1000, id: hexToBytes(first['23']!), rssi: -50, source: 'bluezone-advert' });
    const result = matchBluezone(log, entries);
    expect(result.contacts.map((c) => c.blid)).toEqual(Object.values(first));
    expect(result.contacts.every((c) => c.sightings === 4)).toBe(true);
    expect(result.blidsDerived).toBe(96);
    expect(result.closeContact).toBe(true);
  });

  it('re-hashes the daily key for later days and applies the RSSI policy per platform pair', () => {
    const v = bluezone.vectors.find((x) => x.observed_timestamp_ms !== undefined)!;
    const log: Sighting[] = [{ time: v.observed_timestamp_ms!, id: hexToBytes(v.blid), rssi: -80, source: 'bluezone-gatt' }];
    const result = matchBluezone(log, entries, { scanner: 'android' });
    expect(result.contacts).toHaveLength(1);
    expect(result.closeContact).toBe(false);
    const noDays = matchBluezone([{ time: day0 + 40 * 86_400_000, id: hexToBytes(v.blid), rssi: -50, source: 'bluezone-advert' }], entries);
    expect(noDays.contacts).toHaveLength(0);
  });
});
