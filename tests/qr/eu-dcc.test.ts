import { deflateSync, inflateSync } from 'node:zlib';
import { bytesToHex } from '@healthtrace/core';
import { base45Decode, base45Encode, dccKeyId, decodeAny, decodeEuDcc, QrDecodeError } from '@healthtrace/qr';
import { describe, expect, it } from 'vitest';
import { qrVectors, type VectorJson } from './vectors';

const file = qrVectors('eu-dcc.json');
const certOf = (v: Record<string, string>): string => {
  const cert = v.signing_certificate_der_base64 ?? file.key_material.signing_certificate_der_base64;
  return cert.startsWith('"') ? (JSON.parse(cert) as string) : cert;
};
const clock = (v: VectorJson) => new Date(v.validation_clock ?? v.expected.valid_at_validation_clock);
const expectedJson = (v: VectorJson) => v.expected.hcert_payload_json;

describe('EU DCC (dgc-testdata vectors)', () => {
  it('computes the CO3 kid from its certificate', () => {
    expect(bytesToHex(dccKeyId(file.key_material.signing_certificate_pem))).toBe(file.key_material.kid_hex);
  });
  for (const v of file.vectors) {
    it(`decodes and verifies ${v.name}`, () => {
      const result = decodeEuDcc(v.input, { trustList: [{ certificate: certOf(v) }], now: clock(v) });
      expect(result.format).toBe('eu-dcc');
      expect(result.signature).toBe('valid');
      expect(result.warnings).toEqual([]);
      expect(result.fields.dcc).toEqual(expectedJson(v));
      expect(decodeAny(v.input, { keys: { euDcc: [{ certificate: certOf(v) }] }, now: clock(v) })).toEqual(result);
      // Without a trust list the content still decodes, unverified.
      expect(decodeEuDcc(v.input, { now: clock(v) }).signature).toBe('unverified');
    });
  }
  it('CO3 with the kid + SPKI form of the trust list, and an unknown kid', () => {
    const v = file.vectors[0];
    const km = file.key_material;
    const ok = decodeEuDcc(v.input, { trustList: [{ kid: km.kid_base64, publicKey: km.public_key_spki_base64 }], now: clock(v) });
    expect(ok.signature).toBe('valid');
    expect(ok.fields).toMatchObject({
      issuer: 'AT',
      issuedAt: '2021-05-03T18:00:00.000Z',
      expiresAt: '2021-05-05T18:00:00.000Z',
      kid: km.kid_hex,
    });
    const other = decodeEuDcc(v.input, { trustList: [{ kid: '0011223344556677', publicKey: km.public_key_spki_base64 }] });
    expect(other.signature).toBe('invalid');
    expect(other.warnings).toContain('unknown-key');
  });
  it('accepts DCC Gateway trust-list entries ({ kid, rawData })', () => {
    const v = file.vectors[0];
    const entry = { kid: file.key_material.kid_base64, rawData: certOf(v) };
    expect(decodeEuDcc(v.input, { trustList: [entry], now: clock(v) }).signature).toBe('valid');
  });
  it('repairs %20-mangled camera copies', () => {
    const v = file.vectors[0];
    const result = decodeEuDcc(v.input.replaceAll(' ', '%20'), { trustList: [{ certificate: certOf(v) }], now: clock(v) });
    expect(result.signature).toBe('valid');
    expect(result.warnings).toContain('camera-copy-repaired');
  });
  it('accepts an untagged COSE_Sign1 and an uncompressed body (re-layered CO3), with warnings', () => {
    const v = file.vectors[0];
    const cose = new Uint8Array(inflateSync(base45Decode(v.input.slice(4))));
    expect(cose[0]).toBe(0xd2); // tag 18
    const options = { trustList: [{ certificate: certOf(v) }], now: clock(v) };
    const untagged = decodeEuDcc(`HC1:${base45Encode(new Uint8Array(deflateSync(cose.subarray(1))))}`, options);
    expect(untagged.signature).toBe('valid');
    expect(untagged.warnings).toContain('untagged-cose');
    const uncompressed = decodeEuDcc(`HC1:${base45Encode(cose)}`, options);
    expect(uncompressed.signature).toBe('valid');
    expect(uncompressed.warnings).toContain('uncompressed');
    expect(uncompressed.fields.dcc).toEqual(expectedJson(v));
  });
  for (const v of file.negative_vectors) {
    it(`fails ${v.name}: ${v.what_fails_in_our_check}`, () => {
      const options = { trustList: [{ certificate: certOf(v) }], now: clock(v) };
      const flags = v.expected_results;
      if (flags.EXPECTEDUNPREFIX === false || flags.EXPECTEDB45DECODE === false || flags.EXPECTEDCOMPRESSION === false) {
        expect(() => decodeEuDcc(v.input, options)).toThrow(QrDecodeError);
        expect(() => decodeAny(v.input, { keys: { euDcc: options.trustList }, now: options.now })).toThrow(QrDecodeError);
        return;
      }
      const result = decodeEuDcc(v.input, options);
      if (flags.EXPECTEDVERIFY === false) expect(result.signature).toBe('invalid');
      if (flags.EXPECTEDEXPIRATIONCHECK === false) {
        expect(result.warnings.some((w) => w === 'expired' || w === 'not-yet-valid')).toBe(true);
      }
    });
  }
});
