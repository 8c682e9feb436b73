/**
 * Conformance: ../shared/vectors/bluezone.json — BLIDs per slot (captured traffic and derived),
 * slots of observed timestamps, multi-day chain, and the F0 push payload.
 */
import { readFileSync } from 'node:fs';
import { bytesToHex, hexToBytes } from '@healthtrace/core';
import {
  BluezoneF0Error,
  bluezoneBlids,
  bluezoneDailyKey,
  bluezoneDaysSince,
  bluezoneScheme,
  bluezoneSlot,
  bluezoneSlotWindow,
  formatF0Payload,
  parseF0Payload,
} from '@healthtrace/rolling-id';
import { describe, expect, it } from 'vitest';

const v = JSON.parse(readFileSync(new URL('../../../shared/vectors/bluezone.json', import.meta.url), 'utf8')) as {
  algorithm: { salt_hex: string };
  example_first_subkey: { daily_key: string; blid_slot0: string };
  vectors: {
    base_key: string;
    key_creation_unix_s: number;
    day_index: number;
    daily_key: string;
    slot: number;
    max_per_day: number;
    blid: string;
    status: string;
    observed_timestamp_ms?: number;
  }[];
  derived_multi_day: {
    base_key: string;
    key_creation_unix_s: number;
    day_index: number;
    day_start_unix_s: number;
    daily_key: string;
    blids_slots_0_1_95: Record<string, string>;
  }[];
  device_A_day0_all_slots: {
    base_key: string;
    key_creation_unix_s: number;
    slots: { slot: number; slot_start_unix_s: number; blid: string }[];
  };
  contact_log_export: { examples: { expected: { own_blid: string; timestamp_ms: number; own_blid_slot: number } }[] };
  upload_infoF: { decoded: { base_id: string; time: number; daily_key: string } };
  f0_payload: {
    fcm_data: { Type: string; DataContent: string };
    DataContent_decoded: { InfoF: { data: { daily_key: string; time_start: number; time_end: number; max: number }[] } };
    expected_matching: { first_blids: Record<string, string> };
  };
};

const hex = (b: Uint8Array): string => bytesToHex(b).toUpperCase();

