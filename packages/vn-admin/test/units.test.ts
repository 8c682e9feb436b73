import { convertAddress, findUnits, loadMapping, lookupUnit, validateAddress } from '@healthtrace/vn-admin';
import { convertAddressToCurrent, islandDistrictSuccessor, wardPredecessors, wardSuccessors } from '@healthtrace/vn-admin/mapping';
import {
  districtsOfProvincePre2025,
  getDistrictPre2025,
  getWardPre2025,
  listDistrictsPre2025,
  searchPre2025,
  validateAddressPre2025,
  wardsOfDistrictPre2025,
} from '@healthtrace/vn-admin/pre-2025';
import { getWard2025, listWards2025, searchWards2025, validateAddress2025, wardsOfProvince2025 } from '@healthtrace/vn-admin/wards-2025';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

// Facts from ../shared/data/vn-admin/README.md and ../shared/reference/declarations-vn.md §9.

describe('communes and districts', () => {
  it('reads reused codes by scheme: 07210 was Phường Hoàng Văn Thụ, is now Phường Bắc Giang', () => {
    expect(getWardPre2025('07210')).toMatchObject({ name: 'Phường Hoàng Văn Thụ', provinceCode: '24', scheme: 'pre2025' });
    expect(getWard2025('07210')).toMatchObject({
      name: 'Phường Bắc Giang',
      provinceCode: '24',
      type: 'Phường',
      nameAscii: 'Phuong Bac Giang',
    });
  });

  it('counts the reused commune codes as the data README does (3,316 reused, 1,136 with the same name)', () => {
    const reused = listWards2025().filter((w) => getWardPre2025(w.code));
    expect(reused).toHaveLength(3316);
    expect(reused.filter((w) => getWardPre2025(w.code)?.name === w.name)).toHaveLength(1136);
  });

  it('has the three-tier example of the reference: 01 Hà Nội → 001 Quận Ba Đình → 00001 Phường Phúc Xá', () => {
    expect(getDistrictPre2025('001')).toMatchObject({ name: 'Quận Ba Đình', provinceCode: '01', type: 'Quận' });
    expect(wardsOfDistrictPre2025('001')[0]).toMatchObject({
      code: '00001',
      name: 'Phường Phúc Xá',
      districtCode: '001',
      provinceCode: '01',
    });
    expect(districtsOfProvincePre2025('01').map((d) => d.code)).toContain('001');
    expect(wardsOfProvince2025('01').length).toBeGreaterThan(100);
    expect(wardsOfProvince2025('99')).toEqual([]);
  });

  it('marks the 5 island districts without communes; they became special zones', () => {
    const islands = listDistrictsPre2025().filter((d) => d.hasNoWards);
    expect(islands.map((d) => d.name)).toEqual(['Huyện Bạch Long Vĩ', 'Huyện Cồn Cỏ', 'Huyện Hoàng Sa', 'Huyện Lý Sơn', 'Huyện Côn Đảo']);
    for (const island of islands) {
      expect(wardsOfDistrictPre2025(island.code)).toEqual([]);
      expect(islandDistrictSuccessor(island.code)?.ward.type).toBe('Đặc khu');
    }
    expect(islandDistrictSuccessor('001')).toBeUndefined();
  });

  it('keeps the source spellings: "Thị Trấn …" names and alternative names are searchable', () => {
    expect(getWardPre2025('03172')).toMatchObject({ name: 'Thị Trấn Mường Chà', type: 'Thị trấn' });
    expect(getWardPre2025('03469')).toMatchObject({ name: 'Xã Kan Hồ', altName: 'Xã Can Hồ' });
    expect(searchPre2025('can ho').map((u) => u.code)).toContain('03469');
  });

  it('searches communes diacritics-insensitively, with or without the type word', () => {
    expect(searchWards2025('bac giang')[0]?.code).toBe('07210');
    expect(searchWards2025('PHƯỜNG BẮC GIANG')[0]?.code).toBe('07210');
    expect(searchWards2025('07210')).toHaveLength(1);
    expect(searchWards2025('ba dinh', { provinceCode: '01' })[0]?.name).toBe('Phường Ba Đình');
    expect(searchPre2025('viet yen', { provinceCode: '24' })[0]).toMatchObject({ level: 'district', name: 'Thị Xã Việt Yên' });
    expect(searchPre2025('phuc xa', { districtCode: '001' })[0]?.code).toBe('00001');
  });
});

