import { bytesToHex, hexToBytes } from '@healthtrace/core';
import { cwaLocationIdHash, decodeAny, decodeCwaEvent, QrDecodeError } from '@healthtrace/qr';
import { describe, expect, it } from 'vitest';
import { qrVectors } from './vectors';

const file = qrVectors('cwa-event.json');
const b64ToHex = (b64: string) => bytesToHex(Uint8Array.from(Buffer.from(b64, 'base64')));
const toUrl = (b64: string) => b64.replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');

describe('Corona-Warn-App event QR (official vectors)', () => {
  for (const v of file.vectors) {
    const inputs: string[] = v.input
      ? [v.input, v.input.replace('e.coronawarn.app?', 'e.coronawarn.app/?')]
      : [`https://e.coronawarn.app?v=1#${v.input_payload_base64}`, `https://e.coronawarn.app/?v=1#${toUrl(v.input_payload_base64)}`];
    it(`decodes ${v.name} and computes its location id`, () => {
      for (const input of inputs) {
        const result = decodeCwaEvent(input);
        expect(decodeAny(input)).toEqual(result);
        expect(result.signature).toBe('absent');
        const e = v.expected_decoded;
        expect(result.fields.payload).toBe(v.payload_hex);
        expect(result.fields.version).toBe(e.version);
        expect(result.fields.locationVersion).toBe(e.locationData.version);
        expect(result.fields.description).toBe(e.locationData.description);
        expect(result.fields.address).toBe(e.locationData.address);
        expect(result.fields.startTimestamp).toBe(e.locationData.startTimestamp);
        expect(result.fields.endTimestamp).toBe(e.locationData.endTimestamp);
        expect(result.fields.crowdNotifier).toMatchObject({
          version: e.crowdNotifierData.version,
          publicKey: b64ToHex(e.crowdNotifierData.publicKey),
          cryptographicSeed: b64ToHex(e.crowdNotifierData.cryptographicSeed),
        });
        const vendor = result.fields.vendor as Record<string, unknown>;
        expect(vendor.version).toBe(e.vendorData.version);
        expect(vendor.type).toBe(e.vendorData.type);
        expect(vendor.typeName).toBe(e.vendorData.type_name);
        expect(vendor.defaultCheckInLengthInMinutes).toBe(e.vendorData.defaultCheckInLengthInMinutes);
        expect(result.fields.locationId).toBe(v.expected_location_id_hex);
        if (v.expected_location_id_hash_hex) expect(result.fields.locationIdHash).toBe(v.expected_location_id_hash_hex);
      }
    });
  }
  for (const v of file.location_id_hash_vectors) {
    it(`hashes location id ${v.location_id_hex.slice(0, 8)}…`, () => {
      expect(bytesToHex(cwaLocationIdHash(hexToBytes(v.location_id_hex)))).toBe(v.expected_location_id_hash_hex);
    });
  }
  it('reads vendor URLs with /CWA1/', () => {
    const v = file.vectors[0];
    const payload = v.input.split('#')[1];
    const result = decodeCwaEvent(`https://check-in.pt.app/386d0384#42/CWA1/${payload}`);
    expect(result.warnings).toContain('vendor-url');
    expect(result.fields.locationId).toBe(v.expected_location_id_hex);
  });
  it('rejects other URL versions and truncated payloads', () => {
    const v = file.vectors[0];
    expect(() => decodeCwaEvent(v.input.replace('v=1', 'v=2'))).toThrow(QrDecodeError);
    expect(() => decodeCwaEvent(v.input.slice(0, -20))).toThrow(QrDecodeError);
  });
});
