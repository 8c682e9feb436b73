import { decodeAny, decodeNzCovidTracer, QrDecodeError } from '@healthtrace/qr';
import { describe, expect, it } from 'vitest';
import { qrVectors } from './vectors';

const file = qrVectors('nz-covid-tracer.json');

describe('NZ COVID Tracer (official vectors)', () => {
  for (const v of file.vectors) {
    it(`decodes ${v.name}`, () => {
      for (const result of [decodeNzCovidTracer(v.input), decodeAny(v.input)]) {
        expect(result.format).toBe('nz-covid-tracer');
        expect(result.signature).toBe('absent');
        expect(result.fields).toEqual({
          type: v.expected.typ,
          gln: v.expected.gln,
          name: v.expected.opn,
          address: v.expected.adr,
          version: v.expected.ver,
        });
      }
    });
  }
  for (const v of file.negative_vectors) {
    it(`rejects ${v.name}`, () => {
      expect(() => decodeNzCovidTracer(v.input)).toThrow(QrDecodeError);
      expect(() => decodeAny(v.input)).toThrow(QrDecodeError);
    });
  }
});
