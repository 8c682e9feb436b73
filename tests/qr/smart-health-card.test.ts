import { decodeAny, decodeSmartHealthCard, QrDecodeError } from '@healthtrace/qr';
import { describe, expect, it } from 'vitest';
import { qrVectors } from './vectors';

const file = qrVectors('smart-health-card.json');
const jwks = file.key_material.jwks;

describe('SMART Health Cards (spec example-00)', () => {
  const v = file.vectors[0];
  const expected = v.expected;
  it('decodes the numeric QR, inflates and verifies with the JWKS', () => {
    const result = decodeSmartHealthCard(v.input, { jwks });
    expect(result.signature).toBe('valid');
    expect(result.fields.payload).toEqual(expected.payload);
    expect(result.fields.payload).toEqual(JSON.parse(expected.payload_json_text));
    expect(result.fields.notBefore).toBe(new Date(1687450764656).toISOString());
    expect(result.fields.issuer).toBe(file.key_material.issuer);
    expect(result.fields.kid).toBe(jwks.keys[0].kid);
    expect(decodeAny(v.input, { keys: { shc: jwks } })).toEqual(result);
    expect(decodeSmartHealthCard(v.input).signature).toBe('unverified');
  });
  it('rejects the tampered signature', () => {
    const n = file.negative_vectors[0];
    expect(decodeSmartHealthCard(n.input, { jwks }).signature).toBe('invalid');
  });
  it('reports an unknown kid and rejects chunked or odd numeric bodies', () => {
    const r = decodeSmartHealthCard(v.input, { jwks: { keys: [{ ...jwks.keys[0], kid: 'other' }] } });
    expect(r.signature).toBe('invalid');
    expect(r.warnings).toContain('unknown-key');
    expect(() => decodeSmartHealthCard('shc:/1/2/5676')).toThrow(QrDecodeError);
    expect(() => decodeSmartHealthCard(v.input.slice(0, -1))).toThrow(QrDecodeError);
  });
});
