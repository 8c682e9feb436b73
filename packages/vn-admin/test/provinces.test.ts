import {
  foldVietnamese,
  getProvince,
  isProvinceCode,
  listProvinces,
  MERGER_DATE,
  provinceIssue,
  provincePredecessors,
  provinceSuccessor,
  removeDiacritics,
  schemeAt,
  searchProvinces,
  vietnamDate,
} from '@healthtrace/vn-admin/provinces';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

// The 34 provinces of ../shared/reference/declarations-vn.md §9.2 (official letter 915/CTK-CSCL).
const REFERENCE_2025: Record<string, string> = {
  '01': 'Thành phố Hà Nội',
  '04': 'Cao Bằng',
  '08': 'Tuyên Quang',
  '11': 'Điện Biên',
  '12': 'Lai Châu',
  '14': 'Sơn La',
  '15': 'Lào Cai',
  '19': 'Thái Nguyên',
  '20': 'Lạng Sơn',
  '22': 'Quảng Ninh',
  '24': 'Bắc Ninh',
  '25': 'Phú Thọ',
  '31': 'Thành phố Hải Phòng',
  '33': 'Hưng Yên',
  '37': 'Ninh Bình',
  '38': 'Thanh Hóa',
  '40': 'Nghệ An',
  '42': 'Hà Tĩnh',
  '44': 'Quảng Trị',
  '46': 'Thành phố Huế',
  '48': 'Thành phố Đà Nẵng',
  '51': 'Quảng Ngãi',
  '52': 'Gia Lai',
  '56': 'Khánh Hòa',
  '66': 'Đắk Lắk',
  '68': 'Lâm Đồng',
  '75': 'Đồng Nai',
  '79': 'Thành phố Hồ Chí Minh',
  '80': 'Tây Ninh',
  '82': 'Đồng Tháp',
  '86': 'Vĩnh Long',
  '91': 'An Giang',
  '92': 'Thành phố Cần Thơ',
  '96': 'Cà Mau',
};

describe('provinces', () => {
  it('has the 34 provinces of the reference table from 2025-07-01', () => {
    const mine = Object.fromEntries(listProvinces('2025').map((p) => [p.code, p.type === 'Tỉnh' ? p.shortName : p.name]));
    expect(mine).toEqual(REFERENCE_2025);
  });

  it('has 63 provinces before 2025 with the reference codes (§9.1)', () => {
    expect(listProvinces('pre2025')).toHaveLength(63);
    const names = {
      '01': 'Hà Nội',
      '02': 'Hà Giang',
      '04': 'Cao Bằng',
      '22': 'Quảng Ninh',
      '24': 'Bắc Giang',
      '25': 'Phú Thọ',
      '26': 'Vĩnh Phúc',
      '27': 'Bắc Ninh',
      '30': 'Hải Dương',
      '31': 'Hải Phòng',
    };
    for (const [code, name] of Object.entries(names)) expect(getProvince(code, 'pre2025')?.shortName, code).toBe(name);
  });

  it('reads code 24 by scheme: Bắc Giang before the merger, Bắc Ninh after', () => {
    expect(getProvince('24', 'pre2025')).toMatchObject({
      name: 'Tỉnh Bắc Giang',
      nameAscii: 'Tinh Bac Giang',
      type: 'Tỉnh',
      scheme: 'pre2025',
    });
    expect(getProvince('24', '2025')).toMatchObject({ name: 'Tỉnh Bắc Ninh', scheme: '2025' });
    expect(isProvinceCode('27', 'pre2025')).toBe(true);
    expect(isProvinceCode('27', '2025')).toBe(false);
    expect(isProvinceCode(24, 'pre2025')).toBe(false);
  });

  it('maps every old province to exactly one new one; Bắc Giang and Bắc Ninh became 24', () => {
    expect(provinceSuccessor('24')?.code).toBe('24');
    expect(provinceSuccessor('27')?.code).toBe('24');
    expect(provincePredecessors('24').map((p) => p.shortName)).toEqual(['Bắc Giang', 'Bắc Ninh']);
    expect(provinceSuccessor('99')).toBeUndefined();
    const total = listProvinces('2025').reduce((n, p) => n + provincePredecessors(p.code).length, 0);
    expect(total).toBe(63);
  });

  it('codes 15, 24, 44, 52, 80, 82 and 91 name another province after the merger (data README)', () => {
    const changed = listProvinces('2025')
      .filter((p) => getProvince(p.code, 'pre2025') && getProvince(p.code, 'pre2025')?.shortName !== p.shortName)
      .map((p) => p.code);
    expect(changed).toEqual(['15', '24', '44', '52', '80', '82', '91']);
  });

  it('explains codes that exist only in the other scheme', () => {
    expect(provinceIssue('27', '2025').message).toContain('now part of 24 Tỉnh Bắc Ninh');
    expect(provinceIssue('96', 'pre2025')).toMatchObject({ code: 'vn-admin/unknown-province', path: ['provinceCode'] });
  });
});