describe('address validation at a date', () => {
  it('accepts a 2021 Bắc Giang address in pre-2025 codes and infers the district', async () => {
    const ward = getWardPre2025('07210')!;
    const r = await validateAddress({ provinceCode: '24', districtCode: ward.districtCode, wardCode: '07210' }, { date: '2021-05-20' });
    expect(r).toMatchObject({
      ok: true,
      value: { scheme: 'pre2025', province: { name: 'Tỉnh Bắc Giang' }, ward: { name: 'Phường Hoàng Văn Thụ' } },
    });
    const inferred = validateAddressPre2025({ provinceCode: '24', wardCode: '07210' });
    expect(inferred.ok && inferred.value.district?.code).toBe(ward.districtCode);
  });

  it('rejects districts after the merger and explains retired province codes', async () => {
    expect(await validateAddress({ provinceCode: '24', districtCode: '213' }, { date: '2025-08-01' })).toMatchObject({
      ok: false,
      issues: [{ code: 'vn-admin/district-abolished', path: ['districtCode'] }],
    });
    const r = await validateAddress({ provinceCode: '27' }, { date: '2025-08-01' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues[0]?.message).toContain('now part of 24');
    expect(await validateAddress({ provinceCode: '24', wardCode: '07210' }, { date: '2025-08-01' })).toMatchObject({
      ok: true,
      value: { scheme: '2025' },
    });
  });

  it('treats empty optional fields ("", null) as not given', () => {
    expect(validateAddressPre2025({ provinceCode: '24', districtCode: '', wardCode: null })).toMatchObject({
      ok: true,
      value: { district: null, ward: null },
    });
    expect(validateAddress2025({ provinceCode: '24', districtCode: null, wardCode: '' })).toMatchObject({
      ok: true,
      value: { ward: null },
    });
  });

  it('reports units outside their parent', () => {
    expect(validateAddressPre2025({ provinceCode: '01', wardCode: '07210' })).toMatchObject({
      ok: false,
      issues: [{ code: 'vn-admin/ward-not-in-province' }],
    });
    expect(validateAddressPre2025({ provinceCode: '01', districtCode: '002', wardCode: '00001' })).toMatchObject({
      ok: false,
      issues: [{ code: 'vn-admin/ward-not-in-district' }],
    });
    expect(validateAddressPre2025({ provinceCode: '24', districtCode: '001' })).toMatchObject({
      ok: false,
      issues: [{ code: 'vn-admin/district-not-in-province' }],
    });
    expect(validateAddressPre2025({ provinceCode: '01', districtCode: '999', wardCode: '99999' })).toMatchObject({
      ok: false,
      issues: [{ code: 'vn-admin/unknown-district' }, { code: 'vn-admin/unknown-ward' }],
    });
    expect(validateAddress2025({ provinceCode: '01', wardCode: '07210' })).toMatchObject({
      ok: false,
      issues: [{ code: 'vn-admin/ward-not-in-province' }],
    });
  });

  it('never throws on arbitrary input (10,000 runs)', () => {
    expect(validateAddressPre2025({ provinceCode: '01', wardCode: { toString: false } as never })).toMatchObject({
      ok: false,
      issues: [{ code: 'vn-admin/unknown-ward', message: 'ward code (a value of type object) did not exist before 2025-07-01' }],
    });
    const code = fc.oneof(fc.string({ maxLength: 6 }), fc.stringMatching(/^\d{2,5}$/), fc.anything());
    fc.assert(
      fc.property(
        fc.oneof(fc.record({ provinceCode: code, districtCode: code, wardCode: code }, { requiredKeys: [] }), fc.anything()),
        (address) => {
          const a = address as never;
          expect(typeof validateAddressPre2025(a).ok).toBe('boolean');
          expect(typeof validateAddress2025(a).ok).toBe('boolean');
          expect(typeof convertAddressToCurrent(a).ok).toBe('boolean');
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('old → new conversion', () => {
  it('converts the Bắc Giang province and a whole commune', async () => {
    expect(await convertAddress({ provinceCode: '24' })).toMatchObject({
      ok: true,
      value: { province: { code: '24', name: 'Tỉnh Bắc Ninh' }, wards: [], exact: true },
    });
    expect(await convertAddress({ provinceCode: '01', districtCode: '001', wardCode: '00001' })).toMatchObject({
      ok: true,
      value: {
        exact: true,
        wards: [{ ward: { code: '00097', name: 'Phường Hồng Hà' }, mergeType: 'full', resolution: '1656/NQ-UBTVQH15' }],
      },
    });
  });

  it('returns all candidates of a split commune and of a district', () => {
    const split = listDistrictsPre2025()
      .flatMap((d) => wardsOfDistrictPre2025(d.code))
      .find((w) => wardSuccessors(w.code).length === 5)!;
    const r = convertAddressToCurrent({ provinceCode: split.provinceCode, wardCode: split.code });
    expect(r.ok && r.value.wards.length).toBe(5);
    expect(r.ok && r.value.exact).toBe(false);
    expect(r.ok && r.value.wards.every((w) => w.mergeType === 'partial')).toBe(true);
    const district = convertAddressToCurrent({ provinceCode: '01', districtCode: '001' });
    expect(district.ok && district.value.wards.length).toBeGreaterThan(1);
    const island = convertAddressToCurrent({ provinceCode: '77', districtCode: '755' });
    expect(island).toMatchObject({
      ok: true,
      value: { province: { code: '79' }, wards: [{ ward: { name: 'Đặc khu Côn Đảo' }, mergeType: 'full' }], exact: true },
    });
  });

  it('follows a commune that moved to another province than its old province (old 30622 → 82)', () => {
    expect(convertAddressToCurrent({ provinceCode: '89', wardCode: '30622' })).toMatchObject({
      ok: true,
      value: { province: { code: '82' } },
    });
  });

  it('lists the old communes of a new one', async () => {
    const { wardPredecessors: lazy } = await loadMapping();
    expect(lazy('00097').map((p) => p.ward.code)).toContain('00001');
    expect(wardPredecessors('nope')).toEqual([]);
    expect(wardSuccessors('nope')).toEqual([]);
  });
});

describe('findUnits and lookupUnit', () => {
  it('finds the scheme of the date: Bắc Giang is a province in 2021 and a ward in 2026', async () => {
    const in2021 = await findUnits('bac giang', { date: '2021-05-20' });
    expect(in2021[0]).toMatchObject({ unit: { level: 'province', code: '24', scheme: 'pre2025' }, score: 100, path: 'Tỉnh Bắc Giang' });
    const in2026 = await findUnits('bac giang', { date: '2026-01-01' });
    expect(in2026[0]).toMatchObject({ unit: { level: 'ward', code: '07210' }, path: 'Phường Bắc Giang, Tỉnh Bắc Ninh' });
  });

  it('narrows by parents with a comma-separated query', async () => {
    const matches = await findUnits('phuc xa, ba dinh, ha noi', { scheme: 'pre2025' });
    expect(matches[0]).toMatchObject({ unit: { code: '00001' }, path: 'Phường Phúc Xá, Quận Ba Đình, Thành phố Hà Nội' });
    expect(await findUnits('phuc xa, da nang', { scheme: 'pre2025' })).toEqual([]);
    expect(await findUnits('', { scheme: '2025' })).toEqual([]);
  });

  it('looks units up by code in the scheme of the date', async () => {
    expect((await lookupUnit('07210', { date: '2021-05-20' }))?.name).toBe('Phường Hoàng Văn Thụ');
    expect((await lookupUnit('07210', { date: '2025-07-01' }))?.name).toBe('Phường Bắc Giang');
    expect((await lookupUnit('001', { scheme: 'pre2025' }))?.name).toBe('Quận Ba Đình');
    expect(await lookupUnit('001', { scheme: '2025' })).toBeUndefined();
    expect((await lookupUnit('24', { scheme: '2025' }))?.name).toBe('Tỉnh Bắc Ninh');
    expect(await lookupUnit('1234', { scheme: '2025' })).toBeUndefined();
  });
});
