import { checkAdministrativeUnits } from '@healthtrace/declaration';
import { en } from '@healthtrace/declaration/locales/en';
import { describe, expect, it } from 'vitest';
import { domesticExample, entryExample } from './fixtures';

// Reference §9: a 2021 declaration uses pre-2025 codes (Bắc Giang is 24, with districts); from
// 1 July 2025 provinces have no districts and 27 (old Bắc Ninh) no longer exists.

describe('checkAdministrativeUnits', () => {
  it('accepts a 2021 Bắc Giang address (province 24, district 213)', async () => {
    expect(await checkAdministrativeUnits('domestic', domesticExample)).toEqual([]);
    expect(await checkAdministrativeUnits('entry', entryExample)).toEqual([]);
  });

  it('flags a district code on a declaration made after the 2025 reform', async () => {
    const issues = await checkAdministrativeUnits('domestic', { ...domesticExample, declarationDate: '2025-08-01' }, { locale: en });
    expect(issues).toEqual([
      {
        code: 'declaration/unknown-admin-unit',
        path: ['address', 'districtCode'],
        field: 'District',
        message: 'No “District” has this code on the declaration date.',
        reason: expect.stringMatching(/^vn-admin\//),
      },
    ]);
  });

  it('flags unknown province codes, including visited provinces', async () => {
    const issues = await checkAdministrativeUnits('domestic', {
      ...domesticExample,
      travel: [{ kind: 'province', provinceCode: '99' }],
    });
    expect(issues.map((i) => `${i.code} ${i.path.join('.')}`)).toEqual(['declaration/unknown-admin-unit travel.0.provinceCode']);
    expect(issues[0]?.message).toBe('Không có “Tỉnh/thành” nào mang mã này vào ngày khai báo.');
  });

  it('has nothing to check on kinds without an address', async () => {
    expect(await checkAdministrativeUnits('daily', { date: '2021-05-20', states: ['healthy'] })).toEqual([]);
  });
});
