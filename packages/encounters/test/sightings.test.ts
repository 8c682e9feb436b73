import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { bytesToHex, hexToBytes } from '@healthtrace/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  dataTraceFromSightings,
  EncountersError,
  formatDataTrace,
  formatSightingsJsonl,
  parseDataTrace,
  parseSightingsJsonl,
  type Sighting,
  SightingLog,
  sightingsFromDataTrace,
} from '../src/index';

const bluezone = JSON.parse(readFileSync(fileURLToPath(new URL('../../../../shared/vectors/bluezone.json', import.meta.url)), 'utf8')) as {
  contact_log_export: {
    examples: { line: string; expected: { own_blid: string; contact_blid: string; rssi: number; timestamp_ms: number } }[];
  };
};

const sightingArb: fc.Arbitrary<Sighting> = fc.oneof(
  fc.record({
    time: fc.integer({ min: 0, max: 2 ** 42 }),
    id: fc.uint8Array({ minLength: 16, maxLength: 16 }),
    aem: fc.uint8Array({ minLength: 4, maxLength: 4 }),
    rssi: fc.integer({ min: -127, max: 127 }),
    source: fc.constant('gaen-advert' as const),
  }),
  fc.record({
    time: fc.integer({ min: 0, max: 2 ** 42 }),
    id: fc.uint8Array({ minLength: 12, maxLength: 12 }),
    rssi: fc.integer({ min: -127, max: 127 }),
    source: fc.constantFrom('bluezone-advert' as const, 'bluezone-gatt' as const),
    scannerModel: fc.constantFrom('Pixel 4', 'SC-03K'),
  }),
);

describe('Bluezone data_trace.txt (bluezone.json contact_log_export)', () => {
  const examples = bluezone.contact_log_export.examples;
  const text = examples.map((e) => e.line).join('');

  it('parses every captured line to its expected fields and formats it back byte for byte', () => {
    const rows = parseDataTrace(text);
    expect(
      rows.map((r) => ({
        own_blid: bytesToHex(r.ownBlid).toUpperCase(),
        contact_blid: bytesToHex(r.contactBlid).toUpperCase(),
        rssi: r.rssi,
        timestamp_ms: r.timestampMs,
      })),
    ).toEqual(examples.map((e) => ({ ...e.expected, own_blid_slot: undefined, ...{} })).map(({ own_blid_slot: _s, ...rest }) => rest));
    expect(formatDataTrace(rows)).toBe(text);
  });

  it('converts to sightings and back with the own BLID', () => {
    const rows = parseDataTrace(text);
    const sightings = sightingsFromDataTrace(rows);
    expect(sightings[0]).toMatchObject({ time: 1596866191387, rssi: -71, source: 'bluezone-advert' });
    const own = new Map(rows.map((r) => [r.timestampMs, r.ownBlid]));
    expect(formatDataTrace(dataTraceFromSightings(sightings, (t) => own.get(t)!))).toBe(text);
  });

  it('rejects malformed lines with the line number', () => {
    expect(() => parseDataTrace('B9A665D754FE65E665D76A45\t7C3D\t-71\t1\n')).toThrow(/line 1/);
    expect(() => parseDataTrace(`${examples[0]!.line}x\ty\n`)).toThrow(expect.objectContaining({ code: 'sightings/bad-data-trace' }));
  });

  it('fuzz: the reader only throws EncountersError, and format/parse round-trips (10,000 cases)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (t) => {
        try {
          parseDataTrace(t);
        } catch (error) {
          if (!(error instanceof EncountersError)) throw error;
        }
      }),
      { numRuns: 5000 },
    );
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            ownBlid: fc.uint8Array({ minLength: 12, maxLength: 12 }),
            contactBlid: fc.uint8Array({ minLength: 12, maxLength: 12 }),
            rssi: fc.integer({ min: -127, max: 127 }),
            timestampMs: fc.integer({ min: 0, max: 2 ** 45 }),
          }),
          { maxLength: 5 },
        ),
        (rows) => {
          expect(parseDataTrace(formatDataTrace(rows))).toEqual(rows);
        },
      ),
      { numRuns: 5000 },
    );
  });
});

