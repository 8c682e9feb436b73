import {
  DECLARATION_NAMES,
  type DeclarationIssueCode,
  dailyDeclarationSchema,
  domesticDeclarationSchema,
  fieldLabel,
  SCHEMA_ISSUE_CODES,
  safeParseDeclaration,
  validateDeclaration,
} from '@healthtrace/declaration';
import { en } from '@healthtrace/declaration/locales/en';
import { vi, viBase, viDomestic } from '@healthtrace/declaration/locales/vi';
import { describe, expect, it } from 'vitest';
import { dailyExample, domesticExample, EXAMPLES, entryExample } from './fixtures';

const codes = (result: { issues: { code: string; path: (string | number)[] }[] }): string[] =>
  result.issues.map((i) => `${i.code} ${i.path.join('.')}`);

describe('safeParseDeclaration / validateDeclaration', () => {
  it.each(DECLARATION_NAMES)('accepts the %s example', (name) => {
    expect(validateDeclaration(name, EXAMPLES[name])).toEqual({ success: true, data: EXAMPLES[name], issues: [] });
  });

  it('normalises strings: trimmed, NFC, upper-case country codes, E.164 phones, compact ID numbers', () => {
    const decomposed = 'NGUYỄN VĂN AN'.normalize('NFD');
    const result = validateDeclaration('domestic', {
      ...domesticExample,
      fullName: `  ${decomposed}  `,
      nationality: 'vn',
      phone: '0912 345 678',
      idNumber: ' 024 090 123 456 ',
      address: { ...domesticExample.address, street: '  Số 1, thôn Đông ' },
    });
    expect(result.success).toBe(true);
    if (!result.success) return;
    expect(result.data.fullName).toBe('NGUYỄN VĂN AN'.normalize('NFC'));
    expect(result.data.nationality).toBe('VN');
    expect(result.data.phone).toBe('+84912345678');
    expect(result.data.idNumber).toBe('024090123456');
    expect(result.data.address.street).toBe('Số 1, thôn Đông');
  });

  it('rejects unknown keys at every level, one issue per key', () => {
    const result = validateDeclaration('domestic', { ...domesticExample, extra: 1, address: { ...domesticExample.address, zip: '1' } });
    expect(codes(result).sort()).toEqual(['declaration/unknown-field address.zip', 'declaration/unknown-field extra']);
  });

  it('reports missing fields as declaration/required with a Vietnamese message by default', () => {
    const { fullName: _omit, ...rest } = domesticExample;
    const result = safeParseDeclaration(domesticDeclarationSchema, rest, { form: 'domestic', locale: viDomestic });
    expect(result.issues).toEqual([
      {
        code: 'declaration/required',
        path: ['fullName'],
        field: 'Họ tên (ghi chữ IN HOA)',
        message: 'Vui lòng điền mục “Họ tên (ghi chữ IN HOA)”.',
      },
    ]);
    const english = validateDeclaration('domestic', rest, { locale: en });
    expect(english.issues[0]?.message).toBe('Please fill in “Full name (in CAPITALS)”.');
  });

  it('reports malformed codes, dates and options with stable codes', () => {
    const result = validateDeclaration('domestic', {
      ...domesticExample,
      declarationDate: '2021-02-30',
      sex: 'x',
      address: { ...domesticExample.address, provinceCode: '1', wardCode: '7210' },
      birthYear: 1800,
    });
    expect(codes(result)).toEqual([
      'declaration/invalid-date declarationDate',
      'declaration/invalid-year birthYear',
      'declaration/invalid-option sex',
      'declaration/invalid-province-code address.provinceCode',
      'declaration/invalid-ward-code address.wardCode',
    ]);
    expect(result.issues.map((i) => i.message)).toEqual([
      'Mục “Ngày khai báo” phải là một ngày có thật, viết theo dạng năm-tháng-ngày, ví dụ 2021-05-31.',
      'Năm sinh phải là một năm từ 1900 đến 2100.',
      'Vui lòng chọn một giá trị trong danh sách cho mục “Giới tính”.',
      'Mã tỉnh/thành phải gồm 2 chữ số.',
      'Mã phường/xã phải gồm 5 chữ số.',
    ]);
  });

  it('passes the field validators’ reasons through (phone, CCCD, name)', () => {
    const result = validateDeclaration('domestic', { ...domesticExample, phone: '0123', fullName: 'AN 2' }, { locale: en });
    expect(result.issues.map((i) => [i.code, i.reason])).toEqual([
      ['declaration/invalid-name', 'name/invalid-characters'],
      ['declaration/invalid-phone', expect.stringMatching(/^phone\//)],
    ]);
  });

  it('checks the CCCD century/sex digit against the declared birth year and sex (reference §10.1)', () => {
    // 024 (Bắc Giang) 0 (male, 1900s) 90 … is consistent with a man born in 1990 …
    expect(validateDeclaration('domestic', domesticExample).success).toBe(true);
    // … not with a woman, nor with someone born in 2005.
    for (const change of [{ sex: 'female' }, { birthYear: 2005 }]) {
      const result = validateDeclaration('domestic', { ...domesticExample, ...change });
      expect(codes(result)).toEqual(['declaration/invalid-id-number idNumber']);
      expect(result.issues[0]?.reason).toMatch(/^cccd\//);
    }
    // Passports carry no birth data.
    expect(validateDeclaration('domestic', { ...domesticExample, idNumber: 'C1234567', sex: 'female' }).success).toBe(true);
  });

  it('requires the travel list exactly when the person travelled, without duplicates, with the code its kind calls for', () => {
    const { travel: _t, ...noTravel } = domesticExample;
    expect(codes(validateDeclaration('domestic', { ...noTravel, travelled: true }))).toEqual(['declaration/travel-list-required travel']);
    expect(codes(validateDeclaration('domestic', { ...domesticExample, travel: [] }))).toEqual(['declaration/travel-list-required travel']);
    expect(codes(validateDeclaration('domestic', { ...domesticExample, travelled: false }))).toEqual([
      'declaration/travel-list-unexpected travel',
    ]);
    expect(validateDeclaration('domestic', { ...noTravel, travelled: false }).success).toBe(true);
    const twice = [domesticExample.travel![0], domesticExample.travel![0]];
    expect(codes(validateDeclaration('domestic', { ...domesticExample, travel: twice }))).toEqual(['declaration/duplicate-item travel.1']);
    const mismatch = [{ kind: 'province', countryCode: 'JP' }];
    expect(codes(validateDeclaration('domestic', { ...domesticExample, travel: mismatch }))).toEqual([
      'declaration/place-code-mismatch travel.0.provinceCode',
    ]);
  });

  it('checks dateOfBirth against birthYear', () => {
    expect(validateDeclaration('domestic', { ...domesticExample, dateOfBirth: '1990-04-30' }).success).toBe(true);
    expect(codes(validateDeclaration('domestic', { ...domesticExample, dateOfBirth: '1991-04-30' }))).toEqual([
      'declaration/birth-year-mismatch dateOfBirth',
    ]);
  });

  it('applies the entry form rules (date order, other travel mode, quarantine details)', () => {
    expect(codes(validateDeclaration('entry', { ...entryExample, entryDate: '2021-03-08' }))).toEqual(['declaration/date-order entryDate']);
    expect(codes(validateDeclaration('entry', { ...entryExample, travelModes: ['plane', 'other'] }))).toEqual([
      'declaration/other-travel-mode-required otherTravelMode',
    ]);
    expect(validateDeclaration('entry', { ...entryExample, travelModes: ['other'], otherTravelMode: 'Tàu hỏa' }).success).toBe(true);
    const result = validateDeclaration('entry', { ...entryExample, quarantine: { choice: 'other' } }, { locale: en });
    expect(codes(result)).toEqual(['declaration/quarantine-details-required quarantine.details']);
    expect(result.issues[0]?.message).toBe('Please say where you will be quarantined.');
    expect(codes(validateDeclaration('entry', { ...entryExample, borderGate: 'hanoi' }))).toEqual([
      'declaration/invalid-option borderGate',
    ]);
  });

  it('applies the daily rules (at least one state, healthy alone, no duplicates)', () => {
    expect(codes(validateDeclaration('daily', { ...dailyExample, states: [] }))).toEqual(['declaration/too-few states']);
    expect(codes(validateDeclaration('daily', { ...dailyExample, states: ['healthy', 'cough'] }))).toEqual([
      'declaration/healthy-with-symptoms states',
    ]);
    expect(codes(validateDeclaration('daily', { ...dailyExample, states: ['cough', 'cough'] }))).toEqual([
      'declaration/duplicate-item states.1',
    ]);
    const result = safeParseDeclaration(dailyDeclarationSchema, { date: '2021-05-20', states: [] }, { form: 'daily', locale: vi });
    expect(result.issues[0]?.message).toBe('Mục “Tình trạng sức khỏe hôm nay” cần ít nhất 1 lựa chọn.');
  });

  it('uses form-specific labels (the 21-day questions of the entry form)', () => {
    expect(fieldLabel(vi, ['symptoms'], 'entry')).toMatch(/^Trong vòng 21 ngày/);
    expect(fieldLabel(vi, ['symptoms'], 'domestic')).toMatch(/^Trong vòng 14 ngày/);
    expect(fieldLabel(en, ['contactAddress', 'provinceCode'])).toBe('Province');
    expect(fieldLabel(en, ['travel', 0, 'countryCode'])).toBe('Country or territory');
  });

  it('falls back to the generic message when a locale lacks a form-specific one, keeping the code', () => {
    const result = safeParseDeclaration(dailyDeclarationSchema, { date: '2021-05-20', states: ['healthy', 'fever'] }, { locale: viBase });
    expect(result.issues[0]?.code).toBe('declaration/healthy-with-symptoms');
    expect(result.issues[0]?.message).toBe('Mục “states” không hợp lệ.');
  });

  it('never throws, even on hostile objects', () => {
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error('boom');
        },
        ownKeys() {
          throw new Error('boom');
        },
      },
    );
    expect(validateDeclaration('domestic', hostile)).toMatchObject({
      success: false,
      issues: [{ code: 'declaration/unreadable-input', path: [] }],
    });
    expect(validateDeclaration('domestic', null).issues[0]).toMatchObject({ code: 'declaration/invalid-type', path: [] });
    expect(() => validateDeclaration('nope' as never, {})).toThrow(RangeError);
  });
});

describe('every message reads as a sentence in both languages', () => {
  it.each([
    ['vi', vi],
    ['en', en],
  ] as const)('%s: every code has a non-empty message ending with a full stop', (_lang, locale) => {
    const all = Object.keys(vi.messages) as DeclarationIssueCode[];
    expect(Object.keys(locale.messages).sort()).toEqual([...all].sort());
    for (const code of Object.values(SCHEMA_ISSUE_CODES)) expect(all).toContain(code);
    for (const code of all) {
      const message = locale.messages[code]!({ field: 'X', min: 1, max: 2, key: 'k' });
      expect(message, code).toMatch(/^\S.*\.$/);
      expect(message, code).not.toMatch(/undefined|NaN|\{|\}/);
    }
  });
});
