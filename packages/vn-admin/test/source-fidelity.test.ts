import { islandDistrictSuccessor, wardPredecessors, wardSuccessors } from '@healthtrace/vn-admin/mapping';
import { getWardPre2025, listDistrictsPre2025, listWardsPre2025 } from '@healthtrace/vn-admin/pre-2025';
import { getProvince, listProvinces, provinceSuccessor } from '@healthtrace/vn-admin/provinces';
import { getWard2025, listWards2025 } from '@healthtrace/vn-admin/wards-2025';
import { describe, expect, it } from 'vitest';
import { source } from './source-data';

// Every record the package returns is compared with the dvhcvn/20250701 JSON it was generated from.

interface Target {
  code: string;
  name: string;
  province_code: string;
  merge_type: string;
  resolution: string;
}

describe('fidelity to the source data', () => {
  it('provinces: the same 63 + 34 records', () => {
    for (const [file, scheme, count] of [
      ['provinces-pre2025.json', 'pre2025', 63],
      ['provinces-2025.json', '2025', 34],
    ] as const) {
      const raw = source<{ provinces: { code: string; name: string; short_name: string; type: string }[] }>(file).provinces;
      expect(listProvinces(scheme)).toHaveLength(count);
      expect(listProvinces(scheme).map((p) => ({ code: p.code, name: p.name, short_name: p.shortName, type: p.type }))).toEqual(raw);
    }
  });

  it('2025 communes: the same 3,321 records', () => {
    const raw = source<{ wards: { code: string; name: string; type: string; province_code: string }[] }>('wards-2025.json').wards;
    const mine = listWards2025().map((w) => ({ code: w.code, name: w.name, type: w.type, province_code: w.provinceCode }));
    expect(mine).toHaveLength(3321);
    expect(new Map(mine.map((w) => [w.code, w]))).toEqual(new Map(raw.map((w) => [w.code, w])));
  });

  it('pre-2025 districts and communes: the same 696 + 10,047 records', () => {
    const districts = source<{ districts: { code: string; name: string; type: string; province_code: string; has_no_wards?: boolean }[] }>(
      'districts-pre2025.json',
    ).districts;
    const mineDistricts = listDistrictsPre2025().map((d) => ({
      code: d.code,
      name: d.name,
      type: d.type,
      province_code: d.provinceCode,
      ...(d.hasNoWards ? { has_no_wards: true } : {}),
    }));
    expect(mineDistricts).toHaveLength(696);
    expect(new Map(mineDistricts.map((d) => [d.code, d]))).toEqual(new Map(districts.map((d) => [d.code, d])));
    const wards = source<{
      wards: { code: string; name: string; type: string; district_code: string; province_code: string; alt_name?: string }[];
    }>('wards-pre2025.json').wards;
    const mine = listWardsPre2025().map((w) => ({
      code: w.code,
      name: w.name,
      type: w.type,
      district_code: w.districtCode,
      province_code: w.provinceCode,
      ...(w.altName ? { alt_name: w.altName } : {}),
    }));
    expect(mine).toHaveLength(10047);
    expect(new Map(mine.map((w) => [w.code, w]))).toEqual(new Map(wards.map((w) => [w.code, w])));
  });

  it('mapping: every province, island district and commune maps as in the source', () => {
    const raw = source<{
      provinces: { old_code: string; new_code: string; new_name: string }[];
      districts: { old_district_code: string; new: Target[] }[];
      wards: { old_code: string; new: Target[] }[];
    }>('mapping-pre2025-to-2025.json');
    for (const p of raw.provinces) expect(provinceSuccessor(p.old_code)?.name, p.old_code).toBe(p.new_name);
    const asRaw = (s: { ward: { code: string; name: string; provinceCode: string }; mergeType: string; resolution: string }): Target => ({
      code: s.ward.code,
      name: s.ward.name,
      province_code: s.ward.provinceCode,
      merge_type: s.mergeType,
      resolution: s.resolution,
    });
    for (const d of raw.districts) expect([asRaw(islandDistrictSuccessor(d.old_district_code)!)]).toEqual(d.new);
    let pairs = 0;
    const splitCounts: Record<number, number> = {};
    for (const w of raw.wards) {
      const successors = wardSuccessors(w.old_code);
      expect(successors.map(asRaw), w.old_code).toEqual(w.new);
      pairs += successors.length;
      splitCounts[successors.length] = (splitCounts[successors.length] ?? 0) + 1;
    }
    // Figures from the data README: 10,604 old→new pairs (5 of them island districts), split counts per old ward.
    expect(pairs + raw.districts.length).toBe(10_604);
    expect(splitCounts).toEqual({ 1: 9587, 2: 386, 3: 57, 4: 16, 5: 1 });
    // The new ← old view is the inverse of old → new; every new ward has at least one source.
    let inverse = 0;
    for (const ward of listWards2025()) {
      const sources = wardPredecessors(ward.code).length + (raw.districts.some((d) => d.new[0]?.code === ward.code) ? 1 : 0);
      expect(sources, ward.code).toBeGreaterThan(0);
      inverse += sources;
    }
    expect(inverse).toBe(10_604);
    expect(getWardPre2025('00001')).toBeDefined();
    expect(getWard2025('00004')).toBeDefined();
    expect(getProvince('96', '2025')?.shortName).toBe('Cà Mau');
  });
});