describe('Bluezone BLID vectors', () => {
  it('derives every BLID of the vector table (traffic-verified and derived)', () => {
    expect(v.vectors.filter((x) => x.status.startsWith('verified')).length).toBeGreaterThanOrEqual(6);
    for (const x of v.vectors) {
      const created = x.key_creation_unix_s * 1000;
      const daily = bluezoneDailyKey(hexToBytes(x.base_key), x.day_index);
      expect(hex(daily)).toBe(x.daily_key);
      expect(hex(bluezoneBlids(daily, x.max_per_day)[x.slot]!)).toBe(x.blid);
      if (x.observed_timestamp_ms !== undefined) {
        // The slot of the captured timestamp is the vector's slot, on the creation day.
        expect(bluezoneSlot(x.observed_timestamp_ms, x.max_per_day)).toEqual({ dayStartMs: created, slot: x.slot });
        expect(bluezoneDaysSince(created, x.observed_timestamp_ms)).toBe(x.day_index);
        const w = bluezoneSlotWindow(created, x.slot, x.max_per_day);
        expect(x.observed_timestamp_ms).toBeGreaterThanOrEqual(w.startMs);
        expect(x.observed_timestamp_ms).toBeLessThan(w.endMs);
      }
    }
  });

  it('derives all 96 BLIDs of device A day 0 with their slot start times', () => {
    const d = v.device_A_day0_all_slots;
    const blids = bluezoneBlids(hexToBytes(d.base_key));
    expect(d.slots).toHaveLength(96);
    for (const s of d.slots) {
      expect(hex(blids[s.slot]!)).toBe(s.blid);
      expect(bluezoneSlot(s.slot_start_unix_s * 1000)).toEqual({ dayStartMs: d.key_creation_unix_s * 1000, slot: s.slot });
      expect(bluezoneSlotWindow(d.key_creation_unix_s * 1000, s.slot).startMs).toBe(s.slot_start_unix_s * 1000);
    }
    expect(hex(blids[0]!)).toBe(v.example_first_subkey.blid_slot0);
  });

  it('follows the daily chain D(n+1) = SHA-256(D(n)) of the later generator revision (days, not days-1)', () => {
    for (const d of v.derived_multi_day) {
      const days = bluezoneDaysSince(d.key_creation_unix_s * 1000, d.day_start_unix_s * 1000);
      expect(days).toBe(d.day_index);
      const daily = bluezoneDailyKey(hexToBytes(d.base_key), days);
      expect(hex(daily)).toBe(d.daily_key);
      const blids = bluezoneBlids(daily);
      for (const [slot, blid] of Object.entries(d.blids_slots_0_1_95)) expect(hex(blids[Number(slot)]!)).toBe(blid);
      // The scheme interface continues the chain past the key's day in the same way.
      const keyStart = bluezoneScheme.slotAt(d.key_creation_unix_s * 1000);
      const ids = bluezoneScheme.deriveIds(hexToBytes(d.base_key), keyStart, keyStart + 96 * days, 2);
      expect(hex(ids.subarray(0, 12))).toBe(d.blids_slots_0_1_95['0']);
      expect(hex(ids.subarray(12, 24))).toBe(d.blids_slots_0_1_95['1']);
    }
  });

  it('puts each own BLID of the captured data_trace lines in its slot', () => {
    const daily = bluezoneDailyKey(hexToBytes(v.upload_infoF.decoded.base_id), 0);
    const blids = bluezoneBlids(daily);
    for (const e of v.contact_log_export.examples) {
      const { slot } = bluezoneSlot(e.expected.timestamp_ms);
      expect(slot).toBe(e.expected.own_blid_slot);
      expect(hex(blids[slot]!)).toBe(e.expected.own_blid);
    }
  });
});

describe('Bluezone F0 payload', () => {
  it('parses the double-encoded FCM DataContent and rebuilds the F0 BLIDs', () => {
    const expected = v.f0_payload.DataContent_decoded.InfoF.data;
    for (const input of [v.f0_payload.fcm_data.DataContent, v.f0_payload.fcm_data, JSON.stringify(v.f0_payload.fcm_data)]) {
      const entries = parseF0Payload(input);
      expect(entries).toHaveLength(expected.length);
      entries.forEach((e, i) => {
        expect(hex(e.dailyKey)).toBe(expected[i]!.daily_key);
        expect(e.timeStart).toBe(expected[i]!.time_start);
        expect(e.timeEnd).toBe(expected[i]!.time_end);
        expect(e.max).toBe(expected[i]!.max);
      });
    }
    const [f0] = parseF0Payload(v.f0_payload.fcm_data.DataContent);
    const blids = bluezoneBlids(f0!.dailyKey, f0!.max);
    for (const [slot, blid] of Object.entries(v.f0_payload.expected_matching.first_blids)) expect(hex(blids[Number(slot)]!)).toBe(blid);
  });

  it('formats InfoF with upper-case daily keys and parses it back', () => {
    const decoded = v.f0_payload.DataContent_decoded.InfoF;
    const entries = parseF0Payload(decoded);
    const text = formatF0Payload(entries);
    expect(JSON.parse(text)).toEqual(decoded);
    expect(parseF0Payload(text)).toEqual(entries);
  });

  it('rejects malformed payloads with bluezone/bad-f0-payload', () => {
    for (const bad of [
      '',
      '{',
      '{"data":1}',
      '{"data":[{"daily_key":"00","time_start":0,"time_end":1,"max":96}]}',
      '{"FindGUID":"1","InfoF":"{oops"}',
    ]) {
      expect(() => parseF0Payload(bad)).toThrow(BluezoneF0Error);
    }
  });
});