describe('search and text folding', () => {
  it('folds diacritics, đ/Đ and case', () => {
    expect(removeDiacritics('Thành phố  Đà Nẵng ')).toBe('Thanh pho Da Nang');
    expect(foldVietnamese('ĐẮK LẮK')).toBe('dak lak');
    expect(foldVietnamese('Nguye\u0302\u0303n')).toBe('nguyen');
    expect(removeDiacritics('\u00d0\u00e0 N\u1eb5ng')).toBe('Da Nang'); // Ð (U+00D0) as legacy encodings write Đ
  });

  it('finds provinces without diacritics, by prefix and by code', () => {
    expect(searchProvinces('bac giang', { scheme: 'pre2025' }).map((p) => p.code)).toEqual(['24']);
    expect(searchProvinces('bac giang', { scheme: '2025' })).toEqual([]);
    expect(searchProvinces('DA NANG', { date: '2021-05-20' })[0]?.code).toBe('48');
    expect(searchProvinces('ho chi', { scheme: '2025' })[0]?.shortName).toBe('Hồ Chí Minh');
    expect(searchProvinces('thanh pho ha noi', { scheme: '2025' })[0]?.code).toBe('01');
    expect(searchProvinces('27', { scheme: 'pre2025' })[0]?.shortName).toBe('Bắc Ninh');
    // "Bắc" matches several; exact short names rank before prefixes and word matches.
    const bac = searchProvinces('bac', { scheme: 'pre2025' }).map((p) => p.shortName);
    expect(bac.slice(0, 4).every((n) => n.startsWith('Bắc') || n.startsWith('Bạc'))).toBe(true);
    expect(searchProvinces('ninh', { scheme: 'pre2025', limit: 2 })).toHaveLength(2);
    expect(() => searchProvinces('x', { limit: 0 })).toThrow(RangeError);
  });

  it('never throws on arbitrary text, and folding is idempotent', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) => {
        searchProvinces(text, { scheme: 'pre2025' });
        expect(foldVietnamese(foldVietnamese(text))).toBe(foldVietnamese(text));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('dates', () => {
  it('switches scheme on 1 July 2025, Vietnam time', () => {
    expect(MERGER_DATE).toBe('2025-07-01');
    expect(schemeAt('2021-05-20')).toBe('pre2025');
    expect(schemeAt('2025-06-30')).toBe('pre2025');
    expect(schemeAt('2025-07-01')).toBe('2025');
    expect(schemeAt('2025-06-30T16:59:59Z')).toBe('pre2025');
    expect(schemeAt('2025-06-30T17:00:00Z')).toBe('2025');
    expect(schemeAt(new Date('2025-06-30T18:00:00Z'))).toBe('2025');
    expect(vietnamDate('2025-06-30T20:00:00+07:00')).toBe('2025-06-30');
  });

  it('rejects invalid dates', () => {
    expect(() => schemeAt('2025-02-30')).toThrow(RangeError);
    expect(() => schemeAt('yesterday')).toThrow(RangeError);
    expect(() => schemeAt(new Date(Number.NaN))).toThrow(RangeError);
    expect(() => schemeAt(20250701 as unknown as string)).toThrow(TypeError);
  });
});
