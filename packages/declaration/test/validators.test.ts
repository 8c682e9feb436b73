import {
  isNationalQrName,
  normalizeName,
  toNationalQrName,
  VALIDATOR_ISSUE_CODES,
  validateCccd,
  validateCmnd,
  validateIdentityNumber,
  validatePassport,
  validatePersonName,
  validatePhoneNumber,
} from '@healthtrace/declaration';
import fc from 'fast-check';
import maxMetadata from 'libphonenumber-js/max/metadata';
import { describe, expect, it } from 'vitest';

// Expectations come from ../shared/reference/declarations-vn.md (§10 ID numbers, §11 phone numbers).

describe('validateCccd', () => {
  it('accepts the reference prefixes (pre-2025 GSO code, zero-padded) and decodes them', () => {
    for (const [prefix, province] of [
      ['001', 'Thành phố Hà Nội'],
      ['079', 'Thành phố Hồ Chí Minh'],
      ['024', 'Tỉnh Bắc Giang'],
      ['027', 'Tỉnh Bắc Ninh'],
      ['031', 'Thành phố Hải Phòng'],
      ['096', 'Tỉnh Cà Mau'],
    ]) {
      const r = validateCccd(`${prefix}090123456`);
      expect(r, prefix).toMatchObject({ ok: true, value: { prefix, provinceName: province } });
    }
  });

  it('keeps validating Bắc Giang (024) and other merged provinces after July 2025', () => {
    // 030 Hải Dương no longer exists as a province, but the CCCD prefix stays valid.
    expect(validateCccd('030203000001', { birthYear: 2003 }).ok).toBe(true);
  });

  it('rejects prefixes outside the 63-province table', () => {
    for (const prefix of ['000', '003', '005', '097', '099', '100', '840']) {
      expect(validateCccd(`${prefix}090123456`), prefix).toMatchObject({ ok: false, code: 'cccd/province-prefix' });
    }
    expect(validateCccd('840090123456', { extraPrefixes: ['840'] }).ok).toBe(true);
  });

  it('decodes the century/sex digit (0/1 = 1900s male/female, 2/3 = 2000s)', () => {
    expect(validateCccd('001085000001')).toMatchObject({ ok: true, value: { sex: 'male', birthYear: 1985 } });
    expect(validateCccd('001185000001')).toMatchObject({ ok: true, value: { sex: 'female', birthYear: 1985 } });
    expect(validateCccd('001205000001')).toMatchObject({ ok: true, value: { sex: 'male', birthYear: 2005 } });
    expect(validateCccd('001305000001')).toMatchObject({ ok: true, value: { sex: 'female', birthYear: 2005 } });
  });

  it('checks the century, year and sex against what the declaration says', () => {
    expect(validateCccd('001085000001', { birthYear: 1985, sex: 'male' }).ok).toBe(true);
    expect(validateCccd('001085000001', { birthYear: 2085 })).toMatchObject({ ok: false, code: 'cccd/century-mismatch' });
    expect(validateCccd('001205000001', { birthYear: 1905 })).toMatchObject({ ok: false, code: 'cccd/century-mismatch' });
    expect(validateCccd('001085000001', { birthYear: 1986 })).toMatchObject({ ok: false, code: 'cccd/birth-year-mismatch' });
    expect(validateCccd('001085000001', { sex: 'female' })).toMatchObject({ ok: false, code: 'cccd/sex-mismatch' });
    expect(validateCccd('001085000001', { birthYear: 1899 })).toMatchObject({ ok: false, code: 'cccd/century-mismatch' });
  });

  it('rejects birth years in the future (21st+ century digits 4–9 today)', () => {
    expect(validateCccd('001405000001')).toMatchObject({ ok: false, code: 'cccd/birth-year-future' });
    expect(validateCccd('001230000001', { currentYear: 2021 })).toMatchObject({ ok: false, code: 'cccd/birth-year-future' });
    expect(validateCccd('001221000001', { currentYear: 2021 }).ok).toBe(true);
  });

  it('requires exactly 12 digits; spaces, dots and hyphens are ignored', () => {
    expect(validateCccd('001 085 000 001')).toMatchObject({ ok: true, value: { number: '001085000001' } });
    for (const bad of ['', '00108500000', '0010850000012', '00108500000a', '１２３４５６７８９０１２']) {
      expect(validateCccd(bad), bad).toMatchObject({ ok: false, code: 'cccd/format' });
    }
    expect(validateCccd(1085000001)).toMatchObject({ ok: false, code: 'cccd/not-a-string' });
  });
});

