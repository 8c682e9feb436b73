import { bytesToHex, hexToBytes } from '@healthtrace/core';
import { matchBluezone, type Sighting } from '@healthtrace/encounters';
import { parseF0Payload } from '@healthtrace/rolling-id';
import { describe, expect, it } from 'vitest';
import { defaultConfig, matchBluezonePopulation, resultsJson, SIGHTING_OFFSET_MS, SightingStore, simulate, summarize } from '../src/index';
import { readVector } from './vectors';

interface BluezoneVectors {
  f0_payload: { fcm_data: unknown; expected_matching: { first_blids: Record<string, string> } };
  device_A_day0_all_slots: { slots: { slot: number; slot_start_unix_s: number; blid: string }[] };
  derived_multi_day: { day_start_unix_s: number; blids_slots_0_1_95: Record<string, string> }[];
}

const v = readVector<BluezoneVectors>('bluezone.json');

describe('Bluezone population matcher (official F0 payload and BLIDs)', () => {
  it('finds the BLIDs heard inside their slots, agreeing with matchBluezone of @healthtrace/encounters', () => {
    const entries = parseF0Payload(v.f0_payload.fcm_data);
    const bz = SightingStore.concat([], 12, 0); // an empty Bluezone store: 12-byte identifiers, no AEM
    const add = (time: number, blidHex: string, gatt = false) =>
      bz.pushHeard(7, time, hexToBytes(blidHex.toLowerCase()), new Uint8Array(0), -60, -58, 300, gatt);
    const slots = v.device_A_day0_all_slots.slots;
    for (const k of [23, 24, 25, 26, 27]) add(slots[k]!.slot_start_unix_s + 60, slots[k]!.blid, k === 25); // inside their slots
    add(slots[25]!.slot_start_unix_s + 60, slots[23]!.blid); // right BLID, wrong slot: no match
    const decoy = slots[24]!.blid.slice(0, 23) + (slots[24]!.blid.endsWith('0') ? '1' : '0'); // same 2-byte prefix
    add(slots[24]!.slot_start_unix_s + 120, decoy);
    const day1 = v.derived_multi_day[0]!;
    add(day1.day_start_unix_s + 30, day1.blids_slots_0_1_95['0']!); // day 1: the daily key re-hashed once
    expect(v.f0_payload.expected_matching.first_blids['23']).toBe(slots[23]!.blid);

    const matches = matchBluezonePopulation(entries, [bz]);
    expect(matches.map((m) => m.row)).toEqual([0, 1, 2, 3, 4, 7]);
    expect(matches.every((m) => m.entry === 0 && m.store === 0)).toBe(true);

    const log: Sighting[] = [];
    for (let i = 0; i < bz.count; i++) {
      log.push({
        time: bz.time[i]! * 1000 + SIGHTING_OFFSET_MS,
        id: bz.idOf(i).slice(),
        rssi: -60,
        source: bz.ids.gatt[bz.idRef[i]!] ? 'bluezone-gatt' : 'bluezone-advert',
      });
    }
    const perPhone = matchBluezone(log, entries);
    expect(perPhone.contacts.reduce((a, c) => a + c.sightings, 0)).toBe(matches.length);
    expect(perPhone.contacts.map((c) => c.blid)).toContain(slots[23]!.blid);
    expect(bytesToHex(bz.idOf(7)).toUpperCase()).toBe(day1.blids_slots_0_1_95['0']);
    expect(new SightingStore().ids.idLength).toBe(16); // the default store is GAEN-shaped
  });
});

describe('Bluezone scheme in the simulation', () => {
  const config = defaultConfig({ agents: 1000, days: 8, seed: 5, initialInfectedShare: 0.05, adoptionScale: 2, scheme: 'bluezone' });

  it('pushes F0 daily keys, notifies by the RSSI+duration close-contact rule and agrees with the per-phone matcher', () => {
    const out = simulate(config);
    expect(out.totals.uploads).toBeGreaterThan(0);
    expect(out.totals.keysPublished).toBe(out.totals.uploads); // one F0 entry per positive uploader
    expect(out.publishedKeys.flat()).toEqual([]); // no GAEN keys
    expect(out.totals.matchedSightings).toBeGreaterThan(0);
    expect(out.totals.notifications).toBeGreaterThan(0);
    expect(out.totals.phoneMatcherPhones).toBeGreaterThan(0);
    expect(out.totals.phoneMatcherMatchedSightings).toBeGreaterThan(0);
    expect(out.totals.phoneMatcherMismatches).toBe(0);
    const again = simulate(config);
    expect(resultsJson(summarize(again))).toBe(resultsJson(summarize(out)));
    const gaen = simulate({ ...config, scheme: 'gaen' });
    expect(gaen.totals.keysPublished).toBeGreaterThan(gaen.totals.uploads);
  });

  it('rejects an unknown scheme', () => {
    expect(() => simulate({ ...config, scheme: 'robert' as 'gaen' })).toThrow(RangeError);
  });
});
