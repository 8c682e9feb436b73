import { readFileSync } from 'node:fs';
import { bytesToBase64, bytesToHex, hexToBytes } from '@healthtrace/core';
import { buildGaenAdvert, EncountersError, parseAdStructures, parseGaenAdvert, sightingFromAdvert } from '@healthtrace/encounters';
import { describe, expect, it } from 'vitest';

const vectors = JSON.parse(readFileSync(new URL('../../../shared/vectors/gaen-ble-advert.json', import.meta.url), 'utf8')) as {
  examples: { name: string; raw_hex: string; length_bytes: number; expected: { rpi: string; aem: string; flags_present: boolean } }[];
  constants: { flags_ad: string };
};

describe('GAEN advertisements (gaen-ble-advert.json)', () => {
  it.each(vectors.examples.map((e) => [e.name, e] as const))(
    '%s: parses raw bytes, hex and base64 to the same RPI and AEM',
    (_n, example) => {
      const raw = hexToBytes(example.raw_hex);
      expect(raw.length).toBe(example.length_bytes);
      for (const input of [raw, example.raw_hex, bytesToBase64(raw), { bytes: raw }, raw.slice().buffer as ArrayBuffer]) {
        const advert = parseGaenAdvert(input);
        expect(bytesToHex(advert.rpi)).toBe(example.expected.rpi);
        expect(bytesToHex(advert.aem)).toBe(example.expected.aem);
        expect(advert.flags !== undefined).toBe(example.expected.flags_present);
      }
    },
  );

  it.each(vectors.examples.map((e) => [e.name, e] as const))('%s: the builder produces raw_hex exactly', (_n, example) => {
    const built = buildGaenAdvert(hexToBytes(example.expected.rpi), hexToBytes(example.expected.aem), {
      flags: example.expected.flags_present ? 0x1a : false,
    });
    expect(bytesToHex(built)).toBe(example.raw_hex);
  });

  it('reads Web Bluetooth-style decoded records', () => {
    const example = vectors.examples[0]!;
    const value = hexToBytes(example.expected.rpi + example.expected.aem);
    const event = {
      uuids: ['0000fd6f-0000-1000-8000-00805f9b34fb'],
      serviceData: new Map([['0000fd6f-0000-1000-8000-00805f9b34fb', new DataView(value.buffer)]]),
    };
    expect(bytesToHex(parseGaenAdvert(event).rpi)).toBe(example.expected.rpi);
    expect(bytesToHex(parseGaenAdvert({ serviceData: { fd6f: bytesToBase64(value) } }).aem)).toBe(example.expected.aem);
    const sighting = sightingFromAdvert(event, { time: 1585785600000, rssi: -60 });
    expect(sighting?.source).toBe('gaen-advert');
  });

  it('negative hint: service data with fewer than 20 value bytes is rejected', () => {
    const short = '03036ffd16166ffd8be6cd371c5c891604bfbe49df845096720338';
    expect(() => parseGaenAdvert(short)).toThrow(expect.objectContaining({ code: 'advert/bad-service-data' }));
    expect(() => parseGaenAdvert({ serviceData: { fd6f: '8be6cd37' } })).toThrow(EncountersError);
  });

  it('negative hint: a service UUID other than 0xFD6F is not a GAEN advert', () => {
    const other = vectors.examples[1]!.raw_hex.replace(/6ffd/g, '6ffe');
    expect(() => parseGaenAdvert(other)).toThrow(expect.objectContaining({ code: 'advert/not-gaen' }));
    expect(sightingFromAdvert(other, { time: 0, rssi: -50 })).toBeNull();
  });

  it('requires the UUID list before the service data (strict) and detects truncation', () => {
    const raw = vectors.examples[1]!.raw_hex;
    const swapped = raw.slice(8) + raw.slice(0, 8);
    expect(() => parseGaenAdvert(swapped)).toThrow(expect.objectContaining({ code: 'advert/bad-order' }));
    expect(bytesToHex(parseGaenAdvert(swapped, { strict: false }).aem)).toBe('72033874');
    expect(() => parseGaenAdvert(raw.slice(0, -2))).toThrow(expect.objectContaining({ code: 'advert/truncated' }));
  });

  it('keeps unknown AD types and stops at zero-length padding (Android scan records)', () => {
    const padded = `${vectors.examples[0]!.raw_hex}0509aabbccdd${'00'.repeat(20)}`;
    const structures = parseAdStructures(padded);
    expect(structures.map((s) => s.type)).toEqual([0x01, 0x03, 0x16, 0x09]);
    expect(bytesToHex(parseGaenAdvert(padded).rpi)).toBe(vectors.examples[0]!.expected.rpi);
  });
});