describe('validateCmnd and validatePassport', () => {
  it('accepts 9 or 12 digit CMND numbers only', () => {
    expect(validateCmnd('121234567')).toEqual({ ok: true, value: { number: '121234567', length: 9 } });
    expect(validateCmnd('012345678901')).toEqual({ ok: true, value: { number: '012345678901', length: 12 } });
    for (const bad of ['12345678', '1234567890', '12345678901', 'A12345678']) {
      expect(validateCmnd(bad), bad).toMatchObject({ ok: false, code: 'cmnd/format' });
    }
    expect(validateCmnd(null)).toMatchObject({ ok: false, code: 'cmnd/not-a-string' });
  });

  it('accepts alphanumeric passport numbers and recognises the Vietnamese 1 letter + 7 digits form', () => {
    expect(validatePassport('c1234567')).toEqual({ ok: true, value: { number: 'C1234567', vietnameseFormat: true } });
    expect(validatePassport('533 380 006')).toEqual({ ok: true, value: { number: '533380006', vietnameseFormat: false } });
    expect(validatePassport('533380006', { vietnamese: true })).toMatchObject({ ok: false, code: 'passport/vn-format' });
    for (const bad of ['', 'AB12', 'C123456#', 'Ç1234567', 'A'.repeat(21)]) {
      expect(validatePassport(bad), bad).toMatchObject({ ok: false, code: 'passport/format' });
    }
  });

  it('detects the document kind of a combined "passport / CMND / CCCD" field', () => {
    expect(validateIdentityNumber('024190000123')).toMatchObject({ ok: true, value: { kind: 'cccd' } });
    expect(validateIdentityNumber('121234567')).toMatchObject({ ok: true, value: { kind: 'cmnd' } });
    expect(validateIdentityNumber('C1234567')).toMatchObject({ ok: true, value: { kind: 'passport' } });
    expect(validateIdentityNumber('099190000123')).toMatchObject({ ok: false, code: 'cccd/province-prefix' });
    expect(validateIdentityNumber('099190000123', { kinds: ['cmnd'] })).toMatchObject({ ok: true, value: { kind: 'cmnd' } });
    expect(validateIdentityNumber('1234')).toMatchObject({ ok: false, code: 'id-number/format' });
    expect(validateIdentityNumber('C1234567', { kinds: ['cccd', 'cmnd'] })).toMatchObject({ ok: false, code: 'id-number/format' });
  });
});

