import { decodeAny, decodeUkNhsVenue, QrDecodeError, type UkNhsKey } from '@healthtrace/qr';
import { describe, expect, it } from 'vitest';
import { qrVectors } from './vectors';

const file = qrVectors('uk-nhs-covid19.json');
const key: UkNhsKey = { kid: file.key_material.kid, publicKey: file.key_material.public_key_pem };

describe('UK NHS COVID-19 venue QR (official vectors)', () => {
  for (const v of file.vectors.filter((x: { valid: boolean }) => x.valid)) {
    it(`decodes and verifies ${v.name}`, () => {
      const result = decodeUkNhsVenue(v.input, { keys: [key] });
      expect(result.signature).toBe('valid');
      expect(result.fields.venueId).toBe(v.expected.payload.id);
      expect(result.fields.name).toBe(v.expected.payload.opn);
      expect(result.fields.postcode).toBe(v.expected.payload.pc);
      expect(result.fields.kid).toBe(v.expected.header.kid);
      expect(decodeAny(v.input, { keys: { ukNhs: key } })).toEqual(result);
      expect(decodeUkNhsVenue(v.input).signature).toBe('unverified');
    });
  }
  it('accepts the future version with a warning', () => {
    const v = file.vectors.find((x: { name: string }) => x.name === 'future-version-allowed');
    expect(decodeUkNhsVenue(v.input, { keys: key }).warnings).toContain('future-version');
  });
  for (const v of file.vectors.filter((x: { valid: boolean }) => !x.valid)) {
    it(`rejects ${v.name} (${v.rejected_at_step_in_our_check})`, () => {
      let result: ReturnType<typeof decodeUkNhsVenue> | undefined;
      try {
        result = decodeAny(v.input, { keys: { ukNhs: key } });
      } catch (error) {
        expect(error).toBeInstanceOf(QrDecodeError);
        expect(['format', 'version']).toContain(v.rejected_at_step_in_our_check);
        return;
      }
      expect(['kid', 'sig', 'alg']).toContain(v.rejected_at_step_in_our_check);
      expect(result.signature).toBe('invalid');
    });
  }
  it('verifies the production-style token with its (unofficial) key', () => {
    const v = file.secondary_vectors[0];
    const result = decodeUkNhsVenue(v.input, {
      keys: { kid: v.key_material.kid, publicKey: v.key_material.public_key_spki_base64 },
    });
    expect(result.signature).toBe('valid');
    expect(result.fields).toMatchObject({ venueId: '5V9PWV9R', name: 'Face of Beauty', venueType: '004', postcode: 'LE10 0NW' });
  });
});
