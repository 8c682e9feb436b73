// Vietnamese formats: no official vector files exist (declarations-vn.md §6 marks the layouts unverified), so these
// tests use the examples quoted in that reference: the tokhaiyte groupIds, the `1<GD4877*******<0943******` EXT and
// `1989/3/3` date, and the field orders of the MIC guide and the CCCD card. Names and numbers below are invented.
import { decodeAny, decodeCccdQr, decodeTokhaiyteVenue, decodeVnPersonalQr, QrDecodeError } from '@healthtrace/qr';
import { describe, expect, it } from 'vitest';

describe('tokhaiyte.vn venue URL', () => {
  for (const id of ['6092414e92bd219ab40fb32f', '5e89726392bd2184ae730883']) {
    it(`decodes groupId=${id}`, () => {
      const url = `https://tokhaiyte.vn/?page=Group.checkin&groupId=${id}`;
      const result = decodeTokhaiyteVenue(url);
      expect(result).toMatchObject({ format: 'vn-tokhaiyte-venue', signature: 'absent', fields: { groupId: id } });
      expect(decodeAny(url)).toEqual(result);
      expect(decodeTokhaiyteVenue(`HTTPS://TOKHAIYTE.VN?groupId=${id.toUpperCase()}&page=Group.checkin`).fields.groupId).toBe(id);
    });
  }
  it('accepts subdomains of tokhaiyte.vn', () => {
    expect(decodeTokhaiyteVenue('https://qr.tokhaiyte.vn/?page=Group.checkin&groupId=6092414e92bd219ab40fb32f').fields.groupId).toBe(
      '6092414e92bd219ab40fb32f',
    );
  });
  it('reads the ObjectId timestamp', () => {
    expect(decodeTokhaiyteVenue('https://tokhaiyte.vn/?page=Group.checkin&groupId=5e89726392bd2184ae730883').fields.groupIdTimestamp).toBe(
      '2020-04-05T05:53:39.000Z',
    );
  });
  it('rejects bad group ids, other pages and other hosts', () => {
    expect(() => decodeTokhaiyteVenue('https://tokhaiyte.vn/?page=Group.checkin&groupId=123')).toThrow(QrDecodeError);
    expect(() => decodeTokhaiyteVenue('https://tokhaiyte.vn/?page=Home&groupId=6092414e92bd219ab40fb32f')).toThrow(QrDecodeError);
    expect(() => decodeTokhaiyteVenue('https://tokhaiyte.vn.evil.com/?groupId=6092414e92bd219ab40fb32f')).toThrow(QrDecodeError);
  });
});

describe('national personal QR (SoGiayTo|HoTen|NgaySinh|LoaiDinhDanh|QID|EXT)', () => {
  it('decodes the default masked form', () => {
    const result = decodeAny('******789012|NGUYEN VAN AN|1990-**-**|0|a1b2c3d4|');
    expect(result.format).toBe('vn-personal');
    expect(result.signature).toBe('absent');
    expect(result.fields).toMatchObject({
      documentNumber: '******789012',
      documentNumberMasked: true,
      name: 'NGUYEN VAN AN',
      birthYear: 1990,
      birthMonth: null,
      birthDay: null,
      birthDate: null,
      declaredBy: 'self',
      qid: 'a1b2c3d4',
      extParts: [],
    });
  });
  it('decodes the `<`-split EXT and the unpadded slash date', () => {
    const result = decodeVnPersonalQr('******789012|TRAN THI B|1989/3/3|1|Q123|1<GD4877*******<0943******');
    expect(result.fields).toMatchObject({
      birthDate: '1989-03-03',
      declaredBy: 'proxy',
      gender: 'male',
      healthInsuranceNumber: 'GD4877*******',
      phone: '0943******',
      extParts: ['1', 'GD4877*******', '0943******'],
    });
  });
  it('tolerates a missing EXT and DD/MM/YYYY dates; normalises name spacing and case', () => {
    const result = decodeVnPersonalQr('123456789|  le  van c |03/02/1975|0|Q9');
    expect(result.fields).toMatchObject({ name: 'LE VAN C', birthDate: '1975-02-03' });
    expect(result.warnings).toContain('missing-ext');
  });
  it('rejects impossible dates and bad kinds without quoting personal data', () => {
    for (const bad of ['123456789|A B|1990-02-30|0|Q|', '123456789|A B|not-a-date|0|Q|', '12|A B|1990-01-01|0|Q|']) {
      try {
        decodeVnPersonalQr(bad);
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(QrDecodeError);
        expect((error as Error).message).not.toContain('A B');
      }
    }
    expect(() => decodeVnPersonalQr('123456789|A B|1990-01-01|7|Q|')).toThrow(QrDecodeError);
  });
});

describe('CCCD chip card QR', () => {
  it('decodes the 7-field form', () => {
    const result = decodeAny('024199012345|123456789|Nguyễn Văn An|15081999|Nam|Thôn 1, Xã Tân Mỹ, TP. Bắc Giang, Bắc Giang|20042021');
    expect(result).toMatchObject({
      format: 'vn-cccd',
      signature: 'absent',
      warnings: [],
      fields: {
        idNumber: '024199012345',
        oldIdNumber: '123456789',
        name: 'Nguyễn Văn An',
        birthDate: '1999-08-15',
        sex: 'male',
        address: 'Thôn 1, Xã Tân Mỹ, TP. Bắc Giang, Bắc Giang',
        issueDate: '2021-04-20',
      },
    });
  });
  it('decodes the 6-field form (no old CMND) and female sex', () => {
    const result = decodeCccdQr('001302012345|Trần Thị B|01012002|Nữ|Hà Nội|10102021');
    expect(result.fields).toMatchObject({ oldIdNumber: null, sex: 'female', birthDate: '2002-01-01' });
    expect(result.warnings).toEqual([]);
  });
  it('warns when the century digit disagrees with the birth year', () => {
    expect(decodeCccdQr('001099012345|A|01012005|Nam|X|01012021').warnings).toContain('century-digit-mismatch');
  });
  it('rejects bad dates', () => {
    expect(() => decodeCccdQr('001099012345|A|31021999|Nam|X|01012021')).toThrow(QrDecodeError);
    expect(() => decodeCccdQr('001099012345|12|A|01011999|Nam|X|01012021')).toThrow(QrDecodeError);
  });
});

describe('decodeAny', () => {
  it('throws qr/unrecognised for unknown text', () => {
    for (const text of ['', 'hello', 'https://example.com/', 'HC', 'UKC19', 'shc:']) {
      try {
        decodeAny(text);
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(QrDecodeError);
      }
    }
    expect(() => decodeAny('hello')).toThrow(expect.objectContaining({ code: 'qr/unrecognised' }));
  });
  it('strips trailing CR/LF from keyboard-wedge scanners', () => {
    expect(decodeAny('https://tokhaiyte.vn/?page=Group.checkin&groupId=6092414e92bd219ab40fb32f\r\n').format).toBe('vn-tokhaiyte-venue');
  });
});