describe('validatePhoneNumber', () => {
  it('normalises Vietnamese mobile numbers in every common spelling to E.164 +84', () => {
    for (const input of [
      '0912345678',
      '0912 345 678',
      '091.234.5678',
      '+84 912 345 678',
      '+84912345678',
      '0084912345678',
      '912345678',
      '(+84) 912 345 678',
      '+84 0912 345 678',
      '84912345678',
    ]) {
      expect(validatePhoneNumber(input), input).toMatchObject({ ok: true, value: { e164: '+84912345678', country: 'VN', type: 'MOBILE' } });
    }
  });

  it('accepts numbers of the carrier prefixes in the reference', () => {
    // Reddi's 055 is in the (unverified) carrier list but not in libphonenumber's VN metadata, so it is left out.
    const prefixes = [
      '032',
      '033',
      '034',
      '035',
      '036',
      '037',
      '038',
      '039',
      '086',
      '096',
      '097',
      '098',
      '070',
      '076',
      '077',
      '078',
      '079',
      '089',
      '090',
      '093',
      '081',
      '082',
      '083',
      '084',
      '085',
      '088',
      '091',
      '094',
      '052',
      '056',
      '058',
      '092',
      '059',
      '099',
      '087',
    ];
    for (const prefix of prefixes) {
      const r = validatePhoneNumber(`${prefix}8123456`, { mobileOnly: true });
      expect(r, prefix).toMatchObject({ ok: true, value: { e164: `+84${prefix.slice(1)}8123456` } });
    }
  });

  it('accepts every number matching the reference mobile and fixed-line patterns (NSN)', () => {
    const mobile = /^(?:(?:5(?:2[238]|59)|89[6-9]|99[013-9])\d{6}|(?:3\d|5[1689]|7[06-9]|8[1-8]|9[0-8])\d{7})$/;
    const fixed = /^2(?:0[3-9]|1[0-689]|2[0-25-9]|[38][2-9]|4[2-8]|5[124-9]|6[0-39]|7[0-7]|9[0-4679])\d{7}$/;
    fc.assert(
      fc.property(fc.stringMatching(mobile), (nsn) => {
        expect(validatePhoneNumber(`0${nsn}`, { mobileOnly: true })).toMatchObject({
          ok: true,
          value: { e164: `+84${nsn}`, type: 'MOBILE' },
        });
      }),
    );
    fc.assert(
      fc.property(fc.stringMatching(fixed), (nsn) => {
        expect(validatePhoneNumber(`+84 ${nsn}`)).toMatchObject({ ok: true, value: { e164: `+84${nsn}`, type: 'FIXED_LINE' } });
      }),
    );
  });

  it('accepts fixed lines (NSN of 10 digits, 02x) and rejects them when mobile is required', () => {
    expect(validatePhoneNumber('024 3825 1234')).toMatchObject({ ok: true, value: { e164: '+842438251234', type: 'FIXED_LINE' } });
    expect(validatePhoneNumber('024 3825 1234', { mobileOnly: true })).toMatchObject({ ok: false, code: 'phone/not-mobile' });
  });

  it('rejects the pre-2018 11-digit 01xx mobile numbers and impossible numbers', () => {
    expect(validatePhoneNumber('01634567890')).toMatchObject({ ok: false });
    expect(validatePhoneNumber('0912')).toMatchObject({ ok: false });
    expect(validatePhoneNumber('hello')).toMatchObject({ ok: false, code: 'phone/not-a-number' });
    expect(validatePhoneNumber(912345678)).toMatchObject({ ok: false, code: 'phone/not-a-string' });
    expect(validatePhoneNumber('0'.repeat(80))).toMatchObject({ ok: false, code: 'phone/too-long' });
  });

  it('accepts other countries only with metadata that covers them', () => {
    expect(validatePhoneNumber('+1 650 253 0000')).toMatchObject({ ok: false, code: 'phone/invalid-country' });
    expect(validatePhoneNumber('+1 650 253 0000', { metadata: maxMetadata })).toMatchObject({
      ok: true,
      value: { e164: '+16502530000', country: 'US' },
    });
    expect(validatePhoneNumber('030 123456', { region: 'DE', metadata: maxMetadata })).toMatchObject({
      ok: true,
      value: { e164: '+4930123456' },
    });
    expect(validatePhoneNumber('0912345678', { region: 'XX' })).toMatchObject({ ok: false, code: 'phone/invalid-country' });
  });
});

