// PS256 (RSASSA-PSS) DCCs: the shared vector set has only EC samples, so this test re-signs the official CO3
// payload with an RSA key using Node's own crypto (an independent implementation) and checks our verifier.
import { constants, generateKeyPairSync, sign } from 'node:crypto';
import { base45Decode, base45Encode, decodeEuDcc } from '@healthtrace/qr';
import { decode, encode, Tagged } from 'cborg';
import { unzlibSync, zlibSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { qrVectors } from './fuzz-helpers';

const co3 = qrVectors('eu-dcc.json').vectors[0];
const now = new Date(co3.expected.valid_at_validation_clock);
const cose = decode(unzlibSync(base45Decode(co3.input.slice(4))), { tags: Tagged.preserve(18) }) as Tagged;
const payload = (cose.value as Uint8Array[])[2] as Uint8Array;
const kid = Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8);
const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const spki = new Uint8Array(publicKey.export({ type: 'spki', format: 'der' }));

function ps256Dcc(tamper = false): string {
  const protectedHeader = encode(
    new Map<number, unknown>([
      [1, -37],
      [4, kid],
    ]),
  );
  const toBeSigned = encode(['Signature1', protectedHeader, new Uint8Array(0), payload]);
  const signature = new Uint8Array(
    sign('sha256', toBeSigned, { key: privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }),
  );
  if (tamper) signature[10] = (signature[10] as number) ^ 1;
  const message = encode(new Tagged(18, [protectedHeader, new Map(), payload, signature]));
  return `HC1:${base45Encode(zlibSync(message))}`;
}

describe('EU DCC with PS256', () => {
  it('verifies an RSA-PSS signature against an RSA trust-list key', () => {
    const result = decodeEuDcc(ps256Dcc(), { trustList: [{ kid, publicKey: spki }], now });
    expect(result.signature).toBe('valid');
    expect(result.fields.alg).toBe('PS256');
    expect(result.fields.dcc).toEqual(co3.expected.hcert_payload_json);
    const pem = publicKey.export({ type: 'spki', format: 'pem' }) as string;
    expect(decodeEuDcc(ps256Dcc(), { trustList: [{ kid, publicKey: pem }], now }).signature).toBe('valid');
  });
  it('rejects a tampered signature and an EC key under the same kid', () => {
    expect(decodeEuDcc(ps256Dcc(true), { trustList: [{ kid, publicKey: spki }], now }).signature).toBe('invalid');
    const ecOnly = decodeEuDcc(ps256Dcc(), {
      trustList: [{ kid, publicKey: qrVectors('eu-dcc.json').key_material.public_key_spki_base64 }],
      now,
    });
    expect(ecOnly.signature).toBe('invalid');
    expect(ecOnly.warnings).toContain('unknown-key');
  });
});