describe('sightings JSONL', () => {
  it('reads the CLI formats', () => {
    const text =
      '{"t":1585785600000,"rpi":"8be6cd371c5c891604bfbe49df845096","aem":"72033874","rssi":-60,"model":"Pixel 4"}\n\n' +
      '{"t":1596866191387,"blid":"7C3DEC4246EA6F90E38EA254","rssi":-71}\n';
    const [g, b] = parseSightingsJsonl(text);
    expect(g).toEqual({
      time: 1585785600000,
      id: hexToBytes('8be6cd371c5c891604bfbe49df845096'),
      aem: hexToBytes('72033874'),
      rssi: -60,
      scannerModel: 'Pixel 4',
      source: 'gaen-advert',
    });
    expect(b).toEqual({ time: 1596866191387, id: hexToBytes('7C3DEC4246EA6F90E38EA254'), rssi: -71, source: 'bluezone-advert' });
    expect(formatSightingsJsonl([g!, b!])).toBe(text.replace('\n\n', '\n'));
  });

  it('names the bad line', () => {
    expect(() => parseSightingsJsonl('{"t":1,"rpi":"00","aem":"00000000","rssi":-1}')).toThrow(/line 1: "rpi"/);
    expect(() => parseSightingsJsonl('\n{"t":1,"blid":"7C3DEC4246EA6F90E38EA254","rssi":-300}')).toThrow(/line 2: "rssi"/);
    expect(() => parseSightingsJsonl('[1]')).toThrow(expect.objectContaining({ code: 'sightings/bad-line' }));
  });

  it('fuzz: the reader only throws EncountersError and round-trips any sightings (10,000 cases)', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 80 }),
          fc.json().map((j) => j),
        ),
        (t) => {
          try {
            parseSightingsJsonl(t);
          } catch (error) {
            if (!(error instanceof EncountersError)) throw error;
          }
        },
      ),
      { numRuns: 5000 },
    );
    fc.assert(
      fc.property(fc.array(sightingArb, { maxLength: 5 }), (list) => {
        expect(parseSightingsJsonl(formatSightingsJsonl(list))).toEqual(list);
      }),
      { numRuns: 5000 },
    );
  });
});

describe('SightingLog', () => {
  it('stores, returns and iterates sightings compactly', () => {
    fc.assert(
      fc.property(fc.array(sightingArb, { maxLength: 40 }), (list) => {
        const log = new SightingLog(2);
        for (const s of list) log.add(s);
        expect([...log]).toEqual(list);
      }),
      { numRuns: 300 },
    );
  });

  it('prunes sightings older than 14 days (and only those)', () => {
    const now = Date.UTC(2020, 7, 20);
    const log = SightingLog.from(
      [0, 13, 14, 15, 30].map((d) => ({
        time: now - d * 86_400_000,
        id: new Uint8Array(12).fill(d),
        rssi: -70,
        source: 'bluezone-advert' as const,
      })),
    );
    expect(log.prune(now)).toBe(2);
    expect([...log].map((s) => s.id[0])).toEqual([0, 13, 14]);
    expect(log.prune(now, 0)).toBe(2);
    expect(log.size).toBe(1);
  });

  it('sorts by time and groups scans (gap <= 25.5 s)', () => {
    const times = [100_000, 0, 10_000, 30_000, 56_000, 300_000];
    const log = SightingLog.from(
      times.map((t, i) => ({ time: t, id: new Uint8Array(12).fill(i), rssi: -70, source: 'bluezone-advert' as const })),
    );
    expect(() => log.scanGroups()).toThrow(RangeError);
    log.sortByTime();
    expect([...log].map((s) => s.time)).toEqual([0, 10_000, 30_000, 56_000, 100_000, 300_000]);
    expect(log.scanGroups().map((g) => [g.start, g.end])).toEqual([
      [0, 3],
      [3, 4],
      [4, 5],
      [5, 6],
    ]);
  });

  it('holds 200,000 sightings in well under 50 MB', () => {
    const log = new SightingLog();
    const id = new Uint8Array(16);
    const aem = new Uint8Array(4);
    for (let i = 0; i < 200_000; i++) {
      id[0] = i & 0xff;
      log.add({ time: 1_600_000_000_000 + i * 6000, id, aem, rssi: -60, source: 'gaen-advert', scannerModel: 'Pixel 4' });
    }
    expect(log.size).toBe(200_000);
    expect(log.byteLength).toBeLessThan(15 * 1024 * 1024);
  });
});