describe('names', () => {
  it('normalises to NFC with single spaces', () => {
    const decomposed = 'Nguye\u0302\u0303n  Va\u0306n\tAn ';
    expect(normalizeName(decomposed)).toBe('Nguyễn Văn An');
    expect(normalizeName(decomposed)).toBe('Nguyễn Văn An'.normalize('NFC'));
  });

  it('builds the national-QR form: upper case, no diacritics, đ → D, single spaces', () => {
    expect(toNationalQrName('Nguyễn Văn Đức')).toBe('NGUYEN VAN DUC');
    expect(toNationalQrName('  trần   thị  đào ')).toBe('TRAN THI DAO');
    expect(toNationalQrName('Phạm Thị Hương Ưng Ơn')).toBe('PHAM THI HUONG UNG ON');
    expect(isNationalQrName('NGUYEN VAN DUC')).toBe(true);
    expect(isNationalQrName('Nguyen Van Duc')).toBe(false);
    expect(isNationalQrName('')).toBe(false);
  });

  it('validates names', () => {
    expect(validatePersonName(' Nguyễn Văn  Đức ')).toEqual({
      ok: true,
      value: { name: 'Nguyễn Văn Đức', nationalQrName: 'NGUYEN VAN DUC' },
    });
    expect(validatePersonName("O'Brien-Smith Jr.").ok).toBe(true);
    expect(validatePersonName('   ')).toMatchObject({ ok: false, code: 'name/empty' });
    expect(validatePersonName('An 2')).toMatchObject({ ok: false, code: 'name/invalid-characters' });
    expect(validatePersonName('A'.repeat(101))).toMatchObject({ ok: false, code: 'name/too-long' });
    expect(validatePersonName('A'.repeat(10), { maxLength: 5 })).toMatchObject({ ok: false, code: 'name/too-long' });
    expect(validatePersonName(undefined)).toMatchObject({ ok: false, code: 'name/not-a-string' });
  });
});

describe('properties', () => {
  const validators = [validateCccd, validateCmnd, validatePassport, validateIdentityNumber, validatePhoneNumber, validatePersonName];
  const codes = new Set<string>(VALIDATOR_ISSUE_CODES);

  it('never throws on arbitrary input and only returns listed issue codes (10,000 runs each)', () => {
    for (const validate of validators) {
      fc.assert(
        fc.property(fc.oneof(fc.anything(), fc.string(), fc.stringMatching(/^[+0-9 .-]{0,20}$/)), (input) => {
          const r = validate(input);
          if (!r.ok) expect(codes.has(r.code)).toBe(true);
        }),
        { numRuns: 10_000 },
      );
    }
  });

  it('accepts every well-formed CCCD and decodes its birth year and sex', () => {
    const provinces = ['01', '02', '24', '27', '30', '79', '96'];
    fc.assert(
      fc.property(
        fc.constantFrom(...provinces),
        fc.integer({ min: 1900, max: 2025 }),
        fc.boolean(),
        fc.stringMatching(/^\d{6}$/),
        (p, year, female, tail) => {
          const digit = (year >= 2000 ? 2 : 0) + (female ? 1 : 0);
          const number = `0${p}${digit}${String(year % 100).padStart(2, '0')}${tail}`;
          const r = validateCccd(number, { birthYear: year, sex: female ? 'female' : 'male', currentYear: 2025 });
          expect(r).toMatchObject({ ok: true, value: { number, birthYear: year, provinceCode: p } });
        },
      ),
    );
  });

  it('national-QR names are idempotent and pure ASCII upper case for Vietnamese input', () => {
    const letters = 'aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ ';
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...letters, ...letters.toUpperCase()), { maxLength: 40 }), (chars) => {
        const qr = toNationalQrName(chars.join(''));
        expect(qr).toMatch(/^(?:[A-Z]+(?: [A-Z]+)*)?$/);
        expect(toNationalQrName(qr)).toBe(qr);
      }),
    );
  });

  it('every valid phone number normalises to an E.164 number that validates to itself', () => {
    fc.assert(
      fc.property(fc.constantFrom('3', '5', '7', '8', '9'), fc.stringMatching(/^\d{8}$/), (first, rest) => {
        const r = validatePhoneNumber(`0${first}${rest}`);
        if (r.ok) {
          expect(r.value.e164).toMatch(/^\+84\d{9}$/);
          expect(validatePhoneNumber(r.value.e164)).toEqual(r);
        }
      }),
    );
  });
});
